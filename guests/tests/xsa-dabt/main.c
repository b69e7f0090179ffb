/* SPDX-License-Identifier: MIT */
/*
 * Stage-2 data aborts with no (or a misleading) syndrome: the path of
 * XSA-201-class "guest-triggerable abort kills the host" bugs; Xen 4.17
 * xen/arch/arm/traps.c do_trap_stage2_abort_guest, ioreq/decode.c.
 *
 * Bad input, on the emulated GIC distributor (its page has no stage-2
 * mapping; accesses are emulated from the syndrome):
 *  - loads/stores the syndrome does not describe (ESR.ISV = 0): LDP/STP,
 *    pre/post-indexed LDR/STR, exclusives, DC ZVA, DC IVAC/CIVAC;
 *  - stage-1 translation table walks that hit, at stage 2, the emulated
 *    GICD, a hole with nothing mapped, and the end of RAM (ESR.S1PTW).
 *
 * What must happen: the hypervisor never crashes or emulates a walk; an
 * access it cannot decode is either emulated correctly or answered with a
 * data abort to the guest (with ELR at the instruction and, for a
 * writeback form, the base register unchanged); every S1PTW fault becomes
 * an abort at the accessed VA. Xen 4.17 emulates post-indexed accesses;
 * armvisor aborts them: both are fine.
 */
#include <gic_regs.h>
#include <test.h>

const char test_title[] = "Undecodable data aborts and stage-1 walks into MMIO";

extern u64 pgtable_l1[512];

#define WALK_VA 0x140000000UL /* L1 slot 5: unused by the runtime */

struct outcome {
	bool fault;
	u64 esr, far, elr;
};

static void record(struct outcome *o, u64 insn_addr)
{
	const struct fault_record *f = fault_last();

	o->fault = f->taken;
	o->esr = f->esr;
	o->far = f->far;
	o->elr = f->elr;
	if (o->fault)
		check(o->elr == insn_addr,
		      "  the abort's ELR (0x%lx) is the instruction (0x%lx)",
		      o->elr, insn_addr);
}

#define RUN(name, asmstr, ...)                                          \
	do {                                                            \
		u64 at;                                                 \
		fault_clear();                                          \
		__asm__ __volatile__("adr %[at], 1f\n1:\t" asmstr "\n"  \
				     "2:\n\t" EXTABLE("1b", "1b", "2b") \
				     : [at] "=&r"(at), ##__VA_ARGS__);  \
		record(&o, at);                                         \
		printk("%s: %s\n", name,                                \
		       o.fault ? "data abort" : "completed");           \
	} while (0)

static void undecodable(void)
{
	u64 gicd = platform.gicd_base;
	u64 prio = gicd + GICD_IPRIORITYR + 32; /* SPI 32-39 priorities */
	struct outcome o;
	u64 a, b, base;
	u32 w;

	a = b = 0;
	RUN("LDP x", "ldp %[a], %[b], [%[p]]", [a] "=&r"(a), [b] "=&r"(b)
	    : [p] "r"(prio)
	    : "memory");
	RUN("LDP w", "ldp %w[a], %w[b], [%[p]]", [a] "=&r"(a), [b] "=&r"(b)
	    : [p] "r"(prio)
	    : "memory");
	RUN("STP x", "stp %[a], %[a], [%[p]]", [a] "+r"(a)
	    : [p] "r"(prio)
	    : "memory");
	base = prio;
	RUN("LDR post-index",
	    "ldr %w[w], [%[b]], #4", [w] "=&r"(w), [b] "+r"(base)
	    :
	    : "memory");
	check(o.fault ? base == prio : base == prio + 4,
	      "  the base register is %s (0x%lx)",
	      o.fault ? "unchanged" : "advanced by 4", base);
	base = prio;
	RUN("STR pre-index", "str %w[w], [%[b], #4]!", [b] "+r"(base)
	    : [w] "r"(0xa0a0a0a0)
	    : "memory");
	check(o.fault ? base == prio : base == prio + 4,
	      "  the base register is %s (0x%lx)",
	      o.fault ? "unchanged" : "advanced by 4", base);
	RUN("LDXR", "ldxr %w[w], [%[p]]", [w] "=&r"(w)
	    : [p] "r"(prio)
	    : "memory");
	__asm__ __volatile__("clrex");
	RUN("STXR", "stxr %w[s], %w[w], [%[p]]", [s] "=&r"(a)
	    : [w] "r"(0), [p] "r"(prio)
	    : "memory");
	RUN("LDAXR", "ldaxr %[a], [%[p]]", [a] "=&r"(a)
	    : [p] "r"(prio)
	    : "memory");
	__asm__ __volatile__("clrex");
	RUN("DC ZVA", "dc zva, %[p]", [d] "=&r"(a)
	    : [p] "r"(gicd + 0x400)
	    : "memory");
	RUN("DC CIVAC", "dc civac, %[p]", [d] "=&r"(a)
	    : [p] "r"(prio)
	    : "memory");
	RUN("DC IVAC", "dc ivac, %[p]", [d] "=&r"(a)
	    : [p] "r"(prio)
	    : "memory");
	RUN("PRFM", "prfm pldl1keep, [%[p]]", [d] "=&r"(a)
	    : [p] "r"(prio)
	    : "memory");
	check(!o.fault, "  a prefetch never faults");
}

/*
 * Map WALK_VA with an L2 table at `table_ipa`: a walk for WALK_VA reads
 * that IPA at stage 2.
 */
static void walk_through(const char *what, u64 table_ipa)
{
	u64 v;
	const struct fault_record *f;

	pgtable_l1[WALK_VA >> 30] = table_ipa | 3;
	__asm__ __volatile__("dsb ishst\n\ttlbi vmalle1\n\tdsb ish\n\tisb" ::
				     : "memory");
	if (probe_read64(WALK_VA + 0x1238, &v)) {
		test_failure("FAIL: a walk through %s (IPA 0x%lx) did not "
			     "fault (read 0x%lx)",
			     what, table_ipa, v);
	} else {
		f = fault_last();
		check(ESR_EC(f->esr) == EC_DABT_CUR &&
			      f->far == WALK_VA + 0x1238,
		      "a walk through %s (IPA 0x%lx): data abort at the VA "
		      "(ESR 0x%lx, FAR 0x%lx)",
		      what, table_ipa, f->esr, f->far);
	}
	pgtable_l1[WALK_VA >> 30] = 0;
	__asm__ __volatile__("dsb ishst\n\ttlbi vmalle1\n\tdsb ish\n\tisb" ::
				     : "memory");
}

void test_main(void)
{
	u64 ram_end = platform.ram_base + platform.ram_size;

	if (!platform.gic_version) {
		test_error("no GIC");
		return;
	}
	undecodable();
	walk_through("the emulated GICD", platform.gicd_base);
	walk_through("a hole (the virtio-mmio window)", GUEST_VIRTIO_MMIO_BASE);
	walk_through("the end of RAM", ram_end);
	walk_through("IPA 0", 0);
	check_eq(HYPERVISOR_xen_version(XENVER_version, NULL), 0x40011,
		 "the hypervisor still answers");
	gic_init();
	test_success(NULL);
}
