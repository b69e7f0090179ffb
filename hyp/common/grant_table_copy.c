/* SPDX-License-Identifier: MIT */
/*
 * GNTTABOP_copy, as Xen 4.17 (xen/common/grant_table.c gnttab_copy and its
 * helpers): copy len bytes from one page to another, each side named
 * either by a grant reference of a domain (GNTCOPY_source_gref /
 * GNTCOPY_dest_gref) or by a guest frame of the caller (DOMID_SELF only).
 *
 * Per element, in Xen's order (which decides the status reported):
 * 1. the domains: a frame needs DOMID_SELF (GNTST_permission_denied), a
 *    domain must exist (GNTST_bad_domain);
 * 2. the source, then the destination: a grant is pinned like a mapping
 *    (read-only for the source, writable for the destination) for the
 *    length of the copy, which sets GTF_reading / GTF_writing in the
 *    granter's entry; a frame must be the caller's RAM (GNTST_bad_page);
 * 3. offset + len must stay inside the page on both sides
 *    (GNTST_bad_copy_arg);
 * 4. the bytes are copied through the directmap, and everything is let go.
 *
 * Xen keeps the last source and destination pinned across elements; this
 * pins and unpins each element, which only differs when a granter revokes
 * a grant in the middle of a batch (we then fail the later elements).
 * Holding a page reference during the copy keeps the page from being
 * freed under it. No lock is held while copying.
 */
#include <hyp/errno.h>
#include <hyp/guest_access.h>
#include <hyp/lib.h>
#include <hyp/mm.h>

#include "grant_table_internal.h"

struct copy_side {
	struct domain *d;
	struct grant_table *gt; /* with a reference, for a grant */
	bool is_gref, readonly;
	bool claimed;
	grant_ref_t ref;
	mfn_t mfn;
};

/* Xen's gnttab_copy_lock_domain(). */
static int copy_domain(const struct gnttab_copy_ptr *p, struct copy_side *s)
{
	struct domain *ld = current->domain;

	if (p->domid != DOMID_SELF && !s->is_gref)
		return GNTST_permission_denied;
	if (p->domid == DOMID_SELF || p->domid == ld->domain_id)
		s->d = ld;
	else if (p->domid < DOMID_FIRST_RESERVED)
		s->d = domain_find(p->domid);
	return s->d ? GNTST_okay : GNTST_bad_domain;
}

/* Xen's gnttab_copy_claim_buf(). */
static int copy_claim(const struct gnttab_copy_ptr *p, struct copy_side *s)
{
	int rc;

	if (!s->is_gref) {
		/* A frame of the caller itself (s->d is current->domain). */
		if (gnttab_get_guest_page(s->d, gfn_init(p->u.gmfn), &s->mfn))
			return GNTST_bad_page;
		s->claimed = true;
		return GNTST_okay;
	}
	s->gt = gnttab_get(s->d);
	if (!s->gt)
		return GNTST_bad_domain;
	s->ref = p->u.ref;
	spin_lock(&s->gt->lock);
	rc = gnttab_pin(s->gt, s->ref, current->domain->domain_id, s->readonly,
			false, &s->mfn);
	spin_unlock(&s->gt->lock);
	if (rc == GNTST_okay)
		s->claimed = true;
	return rc;
}

static void copy_release(struct copy_side *s)
{
	if (s->claimed && s->is_gref) {
		spin_lock(&s->gt->lock);
		gnttab_unpin(s->gt, s->ref, s->readonly);
		spin_unlock(&s->gt->lock);
	}
	if (s->claimed)
		gnttab_page_put(mfn_to_page(s->mfn));
	if (s->gt)
		gnttab_put(s->gt);
	s->gt = NULL;
	s->claimed = false;
}

static s16 copy_one(const struct gnttab_copy *op)
{
	struct copy_side src = {
		.is_gref = op->flags & GNTCOPY_source_gref,
		.readonly = true,
	};
	struct copy_side dst = {
		.is_gref = op->flags & GNTCOPY_dest_gref,
		.readonly = false,
	};
	int rc;

	rc = copy_domain(&op->source, &src);
	if (rc == GNTST_okay)
		rc = copy_domain(&op->dest, &dst);
	if (rc == GNTST_okay)
		rc = copy_claim(&op->source, &src);
	if (rc == GNTST_okay)
		rc = copy_claim(&op->dest, &dst);
	if (rc == GNTST_okay &&
	    ((unsigned int)op->source.offset + op->len > PAGE_SIZE ||
	     (unsigned int)op->dest.offset + op->len > PAGE_SIZE))
		rc = GNTST_bad_copy_arg;
	if (rc == GNTST_okay) {
		u8 *from = maddr_to_virt(mfn_to_pa(src.mfn));
		u8 *to = maddr_to_virt(mfn_to_pa(dst.mfn));

		/* Both sides may be the same page. */
		memmove(to + op->dest.offset, from + op->source.offset,
			op->len);
	}
	copy_release(&dst);
	copy_release(&src);
	return rc;
}

long gnttab_op_copy(struct grant_table *lgt, u64 uop, unsigned int count)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		struct gnttab_copy op;
		u64 addr = uop + (u64)i * sizeof(op);

		if (copy_from_guest(&op, addr, sizeof(op)))
			return -EFAULT;
		op.status = copy_one(&op);
		if (copy_to_guest(addr + offsetof(struct gnttab_copy, status),
				  &op.status, sizeof(op.status)))
			return -EFAULT;
	}
	return 0;
}
