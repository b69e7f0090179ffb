/* SPDX-License-Identifier: MIT */
/* Boot options shared by several subsystems (common/boot_params.c). */
#ifndef HYP_BOOT_PARAMS_H
#define HYP_BOOT_PARAMS_H

#include <hyp/types.h>

struct boot_params {
	u64 dom0_mem;		     /* bytes; 0 = default */
	unsigned int dom0_max_vcpus; /* 0 = all pCPUs */
	char sched[16];
};

extern struct boot_params boot_params;
extern bool opt_dom0_vcpus_pin;
extern bool opt_hmp_unsafe;
extern bool opt_ext_regions; /* Xen's ext_regions=, default on */

#endif
