/* SPDX-License-Identifier: MIT */
/*
 * Emulated MMIO: device models register guest-physical ranges; data aborts
 * on them are decoded by the arch and handed to the model's callbacks.
 */
#ifndef HYP_MMIO_H
#define HYP_MMIO_H

#include <hyp/types.h>

struct vcpu;
struct domain;

struct mmio_ops {
	/*
	 * offset is from the region base; size is 1, 2, 4 or 8. Return 0, or
	 * a negative errno to have a data abort injected into the guest.
	 */
	int (*read)(struct vcpu *v, u64 offset, unsigned int size, u64 *val,
		    void *priv);
	int (*write)(struct vcpu *v, u64 offset, unsigned int size, u64 val,
		     void *priv);
};

/* Register an emulated region; -ENOSPC when full, -EEXIST on overlap. */
int mmio_register(struct domain *d, u64 base, u64 size,
		  const struct mmio_ops *ops, void *priv);

/* Dispatch an access; -ENOENT when no region covers it. */
int mmio_dispatch(struct vcpu *v, u64 gpa, unsigned int size, bool write,
		  u64 *val);

#endif
