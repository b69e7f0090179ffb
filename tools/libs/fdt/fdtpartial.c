/* SPDX-License-Identifier: MIT */
/*
 * Partial device trees (fdtpartial.h): a walker over the structure block
 * (Devicetree Specification v0.4, 5.4) that validates every token, and a
 * copier built on it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fdtpartial.h"

#define FDT_MAGIC 0xd00dfeedU
#define FDT_BEGIN_NODE 1U
#define FDT_END_NODE 2U
#define FDT_PROP 3U
#define FDT_NOP 4U
#define FDT_END 9U
#define FDT_HEADER_SIZE 40U
/* Deeper than any real tree; bounds the walk's state. */
#define MAX_DEPTH 32

struct pfdt {
	const uint8_t *b;
	uint32_t st_off, st_len, str_off, str_len;
};

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int open_blob(struct pfdt *f, const void *blob, size_t len, char *err,
		     size_t errlen)
{
	const uint8_t *b = blob;
	uint32_t total, version;

	if (!blob || len < FDT_HEADER_SIZE || rd32(b) != FDT_MAGIC)
		return fail(err, errlen, "not a flattened device tree");
	total = rd32(b + 4);
	version = rd32(b + 20);
	f->b = b;
	f->st_off = rd32(b + 8);
	f->str_off = rd32(b + 12);
	f->str_len = rd32(b + 32);
	f->st_len = rd32(b + 36);
	if (total > len || total < FDT_HEADER_SIZE)
		return fail(err, errlen, "totalsize %u does not fit the file",
			    total);
	if (version < 17)
		return fail(err, errlen, "version %u, need 17", version);
	if (f->st_off % 4 || f->st_off > total ||
	    f->st_len > total - f->st_off || f->str_off > total ||
	    f->str_len > total - f->str_off)
		return fail(err, errlen, "blocks outside totalsize");
	return 0;
}

/* A NUL-terminated string within [p, end), or NULL. */
static const char *str_in(const uint8_t *p, const uint8_t *end)
{
	const uint8_t *z = memchr(p, 0, (size_t)(end - p));

	return z ? (const char *)p : NULL;
}

struct visit {
	struct fdtw *w;
};

/*
 * Walk the structure block, checking it; with v, copy the root's children
 * named passthrough and aliases. Sets *found_pt.
 */
static int walk(const struct pfdt *f, struct visit *v, int *found_pt, char *err,
		size_t errlen)
{
	const uint8_t *p = f->b + f->st_off, *end = p + f->st_len;
	const uint8_t *strs = f->b + f->str_off;
	int depth = 0;
	bool copying = false;
	int copy_base = 0;

	*found_pt = 0;
	for (;;) {
		uint32_t tok, plen, nameoff;
		const char *name;

		if (end - p < 4)
			return fail(err, errlen, "structure block truncated");
		tok = rd32(p);
		p += 4;
		switch (tok) {
		case FDT_BEGIN_NODE:
			name = str_in(p, end);
			if (!name)
				return fail(err, errlen, "bad node name");
			p += (strlen(name) + 4) & ~(size_t)3;
			if (p > end)
				return fail(err, errlen, "node name overruns");
			if (depth == 0 && name[0])
				return fail(err, errlen, "root has a name");
			if (++depth > MAX_DEPTH)
				return fail(err, errlen, "nested too deep");
			if (depth == 2 && (!strcmp(name, "passthrough") ||
					   !strcmp(name, "aliases"))) {
				if (!strcmp(name, "passthrough"))
					*found_pt = 1;
				copying = v != NULL;
				copy_base = depth;
			}
			if (copying)
				fdtw_begin_node(v->w, name);
			break;
		case FDT_END_NODE:
			if (depth == 0)
				return fail(err, errlen, "unbalanced nodes");
			if (copying) {
				fdtw_end_node(v->w);
				if (depth == copy_base)
					copying = false;
			}
			if (--depth == 0) {
				if (end - p < 4 || rd32(p) != FDT_END)
					return fail(err, errlen,
						    "data after the root");
				return 0;
			}
			break;
		case FDT_PROP:
			if (depth == 0 || end - p < 8)
				return fail(err, errlen, "bad property");
			plen = rd32(p);
			nameoff = rd32(p + 4);
			p += 8;
			if (plen > (size_t)(end - p) || nameoff >= f->str_len)
				return fail(err, errlen, "property overruns");
			name = str_in(strs + nameoff, strs + f->str_len);
			if (!name)
				return fail(err, errlen, "bad property name");
			if (copying)
				fdtw_prop(v->w, name, p, plen);
			p += (plen + 3) & ~(size_t)3;
			if (p > end)
				return fail(err, errlen, "property overruns");
			break;
		case FDT_NOP:
			break;
		default:
			return fail(err, errlen, "bad token %#x", tok);
		}
	}
}

int fdt_partial_check(const void *blob, size_t len, char *err, size_t errlen)
{
	struct pfdt f;
	int found;

	if (open_blob(&f, blob, len, err, errlen) ||
	    walk(&f, NULL, &found, err, errlen))
		return -1;
	if (!found)
		return fail(err, errlen, "no /passthrough node");
	return 0;
}

int fdt_partial_copy(struct fdtw *w, const void *blob, size_t len)
{
	struct visit v = {.w = w};
	struct pfdt f;
	int found;

	if (open_blob(&f, blob, len, NULL, 0) ||
	    walk(&f, &v, &found, NULL, 0) || !found) {
		w->err = -EINVAL;
		return -1;
	}
	return w->err ? -1 : 0;
}
