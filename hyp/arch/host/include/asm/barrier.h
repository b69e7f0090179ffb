/* SPDX-License-Identifier: MIT */
/* Fake arch for host unit tests: compiler-level full barriers. */
#ifndef ASM_BARRIER_H
#define ASM_BARRIER_H

#define smp_mb() __sync_synchronize()
#define smp_rmb() __sync_synchronize()
#define smp_wmb() __sync_synchronize()

#endif
