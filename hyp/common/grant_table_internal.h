/* SPDX-License-Identifier: MIT */
/*
 * Grant tables, shared by grant_table.c (tables, frames, pins, page
 * references), grant_table_map.c (map and unmap, the maptrack),
 * grant_table_copy.c (GNTTABOP_copy) and grant_table_op.c (the hypercall).
 * Locking and object lifetimes are described at the top of grant_table.c.
 */
#ifndef COMMON_GRANT_TABLE_INTERNAL_H
#define COMMON_GRANT_TABLE_INTERNAL_H

#include <hyp/compiler.h>
#include <hyp/domain.h>
#include <hyp/grant_table.h>
#include <hyp/spinlock.h>
#include <hyp/types.h>

#include <public/grant_table.h>

#define GNTTAB_ENTRIES_PER_FRAME \
	((unsigned int)(PAGE_SIZE / sizeof(struct grant_entry_v1)))

/*
 * Pins per kind (read-only, writable) on one entry. Xen keeps 8-bit
 * counters and refuses a pin once the top bit is set.
 */
#define GNTTAB_PIN_MAX 128

/* Most array elements one grant_table_op call handles (no continuations). */
#define GNTTAB_MAX_OPS 1024U
/* GNTTABOP_cache_flush elements per call: each scans the maptrack. */
#define GNTTAB_MAX_FLUSH_OPS 16U

/* Xen's maptrack limit: 1024 pages of mappings per domain. */
#define GNTTAB_MAX_MAPTRACK_FRAMES 1024U
#define GNTTAB_MAPTRACK_NONE (~0U)

/* The hypervisor's view of one grant entry while it is pinned. */
struct gnttab_active {
	u16 pin_ro;    /* read-only mappings and copies reading it */
	u16 pin_rw;    /* writable mappings and copies writing it */
	domid_t domid; /* the grantee holding the pins */
	u16 pad;
	mfn_t mfn; /* the granted page, fixed at the first pin */
};

/*
 * One mapping this domain made of a grant (a grant handle names it). Each
 * holds a reference on the granter's table and on the page.
 */
struct gnttab_maptrack {
	struct grant_table *rgt; /* the granter's table */
	mfn_t mfn;		 /* the page mapped */
	grant_ref_t ref;
	u16 flags;     /* GNTMAP_host_map [| GNTMAP_readonly]; 0 = free */
	domid_t domid; /* the granter */
	u32 next_free; /* free list link while free */
	u32 pad;
};

#define GNTTAB_MAPTRACK_PER_PAGE \
	((unsigned int)(PAGE_SIZE / sizeof(struct gnttab_maptrack)))

struct grant_table {
	/* Frames, active entries, version and dying. */
	spinlock_t lock;
	/* This domain's maptrack (the mappings it made). */
	spinlock_t maptrack_lock;
	u32 refs;
	bool dying;	  /* domain destroyed: no new pins */
	struct domain *d; /* owner, NULL once dying */
	domid_t domid;
	unsigned int version; /* always 1 */

	unsigned int nr_frames, max_frames;
	struct grant_entry_v1 **shared; /* [max_frames], hypervisor pages */
	struct gnttab_active **active;	/* [max_frames], one array a frame */
	gfn_t *frame_gfn; /* [max_frames], where the guest mapped each */

	struct gnttab_maptrack **maptrack; /* [GNTTAB_MAX_MAPTRACK_FRAMES] */
	unsigned int maptrack_limit;	   /* entries allocated */
	u32 maptrack_free;		   /* free list head or _NONE */
};

#ifdef HYP_HOST_TEST
/*
 * Called between reading a guest's grant entry word and updating it with
 * compare-and-swap: a test may change the word there, as a hostile
 * granter racing the hypervisor would.
 */
extern void (*gnttab_test_race_hook)(u32 *word);
#define gnttab_race_point(w)                      \
	do {                                      \
		if (gnttab_test_race_hook)        \
			gnttab_test_race_hook(w); \
	} while (0)
#else
#define gnttab_race_point(w) \
	do {                 \
	} while (0)
#endif

/* ---- grant_table.c ---- */

/* d's table with a reference taken, or NULL (none, or being destroyed). */
struct grant_table *gnttab_get(struct domain *d);
void gnttab_hold(struct grant_table *gt);
void gnttab_put(struct grant_table *gt);

/* Entries in use by the table's frames; under gt->lock. */
static inline unsigned int gnttab_nr_entries(const struct grant_table *gt)
{
	return gt->nr_frames * GNTTAB_ENTRIES_PER_FRAME;
}

static inline struct grant_entry_v1 *gnttab_entry(struct grant_table *gt,
						  grant_ref_t ref)
{
	return &gt->shared[ref / GNTTAB_ENTRIES_PER_FRAME]
			  [ref % GNTTAB_ENTRIES_PER_FRAME];
}

static inline struct gnttab_active *gnttab_act(struct grant_table *gt,
					       grant_ref_t ref)
{
	return &gt->active[ref / GNTTAB_ENTRIES_PER_FRAME]
			  [ref % GNTTAB_ENTRIES_PER_FRAME];
}

/* Grow to nr frames (<= max_frames); under gt->lock. 0 or -ENOMEM. */
int gnttab_grow(struct grant_table *gt, unsigned int nr);

/*
 * Pin entry ref of gt for domain ldom, under gt->lock: on the first pin
 * (or the first writable one) check the guest's entry and set GTF_reading
 * (and GTF_writing) in it; take a reference on the page. map says the pin
 * is for a mapping (Xen then also refuses GTF_sub_page). Returns a GNTST_
 * status; on GNTST_okay, *mfn is the page.
 */
int gnttab_pin(struct grant_table *gt, grant_ref_t ref, domid_t ldom,
	       bool readonly, bool map, mfn_t *mfn);
/*
 * Undo one pin, under gt->lock, clearing GTF_reading/GTF_writing when the
 * last such pin goes. The caller then drops the page reference with
 * gnttab_page_put() (not needed under the lock).
 */
void gnttab_unpin(struct grant_table *gt, grant_ref_t ref, bool readonly);

/* Page references (see grant_table.h); tryget fails on a released page. */
bool gnttab_page_tryget(struct page_info *pg);
void gnttab_page_put(struct page_info *pg);

/* ---- grant_table_map.c ---- */

long gnttab_op_map(struct grant_table *lgt, u64 uop, unsigned int count);
/* GNTTABOP_unmap_grant_ref, or with replace GNTTABOP_unmap_and_replace. */
long gnttab_op_unmap(struct grant_table *lgt, u64 uop, unsigned int count,
		     bool replace);
/* Whether lgt maps mfn; under lgt->maptrack_lock. */
bool gnttab_maptrack_has_mfn(struct grant_table *lgt, mfn_t mfn);
/* Release every mapping lgt's domain holds (domain destroy). */
void gnttab_release_mappings(struct grant_table *lgt);

/* ---- grant_table_copy.c ---- */

long gnttab_op_copy(struct grant_table *lgt, u64 uop, unsigned int count);

#endif
