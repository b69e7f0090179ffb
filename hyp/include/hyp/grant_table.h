/* SPDX-License-Identifier: MIT */
/*
 * Grant tables (common/grant_table*.c): Xen 4.17's version 1 grant ABI for
 * auto-translated (Arm) guests.
 *
 * The guest interface is __HYPERVISOR_grant_table_op (do_grant_table_op in
 * hypercall.h) and XENMAPSPACE_grant_table of XENMEM_add_to_physmap (which
 * calls gnttab_map_frame()). This header is the hypervisor-internal side:
 * domain setup and teardown, the grant frames, and the page references
 * that keep a domain's pages alive while other domains map them.
 *
 * Page references. A RAM page another domain maps (a grant mapping, a grant
 * copy in progress, or any user of gnttab_get_guest_page()) holds a
 * reference in struct page_info.map_count. The owner must not free such a
 * page: it hands it to gnttab_release_page() or gnttab_free_ram(), which
 * free it at once when nothing maps it and otherwise leave it to the last
 * reference to free. References are only taken under the owner's grant
 * lock after finding the page in the owner's p2m as its RAM, so a page
 * already released is never referenced again.
 *
 * Locking: callers must not hold d->lock, a p2m lock or the heap lock
 * (they nest inside the grant locks; see the top of grant_table.c). A
 * struct domain passed in must stay alive for the call, as with any
 * hypercall target.
 */
#ifndef HYP_GRANT_TABLE_H
#define HYP_GRANT_TABLE_H

#include <hyp/types.h>

struct domain;
struct page_info;

/* Xen's default and ceiling for max_grant_frames (gnttab_max_frames=64). */
#define GNTTAB_DEFAULT_MAX_FRAMES 64U

/*
 * Give d a grant table of at most max_frames frames (0: the default),
 * starting with one frame, as Xen's grant_table_init. d->domain_id must be
 * set. 0, -EINVAL (max_frames too large), -EEXIST or -ENOMEM.
 */
int gnttab_domain_init(struct domain *d, unsigned int max_frames);

/*
 * Tear down d's grant table, as Xen's gnttab_release_mappings and
 * grant_table_destroy:
 * - every mapping d holds of other domains' grants is released (their
 *   GTF_reading/GTF_writing flags cleared, page references dropped). The
 *   p2m entries are left for p2m_teardown(): d's vCPUs must have stopped
 *   for good.
 * - no new mapping or copy of d's grants can start; mappings others hold
 *   stay valid and keep their pages (see gnttab_free_ram()).
 * - the grant frames are freed (those still mapped elsewhere later).
 * Call it before freeing d's RAM. Safe on a domain without a table.
 */
void gnttab_domain_destroy(struct domain *d);

/*
 * XENMEM_add_to_physmap(XENMAPSPACE_grant_table, idx, gfn): map frame idx
 * of d's table at gfn of d, growing the table up to its maximum. As Xen on
 * Arm: -EINVAL for idx beyond the maximum (including status frames,
 * XENMAPIDX_grant_table_status, in version 1) or when growing fails,
 * -EBUSY while the frame is still mapped at another or the same gfn, or
 * p2m_map()'s error. -ENOSYS if d has no grant table.
 */
int gnttab_map_frame(struct domain *d, unsigned long idx, gfn_t gfn);

/*
 * The machine frame of grant frame idx of d (XENMEM_acquire_resource,
 * XENMEM_resource_grant_table_id_shared), growing the table as needed.
 * Takes a page reference the caller drops with gnttab_put_page() once it
 * no longer maps the frame. 0, -EINVAL (beyond the maximum), -ENOSYS.
 */
int gnttab_get_frame_mfn(struct domain *d, unsigned long idx, mfn_t *mfn);

/* The most frames d's table may have (0 without a table). */
unsigned int gnttab_max_frames(struct domain *d);

/*
 * Page references for mappings that outlive a call (foreign mappings of
 * d's RAM by the control domain, for instance): the page at gfn if it is
 * d's RAM (P2M_RAM_RW, owned by d), with a reference taken. 0, or -EINVAL
 * (not d's RAM, or d has no grant table: its lock fences the owner's
 * gnttab_release_page()).
 */
int gnttab_get_guest_page(struct domain *d, gfn_t gfn, mfn_t *mfn);
/* Drop a reference; frees the page if its owner already let go of it. */
void gnttab_put_page(mfn_t mfn);

/* Whether other domains still map the page (references held). */
bool gnttab_page_is_mapped(struct page_info *pg);

/*
 * The owner lets go of one page of its RAM (balloon out, page exchange):
 * call after removing it from d's p2m and from d's page list. Clears the
 * page's owner. Returns true if the caller must free it now
 * (free_pages(pg, 0)); false if it is still mapped elsewhere, in which case
 * the last reference frees it.
 */
bool gnttab_release_page(struct domain *d, struct page_info *pg);

/*
 * Free a block of a destroyed domain's RAM (domain_free_ram), instead of
 * free_pages(pg, order), after gnttab_domain_destroy(): pages nothing maps
 * are freed now (as one block when none is mapped), the others when their
 * last mapping goes. Clears each page's owner. The caller unlinks the block
 * from the domain's page list first.
 */
void gnttab_free_ram(struct page_info *pg, unsigned int order);

#endif
