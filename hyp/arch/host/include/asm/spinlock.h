/* SPDX-License-Identifier: MIT */
/* Fake arch for host unit tests: locks track state so tests catch misuse. */
#ifndef ASM_SPINLOCK_H
#define ASM_SPINLOCK_H

#include <hyp/types.h>

typedef struct {
	int held;
} arch_spinlock_t;

#define ARCH_SPINLOCK_INIT \
	{                  \
		0          \
	}

void host_fake_lock_error(const char *what);

static inline void arch_spin_lock(arch_spinlock_t *l)
{
	if (l->held)
		host_fake_lock_error("recursive spin_lock");
	l->held = 1;
}
static inline bool arch_spin_trylock(arch_spinlock_t *l)
{
	if (l->held)
		return false;
	l->held = 1;
	return true;
}
static inline void arch_spin_unlock(arch_spinlock_t *l)
{
	if (!l->held)
		host_fake_lock_error("unlock of a free lock");
	l->held = 0;
}
static inline bool arch_spin_is_locked(arch_spinlock_t *l)
{
	return l->held;
}

#endif
