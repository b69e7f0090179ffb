/* SPDX-License-Identifier: MIT */
/* Quiescent-state counting per pCPU (see hyp/include/hyp/quiesce.h). */
#include <hyp/barrier.h>
#include <hyp/quiesce.h>

static u64 qs_seq[NR_CPUS];

/* Only the pCPU itself writes its count. */
void quiesce_enter(void)
{
	u64 *p = &qs_seq[smp_processor_id()];

	__atomic_store_n(p, (*p | 1) + 2, __ATOMIC_RELAXED);
	/* Lookups made from here on must not be ordered before the count. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* Also reached on a pCPU's first entry to a guest, with no enter. */
void quiesce_leave(void)
{
	u64 *p = &qs_seq[smp_processor_id()];

	if (*p & 1)
		__atomic_store_n(p, *p + 1, __ATOMIC_RELEASE);
}

void quiesce_snapshot(struct quiesce_snap *s)
{
	unsigned int c;

	/* Pairs with the fence in quiesce_enter(). */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (c = 0; c < NR_CPUS; c++)
		s->seq[c] = __atomic_load_n(&qs_seq[c], __ATOMIC_ACQUIRE);
}

bool quiesce_elapsed(const struct quiesce_snap *s)
{
	unsigned int c, self = smp_processor_id();

	for (c = 0; c < NR_CPUS; c++) {
		if (c == self || !(s->seq[c] & 1))
			continue;
		if (__atomic_load_n(&qs_seq[c], __ATOMIC_ACQUIRE) == s->seq[c])
			return false;
	}
	return true;
}
