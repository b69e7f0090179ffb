/* SPDX-License-Identifier: MIT */
/*
 * XSA-93 regression test (Xen: "Hardware features unintentionally
 * exposed to guests on ARM", 2014: debug, PMU and implementation-defined
 * registers were reachable by guests and not context switched, so state
 * leaked and could be corrupted across guests).
 *
 * Bad input: two vCPUs of the domain write different values into the
 * breakpoint/watchpoint value and control registers (DBGBVR0/DBGBCR0/
 * DBGWVR0/DBGWCR0_EL1, enables clear), the PMU selection and user-enable
 * registers (PMSELR_EL0, PMUSERENR_EL0) and the cycle-counter filter
 * (PMCCFILTR_EL0), then yield to each other many times; with one pCPU they
 * share the hardware registers. Accesses that trap (UNDEF) are fine.
 *
 * What must happen: no vCPU ever reads a value the other one wrote. Xen
 * traps these registers (RAZ/WI or UNDEF); a hypervisor that lets guests
 * at them must switch them. armvisor failed this until it trapped them
 * through MDCR_EL2 and made them RAZ/WI (hyp/arch/arm64/vtraps.c).
 */
#include <test.h>

const char test_title[] = "XSA-93: debug and PMU registers do not leak";

#define NREGS 7
static const char *const names[NREGS] = {
	"DBGBVR0_EL1", "DBGBCR0_EL1",	"DBGWVR0_EL1",	 "DBGWCR0_EL1",
	"PMSELR_EL0",  "PMUSERENR_EL0", "PMCCFILTR_EL0",
};

#define R_DBGBVR0 S2_0_C0_C0_4
#define R_DBGBCR0 S2_0_C0_C0_5
#define R_DBGWVR0 S2_0_C0_C0_6
#define R_DBGWCR0 S2_0_C0_C0_7
#define R_PMSELR S3_3_C9_C12_5
#define R_PMUSERENR S3_3_C9_C14_0
#define R_PMCCFILTR S3_3_C14_C15_7

static volatile u64 leaked[MAX_CPUS][NREGS];
static volatile u64 kept[MAX_CPUS][NREGS];
static volatile bool trapped[MAX_CPUS][NREGS];

#define ACCESSOR(n, reg)                                                      \
	static bool rd_##n(u64 *v)                                            \
	{                                                                     \
		u64 x = 0;                                                    \
		fault_clear();                                                \
		__asm__ __volatile__("1: mrs %0, " STR(reg) "\n2:\n" EXTABLE( \
					     "1b", "1b", "2b")                \
				     : "+r"(x)                                \
				     :                                        \
				     : "memory");                             \
		*v = x;                                                       \
		return !fault_last()->taken;                                  \
	}                                                                     \
	static bool wr_##n(u64 v)                                             \
	{                                                                     \
		fault_clear();                                                \
		__asm__ __volatile__(                                         \
			"1: msr " STR(reg) ", %0\n isb\n2:\n" EXTABLE(        \
				"1b", "1b", "2b")                             \
			:                                                     \
			: "r"(v)                                              \
			: "memory");                                          \
		return !fault_last()->taken;                                  \
	}

ACCESSOR(0, R_DBGBVR0)
ACCESSOR(1, R_DBGBCR0)
ACCESSOR(2, R_DBGWVR0)
ACCESSOR(3, R_DBGWCR0)
ACCESSOR(4, R_PMSELR)
ACCESSOR(5, R_PMUSERENR)
ACCESSOR(6, R_PMCCFILTR)

static bool (*const rd[NREGS])(u64 *) = {rd_0, rd_1, rd_2, rd_3,
					 rd_4, rd_5, rd_6};
static bool (*const wr[NREGS])(u64) = {wr_0, wr_1, wr_2, wr_3,
				       wr_4, wr_5, wr_6};

static u64 value(unsigned int cpu, unsigned int i)
{
	static const u64 v[2][NREGS] = {
		/* BVR: an address; BCR/WCR: E (bit 0) clear, other fields */
		{0x0000000040001000UL, 0x1e6, 0x0000000040002000UL, 0x1ff0, 0x3,
		 0x1, 0x80000000},
		{0x0000000040003000UL, 0x1e0 | 0x2 << 1, 0x0000000040004000UL,
		 0x0ff0, 0x5, 0x4, 0x40000000},
	};

	return v[cpu & 1][i];
}

static void run(void *arg)
{
	unsigned int cpu = smp_processor_id(), other = cpu ^ 1, i, round;
	u64 v;

	for (i = 0; i < NREGS; i++) {
		if (!wr[i](value(cpu, i)) || !rd[i](&v)) {
			trapped[cpu][i] = true;
			continue;
		}
		kept[cpu][i] = v;
	}
	for (round = 0; round < 200; round++) {
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
		for (i = 0; i < NREGS; i++) {
			if (trapped[cpu][i] || !rd[i](&v))
				continue;
			/* The other vCPU's value, and it is not ours. */
			if (v == value(other, i) && v != value(cpu, i) &&
			    v != 0 && !leaked[cpu][i])
				leaked[cpu][i] = v;
		}
	}
	(void)arg;
}

void test_main(void)
{
	unsigned int cpu, i;

	if (cpu_start(1)) {
		test_error("cannot start vCPU 1");
		return;
	}
	on_cpu_async(1, run, NULL);
	run(NULL);
	if (!cpu_wait_idle(1, 20000000)) {
		test_error("vCPU 1 did not finish");
		return;
	}
	for (cpu = 0; cpu < 2; cpu++)
		for (i = 0; i < NREGS; i++) {
			if (trapped[cpu][i]) {
				printk("vCPU %u: %s traps (UNDEF)\n", cpu,
				       names[i]);
				continue;
			}
			check(!leaked[cpu][i],
			      "vCPU %u: %s never shows the other vCPU's value "
			      "(kept 0x%lx%s)",
			      cpu, names[i], kept[cpu][i],
			      leaked[cpu][i] ? ", saw the other's" : "");
		}
	cpu_stop(1);
	test_success(NULL);
}
