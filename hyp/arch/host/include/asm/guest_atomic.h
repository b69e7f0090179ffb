/* SPDX-License-Identifier: MIT */
/*
 * Fake arch for host unit tests: bounded guest atomics as a load-exclusive
 * (a plain load) and a store-exclusive (a compare-and-swap from the value
 * loaded, so a concurrent writer makes it fail as on hardware). A test can
 * make the next store-exclusives fail (host_fake_guest_atomic.h) and count
 * the attempts.
 */
#ifndef ASM_GUEST_ATOMIC_H
#define ASM_GUEST_ATOMIC_H

#include <hyp/types.h>

/* Store-exclusives to let through before failing starts. */
extern unsigned long host_fake_stxr_ok_first;
/* Store-exclusives still to fail; ~0UL: all of them. */
extern unsigned long host_fake_stxr_fail;
/* Store-exclusives attempted so far. */
extern unsigned long host_fake_stxr_attempts;

static inline bool host_fake_stxr_allowed(void)
{
	unsigned long n;

	__atomic_add_fetch(&host_fake_stxr_attempts, 1, __ATOMIC_RELAXED);
	if (__atomic_load_n(&host_fake_stxr_ok_first, __ATOMIC_RELAXED)) {
		__atomic_sub_fetch(&host_fake_stxr_ok_first, 1,
				   __ATOMIC_RELAXED);
		return true;
	}
	n = __atomic_load_n(&host_fake_stxr_fail, __ATOMIC_RELAXED);
	if (!n)
		return true;
	if (n != ~0UL)
		__atomic_sub_fetch(&host_fake_stxr_fail, 1, __ATOMIC_RELAXED);
	return false;
}

#define HOST_GUEST_FETCH_OP(name, op, bits)                                 \
	static inline bool arch_guest_fetch_##name##bits(                   \
		u##bits *p, u##bits mask, u##bits *oldp)                    \
	{                                                                   \
		unsigned int tries;                                         \
                                                                            \
		for (tries = 0; tries < GUEST_ATOMIC_TRIES; tries++) {      \
			u##bits old = __atomic_load_n(p, __ATOMIC_RELAXED); \
                                                                            \
			*oldp = old;                                        \
			if (host_fake_stxr_allowed() &&                     \
			    __atomic_compare_exchange_n(                    \
				    p, &old, old op mask, false,            \
				    __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))    \
				return true;                                \
		}                                                           \
		return false;                                               \
	}

HOST_GUEST_FETCH_OP(or, |, 32)
HOST_GUEST_FETCH_OP(or, |, 64)
HOST_GUEST_FETCH_OP(and, &, 32)
HOST_GUEST_FETCH_OP(and, &, 64)
#undef HOST_GUEST_FETCH_OP

#define HOST_GUEST_CMPXCHG(bits)                                             \
	static inline bool arch_guest_cmpxchg##bits(                         \
		u##bits *p, u##bits expected, u##bits new, u##bits *seen)    \
	{                                                                    \
		unsigned int tries;                                          \
                                                                             \
		for (tries = 0; tries < GUEST_ATOMIC_TRIES; tries++) {       \
			u##bits old = __atomic_load_n(p, __ATOMIC_RELAXED);  \
                                                                             \
			*seen = old;                                         \
			if (old != expected)                                 \
				return true;                                 \
			if (host_fake_stxr_allowed() &&                      \
			    __atomic_compare_exchange_n(p, &old, new, false, \
							__ATOMIC_SEQ_CST,    \
							__ATOMIC_RELAXED))   \
				return true;                                 \
		}                                                            \
		return false;                                                \
	}

HOST_GUEST_CMPXCHG(8)
HOST_GUEST_CMPXCHG(16)
HOST_GUEST_CMPXCHG(32)
HOST_GUEST_CMPXCHG(64)
#undef HOST_GUEST_CMPXCHG

#endif
