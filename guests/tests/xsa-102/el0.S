/* SPDX-License-Identifier: MIT */
/*
 * EL0 side of xsa-102: el0_run() drops to EL0 (AArch64 or AArch32, as the
 * SPSR says); the test's EL0 handler comes back through el0_return.
 * The EL0 code is on a page of its own, mapped for EL0 at another VA.
 * Every sequence is one instruction under test followed by an SVC whose
 * number names the sequence, so a PC advanced by the wrong amount shows.
 */
#include <arch.h>

	.text
/* void el0_run(u64 entry, u64 spsr, u64 x0, u64 x1) */
	.global el0_run
el0_run:
	stp	x29, x30, [sp, #-96]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	msr	elr_el1, x0
	msr	spsr_el1, x1
	mov	x0, x2
	mov	x1, x3
	/* SP_EL1 stays here: the exception from EL0 stacks below it. */
	eret

/* Reached by ERET from the EL1 exception handler, SP as at the ERET. */
	.global el0_return
el0_return:
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #96
	ret

	.section .text.el0, "ax"
	.balign 4096
	.global el0_page
el0_page:

/* AArch64 EL0 */
	.global el0_a64_load
el0_a64_load:				/* x0: address */
	ldr	x1, [x0]
	svc	#0x10
	.global el0_a64_cntp_ctl
el0_a64_cntp_ctl:
	mrs	x0, cntp_ctl_el0
	svc	#1
	.global el0_a64_cntp_cval_w
el0_a64_cntp_cval_w:			/* x0: value */
	msr	cntp_cval_el0, x0
	svc	#2
	.global el0_a64_cntp_cval_r
el0_a64_cntp_cval_r:
	mrs	x0, cntp_cval_el0
	svc	#3
	.global el0_a64_pmuserenr
el0_a64_pmuserenr:
	mrs	x0, pmuserenr_el0
	svc	#4
	.global el0_a64_pmccntr
el0_a64_pmccntr:
	mrs	x0, pmccntr_el0
	svc	#5
	.global el0_a64_wfi
el0_a64_wfi:
	wfi
	svc	#6
	svc	#0x7f
	.global el0_a64_mdccsr
el0_a64_mdccsr:
	mrs	x0, mdccsr_el0
	svc	#8
	.global el0_a64_mmio
el0_a64_mmio:				/* x0: address */
	ldr	w1, [x0]
	svc	#7
	svc	#0x7f

/* AArch32 EL0, A32 (encodings: Arm ARM F5) */
	.balign 8
	.global el0_a32_load
el0_a32_load:				/* r0: address */
	.long	0xe5901000		/* ldr r1, [r0] */
	.long	0xef000010		/* svc #0x10 */
	.global el0_a32_cntp_ctl
el0_a32_cntp_ctl:
	.long	0xee1e0f32		/* mrc p15, 0, r0, c14, c2, 1 */
	.long	0xef000001		/* svc #1 */
	.global el0_a32_cntp_cval_w
el0_a32_cntp_cval_w:			/* r0, r1: value */
	.long	0xec410f2e		/* mcrr p15, 2, r0, r1, c14 */
	.long	0xef000002		/* svc #2 */
	.global el0_a32_cntp_cval_r
el0_a32_cntp_cval_r:
	.long	0xec510f2e		/* mrrc p15, 2, r0, r1, c14 */
	.long	0xef000003		/* svc #3 */
	.global el0_a32_pmuserenr
el0_a32_pmuserenr:
	.long	0xee190f1e		/* mrc p15, 0, r0, c9, c14, 0 */
	.long	0xef000004		/* svc #4 */
	.global el0_a32_pmccntr
el0_a32_pmccntr:
	.long	0xee190f1d		/* mrc p15, 0, r0, c9, c13, 0 */
	.long	0xef000005		/* svc #5 */
	.global el0_a32_wfi
el0_a32_wfi:
	.long	0xe320f003		/* wfi */
	.long	0xef000006		/* svc #6 */
	.long	0xef00007f		/* svc #0x7f */
	.global el0_a32_mmio
el0_a32_mmio:				/* r0: address */
	.long	0xe5901000		/* ldr r1, [r0] */
	.long	0xef000007		/* svc #7 */
	.long	0xef00007f		/* svc #0x7f */
	.global el0_a32_dbgdscr
el0_a32_dbgdscr:
	.long	0xee100e11		/* mrc p14, 0, r0, c0, c1, 0 */
	.long	0xef000008		/* svc #8 */

/* AArch32 EL0, T32 */
	.global el0_t32_cntp_ctl
el0_t32_cntp_ctl:
	.hword	0xee1e, 0x0f32		/* mrc p15, 0, r0, c14, c2, 1 */
	.hword	0xdf01			/* svc #1 */
	.hword	0xbf00			/* nop */
	.global el0_t32_load
el0_t32_load:				/* r0: address */
	.hword	0x6801			/* ldr r1, [r0] (16-bit) */
	.hword	0xdf10			/* svc #0x10 */
	.global el0_t32_wfi
el0_t32_wfi:
	.hword	0xbf30			/* wfi (16-bit) */
	.hword	0xdf06			/* svc #6 */
	.hword	0xdf7f			/* svc #0x7f */
	.global el0_t32_mmio
el0_t32_mmio:				/* r0: address */
	.hword	0x6801			/* ldr r1, [r0] (16-bit) */
	.hword	0xdf07			/* svc #7 */
	.hword	0xdf7f			/* svc #0x7f */

	.balign 4096
