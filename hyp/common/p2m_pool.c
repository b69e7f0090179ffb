/* SPDX-License-Identifier: MIT */
/*
 * Per-domain pool of stage-2 table pages (hyp/p2m_pool.h, XSA-409).
 * No lock of its own: callers hold the owning p2m's lock, which comes
 * before the heap lock.
 */
#include <hyp/errno.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/p2m_pool.h>

u64 p2m_pool_default_pages(u64 mem_kib, unsigned int nr_vcpus)
{
	u64 kib = 4 * (256 * (u64)nr_vcpus + mem_kib / 1024 + 128);

	return ((kib + 1023) / 1024) << (20 - PAGE_SHIFT);
}

void p2m_pool_init(struct p2m_pool *p, bool from_heap)
{
	p->free = NULL;
	p->total = 0;
	p->nr_free = 0;
	p->from_heap = from_heap;
}

static void push(struct p2m_pool *p, void *page)
{
	*(void **)page = p->free;
	p->free = page;
	p->nr_free++;
}

static void *pop(struct p2m_pool *p)
{
	void *page = p->free;

	p->free = *(void **)page;
	p->nr_free--;
	return page;
}

/* One more page from the heap into the pool. */
static bool grow_one(struct p2m_pool *p)
{
	void *page = alloc_hyp_pages(0, 0);

	if (!page)
		return false;
	push(p, page);
	p->total++;
	return true;
}

int p2m_pool_reserve(struct p2m_pool *p, u64 n)
{
	if (p->from_heap)
		while (p->nr_free < n)
			if (!grow_one(p))
				return -ENOMEM;
	return p->nr_free >= n ? 0 : -ENOMEM;
}

void *p2m_pool_take(struct p2m_pool *p)
{
	void *page;

	BUG_ON(!p->nr_free);
	page = pop(p);
	memset(page, 0, PAGE_SIZE);
	return page;
}

void p2m_pool_put(struct p2m_pool *p, void *page)
{
	BUG_ON(p->nr_free >= p->total);
	push(p, page);
}

int p2m_pool_resize(struct p2m_pool *p, u64 target, u64 *budget)
{
	if (target < p2m_pool_in_use(p))
		return -ENOMEM;
	while (p->total != target) {
		if (!*budget)
			return 1;
		--*budget;
		if (p->total < target) {
			if (!grow_one(p))
				return -ENOMEM;
		} else {
			free_hyp_pages(pop(p), 0);
			p->total--;
		}
	}
	return 0;
}

void p2m_pool_destroy(struct p2m_pool *p)
{
	BUG_ON(p->nr_free != p->total);
	while (p->nr_free)
		free_hyp_pages(pop(p), 0);
	p->total = 0;
}
