/* SPDX-License-Identifier: MIT */
/*
 * A domain's pool of stage-2 table pages (XSA-409): table pages come only
 * from here, so a guest forcing new tables (sparse populate_physmap, foreign
 * or grant maps) runs out of its own pool, not of the hypervisor's heap.
 * Sizes follow Xen 4.17 on Arm: XEN_DOMCTL_set_paging_mempool_size, the
 * dom0less xen,domain-p2m-mem-mb property, domain_p2m_pages() by default.
 *
 * Not locked itself: the owner (the p2m, under its lock) serialises calls.
 */
#ifndef HYP_P2M_POOL_H
#define HYP_P2M_POOL_H

#include <hyp/types.h>

struct p2m_pool {
	void *free;	/* free pages, linked through their first word */
	u64 total;	/* pages owned: free + handed out */
	u64 nr_free;	/* pages on the free list */
	bool from_heap; /* hardware domain: grows from the heap on demand */
};

/* Pages every new domain gets (Xen 4.17 p2m_init: the GICv2 mapping). */
#define P2M_POOL_INITIAL_PAGES 16

/*
 * Xen 4.17's domain_p2m_pages() (= libxl's paging memory for a domU):
 * 1 MiB per vCPU, 4 KiB per MiB of RAM and 512 KiB for extended regions,
 * rounded up to MiB; in pages.
 */
u64 p2m_pool_default_pages(u64 mem_kib, unsigned int nr_vcpus);

void p2m_pool_init(struct p2m_pool *p, bool from_heap);
/*
 * Make n pages available to p2m_pool_take(): 0, or -ENOMEM with nothing
 * changed (a heap-backed pool may have grown, which is harmless).
 */
int p2m_pool_reserve(struct p2m_pool *p, u64 n);
/* A zeroed page; only after p2m_pool_reserve() promised it. */
void *p2m_pool_take(struct p2m_pool *p);
void p2m_pool_put(struct p2m_pool *p, void *page);
/*
 * Grow or shrink to target pages, doing at most *budget page moves (the
 * caller drops its lock between rounds). 0 when reached, 1 when the budget
 * ran out first, -ENOMEM when the heap is empty or target is below the
 * pages in use (checked first: nothing is freed then).
 */
int p2m_pool_resize(struct p2m_pool *p, u64 target, u64 *budget);
/* Give every page back to the heap; all taken pages must be back. */
void p2m_pool_destroy(struct p2m_pool *p);

static inline u64 p2m_pool_in_use(const struct p2m_pool *p)
{
	return p->total - p->nr_free;
}

#endif
