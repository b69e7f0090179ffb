/* SPDX-License-Identifier: MIT */
/*
 * Memory management interface: boot allocator, buddy page allocator over
 * host RAM, small-object allocator, and the arch's address translation and
 * device mapping hooks.
 */
#ifndef HYP_MM_H
#define HYP_MM_H

#include <hyp/list.h>
#include <hyp/types.h>

/* ---- arch hooks (arch/<arch>/mm*.c) ---- */

/* The directmap: every RAM page is mapped at a fixed offset. */
void *maddr_to_virt(paddr_t pa);
paddr_t virt_to_maddr(const void *va);

/* Map device MMIO (Device-nGnRE, never executable). NULL on failure. */
void *ioremap(paddr_t pa, u64 size);

/* ---- boot allocator (common/bootmem.c) ---- */

/* Declare [start, start+size) as usable RAM. */
void bootmem_add_ram(paddr_t start, u64 size);
/* Remove [start, start+size) from the usable RAM, wherever it overlaps. */
void bootmem_reserve(paddr_t start, u64 size);
/*
 * Allocate from the usable RAM; panics when nothing fits (boot only).
 * align is a power of two >= PAGE_SIZE.
 */
paddr_t bootmem_alloc(u64 size, u64 align);

/* ---- page allocator (common/page_alloc.c) ---- */

#define MAX_ORDER 18 /* 1 GiB blocks with 4 KiB pages */

/* Per-frame metadata, one per page of RAM in the frame table. */
struct page_info {
	struct list_head list;
	u16 flags; /* PGF_* */
	u8 order;  /* valid on the head page of a block */
	u8 pad;
	u32 map_count; /* other domains' mappings of it (grant_table.h) */
	u64 owner;     /* the struct domain owning it, 0 for none */
};

#define PGF_FREE (1U << 0)	 /* head of a free buddy block */
#define PGF_NEED_SCRUB (1U << 1) /* contents not yet zeroed */
#define PGF_RAM (1U << 2)	 /* frame is RAM we manage */
#define PGF_XMALLOC (1U << 3)	 /* head of an xmalloc slab or large block */
/* A domain's RAM page it gave back, kept until it dies (common/balloon.c). */
#define PGF_BALLOONED (1U << 4)

/* alloc flags */
#define ALLOC_ZERO (1U << 0)
/*
 * For a guest: zeroed, and the zeroes cleaned to the Point of Coherency,
 * since a guest running with its MMU or caches off reads RAM, not our
 * cache (XSA-364; Arm ARM B2.4.4, D5.11.7). Implies ALLOC_ZERO.
 */
#define ALLOC_GUEST (1U << 1)

/*
 * Arch: write back [va, va + len) from the data caches to the Point of
 * Coherency, then wait for it (arm64: DC CVAC per line, DSB SY).
 */
void arch_clean_dcache_poc(const void *va, size_t len);

/*
 * Hand all remaining boot RAM to the buddy allocator. Builds the frame
 * table with bootmem; after this, bootmem_alloc() must not be used.
 */
void page_alloc_init(void);

struct page_info *alloc_pages(unsigned int order, unsigned int flags);
void free_pages(struct page_info *pg, unsigned int order);

/* Hypervisor-owned pages, returned as directmap pointers. */
void *alloc_hyp_pages(unsigned int order, unsigned int flags);
void free_hyp_pages(void *va, unsigned int order);

mfn_t page_to_mfn(const struct page_info *pg);
struct page_info *mfn_to_page(mfn_t mfn);
bool mfn_valid(mfn_t mfn);

struct page_alloc_stats {
	u64 total_pages; /* pages handed to the buddy allocator */
	u64 free_pages;
	u64 scrubbed_at_boot;
	u64 need_scrub_pages; /* free pages still dirty (bootscrub=idle) */
};
void page_alloc_get_stats(struct page_alloc_stats *st);

/*
 * Zero up to max_pages free pages left dirty by bootscrub=idle; for the
 * idle loop. Cheap when nothing is left to scrub.
 */
void scrub_free_pages_some(unsigned int max_pages);

/* bootscrub= (Xen: boolean or "idle"); default idle. */
enum bootscrub_mode { BOOTSCRUB_OFF, BOOTSCRUB_ON, BOOTSCRUB_IDLE };
extern enum bootscrub_mode opt_bootscrub;

/* ---- small objects (common/xmalloc.c) ---- */

void *xmalloc_bytes(size_t size);
void *xzalloc_bytes(size_t size);
void xfree(void *p);
/* Return every cached empty slab to the heap. */
void xmalloc_release_free(void);

#define xmalloc(type) ((type *)xmalloc_bytes(sizeof(type)))
#define xzalloc(type) ((type *)xzalloc_bytes(sizeof(type)))
/* Overflow-checked array allocation. */
void *xzalloc_array_bytes(size_t elem, size_t count);
#define xzalloc_array(type, n) ((type *)xzalloc_array_bytes(sizeof(type), (n)))

#endif
