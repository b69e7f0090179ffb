/* SPDX-License-Identifier: MIT */
/* The runtime's identity map (see mmu.c for its layout). */
#ifndef GUEST_MMU_H
#define GUEST_MMU_H

#include <lib.h>

/* A VA with no stage-1 mapping: hypercalls given it must fail (-EFAULT). */
#define UNMAPPED_VA 0x7f00000000UL

/* True if va has a stage-1 mapping (it may still fault at stage 2). */
bool mmu_is_mapped(u64 va);

/*
 * Map one 4 KiB page va -> pa, never executable at EL1. prot: MMU_EL0
 * (EL0 may access it), MMU_RO (read-only), MMU_EXEC_EL0 (EL0 may execute
 * it), MMU_DEVICE (Device-nGnRnE, else Normal WB). Splits the 1 GiB / 2 MiB block around va into tables (a
 * pool of four): nothing else in that block may be in use meanwhile.
 * Returns 0, or -1 (bad address, pool exhausted).
 */
#define MMU_EL0 1U
#define MMU_RO 2U
#define MMU_EXEC_EL0 4U
#define MMU_DEVICE 8U
int mmu_map_page(u64 va, u64 pa, unsigned int prot);

/* Cache maintenance by VA over [start, end) (head.S). */
void dcache_inval_range(u64 start, u64 end);
void dcache_clean_inval_range(u64 start, u64 end);

#endif /* GUEST_MMU_H */
