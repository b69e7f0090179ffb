/* SPDX-License-Identifier: MIT */
/*
 * Atomic operations on memory a guest can write at the same time (XSA-295):
 * event bits in shared_info and vcpu_info, FIFO event words and control
 * blocks, grant entries. Every atomic read-modify-write the hypervisor does
 * on guest-writable memory goes through these, never through __atomic_*:
 * on Armv8.0 those are LDXR/STXR loops that a guest storing to the same
 * granule from another pCPU can make fail forever (Arm ARM B2.9.2: any
 * write to the marked granule clears the monitor).
 *
 * The arch (asm/guest_atomic.h) provides, for sizes 8/16/32/64 where
 * listed, operations that give up after GUEST_ATOMIC_TRIES failed
 * store-exclusives:
 *
 *   bool arch_guest_fetch_or{32,64}(T *p, T mask, T *old);
 *   bool arch_guest_fetch_and{32,64}(T *p, T mask, T *old);
 *   bool arch_guest_cmpxchg{8,16,32,64}(T *p, T expected, T new, T *seen);
 *
 * true: done, *old / *seen hold the value found (cmpxchg stored new iff
 * *seen == expected), fully ordered like Linux's *_return atomics.
 * false: gave up, memory unchanged. Loads and plain stores cannot livelock
 * and need no hook.
 *
 * The guest_* wrappers below take the domain owning the page: when the arch
 * gives up, that domain is crashed with domain_crash_deferred() (its vCPUs
 * stop at once; the crash itself happens once the caller's locks are
 * gone), and the wrapper answers as if there were nothing left to do, so
 * callers need no error path unless they say otherwise.
 */
#ifndef HYP_GUEST_ATOMIC_H
#define HYP_GUEST_ATOMIC_H

#include <hyp/compiler.h>
#include <hyp/errno.h>
#include <hyp/types.h>

/*
 * A store-exclusive fails only when another observer wrote the granule (or
 * an exception cleared the monitor) between our LDXR and STXR, so a CPU
 * with a live peer needs one or two attempts. 1024 failures in a row,
 * about 100 us even at ~100 ns per contended attempt, can only be a guest
 * storing there on purpose, and bounds the time spent with event or grant
 * locks held (interrupts masked) well below a scheduling tick.
 */
#define GUEST_ATOMIC_TRIES 1024U

#include <asm/guest_atomic.h>

struct domain;

/*
 * d's vCPUs are stopped now and d is crashed when no lock is held (see
 * domain_crash_deferred_flush). Safe with any lock held but sched_lock.
 */
void domain_crash_deferred(struct domain *d, const char *why);

static inline bool guest_atomic_gave_up(struct domain *d, bool done)
{
	if (unlikely(!done))
		domain_crash_deferred(d, "guest kept an atomic word busy");
	return !done;
}

/* Bit nr of a map of 32-bit words. Old value; true if d was crashed. */
static inline bool guest_test_and_set_bit32(struct domain *d, u32 *w,
					    unsigned int bit)
{
	u32 m = 1U << (bit % 32), old;

	if (guest_atomic_gave_up(d,
				 arch_guest_fetch_or32(w + bit / 32, m, &old)))
		return true;
	return old & m;
}

/* Old value; false if d was crashed. */
static inline bool guest_test_and_clear_bit32(struct domain *d, u32 *w,
					      unsigned int bit)
{
	u32 m = 1U << (bit % 32), old;

	if (guest_atomic_gave_up(
		    d, arch_guest_fetch_and32(w + bit / 32, ~m, &old)))
		return false;
	return old & m;
}

static inline void guest_set_bit32(struct domain *d, u32 *w, unsigned int bit)
{
	guest_test_and_set_bit32(d, w, bit);
}

static inline void guest_clear_bit32(struct domain *d, u32 *w, unsigned int bit)
{
	guest_test_and_clear_bit32(d, w, bit);
}

/* Clear mask in *w; false if d was crashed. */
static inline bool guest_clear_mask32(struct domain *d, u32 *w, u32 mask)
{
	u32 old;

	return !guest_atomic_gave_up(d, arch_guest_fetch_and32(w, ~mask, &old));
}

/* Bit nr of a map of 64-bit words (shared_info, vcpu_info). */
static inline bool guest_test_and_set_bit64(struct domain *d, u64 *map,
					    unsigned int nr)
{
	u64 m = 1ULL << (nr % 64), old;

	if (guest_atomic_gave_up(d,
				 arch_guest_fetch_or64(map + nr / 64, m, &old)))
		return true;
	return old & m;
}

static inline bool guest_test_and_clear_bit64(struct domain *d, u64 *map,
					      unsigned int nr)
{
	u64 m = 1ULL << (nr % 64), old;

	if (guest_atomic_gave_up(
		    d, arch_guest_fetch_and64(map + nr / 64, ~m, &old)))
		return false;
	return old & m;
}

static inline void guest_clear_bit64(struct domain *d, u64 *map,
				     unsigned int nr)
{
	guest_test_and_clear_bit64(d, map, nr);
}

/*
 * Compare and swap: 0 with *seen the value found (new was stored iff
 * *seen == expected), or -EBUSY once d was crashed.
 */
#define GUEST_CMPXCHG(bits)                                                   \
	static inline int guest_cmpxchg##bits(struct domain *d, u##bits *p,   \
					      u##bits expected, u##bits new,  \
					      u##bits *seen)                  \
	{                                                                     \
		if (guest_atomic_gave_up(d, arch_guest_cmpxchg##bits(         \
						    p, expected, new, seen))) \
			return -EBUSY;                                        \
		return 0;                                                     \
	}
GUEST_CMPXCHG(8)
GUEST_CMPXCHG(16)
GUEST_CMPXCHG(32)
GUEST_CMPXCHG(64)
#undef GUEST_CMPXCHG

#endif
