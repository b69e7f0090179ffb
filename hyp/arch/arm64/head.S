/* SPDX-License-Identifier: MIT */
/*
 * Entry from the boot loader, MMU enable and secondary CPU entry.
 *
 * The boot loader enters at _start with the MMU off, at EL2, x0 = physical
 * address of the device tree (Linux arm64 boot protocol,
 * Documentation/arch/arm64/booting.rst). We build minimal page tables that
 * map the image at its link address (HYP_VIRT_START) and the page we run
 * from 1:1, turn the MMU on, and continue in C. The C code then builds the
 * real tables with W^X and switches to them with switch_ttbr().
 *
 * Everything in .idmap.text runs with the MMU off or from the identity map,
 * so it must be position independent and fit in one page.
 */
#include <asm/asm_macros.h>
#include <asm/layout.h>
#include <asm/sysregs.h>

/* Boot page-table entries (Arm ARM D8.3). */
#define BOOT_TABLE (PTE_VALID | PTE_TABLE)
#define BOOT_BLOCK_RWX                                                         \
	(PTE_VALID | PTE_ATTR(MT_NORMAL) | PTE_AP_RES1 | PTE_SH_INNER | PTE_AF)
#define BOOT_BLOCK_RO (BOOT_BLOCK_RWX | PTE_RO | PTE_XN)
#define BOOT_PAGE_DEV                                                          \
	(PTE_VALID | PTE_TABLE | PTE_ATTR(MT_DEVICE_nGnRE) | PTE_AP_RES1 |     \
	 PTE_AF | PTE_XN)

	.section .idmap.text, "ax"

/* The arm64 Image header: loaders place us at any 2 MiB aligned address. */
ENTRY(_start)
	b	real_start			/* code0 */
	.long	0				/* code1 */
	.quad	0				/* text_offset */
	.quad	_image_size			/* image_size, including bss */
	.quad	0xa				/* LE, 4K pages, anywhere in RAM */
	.quad	0, 0, 0				/* reserved */
	.ascii	"ARM\x64"			/* magic */
	.long	0				/* no PE header */

real_start:
	mov	x19, x0				/* x19 = device tree PA */
	adr	x20, _start			/* x20 = load PA */

	mrs	x0, CurrentEL
	cmp	x0, #CURRENTEL_EL2
	b.eq	1f
	adr	x0, msg_not_el2
	bl	early_puts
	b	halt
1:
	msr	daifset, #0xf
	msr	spsel, #1
	mov_q	x0, SCTLR_EL2_RES1		/* MMU and caches off, LE */
	msr	sctlr_el2, x0
	isb

	tst	x20, #0x1fffff
	b.eq	1f
	adr	x0, msg_misaligned
	bl	early_puts
	b	halt
1:
	mov_q	x0, IDMAP_PA_LIMIT
	cmp	x20, x0
	b.lo	1f
	adr	x0, msg_too_high
	bl	early_puts
	b	halt
1:
	/* Zero bss, then discard any stale cache lines over it. */
	adr_l	x0, __bss_start
	adr_l	x1, __bss_end
2:	cmp	x0, x1
	b.hs	3f
	stp	xzr, xzr, [x0], #16
	b	2b
3:	adr_l	x0, __bss_start
	adr_l	x1, __bss_end
	bl	dcache_inval_range

	bl	create_boot_tables
	adr_l	x0, boot_pgt_l0
	bl	enable_mmu

	ldr	x0, =primary_switched
	br	x0

/*
 * Build the boot tables: image at HYP_VIRT_START (2 MiB blocks, RWX until
 * C code applies W^X), this 2 MiB block 1:1, the device tree read-only at
 * BOOT_FDT_VIRT and the early UART in the fixmap.
 * In: x19 = DT PA, x20 = load PA. Clobbers x0-x9.
 */
create_boot_tables:
	adr_l	x0, boot_pgt_l0
	/* identity: L0[pa >> 39] -> l1_id -> l2_id -> block */
	adr_l	x1, boot_pgt_l1_id
	lsr	x2, x20, #39
	orr	x3, x1, #BOOT_TABLE
	str	x3, [x0, x2, lsl #3]
	adr_l	x4, boot_pgt_l2_id
	ubfx	x2, x20, #30, #9
	orr	x3, x4, #BOOT_TABLE
	str	x3, [x1, x2, lsl #3]
	ubfx	x2, x20, #21, #9
	mov_q	x5, BOOT_BLOCK_RWX
	orr	x3, x20, x5
	str	x3, [x4, x2, lsl #3]

	/* hypervisor VA: L0 -> l1_hyp -> l2_hyp */
	adr_l	x1, boot_pgt_l1_hyp
	mov_q	x6, HYP_VIRT_START
	ubfx	x2, x6, #39, #9
	orr	x3, x1, #BOOT_TABLE
	str	x3, [x0, x2, lsl #3]
	adr_l	x4, boot_pgt_l2_hyp
	ubfx	x2, x6, #30, #9
	orr	x3, x4, #BOOT_TABLE
	str	x3, [x1, x2, lsl #3]

	/* image blocks: l2_hyp[0 .. n) */
	adr_l	x7, _start
	adr_l	x8, _end
	sub	x8, x8, x7			/* image size */
	add	x8, x8, #0x200000
	sub	x8, x8, #1
	lsr	x8, x8, #21			/* number of 2 MiB blocks */
	mov	x2, #0
	orr	x3, x20, x5
4:	str	x3, [x4, x2, lsl #3]
	add	x3, x3, #0x200000
	add	x2, x2, #1
	cmp	x2, x8
	b.lo	4b

	/* device tree: two read-only blocks so any DT up to 2 MiB fits */
	cbz	x19, 5f
	mov_q	x5, BOOT_BLOCK_RO
	and	x3, x19, #~0x1fffff
	orr	x3, x3, x5
	mov	x2, #((BOOT_FDT_VIRT - HYP_VIRT_START) >> 21)
	str	x3, [x4, x2, lsl #3]
	add	x3, x3, #0x200000
	add	x2, x2, #1
	str	x3, [x4, x2, lsl #3]
5:
	/* fixmap: l2_hyp[n] -> l3_fixmap; slot 0 = early UART */
	adr_l	x1, boot_pgt_l3_fixmap
	orr	x3, x1, #BOOT_TABLE
	mov	x2, #((FIXMAP_VIRT - HYP_VIRT_START) >> 21)
	str	x3, [x4, x2, lsl #3]
	mov_q	x3, EARLY_UART_PA
	mov_q	x5, BOOT_PAGE_DEV
	orr	x3, x3, x5
	str	x3, [x1, #(FIXMAP_UART * 8)]
	dsb	sy
	ret

/*
 * Turn the MMU on with x0 = PA of an L0 table. Called with the MMU off,
 * from code that is identity mapped in that table. Clobbers x0-x2.
 */
enable_mmu:
	mov_q	x1, MAIR_EL2_VALUE
	msr	mair_el2, x1
	/* PS = the CPU's PA range, capped at 48 bits (no 52-bit tables). */
	mrs	x2, id_aa64mmfr0_el1
	and	x2, x2, #0xf
	cmp	x2, #5
	mov	x1, #5
	csel	x2, x2, x1, lo
	mov_q	x1, TCR_EL2_BASE
	orr	x1, x1, x2, lsl #TCR_PS_SHIFT
	msr	tcr_el2, x1
	msr	ttbr0_el2, x0
	isb
	tlbi	alle2
	dsb	ish
	isb
	mrs	x1, sctlr_el2
	mov_q	x2, SCTLR_EL2_ON
	orr	x1, x1, x2
	msr	sctlr_el2, x1
	isb
	ret

/*
 * Secondary CPUs enter here from PSCI CPU_ON with the MMU off and
 * x0 = logical CPU number (the context id we passed).
 */
ENTRY(secondary_entry)
	msr	daifset, #0xf
	msr	spsel, #1
	mov	x19, x0
	mov_q	x0, SCTLR_EL2_RES1
	msr	sctlr_el2, x0
	isb
	adr_l	x0, secondary_ttbr
	ldr	x0, [x0]
	bl	enable_mmu
	mov_q	x0, SCTLR_WXN			/* final tables are W^X */
	mrs	x1, sctlr_el2
	orr	x1, x1, x0
	msr	sctlr_el2, x1
	isb
	ldr	x0, =secondary_switched
	br	x0
END(secondary_entry)

/*
 * Replace TTBR0_EL2 (x0 = PA of the new L0 table). Runs from the identity
 * map with the MMU briefly off, so no TLB can hold old and new entries for
 * the same address at once (Arm ARM D8.16.1, break-before-make). Both old
 * and new tables must map this page 1:1 and the caller's code and stack
 * at the same VAs.
 */
ENTRY(switch_ttbr_id)
	dsb	ish
	mrs	x2, sctlr_el2
	bic	x3, x2, #SCTLR_M
	msr	sctlr_el2, x3
	isb
	msr	ttbr0_el2, x0
	isb
	tlbi	alle2
	dsb	ish
	isb
	orr	x2, x2, x1			/* x1: extra SCTLR bits (WXN) */
	msr	sctlr_el2, x2
	isb
	ret
END(switch_ttbr_id)

/* Invalidate data cache lines over [x0, x1) to the point of coherency. */
dcache_inval_range:
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4			/* DminLine: log2(words) */
	mov	x2, #4
	lsl	x2, x2, x3			/* line size in bytes */
	sub	x3, x2, #1
	bic	x0, x0, x3
1:	dc	ivac, x0
	add	x0, x0, x2
	cmp	x0, x1
	b.lo	1b
	dsb	sy
	ret

/* Print the NUL-terminated string at x0 on the early UART (MMU off). */
early_puts:
	mov_q	x1, EARLY_UART_PA
1:	ldrb	w2, [x0], #1
	cbz	w2, 3f
2:	ldr	w3, [x1, #0x18]			/* UARTFR */
	tbnz	w3, #5, 2b			/* TXFF: FIFO full */
	strb	w2, [x1]			/* UARTDR */
	b	1b
3:	ret

halt:
	wfe
	b	halt

msg_not_el2:
	.asciz	"armvisor must be entered at EL2: this CPU has no virtualisation extensions enabled (on QEMU use -M virt,virtualization=on). Stopping.\r\n"
msg_misaligned:
	.asciz	"armvisor must be loaded at a 2 MiB aligned address. Stopping.\r\n"
msg_too_high:
	.asciz	"armvisor must be loaded below 1 TiB of physical address space. Stopping.\r\n"
	.balign	8
	.ltorg

	.text
/* Now running at the link address. */
primary_switched:
	ldr	x0, =boot_stack_top
	mov	sp, x0
	ldr	x0, =hyp_vectors
	msr	vbar_el2, x0
	isb
	mov	x29, xzr
	mov	x30, xzr
	mov	x0, x19
	mov	x1, x20
	bl	start_hyp
	b	.

secondary_switched:
	ldr	x0, =secondary_stack
	ldr	x0, [x0]
	mov	sp, x0
	ldr	x0, =hyp_vectors
	msr	vbar_el2, x0
	isb
	mov	x29, xzr
	mov	x30, xzr
	mov	x0, x19
	bl	start_secondary
	b	.
	.ltorg

	.data
	.balign	8
/* Set by the boot CPU before each CPU_ON: PA of the tables and stack top. */
	.globl	secondary_ttbr, secondary_stack
secondary_ttbr:	.quad	0
secondary_stack:	.quad	0

	.section .bss.pgtables, "aw", %nobits
	.balign	4096
boot_pgt_l0:		.space	4096
boot_pgt_l1_id:		.space	4096
boot_pgt_l2_id:		.space	4096
boot_pgt_l1_hyp:	.space	4096
boot_pgt_l2_hyp:	.space	4096
boot_pgt_l3_fixmap:	.space	4096

	.section .bss.stack, "aw", %nobits
	.balign	16
	.globl	boot_stack_top
boot_stack:	.space	STACK_SIZE
boot_stack_top:
