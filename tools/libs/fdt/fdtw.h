/* SPDX-License-Identifier: MIT */
/*
 * fdtw: a sequential flattened-device-tree writer (Devicetree
 * Specification v0.4, chapter 5: header, memory reservation block,
 * structure block, strings block). Nodes are opened and closed in order;
 * errors are sticky and reported by fdtw_finish().
 */
#ifndef TOOLS_FDTW_H
#define TOOLS_FDTW_H

#include <stddef.h>
#include <stdint.h>

struct fdtw {
	uint8_t *st; /* structure block */
	size_t st_len, st_cap;
	char *str; /* strings block */
	size_t str_len, str_cap;
	int depth;
	int err; /* 0, or -ENOMEM / -EINVAL */
};

void fdtw_init(struct fdtw *w);
void fdtw_begin_node(struct fdtw *w, const char *name);
void fdtw_end_node(struct fdtw *w);
void fdtw_prop(struct fdtw *w, const char *name, const void *val, size_t len);
void fdtw_prop_u32(struct fdtw *w, const char *name, uint32_t v);
void fdtw_prop_u64(struct fdtw *w, const char *name, uint64_t v);
/* Big-endian cells from host values. */
void fdtw_prop_cells(struct fdtw *w, const char *name, const uint32_t *cells,
		     size_t n);
void fdtw_prop_str(struct fdtw *w, const char *name, const char *s);
/* Several NUL-terminated strings, from a NULL-terminated array. */
void fdtw_prop_strs(struct fdtw *w, const char *name, const char *const *s);
void fdtw_prop_empty(struct fdtw *w, const char *name);
/*
 * The blob (malloc'd, *len bytes), or NULL with *err set; frees the
 * writer's buffers either way.
 */
void *fdtw_finish(struct fdtw *w, size_t *len, int *err);

#endif /* TOOLS_FDTW_H */
