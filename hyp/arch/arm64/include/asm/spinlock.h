/* SPDX-License-Identifier: MIT */
/*
 * Ticket spinlock: FIFO fairness so no CPU starves. Acquire/release
 * semantics follow the Arm ARM memory model (B2.3); waiters sleep in WFE
 * and are woken by the exclusive monitor clearing on unlock (K13.3).
 */
#ifndef ASM_SPINLOCK_H
#define ASM_SPINLOCK_H

#include <hyp/types.h>

/* Aligned for the 32-bit exclusive access that takes a ticket (B2.9). */
typedef struct {
	u16 owner;
	u16 next;
} __attribute__((aligned(4))) arch_spinlock_t;

#define ARCH_SPINLOCK_INIT \
	{                  \
		0, 0       \
	}

static inline void arch_spin_lock(arch_spinlock_t *l)
{
	u32 tmp, newval, ticket;
	u16 owner;

	__asm__ __volatile__("1: ldaxr %w0, %3\n"
			     "   add %w1, %w0, #0x10000\n"
			     "   stxr %w2, %w1, %3\n"
			     "   cbnz %w2, 1b\n"
			     : "=&r"(ticket), "=&r"(newval), "=&r"(tmp),
			       "+Q"(*(u32 *)l)
			     :
			     : "memory");
	if ((ticket & 0xffff) == (ticket >> 16))
		return;
	for (;;) {
		__asm__ __volatile__("sevl\n"
				     "1: wfe\n"
				     "   ldaxrh %w0, %1\n"
				     : "=&r"(owner)
				     : "Q"(l->owner)
				     : "memory");
		if (owner == (ticket >> 16))
			return;
	}
}

static inline bool arch_spin_trylock(arch_spinlock_t *l)
{
	u32 val, tmp;

	__asm__ __volatile__("   ldaxr %w0, %2\n"
			     "   eor %w1, %w0, %w0, ror #16\n"
			     "   cbnz %w1, 1f\n"
			     "   add %w0, %w0, #0x10000\n"
			     "   stxr %w1, %w0, %2\n"
			     "   b 2f\n"
			     "1: mov %w1, #1\n"
			     "2:\n"
			     : "=&r"(val), "=&r"(tmp), "+Q"(*(u32 *)l)
			     :
			     : "memory");
	return tmp == 0;
}

static inline void arch_spin_unlock(arch_spinlock_t *l)
{
	u16 next = l->owner + 1;
	__asm__ __volatile__("stlrh %w1, %0"
			     : "=Q"(l->owner)
			     : "r"(next)
			     : "memory");
}

static inline bool arch_spin_is_locked(arch_spinlock_t *l)
{
	arch_spinlock_t v = *(volatile arch_spinlock_t *)l;
	return v.owner != v.next;
}

#endif
