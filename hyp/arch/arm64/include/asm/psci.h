/* SPDX-License-Identifier: MIT */
/* PSCI calls to firmware (Arm DEN0022, PSCI 1.1). */
#ifndef ASM_PSCI_H
#define ASM_PSCI_H

#include <hyp/bootinfo.h>
#include <hyp/types.h>

#define PSCI_0_2_FN_VERSION 0x84000000U
#define PSCI_0_2_FN_CPU_OFF 0x84000002U
#define PSCI_0_2_FN64_CPU_ON 0xc4000003U
#define PSCI_0_2_FN_SYSTEM_OFF 0x84000008U
#define PSCI_0_2_FN_SYSTEM_RESET 0x84000009U

#define PSCI_SUCCESS 0
#define PSCI_NOT_SUPPORTED -1
#define PSCI_INVALID_PARAMETERS -2
#define PSCI_DENIED -3
#define PSCI_ALREADY_ON -4
#define PSCI_ON_PENDING -5
#define PSCI_INTERNAL_FAILURE -6

void psci_init(enum psci_conduit conduit, u32 cpu_on_id, bool v02);
s64 psci_cpu_on(u64 mpidr, paddr_t entry, u64 context);
void psci_system_off(void);
void psci_system_reset(void);
u32 psci_version(void);

#endif
