/* SPDX-License-Identifier: MIT */
/*
 * Fake arch for host unit tests: per-domain and per-vCPU arch state. Only
 * what common code touches; tests needing more add it here.
 */
#ifndef ASM_DOMAIN_H
#define ASM_DOMAIN_H

#include <hyp/types.h>

struct arch_domain {
	u64 unused;
};

struct arch_vcpu {
	u64 unused;
};

#endif
