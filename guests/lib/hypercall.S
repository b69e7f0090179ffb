/* SPDX-License-Identifier: MIT */
/*
 * Hypercall trampolines. C calls hypercallN(nr, a1..aN): nr arrives in x0
 * and the arguments in x1..x5, so shift them into x16 and x0..x4. Xen may
 * clobber x16 and the argument registers, all caller-saved anyway.
 */
#include <xen/abi.h>

	.text
	.macro hypercall_fn name
	.global \name
	.type \name, %function
	.balign 8
\name:
	mov	x16, x0
	mov	x0, x1
	mov	x1, x2
	mov	x2, x3
	mov	x3, x4
	mov	x4, x5
	hvc	#XEN_HYPERCALL_TAG
	ret
	.size \name, . - \name
	.endm

	hypercall_fn hypercall0
	hypercall_fn hypercall1
	hypercall_fn hypercall2
	hypercall_fn hypercall3
	hypercall_fn hypercall4
	hypercall_fn hypercall5

/* long hypercall5_regs(nr, a1, a2, a3, a4, a5, u64 out[5]) (out in x6) */
	.global hypercall5_regs
	.type hypercall5_regs, %function
	.balign 8
hypercall5_regs:
	mov	x16, x0
	mov	x0, x1
	mov	x1, x2
	mov	x2, x3
	mov	x3, x4
	mov	x4, x5
	hvc	#XEN_HYPERCALL_TAG
	stp	x1, x2, [x6]
	stp	x3, x4, [x6, #16]
	str	x16, [x6, #32]
	ret
	.size hypercall5_regs, . - hypercall5_regs
