/* SPDX-License-Identifier: MIT */
/*
 * Grant tables, version 1, for auto-translated guests (Xen 4.17 on Arm):
 * each domain's table and its shared frames, pinning grant entries for
 * mappings and copies, and the page references that keep granted pages
 * alive. Mapping is in grant_table_map.c, copying in grant_table_copy.c,
 * the hypercall in grant_table_op.c.
 *
 * The table
 *
 * A domain's struct grant_table has up to max_frames shared frames:
 * hypervisor pages of struct grant_entry_v1 that the guest maps with
 * XENMAPSPACE_grant_table and writes whenever it likes. An entry is read
 * once into hypervisor memory and never trusted twice; its flags and domid
 * (one 32-bit word) are only changed with compare-and-swap, and GTF_reading
 * / GTF_writing are cleared with an atomic AND, both through the bounded
 * guest atomics (hyp/guest_atomic.h) so that a guest hammering the word
 * cannot live-lock the hypervisor: it is crashed instead (XSA-295). Next to each
 * frame is an array of struct gnttab_active: the pins on each entry, by
 * whom, and the page, fixed at the first pin as in Xen.
 *
 * Page references
 *
 * struct page_info.map_count counts references on a RAM page held outside
 * its owner's own p2m: one per grant pin (each mapping, each copy in
 * progress) and one per gnttab_get_guest_page(). An owner releasing a page
 * still referenced sets GNTTAB_PAGE_ORPHAN instead of freeing it; the last
 * reference then frees it. A reference is only taken under the owner's
 * grant lock, after finding the page in the owner's p2m as its RAM, or on
 * a page already referenced; owners release pages under that lock after
 * removing them from their p2m (or once the table is dying, when nothing
 * can take new references). So no page is referenced after it is freed,
 * and none is freed while referenced.
 *
 * Locking, outermost first:
 *
 *   d->lock (only to pick up d->grant_table with a reference)
 *   > maptrack_lock of the mapping domain
 *   > lock of the granting domain
 *   > p2m lock (p2m_map, p2m_unmap, p2m_lookup, gfn_to_mfn_ram)
 *   > heap and xmalloc locks.
 *
 * At most one grant lock and one maptrack lock are held at a time. A
 * domain mapping its own grants takes its maptrack_lock, then its lock.
 * None is taken from interrupt context, so interrupts are left as they are.
 *
 * Lifetime
 *
 * struct grant_table is reference counted: its domain holds one reference,
 * each mapping holds one on the granter's table (so unmapping after the
 * granter is gone still finds its lock), and hypercalls naming another
 * domain hold one for the call. gnttab_domain_destroy() releases the
 * domain's own mappings, marks the table dying (pins of others then only
 * drop their page references), frees the frames and active entries, and
 * drops the domain's reference; the struct goes with the last one.
 */
#include <hyp/errno.h>
#include <hyp/guest_access.h>
#include <hyp/guest_atomic.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/p2m.h>

#include "grant_table_internal.h"

#ifdef HYP_HOST_TEST
void (*gnttab_test_race_hook)(u32 *word);
#endif

/* page_info.map_count: references, and whether the owner let go. */
#define GNTTAB_PAGE_ORPHAN (1U << 31)
#define GNTTAB_PAGE_REFS (GNTTAB_PAGE_ORPHAN - 1)

/*
 * Guest-shared words: Xen gives up after 5 changes of the value under it
 * ("Shared grant entry is unstable"). Store-exclusives failing without a
 * change are bounded by hyp/guest_atomic.h, which crashes the granter.
 */
#define CAS_CHANGES 5

static mfn_t gt_virt_to_mfn(const void *va)
{
	return pa_to_mfn(virt_to_maddr(va));
}

/* ---- page references ---- */

bool gnttab_page_tryget(struct page_info *pg)
{
	u32 old = __atomic_load_n(&pg->map_count, __ATOMIC_RELAXED);

	do {
		if ((old & GNTTAB_PAGE_ORPHAN) ||
		    (old & GNTTAB_PAGE_REFS) == GNTTAB_PAGE_REFS)
			return false;
	} while (!__atomic_compare_exchange_n(&pg->map_count, &old, old + 1,
					      true, __ATOMIC_ACQ_REL,
					      __ATOMIC_RELAXED));
	return true;
}

void gnttab_page_put(struct page_info *pg)
{
	u32 v = __atomic_sub_fetch(&pg->map_count, 1, __ATOMIC_ACQ_REL);

	BUG_ON((v & GNTTAB_PAGE_REFS) == GNTTAB_PAGE_REFS);
	if (v == GNTTAB_PAGE_ORPHAN) {
		/* The owner is gone and this was the last reference. */
		pg->map_count = 0;
		free_pages(pg, 0);
	}
}

void gnttab_put_page(mfn_t mfn)
{
	gnttab_page_put(mfn_to_page(mfn));
}

bool gnttab_page_is_mapped(struct page_info *pg)
{
	return __atomic_load_n(&pg->map_count, __ATOMIC_ACQUIRE) &
	       GNTTAB_PAGE_REFS;
}

/* The owner lets go: true if the caller frees the page now. */
static bool page_orphan(struct page_info *pg)
{
	u32 old;

	pg->owner = 0;
	old = __atomic_fetch_or(&pg->map_count, GNTTAB_PAGE_ORPHAN,
				__ATOMIC_ACQ_REL);
	BUG_ON(old & GNTTAB_PAGE_ORPHAN);
	if (old & GNTTAB_PAGE_REFS)
		return false;
	pg->map_count = 0;
	return true;
}

bool gnttab_release_page(struct domain *d, struct page_info *pg)
{
	struct grant_table *gt = READ_ONCE(d->grant_table);
	bool free_now;

	if (!gt)
		return page_orphan(pg);
	spin_lock(&gt->lock);
	free_now = page_orphan(pg);
	spin_unlock(&gt->lock);
	return free_now;
}

void gnttab_free_ram(struct page_info *pg, unsigned int order)
{
	u64 i, n = 1ULL << order;
	bool mapped = false;

	/* The owner is dying: references only go away from now on. */
	for (i = 0; i < n; i++)
		if (gnttab_page_is_mapped(&pg[i]))
			mapped = true;
	if (!mapped) {
		for (i = 0; i < n; i++)
			pg[i].owner = 0;
		free_pages(pg, order);
		return;
	}
	for (i = 0; i < n; i++)
		if (page_orphan(&pg[i]))
			free_pages(&pg[i], 0);
}

int gnttab_get_guest_page(struct domain *d, gfn_t gfn, mfn_t *mfn)
{
	struct grant_table *gt = gnttab_get(d);
	int rc = -EINVAL;
	mfn_t m;

	/* Without a (live) table nothing would fence the owner's release. */
	if (!gt)
		return -EINVAL;
	spin_lock(&gt->lock);
	if (!gt->dying) {
		m = gfn_to_mfn_ram(d, gfn);
		if (mfn_val(m) != mfn_val(INVALID_MFN) &&
		    gnttab_page_tryget(mfn_to_page(m))) {
			*mfn = m;
			rc = 0;
		}
	}
	spin_unlock(&gt->lock);
	gnttab_put(gt);
	return rc;
}

/* ---- guest-shared entry words ---- */

/*
 * Set GTF_reading (and GTF_writing) in a v1 entry, as Xen's _set_status_v1:
 * unless already pinned the entry must permit access to ldom (and, for a
 * mapping, not be a sub-page grant); a writable pin needs no GTF_readonly.
 */
static int entry_set_status(struct grant_table *gt, struct grant_entry_v1 *e,
			    bool pinned, domid_t ldom, bool readonly, bool map)
{
	u32 *word = (u32 *)e; /* flags in bits 0-15, domid in 16-31 */
	u16 mask = GTF_type_mask | (map ? GTF_sub_page : 0);
	u32 old = __atomic_load_n(word, __ATOMIC_ACQUIRE);
	unsigned int changes;

	for (changes = 0; changes < CAS_CHANGES; changes++) {
		u16 flags = old & 0xffff;
		domid_t domid = old >> 16;
		u32 seen, new = old | GTF_reading;

		if (!pinned &&
		    ((flags & mask) != GTF_permit_access || domid != ldom))
			return GNTST_general_error;
		if (!readonly) {
			if (flags & GTF_readonly)
				return GNTST_general_error;
			new |= GTF_writing;
		}
		gnttab_race_point(word);
		if (guest_cmpxchg32(gt->d, word, old, new, &seen))
			return GNTST_general_error; /* the granter is crashed */
		if (seen == old)
			return GNTST_okay;
		old = seen;
	}
	return GNTST_general_error;
}

/*
 * Clear flags in an entry: an atomic AND on the word holding them (flags
 * are its low 16 bits, little-endian), so a granter changing the other
 * bits cannot make it fail; one keeping the word busy is crashed.
 */
static void entry_clear_flags(struct grant_table *gt, struct grant_entry_v1 *e,
			      u16 clear)
{
	guest_clear_mask32(gt->d, (u32 *)e, clear);
}

/* Drop flags no pin needs any more (Xen's reduce_status_for_pin). */
static void entry_reduce_status(struct grant_table *gt, grant_ref_t ref,
				const struct gnttab_active *act, bool readonly)
{
	u16 clear = 0;

	if (!act->pin_ro && !act->pin_rw)
		clear |= GTF_reading;
	if (!readonly && !act->pin_rw)
		clear |= GTF_writing;
	if (clear)
		entry_clear_flags(gt, gnttab_entry(gt, ref), clear);
}

/* ---- pins ---- */

int gnttab_pin(struct grant_table *gt, grant_ref_t ref, domid_t ldom,
	       bool readonly, bool map, mfn_t *mfn)
{
	struct grant_entry_v1 *e;
	struct gnttab_active *act;
	bool pinned, set_status;
	u16 *pins;
	int rc;

	if (gt->dying)
		return GNTST_bad_domain;
	if (ref >= gnttab_nr_entries(gt))
		return GNTST_bad_gntref;
	e = gnttab_entry(gt, ref);
	act = gnttab_act(gt, ref);
	pins = readonly ? &act->pin_ro : &act->pin_rw;
	pinned = act->pin_ro || act->pin_rw;
	if (pinned && (act->domid != ldom || *pins >= GNTTAB_PIN_MAX))
		return GNTST_general_error;

	set_status = !pinned || (!readonly && !act->pin_rw);
	if (set_status) {
		rc = entry_set_status(gt, e, pinned, ldom, readonly, map);
		if (rc != GNTST_okay)
			return rc;
	}
	if (!pinned) {
		/* Read the frame once, after the flags are in place. */
		u32 gfn = __atomic_load_n(&e->frame, __ATOMIC_ACQUIRE);
		mfn_t m = gfn_to_mfn_ram(gt->d, gfn_init(gfn));

		if (mfn_val(m) == mfn_val(INVALID_MFN)) {
			rc = GNTST_bad_page;
			goto undo;
		}
		if (!gnttab_page_tryget(mfn_to_page(m))) {
			rc = GNTST_general_error;
			goto undo;
		}
		act->domid = ldom;
		act->mfn = m;
	} else if (!gnttab_page_tryget(mfn_to_page(act->mfn))) {
		/* The granter gave the page up while it was pinned. */
		rc = map ? GNTST_general_error : GNTST_bad_domain;
		goto undo;
	}
	(*pins)++;
	*mfn = act->mfn;
	return GNTST_okay;

undo:
	if (set_status)
		entry_reduce_status(gt, ref, act, readonly);
	return rc;
}

void gnttab_unpin(struct grant_table *gt, grant_ref_t ref, bool readonly)
{
	struct gnttab_active *act;
	u16 *pins;

	/* A dying table has no entries left; the pins went with it. */
	if (gt->dying)
		return;
	BUG_ON(ref >= gnttab_nr_entries(gt));
	act = gnttab_act(gt, ref);
	pins = readonly ? &act->pin_ro : &act->pin_rw;
	BUG_ON(!*pins);
	(*pins)--;
	entry_reduce_status(gt, ref, act, readonly);
}

/* ---- tables ---- */

struct grant_table *gnttab_get(struct domain *d)
{
	struct grant_table *gt;

	spin_lock(&d->lock);
	gt = d->grant_table;
	if (gt)
		gnttab_hold(gt);
	spin_unlock(&d->lock);
	return gt;
}

void gnttab_hold(struct grant_table *gt)
{
	__atomic_add_fetch(&gt->refs, 1, __ATOMIC_ACQ_REL);
}

static void gnttab_free_frames(struct grant_table *gt)
{
	unsigned int i;

	for (i = 0; i < gt->nr_frames; i++) {
		struct page_info *pg =
			mfn_to_page(gt_virt_to_mfn(gt->shared[i]));

		/* XENMEM_acquire_resource users may still map it. */
		if (page_orphan(pg))
			free_pages(pg, 0);
		gt->shared[i] = NULL;
		xfree(gt->active[i]);
		gt->active[i] = NULL;
	}
	gt->nr_frames = 0;
}

static void gnttab_free(struct grant_table *gt)
{
	gnttab_free_frames(gt);
	xfree(gt->shared);
	xfree(gt->active);
	xfree(gt->frame_gfn);
	xfree(gt->maptrack);
	xfree(gt);
}

void gnttab_put(struct grant_table *gt)
{
	if (__atomic_sub_fetch(&gt->refs, 1, __ATOMIC_ACQ_REL) == 0)
		gnttab_free(gt);
}

int gnttab_grow(struct grant_table *gt, unsigned int nr)
{
	unsigned int i;

	BUG_ON(nr > gt->max_frames);
	for (i = gt->nr_frames; i < nr; i++) {
		gt->shared[i] = alloc_hyp_pages(0, ALLOC_GUEST);
		gt->active[i] = xzalloc_array(struct gnttab_active,
					      GNTTAB_ENTRIES_PER_FRAME);
		gt->frame_gfn[i] = INVALID_GFN;
		if (!gt->shared[i] || !gt->active[i])
			goto fail;
	}
	/* Readers hold the lock: the new entries are complete before use. */
	if (nr > gt->nr_frames)
		gt->nr_frames = nr;
	return 0;

fail:
	for (i = gt->nr_frames; i < nr; i++) {
		free_hyp_pages(gt->shared[i], 0);
		xfree(gt->active[i]);
		gt->shared[i] = NULL;
		gt->active[i] = NULL;
	}
	return -ENOMEM;
}

int gnttab_domain_init(struct domain *d, unsigned int max_frames)
{
	struct grant_table *gt;
	int rc;

	if (d->grant_table)
		return -EEXIST;
	if (!max_frames)
		max_frames = GNTTAB_DEFAULT_MAX_FRAMES;
	if (max_frames > GNTTAB_DEFAULT_MAX_FRAMES)
		return -EINVAL;
	gt = xzalloc(struct grant_table);
	if (!gt)
		return -ENOMEM;
	spin_lock_init(&gt->lock);
	spin_lock_init(&gt->maptrack_lock);
	gt->refs = 1;
	gt->d = d;
	gt->domid = d->domain_id;
	gt->version = 1;
	gt->max_frames = max_frames;
	gt->maptrack_free = GNTTAB_MAPTRACK_NONE;
	gt->shared = xzalloc_array(struct grant_entry_v1 *, max_frames);
	gt->active = xzalloc_array(struct gnttab_active *, max_frames);
	gt->frame_gfn = xzalloc_array(gfn_t, max_frames);
	gt->maptrack = xzalloc_array(struct gnttab_maptrack *,
				     GNTTAB_MAX_MAPTRACK_FRAMES);
	rc = -ENOMEM;
	if (!gt->shared || !gt->active || !gt->frame_gfn || !gt->maptrack)
		goto fail;
	spin_lock(&gt->lock);
	rc = gnttab_grow(gt, 1); /* Xen's INITIAL_NR_GRANT_FRAMES on Arm */
	spin_unlock(&gt->lock);
	if (rc)
		goto fail;
	spin_lock(&d->lock);
	d->grant_table = gt;
	spin_unlock(&d->lock);
	return 0;

fail:
	gnttab_free(gt);
	return rc;
}

void gnttab_domain_destroy(struct domain *d)
{
	struct grant_table *gt = d->grant_table;

	if (!gt)
		return;
	gnttab_release_mappings(gt);

	spin_lock(&gt->lock);
	gt->dying = true;
	gt->d = NULL;
	gnttab_free_frames(gt);
	spin_unlock(&gt->lock);

	spin_lock(&d->lock);
	d->grant_table = NULL;
	spin_unlock(&d->lock);
	gnttab_put(gt);
}

/* ---- grant frames ---- */

/* Frame idx, grown into as Xen's gnttab_get_shared_frame_mfn; locked. */
static int frame_mfn_locked(struct grant_table *gt, unsigned long idx,
			    mfn_t *mfn)
{
	if (gt->dying)
		return -EINVAL;
	if (idx >= gt->nr_frames) {
		if (idx >= gt->max_frames)
			return -EINVAL;
		/* As Xen, a failure to grow is reported as a bad index. */
		gnttab_grow(gt, idx + 1);
		if (idx >= gt->nr_frames)
			return -EINVAL;
	}
	*mfn = gt_virt_to_mfn(gt->shared[idx]);
	return 0;
}

int gnttab_map_frame(struct domain *d, unsigned long idx, gfn_t gfn)
{
	struct grant_table *gt = gnttab_get(d);
	mfn_t mfn;
	int rc;

	if (!gt)
		return -ENOSYS;
	spin_lock(&gt->lock);
	rc = frame_mfn_locked(gt, idx, &mfn);
	if (!rc) {
		gfn_t old = gt->frame_gfn[idx];

		/*
		 * One place at a time, as Xen (-EBUSY even for the same gfn).
		 * The recorded gfn may be stale: the guest may have put
		 * something else there since.
		 */
		if (gfn_val(old) != gfn_val(INVALID_GFN) &&
		    mfn_val(p2m_lookup(d, old, NULL)) == mfn_val(mfn))
			rc = -EBUSY;
		else
			rc = p2m_map(d, gfn, mfn, 1, P2M_RAM_RW);
		if (!rc)
			gt->frame_gfn[idx] = gfn;
	}
	spin_unlock(&gt->lock);
	gnttab_put(gt);
	return rc;
}

int gnttab_get_frame_mfn(struct domain *d, unsigned long idx, mfn_t *mfn)
{
	struct grant_table *gt = gnttab_get(d);
	int rc;

	if (!gt)
		return -ENOSYS;
	spin_lock(&gt->lock);
	rc = frame_mfn_locked(gt, idx, mfn);
	if (!rc && !gnttab_page_tryget(mfn_to_page(*mfn)))
		rc = -EBUSY;
	spin_unlock(&gt->lock);
	gnttab_put(gt);
	return rc;
}

unsigned int gnttab_max_frames(struct domain *d)
{
	struct grant_table *gt = gnttab_get(d);
	unsigned int n;

	if (!gt)
		return 0;
	n = gt->max_frames;
	gnttab_put(gt);
	return n;
}
