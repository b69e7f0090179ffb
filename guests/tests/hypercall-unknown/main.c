/* SPDX-License-Identifier: MIT */
/*
 * What a guest gets for calls the hypervisor does not implement.
 *
 * Hypercalls (HVC #0xEA1): every number outside Xen 4.17's arm table,
 * including the deprecated compat ones (6, 16, 19), tmem (38) and numbers
 * whose low bits name a real hypercall but whose high bits are set, returns
 * -ENOSYS in x0 (xen/include/hypercall-defs.c, call_handlers_arm).
 *
 * Other immediates: Xen only accepts HVC #0xEA1 (hypercalls) and HVC #0
 * (SMCCC); any other HVC immediate, and SMC with a non-zero immediate, gets
 * an UNDEFINED-instruction exception injected at EL1 (ESR EC 0, IL 1,
 * ISS 0). For HVC, Xen's ELR_EL1 is the instruction after the HVC (the
 * trap's return address); for SMC it is the SMC itself (xen/arch/arm/traps.c
 * inject_undef64_exception, vsmc.c). The test accepts either address but
 * says which it saw.
 */
#include <test.h>

const char test_title[] = "Unknown hypercalls and HVC/SMC immediates";

/*
 * Run "hvc/smc #imm" with an exception-table entry covering it and the
 * next instruction; returns whether an exception was taken and the
 * instruction's address.
 */
#define DEFINE_TRAP_PROBE(name, insn)                                        \
	static bool name(u64 *at)                                            \
	{                                                                    \
		u64 addr;                                                    \
		fault_clear();                                               \
		__asm__ __volatile__(                                        \
			"adr %0, 1f\n\t"                                     \
			"mov x0, #0x84000000\n\t" /* PSCI_VERSION, if run */ \
			"mov x16, #0\n"                                      \
			"1:\t" insn "\n"                                     \
			"2:\tnop\n"                                          \
			"3:\n\t" EXTABLE("1b", "2b", "3b")                   \
			: "=&r"(addr)                                        \
			:                                                    \
			: "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7",    \
			  "x8", "x9", "x10", "x11", "x12", "x13", "x14",     \
			  "x15", "x16", "x17", "memory");                    \
		*at = addr;                                                  \
		return fault_last()->taken;                                  \
	}

DEFINE_TRAP_PROBE(hvc_1, "hvc #1")
DEFINE_TRAP_PROBE(hvc_ea0, "hvc #0xea0")
DEFINE_TRAP_PROBE(hvc_ea2, "hvc #0xea2")
DEFINE_TRAP_PROBE(hvc_1ea1, "hvc #0x1ea1")
DEFINE_TRAP_PROBE(hvc_8000, "hvc #0x8000")
DEFINE_TRAP_PROBE(hvc_feff, "hvc #0xfeff")
DEFINE_TRAP_PROBE(smc_1, "smc #1")
DEFINE_TRAP_PROBE(smc_ea1, "smc #0xea1")

static const struct {
	const char *name;
	bool (*probe)(u64 *at);
	bool is_smc;
} imm_probes[] = {
	{"HVC #0x1", hvc_1, false},	  {"HVC #0xea0", hvc_ea0, false},
	{"HVC #0xea2", hvc_ea2, false},	  {"HVC #0x1ea1", hvc_1ea1, false},
	{"HVC #0x8000", hvc_8000, false}, {"HVC #0xfeff", hvc_feff, false},
	{"SMC #0x1", smc_1, true},	  {"SMC #0xea1", smc_ea1, true},
};

static void test_unknown_numbers(void)
{
	static const u64 numbers[] = {
		0,
		1,
		2,
		3,
		4,
		5,
		6,
		8,
		9,
		10,
		11,
		14,
		15,
		16,
		19,
		22,
		23,
		25,
		26,
		28,
		30,
		31,
		37,
		38,
		40,
		43,
		48,
		55,
		63,
		64,
		65,
		127,
		128,
		4096,
		0xffffffffUL,
		(1UL << 32) | __HYPERVISOR_xen_version,
		(1UL << 63) | __HYPERVISOR_console_io,
		~0UL,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(numbers); i++) {
		long rc = hypercall5(numbers[i], 1, 2, 3, 4, 5);

		check_eq(rc, -XEN_ENOSYS, "hypercall %#lx", numbers[i]);
	}
}

static void test_immediates(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(imm_probes); i++) {
		u64 at;
		bool taken = imm_probes[i].probe(&at);
		const struct fault_record *f = fault_last();

		if (!check(taken, "%s raises an exception", imm_probes[i].name))
			continue;
		printk("%s: ESR 0x%08lx (%s), ELR %s\n", imm_probes[i].name,
		       f->esr, esr_class_name(f->esr),
		       f->elr == at	  ? "= the instruction"
		       : f->elr == at + 4 ? "= the next instruction"
					  : "elsewhere");
		check_eq(ESR_EC(f->esr), EC_UNKNOWN,
			 "%s: exception class is 'unknown' (UNDEFINED)",
			 imm_probes[i].name);
		check(f->esr & ESR_IL, "%s: IL is set (32-bit instruction)",
		      imm_probes[i].name);
		check(f->elr == at || f->elr == at + 4,
		      "%s: ELR (0x%lx) is the instruction (0x%lx) or the next",
		      imm_probes[i].name, f->elr, at);
	}
}

void test_main(void)
{
	long rc;

	test_unknown_numbers();
	test_immediates();

	/* The runtime still works after all that. */
	rc = HYPERVISOR_xen_version(XENVER_version, NULL);
	check_eq(rc, (4 << 16) | 17, "xen_version still answers");
	test_success(NULL);
}
