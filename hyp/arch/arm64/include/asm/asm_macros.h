/* SPDX-License-Identifier: MIT */
/* Assembler helpers. */
#ifndef ASM_ASM_MACROS_H
#define ASM_ASM_MACROS_H

#ifdef __ASSEMBLY__
/* clang-format off */
/* PC-relative address of a symbol: valid with the MMU on or off. */
.macro adr_l, dst, sym
	adrp \dst, \sym
	add \dst, \dst, :lo12:\sym
.endm

/* Load a 64-bit constant. */
.macro mov_q, dst, val
	movz \dst, #((\val) >> 48) & 0xffff, lsl #48
	movk \dst, #((\val) >> 32) & 0xffff, lsl #32
	movk \dst, #((\val) >> 16) & 0xffff, lsl #16
	movk \dst, #(\val) & 0xffff
.endm

#define ENTRY(name)                                                            \
	.globl name;                                                           \
	.type name, %function;                                                 \
	name:
#define END(name) .size name, . - name
/* clang-format on */
#endif

#endif
