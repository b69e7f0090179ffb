/* SPDX-License-Identifier: MIT */
/* PSCI client: calls to the firmware through the DT's conduit. */
#include <hyp/lib.h>
#include <asm/psci.h>

static enum psci_conduit conduit;
static u32 fn_cpu_on = PSCI_0_2_FN64_CPU_ON;
static bool has_v02;

/* SMC Calling Convention (Arm DEN0028): function id in w0, args x1-x3. */
static s64 psci_call(u64 fn, u64 a1, u64 a2, u64 a3)
{
	register u64 x0 __asm__("x0") = fn;
	register u64 x1 __asm__("x1") = a1;
	register u64 x2 __asm__("x2") = a2;
	register u64 x3 __asm__("x3") = a3;

	if (conduit == PSCI_CONDUIT_SMC)
		__asm__ __volatile__("smc #0"
				     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				     :
				     : "x4", "x5", "x6", "x7", "x8", "x9",
				       "x10", "x11", "x12", "x13", "x14", "x15",
				       "x16", "x17", "memory");
	else if (conduit == PSCI_CONDUIT_HVC)
		__asm__ __volatile__("hvc #0"
				     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				     :
				     : "x4", "x5", "x6", "x7", "x8", "x9",
				       "x10", "x11", "x12", "x13", "x14", "x15",
				       "x16", "x17", "memory");
	else
		return PSCI_NOT_SUPPORTED;
	return (s64)x0;
}

void psci_init(enum psci_conduit c, u32 cpu_on_id, bool v02)
{
	conduit = c;
	has_v02 = v02;
	if (!v02 && cpu_on_id)
		fn_cpu_on = cpu_on_id;
}

u32 psci_version(void)
{
	if (!has_v02)
		return 0;
	return (u32)psci_call(PSCI_0_2_FN_VERSION, 0, 0, 0);
}

s64 psci_cpu_on(u64 mpidr, paddr_t entry, u64 context)
{
	return psci_call(fn_cpu_on, mpidr, pa_val(entry), context);
}

void psci_system_off(void)
{
	if (has_v02)
		psci_call(PSCI_0_2_FN_SYSTEM_OFF, 0, 0, 0);
}

void psci_system_reset(void)
{
	if (has_v02)
		psci_call(PSCI_0_2_FN_SYSTEM_RESET, 0, 0, 0);
}
