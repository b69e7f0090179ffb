/* SPDX-License-Identifier: MIT */
/* DAIF-based interrupt masking at EL2. */
#ifndef ASM_IRQFLAGS_H
#define ASM_IRQFLAGS_H

#include <hyp/types.h>

#define DAIF_I (1UL << 7)

static inline unsigned long arch_local_irq_save(void)
{
	unsigned long flags;
	__asm__ __volatile__("mrs %0, daif\n msr daifset, #2"
			     : "=r"(flags)
			     :
			     : "memory");
	return flags;
}
static inline void arch_local_irq_restore(unsigned long flags)
{
	__asm__ __volatile__("msr daif, %0" : : "r"(flags) : "memory");
}
static inline void arch_local_irq_enable(void)
{
	__asm__ __volatile__("msr daifclr, #2" ::: "memory");
}
static inline void arch_local_irq_disable(void)
{
	__asm__ __volatile__("msr daifset, #2" ::: "memory");
}
static inline bool arch_local_irq_is_enabled(void)
{
	unsigned long flags;
	__asm__ __volatile__("mrs %0, daif" : "=r"(flags));
	return !(flags & DAIF_I);
}

#endif
