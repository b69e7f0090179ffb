/* SPDX-License-Identifier: MIT */
/*
 * A tiny read-only flattened device tree reader. Nodes are identified by
 * the offset of their FDT_BEGIN_NODE token in the structure block; the root
 * is fdt_root(). Negative values mean "not found".
 */
#ifndef GUEST_FDT_H
#define GUEST_FDT_H

#include <lib.h>

/* Check the header and remember the blob. */
bool fdt_init(const void *blob);
u32 fdt_totalsize(void);
int fdt_root(void);
const char *fdt_name(int node);
int fdt_parent(int node);
int fdt_first_child(int node);
int fdt_next_sibling(int node);
int fdt_child(int parent, const char *name);
/* "/a/b": exact node names (with unit address if the node has one). */
int fdt_path(const char *path);
/* Next node after `after` (-1: from the start) whose compatible has str. */
int fdt_find_compatible(int after, const char *str);
const void *fdt_prop(int node, const char *name, u32 *len);
bool fdt_prop_u32(int node, const char *name, u32 *val);
bool fdt_prop_has_string(int node, const char *name, const char *str);
/* #address-cells / #size-cells that apply to node's children. */
u32 fdt_address_cells(int node);
u32 fdt_size_cells(int node);
/* The index-th (addr, size) pair of node's reg. */
bool fdt_reg(int node, unsigned int index, u64 *addr, u64 *size);

static inline u32 fdt32(const void *p)
{
	const u8 *b = p;

	return ((u32)b[0] << 24) | ((u32)b[1] << 16) | ((u32)b[2] << 8) | b[3];
}

#endif /* GUEST_FDT_H */
