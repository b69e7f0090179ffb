/* SPDX-License-Identifier: MIT */
/*
 * Single memory accesses that are allowed to fault (see traps.h). Each
 * access instruction has an exception-table entry sending a fault to a
 * "return false" path; traps.c records the fault.
 */
	.macro ex_entry from, to, fixup
	.pushsection .ex_table, "a"
	.balign 8
	.quad	\from, \to, \fixup
	.popsection
	.endm


	.text
probe_failed:
	mov	w0, #0
	ret

/* bool __probe_read8(u64 va, u8 *val) */
	.global __probe_read8
__probe_read8:
0:	ldrb	w2, [x0]
	strb	w2, [x1]
	mov	w0, #1
	ret
	ex_entry 0b, 0b, probe_failed

/* bool __probe_read32(u64 va, u32 *val) */
	.global __probe_read32
__probe_read32:
0:	ldr	w2, [x0]
	str	w2, [x1]
	mov	w0, #1
	ret
	ex_entry 0b, 0b, probe_failed

/* bool __probe_read64(u64 va, u64 *val) */
	.global __probe_read64
__probe_read64:
0:	ldr	x2, [x0]
	str	x2, [x1]
	mov	w0, #1
	ret
	ex_entry 0b, 0b, probe_failed

/* bool __probe_write32(u64 va, u32 val) */
	.global __probe_write32
__probe_write32:
0:	str	w1, [x0]
	mov	w0, #1
	ret
	ex_entry 0b, 0b, probe_failed

/* bool __probe_write64(u64 va, u64 val) */
	.global __probe_write64
__probe_write64:
0:	str	x1, [x0]
	mov	w0, #1
	ret
	ex_entry 0b, 0b, probe_failed
