/* SPDX-License-Identifier: MIT */
/*
 * Identity-mapped stage-1 tables (4 KiB granule, 39-bit VA, walks start at
 * level 1), built by the boot CPU before the MMU is on, so this file only
 * makes aligned 64-bit stores.
 *
 *   0x00000000-0x3fffffff  2 MiB blocks, Device-nGnRnE, execute-never,
 *                          except the grant-table and magic-page windows
 *                          (0x38000000-0x39ffffff): Normal WB
 *   0x40000000-0xffffffff  1 GiB blocks, Normal WB (RAM bank 0)
 *   0x200000000-+8 GiB     1 GiB blocks, Normal WB (start of RAM bank 1)
 *
 * Normal memory is Inner-Shareable Write-Back, as Xen's ABI requires for
 * hypercall buffers and shared pages. Nothing is mapped for EL0.
 */
#include <arch.h>
#include <lib.h>
#include <mmu.h>
#include <xen/abi.h>

#define DESC_TABLE 3UL
#define DESC_BLOCK 1UL
#define ATTR_IDX(i) ((u64)(i) << 2)
#define ATTR_SH_INNER (3UL << 8)
#define ATTR_AF (1UL << 10)
#define ATTR_PXN (1UL << 53)
#define ATTR_UXN (1UL << 54)

#define BLOCK_NORMAL \
	(DESC_BLOCK | ATTR_IDX(MT_NORMAL) | ATTR_SH_INNER | ATTR_AF)
#define BLOCK_DEVICE                                                    \
	(DESC_BLOCK | ATTR_IDX(MT_DEVICE_nGnRnE) | ATTR_AF | ATTR_PXN | \
	 ATTR_UXN)

u64 pgtable_l1[512] __aligned(4096) __section(".bss.pgtables");
static u64 pgtable_l2_low[512] __aligned(4096) __section(".bss.pgtables");

void mmu_build_tables(void);
void mmu_build_tables(void)
{
	u64 i, pa;

	for (i = 0; i < 512; i++) {
		pa = i << 21;
		if (pa >= GUEST_GNTTAB_BASE && pa < GUEST_MAGIC_BASE + MiB(16))
			pgtable_l2_low[i] = pa | BLOCK_NORMAL;
		else
			pgtable_l2_low[i] = pa | BLOCK_DEVICE;
	}
	pgtable_l1[0] = (u64)(uintptr_t)pgtable_l2_low | DESC_TABLE;
	for (i = 1; i < 4; i++)
		pgtable_l1[i] = (i << 30) | BLOCK_NORMAL;
	for (i = 8; i < 16; i++)
		pgtable_l1[i] = (i << 30) | BLOCK_NORMAL;
}

bool mmu_is_mapped(u64 va)
{
	return va < (1UL << 39) && pgtable_l1[va >> 30] != 0;
}
