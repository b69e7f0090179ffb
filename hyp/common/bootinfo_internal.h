/* SPDX-License-Identifier: MIT */
/*
 * Interfaces private to common/bootinfo.c (memory, CPUs, /chosen) and
 * common/bootinfo_hw.c (PSCI, GIC, timer).
 */
#ifndef HYP_COMMON_BOOTINFO_INTERNAL_H
#define HYP_COMMON_BOOTINFO_INTERNAL_H

#include <hyp/bootinfo.h>
#include <hyp/compiler.h>
#include <hyp/fdt.h>

struct bootinfo_ctx {
	struct bootinfo *bi;
	const struct fdt *fdt;
	char *err;
	size_t errlen;
	/* Unknown-kind dom0 modules seen so far (Xen's kind guessing). */
	unsigned int dom0_unknowns;
	/* #interrupt-cells of the GIC, for decoding interrupt specifiers. */
	int gic_icells;
};

/* Record the reason in c->err and return rc. */
int bootinfo_fail(struct bootinfo_ctx *c, int rc, const char *fmt, ...)
	__printf(3, 4);
/* The node's name for messages ("/" for the root). */
const char *bootinfo_node_name(struct bootinfo_ctx *c, int node);
bool bootinfo_compatible_any(struct bootinfo_ctx *c, int node,
			     const char *const *list, size_t n);
/* First available node in document order compatible with one of list. */
int bootinfo_find_compatible(struct bootinfo_ctx *c, const char *const *list,
			     size_t n);
/* A string property; absent gives 0 with *str NULL. */
int bootinfo_get_str(struct bootinfo_ctx *c, int node, const char *prop,
		     const char **str);
/* A node's reg value and layout, for reading its entries. */
struct bootinfo_reg {
	const void *p;
	int len, ac, sc;
	int count;
};

/*
 * Fetch node's reg; ac < 0 looks its cells up (Linux and Xen inherit
 * them from ancestors), else ac and sc are used as given (callers that
 * walk many siblings look the cells up once). Missing or malformed reg
 * is an error.
 */
int bootinfo_reg_get(struct bootinfo_ctx *c, int node, int ac, int sc,
		     struct bootinfo_reg *r);
/*
 * Entry i, checked not to wrap around; with translate, mapped to a CPU
 * address through the ancestors' "ranges".
 */
int bootinfo_reg_read(struct bootinfo_ctx *c, int node,
		      const struct bootinfo_reg *r, int i, bool translate,
		      u64 *start, u64 *size);

int bootinfo_parse_psci(struct bootinfo_ctx *c);
int bootinfo_parse_gic(struct bootinfo_ctx *c);
int bootinfo_parse_timer(struct bootinfo_ctx *c);

#endif
