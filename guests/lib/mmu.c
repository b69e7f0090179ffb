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
 * hypercall buffers and shared pages. Nothing is mapped for EL0 unless a
 * test asks for a page with mmu_map_page() (after the MMU is on).
 */
#include <arch.h>
#include <lib.h>
#include <mmu.h>
#include <xen/abi.h>

#define DESC_TABLE 3UL
#define DESC_BLOCK 1UL
#define ATTR_IDX(i) ((u64)(i) << 2)
#define ATTR_SH_INNER (3UL << 8)
#define ATTR_AP_EL0 (1UL << 6) /* AP[1] */
#define ATTR_AP_RO (1UL << 7)  /* AP[2] */
#define ATTR_AF (1UL << 10)
#define ATTR_PXN (1UL << 53)
#define ATTR_UXN (1UL << 54)

#define BLOCK_NORMAL \
	(DESC_BLOCK | ATTR_IDX(MT_NORMAL) | ATTR_SH_INNER | ATTR_AF)
#define BLOCK_DEVICE                                                    \
	(DESC_BLOCK | ATTR_IDX(MT_DEVICE_nGnRnE) | ATTR_AF | ATTR_PXN | \
	 ATTR_UXN)

#define DESC_PAGE 3UL
#define DESC_OA_MASK 0x0000fffffffff000UL

u64 pgtable_l1[512] __aligned(4096) __section(".bss.pgtables");
/* Tables for blocks split by mmu_map_page(). */
static u64 split_pool[4][512] __aligned(4096) __section(".bss.pgtables");
static unsigned int split_used;
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

/* Write a live entry with break-before-make (Arm ARM D8.16.1). */
static void set_entry(u64 *e, u64 val)
{
	*e = 0;
	dsb(ishst);
	__asm__ __volatile__("tlbi vmalle1is" ::: "memory");
	dsb(ish);
	*e = val;
	dsb(ishst);
	isb();
}

/*
 * The next-level table under *e, made from the block there if needed
 * (entries of sub bytes with the block's attributes, of type `type`).
 */
static u64 *table_of(u64 *e, u64 sub, u64 type)
{
	u64 old = *e, attrs = old & ~DESC_OA_MASK & ~3UL;
	u64 *t;
	unsigned int i;

	if ((old & 3) == DESC_TABLE)
		return (u64 *)(uintptr_t)(old & DESC_OA_MASK);
	if (split_used == ARRAY_SIZE(split_pool))
		return NULL;
	t = split_pool[split_used++];
	for (i = 0; i < 512; i++)
		t[i] = (old & 1)
			       ? ((old & DESC_OA_MASK) + i * sub) | attrs | type
			       : 0;
	set_entry(e, (u64)(uintptr_t)t | DESC_TABLE);
	return t;
}

int mmu_map_page(u64 va, u64 pa, unsigned int prot)
{
	u64 desc = (pa & DESC_OA_MASK) | DESC_PAGE | ATTR_AF | ATTR_PXN;
	u64 *l2, *l3;

	if (va >= (1UL << 39) || (va & 0xfff) || (pa & 0xfff))
		return -1;
	if (prot & MMU_DEVICE)
		desc |= ATTR_IDX(MT_DEVICE_nGnRnE);
	else
		desc |= ATTR_IDX(MT_NORMAL) | ATTR_SH_INNER;
	if (prot & MMU_EL0)
		desc |= ATTR_AP_EL0;
	if (prot & MMU_RO)
		desc |= ATTR_AP_RO;
	if (!(prot & MMU_EXEC_EL0))
		desc |= ATTR_UXN;
	l2 = table_of(&pgtable_l1[va >> 30], 1UL << 21, DESC_BLOCK);
	if (!l2)
		return -1;
	l3 = table_of(&l2[(va >> 21) & 511], 1UL << 12, DESC_PAGE);
	if (!l3)
		return -1;
	set_entry(&l3[(va >> 12) & 511], desc);
	return 0;
}
