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

/* DOMID_SELF or the caller itself; the control domain may name others. */
static struct domain *target_domain(domid_t id)
{
	struct domain *d = domain_from_id_self(id);

	if (!d && current->domain->is_privileged)
		d = domain_find(id);
	return d;
}

static long add_to_physmap(u64 arg)
{
	struct xen_add_to_physmap x;
	struct domain *d;

	if (copy_from_guest(&x, arg, sizeof(x)))
		return -EFAULT;
	d = target_domain(x.domid);
	if (!d)
		return -ESRCH;
	switch (x.space) {
	case XENMAPSPACE_shared_info: {
		long rc;

		if (x.idx != 0)
			return -EINVAL;
		spin_lock(&d->lock);
		/* One place at a time, as Xen: a second gfn is -EBUSY. */
		if (gfn_val(d->shared_info_gfn) != gfn_val(INVALID_GFN) &&
		    gfn_val(d->shared_info_gfn) != x.gpfn) {
			spin_unlock(&d->lock);
			return -EBUSY;
		}
		/*
		 * Whatever was at gpfn is dropped from the guest's view (the
		 * page stays the domain's until it is destroyed).
		 */
		rc = p2m_map(d, gfn_init(x.gpfn), d->shared_info_mfn, 1,
			     P2M_RAM_RW);
		if (!rc)
			d->shared_info_gfn = gfn_init(x.gpfn);
		spin_unlock(&d->lock);
		return rc;
	}
	case XENMAPSPACE_grant_table:
		return gnttab_map_frame(d, x.idx, gfn_init(x.gpfn));
	default:
		return -ENOSYS;
	}
}

/*
 * Ballooning. A direct-mapped domain (dom0) keeps its frames while they
 * are ballooned out, so populate_physmap can put the same frame back 1:1
 * (devices DMA to guest physical = host physical). For the others a
 * ballooned-out page stays reserved for the domain until it is destroyed;
 * handing single pages back to the heap needs per-page ownership.
 */
static long reservation(struct xen_memory_reservation *r, u64 start_extent,
			unsigned int op)
{
	struct domain *d = target_domain(r->domid);
	u64 i, nr_pages = 1UL << r->extent_order;

	if (!d)
		return -ESRCH;
	if (r->extent_order > 18 || r->nr_extents > (1UL << 20))
		return -EINVAL;
	for (i = start_extent; i < r->nr_extents; i++) {
		xen_pfn_t gpfn;
		enum p2m_type t;
		mfn_t mfn;
		u64 addr = xen_guest_handle_addr(r->extent_start) +
			   i * sizeof(gpfn);

		if (copy_from_guest(&gpfn, addr, sizeof(gpfn)))
			return i;
		if (gpfn & (nr_pages - 1))
			return i;
		if (op == XENMEM_decrease_reservation) {
			mfn = p2m_lookup(d, gfn_init(gpfn), &t);
			if (t != P2M_RAM_RW || !mfn_valid(mfn) ||
			    mfn_to_page(mfn)->owner != (u64)(uintptr_t)d)
				return i;
			if (p2m_unmap(d, gfn_init(gpfn), nr_pages))
				return i;
			if (!d->direct_map)
				d->tot_pages -= nr_pages;
		} else if (d->direct_map) {
			/* Only the domain's own frame can come back, 1:1. */
			mfn = mfn_init(gpfn);
			if (!mfn_valid(mfn) ||
			    mfn_to_page(mfn)->owner != (u64)(uintptr_t)d ||
			    p2m_map(d, gfn_init(gpfn), mfn, nr_pages,
				    P2M_RAM_RW))
				return i;
		} else {
			if (p2m_lookup(d, gfn_init(gpfn), &t).mfn !=
			    INVALID_MFN.mfn)
				return i;
			if (domain_populate_ram(d, gpfn << PAGE_SHIFT,
						nr_pages << PAGE_SHIFT))
				return i;
		}
	}
	return i;
}

static long memory_reservation_op(u64 cmd, u64 arg)
{
	struct xen_memory_reservation r;
	unsigned int op = cmd & MEMOP_CMD_MASK;

	if (copy_from_guest(&r, arg, sizeof(r)))
		return -EFAULT;
	/* Auto-translated guests have no use for increase_reservation. */
	if (op == XENMEM_increase_reservation)
		return 0;
	return reservation(&r, cmd >> MEMOP_EXTENT_SHIFT, op);
}

long do_memory_op(u64 cmd, u64 arg)
{
	switch (cmd & MEMOP_CMD_MASK) {
	case XENMEM_increase_reservation:
	case XENMEM_decrease_reservation:
	case XENMEM_populate_physmap:
		return memory_reservation_op(cmd, arg);
	case XENMEM_add_to_physmap:
		return add_to_physmap(arg);
	case XENMEM_current_reservation:
	case XENMEM_maximum_reservation: {
		domid_t id;
		struct domain *d;

		if (copy_from_guest(&id, arg, sizeof(id)))
			return -EFAULT;
		d = target_domain(id);
		if (!d)
			return -ESRCH;
		return (cmd & MEMOP_CMD_MASK) == XENMEM_current_reservation
			       ? (long)d->tot_pages
			       : (long)d->max_pages;
	}
	case XENMEM_add_to_physmap_batch:
	case XENMEM_remove_from_physmap:
	case XENMEM_acquire_resource:
		return memory_foreign_op(cmd & MEMOP_CMD_MASK, arg);
	default:
		return -ENOSYS;
	}
}
