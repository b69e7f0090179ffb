/* SPDX-License-Identifier: MIT */
/*
 * EL2 stage-1 page tables: the final hypervisor address space (layout in
 * asm/layout.h), W^X image mappings, the RAM directmap and ioremap.
 *
 * Lock order: vmap_lock protects the vmap cursor and all table updates
 * after boot; it is a leaf lock.
 */
#include <hyp/arch.h>
#include <hyp/bootinfo.h>
#include <hyp/errno.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/spinlock.h>
#include <asm/layout.h>
#include <asm/mm.h>
#include <asm/sysregs.h>

#define PT_ENTRIES 512
#define PTE_ADDR_MASK 0x0000fffffffff000UL
#define PT_POOL_PAGES 48

/* Tables used before the page allocator exists. */
static u64 pt_pool[PT_POOL_PAGES][PT_ENTRIES] __aligned(PAGE_SIZE);
static unsigned int pt_pool_used;
static bool page_alloc_ready;

static u64 *root;
static paddr_t load_pa;
static DEFINE_SPINLOCK(vmap_lock);
static vaddr_t vmap_cursor = VMAP_VIRT_START;

extern char _start[], _stext[], _etext[], _srodata[], _erodata[], _sdata[],
	_end[], _idmap_end[];
extern u64 secondary_ttbr;
void switch_ttbr_id(u64 ttbr, u64 sctlr_set);

#define ATTR_NORMAL \
	(PTE_VALID | PTE_ATTR(MT_NORMAL) | PTE_AP_RES1 | PTE_SH_INNER | PTE_AF)
#define ATTR_TEXT (ATTR_NORMAL | PTE_RO)
#define ATTR_RO (ATTR_NORMAL | PTE_RO | PTE_XN)
#define ATTR_RW (ATTR_NORMAL | PTE_XN)
#define ATTR_DEVICE \
	(PTE_VALID | PTE_ATTR(MT_DEVICE_nGnRE) | PTE_AP_RES1 | PTE_AF | PTE_XN)

static bool in_image(vaddr_t va)
{
	return va >= (vaddr_t)_start && va < (vaddr_t)_end;
}

paddr_t virt_to_maddr(const void *p)
{
	vaddr_t va = (vaddr_t)p;
	u64 par;

	if (in_image(va))
		return pa_init(va - HYP_VIRT_START + pa_val(load_pa));
	if (va >= DIRECTMAP_VIRT)
		return pa_init(va - DIRECTMAP_VIRT);
	/* vmap: ask the MMU (Arm ARM C5.5, AT S1E2R). */
	__asm__ __volatile__("at s1e2r, %0" : : "r"(va));
	isb();
	par = READ_SYSREG(par_el1);
	BUG_ON(par & 1);
	return pa_init((par & PTE_ADDR_MASK) | (va & ~PAGE_MASK));
}

void *maddr_to_virt(paddr_t pa)
{
	return (void *)(DIRECTMAP_VIRT + pa_val(pa));
}

paddr_t arch_load_address(void)
{
	return load_pa;
}

/* A table's VA from its PA: pool tables live in the image. */
static u64 *table_va(u64 pa)
{
	u64 img = pa_val(load_pa);

	if (pa >= img && pa < img + (u64)(_end - _start))
		return (u64 *)(pa - img + HYP_VIRT_START);
	return maddr_to_virt(pa_init(pa));
}

static u64 *pt_alloc(void)
{
	u64 *t;

	if (page_alloc_ready)
		return alloc_hyp_pages(0, ALLOC_ZERO);
	if (pt_pool_used == PT_POOL_PAGES)
		return NULL;
	t = pt_pool[pt_pool_used++];
	memset(t, 0, PAGE_SIZE);
	return t;
}

static unsigned int level_shift(unsigned int level)
{
	return 39 - 9 * level;
}

/*
 * Map [va, va+size) to pa with attrs. Uses 2 MiB / 1 GiB blocks where
 * both addresses are aligned and allow_blocks is set. Only fills invalid
 * entries: replacing live mappings would need break-before-make.
 */
static int pt_map(vaddr_t va, u64 pa, u64 size, u64 attrs, bool allow_blocks)
{
	while (size) {
		u64 *table = root;
		unsigned int level;

		for (level = 0;; level++) {
			unsigned int shift = level_shift(level);
			u64 blk = 1UL << shift;
			unsigned int idx = (va >> shift) & (PT_ENTRIES - 1);
			u64 e = table[idx];

			if (level == 3 ||
			    (allow_blocks && level >= 1 && size >= blk &&
			     IS_ALIGNED(va, blk) && IS_ALIGNED(pa, blk))) {
				if (e & PTE_VALID)
					return -EEXIST;
				table[idx] = pa | attrs |
					     (level == 3 ? PTE_TABLE : 0);
				va += blk;
				pa += blk;
				size -= blk;
				break;
			}
			if (!(e & PTE_VALID)) {
				u64 *next = pt_alloc();

				if (!next)
					return -ENOMEM;
				e = pa_val(virt_to_maddr(next)) | PTE_VALID |
				    PTE_TABLE;
				dsb(ishst);
				table[idx] = e;
			} else if (!(e & PTE_TABLE)) {
				return -EEXIST; /* a block is in the way */
			}
			table = table_va(e & PTE_ADDR_MASK);
		}
	}
	dsb(ishst);
	isb();
	return 0;
}

static void map_or_panic(const char *what, vaddr_t va, u64 pa, u64 size,
			 u64 attrs, bool blocks)
{
	int rc = pt_map(va, pa, size, attrs, blocks);

	if (rc)
		panic("Cannot map %s at %#lx (PA %#lx, %#lx bytes): error %d",
		      what, va, pa, size, rc);
}

static u64 image_pa(const void *sym)
{
	return (vaddr_t)sym - HYP_VIRT_START + pa_val(load_pa);
}

void mm_early_init(paddr_t load)
{
	load_pa = load;
}

/*
 * Build the final tables and switch to them. The boot tables map the
 * image RWX in 2 MiB blocks; these apply W^X per page, map all RAM in the
 * directmap and keep the boot device tree where the early code found it.
 */
void mm_init_final(paddr_t fdt_pa, u64 fdt_size, const struct meminfo *mem)
{
	u64 fdt_off = pa_val(fdt_pa) & (BOOT_FDT_MAX - 1);
	unsigned int i;

	root = pt_alloc();
	BUG_ON(!root);

	map_or_panic("text", (vaddr_t)_stext, image_pa(_stext), _etext - _stext,
		     ATTR_TEXT, false);
	map_or_panic("rodata", (vaddr_t)_srodata, image_pa(_srodata),
		     _erodata - _srodata, ATTR_RO, false);
	map_or_panic("data", (vaddr_t)_sdata, image_pa(_sdata),
		     ALIGN_UP((vaddr_t)_end, PAGE_SIZE) - (vaddr_t)_sdata,
		     ATTR_RW, false);
	/* The MMU-switch and secondary entry page, 1:1. */
	map_or_panic("idmap", image_pa(_stext), image_pa(_stext),
		     _idmap_end - _stext, ATTR_TEXT, false);
	map_or_panic("device tree",
		     BOOT_FDT_VIRT + ALIGN_DOWN(fdt_off, PAGE_SIZE),
		     ALIGN_DOWN(pa_val(fdt_pa), PAGE_SIZE),
		     ALIGN_UP(fdt_off + fdt_size, PAGE_SIZE) -
			     ALIGN_DOWN(fdt_off, PAGE_SIZE),
		     ATTR_RO, false);
	map_or_panic("early UART", FIXMAP_VIRT + FIXMAP_UART * PAGE_SIZE,
		     EARLY_UART_PA, PAGE_SIZE, ATTR_DEVICE, false);

	for (i = 0; i < mem->nr; i++) {
		u64 start = ALIGN_DOWN(pa_val(mem->bank[i].start), PAGE_SIZE);
		u64 end =
			ALIGN_UP(pa_val(mem->bank[i].start) + mem->bank[i].size,
				 PAGE_SIZE);

		if (end > DIRECTMAP_SIZE)
			panic("RAM bank %#lx-%#lx is beyond the directmap",
			      start, end);
		map_or_panic("RAM", DIRECTMAP_VIRT + start, start, end - start,
			     ATTR_RW, true);
	}

	secondary_ttbr = pa_val(virt_to_maddr(root));
	/* Secondary CPUs read this with their MMU off: clean it to PoC. */
	__asm__ __volatile__("dc cvac, %0" : : "r"(&secondary_ttbr) : "memory");
	dsb(sy);

	((void (*)(u64, u64))image_pa(switch_ttbr_id))(secondary_ttbr,
						       SCTLR_WXN);
}

void mm_page_alloc_ready(void)
{
	page_alloc_ready = true;
}

/* Reserve VA space in the vmap area; a leading unmapped guard page. */
static vaddr_t vmap_reserve(u64 size)
{
	unsigned long flags = spin_lock_irqsave(&vmap_lock);
	vaddr_t va = 0;

	if (VMAP_VIRT_END - vmap_cursor >= size + PAGE_SIZE) {
		va = vmap_cursor + PAGE_SIZE;
		vmap_cursor = va + size;
	}
	spin_unlock_irqrestore(&vmap_lock, flags);
	return va;
}

void *ioremap(paddr_t pa, u64 size)
{
	u64 base = ALIGN_DOWN(pa_val(pa), PAGE_SIZE);
	u64 len = ALIGN_UP(pa_val(pa) + size, PAGE_SIZE) - base;
	vaddr_t va;
	unsigned long flags;
	int rc;

	if (!size || pa_val(pa) + size < pa_val(pa))
		return NULL;
	va = vmap_reserve(len);
	if (!va)
		return NULL;
	flags = spin_lock_irqsave(&vmap_lock);
	rc = pt_map(va, base, len, ATTR_DEVICE, false);
	spin_unlock_irqrestore(&vmap_lock, flags);
	if (rc)
		return NULL;
	return (void *)(va + (pa_val(pa) - base));
}

/* A hypervisor stack in the vmap area, with an unmapped guard page below. */
void *arch_alloc_stack(void)
{
	void *pages = alloc_hyp_pages(STACK_ORDER, 0);
	vaddr_t va;
	unsigned long flags;
	int rc;

	if (!pages)
		return NULL;
	va = vmap_reserve(STACK_SIZE);
	if (!va) {
		free_hyp_pages(pages, STACK_ORDER);
		return NULL;
	}
	flags = spin_lock_irqsave(&vmap_lock);
	rc = pt_map(va, pa_val(virt_to_maddr(pages)), STACK_SIZE, ATTR_RW,
		    false);
	spin_unlock_irqrestore(&vmap_lock, flags);
	if (rc) {
		free_hyp_pages(pages, STACK_ORDER);
		return NULL;
	}
	return (void *)(va + STACK_SIZE);
}

void *boot_fdt_virt(paddr_t fdt_pa)
{
	return (void *)(BOOT_FDT_VIRT + (pa_val(fdt_pa) & (BOOT_FDT_MAX - 1)));
}

void *early_uart_virt(void)
{
	return (void *)(FIXMAP_VIRT + FIXMAP_UART * PAGE_SIZE);
}

/*
 * DC CVAC by line (CTR_EL0.DminLine, in words) to the Point of Coherency,
 * then DSB SY so the writes reach memory before a guest can run and read
 * it uncached (Arm ARM D7.5.9 data cache maintenance, B2.4.4).
 */
void arch_clean_dcache_poc(const void *va, size_t len)
{
	u64 line = 4UL << ((READ_SYSREG(ctr_el0) >> 16) & 0xf);
	u64 p = (u64)(uintptr_t)va & ~(line - 1);
	u64 end = (u64)(uintptr_t)va + len;

	for (; p < end; p += line)
		__asm__ __volatile__("dc cvac, %0" : : "r"(p) : "memory");
	__asm__ __volatile__("dsb sy" ::: "memory");
}
