/* SPDX-License-Identifier: MIT */
/*
 * Interfaces private to common/bootmem.c, common/page_alloc.c,
 * common/xmalloc.c and their host unit tests.
 */
#ifndef HYP_COMMON_MM_INTERNAL_H
#define HYP_COMMON_MM_INTERNAL_H

#include <hyp/mm.h>
#include <hyp/types.h>

/* Capacity of each bootmem table (RAM banks, reservations). */
#define BOOTMEM_MAX_RANGES 128

typedef void (*bootmem_range_fn)(paddr_t start, u64 size, void *arg);

/* All RAM given to bootmem_add_ram(), merged, ascending, page granular. */
void bootmem_for_each_ram(bootmem_range_fn fn, void *arg);
/* RAM minus reservations and allocations, ascending, page granular. */
void bootmem_for_each_free(bootmem_range_fn fn, void *arg);
/*
 * Stop the boot allocator: later add/reserve/alloc calls panic. The
 * iterators above keep working so the heap can take over the free ranges.
 */
void bootmem_end(void);

/* Walk the buddy free lists (under the heap lock: fn must not allocate). */
typedef void (*page_block_fn)(mfn_t mfn, unsigned int order, void *arg);
void page_alloc_for_each_free_block(page_block_fn fn, void *arg);

#ifdef HYP_HOST_TEST
/* Forget all state so a unit test can start over. */
void bootmem_reset_for_test(void);
void page_alloc_reset_for_test(void);
void xmalloc_reset_for_test(void);
#endif

#endif
