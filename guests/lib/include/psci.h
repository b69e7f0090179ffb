/* SPDX-License-Identifier: MIT */
/* PSCI and SMCCC calls over HVC #0 (the conduit Xen and armvisor offer). */
#ifndef GUEST_PSCI_H
#define GUEST_PSCI_H

#include <lib.h>

#define PSCI_0_2_FN_VERSION 0x84000000U
#define PSCI_0_2_FN_CPU_SUSPEND 0x84000001U
#define PSCI_0_2_FN_CPU_OFF 0x84000002U
#define PSCI_0_2_FN_CPU_ON 0x84000003U
#define PSCI_0_2_FN_AFFINITY_INFO 0x84000004U
#define PSCI_0_2_FN_MIGRATE 0x84000005U
#define PSCI_0_2_FN_MIGRATE_INFO_TYPE 0x84000006U
#define PSCI_0_2_FN_MIGRATE_INFO_UP_CPU 0x84000007U
#define PSCI_0_2_FN_SYSTEM_OFF 0x84000008U
#define PSCI_0_2_FN_SYSTEM_RESET 0x84000009U
#define PSCI_1_0_FN_PSCI_FEATURES 0x8400000AU
#define PSCI_1_0_FN_CPU_FREEZE 0x8400000BU
#define PSCI_1_0_FN_CPU_DEFAULT_SUSPEND 0x8400000CU
#define PSCI_1_0_FN_NODE_HW_STATE 0x8400000DU
#define PSCI_1_0_FN_SYSTEM_SUSPEND 0x8400000EU
#define PSCI_1_0_FN_SET_SUSPEND_MODE 0x8400000FU
#define PSCI_1_0_FN_STAT_RESIDENCY 0x84000010U
#define PSCI_1_0_FN_STAT_COUNT 0x84000011U
#define PSCI_1_1_FN_SYSTEM_RESET2 0x84000012U
#define PSCI_1_1_FN_MEM_PROTECT 0x84000013U
#define PSCI_0_2_FN64_CPU_SUSPEND 0xC4000001U
#define PSCI_0_2_FN64_CPU_ON 0xC4000003U
#define PSCI_0_2_FN64_AFFINITY_INFO 0xC4000004U
#define PSCI_0_2_FN64_MIGRATE 0xC4000005U
#define PSCI_0_2_FN64_MIGRATE_INFO_UP_CPU 0xC4000007U

#define SMCCC_VERSION 0x80000000U
#define SMCCC_ARCH_FEATURES 0x80000001U
#define SMCCC_ARCH_WORKAROUND_1 0x80008000U
#define SMCCC_ARCH_WORKAROUND_2 0x80007FFFU
#define SMCCC_ARCH_WORKAROUND_3 0x80003FFFU
#define SMCCC_NOT_SUPPORTED (-1)

#define PSCI_SUCCESS 0
#define PSCI_NOT_SUPPORTED (-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_DENIED (-3)
#define PSCI_ALREADY_ON (-4)
#define PSCI_ON_PENDING (-5)
#define PSCI_INTERNAL_FAILURE (-6)
#define PSCI_NOT_PRESENT (-7)
#define PSCI_DISABLED (-8)
#define PSCI_INVALID_ADDRESS (-9)

#define PSCI_AFFINITY_ON 0
#define PSCI_AFFINITY_OFF 1
#define PSCI_AFFINITY_ON_PENDING 2

/* Raw SMCCC call over HVC #0: x0 = fn, x1-x3 args; results in res[0..3]. */
void smccc_hvc(u32 fn, u64 a1, u64 a2, u64 a3, u64 res[4]);
/* x0 of smccc_hvc, sign-extended from 32 bits as SMC32 results are. */
long psci_call(u32 fn, u64 a1, u64 a2, u64 a3);

static inline long psci_version(void)
{
	return psci_call(PSCI_0_2_FN_VERSION, 0, 0, 0);
}

static inline long psci_features(u32 fn)
{
	return psci_call(PSCI_1_0_FN_PSCI_FEATURES, fn, 0, 0);
}

static inline long psci_cpu_on(u64 mpidr, u64 entry, u64 context)
{
	return psci_call(PSCI_0_2_FN64_CPU_ON, mpidr, entry, context);
}

static inline long psci_affinity_info(u64 mpidr, unsigned int level)
{
	return psci_call(PSCI_0_2_FN64_AFFINITY_INFO, mpidr, level, 0);
}

/* CPU_OFF returns only on failure. */
static inline long psci_cpu_off(void)
{
	return psci_call(PSCI_0_2_FN_CPU_OFF, 0, 0, 0);
}

static inline long psci_system_off(void)
{
	return psci_call(PSCI_0_2_FN_SYSTEM_OFF, 0, 0, 0);
}

const char *psci_errname(long rc);

#endif /* GUEST_PSCI_H */
