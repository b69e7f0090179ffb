/* SPDX-License-Identifier: MIT */
/*
 * memory_op for building and serving other domains from the control
 * domain: mapping another domain's RAM (XENMEM_add_to_physmap_batch with
 * XENMAPSPACE_gmfn_foreign, what privcmd's mmapbatch uses), its grant
 * frames (XENMEM_acquire_resource, privcmd's mmap_resource), and undoing
 * either (XENMEM_remove_from_physmap).
 *
 * Each such mapping is a P2M_MAP_FOREIGN entry in the caller's stage-2
 * that holds one page reference (grant_table.h): the owner destroying
 * the domain cannot free or reuse the page until the entry is removed,
 * and the last removal frees it.
 *
 * Mappings go into the caller's own space only, and only over a hole
 * (Linux maps into ballooned-out or unpopulated frames): replacing a
 * mapping would have to decide what happens to the page it held.
 *
 * Lock order: d->lock > p2m lock (as memory.c's shared_info mapping);
 * page references are taken and dropped with no lock held.
 */
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/grant_table.h>
#include <hyp/guest_access.h>
#include <hyp/hypercall.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/p2m.h>
#include <public/memory.h>

/* Frames resolved per step of acquire_resource (stack use). */
#define ACQUIRE_BATCH 32

/* Whether gfn is a hole of d's stage-2 (nothing mapped there). */
static bool gfn_is_hole(struct domain *d, gfn_t gfn)
{
	enum p2m_type t;

	return mfn_val(p2m_lookup(d, gfn, &t)) == mfn_val(INVALID_MFN);
}

/*
 * Map a referenced page of another domain at gfn of d; drops it on error.
 * d->lock makes the hole check and the mapping one step against another
 * foreign map or unmap of the same gfn (the reference must not be lost).
 */
static int map_foreign_ref(struct domain *d, gfn_t gfn, mfn_t mfn)
{
	int rc = -EBUSY;

	spin_lock(&d->lock);
	if (gfn_is_hole(d, gfn))
		rc = p2m_map(d, gfn, mfn, 1, P2M_MAP_FOREIGN);
	spin_unlock(&d->lock);
	if (rc)
		gnttab_put_page(mfn);
	return rc;
}

/* One XENMAPSPACE_gmfn_foreign entry: od's gfn idx at d's gfn gpfn. */
static int map_gmfn_foreign(struct domain *d, struct domain *od, u64 idx,
			    u64 gpfn)
{
	mfn_t mfn;
	int rc;

	if (od == d)
		return -EINVAL;
	if (!current->domain->is_privileged)
		return -EPERM;
	rc = gnttab_get_guest_page(od, gfn_init(idx), &mfn);
	if (rc)
		return rc;
	return map_foreign_ref(d, gfn_init(gpfn), mfn);
}

static long add_to_physmap_batch(u64 arg)
{
	struct xen_add_to_physmap_batch b;
	struct domain *self = current->domain, *d, *od = NULL;
	u64 idxs, gpfns, errs;
	u16 i;

	if (copy_from_guest(&b, arg, sizeof(b)))
		return -EFAULT;
	if (b.space == XENMAPSPACE_gmfn_range)
		return -EOPNOTSUPP;
	d = domain_from_id_self(b.domid);
	if (!d)
		return domain_find(b.domid) ? -EPERM : -ESRCH;
	if (b.space != XENMAPSPACE_gmfn_foreign)
		return -EOPNOTSUPP;
	idxs = xen_guest_handle_addr(b.idxs);
	gpfns = xen_guest_handle_addr(b.gpfns);
	errs = xen_guest_handle_addr(b.errs);
	od = b.u.foreign_domid == DOMID_SELF ? self
					     : domain_find(b.u.foreign_domid);
	for (i = 0; i < b.size; i++) {
		xen_ulong_t idx;
		xen_pfn_t gpfn;
		int rc;

		if (copy_from_guest(&idx, idxs + i * sizeof(idx),
				    sizeof(idx)) ||
		    copy_from_guest(&gpfn, gpfns + i * sizeof(gpfn),
				    sizeof(gpfn)))
			return -EFAULT;
		rc = od ? map_gmfn_foreign(d, od, idx, gpfn) : -ESRCH;
		/* Per-entry results; the call itself succeeds (as Xen). */
		if (copy_to_guest(errs + i * sizeof(rc), &rc, sizeof(rc)))
			return -EFAULT;
	}
	return 0;
}

static long remove_from_physmap(u64 arg)
{
	struct xen_remove_from_physmap r;
	struct domain *d;
	enum p2m_type t;
	mfn_t mfn;
	int rc;

	if (copy_from_guest(&r, arg, sizeof(r)))
		return -EFAULT;
	d = domain_from_id_self(r.domid);
	if (!d && current->domain->is_privileged)
		d = domain_find(r.domid);
	if (!d)
		return -ESRCH;
	spin_lock(&d->lock);
	mfn = p2m_lookup(d, gfn_init(r.gpfn), &t);
	if (mfn_val(mfn) == mfn_val(INVALID_MFN))
		rc = -ENOENT;
	else if (t == P2M_MAP_FOREIGN)
		rc = p2m_unmap(d, gfn_init(r.gpfn), 1);
	else if (t == P2M_RAM_RW && mfn_valid(mfn) &&
		 mfn_to_page(mfn)->owner == (u64)(uintptr_t)d)
		/* The domain's own RAM: unmapped, still its own (as Xen). */
		rc = p2m_unmap(d, gfn_init(r.gpfn), 1);
	else
		/* Grant mappings go with GNTTABOP_unmap_grant_ref. */
		rc = -EINVAL;
	spin_unlock(&d->lock);
	/* The entry's page reference, dropped outside d->lock. */
	if (!rc && t == P2M_MAP_FOREIGN)
		gnttab_put_page(mfn);
	return rc;
}

/* Frames of a grant table (the only resource here). */
static long grant_resource_frames(struct domain *d, u32 id)
{
	if (id != XENMEM_resource_grant_table_id_shared)
		return -EINVAL; /* version 1: no status frames */
	return gnttab_max_frames(d);
}

static long acquire_resource(u64 arg)
{
	struct xen_mem_acquire_resource a;
	struct domain *self = current->domain, *d;
	u64 list, done = 0;
	long max;

	if (copy_from_guest(&a, arg, sizeof(a)))
		return -EFAULT;
	if (a.pad)
		return -EINVAL;
	if ((a.frame >> 32) || ((a.frame + a.nr_frames) >> 32))
		return -EINVAL;
	d = domain_find(a.domid);
	if (!d)
		return -ESRCH;
	if (d == self)
		return -EPERM;
	if (!self->is_privileged)
		return -EPERM;
	if (a.type != XENMEM_resource_grant_table)
		return -EOPNOTSUPP;
	max = grant_resource_frames(d, a.id);
	if (max < 0)
		return max;

	list = xen_guest_handle_addr(a.frame_list);
	if (!list) {
		if (a.nr_frames)
			return -EINVAL;
		a.nr_frames = (u32)max;
		return copy_to_guest(arg + offsetof(typeof(a), nr_frames),
				     &a.nr_frames, sizeof(a.nr_frames))
			       ? -EFAULT
			       : 0;
	}
	if (a.frame + a.nr_frames > (u64)max)
		return -EINVAL;
	while (done < a.nr_frames) {
		xen_pfn_t gfns[ACQUIRE_BATCH];
		u64 i, n = MIN((u64)ACQUIRE_BATCH, a.nr_frames - done);

		if (copy_from_guest(gfns, list + done * sizeof(gfns[0]),
				    n * sizeof(gfns[0])))
			return -EFAULT;
		/* Frames mapped before an error stay mapped (as Xen). */
		for (i = 0; i < n; i++) {
			mfn_t mfn;
			int rc = gnttab_get_frame_mfn(d, a.frame + done + i,
						      &mfn);

			if (!rc)
				rc = map_foreign_ref(self, gfn_init(gfns[i]),
						     mfn);
			if (rc)
				return rc;
		}
		done += n;
	}
	return 0;
}

long memory_foreign_op(unsigned int op, u64 arg)
{
	switch (op) {
	case XENMEM_add_to_physmap_batch:
		return add_to_physmap_batch(arg);
	case XENMEM_remove_from_physmap:
		return remove_from_physmap(arg);
	case XENMEM_acquire_resource:
		return acquire_resource(arg);
	default:
		return -ENOSYS;
	}
}
