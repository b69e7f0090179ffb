/* SPDX-License-Identifier: MIT */
/* The register frame saved by the exception vectors (entry.S). */
#ifndef ASM_REGS_H
#define ASM_REGS_H

#include <hyp/types.h>

struct cpu_regs {
	u64 x[31];  /* x0-x30; x29 is the frame pointer, x30 the link */
	u64 sp;	    /* SP at the time of the exception (current EL) */
	u64 pc;	    /* ELR_EL2 */
	u64 pstate; /* SPSR_EL2 */
	u64 esr;    /* ESR_EL2 */
	u64 far;    /* FAR_EL2 */
};

#endif
