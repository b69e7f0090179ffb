/* SPDX-License-Identifier: MIT */
/*
 * memory_op: mapping hypervisor pages into a guest's physical address
 * space (XENMEM_add_to_physmap) and reporting reservations.
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

/* The low bits of cmd are the operation; the rest is continuation state. */
#define MEMOP_CMD_MASK 0x3f
#define MEMOP_EXTENT_SHIFT 6

/*
 * As Xen's lookup by any id followed by the dummy XSM policy's target
 * check: a domain that does not exist is -ESRCH, one that exists but is
 * neither the caller nor controlled by it is -EPERM.
 */
static long permitted_domain(domid_t id, struct domain **out)
{
	struct domain *self = current->domain;
	struct domain *d = id == DOMID_SELF ? self : domain_find(id);

	if (!d)
		return -ESRCH;
	if (d != self && !self->is_privileged)
		return -EPERM;
	*out = d;
	return 0;
}

static long map_shared_info(struct domain *d, u64 idx, gfn_t gfn)
{
	long rc;

	if (idx != 0)
		return -EINVAL;
	spin_lock(&d->lock);
	/*
	 * Mapped once: any further request, even at the same gfn, is -EBUSY
	 * (Xen 4.17 wants the page removed first, so firmware that borrowed
	 * a RAM gfn for it cannot leave a hole behind).
	 */
	if (gfn_val(d->shared_info_gfn) != gfn_val(INVALID_GFN)) {
		spin_unlock(&d->lock);
		return -EBUSY;
	}
	/* Whatever was at gfn leaves the guest's view (still the domain's). */
	rc = p2m_map(d, gfn, d->shared_info_mfn, 1, P2M_RAM_RW);
	if (!rc)
		d->shared_info_gfn = gfn;
	spin_unlock(&d->lock);
	return rc;
}

/* Checks in Xen 4.17's order (do_memory_op, xatp_permission_check). */
static long add_to_physmap(u64 cmd, u64 arg)
{
	struct xen_add_to_physmap x;
	struct domain *d;
	long rc;

	/* A continuation index must fit the 16-bit size field. */
	if ((cmd >> MEMOP_EXTENT_SHIFT) > 0xffff)
		return -EDOM;
	if (copy_from_guest(&x, arg, sizeof(x)))
		return -EFAULT;
	/* Foreign pages come only through add_to_physmap_batch. */
	if (x.space == XENMAPSPACE_gmfn_foreign)
		return -ENOSYS;
	rc = permitted_domain(x.domid, &d);
	if (rc)
		return rc;
	/* Device MMIO: only the hardware domain, for itself. */
	if (x.space == XENMAPSPACE_dev_mmio &&
	    (!d->is_privileged || d != current->domain))
		return -EACCES;
	if (x.gpfn == gfn_val(INVALID_GFN))
		return -EINVAL;
	switch (x.space) {
	case XENMAPSPACE_shared_info:
		return map_shared_info(d, x.idx, gfn_init(x.gpfn));
	case XENMAPSPACE_grant_table:
		return gnttab_map_frame(d, x.idx, gfn_init(x.gpfn));
	default:
		/* gmfn and gmfn_range are x86's; dev_mmio is not offered. */
		return -ENOSYS;
	}
}

/*
 * Ballooning. A direct-mapped domain (dom0) keeps its frames while they
 * are ballooned out, so populate_physmap can put the same frame back 1:1
 * (devices DMA to guest physical = host physical). For the others a
 * ballooned-out page stays reserved for the domain until it is destroyed
 * and populate_physmap takes it back first (balloon.c).
 */
/* Largest extent order: Xen's defaults for a domU and for dom0. */
#define DOMU_MAX_ORDER 9
#define CTLDOM_MAX_ORDER 18

static long reservation(struct xen_memory_reservation *r, u64 start_extent,
			unsigned int op)
{
	struct domain *d;
	u64 i, nr_pages = 1UL << r->extent_order;
	u64 ipa_frames = 1UL << (p2m_ipa_bits() - PAGE_SHIFT);
	unsigned int max_order = current->domain->is_privileged
					 ? CTLDOM_MAX_ORDER
					 : DOMU_MAX_ORDER;

	/*
	 * As Xen, a request it will not do is not an error: nothing is done
	 * and the result is the extents done so far (start_extent).
	 */
	if (permitted_domain(r->domid, &d) || r->extent_order > max_order)
		return start_extent;
	/* No continuations here: bound the work of one call (not Xen). */
	if (r->nr_extents > (1UL << 20))
		return -EINVAL;
	for (i = start_extent; i < r->nr_extents; i++) {
		xen_pfn_t gpfn;
		mfn_t mfn;
		u64 addr = xen_guest_handle_addr(r->extent_start) +
			   i * sizeof(gpfn);

		if (copy_from_guest(&gpfn, addr, sizeof(gpfn)))
			return i;
		if (gpfn & (nr_pages - 1))
			return i;
		/*
		 * Past the IPA space: nothing there, and the frame's address
		 * would wrap onto low frames (XSA-301).
		 */
		if (gpfn >= ipa_frames || ipa_frames - gpfn < nr_pages)
			return i;
		if (op == XENMEM_decrease_reservation) {
			if (balloon_decrease(d, gfn_init(gpfn),
					     r->extent_order))
				return i;
		} else if (d->direct_map) {
			/* Only the domain's own frame can come back, 1:1. */
			mfn = mfn_init(gpfn);
			if (!mfn_valid(mfn) ||
			    mfn_to_page(mfn)->owner != (u64)(uintptr_t)d ||
			    p2m_map(d, gfn_init(gpfn), mfn, nr_pages,
				    P2M_RAM_RW))
				return i;
		} else if (balloon_populate(d, gfn_init(gpfn),
					    r->extent_order)) {
			return i;
		}
	}
	return i;
}

static long memory_reservation_op(u64 cmd, u64 arg)
{
	struct xen_memory_reservation r;
	unsigned int op = cmd & MEMOP_CMD_MASK;
	u64 start = cmd >> MEMOP_EXTENT_SHIFT;

	/* Xen 4.17's early checks all answer with the extents done so far. */
	if (copy_from_guest(&r, arg, sizeof(r)) ||
	    r.nr_extents > (0xffffffffUL >> MEMOP_EXTENT_SHIFT) ||
	    start >= r.nr_extents)
		return start;
	/* Auto-translated guests have no use for increase_reservation. */
	if (op == XENMEM_increase_reservation)
		return 0;
	return reservation(&r, start, op);
}

/* current_reservation, maximum_reservation and maximum_gpfn. */
static long reservation_query(u64 cmd, u64 arg)
{
	struct domain *d;
	domid_t id;
	long rc;

	if (cmd >> MEMOP_EXTENT_SHIFT)
		return -EINVAL;
	if (copy_from_guest(&id, arg, sizeof(id)))
		return -EFAULT;
	rc = permitted_domain(id, &d);
	if (rc)
		return rc;
	switch (cmd) {
	case XENMEM_current_reservation:
		return (long)d->tot_pages;
	case XENMEM_maximum_reservation:
		return (long)d->max_pages;
	default:
		return (long)gfn_val(p2m_max_mapped_gfn(d));
	}
}

long do_memory_op(u64 cmd, u64 arg)
{
	switch (cmd & MEMOP_CMD_MASK) {
	case XENMEM_increase_reservation:
	case XENMEM_decrease_reservation:
	case XENMEM_populate_physmap:
		return memory_reservation_op(cmd, arg);
	case XENMEM_add_to_physmap:
		return add_to_physmap(cmd, arg);
	case XENMEM_current_reservation:
	case XENMEM_maximum_reservation:
	case XENMEM_maximum_gpfn:
		return reservation_query(cmd, arg);
	case XENMEM_add_to_physmap_batch:
	case XENMEM_remove_from_physmap:
	case XENMEM_acquire_resource:
		return memory_foreign_op(cmd & MEMOP_CMD_MASK, arg);
	}
	/*
	 * Xen hands the whole cmd to the arch: continuation bits make these
	 * unknown. Memory sharing is "not working yet" on Arm: 0.
	 */
	switch (cmd) {
	case XENMEM_get_sharing_freed_pages:
	case XENMEM_get_sharing_shared_pages:
		return 0;
	default:
		return -ENOSYS;
	}
}
