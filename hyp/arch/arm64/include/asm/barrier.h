/* SPDX-License-Identifier: MIT */
/* Memory barriers (Arm ARM B2.3.12). */
#ifndef ASM_BARRIER_H
#define ASM_BARRIER_H

#define isb() __asm__ __volatile__("isb" ::: "memory")
#define dsb(opt) __asm__ __volatile__("dsb " #opt ::: "memory")
#define dmb(opt) __asm__ __volatile__("dmb " #opt ::: "memory")
#define smp_mb() dmb(ish)
#define smp_rmb() dmb(ishld)
#define smp_wmb() dmb(ishst)

#endif
