/* SPDX-License-Identifier: MIT */
/*
 * A partial device tree for xl.cfg's device_tree= (Xen's
 * docs/misc/arm/passthrough.txt): checked as a whole, then its /passthrough
 * node (required) and /aliases node (optional) copied, with their
 * subtrees, into the guest device tree being written, as libxl does
 * (libxl_arm.c, copy_partial_fdt). The blob is untrusted input: every
 * offset and length is checked before use.
 */
#ifndef TOOLS_FDTPARTIAL_H
#define TOOLS_FDTPARTIAL_H

#include <stddef.h>

#include "fdtw.h"

/* 0, or -1 with the reason in err. */
int fdt_partial_check(const void *blob, size_t len, char *err, size_t errlen);
/*
 * Copy /passthrough and /aliases of a checked blob into the open root
 * node of w. 0, or -1 (w's error is then also set).
 */
int fdt_partial_copy(struct fdtw *w, const void *blob, size_t len);

#endif /* TOOLS_FDTPARTIAL_H */
