/* SPDX-License-Identifier: MIT */
/*
 * Bounded atomics on guest-writable memory (contract in hyp/guest_atomic.h).
 *
 * Without FEAT_LSE: LDAXR/STLXR loops that give up after GUEST_ATOMIC_TRIES
 * failed store-exclusives: the acquire/release pair (RCsc, Arm ARM B2.3.11)
 * that the compiler's __ATOMIC_SEQ_CST builtins used here before.
 * A guest writing the granule between our LDXR and STLXR makes the
 * store-exclusive fail (Arm ARM B2.9.2), so an unbounded loop could spin
 * forever. With FEAT_LSE (ID_AA64ISAR0_EL1.Atomic >= 2): LDSETAL, LDCLRAL
 * and CASAL, single instructions that always complete (B2.9.4 / C6.2), so
 * nothing can livelock and nothing gives up.
 *
 * Uncontended, the loop costs what the compiler's own LDAXR/STLXR sequence
 * did: one pass, plus the counter in a register and the LSE flag test.
 */
#ifndef ASM_GUEST_ATOMIC_H
#define ASM_GUEST_ATOMIC_H

#include <hyp/types.h>

/* Set at boot when every CPU has FEAT_LSE (arch/arm64/setup.c). */
extern bool arch_guest_lse;

/* LDSETAL / LDCLRAL name the bits to set / clear. */
#define ARCH_GUEST_FETCH_OP(name, ll_op, lse_op, lse_mask, bits, r)          \
	static inline bool arch_guest_fetch_##name##bits(                    \
		u##bits *p, u##bits mask, u##bits *oldp)                     \
	{                                                                    \
		u##bits old, new;                                            \
		u32 fail;                                                    \
		u64 tries = GUEST_ATOMIC_TRIES;                              \
                                                                             \
		if (arch_guest_lse) {                                        \
			__asm__ __volatile__(".arch_extension lse\n"         \
					     "	" lse_op " %" r "[m], %" r   \
					     "[o], %[v]\n"                   \
					     : [o] "=&r"(old), [v] "+Q"(*p)  \
					     : [m] "r"((u##bits)(lse_mask))  \
					     : "memory");                    \
			*oldp = old;                                         \
			return true;                                         \
		}                                                            \
		__asm__ __volatile__(                                        \
			"1:	ldaxr %" r "[o], %[v]\n"                     \
			"	" ll_op " %" r "[n], %" r "[o], %" r "[m]\n" \
			"	stlxr %w[f], %" r "[n], %[v]\n"              \
			"	cbz %w[f], 2f\n"                                   \
			"	subs %[t], %[t], #1\n"                             \
			"	b.ne 1b\n"                                         \
			"2:\n"                                               \
			: [o] "=&r"(old), [n] "=&r"(new), [f] "=&r"(fail),   \
			  [t] "+r"(tries), [v] "+Q"(*p)                      \
			: [m] "r"(mask)                                      \
			: "memory", "cc");                                   \
		*oldp = old;                                                 \
		return fail == 0;                                            \
	}

ARCH_GUEST_FETCH_OP(or, "orr", "ldsetal", mask, 32, "w")
ARCH_GUEST_FETCH_OP(or, "orr", "ldsetal", mask, 64, "x")
ARCH_GUEST_FETCH_OP(and, "and", "ldclral", ~mask, 32, "w")
ARCH_GUEST_FETCH_OP(and, "and", "ldclral", ~mask, 64, "x")
#undef ARCH_GUEST_FETCH_OP

/*
 * sfx: the size suffix of the exclusive / CAS instructions; the compared
 * register is 32-bit for 8, 16 and 32 (LDXRB/LDXRH zero-extend).
 */
#define ARCH_GUEST_CMPXCHG(bits, sfx, r, rt)                                 \
	static inline bool arch_guest_cmpxchg##bits(                         \
		u##bits *p, u##bits expected, u##bits new, u##bits *seen)    \
	{                                                                    \
		rt old = expected;                                           \
		u32 fail;                                                    \
		u64 tries = GUEST_ATOMIC_TRIES;                              \
                                                                             \
		if (arch_guest_lse) {                                        \
			__asm__ __volatile__(".arch_extension lse\n"         \
					     "	casal" sfx " %" r "[o], %" r \
					     "[n], %[v]\n"                   \
					     : [o] "+r"(old), [v] "+Q"(*p)   \
					     : [n] "r"((rt) new)             \
					     : "memory");                    \
			*seen = (u##bits)old;                                \
			return true;                                         \
		}                                                            \
		__asm__ __volatile__(                                        \
			"1:	ldaxr" sfx " %" r "[o], %[v]\n"              \
			"	cmp %" r "[o], %" r "[e]\n"                  \
			"	b.ne 2f\n"                                         \
			"	stlxr" sfx " %w[f], %" r "[n], %[v]\n"       \
			"	cbz %w[f], 3f\n"                                   \
			"	subs %[t], %[t], #1\n"                             \
			"	b.ne 1b\n"                                         \
			"	b 3f\n"                                            \
			"2:	mov %w[f], #0\n"                                 \
			"3:\n"                                               \
			: [o] "=&r"(old), [f] "=&r"(fail), [t] "+r"(tries),  \
			  [v] "+Q"(*p)                                       \
			: [e] "r"((rt)expected), [n] "r"((rt) new)           \
			: "memory", "cc");                                   \
		*seen = (u##bits)old;                                        \
		return fail == 0;                                            \
	}

ARCH_GUEST_CMPXCHG(8, "b", "w", u32)
ARCH_GUEST_CMPXCHG(16, "h", "w", u32)
ARCH_GUEST_CMPXCHG(32, "", "w", u32)
ARCH_GUEST_CMPXCHG(64, "", "x", u64)
#undef ARCH_GUEST_CMPXCHG

#endif
