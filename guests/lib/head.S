/* SPDX-License-Identifier: MIT */
/*
 * Entry points of a test guest.
 *
 * The image starts with an arm64 Linux Image header (text_offset 0), so Xen
 * and armvisor load it at the start of guest RAM (0x40000000, where it is
 * linked) and enter it at EL1 with the MMU off and x0 = DTB address.
 *
 * Boot CPU: zero .bss, build the identity page tables (MMU still off, so
 * only aligned accesses), drop any stale cache lines over the image, turn
 * the MMU and caches on, then runtime_main(dtb) in C.
 * Secondary CPUs come in at secondary_entry (PSCI CPU_ON, x0 = CPU index),
 * turn on the MMU with the boot CPU's tables and call secondary_main(cpu).
 */
#include <arch.h>
#include <xen/abi.h>

/* From public/sched.h, which is C only. */
#define HEAD_SCHEDOP_shutdown 2
#define HEAD_SHUTDOWN_crash 3

#define HEAD_FLAGS ((0 << 0) /* LE */ | (1 << 1) /* 4K pages */)

	.section .text.head, "ax"
	.global _start
_start:
	b	primary_entry			/* code0 */
	.long	0				/* code1 */
	.quad	0				/* text_offset */
	.quad	_end - _start			/* image_size, .bss included */
	.quad	HEAD_FLAGS
	.quad	0, 0, 0				/* res2-res4 */
	.ascii	"ARM\x64"			/* magic */
	.long	0				/* res5 (no PE header) */

primary_entry:
	mrs	x21, daif			/* entry state, for boot_state */
	msr	daifset, #0xf
	mov	x19, x0				/* DTB */
	mrs	x20, sctlr_el1
	mrs	x22, currentel

	/* Linked at a fixed address: refuse to run anywhere else. */
	adr	x1, _start
	ldr	x2, =_start
	cmp	x1, x2
	b.ne	bad_load_address

	ldr	x1, =vectors
	msr	vbar_el1, x1
	mov	x1, #CPACR_FPEN
	msr	cpacr_el1, x1
	msr	tpidr_el1, xzr			/* CPU index 0 */
	isb

	/* .bss is 16-byte aligned and sized (linker script). */
	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
1:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
	b	1b
2:
	ldr	x1, =guest_stacks + STACK_SIZE
	mov	sp, x1
	mov	x29, xzr

	bl	mmu_build_tables

	/*
	 * Everything written so far went to memory uncached; throw away any
	 * cache line over the image that predates it.
	 */
	ldr	x0, =_start
	ldr	x1, =_end
	bl	dcache_inval_range

	bl	mmu_enable
	mov	x0, xzr
	bl	save_boot_state
	mov	x0, x19
	bl	runtime_main
	b	.

/* PSCI CPU_ON entry point: x0 = context id = CPU index. */
	.global secondary_entry
secondary_entry:
	mrs	x21, daif
	msr	daifset, #0xf
	mov	x19, x0
	mrs	x20, sctlr_el1
	mrs	x22, currentel
	ldr	x1, =vectors
	msr	vbar_el1, x1
	mov	x1, #CPACR_FPEN
	msr	cpacr_el1, x1
	msr	tpidr_el1, x19
	isb
	cmp	x19, #MAX_CPUS
	b.hs	.				/* cannot happen: no stack */
	ldr	x1, =guest_stacks
	add	x2, x19, #1
	add	x1, x1, x2, lsl #STACK_SHIFT
	mov	sp, x1
	mov	x29, xzr
	bl	mmu_enable
	mov	x0, x19
	bl	save_boot_state
	mov	x0, x19
	bl	secondary_main
	b	.

/*
 * boot_state[x0] = {SCTLR_EL1, DAIF, CurrentEL at entry (x20-x22), x0 at
 * entry (x19)}; stored once the MMU is on, so it is plain cached memory.
 */
save_boot_state:
	ldr	x1, =boot_state
	add	x1, x1, x0, lsl #5
	stp	x20, x21, [x1]
	stp	x22, x19, [x1, #16]
	ret

/*
 * The image was not loaded where it is linked: say so through the
 * console_io hypercall (MMU off, so the string's address is its IPA) and
 * stop. Nothing else can work.
 */
bad_load_address:
	adr	x2, bad_load_msg
	mov	x1, #(bad_load_msg_end - bad_load_msg)
	mov	x0, #CONSOLEIO_write
	mov	x16, #__HYPERVISOR_console_io
	hvc	#XEN_HYPERCALL_TAG
	mov	x0, #HEAD_SCHEDOP_shutdown
	adr	x1, bad_load_reason
	mov	x16, #__HYPERVISOR_sched_op
	hvc	#XEN_HYPERCALL_TAG
3:	wfi
	b	3b

	.balign 4
bad_load_reason:
	.long	HEAD_SHUTDOWN_crash
bad_load_msg:
	.ascii	"guest image loaded at the wrong address (linked at 0x40000000)\n"
	.ascii	"Test result: ERROR\n"
bad_load_msg_end:
	.balign 4

/* mmu_enable: MAIR, TCR and TTBR0 from the tables, then M, C and I on. */
	.text
	.global mmu_enable
mmu_enable:
	ldr	x0, =MAIR_VALUE
	msr	mair_el1, x0
	ldr	x0, =TCR_VALUE
	mrs	x1, id_aa64mmfr0_el1
	and	x1, x1, #7			/* PARange */
	cmp	x1, #5
	mov	x2, #5
	csel	x1, x1, x2, ls			/* at most 48 bits with 4K */
	bfi	x0, x1, #32, #3			/* IPS */
	msr	tcr_el1, x0
	ldr	x0, =pgtable_l1
	msr	ttbr0_el1, x0
	isb
	tlbi	vmalle1
	ic	iallu
	dsb	nsh
	isb
	mrs	x0, sctlr_el1
	orr	x0, x0, #SCTLR_M
	orr	x0, x0, #SCTLR_C
	orr	x0, x0, #SCTLR_I
	bic	x0, x0, #SCTLR_A
	msr	sctlr_el1, x0
	isb
	ret

/* dcache_inval_range(start, end): DC IVAC over [start, end). */
	.global dcache_inval_range
dcache_inval_range:
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4			/* DminLine: log2(words) */
	mov	x2, #4
	lsl	x2, x2, x3			/* line size in bytes */
	sub	x3, x2, #1
	bic	x0, x0, x3
1:	cmp	x0, x1
	b.hs	2f
	dc	ivac, x0
	add	x0, x0, x2
	b	1b
2:	dsb	sy
	ret

/* dcache_clean_inval_range(start, end): DC CIVAC over [start, end). */
	.global dcache_clean_inval_range
dcache_clean_inval_range:
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4
	mov	x2, #4
	lsl	x2, x2, x3
	sub	x3, x2, #1
	bic	x0, x0, x3
1:	cmp	x0, x1
	b.hs	2f
	dc	civac, x0
	add	x0, x0, x2
	b	1b
2:	dsb	sy
	ret

	.section .bss.stacks, "aw", %nobits
	.balign 4096
	.global guest_stacks
guest_stacks:
	.space	STACK_SIZE * MAX_CPUS
