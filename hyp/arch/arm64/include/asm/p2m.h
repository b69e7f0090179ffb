/* SPDX-License-Identifier: MIT */
/* arm64 stage-2 setup hooks. */
#ifndef ASM_P2M_H
#define ASM_P2M_H

#include <hyp/types.h>

/* Boot CPU: choose the IPA size and VTCR_EL2 from the CPU's PA range. */
void p2m_arch_init(void);
/* Each CPU: program VTCR_EL2. */
void p2m_arch_cpu_init(void);
u64 p2m_vtcr(void);

#endif
