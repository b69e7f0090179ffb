/* SPDX-License-Identifier: MIT */
/*
 * The node tree: lookup, creation with inherited permissions, removal,
 * permission checks and per-owner node counts. A tree is either the store
 * or a transaction's private copy of it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs_core.h"

static struct xs_count *count_get(struct xs_tree *t, uint16_t domid, bool add)
{
	struct xs_count *k;

	for (k = t->counts; k; k = k->next)
		if (k->domid == domid)
			return k;
	if (!add)
		return NULL;
	k = calloc(1, sizeof(*k));
	if (!k)
		return NULL;
	k->domid = domid;
	k->next = t->counts;
	t->counts = k;
	return k;
}

uint32_t xs_tree_count(const struct xs_tree *t, uint16_t domid)
{
	struct xs_count *k = count_get((struct xs_tree *)t, domid, false);

	return k ? k->nodes : 0;
}

static void count_add(struct xs_tree *t, uint16_t domid, int delta)
{
	struct xs_count *k = count_get(t, domid, true);

	/* Allocation failure only makes the quota more lenient. */
	if (k)
		k->nodes += delta;
}

static struct xs_node *child_find(const struct xs_node *n, const char *name,
				  size_t len)
{
	for (uint32_t i = 0; i < n->nchildren; i++)
		if (strncmp(n->children[i]->name, name, len) == 0 &&
		    n->children[i]->name[len] == '\0')
			return n->children[i];
	return NULL;
}

struct xs_node *xs_lookup(const struct xs_tree *t, const char *path)
{
	struct xs_node *n = t->root;
	const char *p = path;

	if (p[0] != '/')
		return NULL;
	while (n && *p) {
		const char *e;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		e = strchr(p, '/');
		if (!e)
			e = p + strlen(p);
		n = child_find(n, p, e - p);
		p = e;
	}
	return n;
}

char *xs_node_path(const struct xs_node *n)
{
	size_t len = 0;
	const struct xs_node *m;
	char *buf, *q;

	if (!n->parent)
		return strdup("/");
	for (m = n; m->parent; m = m->parent)
		len += strlen(m->name) + 1;
	buf = malloc(len + 1);
	if (!buf)
		return NULL;
	q = buf + len;
	*q = '\0';
	for (m = n; m->parent; m = m->parent) {
		size_t l = strlen(m->name);

		q -= l;
		memcpy(q, m->name, l);
		*--q = '/';
	}
	return buf;
}

unsigned int xs_perm_for(const struct xs_conn *conn, const struct xs_node *n)
{
	uint16_t owner = n->perms[0].id;

	/* Privileged tools and a node's owner may do anything. */
	if (!conn || conn->privileged || owner == conn->domid ||
	    (conn->has_target && owner == conn->target))
		return XS_PERM_BOTH;
	for (uint32_t i = 1; i < n->nperms; i++)
		if (n->perms[i].id == conn->domid ||
		    (conn->has_target && n->perms[i].id == conn->target))
			return n->perms[i].perms;
	return n->perms[0].perms;
}

int xs_node_access(const struct xs_tree *t, const struct xs_conn *conn,
		   const char *path, unsigned int perm, struct xs_node **out)
{
	struct xs_node *n = xs_lookup(t, path);
	char *tmp, *slash;

	*out = n;
	if (n)
		return (xs_perm_for(conn, n) & perm) == perm ? 0 : XEN_EACCES;
	/* Say ENOENT only to who could see the nearest existing ancestor. */
	tmp = strdup(path);
	if (!tmp)
		return XEN_ENOMEM;
	while (!n && (slash = strrchr(tmp, '/'))) {
		if (slash == tmp)
			slash[1] = '\0';
		else
			*slash = '\0';
		n = xs_lookup(t, tmp);
		if (slash == tmp)
			break;
	}
	free(tmp);
	if (!n)
		return XEN_ENOENT;
	return (xs_perm_for(conn, n) & perm) == perm ? XEN_ENOENT : XEN_EACCES;
}

static void node_free(struct xs_node *n)
{
	for (uint32_t i = 0; i < n->nchildren; i++)
		node_free(n->children[i]);
	free(n->children);
	free(n->name);
	free(n->value);
	free(n->perms);
	free(n);
}

static int child_add(struct xs_node *parent, struct xs_node *child)
{
	if (parent->nchildren == parent->cap) {
		uint32_t cap = parent->cap ? parent->cap * 2 : 4;
		struct xs_node **c =
			realloc(parent->children, cap * sizeof(*c));

		if (!c)
			return XEN_ENOMEM;
		parent->children = c;
		parent->cap = cap;
	}
	parent->children[parent->nchildren++] = child;
	child->parent = parent;
	return 0;
}

static struct xs_node *node_new(const char *name, size_t len,
				const struct xs_node *parent)
{
	struct xs_node *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->name = strndup(name, len);
	n->value = strdup("");
	n->perms = malloc(parent->nperms * sizeof(*n->perms));
	if (!n->name || !n->value || !n->perms) {
		node_free(n);
		return NULL;
	}
	memcpy(n->perms, parent->perms, parent->nperms * sizeof(*n->perms));
	n->nperms = parent->nperms;
	return n;
}

/* How many nodes creating path makes (path itself does not exist). */
static int count_missing(const struct xs_tree *t, const char *path,
			 uint32_t *missing)
{
	char *tmp = strdup(path), *s;
	struct xs_node *a = NULL;

	if (!tmp)
		return XEN_ENOMEM;
	*missing = 0;
	while (!a && (s = strrchr(tmp, '/'))) {
		(*missing)++;
		if (s == tmp)
			s[1] = '\0';
		else
			*s = '\0';
		a = xs_lookup(t, tmp);
		if (s == tmp)
			break;
	}
	free(tmp);
	return a ? 0 : XEN_ENOENT; /* ENOENT cannot happen: the root exists */
}

int xs_create(struct xs_core *c, struct xs_tree *t, struct xs_conn *conn,
	      const char *path, struct xs_node **out)
{
	struct xs_node *n = xs_lookup(t, path);
	const char *p = path;
	uint32_t missing;
	int err;

	if (n) {
		if (out)
			*out = n;
		return 0;
	}
	/* The quota is checked before anything changes. */
	err = count_missing(t, path, &missing);
	if (err)
		return err;
	if (conn && !conn->privileged &&
	    xs_tree_count(t, conn->domid) + missing > c->quota.nodes)
		return XEN_ENOSPC;

	n = t->root;
	while (*p) {
		const char *e;
		struct xs_node *ch;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		e = strchr(p, '/');
		if (!e)
			e = p + strlen(p);
		ch = child_find(n, p, e - p);
		if (!ch) {
			ch = node_new(p, e - p, n);
			if (!ch || child_add(n, ch)) {
				if (ch)
					node_free(ch);
				return XEN_ENOMEM;
			}
			/* Domains own what they create. */
			if (conn && !conn->privileged)
				ch->perms[0].id = conn->domid;
			count_add(t, ch->perms[0].id, 1);
			ch->gen = ++c->gen;
			n->gen = ++c->gen;
		}
		n = ch;
		p = e;
	}
	if (out)
		*out = n;
	return 0;
}

int xs_node_set_value(struct xs_core *c, struct xs_tree *t, struct xs_node *n,
		      const void *v, uint32_t len)
{
	char *nv = malloc(len + 1);

	(void)t;
	if (!nv)
		return XEN_ENOMEM;
	memcpy(nv, v, len);
	nv[len] = '\0';
	free(n->value);
	n->value = nv;
	n->vlen = len;
	n->gen = ++c->gen;
	return 0;
}

int xs_node_set_perms(struct xs_core *c, struct xs_tree *t, struct xs_node *n,
		      const struct xs_perm *p, uint32_t np)
{
	struct xs_perm *copy = malloc(np * sizeof(*copy));

	if (!copy)
		return XEN_ENOMEM;
	memcpy(copy, p, np * sizeof(*copy));
	count_add(t, n->perms[0].id, -1);
	count_add(t, copy[0].id, 1);
	free(n->perms);
	n->perms = copy;
	n->nperms = np;
	n->gen = ++c->gen;
	return 0;
}

static void remove_rec(struct xs_tree *t, struct xs_node *n,
		       void (*cb)(void *, const char *, const struct xs_node *),
		       void *arg)
{
	for (uint32_t i = 0; i < n->nchildren; i++)
		remove_rec(t, n->children[i], cb, arg);
	if (cb) {
		char *path = xs_node_path(n);

		if (path)
			cb(arg, path, n);
		free(path);
	}
	count_add(t, n->perms[0].id, -1);
}

void xs_remove(struct xs_core *c, struct xs_tree *t, struct xs_node *n,
	       void (*cb)(void *arg, const char *path, const struct xs_node *n),
	       void *arg)
{
	struct xs_node *parent = n->parent;

	if (!parent)
		return; /* the root stays */
	remove_rec(t, n, cb, arg);
	for (uint32_t i = 0; i < parent->nchildren; i++)
		if (parent->children[i] == n) {
			memmove(&parent->children[i], &parent->children[i + 1],
				(parent->nchildren - i - 1) *
					sizeof(parent->children[0]));
			parent->nchildren--;
			break;
		}
	parent->gen = ++c->gen;
	node_free(n);
}

static struct xs_node *clone_rec(const struct xs_node *s,
				 struct xs_node *parent)
{
	struct xs_node *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->name = strdup(s->name);
	n->value = malloc(s->vlen + 1);
	n->perms = malloc(s->nperms * sizeof(*n->perms));
	n->children = s->nchildren ? calloc(s->nchildren, sizeof(*n->children))
				   : NULL;
	if (!n->name || !n->value || !n->perms ||
	    (s->nchildren && !n->children)) {
		node_free(n);
		return NULL;
	}
	memcpy(n->value, s->value, s->vlen + 1);
	n->vlen = s->vlen;
	memcpy(n->perms, s->perms, s->nperms * sizeof(*n->perms));
	n->nperms = s->nperms;
	n->gen = s->gen;
	n->parent = parent;
	n->cap = s->nchildren;
	for (uint32_t i = 0; i < s->nchildren; i++) {
		n->children[i] = clone_rec(s->children[i], n);
		if (!n->children[i]) {
			node_free(n);
			return NULL;
		}
		n->nchildren++;
	}
	return n;
}

int xs_tree_clone(struct xs_tree *dst, const struct xs_tree *src)
{
	dst->counts = NULL;
	dst->root = clone_rec(src->root, NULL);
	if (!dst->root)
		return XEN_ENOMEM;
	for (struct xs_count *k = src->counts; k; k = k->next) {
		count_add(dst, k->domid, 0);
		struct xs_count *d = count_get(dst, k->domid, false);

		if (!d) {
			xs_tree_free(dst);
			return XEN_ENOMEM;
		}
		d->nodes = k->nodes;
	}
	return 0;
}

void xs_tree_free(struct xs_tree *t)
{
	if (t->root)
		node_free(t->root);
	t->root = NULL;
	while (t->counts) {
		struct xs_count *k = t->counts;

		t->counts = k->next;
		free(k);
	}
}

static void forget_rec(struct xs_core *c, struct xs_tree *t, struct xs_node *n,
		       uint16_t domid)
{
	struct xs_perm *p = malloc(n->nperms * sizeof(*p));
	uint32_t np = 0;
	bool change = n->perms[0].id == domid;

	for (uint32_t i = 0; p && i < n->nperms; i++) {
		if (i && n->perms[i].id == domid) {
			change = true;
			continue;
		}
		p[np++] = n->perms[i];
	}
	/* On ENOMEM the old perms stay; logged, nothing else to do. */
	if (!p)
		xs_log(c, "out of memory forgetting dom%u", domid);
	else if (change) {
		if (p[0].id == domid)
			p[0].id = 0;
		if (xs_node_set_perms(c, t, n, p, np))
			xs_log(c, "out of memory forgetting dom%u", domid);
	}
	free(p);
	for (uint32_t i = 0; i < n->nchildren; i++)
		forget_rec(c, t, n->children[i], domid);
}

void xs_tree_forget_domain(struct xs_core *c, struct xs_tree *t, uint16_t domid)
{
	forget_rec(c, t, t->root, domid);
}

int xs_parse_perms(const char *const *argv, uint32_t argc, struct xs_perm *out)
{
	for (uint32_t i = 0; i < argc; i++) {
		const char *s = argv[i];
		char *end;
		unsigned long id;

		switch (s[0]) {
		case 'n':
			out[i].perms = XS_PERM_NONE;
			break;
		case 'r':
			out[i].perms = XS_PERM_READ;
			break;
		case 'w':
			out[i].perms = XS_PERM_WRITE;
			break;
		case 'b':
			out[i].perms = XS_PERM_BOTH;
			break;
		default:
			return XEN_EINVAL;
		}
		if (s[1] < '0' || s[1] > '9')
			return XEN_EINVAL;
		id = strtoul(s + 1, &end, 10);
		if (*end || id >= XS_DOMID_MAX)
			return XEN_EINVAL;
		out[i].id = id;
	}
	return argc ? 0 : XEN_EINVAL;
}

uint32_t xs_format_perms(const struct xs_node *n, char *buf, uint32_t size)
{
	static const char letter[] = "nrwb";
	uint32_t len = 0;

	for (uint32_t i = 0; i < n->nperms; i++) {
		int w = snprintf(buf + len, size - len, "%c%u",
				 letter[n->perms[i].perms & 3], n->perms[i].id);

		if (w < 0 || (uint32_t)w + 1 >= size - len)
			return 0;
		len += w + 1; /* keep the NUL */
	}
	return len;
}
