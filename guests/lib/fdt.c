/* SPDX-License-Identifier: MIT */
/* Read-only FDT walker (DTB format version 16/17). */
#include <fdt.h>
#include <lib.h>

#define FDT_MAGIC 0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9
#define MAX_DEPTH 16

static const u8 *blob;
static const u8 *structs, *strings;
static u32 struct_size, strings_size, total_size;

bool fdt_init(const void *p)
{
	const u8 *b = p;

	if (!b || ((uintptr_t)b & 3) || fdt32(b) != FDT_MAGIC)
		return false;
	if (fdt32(b + 20) > 17 || fdt32(b + 24) > 17 || fdt32(b + 20) < 16)
		return false;
	total_size = fdt32(b + 4);
	if (fdt32(b + 8) >= total_size || fdt32(b + 12) >= total_size)
		return false;
	blob = b;
	structs = b + fdt32(b + 8);
	strings = b + fdt32(b + 12);
	strings_size = fdt32(b + 32);
	struct_size = fdt32(b + 36);
	return true;
}

u32 fdt_totalsize(void)
{
	return total_size;
}

static u32 tag_at(int off)
{
	if (off < 0 || (u32)off + 4 > struct_size)
		return FDT_END;
	return fdt32(structs + off);
}

/* Offset of the token after the one at off, or -1. */
static int next_token(int off)
{
	u32 tag = tag_at(off);
	u32 len;

	switch (tag) {
	case FDT_BEGIN_NODE:
		len = strnlen((const char *)structs + off + 4,
			      struct_size - off - 4);
		return (int)ALIGN_UP(off + 4 + len + 1, 4);
	case FDT_PROP:
		len = fdt32(structs + off + 4);
		return (int)ALIGN_UP(off + 12 + len, 4);
	case FDT_END_NODE:
	case FDT_NOP:
		return off + 4;
	default:
		return -1;
	}
}

int fdt_root(void)
{
	int off = 0;

	if (!blob)
		return -1;
	while (tag_at(off) == FDT_NOP)
		off += 4;
	return tag_at(off) == FDT_BEGIN_NODE ? off : -1;
}

const char *fdt_name(int node)
{
	return (const char *)structs + node + 4;
}

/* Skip node and its subtree: offset of the token after its END_NODE. */
static int skip_node(int node)
{
	int depth = 0, off = node;

	do {
		u32 tag = tag_at(off);

		if (tag == FDT_BEGIN_NODE)
			depth++;
		else if (tag == FDT_END_NODE)
			depth--;
		off = next_token(off);
		if (off < 0)
			return -1;
	} while (depth > 0);
	return off;
}

int fdt_first_child(int node)
{
	int off = next_token(node);

	while (off >= 0) {
		u32 tag = tag_at(off);

		if (tag == FDT_BEGIN_NODE)
			return off;
		if (tag != FDT_PROP && tag != FDT_NOP)
			return -1;
		off = next_token(off);
	}
	return -1;
}

int fdt_next_sibling(int node)
{
	int off = skip_node(node);

	while (off >= 0) {
		u32 tag = tag_at(off);

		if (tag == FDT_BEGIN_NODE)
			return off;
		if (tag != FDT_NOP)
			return -1;
		off = next_token(off);
	}
	return -1;
}

int fdt_parent(int node)
{
	int stack[MAX_DEPTH];
	int depth = 0, off = fdt_root();

	while (off >= 0) {
		u32 tag = tag_at(off);

		if (tag == FDT_BEGIN_NODE) {
			if (off == node)
				return depth ? stack[depth - 1] : -1;
			if (depth == MAX_DEPTH)
				return -1;
			stack[depth++] = off;
		} else if (tag == FDT_END_NODE) {
			if (--depth <= 0)
				return -1;
		} else if (tag == FDT_END) {
			return -1;
		}
		off = next_token(off);
	}
	return -1;
}

int fdt_child(int parent, const char *name)
{
	int n;

	for (n = fdt_first_child(parent); n >= 0; n = fdt_next_sibling(n))
		if (!strcmp(fdt_name(n), name))
			return n;
	return -1;
}

int fdt_path(const char *path)
{
	char part[64];
	int node = fdt_root();

	while (node >= 0 && *path) {
		size_t n = 0;

		while (*path == '/')
			path++;
		if (!*path)
			break;
		while (path[n] && path[n] != '/' && n < sizeof(part) - 1) {
			part[n] = path[n];
			n++;
		}
		part[n] = '\0';
		path += n;
		node = fdt_child(node, part);
	}
	return node;
}

const void *fdt_prop(int node, const char *name, u32 *len)
{
	int off;

	if (node < 0 || tag_at(node) != FDT_BEGIN_NODE)
		return NULL;
	for (off = next_token(node); off >= 0; off = next_token(off)) {
		u32 tag = tag_at(off);

		if (tag == FDT_NOP)
			continue;
		if (tag != FDT_PROP)
			break;
		if (fdt32(structs + off + 8) < strings_size &&
		    !strcmp((const char *)strings + fdt32(structs + off + 8),
			    name)) {
			if (len)
				*len = fdt32(structs + off + 4);
			return structs + off + 12;
		}
	}
	return NULL;
}

bool fdt_prop_u32(int node, const char *name, u32 *val)
{
	u32 len;
	const void *p = fdt_prop(node, name, &len);

	if (!p || len < 4)
		return false;
	*val = fdt32(p);
	return true;
}

bool fdt_prop_has_string(int node, const char *name, const char *str)
{
	u32 len, i = 0;
	const char *p = fdt_prop(node, name, &len);

	if (!p)
		return false;
	while (i < len) {
		if (!strcmp(p + i, str))
			return true;
		i += strnlen(p + i, len - i) + 1;
	}
	return false;
}

int fdt_find_compatible(int after, const char *str)
{
	int off = after < 0 ? fdt_root() : next_token(after);

	for (; off >= 0; off = next_token(off)) {
		u32 tag = tag_at(off);

		if (tag == FDT_END)
			break;
		if (tag == FDT_BEGIN_NODE &&
		    fdt_prop_has_string(off, "compatible", str))
			return off;
	}
	return -1;
}

u32 fdt_address_cells(int node)
{
	u32 v;

	return fdt_prop_u32(node, "#address-cells", &v) ? v : 2;
}

u32 fdt_size_cells(int node)
{
	u32 v;

	return fdt_prop_u32(node, "#size-cells", &v) ? v : 1;
}

static u64 read_cells(const u8 *p, u32 n)
{
	u64 v = 0;

	while (n--) {
		v = (v << 32) | fdt32(p);
		p += 4;
	}
	return v;
}

bool fdt_reg(int node, unsigned int index, u64 *addr, u64 *size)
{
	int parent = fdt_parent(node);
	u32 ac, sc, len;
	const u8 *p;

	if (parent < 0)
		return false;
	ac = fdt_address_cells(parent);
	sc = fdt_size_cells(parent);
	p = fdt_prop(node, "reg", &len);
	if (!p || ac > 2 || sc > 2 || (ac + sc) == 0 ||
	    (index + 1) * (ac + sc) * 4 > len)
		return false;
	p += index * (ac + sc) * 4;
	*addr = read_cells(p, ac);
	*size = read_cells(p + ac * 4, sc);
	return true;
}
