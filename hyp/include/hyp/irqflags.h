/* SPDX-License-Identifier: MIT */
/* Masking interrupts on the current CPU (arch hooks). */
#ifndef HYP_IRQFLAGS_H
#define HYP_IRQFLAGS_H

#include <hyp/types.h>
#include <asm/irqflags.h>

static inline unsigned long local_irq_save(void)
{
	return arch_local_irq_save();
}
static inline void local_irq_restore(unsigned long flags)
{
	arch_local_irq_restore(flags);
}
static inline void local_irq_enable(void)
{
	arch_local_irq_enable();
}
static inline void local_irq_disable(void)
{
	arch_local_irq_disable();
}
static inline bool local_irq_is_enabled(void)
{
	return arch_local_irq_is_enabled();
}

#endif
