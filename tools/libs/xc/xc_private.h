/* SPDX-License-Identifier: MIT */
/* libxc internals shared by its source files. */
#ifndef TOOLS_XC_PRIVATE_H
#define TOOLS_XC_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

struct xc {
	int privcmd; /* /dev/xen/privcmd */
	int hcbuf;   /* /dev/xen/hypercall, or -1 */
};

/* Hypercall op(a0, buffer holding a copy of arg); copy_back: copy out. */
long xc_call_buf(struct xc *xc, unsigned int op, uint64_t a0, void *arg,
		 size_t len, int copy_back);

#endif /* TOOLS_XC_PRIVATE_H */
