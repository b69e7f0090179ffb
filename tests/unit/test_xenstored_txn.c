/* SPDX-License-Identifier: MIT */
/*
 * xenstored's core: transactions (isolation, conflicts), watches (initial
 * fire, subtree, rm, perms, relative paths, special watches) and domain
 * rings (requests and replies through a fake ring page, hostile indexes,
 * reconnection, backpressure).
 */
#include "xs_test_util.h"

static struct xs_core core;
static struct xs_conn *dom0, *other;

static int setup(void **state)
{
	(void)state;
	xt_init(&core);
	dom0 = xs_conn_new(&core, 0, true);
	other = xs_conn_new(&core, 0, true);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	xs_core_fini(&core);
	return 0;
}

static void txn_end(struct xs_conn *c, uint32_t tx, bool commit,
		    const char *err)
{
	struct xs_msg r;

	xt_one(c, XS_TRANSACTION_END, tx, commit ? "T" : "F", &r);
	if (err)
		xt_expect_err(&r, err);
	else
		xt_expect_ok(&r, XS_TRANSACTION_END);
}

static void test_txn_commit_abort(void **state)
{
	struct xs_msg r;
	uint32_t t;

	(void)state;
	xt_write(dom0, 0, "/t/a", "0");
	t = xt_txn_start(dom0);
	assert_int_not_equal(t, 0);
	xt_write(dom0, t, "/t/a", "1");
	xt_write(dom0, t, "/t/new/deep", "2");
	xt_expect_value(dom0, t, "/t/a", "1");
	xt_expect_value(dom0, 0, "/t/a", "0"); /* isolated until commit */
	xt_expect_read_err(dom0, 0, "/t/new", "ENOENT");
	txn_end(dom0, t, true, NULL);
	xt_expect_value(dom0, 0, "/t/a", "1");
	xt_expect_value(dom0, 0, "/t/new/deep", "2");
	/* The id is gone. */
	xt_read(dom0, t, "/t/a", &r);
	xt_expect_err(&r, "ENOENT");

	t = xt_txn_start(dom0);
	xt_write(dom0, t, "/t/a", "aborted");
	xt_one(dom0, XS_RM, t, "/t/new", &r);
	xt_expect_ok(&r, XS_RM);
	xt_expect_read_err(dom0, t, "/t/new/deep", "ENOENT");
	txn_end(dom0, t, false, NULL);
	xt_expect_value(dom0, 0, "/t/a", "1");
	xt_expect_value(dom0, 0, "/t/new/deep", "2");

	/* rm, mkdir, set_perms, directory inside one. */
	t = xt_txn_start(dom0);
	xt_one(dom0, XS_RM, t, "/t/new", &r);
	xt_expect_ok(&r, XS_RM);
	xt_one(dom0, XS_MKDIR, t, "/t/dir", &r);
	xt_expect_ok(&r, XS_MKDIR);
	xt_s(dom0, XS_SET_PERMS, t, "/t/a\0r0\0", &r);
	xt_expect_ok(&r, XS_SET_PERMS);
	xt_one(dom0, XS_DIRECTORY, t, "/t", &r);
	assert_int_equal(r.h.len, 6);
	assert_memory_equal(r.data, "a\0dir\0", 6);
	txn_end(dom0, t, true, NULL);
	xt_expect_read_err(dom0, 0, "/t/new", "ENOENT");
	xt_expect_read_err(dom0, 0, "/t/new/deep", "ENOENT");
	xt_expect_value(dom0, 0, "/t/dir", "");
	xt_one(dom0, XS_GET_PERMS, 0, "/t/a", &r);
	assert_memory_equal(r.data, "r0\0", 3);
	/* Bad end argument: EINVAL, the transaction stays. */
	t = xt_txn_start(dom0);
	xt_one(dom0, XS_TRANSACTION_END, t, "X", &r);
	xt_expect_err(&r, "EINVAL");
	xt_req(dom0, XS_TRANSACTION_START, t, "", 1, &r);
	xt_expect_err(&r, "EBUSY");
	txn_end(dom0, t, true, NULL);
}

static void test_txn_conflicts(void **state)
{
	uint32_t t, u;

	(void)state;
	xt_write(dom0, 0, "/c/x", "0");
	xt_write(dom0, 0, "/c/y", "0");

	/* Read, then changed by someone else: EAGAIN. */
	t = xt_txn_start(dom0);
	xt_expect_value(dom0, t, "/c/x", "0");
	xt_write(dom0, t, "/c/y", "t");
	xt_write(other, 0, "/c/x", "other");
	txn_end(dom0, t, true, "EAGAIN");
	xt_expect_value(dom0, 0, "/c/y", "0"); /* nothing applied */

	/* Read as absent, then created. */
	t = xt_txn_start(dom0);
	xt_expect_read_err(dom0, t, "/c/z", "ENOENT");
	xt_write(other, 0, "/c/z", "now");
	txn_end(dom0, t, true, "EAGAIN");

	/* Unrelated changes do not conflict. */
	t = xt_txn_start(dom0);
	xt_expect_value(dom0, t, "/c/x", "other");
	xt_write(dom0, t, "/c/y", "t2");
	xt_write(other, 0, "/elsewhere", "1");
	txn_end(dom0, t, true, NULL);
	xt_expect_value(dom0, 0, "/c/y", "t2");

	/* Two transactions write the same node: the second loses. */
	t = xt_txn_start(dom0);
	u = xt_txn_start(other);
	xt_write(dom0, t, "/c/x", "t");
	xt_write(other, u, "/c/x", "u");
	txn_end(other, u, true, NULL);
	txn_end(dom0, t, true, "EAGAIN");
	xt_expect_value(dom0, 0, "/c/x", "u");

	/* A node removed under a transaction that wrote it. */
	t = xt_txn_start(dom0);
	xt_write(dom0, t, "/c/x", "t");
	xt_write(other, 0, "/c/x/child", "");
	txn_end(dom0, t, true, "EAGAIN");

	/* Directory listing read, then a child added elsewhere. */
	t = xt_txn_start(dom0);
	{
		struct xs_msg r;

		xt_one(dom0, XS_DIRECTORY, t, "/c", &r);
		assert_int_equal(r.h.type, XS_DIRECTORY);
	}
	xt_write(other, 0, "/c/w", "");
	txn_end(dom0, t, true, "EAGAIN");

	/* Aborting never conflicts. */
	t = xt_txn_start(dom0);
	xt_expect_value(dom0, t, "/c/y", "t2");
	xt_write(other, 0, "/c/y", "o");
	txn_end(dom0, t, false, NULL);
}

/* A transaction copies the store only at its first change; what it read
 * before still counts for conflicts. */
static void test_txn_lazy_copy(void **state)
{
	struct xs_txn *tx;
	uint32_t t;

	(void)state;
	xt_write(dom0, 0, "/l/a", "0");
	t = xt_txn_start(dom0);
	tx = xs_txn_find(dom0, t);
	xt_expect_value(dom0, t, "/l/a", "0");
	assert_null(tx->tree.root); /* reads only: no copy */
	xt_write(other, 0, "/l/a", "1");
	xt_expect_value(dom0, t, "/l/a", "1"); /* sees the store */
	xt_write(dom0, t, "/l/b", "x");
	assert_non_null(tx->tree.root);
	txn_end(dom0, t, true, "EAGAIN"); /* /l/a changed after its read */
	xt_expect_read_err(dom0, 0, "/l/b", "ENOENT");

	t = xt_txn_start(dom0);
	xt_expect_value(dom0, t, "/l/a", "1");
	txn_end(dom0, t, true, NULL); /* read-only commit */
	t = xt_txn_start(dom0);
	xt_write(dom0, t, "/l/b", "y");
	xt_write(other, 0, "/l/a", "2"); /* never read: no conflict */
	txn_end(dom0, t, true, NULL);
	xt_expect_value(dom0, 0, "/l/b", "y");
	xt_expect_value(dom0, 0, "/l/a", "2");
}

static void test_txn_quota(void **state)
{
	struct xs_conn *u = xs_conn_new(&core, 7, false);
	struct xs_msg r;
	uint32_t ids[3];

	(void)state;
	core.quota.transactions = 2;
	ids[0] = xt_txn_start(u);
	ids[1] = xt_txn_start(u);
	xt_req(u, XS_TRANSACTION_START, 0, "", 1, &r);
	xt_expect_err(&r, "ENOSPC");
	txn_end(u, ids[0], false, NULL);
	ids[2] = xt_txn_start(u);
	assert_int_not_equal(ids[2], ids[1]);
	/* Nodes touched per transaction. */
	core.quota.txn_nodes = 3;
	xt_expect_read_err(u, ids[1], "/a", "EACCES");
	xt_expect_read_err(u, ids[1], "/b", "EACCES");
	xt_expect_read_err(u, ids[1], "/c", "EACCES");
	xt_expect_read_err(u, ids[1], "/d", "ENOSPC");
	/* Another connection's ids are not ours. */
	xt_read(dom0, ids[1], "/", &r);
	xt_expect_err(&r, "ENOENT");
	xs_conn_free(u); /* frees its transactions */
}

static void test_watch_basic(void **state)
{
	struct xs_msg r;

	(void)state;
	xt_two(dom0, XS_WATCH, 0, "/w", "tok", &r);
	xt_expect_ok(&r, XS_WATCH);
	xt_expect_event(dom0, "/w", "tok"); /* initial fire */
	xt_expect_no_event(dom0);
	xt_two(dom0, XS_WATCH, 0, "/w", "tok", &r);
	xt_expect_err(&r, "EEXIST");

	xt_write(other, 0, "/w", "1");
	xt_expect_event(dom0, "/w", "tok");
	xt_write(other, 0, "/w/sub/deeper", "1");
	xt_expect_event(dom0, "/w/sub/deeper", "tok");
	xt_expect_no_event(dom0);
	xt_write(other, 0, "/wx", "1"); /* not a child */
	xt_write(other, 0, "/", "1");	/* a parent */
	xt_expect_no_event(dom0);

	/* The writer's own watch fires, after its reply. */
	xt_write(dom0, 0, "/w", "2");
	xt_expect_event(dom0, "/w", "tok");

	/* rm: the watch on a removed descendant fires too. */
	xt_two(other, XS_WATCH, 0, "/w/sub/deeper", "d", &r);
	xt_expect_ok(&r, XS_WATCH);
	xt_expect_event(other, "/w/sub/deeper", "d");
	xt_one(dom0, XS_RM, 0, "/w", &r);
	xt_expect_ok(&r, XS_RM);
	xt_expect_event(dom0, "/w", "tok");
	xt_expect_no_event(dom0);
	xt_expect_event(other, "/w/sub/deeper", "d");
	xt_expect_no_event(other);

	xt_two(dom0, XS_UNWATCH, 0, "/w", "tok", &r);
	xt_expect_ok(&r, XS_UNWATCH);
	xt_two(dom0, XS_UNWATCH, 0, "/w", "tok", &r);
	xt_expect_err(&r, "ENOENT");
	xt_write(other, 0, "/w", "3");
	xt_expect_no_event(dom0);

	/* set_perms fires; reset_watches drops them all. */
	xt_two(dom0, XS_WATCH, 0, "/w", "p", &r);
	xt_expect_event(dom0, "/w", "p");
	xt_s(other, XS_SET_PERMS, 0, "/w\0r0\0", &r);
	xt_expect_event(dom0, "/w", "p");
	xt_s(dom0, XS_RESET_WATCHES, 0, "", &r);
	xt_expect_ok(&r, XS_RESET_WATCHES);
	xt_write(other, 0, "/w", "4");
	xt_expect_no_event(dom0);
	xt_two(dom0, XS_WATCH, 0, "/w/x//y", "bad", &r);
	xt_expect_err(&r, "EINVAL");
}

static void test_watch_txn(void **state)
{
	struct xs_msg r;
	uint32_t t;

	(void)state;
	xt_two(other, XS_WATCH, 0, "/tw", "t", &r);
	xt_expect_event(other, "/tw", "t");
	t = xt_txn_start(dom0);
	xt_write(dom0, t, "/tw/a", "1");
	xt_expect_no_event(other); /* not before commit */
	txn_end(dom0, t, true, NULL);
	xt_expect_event(other, "/tw/a", "t");
	t = xt_txn_start(dom0);
	xt_write(dom0, t, "/tw/b", "1");
	txn_end(dom0, t, false, NULL);
	xt_expect_no_event(other);
}

static void test_watch_domu(void **state)
{
	struct xs_conn *u = xs_conn_new(&core, 5, false);
	struct xs_msg r;

	(void)state;
	xt_write(dom0, 0, "/local/domain/5", "");
	xt_s(dom0, XS_SET_PERMS, 0, "/local/domain/5\0n5\0", &r);
	/* Relative watch: relative events. */
	xt_two(u, XS_WATCH, 0, "device", "rel", &r);
	xt_expect_ok(&r, XS_WATCH);
	xt_expect_event(u, "device", "rel");
	xt_write(dom0, 0, "/local/domain/5/device/vif/0", "x");
	xt_expect_event(u, "device/vif/0", "rel");
	/* Watching a node it cannot read: only the initial event. */
	xt_write(dom0, 0, "/private", "");
	xt_two(u, XS_WATCH, 0, "/private", "p", &r);
	xt_expect_ok(&r, XS_WATCH);
	xt_expect_event(u, "/private", "p");
	xt_write(dom0, 0, "/private/key", "secret");
	xt_expect_no_event(u);
	/* Special watches are for privileged connections. */
	xt_two(u, XS_WATCH, 0, "@releaseDomain", "s", &r);
	xt_expect_ok(&r, XS_WATCH);
	xt_expect_event(u, "@releaseDomain", "s");
	xt_two(dom0, XS_WATCH, 0, "@introduceDomain", "i", &r);
	xt_expect_event(dom0, "@introduceDomain", "i");
	xt_two(dom0, XS_WATCH, 0, "@releaseDomain", "r", &r);
	xt_expect_event(dom0, "@releaseDomain", "r");
	xt_s(dom0, XS_INTRODUCE, 0,
	     "8\0"
	     "1\0"
	     "2\0",
	     &r);
	xt_expect_ok(&r, XS_INTRODUCE);
	xt_expect_event(dom0, "@introduceDomain", "i");
	xt_s(dom0, XS_RELEASE, 0, "8\0", &r);
	xt_expect_ok(&r, XS_RELEASE);
	xt_expect_event(dom0, "@releaseDomain", "r");
	xt_expect_no_event(dom0);
	xt_expect_no_event(u);
	/* Special watch names are only for watches. */
	xt_one(dom0, XS_READ, 0, "@releaseDomain", &r);
	xt_expect_err(&r, "EINVAL");
	/* Watch quota. */
	core.quota.watches = 3;
	xt_two(u, XS_WATCH, 0, "a", "3", &r);
	xt_expect_err(&r, "E2BIG"); /* it has 3 already */
	xs_conn_free(u);
}

/* A domain that never reads its events: they are capped, and the drops
 * logged at a decreasing rate. */
static void test_watch_flood(void **state)
{
	struct xs_conn *u = xs_conn_new(&core, 5, false);
	struct xs_msg r;
	char val[16];

	(void)state;
	xt_write(dom0, 0, "/flood", "");
	xt_s(dom0, XS_SET_PERMS, 0, "/flood\0r0\0", &r);
	xt_two(u, XS_WATCH, 0, "/flood", "f", &r);
	for (int i = 0; i < 300; i++) {
		snprintf(val, sizeof(val), "%d", i);
		xt_write(dom0, 0, "/flood", val);
	}
	assert_int_equal(u->out_count, 256);
	assert_int_equal(u->dropped, 1 + 300 - 256); /* initial + writes */
	assert_non_null(strstr(fos.last_log, "dom5: 32 watch events dropped"));
	xs_conn_free(u);
}

/* ---- domain rings ---- */

static void ring_put(struct xenstore_domain_interface *in, const void *p,
		     size_t len)
{
	for (size_t i = 0; i < len; i++)
		in->req[MASK_XENSTORE_IDX(in->req_prod + i)] = ((char *)p)[i];
	in->req_prod += len;
}

static void ring_req(struct xenstore_domain_interface *in, uint32_t type,
		     uint32_t id, const void *p, uint32_t len)
{
	struct xsd_sockmsg h = {type, id, 0, len};

	ring_put(in, &h, sizeof(h));
	ring_put(in, p, len);
}

/* The next reply from the rsp ring. */
static bool ring_get(struct xenstore_domain_interface *in, struct xs_msg *m)
{
	char *dst = (char *)m;

	if (in->rsp_prod - in->rsp_cons < sizeof(m->h))
		return false;
	for (size_t i = 0; i < sizeof(m->h); i++)
		dst[i] = in->rsp[MASK_XENSTORE_IDX(in->rsp_cons + i)];
	assert_true(in->rsp_prod - in->rsp_cons >= sizeof(m->h) + m->h.len);
	for (size_t i = 0; i < m->h.len; i++)
		m->data[i] = in->rsp[MASK_XENSTORE_IDX(in->rsp_cons +
						       sizeof(m->h) + i)];
	m->data[m->h.len] = '\0';
	in->rsp_cons += sizeof(m->h) + m->h.len;
	return true;
}

static struct xs_domain *intro(uint16_t domid)
{
	struct xs_msg r;
	char buf[32];
	int l = snprintf(buf, sizeof(buf), "%u%c1%c9", domid, 0, 0);

	xt_req(dom0, XS_INTRODUCE, 0, buf, l + 1, &r);
	xt_expect_ok(&r, XS_INTRODUCE);
	return xs_domain_find(&core, domid);
}

static void test_ring_basic(void **state)
{
	struct xs_domain *d = intro(4);
	struct xenstore_domain_interface *in = d->iface;
	struct xs_msg m;
	unsigned int n0 = fos.notifies;

	(void)state;
	assert_int_equal(d->local_port, 109);
	assert_false(d->conn->privileged);
	xt_write(dom0, 0, "/local/domain/4", "");
	xt_s(dom0, XS_SET_PERMS, 0, "/local/domain/4\0n4\0", &m);
	/* Start near the index wrap: indexes are free-running. */
	in->req_cons = in->req_prod = 0xfffffff0;
	in->rsp_cons = in->rsp_prod = 0xfffffff8;
	ring_req(in, XS_WRITE, 1, "name\0guest", 10);
	ring_req(in, XS_READ, 2, "name\0", 5);
	ring_req(in, XS_GET_DOMAIN_PATH, 3, "4\0", 2);
	assert_true(xs_domain_service(&core, d));
	assert_true(ring_get(in, &m));
	assert_int_equal(m.h.req_id, 1);
	xt_expect_ok(&m, XS_WRITE);
	assert_true(ring_get(in, &m));
	assert_int_equal(m.h.req_id, 2);
	assert_string_equal(m.data, "guest");
	assert_true(ring_get(in, &m));
	assert_string_equal(m.data, "/local/domain/4");
	assert_false(ring_get(in, &m));
	assert_int_equal(in->req_cons, in->req_prod);
	xt_expect_value(dom0, 0, "/local/domain/4/name", "guest");
	(void)n0;

	/* A request split across two services. */
	ring_put(in, &(struct xsd_sockmsg){XS_READ, 5, 0, 5}, 16);
	assert_true(xs_domain_service(&core, d));
	assert_false(ring_get(in, &m));
	ring_put(in, "name\0", 5);
	assert_true(xs_domain_service(&core, d));
	assert_true(ring_get(in, &m));
	assert_string_equal(m.data, "guest");

	/* Watch events for the domain go out on the ring. */
	ring_req(in, XS_WATCH, 6, "name\0w\0", 7);
	xs_domain_service(&core, d);
	assert_true(ring_get(in, &m));
	xt_expect_ok(&m, XS_WATCH);
	assert_true(ring_get(in, &m));
	assert_int_equal(m.h.type, XS_WATCH_EVENT);
	assert_string_equal(m.data, "name");
	xt_write(dom0, 0, "/local/domain/4/name", "new");
	assert_true(xs_domain_service(&core, d));
	assert_true(ring_get(in, &m));
	assert_int_equal(m.h.type, XS_WATCH_EVENT);
}

static void test_ring_full_rsp(void **state)
{
	struct xs_domain *d = intro(4);
	struct xenstore_domain_interface *in = d->iface;
	struct xs_msg m;
	char big[1500];

	(void)state;
	/* A reply larger than the ring: sent as the guest consumes. */
	memset(big, 'b', sizeof(big));
	memcpy(big, "/big\0", 5);
	xt_req(dom0, XS_WRITE, 0, big, sizeof(big), &m);
	xt_s(dom0, XS_SET_PERMS, 0, "/big\0r0\0", &m);
	ring_req(in, XS_READ, 1, "/big\0", 5);
	xs_domain_service(&core, d);
	assert_int_equal(in->rsp_prod - in->rsp_cons, XENSTORE_RING_SIZE);
	{
		char got[2000];
		size_t have = 0;

		while (have < 16 + sizeof(big) - 5) {
			while (in->rsp_cons != in->rsp_prod)
				got[have++] = in->rsp[MASK_XENSTORE_IDX(
					in->rsp_cons++)];
			xs_domain_service(&core, d);
		}
		assert_int_equal(have, 16 + sizeof(big) - 5);
		assert_memory_equal(got + 16, big + 5, sizeof(big) - 5);
	}
}

static void test_ring_hostile(void **state)
{
	struct xs_domain *d = intro(4);
	struct xenstore_domain_interface *in = d->iface;
	struct xs_msg m;

	(void)state;
	/* Producer more than a ring ahead. */
	in->req_cons = 0;
	in->req_prod = XENSTORE_RING_SIZE + 1;
	assert_true(xs_domain_service(&core, d));
	assert_int_equal(in->error, XENSTORE_ERROR_RINGIDX);
	assert_true(d->conn->broken);
	/* Ignored from now on, and harmless to others. */
	in->req_prod = 16;
	xs_domain_service(&core, d);
	xt_expect_value(dom0, 0, "/local", "");
	/* Reconnection resets it. */
	in->connection = XENSTORE_RECONNECT;
	assert_true(xs_domain_service(&core, d));
	assert_int_equal(in->connection, XENSTORE_CONNECTED);
	assert_int_equal(in->error, XENSTORE_ERROR_NONE);
	assert_int_equal(in->req_prod, 0);
	ring_req(in, XS_READ, 1, "/local\0", 7);
	xs_domain_service(&core, d);
	assert_true(ring_get(in, &m));
	xt_expect_err(&m, "EACCES"); /* dom4 may not read /local ("n0") */

	/* Response indexes out of range. */
	in->rsp_prod = in->rsp_cons + XENSTORE_RING_SIZE + 5;
	ring_req(in, XS_READ, 2, "/local\0", 7);
	assert_true(xs_domain_service(&core, d));
	assert_int_equal(in->error, XENSTORE_ERROR_RINGIDX);

	/* Oversized length: protocol error. */
	in->connection = XENSTORE_RECONNECT;
	xs_domain_service(&core, d);
	ring_req(in, XS_READ, 3, "", 0);
	in->req[15] = 0x7f; /* len's top byte: 0x7f000000 */
	xs_domain_service(&core, d);
	assert_int_equal(in->error, XENSTORE_ERROR_PROTO);
}

static void test_ring_backpressure(void **state)
{
	struct xs_domain *d = intro(4);
	struct xenstore_domain_interface *in = d->iface;
	struct xs_msg m;
	unsigned int n = 0;

	(void)state;
	core.quota.outstanding = 4;
	/* The guest never reads replies: we stop reading its requests. */
	/* 56 requests of 18 bytes fill the 1024-byte ring. */
	for (int i = 0; i < 56; i++)
		ring_req(in, XS_GET_DOMAIN_PATH, i, "4\0", 2);
	xs_domain_service(&core, d);
	assert_true(d->conn->out_count <= 4);
	assert_true(in->req_cons < in->req_prod);
	/* Reading the replies lets it continue, in order. */
	for (int rounds = 0; rounds < 200 && n < 56; rounds++) {
		while (ring_get(in, &m)) {
			assert_int_equal(m.h.req_id, n);
			n++;
		}
		xs_domain_service(&core, d);
	}
	assert_int_equal(n, 56);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_txn_commit_abort), T(test_txn_conflicts),
		T(test_txn_quota),	  T(test_txn_lazy_copy),
		T(test_watch_basic),	  T(test_watch_txn),
		T(test_watch_domu),	  T(test_watch_flood),
		T(test_ring_basic),	  T(test_ring_full_rsp),
		T(test_ring_hostile),	  T(test_ring_backpressure),
	};

	return cmocka_run_group_tests_name("xenstored_txn", tests, NULL, NULL);
}
