/* SPDX-License-Identifier: MIT */
/* Spinlocks: ticket locks from the arch, plus IRQ-saving variants. */
#ifndef HYP_SPINLOCK_H
#define HYP_SPINLOCK_H

#include <hyp/irqflags.h>
#include <asm/spinlock.h>

typedef struct {
	arch_spinlock_t raw;
} spinlock_t;

#define SPINLOCK_INIT              \
	{                          \
		ARCH_SPINLOCK_INIT \
	}
#define DEFINE_SPINLOCK(n) spinlock_t n = SPINLOCK_INIT

static inline void spin_lock_init(spinlock_t *l)
{
	*l = (spinlock_t)SPINLOCK_INIT;
}
static inline void spin_lock(spinlock_t *l)
{
	arch_spin_lock(&l->raw);
}
static inline void spin_unlock(spinlock_t *l)
{
	arch_spin_unlock(&l->raw);
}
static inline bool spin_trylock(spinlock_t *l)
{
	return arch_spin_trylock(&l->raw);
}
static inline bool spin_is_locked(spinlock_t *l)
{
	return arch_spin_is_locked(&l->raw);
}
static inline unsigned long spin_lock_irqsave(spinlock_t *l)
{
	unsigned long flags = local_irq_save();
	spin_lock(l);
	return flags;
}
static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags)
{
	spin_unlock(l);
	local_irq_restore(flags);
}

#endif
