/* SPDX-License-Identifier: MIT */
/*
 * XSA-117 regression test (Xen: "arm: guest can crash host with a crafted
 * GICD_SGIR write", 2015: the reserved TargetListFilter 0b11 hit BUG()).
 *
 * Bad input, GICv2: GICD_SGIR with TargetListFilter 0b11, target lists
 * naming CPU interfaces the domain does not have, reserved bits set;
 * GICv3: ICC_SGI1R_EL1 naming affinities with no vCPU (Aff1,
 * target-list bits past the last vCPU, an empty list; and Aff2, Aff3, RS,
 * which Xen 4.17 ignores, so those SGIs reach the Aff1.Aff0 vCPUs there:
 * only reported), IRM (all but self) and every INTID.
 *
 * What must happen: the hypervisor survives (a write with the reserved
 * filter is ignored or answered with a data abort, as Xen 4.17 does);
 * no SGI reaches a vCPU it was not addressed to; a well-formed SGI to
 * ourselves and to vCPU 1 is still delivered exactly once afterwards.
 */
#include <gic_regs.h>
#include <test.h>

const char test_title[] = "XSA-117: SGIs to nobody and reserved filters";

static volatile u32 got[MAX_CPUS][16];

static void sgi_handler(u32 intid, void *arg)
{
	got[smp_processor_id()][intid & 15]++;
}

static void sgir(u32 v)
{
	fault_clear();
	__asm__ __volatile__(
		"dsb ishst\n1: str %w0, [%1]\n2:\n" EXTABLE("1b", "1b", "2b")
		:
		: "r"(v), "r"(platform.gicd_base + GICD_SGIR)
		: "memory");
}

static void sgi1r(u64 v)
{
	fault_clear();
	__asm__ __volatile__(
		"dsb ishst\n1: msr " STR(
			ICC_SGI1R_EL1) ", %0\n"
				       "isb\n2:\n" EXTABLE("1b", "1b", "2b")
		:
		: "r"(v)
		: "memory");
}

/* Let pending SGIs in, on this vCPU. */
static void drain(void)
{
	local_irq_enable();
	udelay(2000);
	local_irq_disable();
}

static void drain_cpu1(void *arg)
{
	drain();
}

static u32 total(unsigned int cpu)
{
	u32 n = 0;
	unsigned int i;

	for (i = 0; i < 16; i++)
		n += got[cpu][i];
	return n;
}

static void reset_counts(void)
{
	memset((void *)got, 0, sizeof(got));
}

static void enable_sgis(void *arg)
{
	unsigned int i;

	for (i = 0; i < 16; i++) {
		gic_set_priority(i, GIC_PRIO_DEFAULT);
		gic_enable_irq(i);
	}
}

static void v2_bad_writes(void)
{
	unsigned int aborts = 0, i;
	/* CPU interfaces 2-7 do not exist (2 vCPUs). */
	static const u32 bad[] = {
		3U << 24 | 0xff << 16 | 1,   /* reserved filter 0b11 */
		3U << 24 | 2,		     /* reserved filter, no targets */
		0U << 24 | 0xfc << 16 | 2,   /* list: only missing CPUs */
		0U << 24 | 0x80 << 16 | 3,   /* list: CPU 7 only */
		0U << 24 | 0x00 << 16 | 4,   /* empty list */
		0xffff0000U | 0xc << 16 | 5, /* reserved bits 31:26 set */
		0x0000fff0U,		     /* reserved bits 15:4 set */
	};

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		sgir(bad[i]);
		aborts += fault_last()->taken;
	}
	printk("GICD_SGIR: %u of %u bad writes answered with a data abort\n",
	       aborts, (unsigned int)ARRAY_SIZE(bad));
}

static void v3_writes(const u64 *list, unsigned int n, const char *what)
{
	unsigned int aborts = 0, i;

	for (i = 0; i < n; i++) {
		sgi1r(list[i]);
		aborts += fault_last()->taken;
	}
	printk("ICC_SGI1R_EL1, %s: %u of %u writes raised an exception\n", what,
	       aborts, n);
}

static void v3_bad_writes(void)
{
	static const u64 bad[] = {
		/* Aff1 = 1: vCPUs 16-31, which do not exist */
		1UL << 16 | 0xffff | 1UL << 24,
		/* target-list bits past vCPU 1 */
		0xfffcUL | 5UL << 24,
		/* empty target list */
		6UL << 24,
		/* Aff1 = 0xff and everything else set except IRM */
		0xfffffeffffffffffUL & ~(1UL << 40),
	};

	v3_writes(bad, ARRAY_SIZE(bad), "no such vCPU");
}

/*
 * Affinity fields Xen 4.17 does not look at (Aff2, Aff3, RS): it sends
 * these to the vCPUs of Aff1.Aff0 alone, so they may arrive: reported,
 * not checked.
 */
static void v3_unmodelled_writes(void)
{
	static const u64 odd[] = {
		1UL << 32 | 0x1 | 2UL << 24,	 /* Aff2 = 1 */
		0xffUL << 48 | 0x1 | 3UL << 24,	 /* Aff3 = 0xff */
		15UL << 44 | 0xffff | 4UL << 24, /* RS = 15: Aff0 240-255 */
	};

	v3_writes(odd, ARRAY_SIZE(odd), "Aff2/Aff3/RS set");
}

/* An SGI to `target` with the interface of this GIC version. */
static void send(unsigned int target, u32 intid)
{
	if (platform.gic_version == 3) {
		u64 m = cpu_mpidr(target);

		sgi1r((1UL << (m & 0xf)) | ((m >> 8) & 0xff) << 16 |
		      (u64)intid << 24);
	} else {
		sgir(1U << (16 + target) | intid);
	}
	check(!fault_last()->taken, "SGI %u to vCPU %u: no exception", intid,
	      target);
}

void test_main(void)
{
	unsigned int i;

	if (!platform.gic_version || nr_cpus() < 2) {
		test_error("needs a GIC and 2 vCPUs");
		return;
	}
	for (i = 0; i < 16; i++)
		irq_register(i, sgi_handler, NULL);
	if (cpu_start(1)) {
		test_error("cannot start vCPU 1");
		return;
	}
	enable_sgis(NULL);
	on_cpu(1, enable_sgis, NULL);

	/* Addressed to nobody that exists: nothing may arrive. */
	reset_counts();
	if (platform.gic_version == 3)
		v3_bad_writes();
	else
		v2_bad_writes();
	drain();
	on_cpu(1, drain_cpu1, NULL);
	/*
	 * GICv2 "reserved bits set" writes still name a valid filter and
	 * list (bits 31:26 and 15:4 are ignored): count only what must not
	 * come.
	 */
	if (platform.gic_version == 3) {
		check_eq(total(0), 0,
			 "vCPU 0 got no SGI from bad ICC_SGI1R writes");
		check_eq(total(1), 0,
			 "vCPU 1 got no SGI from bad ICC_SGI1R writes");
	} else {
		check_eq(got[0][1] + got[0][2] + got[0][3] + got[0][4], 0,
			 "vCPU 0 got none of SGIs 1-4 (filter 3, missing CPUs, "
			 "empty list)");
		check_eq(got[1][1] + got[1][2] + got[1][3] + got[1][4], 0,
			 "vCPU 1 got none of SGIs 1-4");
	}

	if (platform.gic_version == 3) {
		reset_counts();
		v3_unmodelled_writes();
		drain();
		on_cpu(1, drain_cpu1, NULL);
		printk("SGIs naming Aff2/Aff3/RS that arrived anyway: %u on "
		       "vCPU 0, %u on vCPU 1%s\n",
		       total(0), total(1),
		       total(0) + total(1) ? " (these fields are ignored)"
					   : "");
	}

	/* Broadcast to all but self (IRM / filter 1): only vCPU 1. */
	reset_counts();
	if (platform.gic_version == 3)
		sgi1r(1UL << 40 | 9UL << 24);
	else
		sgir(1U << 24 | 9);
	drain();
	on_cpu(1, drain_cpu1, NULL);
	check_eq(got[0][9], 0, "all-but-self SGI 9 did not reach the sender");
	check_eq(got[1][9], 1, "all-but-self SGI 9 reached vCPU 1 once");

	/* Well-formed SGIs still work, exactly once each. */
	reset_counts();
	send(0, 11);
	send(1, 12);
	drain();
	on_cpu(1, drain_cpu1, NULL);
	check_eq(got[0][11], 1, "SGI 11 to ourselves arrived once");
	check_eq(got[1][12], 1, "SGI 12 to vCPU 1 arrived once");
	check_eq(got[0][12] + got[1][11], 0, "and nowhere else");
	cpu_stop(1);
	test_success(NULL);
}
