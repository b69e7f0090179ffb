/* SPDX-License-Identifier: MIT */
/* The control domain (common/dom0.c). */
#ifndef HYP_DOM0_H
#define HYP_DOM0_H

#include <hyp/types.h>

struct fdt;
struct domain;

/* Whether /chosen has a kernel module for dom0. */
bool dom0_kernel_given(void);
/* Build and start dom0; NULL (with a message) when it cannot be built. */
struct domain *dom0_create(const struct fdt *fdt);

#endif
