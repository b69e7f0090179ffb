/* SPDX-License-Identifier: MIT */
/*
 * Helpers for the xenstored core tests: a core with fake OS hooks (ring
 * pages are heap memory, notifies are counted) and request/reply helpers
 * that go through the real framing (xs_conn_feed) and output queue.
 */
#ifndef XS_TEST_UTIL_H
#define XS_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../tools/xenstored/xs_core.h"

struct xs_msg {
	struct xsd_sockmsg h;
	char data[XENSTORE_PAYLOAD_MAX + 1]; /* NUL appended */
};

struct fake_os {
	struct xenstore_domain_interface *page[64];
	unsigned int notifies;
	bool fail_map;
	char last_log[256];
};

static struct fake_os fos;

static struct xenstore_domain_interface *fake_map(void *os, uint16_t domid,
						  uint64_t mfn, uint32_t port,
						  uint32_t *local_port,
						  int *err)
{
	(void)os;
	(void)mfn;
	if (fos.fail_map || domid >= 64) {
		*err = XEN_EIO;
		return NULL;
	}
	fos.page[domid] = calloc(1, 4096);
	*local_port = 100 + port;
	return fos.page[domid];
}

static void fake_unmap(void *os, struct xs_domain *d)
{
	(void)os;
	free(fos.page[d->domid]);
	fos.page[d->domid] = NULL;
}

static void fake_notify(void *os, uint32_t port)
{
	(void)os;
	(void)port;
	fos.notifies++;
}

static void fake_log(void *os, const char *msg)
{
	(void)os;
	snprintf(fos.last_log, sizeof(fos.last_log), "%s", msg);
}

static const struct xs_os_ops fake_ops = {
	.map_domain = fake_map,
	.unmap_domain = fake_unmap,
	.notify = fake_notify,
	.log = fake_log,
};

static inline void xt_init(struct xs_core *c)
{
	memset(&fos, 0, sizeof(fos));
	xs_core_init(c, &fake_ops, &fos);
}

/* Pop the next queued message; false if none. */
static inline bool xt_pop(struct xs_conn *conn, struct xs_msg *m)
{
	const uint8_t *p;
	size_t len = xs_conn_out_peek(conn, &p);

	if (!len)
		return false;
	assert_true(len >= sizeof(m->h));
	memcpy(&m->h, p, sizeof(m->h));
	assert_int_equal(len, sizeof(m->h) + m->h.len);
	memcpy(m->data, p + sizeof(m->h), m->h.len);
	m->data[m->h.len] = '\0';
	xs_conn_out_consume(conn, len);
	return true;
}

/* Send a raw request; returns the reply (which must exist). */
static inline void xt_req(struct xs_conn *conn, uint32_t type, uint32_t tx,
			  const void *payload, uint32_t len, struct xs_msg *r)
{
	static uint32_t req_id = 1000;
	struct xsd_sockmsg h = {type, ++req_id, tx, len};
	uint8_t buf[sizeof(h) + XENSTORE_PAYLOAD_MAX];

	assert_true(len <= XENSTORE_PAYLOAD_MAX);
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), payload, len);
	assert_int_equal(xs_conn_feed(conn, buf, sizeof(h) + len),
			 sizeof(h) + len);
	assert_true(xt_pop(conn, r));
	assert_int_equal(r->h.req_id, req_id);
	assert_int_equal(r->h.tx_id, tx);
}

/* Request from NUL-separated strings given as one literal with its
 * length, e.g. xt_s(conn, XS_READ, 0, "/a\0", 3, &r). */
#define xt_s(conn, type, tx, lit, r) \
	xt_req(conn, type, tx, lit, sizeof(lit) - 1, r)

static inline void xt_expect_err(const struct xs_msg *r, const char *name)
{
	assert_int_equal(r->h.type, XS_ERROR);
	assert_string_equal(r->data, name);
	assert_int_equal(r->h.len, strlen(name) + 1);
}

static inline void xt_expect_ok(const struct xs_msg *r, uint32_t type)
{
	if (r->h.type == XS_ERROR)
		fail_msg("error %s", r->data);
	assert_int_equal(r->h.type, type);
	assert_int_equal(r->h.len, 3);
	assert_memory_equal(r->data, "OK", 3);
}

static inline void xt_write(struct xs_conn *conn, uint32_t tx, const char *path,
			    const char *val)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	size_t pl = strlen(path) + 1, vl = strlen(val);
	struct xs_msg r;

	memcpy(buf, path, pl);
	memcpy(buf + pl, val, vl);
	xt_req(conn, XS_WRITE, tx, buf, pl + vl, &r);
	xt_expect_ok(&r, XS_WRITE);
}

/* Read: returns the error name or the value in r. */
static inline void xt_read(struct xs_conn *conn, uint32_t tx, const char *path,
			   struct xs_msg *r)
{
	xt_req(conn, XS_READ, tx, path, strlen(path) + 1, r);
}

static inline void xt_expect_value(struct xs_conn *conn, uint32_t tx,
				   const char *path, const char *val)
{
	struct xs_msg r;

	xt_read(conn, tx, path, &r);
	if (r.h.type == XS_ERROR)
		fail_msg("read %s: %s", path, r.data);
	assert_int_equal(r.h.type, XS_READ);
	assert_int_equal(r.h.len, strlen(val));
	assert_memory_equal(r.data, val, r.h.len);
}

static inline void xt_expect_read_err(struct xs_conn *conn, uint32_t tx,
				      const char *path, const char *err)
{
	struct xs_msg r;

	xt_read(conn, tx, path, &r);
	xt_expect_err(&r, err);
}

static inline void xt_two(struct xs_conn *conn, uint32_t type, uint32_t tx,
			  const char *a, const char *b, struct xs_msg *r)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	size_t al = strlen(a) + 1, bl = strlen(b) + 1;

	memcpy(buf, a, al);
	memcpy(buf + al, b, bl);
	xt_req(conn, type, tx, buf, al + bl, r);
}

static inline void xt_one(struct xs_conn *conn, uint32_t type, uint32_t tx,
			  const char *a, struct xs_msg *r)
{
	xt_req(conn, type, tx, a, strlen(a) + 1, r);
}

static inline uint32_t xt_txn_start(struct xs_conn *conn)
{
	struct xs_msg r;

	xt_req(conn, XS_TRANSACTION_START, 0, "", 1, &r);
	assert_int_equal(r.h.type, XS_TRANSACTION_START);
	return strtoul(r.data, NULL, 10);
}

static inline void xt_expect_event(struct xs_conn *conn, const char *path,
				   const char *token)
{
	struct xs_msg m;

	if (!xt_pop(conn, &m))
		fail_msg("no event for %s", path);
	assert_int_equal(m.h.type, XS_WATCH_EVENT);
	assert_string_equal(m.data, path);
	assert_string_equal(m.data + strlen(path) + 1, token);
	assert_int_equal(m.h.len, strlen(path) + strlen(token) + 2);
}

static inline void xt_expect_no_event(struct xs_conn *conn)
{
	struct xs_msg m;

	if (xt_pop(conn, &m))
		fail_msg("unexpected message type %u: %s", m.h.type, m.data);
}

#endif /* XS_TEST_UTIL_H */
