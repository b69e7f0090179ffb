/* SPDX-License-Identifier: MIT */
/*
 * gzip'd kernels for the domain builder (as libxc's xc_dom_try_gunzip):
 * an Image.gz is inflated in dom0 with zlib before it is checked and
 * loaded. The output is bounded by the caller (the domain's RAM), so a
 * hostile or broken file cannot exhaust dom0's memory.
 */
#ifndef TOOLS_XL_DOM_GUNZIP_H
#define TOOLS_XL_DOM_GUNZIP_H

#include <stddef.h>
#include <stdint.h>

/* Nonzero if data starts with the gzip magic (RFC 1952 section 2.3.1). */
int dom_is_gzip(const uint8_t *data, size_t len);

/*
 * Inflate one gzip member into a malloc'd buffer of at most max bytes.
 * 0 with *out and *out_len set, or -1 with the reason in err (truncated,
 * corrupt, larger than max, out of memory) and *out NULL.
 */
int dom_gunzip(const uint8_t *in, size_t len, size_t max, uint8_t **out,
	       size_t *out_len, char *err, size_t errlen);

#endif /* TOOLS_XL_DOM_GUNZIP_H */
