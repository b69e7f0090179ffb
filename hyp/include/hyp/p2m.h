/* SPDX-License-Identifier: MIT */
/* Stage-2 translation: guest physical to host physical (arch implements). */
#ifndef HYP_P2M_H
#define HYP_P2M_H

#include <hyp/types.h>

struct domain;

enum p2m_type {
	P2M_INVALID = 0,
	P2M_RAM_RW,	/* the domain's RAM */
	P2M_RAM_RO,	/* read-only RAM (e.g. shared read-only pages) */
	P2M_MMIO_DEV,	/* device MMIO, Device-nGnRE, never executable */
	P2M_FOREIGN_RW, /* another domain's page (grant mapping) */
	/*
	 * Another domain's page mapped with XENMAPSPACE_gmfn_foreign or
	 * XENMEM_acquire_resource: the entry holds a page reference that
	 * XENMEM_remove_from_physmap drops (common/memory_foreign.c).
	 */
	P2M_MAP_FOREIGN,
};

/* Allocate the tables and a VMID. */
int p2m_init(struct domain *d);
/* Free every table and the VMID; the domain must not run anywhere. */
void p2m_teardown(struct domain *d);

/*
 * Map nr frames from gfn to mfn. Uses 2 MiB and 1 GiB blocks where both
 * sides are aligned. Replacing a live entry follows break-before-make.
 * Returns 0, -ENOMEM, or -EINVAL for an address beyond the IPA size.
 */
int p2m_map(struct domain *d, gfn_t gfn, mfn_t mfn, u64 nr, enum p2m_type t);
int p2m_unmap(struct domain *d, gfn_t gfn, u64 nr);
/* INVALID_MFN when unmapped. */
mfn_t p2m_lookup(struct domain *d, gfn_t gfn, enum p2m_type *t);
/*
 * The highest gfn ever mapped, 0 before the first mapping; unmapping does
 * not lower it (XENMEM_maximum_gpfn, as Xen's max_mapped_gfn).
 */
gfn_t p2m_max_mapped_gfn(struct domain *d);
/*
 * The pool stage-2 tables come from (XSA-409), in pages. Growing takes
 * pages from the heap (-ENOMEM when it is empty, the pages got so far
 * kept, as Xen); shrinking below the pages in use is -ENOMEM with
 * nothing changed.
 */
int p2m_set_pool_size(struct domain *d, u64 pages);
u64 p2m_pool_size(struct domain *d);
/* The IPA width guests get, in bits. */
unsigned int p2m_ipa_bits(void);

#endif
