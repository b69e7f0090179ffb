/* SPDX-License-Identifier: MIT */
/* SMP memory barriers for common code (arch hooks). */
#ifndef HYP_BARRIER_H
#define HYP_BARRIER_H

#include <asm/barrier.h>

#endif
