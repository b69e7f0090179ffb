/* SPDX-License-Identifier: MIT */
/*
 * Domains introduced to the store: each has a ring page, an event channel
 * and a connection (privileged for dom0). Mapping and binding are the OS
 * layer's (struct xs_os_ops).
 */
#include <stdlib.h>
#include <string.h>

#include "xs_core.h"

struct xs_domain *xs_domain_find(struct xs_core *c, uint16_t domid)
{
	for (struct xs_domain *d = c->domains; d; d = d->next)
		if (d->domid == domid)
			return d;
	return NULL;
}

int xs_domain_introduce(struct xs_core *c, uint16_t domid, uint64_t mfn,
			uint32_t port)
{
	struct xs_domain *d;
	int err = XEN_EINVAL;

	if (domid >= XS_DOMID_MAX)
		return XEN_EINVAL;
	if (xs_domain_find(c, domid))
		return 0; /* as Xen: introducing again is harmless */
	if (!c->ops || !c->ops->map_domain)
		return XEN_ENOSYS;
	d = calloc(1, sizeof(*d));
	if (!d)
		return XEN_ENOMEM;
	d->domid = domid;
	d->mfn = mfn;
	d->remote_port = port;
	d->conn = xs_conn_new(c, domid, domid == 0);
	if (!d->conn) {
		free(d);
		return XEN_ENOMEM;
	}
	d->iface = c->ops->map_domain(c->os, domid, mfn, port, &d->local_port,
				      &err);
	if (!d->iface) {
		xs_conn_free(d->conn);
		free(d);
		return err;
	}
	d->conn->os = d;
	d->iface->server_features = XENSTORE_SERVER_FEATURE_RECONNECTION |
				    XENSTORE_SERVER_FEATURE_ERROR;
	d->iface->error = XENSTORE_ERROR_NONE;
	d->next = c->domains;
	c->domains = d;
	return 0;
}

int xs_domain_release(struct xs_core *c, uint16_t domid)
{
	struct xs_domain **pp, *d = NULL;

	for (pp = &c->domains; *pp; pp = &(*pp)->next)
		if ((*pp)->domid == domid) {
			d = *pp;
			*pp = d->next;
			break;
		}
	if (!d)
		return XEN_ENOENT;
	if (c->ops && c->ops->unmap_domain)
		c->ops->unmap_domain(c->os, d);
	xs_conn_free(d->conn);
	free(d);
	xs_tree_forget_domain(c, &c->tree, domid);
	return 0;
}

/* The guest asked to start over: drop its state and empty the rings. */
static void domain_reconnect(struct xs_domain *d)
{
	struct xs_conn *conn = d->conn;

	xs_watch_free_all(conn);
	xs_txn_free_all(conn);
	xs_conn_out_consume(conn, ~(size_t)0);
	conn->in_hdr_have = 0;
	conn->in_have = 0;
	conn->broken = false;
	d->iface->req_cons = d->iface->req_prod = 0;
	d->iface->rsp_cons = d->iface->rsp_prod = 0;
	d->iface->error = XENSTORE_ERROR_NONE;
	__atomic_store_n(&d->iface->connection, XENSTORE_CONNECTED,
			 __ATOMIC_RELEASE);
}

bool xs_domain_service(struct xs_core *c, struct xs_domain *d)
{
	bool notify = false, progress = true, bad = false;

	if (__atomic_load_n(&d->iface->connection, __ATOMIC_ACQUIRE) ==
	    XENSTORE_RECONNECT) {
		domain_reconnect(d);
		notify = true;
	}
	if (d->conn->broken && d->iface->error != XENSTORE_ERROR_NONE)
		return notify;
	while (progress && !bad) {
		progress = xs_ring_read(d->conn, d->iface, &bad);
		progress |= xs_ring_write(d->conn, d->iface, &bad);
		notify |= progress;
	}
	if (bad || d->conn->broken) {
		xs_log(c, "dom%u: %s, ignoring its ring", d->domid,
		       bad ? "bad ring index" : "protocol error");
		d->conn->broken = true;
		d->iface->error =
			bad ? XENSTORE_ERROR_RINGIDX : XENSTORE_ERROR_PROTO;
		notify = true;
	}
	return notify;
}
