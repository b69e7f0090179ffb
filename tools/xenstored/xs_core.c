/* SPDX-License-Identifier: MIT */
/*
 * Core setup, connections and message framing: bytes in, whole requests to
 * xs_process(), replies and watch events queued out.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs_core.h"

static const struct xs_quota default_quota = {
	.nodes = 1000,
	.entry_size = 2048,
	.watches = 128,
	.transactions = 10,
	.outstanding = 20,
	.perms = 5,
	.txn_nodes = 1024,
	.path_len = XENSTORE_REL_PATH_MAX,
};

void xs_log(struct xs_core *c, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	if (!c->ops || !c->ops->log)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	c->ops->log(c->os, buf);
}

const char *xs_errname(int err)
{
	for (size_t i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++)
		if (xsd_errors[i].errnum == err)
			return xsd_errors[i].errstring;
	return "EINVAL";
}

void xs_core_init(struct xs_core *c, const struct xs_os_ops *ops, void *os)
{
	static const char *const initial[] = {"/local/domain", "/tool"};

	memset(c, 0, sizeof(*c));
	c->ops = ops;
	c->os = os;
	c->quota = default_quota;
	c->tree.root = calloc(1, sizeof(*c->tree.root));
	if (!c->tree.root)
		abort(); /* at startup only */
	c->tree.root->name = strdup("");
	c->tree.root->value = strdup("");
	c->tree.root->perms = calloc(1, sizeof(struct xs_perm));
	if (!c->tree.root->name || !c->tree.root->value || !c->tree.root->perms)
		abort();
	c->tree.root->nperms = 1; /* "n0": dom0 owns, others may not read */
	c->tree.root->gen = ++c->gen;
	for (size_t i = 0; i < sizeof(initial) / sizeof(initial[0]); i++)
		if (xs_create(c, &c->tree, NULL, initial[i], NULL))
			abort();
}

void xs_core_fini(struct xs_core *c)
{
	while (c->domains)
		xs_domain_release(c, c->domains->domid);
	while (c->conns)
		xs_conn_free(c->conns);
	xs_tree_free(&c->tree);
}

struct xs_conn *xs_conn_new(struct xs_core *c, uint16_t domid, bool privileged)
{
	struct xs_conn *conn = calloc(1, sizeof(*conn));

	if (!conn)
		return NULL;
	conn->in_buf = malloc(XENSTORE_PAYLOAD_MAX);
	if (!conn->in_buf) {
		free(conn);
		return NULL;
	}
	conn->core = c;
	conn->domid = domid;
	conn->privileged = privileged;
	conn->next_txid = 1;
	conn->next = c->conns;
	c->conns = conn;
	return conn;
}

void xs_conn_free(struct xs_conn *conn)
{
	struct xs_conn **pp;

	for (pp = &conn->core->conns; *pp; pp = &(*pp)->next)
		if (*pp == conn) {
			*pp = conn->next;
			break;
		}
	xs_watch_free_all(conn);
	xs_txn_free_all(conn);
	while (conn->out_head) {
		struct xs_out *o = conn->out_head;

		conn->out_head = o->next;
		free(o);
	}
	free(conn->in_buf);
	free(conn);
}

int xs_conn_send(struct xs_conn *conn, uint32_t type, uint32_t req_id,
		 uint32_t tx_id, const void *payload, uint32_t len)
{
	struct xsd_sockmsg h = {type, req_id, tx_id, len};
	struct xs_out *o;

	if (len > XENSTORE_PAYLOAD_MAX)
		return XEN_E2BIG; /* our own bug: callers bound replies */
	o = malloc(sizeof(*o) + sizeof(h) + len);
	if (!o)
		return XEN_ENOMEM;
	o->next = NULL;
	o->len = sizeof(h) + len;
	memcpy(o->data, &h, sizeof(h));
	if (len)
		memcpy(o->data + sizeof(h), payload, len);
	if (conn->out_tail)
		conn->out_tail->next = o;
	else
		conn->out_head = o;
	conn->out_tail = o;
	conn->out_count++;
	return 0;
}

size_t xs_conn_out_peek(const struct xs_conn *conn, const uint8_t **p)
{
	if (!conn->out_head)
		return 0;
	*p = conn->out_head->data + conn->out_off;
	return conn->out_head->len - conn->out_off;
}

void xs_conn_out_consume(struct xs_conn *conn, size_t n)
{
	while (n && conn->out_head) {
		struct xs_out *o = conn->out_head;
		size_t left = o->len - conn->out_off;

		if (n < left) {
			conn->out_off += n;
			return;
		}
		n -= left;
		conn->out_off = 0;
		conn->out_head = o->next;
		if (!conn->out_head)
			conn->out_tail = NULL;
		conn->out_count--;
		free(o);
	}
}

bool xs_conn_can_read(const struct xs_conn *conn)
{
	if (conn->broken)
		return false;
	/* Stop reading a client that does not collect its replies. */
	return conn->privileged ||
	       conn->out_count < conn->core->quota.outstanding;
}

size_t xs_conn_feed(struct xs_conn *conn, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t used = 0;

	while (used < len && xs_conn_can_read(conn)) {
		size_t n;

		if (conn->in_hdr_have < sizeof(conn->in_hdr)) {
			n = sizeof(conn->in_hdr) - conn->in_hdr_have;
			if (n > len - used)
				n = len - used;
			memcpy(conn->in_hdr + conn->in_hdr_have, p + used, n);
			conn->in_hdr_have += n;
			used += n;
			if (conn->in_hdr_have < sizeof(conn->in_hdr))
				break;
			memcpy(&conn->hdr, conn->in_hdr, sizeof(conn->hdr));
			conn->in_have = 0;
			if (conn->hdr.len > XENSTORE_PAYLOAD_MAX) {
				/* Xen's xenstored drops such a client too. */
				xs_log(conn->core,
				       "dom%u: message of %u bytes, dropping "
				       "connection",
				       conn->domid, conn->hdr.len);
				conn->broken = true;
				break;
			}
		}
		n = conn->hdr.len - conn->in_have;
		if (n > len - used)
			n = len - used;
		memcpy(conn->in_buf + conn->in_have, p + used, n);
		conn->in_have += n;
		used += n;
		if (conn->in_have < conn->hdr.len)
			break;
		conn->in_hdr_have = 0;
		xs_process(conn, &conn->hdr, conn->in_buf);
	}
	return used;
}
