// SPDX-License-Identifier: MIT
/*
 * Sequential DTB writer (Devicetree Specification v0.4, chapter 5).
 *
 * Layout while writing: header (zeroed until fdtw_finish), memory
 * reservation block, structure block growing up from the front, strings
 * block (spec 5.5) growing down from the buffer end. A property's nameoff
 * holds, until fdtw_finish, its string's distance from the buffer end;
 * fdtw_finish moves the strings right after the structure block and
 * rewrites each nameoff relative to it.
 */
#include <hyp/errno.h>
#include <hyp/fdt.h>
#include <hyp/fdt_wr.h>
#include <hyp/lib.h>

/* Spec 5.2: version 17 header, 40 bytes; spec 5.3: 16-byte entries. */
#define HDR_LEN 40
#define RSV_ENTRY_LEN 16
#define PROP_HDR_LEN 12
#define TOKEN_LEN 4
#define FDTW_VERSION 17
#define FDTW_LAST_COMP 16

/* Record err unless an error came first; return the first. */
static int fail(struct fdtw *w, int err)
{
	if (!w->err)
		w->err = err;
	return w->err;
}

/* The error every call returns before touching anything. */
static int check(const struct fdtw *w)
{
	return w->finished ? -EINVAL : w->err;
}

static u32 room(const struct fdtw *w)
{
	return w->size - w->strings - w->end;
}

static void put32(struct fdtw *w, u32 off, u32 v)
{
	v = cpu_to_fdt32(v);
	memcpy(w->buf + off, &v, sizeof(v));
}

static u32 get32(const struct fdtw *w, u32 off)
{
	return fdt32_ld(w->buf + off);
}

/* Spec 2.2.1 Table 2.1: characters valid in node names. */
static bool node_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c == ',' || c == '.' || c == '_' ||
	       c == '+' || c == '-';
}

/* Spec 2.2.4.1 Table 2.2: node-name characters plus '?' and '#'. */
static bool prop_char(char c)
{
	return node_char(c) || c == '?' || c == '#';
}

/*
 * Spec 2.2.1: node-name[@unit-address], node-name 1 to 31 characters.
 * The rule that node-name starts with a letter is not enforced: host DTs
 * built by dtc carry nodes such as __symbols__ that must survive a copy.
 */
static bool valid_node_name(const char *name)
{
	const char *p = name;

	while (node_char(*p))
		p++;
	if (p == name || p - name > FDTW_MAX_NAME)
		return false;
	if (*p == '\0')
		return true;
	if (*p++ != '@' || *p == '\0')
		return false;
	while (node_char(*p))
		p++;
	return *p == '\0';
}

/* Spec 2.2.4.1: 1 to 31 characters. */
static bool valid_prop_name(const char *name)
{
	const char *p = name;

	while (prop_char(*p) && p - name <= FDTW_MAX_NAME)
		p++;
	return *p == '\0' && p != name && p - name <= FDTW_MAX_NAME;
}

/*
 * Distance from the buffer end of a copy of name (with its NUL) in the
 * strings block, possibly as the tail of a longer string; 0 if none.
 */
static u32 find_string(const struct fdtw *w, const char *name, u32 len)
{
	const u8 *s = w->buf + w->size - w->strings;
	u32 p;

	for (p = 0; p + len + 1 <= w->strings; p++)
		if (s[p] == (u8)name[0] && memcmp(s + p, name, len + 1) == 0)
			return w->strings - p;
	return 0;
}

/* Names are a node's property keys: dtc refuses duplicates too. */
static bool node_has_prop(const struct fdtw *w, const char *name)
{
	u32 off = w->props;

	while (off < w->end) {
		/* nameoff is still a distance from the buffer end. */
		if (strcmp((const char *)w->buf + w->size - get32(w, off + 8),
			   name) == 0)
			return true;
		off += PROP_HDR_LEN + ALIGN_UP(get32(w, off + 4), 4);
	}
	return false;
}

/*
 * Append a FDT_PROP token (spec 5.4.1) of len bytes from val, or zeroes
 * when val is NULL; *valp gets where the value went.
 */
static int add_prop(struct fdtw *w, const char *name, const void *val, u32 len,
		    void **valp)
{
	u32 nlen, dist;
	u64 need;
	u8 *p;
	int rc = check(w);

	if (rc)
		return rc;
	if (w->depth == 0 || w->props_closed || !valid_prop_name(name) ||
	    node_has_prop(w, name))
		return fail(w, -EINVAL);
	nlen = (u32)strlen(name);
	dist = find_string(w, name, nlen);
	need = PROP_HDR_LEN + ALIGN_UP((u64)len, 4) + (dist ? 0 : nlen + 1);
	if (need > room(w))
		return fail(w, -ENOSPC);
	if (!dist) {
		w->strings += nlen + 1;
		memcpy(w->buf + w->size - w->strings, name, nlen + 1);
		dist = w->strings;
	}
	put32(w, w->end, FDT_PROP);
	put32(w, w->end + 4, len);
	put32(w, w->end + 8, dist);
	p = w->buf + w->end + PROP_HDR_LEN;
	if (val)
		memcpy(p, val, len);
	else
		memset(p, 0, len);
	/* Spec 5.4.1: padding to the next token is zeroes. */
	memset(p + len, 0, ALIGN_UP(len, 4) - len);
	w->end += PROP_HDR_LEN + ALIGN_UP(len, 4);
	if (valp)
		*valp = p;
	return 0;
}

int fdtw_init(struct fdtw *w, void *buf, size_t size)
{
	memset(w, 0, sizeof(*w));
	if (!buf)
		return fail(w, -EINVAL);
	if (size > FDTW_MAX_SIZE)
		size = FDTW_MAX_SIZE;
	w->buf = buf;
	w->size = (u32)size;
	/* No stale header may pass for a finished blob. */
	memset(buf, 0, MIN(size, (size_t)HDR_LEN));
	if (size < HDR_LEN + RSV_ENTRY_LEN)
		return fail(w, -ENOSPC);
	/* The reservation block's terminating entry (spec 5.3). */
	memset(w->buf + HDR_LEN, 0, RSV_ENTRY_LEN);
	w->end = HDR_LEN + RSV_ENTRY_LEN;
	return 0;
}

int fdtw_set_boot_cpuid(struct fdtw *w, u32 cpuid)
{
	int rc = check(w);

	if (rc)
		return rc;
	w->boot_cpuid = cpuid;
	return 0;
}

int fdtw_add_reserve(struct fdtw *w, u64 addr, u64 size)
{
	int rc = check(w);

	if (rc)
		return rc;
	/* An all-zero entry would end the list (spec 5.3). */
	if (w->off_struct || size == 0 || addr + size < addr)
		return fail(w, -EINVAL);
	if (room(w) < RSV_ENTRY_LEN)
		return fail(w, -ENOSPC);
	/* The new entry replaces the terminator, which moves one down. */
	put32(w, w->end - RSV_ENTRY_LEN, (u32)(addr >> 32));
	put32(w, w->end - RSV_ENTRY_LEN + 4, (u32)addr);
	put32(w, w->end - RSV_ENTRY_LEN + 8, (u32)(size >> 32));
	put32(w, w->end - RSV_ENTRY_LEN + 12, (u32)size);
	memset(w->buf + w->end, 0, RSV_ENTRY_LEN);
	w->end += RSV_ENTRY_LEN;
	return 0;
}

int fdtw_begin_node(struct fdtw *w, const char *name)
{
	u32 nlen, need;
	int rc = check(w);

	if (rc)
		return rc;
	if (!name)
		return fail(w, -EINVAL);
	/* Spec 5.4.2: one root, named "" (spec 5.4.1). */
	if (w->depth == 0 ? w->root_done || name[0] : !valid_node_name(name))
		return fail(w, -EINVAL);
	/* Deeper trees are refused by our reader (fdt_open). */
	if (w->depth >= FDT_MAX_DEPTH)
		return fail(w, -EINVAL);
	nlen = (u32)strlen(name);
	need = TOKEN_LEN + ALIGN_UP(nlen + 1, 4);
	if (need > room(w))
		return fail(w, -ENOSPC);
	if (w->depth == 0)
		w->off_struct = w->end;
	put32(w, w->end, FDT_BEGIN_NODE);
	/* The name, NUL-terminated and zero-padded (spec 5.4.1). */
	memset(w->buf + w->end + need - 4, 0, 4);
	memcpy(w->buf + w->end + TOKEN_LEN, name, nlen + 1);
	w->end += need;
	w->depth++;
	w->props = w->end;
	w->props_closed = false;
	return 0;
}

int fdtw_end_node(struct fdtw *w)
{
	int rc = check(w);

	if (rc)
		return rc;
	if (w->depth == 0)
		return fail(w, -EINVAL);
	if (room(w) < TOKEN_LEN)
		return fail(w, -ENOSPC);
	put32(w, w->end, FDT_END_NODE);
	w->end += TOKEN_LEN;
	w->depth--;
	/* The parent now has a subnode: no more properties for it. */
	w->props_closed = true;
	if (w->depth == 0)
		w->root_done = true;
	return 0;
}

/* Argument checks may precede check(w): fail() keeps the first error. */
int fdtw_property(struct fdtw *w, const char *name, const void *val, int len)
{
	if (!name || len < 0 || (len && !val))
		return fail(w, -EINVAL);
	return add_prop(w, name, val, (u32)len, NULL);
}

int fdtw_placeholder(struct fdtw *w, const char *name, int len, void **valp)
{
	if (valp)
		*valp = NULL;
	if (!name || len < 0 || !valp)
		return fail(w, -EINVAL);
	return add_prop(w, name, NULL, (u32)len, valp);
}

int fdtw_property_empty(struct fdtw *w, const char *name)
{
	return fdtw_property(w, name, NULL, 0);
}

int fdtw_property_u32(struct fdtw *w, const char *name, u32 val)
{
	val = cpu_to_fdt32(val);
	return fdtw_property(w, name, &val, sizeof(val));
}

int fdtw_property_u64(struct fdtw *w, const char *name, u64 val)
{
	val = cpu_to_fdt64(val);
	return fdtw_property(w, name, &val, sizeof(val));
}

/*
 * n tuples of k values, value j of each stored as widths[j] (0 to 2)
 * big-endian cells; -ERANGE for a value needing more.
 */
static int put_tuples(struct fdtw *w, const char *name, const u64 *vals, int n,
		      const int *widths, int k)
{
	int i, c, entry = 0, rc;
	void *v;
	u8 *p;

	for (i = 0; i < k; i++)
		entry += widths[i] * 4;
	if (n < 0 || (n && !vals))
		return fail(w, -EINVAL);
	if ((u64)n * entry > FDTW_MAX_SIZE)
		return fail(w, -ENOSPC);
	rc = fdtw_placeholder(w, name, n * entry, &v);
	for (p = v, i = 0; !rc && i < n * k; i++) {
		c = widths[i % k];
		if (c < 2 && (vals[i] >> (32 * c)))
			return fail(w, -ERANGE);
		for (; c > 0; c--, p += 4) {
			u32 cell =
				cpu_to_fdt32((u32)(vals[i] >> (32 * (c - 1))));

			memcpy(p, &cell, sizeof(cell));
		}
	}
	return rc;
}

int fdtw_property_cells(struct fdtw *w, const char *name, const u64 *vals,
			int n, int cells)
{
	if (cells < 1 || cells > 2)
		return fail(w, -EINVAL);
	return put_tuples(w, name, vals, n, &cells, 1);
}

int fdtw_property_reg(struct fdtw *w, int ac, int sc, const u64 *vals, int n)
{
	int widths[2] = {ac, sc};

	if (ac < 1 || ac > 2 || sc < 0 || sc > 2)
		return fail(w, -EINVAL);
	return put_tuples(w, "reg", vals, n, widths, 2);
}

int fdtw_property_string(struct fdtw *w, const char *name, const char *str)
{
	return fdtw_property_stringlist(w, name, &str, 1);
}

int fdtw_property_stringlist(struct fdtw *w, const char *name,
			     const char *const *strs, int n)
{
	u64 total = 0;
	size_t len;
	void *v;
	char *p;
	int i, rc;

	if (n < 0 || (n && !strs))
		return fail(w, -EINVAL);
	for (i = 0; i < n; i++) {
		if (!strs[i])
			return fail(w, -EINVAL);
		total += strlen(strs[i]) + 1;
	}
	if (total > FDTW_MAX_SIZE)
		return fail(w, -ENOSPC);
	rc = fdtw_placeholder(w, name, (int)total, &v);
	p = v;
	for (i = 0; !rc && i < n; i++) {
		len = strlen(strs[i]) + 1;
		memcpy(p, strs[i], len);
		p += len;
	}
	return rc;
}

int fdtw_finish(struct fdtw *w, size_t *total_size)
{
	u32 off, tag, len;
	int rc = check(w);

	if (rc)
		return rc;
	if (w->depth || !w->root_done)
		return fail(w, -EINVAL);
	if (room(w) < TOKEN_LEN)
		return fail(w, -ENOSPC);
	put32(w, w->end, FDT_END);
	w->end += TOKEN_LEN;
	memmove(w->buf + w->end, w->buf + w->size - w->strings, w->strings);

	/* Our own tokens: only BEGIN_NODE, END_NODE, PROP, then END. */
	for (off = w->off_struct; (tag = get32(w, off)) != FDT_END;) {
		if (tag == FDT_BEGIN_NODE) {
			len = (u32)strlen((const char *)w->buf + off + 4) + 1;
			off += TOKEN_LEN + ALIGN_UP(len, 4);
		} else if (tag == FDT_PROP) {
			len = get32(w, off + 4);
			put32(w, off + 8, w->strings - get32(w, off + 8));
			off += PROP_HDR_LEN + ALIGN_UP(len, 4);
		} else {
			off += TOKEN_LEN;
		}
	}

	/* Spec 5.2 header, in field order. */
	put32(w, 0, FDT_MAGIC);
	put32(w, 4, w->end + w->strings);
	put32(w, 8, w->off_struct);
	put32(w, 12, w->end);
	put32(w, 16, HDR_LEN);
	put32(w, 20, FDTW_VERSION);
	put32(w, 24, FDTW_LAST_COMP);
	put32(w, 28, w->boot_cpuid);
	put32(w, 32, w->strings);
	put32(w, 36, w->end - w->off_struct);
	w->finished = true;
	if (total_size)
		*total_size = w->end + w->strings;
	return 0;
}

/* A callback must leave the writer in the node it found it in. */
static int after_callback(struct fdtw *w, int depth)
{
	int rc = check(w);

	if (!rc && w->depth != depth)
		rc = fail(w, -EINVAL);
	return rc;
}

static int copy_props(struct fdtw *w, const struct fdt *src, int node,
		      const struct fdtw_copy_ops *ops)
{
	int prop, len, rc, depth = w->depth;
	const char *name;
	const void *val;
	bool keep;

	fdt_for_each_property (prop, src, node) {
		val = fdt_getprop_by_offset(src, prop, &name, &len);
		if (!val)
			return fail(w, len);
		keep = !ops || !ops->prop ||
		       ops->prop(w, src, node, name, val, len, ops->arg);
		rc = after_callback(w, depth);
		if (!rc && keep)
			rc = fdtw_property(w, name, val, len);
		if (rc)
			return rc;
	}
	if (prop != -ENOENT)
		return fail(w, prop);
	if (ops && ops->props_done)
		ops->props_done(w, src, node, ops->arg);
	return after_callback(w, depth);
}

int fdtw_copy_node(struct fdtw *w, const struct fdt *src, int node,
		   const struct fdtw_copy_ops *ops)
{
	int depth = 0, open = 0, skip = 0, off = node, wdepth, rc = check(w);
	const char *name;
	bool keep;

	if (rc)
		return rc;
	if (!src || w->depth == 0 || !fdt_get_name(src, node, NULL))
		return fail(w, -EINVAL);
	rc = copy_props(w, src, node, ops);
	if (rc || !ops || !ops->recurse)
		return rc;
	/*
	 * Walk the subtree in document order; depth is relative to node and
	 * open counts the subnodes begun in w, so open == depth - 1 before
	 * a node at depth is begun.
	 */
	for (;;) {
		off = fdt_next_node(src, off, &depth);
		if (off < 0)
			break;
		/* Inside a subtree the node callback dropped. */
		if (skip && depth > skip)
			continue;
		skip = 0;
		for (; open >= depth; open--)
			fdtw_end_node(w);
		rc = check(w);
		if (rc)
			return rc;
		wdepth = w->depth;
		keep = !ops->node || ops->node(w, src, off, ops->arg);
		rc = after_callback(w, wdepth);
		if (rc)
			return rc;
		if (!keep) {
			skip = depth;
			continue;
		}
		name = fdt_get_name(src, off, NULL);
		rc = fdtw_begin_node(w, name ? name : "");
		open++;
		if (!rc)
			rc = copy_props(w, src, off, ops);
		if (rc)
			return rc;
	}
	/* -ENOENT: the walk left node's subtree, or the tree ended. */
	if (off != -ENOENT)
		return fail(w, off);
	for (; open > 0; open--)
		fdtw_end_node(w);
	return check(w);
}
