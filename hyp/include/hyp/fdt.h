/* SPDX-License-Identifier: MIT */
/*
 * Flattened device tree (DTB) reader.
 *
 * Format: Devicetree Specification v0.4, chapter 5. fdt_open() validates
 * the header, the memory reservation block and the whole structure block
 * once, so the accessors below can walk the blob without re-checking its
 * format; they still bounds-check every read, and return negative errno
 * values for bad arguments. The blob must not change after fdt_open().
 *
 * Node and property "offsets" are byte offsets into the structure block
 * (as in libfdt); they are only meaningful for the struct fdt they came
 * from. Errors: -ENOENT "not found", -EINVAL malformed value or bad offset,
 * -ERANGE value does not fit.
 */
#ifndef HYP_FDT_H
#define HYP_FDT_H

#include <hyp/compiler.h>
#include <hyp/types.h>

#define FDT_MAGIC 0xd00dfeedU
/* Header versions we accept (spec 5.1: version 17, compatible with 16). */
#define FDT_MIN_VERSION 16
#define FDT_MAX_COMP_VERSION 17
/* Node depths accepted: 0 (the root) to FDT_MAX_DEPTH - 1. */
#define FDT_MAX_DEPTH 64
#define FDT_ERR_SIZE 96

/* Structure block tokens (spec 5.4.1). */
#define FDT_BEGIN_NODE 0x1
#define FDT_END_NODE 0x2
#define FDT_PROP 0x3
#define FDT_NOP 0x4
#define FDT_END 0x9

struct fdt {
	const u8 *blob;
	u32 totalsize;
	u32 version;
	u32 off_struct, size_struct;
	u32 off_strings, size_strings;
	u32 off_rsvmap;
	u32 nr_rsv; /* /memreserve/ entries, terminator excluded */
	int root;   /* offset of the root node */
	/* Why fdt_open() failed, "" after success. */
	char err[FDT_ERR_SIZE];
};

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define FDT_BE32(x) ((u32)(x))
#define FDT_BE64(x) ((u64)(x))
#else
#define FDT_BE32(x) __builtin_bswap32(x)
#define FDT_BE64(x) __builtin_bswap64(x)
#endif

/* Header fields, tokens and cells are big-endian (spec 5.2, 5.4.1). */
static inline u32 fdt32_to_cpu(u32 x)
{
	return FDT_BE32(x);
}
static inline u64 fdt64_to_cpu(u64 x)
{
	return FDT_BE64(x);
}
static inline u32 cpu_to_fdt32(u32 x)
{
	return FDT_BE32(x);
}
static inline u64 cpu_to_fdt64(u64 x)
{
	return FDT_BE64(x);
}

/* Loads that do not assume the blob or property value is aligned. */
static inline u32 fdt32_ld(const void *p)
{
	u32 v;

	__builtin_memcpy(&v, p, sizeof(v));
	return fdt32_to_cpu(v);
}
static inline u64 fdt64_ld(const void *p)
{
	u64 v;

	__builtin_memcpy(&v, p, sizeof(v));
	return fdt64_to_cpu(v);
}

/*
 * Check and open the DTB at blob, of which avail bytes are readable.
 * Returns 0 or -EINVAL with the reason in fdt->err.
 */
int fdt_open(struct fdt *fdt, const void *blob, size_t avail);

static inline int fdt_root(const struct fdt *fdt)
{
	return fdt->root;
}

/*
 * The token at structure offset off; *next gets the offset of the token
 * after it. Negative errno when off is not a well-formed token.
 */
int fdt_next_tag(const struct fdt *fdt, int off, int *next);

/* ---- nodes ---- */

/*
 * The node after off in document order. With depth non-NULL, *depth is
 * adjusted by the levels moved, and -ENOENT is returned once the walk
 * leaves the subtree *depth was counted from (*depth would go below 0).
 * Returns -ENOENT at the end of the tree.
 */
int fdt_next_node(const struct fdt *fdt, int off, int *depth);
int fdt_first_subnode(const struct fdt *fdt, int parent);
int fdt_next_subnode(const struct fdt *fdt, int off);

#define fdt_for_each_subnode(child, fdt, parent)                         \
	for ((child) = fdt_first_subnode((fdt), (parent)); (child) >= 0; \
	     (child) = fdt_next_subnode((fdt), (child)))

/* The node's name with unit address ("" for the root); NULL if off is bad. */
const char *fdt_get_name(const struct fdt *fdt, int off, int *len);
/* Walks from the root: O(size of the tree). -ENOENT for the root. */
int fdt_parent_offset(const struct fdt *fdt, int off);
/* Depth of a node, 0 for the root. */
int fdt_node_depth(const struct fdt *fdt, int off);
int fdt_subnode_offset_namelen(const struct fdt *fdt, int parent,
			       const char *name, size_t namelen);

/*
 * Look up "/a/b@1". A component without a unit address also matches a
 * node name with one ("b" matches "b@1"); the first match wins. A path not
 * starting with '/' begins with an alias name from /aliases.
 */
int fdt_path_offset(const struct fdt *fdt, const char *path);
int fdt_path_offset_namelen(const struct fdt *fdt, const char *path,
			    size_t len);

/* ---- properties ---- */

/*
 * A property's value, or NULL. *len (when lenp is non-NULL) gets its
 * length, or a negative errno when NULL is returned.
 */
const void *fdt_getprop(const struct fdt *fdt, int node, const char *name,
			int *lenp);
/* Property offsets within a node; -ENOENT after the last. */
int fdt_first_property(const struct fdt *fdt, int node);
int fdt_next_property(const struct fdt *fdt, int prop);
const void *fdt_getprop_by_offset(const struct fdt *fdt, int prop,
				  const char **name, int *lenp);

#define fdt_for_each_property(prop, fdt, node)                        \
	for ((prop) = fdt_first_property((fdt), (node)); (prop) >= 0; \
	     (prop) = fdt_next_property((fdt), (prop)))

/* A one-cell property: 0, -ENOENT, or -EINVAL when not exactly 4 bytes. */
int fdt_getprop_u32(const struct fdt *fdt, int node, const char *name,
		    u32 *val);
/*
 * A string property: returns the strlen() of its (first) string and sets
 * *str; -ENOENT, or -EINVAL when the value does not end with a NUL.
 */
int fdt_getprop_str(const struct fdt *fdt, int node, const char *name,
		    const char **str);
/* Is str one of the NUL-separated strings in list[0..len)? */
bool fdt_stringlist_contains(const char *list, int len, const char *str);
/* True when the node's "compatible" list contains compat (libfdt: 0). */
bool fdt_node_check_compatible(const struct fdt *fdt, int node,
			       const char *compat);
/* Spec 2.3.4: no status or "okay" (or legacy "ok") means usable. */
bool fdt_node_is_available(const struct fdt *fdt, int node);
/*
 * The first node after startoff (document order) compatible with compat;
 * startoff -1 searches from the root, inclusive. -ENOENT if none.
 */
int fdt_node_offset_by_compatible(const struct fdt *fdt, int startoff,
				  const char *compat);
/* 0 when the node has no phandle (0 is never a valid phandle). */
u32 fdt_get_phandle(const struct fdt *fdt, int node);
int fdt_node_offset_by_phandle(const struct fdt *fdt, u32 phandle);

/* ---- addresses ---- */

/* Largest cell count accepted in #address-cells / #size-cells. */
#define FDT_MAX_CELLS 4

/*
 * The node's own #address-cells / #size-cells, which describe its
 * children's reg; defaults 2 and 1 (spec 2.3.5). -EINVAL if malformed or
 * above FDT_MAX_CELLS.
 */
int fdt_address_cells(const struct fdt *fdt, int node);
int fdt_size_cells(const struct fdt *fdt, int node);
/*
 * The cell counts governing node's own reg: from its parent or, where the
 * parent has none, the nearest ancestor that does (as Linux and Xen both
 * do, and as QEMU's guest-loader /chosen modules need), else 2 and 1.
 */
int fdt_reg_cells(const struct fdt *fdt, int node, int *ac, int *sc);
/* The same for the children of parent (for many siblings at once). */
int fdt_child_reg_cells(const struct fdt *fdt, int parent, int *ac, int *sc);
/*
 * Entry index of a reg value reg[0..len) laid out with ac and sc cells.
 * Errors as for fdt_read_reg().
 */
int fdt_reg_entry(const void *reg, int len, int ac, int sc, int index,
		  u64 *addr, u64 *size);
/* Number of <address size> entries in reg; -ENOENT without reg. */
int fdt_num_reg(const struct fdt *fdt, int node);
/*
 * Entry index of node's reg. -ENOENT if there is no such entry, -EINVAL
 * for bad cell counts or length, -ERANGE if a value exceeds 64 bits.
 * The address is the parent bus's: see fdt_translate_address().
 */
int fdt_read_reg(const struct fdt *fdt, int node, int index, u64 *addr,
		 u64 *size);
/*
 * Map addr, a bus address from node's reg, to a CPU physical address
 * through each ancestor's "ranges" (spec 2.3.8): empty ranges is the
 * identity, no ranges below the root means not memory-mapped (-EINVAL),
 * no covering entry gives -ENOENT, a result above 64 bits -ERANGE.
 */
int fdt_translate_address(const struct fdt *fdt, int node, u64 *addr);
/*
 * Big-endian cells p[0..n) as one number; n must be 0, 1 or 2 (larger n
 * keeps the low 64 bits, use fdt_read_cells_checked to catch that).
 */
u64 fdt_read_cells(const void *p, int n);
/* As above for n <= FDT_MAX_CELLS; -ERANGE if the value exceeds 64 bits. */
int fdt_read_cells_checked(const void *p, int n, u64 *val);

/* ---- memory reservation block (/memreserve/, spec 5.3) ---- */

int fdt_num_mem_rsv(const struct fdt *fdt);
int fdt_get_mem_rsv(const struct fdt *fdt, int i, u64 *addr, u64 *size);

#endif
