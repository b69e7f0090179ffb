/* SPDX-License-Identifier: MIT */
/*
 * Sequential flattened device tree (DTB) writer, for building guest device
 * trees: dom0's derived from the host DT, dom0less domUs' from scratch.
 *
 * Output: Devicetree Specification v0.4 chapter 5, header version 17
 * (last_comp_version 16). Calls must follow the document order of the
 * tree: fdtw_init(), any fdtw_add_reserve(), then the root node with
 * fdtw_begin_node(w, ""), its properties before its subnodes (spec 5.4.2),
 * every node closed with fdtw_end_node(), and finally fdtw_finish().
 *
 * Errors: -ENOSPC when the buffer is full, -EINVAL for misuse or an invalid
 * name (spec 2.2.1, 2.2.4), -ERANGE for a value not fitting its cells. The
 * first error is sticky: every later call returns it and leaves the buffer
 * alone, so a caller may issue a whole sequence and check only the result
 * of fdtw_finish(). Nothing is ever written past buf + size, and the buffer
 * holds no valid header until fdtw_finish() succeeds.
 */
#ifndef HYP_FDT_WR_H
#define HYP_FDT_WR_H

#include <hyp/compiler.h>
#include <hyp/types.h>

struct fdt;

/* Largest buffer used; the rest of a bigger one is ignored. */
#define FDTW_MAX_SIZE 0x7ffffff0U
/* Spec 2.2.1 and 2.2.4: node-name and property-name lengths. */
#define FDTW_MAX_NAME 31

/*
 * Writer state; the fields are private to fdt_wr.c except err. The strings
 * block is built downwards from the end of the buffer and moved after the
 * structure block by fdtw_finish(), so the structure block (and pointers
 * from fdtw_placeholder()) never move.
 */
struct fdtw {
	u8 *buf;
	u32 size;
	u32 off_struct; /* start of the structure block, 0 before the root */
	u32 end;	/* end of the memory reservation or structure block */
	u32 strings;	/* strings block length, at buf + size - strings */
	u32 props;	/* first property of the innermost open node */
	u32 boot_cpuid;
	int depth;	   /* open nodes */
	bool props_closed; /* innermost open node already has a subnode */
	bool root_done;
	bool finished;
	int err; /* first error, sticky; 0 while all is well */
};

/* Start a blob in buf[0..size). */
int fdtw_init(struct fdtw *w, void *buf, size_t size);
/* Header boot_cpuid_phys (spec 5.2); defaults to 0. */
int fdtw_set_boot_cpuid(struct fdtw *w, u32 cpuid);
/* A /memreserve/ entry (spec 5.3); only before the root node, size > 0. */
int fdtw_add_reserve(struct fdtw *w, u64 addr, u64 size);

/* The root is named ""; other names are node-name[@unit-address]. */
int fdtw_begin_node(struct fdtw *w, const char *name);
int fdtw_end_node(struct fdtw *w);

/*
 * Add a property to the innermost open node; val may be NULL when len is
 * 0. A property name already used in the node is -EINVAL.
 */
int fdtw_property(struct fdtw *w, const char *name, const void *val, int len);
int fdtw_property_empty(struct fdtw *w, const char *name);
int fdtw_property_u32(struct fdtw *w, const char *name, u32 val);
/* Two cells, most significant first. */
int fdtw_property_u64(struct fdtw *w, const char *name, u64 val);
/*
 * n values of cells (1 or 2) cells each, e.g. interrupts or a reg whose
 * address and size counts are equal. -ERANGE when a value needs more.
 */
int fdtw_property_cells(struct fdtw *w, const char *name, const u64 *vals,
			int n, int cells);
/*
 * A reg of n <address size> pairs (vals[2 * i], vals[2 * i + 1]) with the
 * parent's #address-cells ac and #size-cells sc, each 0 to 2 (spec 2.3.6).
 */
int fdtw_property_reg(struct fdtw *w, int ac, int sc, const u64 *vals, int n);
int fdtw_property_string(struct fdtw *w, const char *name, const char *str);
/* n strings, each NUL-terminated, one after the other (spec 2.2.4.2). */
int fdtw_property_stringlist(struct fdtw *w, const char *name,
			     const char *const *strs, int n);
/*
 * A property of len zero bytes whose value the caller fills in later
 * through *valp (e.g. an initrd address known only once it is loaded).
 * *valp stays valid after fdtw_finish(); it is NULL on error.
 */
int fdtw_placeholder(struct fdtw *w, const char *name, int len, void **valp);

/*
 * Complete the blob: all nodes must be closed. *total_size (if non-NULL)
 * gets its totalsize. Later calls on w fail with -EINVAL.
 */
int fdtw_finish(struct fdtw *w, size_t *total_size);

/* What a callback of fdtw_copy_node() tells it to do. */
struct fdtw_copy_ops {
	/*
	 * Called for each property before it is copied; return false to
	 * drop it. To rewrite it, add the new version with fdtw_property*()
	 * and return false. Errors from those calls stop the copy.
	 */
	bool (*prop)(struct fdtw *w, const struct fdt *src, int node,
		     const char *name, const void *val, int len, void *arg);
	/*
	 * Called after a copied node's properties, before its subnodes:
	 * the place to add properties the source lacks.
	 */
	void (*props_done)(struct fdtw *w, const struct fdt *src, int node,
			   void *arg);
	/* With recurse, called for each subnode; false skips its subtree. */
	bool (*node)(struct fdtw *w, const struct fdt *src, int node,
		     void *arg);
	bool recurse;
	void *arg;
};

/*
 * Copy the properties of node in src into the innermost open node of w,
 * and with ops->recurse its subnodes (each begun and ended here). The
 * caller begins and ends the node itself, so it may rename it or add
 * subnodes after. ops may be NULL: all properties, no subnodes. src must
 * not share memory with w's buffer.
 */
int fdtw_copy_node(struct fdtw *w, const struct fdt *src, int node,
		   const struct fdtw_copy_ops *ops);

#endif
