/* SPDX-License-Identifier: MIT */
/* The runtime's identity map (see mmu.c for its layout). */
#ifndef GUEST_MMU_H
#define GUEST_MMU_H

#include <lib.h>

/* A VA with no stage-1 mapping: hypercalls given it must fail (-EFAULT). */
#define UNMAPPED_VA 0x7f00000000UL

/* True if va has a stage-1 mapping (it may still fault at stage 2). */
bool mmu_is_mapped(u64 va);

/* Cache maintenance by VA over [start, end) (head.S). */
void dcache_inval_range(u64 start, u64 end);
void dcache_clean_inval_range(u64 start, u64 end);

#endif /* GUEST_MMU_H */
