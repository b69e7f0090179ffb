/* SPDX-License-Identifier: MIT */
/*
 * Accesses the fuzzer makes that may fault: every load/store form the
 * hypervisor has to decode (or refuse) on an emulated MMIO page, SMCCC
 * calls with all eight argument registers, and the system registers
 * guests reach only through a trap. Each instruction that may fault has an
 * exception-table entry: the runtime records the fault (fault_last()) and
 * resumes at a fixup that returns 0.
 */
	.macro ex_entry from, to, fixup
	.pushsection .ex_table, "a"
	.balign 8
	.quad	\from, \to, \fixup
	.popsection
	.endm

	.text
	.global fz_access_start
fz_access_start:

fz_fixup:
	mov	x0, #0
	ret

/*
 * u64 fz_mmio(u64 addr, u64 val, unsigned int kind): one access of the
 * given kind (enum mmio_kind in fuzz.h, same order as the slots below).
 * Every slot is 16 bytes; the whole slot is covered by the fixup.
 */
	.global fz_mmio
	.type fz_mmio, %function
fz_mmio:
	cmp	x2, #22
	b.hs	fz_fixup
	adr	x3, mmio_slots
	add	x3, x3, x2, lsl #4
	br	x3
	.size fz_mmio, . - fz_mmio

	.macro slot_begin
	.balign 16
9:
	.endm

	.macro slot_end
	.balign 16
	ex_entry 9b, 9b + 12, fz_fixup
	.endm

	.balign 16
mmio_slots:
	/* MK_LDRB */
	slot_begin
	ldrb w0, [x0]
	ret
	slot_end
	/* MK_LDRH */
	slot_begin
	ldrh w0, [x0]
	ret
	slot_end
	/* MK_LDRW */
	slot_begin
	ldr w0, [x0]
	ret
	slot_end
	/* MK_LDRX */
	slot_begin
	ldr x0, [x0]
	ret
	slot_end
	/* MK_LDRSB */
	slot_begin
	ldrsb x0, [x0]
	ret
	slot_end
	/* MK_LDRSH */
	slot_begin
	ldrsh x0, [x0]
	ret
	slot_end
	/* MK_LDRSW */
	slot_begin
	ldrsw x0, [x0]
	ret
	slot_end
	/* MK_STRB */
	slot_begin
	strb w1, [x0]
	mov x0, #0
	ret
	slot_end
	/* MK_STRH */
	slot_begin
	strh w1, [x0]
	mov x0, #0
	ret
	slot_end
	/* MK_STRW */
	slot_begin
	str w1, [x0]
	mov x0, #0
	ret
	slot_end
	/* MK_STRX */
	slot_begin
	str x1, [x0]
	mov x0, #0
	ret
	slot_end
	/* MK_LDPW: pairs and writeback forms have ISV = 0 */
	slot_begin
	ldp w2, w3, [x0]
	orr x0, x2, x3, lsl #32
	ret
	slot_end
	/* MK_LDPX */
	slot_begin
	ldp x2, x3, [x0]
	eor x0, x2, x3
	ret
	slot_end
	/* MK_STPW */
	slot_begin
	stp w1, w1, [x0]
	mov x0, #0
	ret
	slot_end
	/* MK_STPX */
	slot_begin
	stp x1, x1, [x0]
	mov x0, #0
	ret
	slot_end
	/* MK_LDR_POST */
	slot_begin
	mov x2, x0
	ldr x0, [x2], #8
	ret
	slot_end
	/* MK_STR_PRE */
	slot_begin
	mov x2, x0
	str x1, [x2, #0]!
	mov x0, #0
	ret
	slot_end
	/* MK_LDXRW: exclusive and acquire/release forms */
	slot_begin
	ldxr w0, [x0]
	clrex
	ret
	slot_end
	/* MK_LDARW */
	slot_begin
	ldar w0, [x0]
	ret
	slot_end
	/* MK_STLRW */
	slot_begin
	stlr w1, [x0]
	mov x0, #0
	ret
	slot_end
	/* MK_DC_CIVAC: cache maintenance by VA (ISS.CM), never used on RAM */
	slot_begin
	dc civac, x0
	mov x0, #0
	ret
	slot_end
	/* MK_DC_IVAC */
	slot_begin
	dc ivac, x0
	mov x0, #0
	ret
	slot_end

/* void fz_smccc_hvc(u64 regs[8]) / fz_smccc_smc(u64 regs[8]) */
	.macro smccc_fn name, insn
	.global \name
	.type \name, %function
	.balign 8
\name:
	stp	x19, x30, [sp, #-16]!
	mov	x19, x0
1:	ldp	x0, x1, [x19]
	ldp	x2, x3, [x19, #16]
	ldp	x4, x5, [x19, #32]
	ldp	x6, x7, [x19, #48]
	\insn
	stp	x0, x1, [x19]
	stp	x2, x3, [x19, #16]
	stp	x4, x5, [x19, #32]
	stp	x6, x7, [x19, #48]
2:	ldp	x19, x30, [sp], #16
	ret
	ex_entry 1b, 2b, smccc_fixup
	.size \name, . - \name
	.endm

	smccc_fn fz_smccc_hvc, "hvc #0"
	smccc_fn fz_smccc_smc, "smc #0"

smccc_fixup:
	ldp	x19, x30, [sp], #16
	ret

/* Trapped system registers. */
	.global fz_write_sgi1r
fz_write_sgi1r:
1:	msr	S3_0_C12_C11_5, x0
	isb
	ret
	ex_entry 1b, 1b, fz_fixup

	.global fz_read_cntp
fz_read_cntp:
	cmp	x0, #1
	b.eq	2f
	b.hi	3f
1:	mrs	x0, cntp_ctl_el0
	ret
	ex_entry 1b, 1b, fz_fixup
2:	mrs	x0, cntp_cval_el0
	ret
	ex_entry 2b, 2b, fz_fixup
3:	mrs	x0, cntp_tval_el0
	ret
	ex_entry 3b, 3b, fz_fixup

	.global fz_write_cntp
fz_write_cntp:
	cmp	x0, #1
	b.eq	2f
	b.hi	3f
1:	msr	cntp_ctl_el0, x1
	isb
	ret
	ex_entry 1b, 1b, fz_fixup
2:	msr	cntp_cval_el0, x1
	isb
	ret
	ex_entry 2b, 2b, fz_fixup
3:	msr	cntp_tval_el0, x1
	isb
	ret
	ex_entry 3b, 3b, fz_fixup

	.global fz_read_actlr
fz_read_actlr:
1:	mrs	x0, actlr_el1
	ret
	ex_entry 1b, 1b, fz_fixup

	.global fz_write_actlr
fz_write_actlr:
1:	msr	actlr_el1, x0
	isb
	ret
	ex_entry 1b, 1b, fz_fixup

	.global fz_access_end
fz_access_end:
