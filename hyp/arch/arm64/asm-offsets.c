/* SPDX-License-Identifier: MIT */
/*
 * Struct offsets for assembly. Compiled to assembly only; the build turns
 * each "->NAME value" marker into a #define (scripts/gen-asm-offsets), so
 * entry.S cannot drift from the C layout.
 */
#include <hyp/compiler.h>
#include <asm/domain.h>
#include <asm/regs.h>

#define DEFINE(sym, val) \
	__asm__ __volatile__("\n.ascii \"->" #sym " %0\"" : : "i"(val))
#define OFFSET(sym, str, mem) DEFINE(sym, offsetof(struct str, mem))

void asm_offsets(void);
void asm_offsets(void)
{
	OFFSET(REGS_X0, cpu_regs, x[0]);
	OFFSET(REGS_X30, cpu_regs, x[30]);
	OFFSET(REGS_SP, cpu_regs, sp);
	OFFSET(REGS_PC, cpu_regs, pc);
	OFFSET(REGS_PSTATE, cpu_regs, pstate);
	OFFSET(REGS_ESR, cpu_regs, esr);
	OFFSET(REGS_FAR, cpu_regs, far);
	DEFINE(REGS_SIZE, ALIGN_UP(sizeof(struct cpu_regs), 16));
	OFFSET(FP_Q0, fpsimd_state, q);
	OFFSET(FP_FPSR, fpsimd_state, fpsr);
	OFFSET(FP_FPCR, fpsimd_state, fpcr);
}
