/* SPDX-License-Identifier: MIT */
/*
 * __HYPERVISOR_grant_table_op(cmd, uop, count): the dispatcher and the
 * small commands, with Xen 4.17's checks, statuses and error numbers on Arm
 * (xen/common/grant_table.c do_grant_table_op; GNTTAB_MAX_VERSION 1 in
 * xen/arch/arm/include/asm/grant_table.h; no CONFIG_PV, so no transfer).
 * Permissions follow Xen's dummy XSM policy, like the event channels: a
 * domain may query or set up its own table and the control domain any
 * table; anybody may map or copy anybody's grants (the grant entry says
 * who). Debian's SILO policy would also refuse domU-to-domU grants.
 *
 * cmd and count are 32-bit in Xen's prototype: the upper bits are ignored.
 * Bits 12 and up of cmd are continuation state, allowed only for
 * cache_flush. Xen preempts long batches with continuations; we do not, so
 * one call takes at most GNTTAB_MAX_OPS elements (GNTTAB_MAX_FLUSH_OPS for
 * cache_flush) and refuses more with -EINVAL, which is also what Xen
 * answers for a count that is too large (above INT_MAX). Linux batches far
 * fewer (netback: 512 copies; blkback, gntdev users: a few dozen).
 *
 * Each element is copied in from the guest once, checked, used, and its
 * result copied back; a failing copy ends the call with -EFAULT, elements
 * before it done.
 */
#include <hyp/errno.h>
#include <hyp/guest_access.h>
#include <hyp/hypercall.h>
#include <hyp/lib.h>
#include <hyp/mm.h>

#include "grant_table_internal.h"

#define GNTTABOP_CMD_MASK 0xfffU

/*
 * The table of a domain a command names by any id (DOMID_SELF too), with
 * Xen's XSM_TARGET check; NULL with a GNTST_ status otherwise.
 */
static struct grant_table *target_table(domid_t id, s16 *status)
{
	struct domain *cd = current->domain, *d = NULL;
	struct grant_table *gt;

	if (id == DOMID_SELF || id == cd->domain_id)
		d = cd;
	else if (id < DOMID_FIRST_RESERVED)
		d = domain_find(id);
	if (!d) {
		*status = GNTST_bad_domain;
		return NULL;
	}
	if (d != cd && !cd->is_privileged) {
		*status = GNTST_permission_denied;
		return NULL;
	}
	gt = gnttab_get(d);
	if (!gt)
		*status = GNTST_bad_domain;
	return gt;
}

static long op_query_size(u64 uop, unsigned int count)
{
	struct gnttab_query_size op;
	struct grant_table *gt;

	if (count != 1)
		return -EINVAL;
	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	gt = target_table(op.dom, &op.status);
	if (gt) {
		spin_lock(&gt->lock);
		op.nr_frames = gt->nr_frames;
		op.max_nr_frames = gt->max_frames;
		op.status = GNTST_okay;
		spin_unlock(&gt->lock);
		gnttab_put(gt);
	}
	return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : 0;
}

/*
 * Grow the table to nr_frames and report each frame's guest frame number:
 * on Arm the gfn where the guest mapped it, or INVALID_GFN (Xen's
 * gnttab_shared_gfn is the frame's recorded xenheap gfn).
 */
static long op_setup_table(u64 uop, unsigned int count)
{
	struct gnttab_setup_table op;
	struct grant_table *gt;
	unsigned int i;

	if (count != 1)
		return -EINVAL;
	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	gt = target_table(op.dom, &op.status);
	if (!gt)
		goto out;
	spin_lock(&gt->lock);
	if (op.nr_frames > gt->max_frames || gt->dying ||
	    (op.nr_frames > gt->nr_frames && gnttab_grow(gt, op.nr_frames))) {
		op.status = GNTST_general_error;
		goto unlock;
	}
	op.status = GNTST_okay;
	for (i = 0; i < op.nr_frames; i++) {
		xen_pfn_t gfn = gfn_val(gt->frame_gfn[i]);

		if (copy_to_guest(op.frame_list.q + (u64)i * sizeof(gfn), &gfn,
				  sizeof(gfn)))
			op.status = GNTST_bad_virt_addr;
	}
unlock:
	spin_unlock(&gt->lock);
	gnttab_put(gt);
out:
	if (copy_to_guest(uop + offsetof(struct gnttab_setup_table, status),
			  &op.status, sizeof(op.status)))
		return -EFAULT;
	return 0;
}

/* Only version 1 exists here (Xen on Arm: GNTTAB_MAX_VERSION 1). */
static long op_set_version(struct grant_table *lgt, u64 uop)
{
	struct gnttab_set_version op;
	long rc;

	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	if (op.version != 1 && op.version != 2)
		rc = -EINVAL;
	else if (op.version == 2)
		rc = -ENOSYS; /* "behave as before set_version existed" */
	else
		rc = 0;
	op.version = lgt->version;
	if (copy_to_guest(uop, &op, sizeof(op)))
		return -EFAULT;
	return rc;
}

static long op_get_version(u64 uop)
{
	struct gnttab_get_version op;
	struct grant_table *gt;
	s16 status;

	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	gt = target_table(op.dom, &status);
	if (!gt)
		return status == GNTST_permission_denied ? -EPERM : -ESRCH;
	op.version = gt->version;
	gnttab_put(gt);
	if (copy_to_guest(uop + offsetof(struct gnttab_get_version, version),
			  &op.version, sizeof(op.version)))
		return -EFAULT;
	return 0;
}

/* Version 1 has no status frames: asking for any is an error. */
static long op_get_status_frames(u64 uop, unsigned int count)
{
	struct gnttab_get_status_frames op;
	struct grant_table *gt;

	if (count != 1)
		return -EINVAL;
	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	gt = target_table(op.dom, &op.status);
	if (gt) {
		op.status = op.nr_frames ? GNTST_general_error : GNTST_okay;
		gnttab_put(gt);
	}
	if (copy_to_guest(
		    uop + offsetof(struct gnttab_get_status_frames, status),
		    &op.status, sizeof(op.status)))
		return -EFAULT;
	return 0;
}

static s16 swap_one(struct grant_table *gt, grant_ref_t a, grant_ref_t b)
{
	s16 rc = GNTST_okay;

	spin_lock(&gt->lock);
	if (a >= gnttab_nr_entries(gt) || b >= gnttab_nr_entries(gt)) {
		rc = GNTST_bad_gntref;
	} else if (a != b) {
		struct gnttab_active *act_a = gnttab_act(gt, a);
		struct gnttab_active *act_b = gnttab_act(gt, b);

		if (act_a->pin_ro || act_a->pin_rw || act_b->pin_ro ||
		    act_b->pin_rw) {
			rc = GNTST_eagain;
		} else {
			/* Whole entries, each read and written once. */
			u64 *ea = (u64 *)gnttab_entry(gt, a);
			u64 *eb = (u64 *)gnttab_entry(gt, b);
			u64 va = __atomic_load_n(ea, __ATOMIC_RELAXED);
			u64 vb = __atomic_load_n(eb, __ATOMIC_RELAXED);

			__atomic_store_n(ea, vb, __ATOMIC_RELAXED);
			__atomic_store_n(eb, va, __ATOMIC_RELAXED);
		}
	}
	spin_unlock(&gt->lock);
	return rc;
}

static long op_swap(struct grant_table *lgt, u64 uop, unsigned int count)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		struct gnttab_swap_grant_ref op;
		u64 addr = uop + (u64)i * sizeof(op);

		if (copy_from_guest(&op, addr, sizeof(op)))
			return -EFAULT;
		op.status = swap_one(lgt, op.ref_a, op.ref_b);
		if (copy_to_guest(addr + offsetof(typeof(op), status),
				  &op.status, sizeof(op.status)))
			return -EFAULT;
	}
	return 0;
}

/*
 * Clean and invalidate [va, va + len) to the point of coherency. Both
 * GNTTAB_CACHE_CLEAN and GNTTAB_CACHE_INVAL get clean+invalidate (DC
 * CIVAC): as seen by the caller it is what either asks for, and unlike a
 * bare invalidate it can never throw away data the granter wrote.
 */
static void dcache_clean_inval(void *va, size_t len)
{
#if defined(__aarch64__) && !defined(HYP_HOST_TEST)
	u64 ctr, line, p, end = (u64)(uintptr_t)va + len;

	__asm__ __volatile__("mrs %0, ctr_el0" : "=r"(ctr));
	line = 4UL << ((ctr >> 16) & 0xf); /* DminLine */
	for (p = (u64)(uintptr_t)va & ~(line - 1); p < end; p += line)
		__asm__ __volatile__("dc civac, %0" : : "r"(p) : "memory");
	__asm__ __volatile__("dsb sy" ::: "memory");
#else
	(void)va;
	(void)len;
#endif
}

/*
 * One GNTTABOP_cache_flush element, as Xen's _cache_flush(): the page is
 * named by machine address and must be the caller's own or one it maps
 * through a grant.
 */
static long cache_flush_one(struct grant_table *lgt,
			    const struct gnttab_cache_flush *c, u32 cur_ref)
{
	struct domain *ld = current->domain;
	struct page_info *pg;
	mfn_t mfn;
	long rc = 0;

	if (c->offset >= PAGE_SIZE || c->length > PAGE_SIZE ||
	    (unsigned int)c->offset + c->length > PAGE_SIZE ||
	    (c->op & ~(GNTTAB_CACHE_INVAL | GNTTAB_CACHE_CLEAN)))
		return -EINVAL;
	if (!c->length || !c->op)
		return cur_ref ? -EILSEQ : 0;
	mfn = pa_to_mfn(pa_init(c->a.dev_bus_addr));
	if (!mfn_valid(mfn))
		return -EINVAL;
	pg = mfn_to_page(mfn);

	/* Owner compared, never followed: it may be a dead domain's. */
	if (READ_ONCE(pg->owner) == (u64)(uintptr_t)ld) {
		bool held = false;

		/* A reference keeps it ours while we flush. */
		spin_lock(&lgt->lock);
		if (READ_ONCE(pg->owner) == (u64)(uintptr_t)ld)
			held = gnttab_page_tryget(pg);
		spin_unlock(&lgt->lock);
		if (!held)
			return -EPERM;
		dcache_clean_inval((u8 *)maddr_to_virt(mfn_to_pa(mfn)) +
					   c->offset,
				   c->length);
		gnttab_page_put(pg);
		return 0;
	}
	if (!gnttab_page_is_mapped(pg))
		return READ_ONCE(pg->owner) ? -EINVAL : -EPERM;

	/* The mapping cannot go away while its maptrack is locked. */
	spin_lock(&lgt->maptrack_lock);
	if (gnttab_maptrack_has_mfn(lgt, mfn))
		dcache_clean_inval((u8 *)maddr_to_virt(mfn_to_pa(mfn)) +
					   c->offset,
				   c->length);
	else
		rc = -EINVAL;
	spin_unlock(&lgt->maptrack_lock);
	return rc;
}

static long op_cache_flush(struct grant_table *lgt, u64 uop, unsigned int count,
			   u32 cur_ref)
{
	unsigned int i;

	if (count > GNTTAB_MAX_FLUSH_OPS)
		return -EINVAL;
	for (i = 0; i < count; i++) {
		struct gnttab_cache_flush op;
		long rc;

		if (copy_from_guest(&op, uop + (u64)i * sizeof(op), sizeof(op)))
			return -EFAULT;
		rc = cache_flush_one(lgt, &op, cur_ref);
		if (rc)
			return rc;
		cur_ref = 0;
	}
	return 0;
}

long do_grant_table_op(u64 cmd64, u64 uop, u64 count64)
{
	struct grant_table *lgt = current->domain->grant_table;
	u32 cmd = (u32)cmd64, count = (u32)count64;
	u32 opaque = cmd & ~GNTTABOP_CMD_MASK;

	if ((s32)count < 0)
		return -EINVAL;
	cmd &= GNTTABOP_CMD_MASK;
	if (cmd != GNTTABOP_cache_flush && opaque)
		return -EINVAL;
	if (!lgt)
		return -ENOSYS;

	switch (cmd) {
	case GNTTABOP_map_grant_ref:
		if (count > GNTTAB_MAX_OPS)
			return -EINVAL;
		return gnttab_op_map(lgt, uop, count);
	case GNTTABOP_unmap_grant_ref:
	case GNTTABOP_unmap_and_replace:
		if (count > GNTTAB_MAX_OPS)
			return -EINVAL;
		return gnttab_op_unmap(lgt, uop, count,
				       cmd == GNTTABOP_unmap_and_replace);
	case GNTTABOP_copy:
		if (count > GNTTAB_MAX_OPS)
			return -EINVAL;
		return gnttab_op_copy(lgt, uop, count);
	case GNTTABOP_swap_grant_ref:
		if (count > GNTTAB_MAX_OPS)
			return -EINVAL;
		return op_swap(lgt, uop, count);
	case GNTTABOP_setup_table:
		return op_setup_table(uop, count);
	case GNTTABOP_query_size:
		return op_query_size(uop, count);
	case GNTTABOP_set_version:
		return op_set_version(lgt, uop);
	case GNTTABOP_get_version:
		return op_get_version(uop);
	case GNTTABOP_get_status_frames:
		return op_get_status_frames(uop, count);
	case GNTTABOP_cache_flush:
		return op_cache_flush(lgt, uop, count, opaque >> 12);
	case GNTTABOP_transfer:
		return -EOPNOTSUPP; /* PV only: opt_grant_transfer is false */
	default:
		return -ENOSYS; /* dump_table included */
	}
}
