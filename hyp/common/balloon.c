/* SPDX-License-Identifier: MIT */
/*
 * Ballooning a domain's own RAM: XENMEM_decrease_reservation and
 * populate_physmap, one extent at a time.
 *
 * A page given back keeps belonging to the domain until it is destroyed
 * (PGF_BALLOONED): the hypervisor may still hold its address (vcpu_info,
 * FIFO event pages, a copy in progress on another vCPU), so freeing it to
 * the heap while the domain lives would let those writes land in someone
 * else's page. populate_physmap takes such pages back before it allocates
 * new ones: a guest ballooning in a loop reuses the same pages instead of
 * draining the heap.
 *
 * Lock order: d->lock > p2m lock > heap lock. d->lock makes the checks and
 * the changes of one extent one step against the domain's other vCPUs
 * (page_list, tot_pages, nr_ballooned and the p2m entries of the extent).
 * It is held with interrupts masked and never while zeroing new pages: a
 * watchdog timer firing on this pCPU takes it (domain_shutdown() from
 * the timer interrupt), which would otherwise spin forever.
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
	unsigned long flags;
	int rc = 0;

	flags = spin_lock_irqsave(&d->lock);
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
	spin_unlock_irqrestore(&d->lock, flags);
	return rc;
}

/* Ballooned out and referenced by nobody (no grant pin or copy). */
static bool reusable(struct page_info *pg)
{
	return (pg->flags & PGF_BALLOONED) && !gnttab_page_is_mapped(pg);
}

/* Map len consecutive ballooned frames from pg at gfn. */
static int map_run(struct domain *d, gfn_t gfn, struct page_info *pg, u64 len)
{
	int rc = p2m_map(d, gfn, page_to_mfn(pg), len, P2M_RAM_RW);
	u64 i;

	if (rc)
		return rc;
	for (i = 0; i < len; i++)
		pg[i].flags &= ~PGF_BALLOONED;
	d->nr_ballooned -= len;
	d->tot_pages += len;
	return 0;
}

/*
 * Map reusable ballooned pages at [gfn, gfn + n), in runs of consecutive
 * frames (contiguity is invisible to a translated guest), until n are
 * mapped or none is left. Returns how many were mapped; on an error those
 * mapped before stay mapped and counted.
 */
static long reuse_ballooned(struct domain *d, gfn_t gfn, u64 n)
{
	struct page_info *blk, *run = NULL;
	u64 done = 0, len = 0, i;
	int rc;

	list_for_each_entry (blk, &d->page_list, list) {
		for (i = 0; i < (1ULL << blk->order) && done + len < n; i++) {
			if (!reusable(&blk[i]))
				continue;
			if (run && &blk[i] == run + len) {
				len++;
				continue;
			}
			if (run) {
				rc = map_run(d, gfn_init(gfn_val(gfn) + done),
					     run, len);
				if (rc)
					return rc;
				done += len;
			}
			run = &blk[i];
			len = 1;
		}
		if (done + len == n)
			break;
	}
	if (run) {
		rc = map_run(d, gfn_init(gfn_val(gfn) + done), run, len);
		if (rc)
			return rc;
		done += len;
	}
	return (long)done;
}

static int holes(struct domain *d, gfn_t gfn, u64 n)
{
	u64 i;

	for (i = 0; i < n; i++)
		if (!is_hole(d, gfn_init(gfn_val(gfn) + i)))
			return -EEXIST;
	return 0;
}

static void free_ram_list(struct list_head *l)
{
	struct page_info *pg, *tmp;

	list_for_each_entry_safe (pg, tmp, l, list) {
		list_del(&pg->list);
		free_pages(pg, pg->order);
	}
}

/*
 * n zeroed pages for [gfn, gfn + n) onto out, in blocks of up to 2 MiB
 * where gfn's alignment allows (stage-2 block mappings); all or nothing.
 */
static int alloc_ram(struct list_head *out, gfn_t gfn, u64 n)
{
	u64 done = 0;

	while (done < n) {
		unsigned int o = 9;
		struct page_info *pg;

		while (o && ((1ULL << o) > n - done ||
			     !IS_ALIGNED(gfn_val(gfn) + done, 1ULL << o)))
			o--;
		pg = alloc_pages(o, ALLOC_GUEST);
		while (!pg && o)
			pg = alloc_pages(--o, ALLOC_GUEST);
		if (!pg) {
			free_ram_list(out);
			return -ENOMEM;
		}
		list_add_tail(&pg->list, out);
		done += 1ULL << o;
	}
	return 0;
}

/*
 * The blocks of l become d's and are mapped from gfn on. Once a map fails
 * (p2m_map maps all or nothing: the table pool ran out, XSA-409), the
 * block and those after it become d's ballooned pages: uncharged, taken
 * again by a later populate, freed with the domain.
 */
static int map_new(struct domain *d, gfn_t gfn, struct list_head *l)
{
	struct page_info *pg, *tmp;
	u64 off = 0, i, k;
	int rc = 0;

	list_for_each_entry_safe (pg, tmp, l, list) {
		k = 1ULL << pg->order;
		for (i = 0; i < k; i++)
			pg[i].owner = (u64)(uintptr_t)d;
		list_del(&pg->list);
		list_add_tail(&pg->list, &d->page_list);
		if (!rc)
			rc = p2m_map(d, gfn_init(gfn_val(gfn) + off),
				     page_to_mfn(pg), k, P2M_RAM_RW);
		if (rc) {
			for (i = 0; i < k; i++)
				pg[i].flags |= PGF_BALLOONED;
			d->tot_pages -= k;
			d->nr_ballooned += k;
		}
		off += k;
	}
	return rc;
}

int balloon_populate(struct domain *d, gfn_t gfn, unsigned int order)
{
	u64 n = 1ULL << order, limit = 1ULL << (p2m_ipa_bits() - PAGE_SHIFT);
	struct list_head fresh;
	unsigned long flags;
	long done = 0;
	gfn_t rest;
	u64 left;
	int rc;

	/* In frames: gfn << PAGE_SHIFT would wrap. */
	if (gfn_val(gfn) >= limit || n > limit - gfn_val(gfn))
		return -EINVAL;
	flags = spin_lock_irqsave(&d->lock);
	/* Only into holes: a page mapped there would be lost to the domain. */
	rc = holes(d, gfn, n);
	/* Xen's check; the pages it gave back do not count against it... */
	if (!rc && (d->max_pages || d->max_pages_strict) &&
	    d->tot_pages + n > d->max_pages)
		rc = -ENOMEM;
	/*
	 * ...because they are taken back first: a new page is only allocated
	 * once none is reusable, so the domain never holds more than
	 * max_pages plus the ballooned pages others still reference.
	 */
	if (!rc && d->nr_ballooned) {
		done = reuse_ballooned(d, gfn, n);
		if (done < 0)
			rc = (int)done;
	}
	left = rc ? 0 : n - (u64)done;
	/* Charged now, so that other vCPUs' populates see the limit. */
	d->tot_pages += left;
	spin_unlock_irqrestore(&d->lock, flags);
	if (!left)
		return rc;

	/* Zeroing up to 2 MiB a block: not under d->lock. */
	INIT_LIST_HEAD(&fresh);
	rest = gfn_init(gfn_val(gfn) + (u64)done);
	rc = alloc_ram(&fresh, rest, left);
	flags = spin_lock_irqsave(&d->lock);
	/* Another vCPU may have populated there meanwhile. */
	if (!rc)
		rc = holes(d, rest, left);
	if (rc) {
		d->tot_pages -= left;
		spin_unlock_irqrestore(&d->lock, flags);
		free_ram_list(&fresh);
		return rc;
	}
	rc = map_new(d, rest, &fresh);
	spin_unlock_irqrestore(&d->lock, flags);
	return rc;
}
