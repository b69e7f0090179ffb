/* SPDX-License-Identifier: MIT */
/*
 * A domain's ring page (public/io/xs_wire.h, docs/misc/xenstore-ring.txt):
 * requests are copied out of req[] into our memory before parsing, replies
 * copied into rsp[]. The guest can write every field of the page at any
 * time, so each index is read once per step and checked: a producer more
 * than a ring ahead of its consumer is a broken ring.
 */
#include <string.h>

#include "xs_core.h"

static uint32_t load_acquire(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void store_release(uint32_t *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

bool xs_ring_read(struct xs_conn *conn, struct xenstore_domain_interface *in,
		  bool *bad)
{
	bool progress = false;

	while (xs_conn_can_read(conn)) {
		char buf[XENSTORE_RING_SIZE];
		uint32_t cons = load_acquire(&in->req_cons);
		uint32_t prod = load_acquire(&in->req_prod);
		uint32_t avail = prod - cons, off = MASK_XENSTORE_IDX(cons);
		size_t used;

		if (avail > XENSTORE_RING_SIZE) {
			*bad = true;
			break;
		}
		if (avail > XENSTORE_RING_SIZE - off)
			avail = XENSTORE_RING_SIZE - off;
		if (!avail)
			break;
		memcpy(buf, in->req + off, avail);
		used = xs_conn_feed(conn, buf, avail);
		if (!used)
			break;
		/* Our reads of req[] are done before the slot is released. */
		store_release(&in->req_cons, cons + used);
		progress = true;
	}
	return progress;
}

bool xs_ring_write(struct xs_conn *conn, struct xenstore_domain_interface *in,
		   bool *bad)
{
	bool progress = false;

	for (;;) {
		const uint8_t *p;
		size_t len = xs_conn_out_peek(conn, &p);
		uint32_t cons = load_acquire(&in->rsp_cons);
		uint32_t prod = load_acquire(&in->rsp_prod);
		uint32_t used = prod - cons, off = MASK_XENSTORE_IDX(prod);
		uint32_t space;

		if (!len)
			break;
		if (used > XENSTORE_RING_SIZE) {
			*bad = true;
			break;
		}
		space = XENSTORE_RING_SIZE - used;
		if (space > XENSTORE_RING_SIZE - off)
			space = XENSTORE_RING_SIZE - off;
		if (!space)
			break;
		if (len > space)
			len = space;
		memcpy(in->rsp + off, p, len);
		store_release(&in->rsp_prod, prod + len);
		xs_conn_out_consume(conn, len);
		progress = true;
	}
	return progress;
}
