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
#include <hyp/p2m.h>
#include <public/memory.h>

/* The low bits of cmd are the operation; the rest is continuation state. */
#define MEMOP_CMD_MASK 0x3f

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

long do_memory_op(u64 cmd, u64 arg)
{
	switch (cmd & MEMOP_CMD_MASK) {
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
	default:
		return -ENOSYS;
	}
}
