/* SPDX-License-Identifier: MIT */
/*
 * EL2 virtual memory layout (48-bit VA, 4 KiB granule, TTBR0_EL2 only).
 *
 *   0x0000000000000000 +1 TiB   identity map: only the boot/MMU-switch page
 *   0x00000a0000000000 +8 MiB   hypervisor image (text RX, rodata R, data RW)
 *   0x00000a0001000000 +4 MiB   boot device tree (read-only)
 *   0x00000a0001800000 +2 MiB   fixmap (early UART)
 *   0x00000a0040000000 +63 GiB  vmap: ioremap, stacks
 *   0x0000800000000000 +128 TiB directmap of all RAM (RW, never executable)
 */
#ifndef ASM_LAYOUT_H
#define ASM_LAYOUT_H

#include <asm/const.h>

#define HYP_VIRT_START _UL(0x00000a0000000000)
#define HYP_IMAGE_MAX _UL(0x00800000) /* 8 MiB */
#define BOOT_FDT_VIRT _UL(0x00000a0001000000)
#define BOOT_FDT_MAX _UL(0x00200000) /* 2 MiB, like Xen */
#define FIXMAP_VIRT _UL(0x00000a0001800000)
#define FIXMAP_UART 0
#define VMAP_VIRT_START _UL(0x00000a0040000000)
#define VMAP_VIRT_END _UL(0x00000a1000000000)
#define DIRECTMAP_VIRT _UL(0x0000800000000000)
#define DIRECTMAP_SIZE _UL(0x0000800000000000)
/* Highest physical address the identity map can cover (L0 slots 0-1). */
#define IDMAP_PA_LIMIT _UL(0x0000010000000000)

/* The early UART, used before the device tree is parsed (QEMU virt PL011). */
#ifndef EARLY_UART_PA
#define EARLY_UART_PA _UL(0x09000000)
#endif

#define STACK_ORDER 2 /* 16 KiB per CPU */
#define STACK_SIZE (_UL(4096) << STACK_ORDER)

/* Page-table descriptor bits, Arm ARM D8.3 (VMSAv8-64 descriptors). */
#define PTE_VALID (_UL(1) << 0)
#define PTE_TABLE (_UL(1) << 1) /* table at L0-L2, page at L3 */
#define PTE_ATTR(i) ((i) << 2)
#define PTE_AP_RES1 (_UL(1) << 6) /* AP[1] is RES1 in the EL2 regime */
#define PTE_RO (_UL(1) << 7)	  /* AP[2] */
#define PTE_SH_INNER (_UL(3) << 8)
#define PTE_AF (_UL(1) << 10)
#define PTE_XN (_UL(1) << 54) /* XN in single-range regimes */

/* TCR_EL2 (Arm ARM D13.2.131, non-VHE layout). */
#define TCR_T0SZ_48 _UL(16)
#define TCR_IRGN0_WBWA (_UL(1) << 8)
#define TCR_ORGN0_WBWA (_UL(1) << 10)
#define TCR_SH0_INNER (_UL(3) << 12)
#define TCR_PS_SHIFT 16
#define TCR_EL2_RES1 ((_UL(1) << 31) | (_UL(1) << 23))
#define TCR_EL2_BASE                                                    \
	(TCR_EL2_RES1 | TCR_T0SZ_48 | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | \
	 TCR_SH0_INNER)

#endif
