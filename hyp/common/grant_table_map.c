/* SPDX-License-Identifier: MIT */
/*
 * GNTTABOP_map_grant_ref, GNTTABOP_unmap_grant_ref and
 * GNTTABOP_unmap_and_replace for auto-translated guests, as Xen 4.17 on Arm
 * (xen/common/grant_table.c map_grant_ref / unmap_common, and
 * create_grant_host_mapping / replace_grant_host_mapping in
 * xen/arch/arm/mm.c):
 *
 * - A mapping puts the granted page into the mapper's stage 2 at guest
 *   physical address host_addr (P2M_FOREIGN_RW, or P2M_RAM_RO with
 *   GNTMAP_readonly) and returns dev_bus_addr = the page's machine address.
 *   Only GNTMAP_host_map [| GNTMAP_readonly] can succeed.
 * - The mapping is recorded in the mapper's maptrack; its index is the
 *   grant handle. Each holds a pin on the grant entry, a reference on the
 *   page and one on the granter's table.
 * - Unmapping removes the stage-2 entry only if host_addr still maps the
 *   page there; a host_addr of 0 leaves the mapping in place (Xen).
 *
 * Locking: the mapper's maptrack_lock is held across each map or unmap
 * (so a handle cannot be unmapped twice), the granter's lock only around
 * pinning and unpinning. See grant_table.c.
 */
#include <hyp/errno.h>
#include <hyp/guest_access.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/p2m.h>

#include "grant_table_internal.h"

#define MAP_FLAGS_KEPT (GNTMAP_host_map | GNTMAP_readonly)

static struct gnttab_maptrack *mt_entry(struct grant_table *lgt, u32 h)
{
	return &lgt->maptrack[h / GNTTAB_MAPTRACK_PER_PAGE]
			     [h % GNTTAB_MAPTRACK_PER_PAGE];
}

/* A free handle, adding a page of them if needed; under maptrack_lock. */
static u32 maptrack_get(struct grant_table *lgt)
{
	struct gnttab_maptrack *mt;
	u32 h;

	if (lgt->maptrack_free == GNTTAB_MAPTRACK_NONE) {
		unsigned int page =
			lgt->maptrack_limit / GNTTAB_MAPTRACK_PER_PAGE;
		unsigned int i;

		if (page >= GNTTAB_MAX_MAPTRACK_FRAMES)
			return GNTTAB_MAPTRACK_NONE;
		mt = alloc_hyp_pages(0, ALLOC_ZERO);
		if (!mt)
			return GNTTAB_MAPTRACK_NONE;
		for (i = 0; i < GNTTAB_MAPTRACK_PER_PAGE; i++)
			mt[i].next_free = lgt->maptrack_limit + i + 1;
		mt[GNTTAB_MAPTRACK_PER_PAGE - 1].next_free =
			GNTTAB_MAPTRACK_NONE;
		lgt->maptrack[page] = mt;
		lgt->maptrack_free = lgt->maptrack_limit;
		lgt->maptrack_limit += GNTTAB_MAPTRACK_PER_PAGE;
	}
	h = lgt->maptrack_free;
	mt = mt_entry(lgt, h);
	lgt->maptrack_free = mt->next_free;
	return h;
}

static void maptrack_put(struct grant_table *lgt, u32 h)
{
	struct gnttab_maptrack *mt = mt_entry(lgt, h);

	mt->flags = 0;
	mt->rgt = NULL;
	mt->next_free = lgt->maptrack_free;
	lgt->maptrack_free = h;
}

static enum p2m_type map_type(bool readonly)
{
	return readonly ? P2M_RAM_RO : P2M_FOREIGN_RW;
}

/* Drop the pin and references a mapping (or a failed one) holds. */
static void mapping_release(struct grant_table *rgt, grant_ref_t ref,
			    bool readonly, mfn_t mfn)
{
	spin_lock(&rgt->lock);
	gnttab_unpin(rgt, ref, readonly);
	spin_unlock(&rgt->lock);
	gnttab_page_put(mfn_to_page(mfn));
}

/* One GNTTABOP_map_grant_ref element; sets op->status (Xen's order). */
static void map_one(struct grant_table *lgt, struct gnttab_map_grant_ref *op)
{
	struct domain *ld = current->domain, *rd = NULL;
	bool ro = op->flags & GNTMAP_readonly;
	struct grant_table *rgt = NULL;
	struct gnttab_maptrack *mt;
	mfn_t mfn;
	u32 h;
	int rc;

	if (!(op->flags & (GNTMAP_device_map | GNTMAP_host_map))) {
		op->status = GNTST_bad_gntref;
		return;
	}
	/* No device or PV mappings for translated guests. */
	if (op->flags & (GNTMAP_device_map | GNTMAP_application_map |
			 GNTMAP_contains_pte)) {
		op->status = GNTST_general_error;
		return;
	}
	/* A real id: DOMID_SELF is not accepted here (Xen). */
	if (op->dom < DOMID_FIRST_RESERVED)
		rd = domain_find(op->dom);
	if (rd)
		rgt = gnttab_get(rd);
	if (!rgt) {
		op->status = GNTST_bad_domain;
		return;
	}

	spin_lock(&lgt->maptrack_lock);
	h = maptrack_get(lgt);
	if (h == GNTTAB_MAPTRACK_NONE) {
		rc = GNTST_no_space;
		goto out;
	}
	spin_lock(&rgt->lock);
	rc = gnttab_pin(rgt, op->ref, ld->domain_id, ro, true, &mfn);
	spin_unlock(&rgt->lock);
	if (rc != GNTST_okay)
		goto out_handle;

	/* create_grant_host_mapping(): host_map [| readonly] only. */
	if ((op->flags & ~GNTMAP_readonly) != GNTMAP_host_map ||
	    p2m_map(ld, gfn_init(op->host_addr >> PAGE_SHIFT), mfn, 1,
		    map_type(ro))) {
		rc = GNTST_general_error;
		mapping_release(rgt, op->ref, ro, mfn);
		goto out_handle;
	}

	mt = mt_entry(lgt, h);
	mt->rgt = rgt; /* keeps the reference taken above */
	mt->mfn = mfn;
	mt->ref = op->ref;
	mt->domid = op->dom;
	mt->flags = op->flags & MAP_FLAGS_KEPT;
	spin_unlock(&lgt->maptrack_lock);
	op->dev_bus_addr = pa_val(mfn_to_pa(mfn));
	op->handle = h;
	op->status = GNTST_okay;
	return;

out_handle:
	maptrack_put(lgt, h);
out:
	spin_unlock(&lgt->maptrack_lock);
	gnttab_put(rgt);
	op->status = rc;
}

long gnttab_op_map(struct grant_table *lgt, u64 uop, unsigned int count)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		struct gnttab_map_grant_ref op;
		u64 addr = uop + (u64)i * sizeof(op);

		if (copy_from_guest(&op, addr, sizeof(op)))
			return -EFAULT;
		map_one(lgt, &op);
		/* Xen writes the whole element back. */
		if (copy_to_guest(addr, &op, sizeof(op)))
			return -EFAULT;
	}
	return 0;
}

/*
 * One unmap element (Xen's unmap_common then unmap_common_complete). The
 * stage-2 removal flushes the TLBs before the page reference goes.
 */
static s16 unmap_one(struct grant_table *lgt, u64 host_addr, u64 new_addr,
		     grant_handle_t handle)
{
	struct domain *ld = current->domain;
	struct gnttab_maptrack *mt;
	s16 rc = GNTST_okay;
	bool ro;

	spin_lock(&lgt->maptrack_lock);
	if (handle >= lgt->maptrack_limit) {
		rc = GNTST_bad_handle;
		goto out;
	}
	mt = mt_entry(lgt, handle);
	if (!mt->flags) {
		rc = GNTST_bad_handle;
		goto out;
	}
	ro = mt->flags & GNTMAP_readonly;

	if (host_addr && (mt->flags & GNTMAP_host_map)) {
		gfn_t gfn = gfn_init(host_addr >> PAGE_SHIFT);
		enum p2m_type t;
		mfn_t cur;

		/* replace_grant_host_mapping(): no new_addr on Arm. */
		if (new_addr) {
			rc = GNTST_general_error;
			goto out;
		}
		cur = p2m_lookup(ld, gfn, &t);
		if (mfn_val(cur) != mfn_val(mt->mfn) || t != map_type(ro) ||
		    p2m_unmap(ld, gfn, 1)) {
			rc = GNTST_general_error;
			goto out;
		}
		mt->flags &= ~GNTMAP_host_map;
	}

	if (!(mt->flags & (GNTMAP_host_map | GNTMAP_device_map))) {
		struct grant_table *rgt = mt->rgt;
		grant_ref_t ref = mt->ref;
		mfn_t mfn = mt->mfn;

		maptrack_put(lgt, handle);
		mapping_release(rgt, ref, ro, mfn);
		gnttab_put(rgt);
	}
out:
	spin_unlock(&lgt->maptrack_lock);
	return rc;
}

long gnttab_op_unmap(struct grant_table *lgt, u64 uop, unsigned int count,
		     bool replace)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		u64 host_addr, new_addr = 0, status_addr;
		grant_handle_t handle;
		s16 status;

		if (replace) {
			struct gnttab_unmap_and_replace op;
			u64 addr = uop + (u64)i * sizeof(op);

			if (copy_from_guest(&op, addr, sizeof(op)))
				return -EFAULT;
			host_addr = op.host_addr;
			new_addr = op.new_addr;
			handle = op.handle;
			status_addr = addr + offsetof(typeof(op), status);
		} else {
			struct gnttab_unmap_grant_ref op;
			u64 addr = uop + (u64)i * sizeof(op);

			if (copy_from_guest(&op, addr, sizeof(op)))
				return -EFAULT;
			/* dev_bus_addr only matters for device mappings. */
			host_addr = op.host_addr;
			handle = op.handle;
			status_addr = addr + offsetof(typeof(op), status);
		}
		status = unmap_one(lgt, host_addr, new_addr, handle);
		if (copy_to_guest(status_addr, &status, sizeof(status)))
			return -EFAULT;
	}
	return 0;
}

bool gnttab_maptrack_has_mfn(struct grant_table *lgt, mfn_t mfn)
{
	u32 h;

	for (h = 0; h < lgt->maptrack_limit; h++) {
		struct gnttab_maptrack *mt = mt_entry(lgt, h);

		if (mt->flags && mfn_val(mt->mfn) == mfn_val(mfn))
			return true;
	}
	return false;
}

/*
 * Domain destroy: give back every mapping, as Xen's
 * gnttab_release_mappings. The stage-2 entries go with the p2m.
 */
void gnttab_release_mappings(struct grant_table *lgt)
{
	unsigned int page;
	u32 h;

	spin_lock(&lgt->maptrack_lock);
	for (h = 0; h < lgt->maptrack_limit; h++) {
		struct gnttab_maptrack *mt = mt_entry(lgt, h);
		struct grant_table *rgt = mt->rgt;

		if (!mt->flags)
			continue;
		mapping_release(rgt, mt->ref, mt->flags & GNTMAP_readonly,
				mt->mfn);
		mt->flags = 0;
		mt->rgt = NULL;
		gnttab_put(rgt);
	}
	for (page = 0; page < lgt->maptrack_limit / GNTTAB_MAPTRACK_PER_PAGE;
	     page++) {
		free_hyp_pages(lgt->maptrack[page], 0);
		lgt->maptrack[page] = NULL;
	}
	lgt->maptrack_limit = 0;
	lgt->maptrack_free = GNTTAB_MAPTRACK_NONE;
	spin_unlock(&lgt->maptrack_lock);
}
