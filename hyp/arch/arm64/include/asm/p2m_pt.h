/* SPDX-License-Identifier: MIT */
/*
 * arm64 stage-2 tables of one domain (arch/arm64/p2m_pt.c): the walker
 * over VMSAv8-64 descriptors, 4 KiB granule. Plain C, so the host unit
 * tests build it too (tests/unit/test_p2m.c); the CPU parts (TLB, VMID,
 * VTCR) are in arch/arm64/p2m.c behind the two hooks below.
 */
#ifndef ASM_P2M_PT_H
#define ASM_P2M_PT_H

#include <hyp/p2m.h>
#include <hyp/p2m_pool.h>
#include <hyp/spinlock.h>
#include <hyp/types.h>

struct p2m {
	spinlock_t lock;
	u64 *root; /* hypervisor mapping of the root table (from the heap) */
	u64 vttbr; /* root PA | VMID << 48 */
	u16 vmid;
	u8 start_level;	      /* 0 or 1 (VTCR_EL2.SL0) */
	u64 max_mapped_gfn;   /* highest gfn ever mapped (never lowered) */
	struct p2m_pool pool; /* every table below the root, under lock */
};

/*
 * Set [ipa, ipa+size) to pa as type t, or unmap it with P2M_INVALID. With
 * p2m->lock held. All-or-nothing: the tables it needs are counted and
 * reserved from the pool first, so -ENOMEM (pool empty) and -EINVAL
 * (unaligned) leave the tables as they were.
 */
int p2m_pt_set(struct p2m *p2m, u64 ipa, u64 pa, u64 size, enum p2m_type t);
/* The PA ipa translates to (-1 if none) and its type. Lock held. */
u64 p2m_pt_lookup(struct p2m *p2m, u64 ipa, enum p2m_type *t);
/* Give every table below the root back to the pool; root cleared. */
void p2m_pt_free_tables(struct p2m *p2m);

/* Hooks p2m_pt.c calls (arch/arm64/p2m.c; the unit test has its own). */
/* Invalidate the domain's stage-1+2 TLB entries on every CPU. */
void p2m_flush_tlb(struct p2m *p2m);
/* Make table writes visible to the table walkers (DSB ISHST). */
void p2m_pt_sync(void);

#endif
