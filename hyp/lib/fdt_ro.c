// SPDX-License-Identifier: MIT
/*
 * Read-only DTB accessors: node walking, path lookup, properties and reg
 * decoding. fdt_open() has validated the blob; each function here still
 * checks the offsets it is given, as callers may pass stale or bad ones.
 */
#include <hyp/errno.h>
#include <hyp/fdt.h>
#include <hyp/lib.h>

/* Checks off is a BEGIN_NODE token; *next gets the token after it. */
static int check_node(const struct fdt *fdt, int off, int *next)
{
	int tag = fdt_next_tag(fdt, off, next);

	if (tag < 0)
		return tag;
	return tag == FDT_BEGIN_NODE ? 0 : -EINVAL;
}

int fdt_next_node(const struct fdt *fdt, int off, int *depth)
{
	int next, tag, rc;

	rc = check_node(fdt, off, &next);
	if (rc)
		return rc;
	for (;;) {
		off = next;
		tag = fdt_next_tag(fdt, off, &next);
		switch (tag) {
		case FDT_BEGIN_NODE:
			if (depth)
				(*depth)++;
			return off;
		case FDT_END_NODE:
			if (depth && --(*depth) < 0)
				return -ENOENT;
			break;
		case FDT_PROP:
		case FDT_NOP:
			break;
		case FDT_END:
			return -ENOENT;
		default:
			return tag < 0 ? tag : -EINVAL;
		}
	}
}

int fdt_first_subnode(const struct fdt *fdt, int parent)
{
	int depth = 0;

	/* The next node is a child exactly when the walk went one down. */
	return fdt_next_node(fdt, parent, &depth);
}

int fdt_next_subnode(const struct fdt *fdt, int off)
{
	/* Count from the parent: siblings are at depth 1, below is deeper. */
	int depth = 1;

	do {
		off = fdt_next_node(fdt, off, &depth);
		if (off < 0)
			return off;
	} while (depth > 1);
	return off;
}

const char *fdt_get_name(const struct fdt *fdt, int off, int *len)
{
	const char *name;
	int next;

	if (check_node(fdt, off, &next)) {
		if (len)
			*len = -EINVAL;
		return NULL;
	}
	/* check_node() found the terminating NUL within the block. */
	name = (const char *)fdt->blob + fdt->off_struct + off + 4;
	if (len)
		*len = (int)strlen(name);
	return name;
}

/*
 * Find target by walking from the root, recording the path to it:
 * chain[0] is the root and chain[*depth] is target.
 */
static int ancestry(const struct fdt *fdt, int target, int chain[FDT_MAX_DEPTH],
		    int *depth)
{
	int off = fdt->root, d = 0, next, rc;

	rc = check_node(fdt, target, &next);
	if (rc)
		return rc;
	chain[0] = off;
	while (off != target) {
		off = fdt_next_node(fdt, off, &d);
		/* Offsets only grow: passing target means it is no node. */
		if (off < 0 || off > target)
			return -EINVAL;
		if (d >= FDT_MAX_DEPTH)
			return -EINVAL;
		chain[d] = off;
	}
	*depth = d;
	return 0;
}

int fdt_parent_offset(const struct fdt *fdt, int off)
{
	int chain[FDT_MAX_DEPTH], depth, rc;

	rc = ancestry(fdt, off, chain, &depth);
	if (rc)
		return rc;
	return depth > 0 ? chain[depth - 1] : -ENOENT;
}

int fdt_node_depth(const struct fdt *fdt, int off)
{
	int chain[FDT_MAX_DEPTH], depth, rc;

	rc = ancestry(fdt, off, chain, &depth);
	return rc ? rc : depth;
}

/* Spec 2.2.3 path rules, as libfdt applies them (see fdt.h). */
static bool name_matches(const char *node, const char *name, size_t len)
{
	size_t nlen = strlen(node);

	if (nlen < len || memcmp(node, name, len) != 0)
		return false;
	if (node[len] == '\0')
		return true;
	return node[len] == '@' && !memchr(name, '@', len);
}

int fdt_subnode_offset_namelen(const struct fdt *fdt, int parent,
			       const char *name, size_t namelen)
{
	int child;

	fdt_for_each_subnode (child, fdt, parent) {
		const char *n = fdt_get_name(fdt, child, NULL);

		if (n && name_matches(n, name, namelen))
			return child;
	}
	return child;
}

static const void *getprop_namelen(const struct fdt *fdt, int node,
				   const char *name, size_t namelen, int *lenp)
{
	const char *pname;
	const void *val;
	int prop, len;

	fdt_for_each_property (prop, fdt, node) {
		val = fdt_getprop_by_offset(fdt, prop, &pname, &len);
		if (!val) {
			prop = len;
			break;
		}
		if (strlen(pname) == namelen &&
		    memcmp(pname, name, namelen) == 0) {
			if (lenp)
				*lenp = len;
			return val;
		}
	}
	if (lenp)
		*lenp = prop;
	return NULL;
}

int fdt_path_offset_namelen(const struct fdt *fdt, const char *path, size_t len)
{
	const char *p, *end, *q;
	int off = fdt->root;

	if (!path || len == 0)
		return -EINVAL;
	p = path;
	end = path + len;
	if (*p != '/') {
		/* Spec 3.3: an alias names a full path in /aliases. */
		const char *target;
		int alen, aliases;

		q = memchr(p, '/', len);
		if (!q)
			q = end;
		aliases = fdt_subnode_offset_namelen(fdt, fdt->root, "aliases",
						     7);
		if (aliases < 0)
			return aliases;
		target = getprop_namelen(fdt, aliases, p, (size_t)(q - p),
					 &alen);
		if (!target)
			return alen;
		if (alen < 2 || target[0] != '/' || !memchr(target, 0, alen))
			return -EINVAL;
		/* The alias starts with '/', so this does not recurse again. */
		off = fdt_path_offset_namelen(fdt, target, strlen(target));
		if (off < 0)
			return off;
		p = q;
	}
	while (p < end) {
		while (p < end && *p == '/')
			p++;
		if (p == end)
			break;
		q = memchr(p, '/', (size_t)(end - p));
		if (!q)
			q = end;
		off = fdt_subnode_offset_namelen(fdt, off, p, (size_t)(q - p));
		if (off < 0)
			return off;
		p = q;
	}
	return off;
}

int fdt_path_offset(const struct fdt *fdt, const char *path)
{
	if (!path)
		return -EINVAL;
	return fdt_path_offset_namelen(fdt, path, strlen(path));
}

/* The first property token at or after off, skipping NOPs. */
static int prop_from(const struct fdt *fdt, int off)
{
	int next, tag;

	for (;;) {
		tag = fdt_next_tag(fdt, off, &next);
		if (tag == FDT_PROP)
			return off;
		if (tag != FDT_NOP)
			return tag < 0 ? tag : -ENOENT;
		off = next;
	}
}

int fdt_first_property(const struct fdt *fdt, int node)
{
	int next, rc;

	rc = check_node(fdt, node, &next);
	return rc ? rc : prop_from(fdt, next);
}

int fdt_next_property(const struct fdt *fdt, int prop)
{
	int next, tag;

	tag = fdt_next_tag(fdt, prop, &next);
	if (tag != FDT_PROP)
		return tag < 0 ? tag : -EINVAL;
	return prop_from(fdt, next);
}

const void *fdt_getprop_by_offset(const struct fdt *fdt, int prop,
				  const char **name, int *lenp)
{
	const u8 *p = fdt->blob + fdt->off_struct;
	u32 nameoff;
	int next, tag, rc = -EINVAL;

	tag = fdt_next_tag(fdt, prop, &next);
	if (tag != FDT_PROP)
		goto fail;
	nameoff = fdt32_ld(p + prop + 8);
	/* Re-checked so a bad offset can never yield an unbounded string. */
	if (nameoff >= fdt->size_strings ||
	    !memchr(fdt->blob + fdt->off_strings + nameoff, 0,
		    fdt->size_strings - nameoff))
		goto fail;
	if (name)
		*name = (const char *)fdt->blob + fdt->off_strings + nameoff;
	if (lenp)
		*lenp = (int)fdt32_ld(p + prop + 4);
	return p + prop + 12;
fail:
	if (lenp)
		*lenp = tag < 0 ? tag : rc;
	return NULL;
}

const void *fdt_getprop(const struct fdt *fdt, int node, const char *name,
			int *lenp)
{
	if (!name) {
		if (lenp)
			*lenp = -EINVAL;
		return NULL;
	}
	return getprop_namelen(fdt, node, name, strlen(name), lenp);
}

int fdt_getprop_u32(const struct fdt *fdt, int node, const char *name, u32 *val)
{
	const void *p;
	int len;

	p = fdt_getprop(fdt, node, name, &len);
	if (!p)
		return len;
	if (len != 4)
		return -EINVAL;
	*val = fdt32_ld(p);
	return 0;
}

int fdt_getprop_str(const struct fdt *fdt, int node, const char *name,
		    const char **str)
{
	const char *p, *nul;
	int len;

	p = fdt_getprop(fdt, node, name, &len);
	if (!p)
		return len;
	/* Spec 2.2.4: a string (or string list) value ends with its NUL. */
	if (len < 1 || p[len - 1] != '\0')
		return -EINVAL;
	nul = memchr(p, 0, (size_t)len);
	*str = p;
	return (int)(nul - p);
}

bool fdt_stringlist_contains(const char *list, int len, const char *str)
{
	size_t slen;

	if (!list || !str)
		return false;
	slen = strlen(str);
	while (len > 0) {
		const char *nul = memchr(list, 0, (size_t)len);
		size_t l;

		if (!nul)
			return false;
		l = (size_t)(nul - list);
		if (l == slen && memcmp(list, str, slen) == 0)
			return true;
		list = nul + 1;
		len -= (int)l + 1;
	}
	return false;
}

bool fdt_node_check_compatible(const struct fdt *fdt, int node,
			       const char *compat)
{
	const char *list;
	int len;

	list = fdt_getprop(fdt, node, "compatible", &len);
	return list && fdt_stringlist_contains(list, len, compat);
}

bool fdt_node_is_available(const struct fdt *fdt, int node)
{
	const char *status;
	int rc;

	rc = fdt_getprop_str(fdt, node, "status", &status);
	if (rc == -ENOENT)
		return true;
	if (rc < 0)
		return false;
	return strcmp(status, "okay") == 0 || strcmp(status, "ok") == 0;
}

int fdt_node_offset_by_compatible(const struct fdt *fdt, int startoff,
				  const char *compat)
{
	int off;

	if (startoff < 0) {
		off = fdt->root;
		if (fdt_node_check_compatible(fdt, off, compat))
			return off;
	} else {
		off = startoff;
	}
	for (;;) {
		off = fdt_next_node(fdt, off, NULL);
		if (off < 0)
			return off;
		if (fdt_node_check_compatible(fdt, off, compat))
			return off;
	}
}

u32 fdt_get_phandle(const struct fdt *fdt, int node)
{
	u32 ph = 0;

	if (fdt_getprop_u32(fdt, node, "phandle", &ph) &&
	    fdt_getprop_u32(fdt, node, "linux,phandle", &ph))
		return 0;
	/* 0 and ~0 are never valid phandles (libfdt and Linux agree). */
	return ph == 0xffffffffU ? 0 : ph;
}

int fdt_node_offset_by_phandle(const struct fdt *fdt, u32 phandle)
{
	int off = fdt->root;

	if (phandle == 0 || phandle == 0xffffffffU)
		return -EINVAL;
	while (off >= 0) {
		if (fdt_get_phandle(fdt, off) == phandle)
			return off;
		off = fdt_next_node(fdt, off, NULL);
	}
	return off;
}

static int cells_prop(const struct fdt *fdt, int node, const char *name,
		      int dflt)
{
	u32 v = 0;
	int rc;

	rc = fdt_getprop_u32(fdt, node, name, &v);
	if (rc == -ENOENT)
		return dflt;
	if (rc)
		return rc;
	return v > FDT_MAX_CELLS ? -EINVAL : (int)v;
}

/* Spec 2.3.5: the defaults are 2 address cells and 1 size cell. */
int fdt_address_cells(const struct fdt *fdt, int node)
{
	return cells_prop(fdt, node, "#address-cells", 2);
}

int fdt_size_cells(const struct fdt *fdt, int node)
{
	return cells_prop(fdt, node, "#size-cells", 1);
}

/*
 * The cells in effect for children of chain[top]: the nearest node from
 * chain[top] up to the root that has them, else the spec defaults.
 */
static int chain_cells(const struct fdt *fdt, const int *chain, int top,
		       int *ac, int *sc)
{
	int d;

	*ac = -ENOENT;
	*sc = -ENOENT;
	for (d = top; d >= 0 && (*ac == -ENOENT || *sc == -ENOENT); d--) {
		if (*ac == -ENOENT)
			*ac = cells_prop(fdt, chain[d], "#address-cells",
					 -ENOENT);
		if (*sc == -ENOENT)
			*sc = cells_prop(fdt, chain[d], "#size-cells", -ENOENT);
		if (*ac == -EINVAL || *sc == -EINVAL)
			return -EINVAL;
	}
	if (*ac == -ENOENT)
		*ac = 2;
	if (*sc == -ENOENT)
		*sc = 1;
	return 0;
}

int fdt_reg_cells(const struct fdt *fdt, int node, int *ac, int *sc)
{
	int chain[FDT_MAX_DEPTH], depth, rc;

	rc = ancestry(fdt, node, chain, &depth);
	return rc ? rc : chain_cells(fdt, chain, depth - 1, ac, sc);
}

int fdt_child_reg_cells(const struct fdt *fdt, int parent, int *ac, int *sc)
{
	int chain[FDT_MAX_DEPTH], depth, rc;

	rc = ancestry(fdt, parent, chain, &depth);
	return rc ? rc : chain_cells(fdt, chain, depth, ac, sc);
}

int fdt_reg_entry(const void *reg, int len, int ac, int sc, int index,
		  u64 *addr, u64 *size)
{
	const u8 *p = reg;
	int entry, rc;

	/* A reg entry needs an address; sizes may be absent (/cpus). */
	if (!reg || len < 0 || ac < 1 || ac > FDT_MAX_CELLS || sc < 0 ||
	    sc > FDT_MAX_CELLS)
		return -EINVAL;
	entry = 4 * (ac + sc);
	if (len % entry)
		return -EINVAL;
	if (index < 0 || index >= len / entry)
		return -ENOENT;
	p += (size_t)index * (size_t)entry;
	rc = fdt_read_cells_checked(p, ac, addr);
	if (!rc)
		rc = fdt_read_cells_checked(p + 4 * ac, sc, size);
	return rc;
}

int fdt_num_reg(const struct fdt *fdt, int node)
{
	const void *reg;
	int ac, sc, len, rc;
	u64 a, s;

	rc = fdt_reg_cells(fdt, node, &ac, &sc);
	if (rc)
		return rc;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg)
		return len;
	/* Entry 0 of an empty reg is -ENOENT, not a layout error. */
	rc = fdt_reg_entry(reg, len, ac, sc, 0, &a, &s);
	if (rc == -EINVAL)
		return rc;
	return len / (4 * (ac + sc));
}

int fdt_read_reg(const struct fdt *fdt, int node, int index, u64 *addr,
		 u64 *size)
{
	const void *reg;
	int ac, sc, len, rc;

	rc = fdt_reg_cells(fdt, node, &ac, &sc);
	if (rc)
		return rc;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg)
		return len;
	return fdt_reg_entry(reg, len, ac, sc, index, addr, size);
}

/* One level: addr on bus's child side to bus's parent side. */
static int translate_one(const struct fdt *fdt, int bus, int cac, int csc,
			 int pac, u64 *addr)
{
	const u8 *r;
	int len, entry, rc;
	u64 child, parent, size;

	r = fdt_getprop(fdt, bus, "ranges", &len);
	if (!r)
		return len == -ENOENT ? -EINVAL : len;
	if (len == 0)
		return 0;
	/* Spec 2.3.8: <child-bus-address parent-bus-address length>. */
	entry = 4 * (cac + pac + csc);
	if (entry == 0 || len % entry)
		return -EINVAL;
	for (; len > 0; r += entry, len -= entry) {
		rc = fdt_read_cells_checked(r, cac, &child);
		if (!rc)
			rc = fdt_read_cells_checked(r + 4 * cac, pac, &parent);
		if (!rc)
			rc = fdt_read_cells_checked(r + 4 * (cac + pac), csc,
						    &size);
		if (rc)
			return rc;
		if (*addr < child || *addr - child >= size)
			continue;
		if (*addr - child > UINT64_MAX - parent)
			return -ERANGE;
		*addr = parent + (*addr - child);
		return 0;
	}
	return -ENOENT;
}

int fdt_translate_address(const struct fdt *fdt, int node, u64 *addr)
{
	int chain[FDT_MAX_DEPTH], depth, d, rc, cac, csc, pac, psc;

	rc = ancestry(fdt, node, chain, &depth);
	if (!rc)
		rc = chain_cells(fdt, chain, depth - 1, &cac, &csc);
	if (rc)
		return rc;
	/* The root's address space is the CPU's: stop below it. */
	for (d = depth - 1; !rc && d > 0; d--) {
		rc = chain_cells(fdt, chain, d - 1, &pac, &psc);
		if (!rc)
			rc = translate_one(fdt, chain[d], cac, csc, pac, addr);
		cac = pac;
		csc = psc;
	}
	return rc;
}

u64 fdt_read_cells(const void *p, int n)
{
	const u8 *c = p;
	u64 v = 0;
	int i;

	for (i = 0; i < n; i++)
		v = (v << 32) | fdt32_ld(c + 4 * i);
	return v;
}

int fdt_read_cells_checked(const void *p, int n, u64 *val)
{
	const u8 *c = p;
	int i;

	if (n < 0 || n > FDT_MAX_CELLS)
		return -EINVAL;
	/* Cells above the low two must be zero for the value to fit. */
	for (i = 0; i + 2 < n; i++)
		if (fdt32_ld(c + 4 * i))
			return -ERANGE;
	*val = fdt_read_cells(c + 4 * (n > 2 ? n - 2 : 0), n > 2 ? 2 : n);
	return 0;
}
