/* SPDX-License-Identifier: MIT */
/* Traps from a guest's AArch32 EL0 (vtraps32.c). */
#ifndef ASM_VTRAPS32_H
#define ASM_VTRAPS32_H

#include <hyp/types.h>
#include <asm/regs.h>

/* EC 0x03: MCR/MRC p15. */
void trap_cp15_32(struct cpu_regs *r, u64 esr);
/* EC 0x04: MCRR/MRRC p15. */
void trap_cp15_64(struct cpu_regs *r, u64 esr);

/*
 * For any trapped instruction (AArch64 or AArch32): did it pass its
 * condition (always, for AArch64)? Step over it: ESR.IL gives 2 or 4
 * bytes, and a T32 instruction in an IT block advances the IT state.
 */
bool trap_cond_passed(const struct cpu_regs *r, u64 esr);
void trap_skip_insn(struct cpu_regs *r, u64 esr);

#endif /* ASM_VTRAPS32_H */
