/* SPDX-License-Identifier: MIT */
/* Trapped cp15 accesses from a guest's AArch32 EL0 (vcp15.c). */
#ifndef ASM_VCP15_H
#define ASM_VCP15_H

#include <hyp/types.h>
#include <asm/regs.h>

/* EC 0x03: MCR/MRC p15. */
void trap_cp15_32(struct cpu_regs *r, u64 esr);
/* EC 0x04: MCRR/MRRC p15. */
void trap_cp15_64(struct cpu_regs *r, u64 esr);

#endif /* ASM_VCP15_H */
