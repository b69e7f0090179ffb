/* SPDX-License-Identifier: MIT */
/*
 * One request: the node, watch and transaction operations of the xenstore
 * wire protocol (docs/misc/xenstore.txt) and the dispatcher; domain
 * operations are in xs_ops_domain.c. Every failure is an XS_ERROR reply;
 * nothing a client sends may crash the daemon or reach another domain's
 * nodes without their permissions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs_core.h"
#include "xs_req.h"

static int touch(struct req *r, const char *path, bool write)
{
	return r->txn ? xs_txn_touch(r->conn, r->txn, path, write) : 0;
}

/* In a transaction, record the nodes a create will make or change. */
static int touch_create(struct req *r, const char *path)
{
	char *tmp, *s;
	int err = 0;

	if (!r->txn)
		return 0;
	tmp = strdup(path);
	if (!tmp)
		return XEN_ENOMEM;
	while (!err) {
		bool exists = xs_lookup(r->tree, tmp) != NULL;

		err = touch(r, tmp, true);
		if (exists || strcmp(tmp, "/") == 0)
			break;
		s = strrchr(tmp, '/');
		if (s == tmp)
			s[1] = '\0';
		else
			*s = '\0';
	}
	free(tmp);
	return err;
}

static void touch_removed(void *arg, const char *path, const struct xs_node *n)
{
	struct req *r = arg;

	(void)n;
	touch(r, path, true); /* quota failures: node is already recorded */
}

static char *canon(struct req *r, const char *path, int *err)
{
	return xs_canon(r->conn, path, false, err);
}

static int do_read(struct req *r)
{
	struct xs_node *n;
	char *path;
	int err;

	if (!xs_want_args(r, 1))
		return XEN_EINVAL;
	path = canon(r, r->argv[0], &err);
	if (!path)
		return err;
	err = touch(r, path, false);
	if (!err)
		err = xs_node_access(r->tree, r->conn, path, XS_PERM_READ, &n);
	if (!err)
		xs_reply(r, r->h->type, n->value, n->vlen);
	free(path);
	return err;
}

/* WRITE and MKDIR: create if missing (needs write on the parent). */
static int write_node(struct req *r, const char *arg, const void *v,
		      uint32_t vlen, bool set)
{
	struct xs_node *n;
	char *path;
	int err;

	path = canon(r, arg, &err);
	if (!path)
		return err;
	err = xs_node_access(r->tree, r->conn, path, XS_PERM_WRITE, &n);
	if (err == XEN_ENOENT) {
		err = touch_create(r, path);
		if (!err)
			err = xs_create(r->c, r->tree, r->conn, path, &n);
	} else if (!err && !set) {
		xs_reply_str(r, "OK"); /* mkdir of an existing node */
		free(path);
		return 0;
	} else if (!err) {
		err = touch(r, path, true);
	}
	if (!err && set)
		err = xs_node_set_value(r->c, r->tree, n, v, vlen);
	if (!err) {
		xs_reply_str(r, "OK"); /* the reply goes before any event */
		if (r->txn)
			xs_txn_fire(r->txn, path);
		else
			xs_fire(r->c, path, n, false);
	}
	free(path);
	return err;
}

static int do_write(struct req *r)
{
	size_t l = strnlen(r->p, r->len);
	uint32_t vlen;

	if (l >= r->len)
		return XEN_EINVAL;
	vlen = r->len - l - 1;
	if (!r->conn->privileged && vlen > r->c->quota.entry_size)
		return XEN_ENOSPC;
	return write_node(r, r->p, r->p + l + 1, vlen, true);
}

static int do_mkdir(struct req *r)
{
	if (!xs_want_args(r, 1))
		return XEN_EINVAL;
	return write_node(r, r->argv[0], NULL, 0, false);
}

static char *parent_of(const char *path)
{
	char *p = strdup(path), *s;

	if (p && (s = strrchr(p, '/'))) {
		if (s == p)
			s[1] = '\0';
		else
			*s = '\0';
	}
	return p;
}

static int do_rm(struct req *r)
{
	struct xs_node *n;
	char *path, *parent = NULL;
	int err;

	if (!xs_want_args(r, 1))
		return XEN_EINVAL;
	path = canon(r, r->argv[0], &err);
	if (!path)
		return err;
	err = xs_node_access(r->tree, r->conn, path, XS_PERM_WRITE, &n);
	if (err == XEN_ENOENT) {
		/* Already gone is fine if the parent is there (as Xen). */
		parent = parent_of(path);
		err = touch(r, path, false);
		if (!err)
			err = !parent			   ? XEN_ENOMEM
			      : xs_lookup(r->tree, parent) ? 0
							   : XEN_ENOENT;
	} else if (!err && !n->parent) {
		err = XEN_EINVAL; /* the root stays */
	} else if (!err && r->txn) {
		parent = parent_of(path);
		err = parent ? touch(r, parent, true) : XEN_ENOMEM;
		if (!err)
			err = touch(r, path, true);
		if (!err) {
			xs_txn_fire(r->txn, path);
			xs_remove(r->c, r->tree, n, touch_removed, r);
		}
	} else if (!err) {
		xs_reply_str(r, "OK");
		xs_remove_fire(r->c, r->tree, n, path);
		goto done;
	}
	if (!err)
		xs_reply_str(r, "OK");
done:
	free(parent);
	free(path);
	return err;
}

static int get_dir(struct req *r, struct xs_node **out, char **path)
{
	int err;

	*path = canon(r, r->argv[0], &err);
	if (!*path)
		return err;
	err = touch(r, *path, false);
	if (!err)
		err = xs_node_access(r->tree, r->conn, *path, XS_PERM_READ,
				     out);
	return err;
}

static int do_directory(struct req *r)
{
	struct xs_node *n;
	char *path, *buf;
	uint32_t len = 0;
	int err;

	if (!xs_want_args(r, 1))
		return XEN_EINVAL;
	err = get_dir(r, &n, &path);
	free(path);
	if (err)
		return err;
	for (uint32_t i = 0; i < n->nchildren; i++)
		len += strlen(n->children[i]->name) + 1;
	if (len > XENSTORE_PAYLOAD_MAX)
		return XEN_E2BIG; /* the client should use DIRECTORY_PART */
	buf = malloc(len + 1);
	if (!buf)
		return XEN_ENOMEM;
	len = 0;
	for (uint32_t i = 0; i < n->nchildren; i++) {
		size_t l = strlen(n->children[i]->name) + 1;

		memcpy(buf + len, n->children[i]->name, l);
		len += l;
	}
	xs_reply(r, r->h->type, buf, len);
	free(buf);
	return 0;
}

/*
 * DIRECTORY_PART path, offset: the node's generation, then the children
 * list from byte offset, cut at a name boundary; an extra NUL ends it.
 */
static int do_directory_part(struct req *r)
{
	struct xs_node *n;
	char *path, *buf;
	uint64_t off;
	uint32_t total = 0, pos = 0, len;
	int err;

	if (!xs_want_args(r, 2))
		return XEN_EINVAL;
	err = xs_parse_u64(r->argv[1], UINT32_MAX, &off);
	if (err)
		return err;
	err = get_dir(r, &n, &path);
	free(path);
	if (err)
		return err;
	buf = malloc(XENSTORE_PAYLOAD_MAX);
	if (!buf)
		return XEN_ENOMEM;
	len = snprintf(buf, 32, "%llu", (unsigned long long)n->gen) + 1;
	for (uint32_t i = 0; i < n->nchildren; i++)
		total += strlen(n->children[i]->name) + 1;
	if (off > total) {
		free(buf);
		return XEN_EINVAL;
	}
	for (uint32_t i = 0; i < n->nchildren; i++) {
		size_t l = strlen(n->children[i]->name) + 1;

		if (pos >= off) {
			if (len + l + 1 > XENSTORE_PAYLOAD_MAX)
				break;
			memcpy(buf + len, n->children[i]->name, l);
			len += l;
		}
		pos += l;
		if (pos == total)
			buf[len++] = '\0'; /* the end of the list */
	}
	if (total == 0)
		buf[len++] = '\0';
	xs_reply(r, r->h->type, buf, len);
	free(buf);
	return 0;
}

static int do_get_perms(struct req *r)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	struct xs_node *n;
	char *path;
	uint32_t len;
	int err;

	if (!xs_want_args(r, 1))
		return XEN_EINVAL;
	err = get_dir(r, &n, &path);
	free(path);
	if (err)
		return err;
	len = xs_format_perms(n, buf, sizeof(buf));
	if (!len)
		return XEN_E2BIG;
	xs_reply(r, r->h->type, buf, len);
	return 0;
}

static int do_set_perms(struct req *r)
{
	struct xs_perm perms[MAX_ARGS];
	struct xs_conn *conn = r->conn;
	struct xs_node *n;
	char *path;
	uint32_t np;
	int err;

	xs_split_args(r);
	if (r->argc < 2 || r->argc >= MAX_ARGS)
		return XEN_EINVAL;
	np = r->argc - 1;
	if (!conn->privileged && np > r->c->quota.perms)
		return XEN_ENOSPC;
	err = xs_parse_perms(r->argv + 1, np, perms);
	if (err)
		return err;
	path = canon(r, r->argv[0], &err);
	if (!path)
		return err;
	err = touch(r, path, true);
	if (!err)
		err = xs_node_access(r->tree, conn, path, XS_PERM_WRITE, &n);
	/* Only the owner may change perms, and only tools give nodes away. */
	if (!err && !conn->privileged && n->perms[0].id != conn->domid &&
	    !(conn->has_target && n->perms[0].id == conn->target))
		err = XEN_EACCES;
	if (!err && !conn->privileged && perms[0].id != n->perms[0].id)
		err = XEN_EPERM;
	if (!err)
		err = xs_node_set_perms(r->c, r->tree, n, perms, np);
	if (!err) {
		xs_reply_str(r, "OK");
		if (r->txn)
			xs_txn_fire(r->txn, path);
		else
			xs_fire(r->c, path, n, false);
	}
	free(path);
	return err;
}

static int do_watch(struct req *r, bool add)
{
	const char *p;
	char *path;
	int err;

	if (!xs_want_args(r, 2))
		return XEN_EINVAL;
	p = r->argv[0];
	path = xs_canon(r->conn, p, true, &err);
	if (!path)
		return err;
	if (!add) {
		err = xs_watch_del(r->conn, path, r->argv[1]);
	} else {
		err = xs_watch_add(r->conn, path, r->argv[1],
				   p[0] != '/' && p[0] != '@');
		if (!err) {
			xs_reply_str(r, "OK");
			/* The first event fires at once, whatever the node. */
			xs_fire_one(r->conn, r->conn->watches, path);
			free(path);
			return 0;
		}
	}
	if (!err)
		xs_reply_str(r, "OK");
	free(path);
	return err;
}

static int do_txn_start(struct req *r)
{
	char buf[16];
	uint32_t id;
	int err;

	if (r->h->tx_id)
		return XEN_EBUSY;
	err = xs_txn_start(r->conn, &id);
	if (err)
		return err;
	snprintf(buf, sizeof(buf), "%u", id);
	xs_reply_str(r, buf);
	return 0;
}

static int do_txn_end(struct req *r)
{
	int err;
	bool commit;

	if (!xs_want_args(r, 1))
		return XEN_EINVAL;
	if (strcmp(r->argv[0], "T") == 0)
		commit = true;
	else if (strcmp(r->argv[0], "F") == 0)
		commit = false;
	else
		return XEN_EINVAL;
	err = xs_txn_end(r->conn, r->txn, commit);
	if (!err)
		xs_reply_str(r, "OK");
	return err;
}

static int dispatch(struct req *r)
{
	switch (r->h->type) {
	case XS_READ:
		return do_read(r);
	case XS_WRITE:
		return do_write(r);
	case XS_MKDIR:
		return do_mkdir(r);
	case XS_RM:
		return do_rm(r);
	case XS_DIRECTORY:
		return do_directory(r);
	case XS_DIRECTORY_PART:
		return do_directory_part(r);
	case XS_GET_PERMS:
		return do_get_perms(r);
	case XS_SET_PERMS:
		return do_set_perms(r);
	case XS_WATCH:
		return do_watch(r, true);
	case XS_UNWATCH:
		return do_watch(r, false);
	case XS_TRANSACTION_START:
		return do_txn_start(r);
	case XS_TRANSACTION_END:
		return do_txn_end(r);
	case XS_INTRODUCE:
		return xs_op_introduce(r);
	case XS_RELEASE:
	case XS_RESUME:
	case XS_IS_DOMAIN_INTRODUCED:
	case XS_GET_DOMAIN_PATH:
		return xs_op_domid_op(r);
	case XS_SET_TARGET:
		return xs_op_set_target(r);
	case XS_RESET_WATCHES:
		xs_watch_free_all(r->conn);
		xs_txn_free_all(r->conn);
		xs_reply_str(r, "OK");
		return 0;
	case XS_CONTROL:
		return xs_op_control(r);
	default:
		return XEN_ENOSYS;
	}
}

static bool uses_txn(uint32_t type)
{
	switch (type) {
	case XS_READ:
	case XS_WRITE:
	case XS_MKDIR:
	case XS_RM:
	case XS_DIRECTORY:
	case XS_DIRECTORY_PART:
	case XS_GET_PERMS:
	case XS_SET_PERMS:
	case XS_TRANSACTION_END:
		return true;
	default:
		return false;
	}
}

static bool changes(uint32_t type)
{
	return type == XS_WRITE || type == XS_MKDIR || type == XS_RM ||
	       type == XS_SET_PERMS;
}

void xs_process(struct xs_conn *conn, const struct xsd_sockmsg *hdr,
		const uint8_t *payload)
{
	struct req r = {.conn = conn, .c = conn->core, .h = hdr};
	int err = 0;

	/* A private, NUL-terminated copy: strings never run off the end. */
	r.p = malloc(hdr->len + 1);
	if (!r.p) {
		xs_reply_err(&r, XEN_ENOMEM);
		return;
	}
	memcpy(r.p, payload, hdr->len);
	r.p[hdr->len] = '\0';
	r.len = hdr->len;
	r.tree = &r.c->tree;
	if (uses_txn(hdr->type) && hdr->tx_id) {
		r.txn = xs_txn_find(conn, hdr->tx_id);
		if (!r.txn)
			err = XEN_ENOENT;
		else if (changes(hdr->type))
			err = xs_txn_write_begin(r.c, r.txn);
		if (r.txn && !err)
			r.tree = xs_txn_tree(r.c, r.txn);
	} else if (hdr->type == XS_TRANSACTION_END) {
		err = XEN_ENOENT;
	}
	if (r.c->log_requests)
		xs_log(r.c, "dom%u: type %u tx %u len %u", conn->domid,
		       hdr->type, hdr->tx_id, hdr->len);
	if (!err)
		err = dispatch(&r);
	if (err)
		xs_reply_err(&r, err);
	free(r.p);
}
