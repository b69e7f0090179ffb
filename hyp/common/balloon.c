/* SPDX-License-Identifier: MIT */
/*
 * Ballooning a domain's own RAM: XENMEM_decrease_reservation and
 * populate_physmap, one extent at a time.
 *
 * A page given back keeps belonging to the domain until it is destroyed
 * (PGF_BALLOONED): the hypervisor may still hold its address (vcpu_info,
 * FIFO event pages, a copy in progress on another vCPU), so freeing it to
 * the heap while the domain lives would let those writes land in someone
 * else's page. populate_physmap takes such pages back first, and only
 * allocates new ones while the domain holds fewer than max_pages (mapped
 * and ballooned together): a guest ballooning in a loop reuses the same
 * pages instead of draining the heap.
 *
 * Lock order: d->lock > p2m lock > heap lock. d->lock makes the checks and
 * the changes of one extent one step against the domain's other vCPUs
 * (page_list, tot_pages, nr_ballooned and the p2m entries of the extent).
 * Domain destruction never runs concurrently: it waits until no vCPU of
 * the domain runs and every pCPU has left the hypervisor since
 * (domain_kill_ready), and it frees ballooned pages with the rest.
 */
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/grant_table.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/p2m.h>

/* The domain's mapped RAM page at gfn, or NULL. */
static struct page_info *own_ram(struct domain *d, gfn_t gfn)
{
	enum p2m_type t;
	mfn_t mfn = p2m_lookup(d, gfn, &t);
	struct page_info *pg;

	if (t != P2M_RAM_RW || !mfn_valid(mfn))
		return NULL;
	pg = mfn_to_page(mfn);
	if (pg->owner != (u64)(uintptr_t)d || (pg->flags & PGF_BALLOONED))
		return NULL;
	return pg;
}

static bool is_hole(struct domain *d, gfn_t gfn)
{
	enum p2m_type t;

	return mfn_val(p2m_lookup(d, gfn, &t)) == mfn_val(INVALID_MFN);
}

/* Set or clear PGF_BALLOONED on what [gfn, gfn + n) maps. */
static void flag_mapped(struct domain *d, gfn_t gfn, u64 n, bool set)
{
	enum p2m_type t;
	mfn_t mfn;
	u64 i;

	for (i = 0; i < n; i++) {
		mfn = p2m_lookup(d, gfn_init(gfn_val(gfn) + i), &t);
		if (mfn_val(mfn) == mfn_val(INVALID_MFN))
			continue;
		if (set)
			mfn_to_page(mfn)->flags |= PGF_BALLOONED;
		else
			mfn_to_page(mfn)->flags &= ~PGF_BALLOONED;
	}
}

int balloon_decrease(struct domain *d, gfn_t gfn, unsigned int order)
{
	u64 i, n = 1ULL << order;
	int rc = 0;

	spin_lock(&d->lock);
	/* Every page of the extent first: all or nothing. */
	for (i = 0; i < n; i++)
		if (!own_ram(d, gfn_init(gfn_val(gfn) + i))) {
			rc = -EINVAL;
			goto out;
		}
	/* A direct-mapped domain keeps its frames, to be mapped 1:1 again. */
	if (d->direct_map) {
		rc = p2m_unmap(d, gfn, n);
		goto out;
	}
	/* Flagged while still found through the p2m; one unmap, one flush. */
	flag_mapped(d, gfn, n, true);
	rc = p2m_unmap(d, gfn, n);
	/* Splitting a block can fail (-ENOMEM) half way: keep what is left. */
	if (rc)
		flag_mapped(d, gfn, n, false);
	for (i = 0; i < n; i++)
		if (is_hole(d, gfn_init(gfn_val(gfn) + i))) {
			d->tot_pages--;
			d->nr_ballooned++;
		}
out:
	spin_unlock(&d->lock);
	return rc;
}

/*
 * A naturally aligned run of 2^order ballooned pages nobody else
 * references, within one of d's blocks; NULL if there is none.
 */
static struct page_info *find_ballooned(struct domain *d, unsigned int order)
{
	u64 i, j, n = 1ULL << order;
	struct page_info *pg;

	list_for_each_entry (pg, &d->page_list, list) {
		if (pg->order < order)
			continue;
		for (i = 0; i < (1ULL << pg->order); i += n) {
			for (j = 0; j < n; j++)
				if (!(pg[i + j].flags & PGF_BALLOONED) ||
				    gnttab_page_is_mapped(&pg[i + j]))
					break;
			if (j == n)
				return &pg[i];
		}
	}
	return NULL;
}

int balloon_populate(struct domain *d, gfn_t gfn, unsigned int order)
{
	u64 i, n = 1ULL << order;
	struct page_info *pg = NULL;
	int rc;

	spin_lock(&d->lock);
	/* Only into holes: a page mapped there would be lost to the domain. */
	for (i = 0; i < n; i++)
		if (!is_hole(d, gfn_init(gfn_val(gfn) + i))) {
			rc = -EEXIST;
			goto out;
		}
	if (d->nr_ballooned >= n)
		pg = find_ballooned(d, order);
	if (!pg) {
		/* Checks max_pages against mapped and ballooned pages. */
		rc = domain_populate_ram(d, gfn_val(gfn) << PAGE_SHIFT,
					 n << PAGE_SHIFT);
		goto out;
	}
	rc = p2m_map(d, gfn, page_to_mfn(pg), n, P2M_RAM_RW);
	if (rc)
		goto out;
	for (i = 0; i < n; i++)
		pg[i].flags &= ~PGF_BALLOONED;
	d->nr_ballooned -= n;
	d->tot_pages += n;
out:
	spin_unlock(&d->lock);
	return rc;
}
