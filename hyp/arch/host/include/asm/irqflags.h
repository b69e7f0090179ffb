/* SPDX-License-Identifier: MIT */
/* Fake arch for host unit tests: one thread, no interrupts. */
#ifndef ASM_IRQFLAGS_H
#define ASM_IRQFLAGS_H

#include <hyp/types.h>

extern unsigned long host_fake_daif;
static inline unsigned long arch_local_irq_save(void)
{
	unsigned long f = host_fake_daif;
	host_fake_daif = 1;
	return f;
}
static inline void arch_local_irq_restore(unsigned long flags)
{
	host_fake_daif = flags;
}
static inline void arch_local_irq_enable(void)
{
	host_fake_daif = 0;
}
static inline void arch_local_irq_disable(void)
{
	host_fake_daif = 1;
}
static inline bool arch_local_irq_is_enabled(void)
{
	return !host_fake_daif;
}

#endif
