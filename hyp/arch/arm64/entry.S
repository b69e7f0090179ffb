/* SPDX-License-Identifier: MIT */
/*
 * EL2 exception vectors (Arm ARM D1.10.2: VBAR_EL2 + 0x000 current EL
 * with SP_EL0, +0x200 current EL with SP_ELx, +0x400 lower EL AArch64,
 * +0x600 lower EL AArch32; each group: sync, IRQ, FIQ, SError).
 * Only the register save/restore is assembly; handling is in C.
 */
#include <asm/asm_macros.h>
#include <asm-offsets.h>

/* Save x0-x30, the interrupted SP, ELR, SPSR, ESR and FAR. */
.macro save_frame
	sub	sp, sp, #REGS_SIZE
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	add	x0, sp, #REGS_SIZE
	stp	x30, x0, [sp, #REGS_X30]
	mrs	x0, elr_el2
	mrs	x1, spsr_el2
	stp	x0, x1, [sp, #REGS_PC]
	mrs	x0, esr_el2
	mrs	x1, far_el2
	stp	x0, x1, [sp, #REGS_ESR]
	/* A frame record so backtraces walk through the exception. */
	ldr	x0, [sp, #REGS_PC]
	stp	x29, x0, [sp, #-16]!
	mov	x29, sp
	add	x0, sp, #16
.endm

.macro restore_frame
	add	sp, sp, #16
	ldp	x0, x1, [sp, #REGS_PC]
	msr	elr_el2, x0
	msr	spsr_el2, x1
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	ldr	x30, [sp, #REGS_X30]
	add	sp, sp, #REGS_SIZE
.endm

/*
 * A vector slot only holds 32 instructions, so each branches to an
 * out-of-line stub that saves the frame, calls handler(regs, kind) and
 * returns through the restored frame.
 */
.macro vector_stub name, handler, kind
\name:
	save_frame
	mov	x1, #\kind
	bl	\handler
	restore_frame
	eret
.endm

.macro vector_slot name
	.balign	0x80
	b	\name
.endm

	.text
	.balign	0x800
ENTRY(hyp_vectors)
	vector_slot	vec_bad0	/* current EL, SP_EL0: sync */
	vector_slot	vec_bad1	/* IRQ */
	vector_slot	vec_bad2	/* FIQ */
	vector_slot	vec_bad3	/* SError */
	vector_slot	vec_hyp_sync	/* current EL, SP_EL2: sync */
	vector_slot	vec_hyp_irq	/* IRQ */
	vector_slot	vec_bad6	/* FIQ */
	vector_slot	vec_bad7	/* SError */
	vector_slot	vec_guest_sync	/* lower EL AArch64: sync */
	vector_slot	vec_guest_irq	/* IRQ */
	vector_slot	vec_bad10	/* FIQ */
	vector_slot	vec_guest_serror /* SError */
	vector_slot	vec_bad12	/* lower EL AArch32: sync */
	vector_slot	vec_bad13	/* IRQ */
	vector_slot	vec_bad14	/* FIQ */
	vector_slot	vec_bad15	/* SError */
END(hyp_vectors)

	vector_stub	vec_hyp_sync, do_hyp_sync, 4
	vector_stub	vec_hyp_irq, do_hyp_irq, 5
	vector_stub	vec_bad0, do_bad_exception, 0
	vector_stub	vec_bad1, do_bad_exception, 1
	vector_stub	vec_bad2, do_bad_exception, 2
	vector_stub	vec_bad3, do_bad_exception, 3
	vector_stub	vec_bad6, do_bad_exception, 6
	vector_stub	vec_bad7, do_bad_exception, 7
	vector_stub	vec_bad10, do_bad_exception, 10
	vector_stub	vec_bad12, do_bad_exception, 12
	vector_stub	vec_bad13, do_bad_exception, 13
	vector_stub	vec_bad14, do_bad_exception, 14
	vector_stub	vec_bad15, do_bad_exception, 15

/*
 * Exceptions from a guest. The stack is empty while a guest runs, so the
 * frame lands at the top of this pCPU's stack; the scheduler may replace
 * its contents with another vCPU's registers before we return.
 */
.macro guest_stub name, handler
\name:
	save_frame
	bl	\handler
	b	return_to_guest
.endm

	guest_stub	vec_guest_sync, do_guest_sync
	guest_stub	vec_guest_irq, do_guest_irq
	guest_stub	vec_guest_serror, do_guest_serror

/* Interrupts off, last checks (scheduling, vGIC flush), then eret. */
return_to_guest:
	msr	daifset, #2
	add	x0, sp, #16
	bl	leave_hypervisor_to_guest
	restore_frame
	eret

/*
 * Start running guests on this pCPU: x0 = top of the stack, whose frame
 * the caller filled with the first vCPU's registers. Does not return.
 */
ENTRY(enter_guest)
	sub	sp, x0, #(REGS_SIZE + 16)
	mov	x29, xzr
	b	return_to_guest
END(enter_guest)

/*
 * Run x1() on this pCPU's stack emptied down to the guest frame (x0 = stack
 * top): boot code enters the scheduler this way, so its own stack frames
 * never overlap the guest frame. Does not return.
 */
ENTRY(call_on_fresh_stack)
	sub	sp, x0, #(REGS_SIZE + 16)
	mov	x29, xzr
	mov	x30, xzr
	blr	x1
	b	.
END(call_on_fresh_stack)
