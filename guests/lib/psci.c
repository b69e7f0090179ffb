/* SPDX-License-Identifier: MIT */
/* SMCCC/PSCI calls through HVC #0. */
#include <lib.h>
#include <psci.h>

void smccc_hvc(u32 fn, u64 a1, u64 a2, u64 a3, u64 res[4])
{
	register u64 x0 __asm__("x0") = fn;
	register u64 x1 __asm__("x1") = a1;
	register u64 x2 __asm__("x2") = a2;
	register u64 x3 __asm__("x3") = a3;

	/* SMCCC 1.1 preserves x4-x17, but SMCCC 1.0 did not: be safe. */
	__asm__ __volatile__("hvc #0"
			     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			     :
			     : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
			       "x12", "x13", "x14", "x15", "x16", "x17",
			       "memory");
	res[0] = x0;
	res[1] = x1;
	res[2] = x2;
	res[3] = x3;
}

long psci_call(u32 fn, u64 a1, u64 a2, u64 a3)
{
	u64 res[4];

	smccc_hvc(fn, a1, a2, a3, res);
	/* 32-bit functions return a signed 32-bit value in w0. */
	if (!(fn & 0x40000000U))
		return (s32)res[0];
	return (long)res[0];
}

const char *psci_errname(long rc)
{
	switch (rc) {
	case PSCI_SUCCESS:
		return "SUCCESS";
	case PSCI_NOT_SUPPORTED:
		return "NOT_SUPPORTED";
	case PSCI_INVALID_PARAMETERS:
		return "INVALID_PARAMETERS";
	case PSCI_DENIED:
		return "DENIED";
	case PSCI_ALREADY_ON:
		return "ALREADY_ON";
	case PSCI_ON_PENDING:
		return "ON_PENDING";
	case PSCI_INTERNAL_FAILURE:
		return "INTERNAL_FAILURE";
	case PSCI_NOT_PRESENT:
		return "NOT_PRESENT";
	case PSCI_DISABLED:
		return "DISABLED";
	case PSCI_INVALID_ADDRESS:
		return "INVALID_ADDRESS";
	}
	return "?";
}
