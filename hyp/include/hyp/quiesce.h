/* SPDX-License-Identifier: MIT */
/*
 * Quiescent states: knowing when no CPU can still hold a pointer to a
 * domain that lookups no longer return (destroying a domain from dom0).
 *
 * Hypercalls and traps run to completion on one pCPU and keep struct
 * domain pointers only until they return to a guest. Each pCPU counts its
 * entries into and exits from guest-trap handling (odd while handling
 * one); a pCPU is past every lookup made before a snapshot once its count
 * was even at the snapshot or has moved since. The idle loop and guest
 * execution count as quiescent. No lock; one full barrier per trap entry.
 */
#ifndef HYP_QUIESCE_H
#define HYP_QUIESCE_H

#include <hyp/percpu.h>
#include <hyp/types.h>

struct quiesce_snap {
	u64 seq[NR_CPUS];
};

/* Arch trap code: entering from / about to return to a guest. */
void quiesce_enter(void);
void quiesce_leave(void);

/* Record every other pCPU's count (after the caller hid the object). */
void quiesce_snapshot(struct quiesce_snap *s);
/* Whether every other pCPU has passed a quiescent state since. */
bool quiesce_elapsed(const struct quiesce_snap *s);

#endif
