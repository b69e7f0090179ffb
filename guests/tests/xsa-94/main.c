/* SPDX-License-Identifier: MIT */
/*
 * XSA-94 regression test (Xen: "Hypervisor crash setting up GIC
 * distributor", Arm, 2014: a GICD_ICFGR write for interrupts beyond the
 * guest's ranks dereferenced a NULL rank).
 *
 * Bad input: every INTID-indexed distributor register (IGROUPR,
 * I[SC]ENABLER, I[SC]PENDR, I[SC]ACTIVER, IPRIORITYR, ITARGETSR, ICFGR,
 * IGRPMODR/NSACR and, on GICv3, IROUTER) written with all ones and read
 * back for the interrupts past GICD_TYPER.ITLinesNumber, up to INTID 1023;
 * the reserved gaps of the distributor; the redistributor frames of a
 * vCPU that does not exist (GICv3); and accesses of every size (8, 16, 32,
 * 64 bits) to each register block.
 *
 * What must happen: the hypervisor survives; accesses to INTIDs that do
 * not exist read as zero (RAZ/WI); any access is either completed or
 * answered with a data abort; the registers of real interrupts are not
 * changed by any of it (the priority of SPI 32 reads back what was
 * written before).
 */
#include <gic_regs.h>
#include <test.h>

const char test_title[] = "XSA-94: vGIC registers of missing interrupts";

static unsigned int aborts, completed;

static void access(u64 addr, unsigned int size, bool write, u64 val, u64 *out)
{
	u64 v = 0;

	fault_clear();
	switch (size | (write ? 0x100 : 0)) {
	case 1:
		__asm__ __volatile__(
			"1: ldrb %w0, [%1]\n2:\n" EXTABLE("1b", "1b", "2b")
			: "+r"(v)
			: "r"(addr)
			: "memory");
		break;
	case 2:
		__asm__ __volatile__(
			"1: ldrh %w0, [%1]\n2:\n" EXTABLE("1b", "1b", "2b")
			: "+r"(v)
			: "r"(addr)
			: "memory");
		break;
	case 4:
		__asm__ __volatile__(
			"1: ldr %w0, [%1]\n2:\n" EXTABLE("1b", "1b", "2b")
			: "+r"(v)
			: "r"(addr)
			: "memory");
		break;
	case 8:
		__asm__ __volatile__(
			"1: ldr %0, [%1]\n2:\n" EXTABLE("1b", "1b", "2b")
			: "+r"(v)
			: "r"(addr)
			: "memory");
		break;
	case 0x101:
		__asm__ __volatile__(
			"1: strb %w0, [%1]\n2:\n" EXTABLE("1b", "1b", "2b")
			:
			: "r"(val), "r"(addr)
			: "memory");
		break;
	case 0x102:
		__asm__ __volatile__(
			"1: strh %w0, [%1]\n2:\n" EXTABLE("1b", "1b", "2b")
			:
			: "r"(val), "r"(addr)
			: "memory");
		break;
	case 0x104:
		__asm__ __volatile__(
			"1: str %w0, [%1]\n2:\n" EXTABLE("1b", "1b", "2b")
			:
			: "r"(val), "r"(addr)
			: "memory");
		break;
	case 0x108:
		__asm__ __volatile__(
			"1: str %0, [%1]\n2:\n" EXTABLE("1b", "1b", "2b")
			:
			: "r"(val), "r"(addr)
			: "memory");
		break;
	}
	if (fault_last()->taken) {
		aborts++;
		v = 0;
	} else {
		completed++;
	}
	if (out)
		*out = v;
}

/*
 * One register block: for each word from `first` INTID on, write ones
 * and check it reads as zero (the INTIDs do not exist).
 */
static void block_missing(const char *name, u64 base, u64 off,
			  unsigned int bits_per_intid, unsigned int first,
			  bool v3_64bit)
{
	unsigned int intid, per_word = v3_64bit ? 1 : 32 / bits_per_intid;
	unsigned int bad = 0, words = 0;

	for (intid = first; intid < 1024; intid += per_word) {
		u64 addr = base + off +
			   (v3_64bit ? intid * 8UL : intid / per_word * 4UL);
		u64 v;

		access(addr, v3_64bit ? 8 : 4, true, ~0UL, NULL);
		access(addr, v3_64bit ? 8 : 4, false, 0, &v);
		words++;
		if (v)
			bad++;
	}
	check(bad == 0, "%s for INTIDs %u-1023: %u of %u registers are RAZ/WI",
	      name, first, words - bad, words);
}

void test_main(void)
{
	static const unsigned int sizes[] = {1, 2, 4, 8};
	bool v3 = platform.gic_version == 3;
	u64 gicd = platform.gicd_base;
	unsigned int lines, i, s;
	u64 v, prio32;
	u64 gicd_size = v3 ? 0x10000 : 0x1000;

	if (!platform.gic_version) {
		test_error("no GIC in the DT");
		return;
	}
	lines = 32 * ((readl(gicd + GICD_TYPER) & 0x1f) + 1);
	printk("GICv%u, %u interrupt lines (ITLinesNumber)\n",
	       platform.gic_version, lines);

	/* Known state of real interrupts, checked at the end. */
	gic_set_priority(32, 0x40);
	prio32 = readl(gicd + GICD_IPRIORITYR + 32) & 0xff;

	if (lines < 1024) {
		block_missing("IGROUPR", gicd, 0x080, 1, lines, false);
		block_missing("ISENABLER", gicd, 0x100, 1, lines, false);
		block_missing("ICENABLER", gicd, 0x180, 1, lines, false);
		block_missing("ISPENDR", gicd, 0x200, 1, lines, false);
		block_missing("ICPENDR", gicd, 0x280, 1, lines, false);
		block_missing("ISACTIVER", gicd, 0x300, 1, lines, false);
		block_missing("ICACTIVER", gicd, 0x380, 1, lines, false);
		block_missing("IPRIORITYR", gicd, 0x400, 8, lines, false);
		if (!v3)
			block_missing("ITARGETSR", gicd, 0x800, 8, lines,
				      false);
		block_missing("ICFGR", gicd, 0xc00, 2, lines, false);
		if (v3)
			block_missing("IROUTER", gicd, 0x6000, 64, lines, true);
	} else {
		printk("1024 lines: no missing INTIDs to test\n");
	}

	/* Every size at the start and end of every block, and the gaps. */
	for (i = 0; i < gicd_size; i += (i < 0x1000 ? 4 : 0x100)) {
		for (s = 0; s < ARRAY_SIZE(sizes); s++) {
			/* Real SPI enables/priorities are restored below. */
			access(gicd + i, sizes[s], false, 0, &v);
			if (i >= 0x80 || i == 0x0) /* never GICD_CTLR == 0 */
				continue;
			access(gicd + i, sizes[s], true, 0, NULL);
		}
	}
	/* Reserved and implementation-defined words, written too. */
	for (i = 0x10; i < 0x80; i += 4)
		access(gicd + i, 4, true, ~0UL, NULL);
	for (i = 0xd00; i < 0xf00; i += 4)
		access(gicd + i, 4, true, ~0UL, NULL);
	for (i = 0xf30; i < (v3 ? 0x6000U : 0xfd0U); i += 4)
		access(gicd + i, 4, true, ~0UL, NULL);
	if (v3) {
		for (i = 0x7fe0; i < 0xffd0; i += 4)
			access(gicd + i, 4, true, ~0UL, NULL);
	}
	/* ID registers are read-only. */
	for (i = (v3 ? 0xffd0 : 0xfd0); i < gicd_size; i += 4)
		access(gicd + i, 4, true, ~0UL, NULL);

	if (v3) {
		/*
		 * Redistributors: the frames of vCPUs 0 and 1, then where a
		 * third vCPU's would be (this domain has 2).
		 */
		u64 gicr = platform.gicr_base;
		u64 f;

		for (f = 0; f < 3; f++) {
			u64 rd = gicr + f * 0x20000;

			for (i = 0; i < 0x20000;
			     i += (i < 0x100 || (i >= 0x10000 && i < 0x10d00))
					  ? 4
					  : 0x400)
				for (s = 0; s < ARRAY_SIZE(sizes); s++)
					access(rd + i, sizes[s], false, 0, &v);
			if (f == 2) {
				for (i = 0x10080; i < 0x10d00; i += 4)
					access(rd + i, 4, true, ~0UL, NULL);
				access(rd + 0x14, 4, true, ~0UL, NULL);
			}
		}
	}

	printk("%u accesses completed, %u answered with a data abort\n",
	       completed, aborts);
	check_eq(readl(gicd + GICD_IPRIORITYR + 32) & 0xff, prio32,
		 "SPI 32's priority is unchanged");
	check(HYPERVISOR_xen_version(XENVER_version, NULL) == 0x40011,
	      "the hypervisor still answers");
	gic_init();
	test_success(NULL);
}
