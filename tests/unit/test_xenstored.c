/* SPDX-License-Identifier: MIT */
/*
 * xenstored's protocol core (tools/xenstored): every operation, node
 * permissions, quotas and malformed requests, through the real framing.
 * Transactions, watches and domain rings: test_xenstored_txn.c.
 */
#include "xs_test_util.h"

static struct xs_core core;
static struct xs_conn *dom0, *domu;

static int setup(void **state)
{
	(void)state;
	xt_init(&core);
	dom0 = xs_conn_new(&core, 0, true);
	domu = xs_conn_new(&core, 5, false);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	xs_core_fini(&core);
	return 0;
}

/* dom0 gives domU 5 its home directory, as the toolstack does. */
static void make_home(void)
{
	struct xs_msg r;

	xt_write(dom0, 0, "/local/domain/5", "");
	xt_s(dom0, XS_SET_PERMS, 0, "/local/domain/5\0n5\0", &r);
	xt_expect_ok(&r, XS_SET_PERMS);
}

static void test_read_write(void **state)
{
	struct xs_msg r;

	(void)state;
	xt_write(dom0, 0, "/a/b", "hello");
	xt_expect_value(dom0, 0, "/a/b", "hello");
	xt_expect_value(dom0, 0, "/a", ""); /* created on the way */
	xt_write(dom0, 0, "/a/b", "");
	xt_expect_value(dom0, 0, "/a/b", "");
	/* Values are bytes: NULs included. */
	xt_s(dom0, XS_WRITE, 0, "/bin\0x\0y", &r);
	xt_expect_ok(&r, XS_WRITE);
	xt_read(dom0, 0, "/bin", &r);
	assert_int_equal(r.h.len, 3);
	assert_memory_equal(r.data, "x\0y", 3);
	xt_expect_read_err(dom0, 0, "/nope", "ENOENT");
	xt_expect_read_err(dom0, 0, "/a/b/c/d", "ENOENT");
	/* The initial tree. */
	xt_expect_value(dom0, 0, "/local/domain", "");
	xt_expect_value(dom0, 0, "/", "");
}

static void test_mkdir_rm(void **state)
{
	struct xs_msg r;

	(void)state;
	xt_s(dom0, XS_MKDIR, 0, "/m/n\0", &r);
	xt_expect_ok(&r, XS_MKDIR);
	xt_expect_value(dom0, 0, "/m/n", "");
	xt_write(dom0, 0, "/m/n", "keep");
	xt_s(dom0, XS_MKDIR, 0, "/m/n\0", &r);
	xt_expect_ok(&r, XS_MKDIR);
	xt_expect_value(dom0, 0, "/m/n", "keep"); /* mkdir does not reset */

	xt_write(dom0, 0, "/m/n/o/p", "deep");
	xt_s(dom0, XS_RM, 0, "/m/n\0", &r);
	xt_expect_ok(&r, XS_RM);
	xt_expect_read_err(dom0, 0, "/m/n/o/p", "ENOENT");
	xt_expect_read_err(dom0, 0, "/m/n", "ENOENT");
	xt_expect_value(dom0, 0, "/m", "");
	/* Already gone: fine if the parent exists, else ENOENT. */
	xt_s(dom0, XS_RM, 0, "/m/n\0", &r);
	xt_expect_ok(&r, XS_RM);
	xt_s(dom0, XS_RM, 0, "/m/n/o\0", &r);
	xt_expect_err(&r, "ENOENT");
	xt_s(dom0, XS_RM, 0, "/\0", &r);
	xt_expect_err(&r, "EINVAL");
}

static void test_directory(void **state)
{
	struct xs_msg r;
	char name[128], path[160];

	(void)state;
	xt_write(dom0, 0, "/d/zz", "");
	xt_write(dom0, 0, "/d/aa", "");
	xt_write(dom0, 0, "/d/mm/x", "");
	xt_s(dom0, XS_DIRECTORY, 0, "/d\0", &r);
	assert_int_equal(r.h.type, XS_DIRECTORY);
	assert_int_equal(r.h.len, 9);
	assert_memory_equal(r.data, "zz\0aa\0mm\0", 9); /* creation order */
	xt_s(dom0, XS_DIRECTORY, 0, "/d/aa\0", &r);
	assert_int_equal(r.h.type, XS_DIRECTORY);
	assert_int_equal(r.h.len, 0);
	xt_s(dom0, XS_DIRECTORY, 0, "/d/none\0", &r);
	xt_expect_err(&r, "ENOENT");

	/* A list longer than a message: E2BIG, DIRECTORY_PART pages it. */
	memset(name, 'n', 99);
	name[99] = '\0';
	for (int i = 0; i < 50; i++) {
		snprintf(path, sizeof(path), "/big/%02d%s", i, name);
		xt_write(dom0, 0, path, "");
	}
	xt_s(dom0, XS_DIRECTORY, 0, "/big\0", &r);
	xt_expect_err(&r, "E2BIG");
	{
		unsigned int off = 0, seen = 0;
		char gen[32] = "";
		bool done = false;

		while (!done) {
			char req[64];
			int l = snprintf(req, sizeof(req), "/big%c%u", 0, off);
			size_t gl;
			char *p, *end;

			xt_req(dom0, XS_DIRECTORY_PART, 0, req, l + 1, &r);
			assert_int_equal(r.h.type, XS_DIRECTORY_PART);
			gl = strlen(r.data) + 1;
			if (gen[0])
				assert_string_equal(gen, r.data);
			strcpy(gen, r.data);
			p = r.data + gl;
			end = r.data + r.h.len;
			while (p < end && *p) {
				assert_int_equal(strtoul(p, NULL, 10), seen);
				seen++;
				off += strlen(p) + 1;
				p += strlen(p) + 1;
			}
			done = p < end; /* the extra NUL */
			assert_true(r.h.len <= XENSTORE_PAYLOAD_MAX);
		}
		assert_int_equal(seen, 50);
	}
	xt_s(dom0, XS_DIRECTORY_PART, 0, "/big\0999999\0", &r);
	xt_expect_err(&r, "EINVAL");
	xt_s(dom0, XS_DIRECTORY_PART, 0, "/big\0x\0", &r);
	xt_expect_err(&r, "EINVAL");
}

static void test_relative_paths(void **state)
{
	struct xs_msg r;

	(void)state;
	make_home();
	xt_write(domu, 0, "data/x", "rel");
	xt_expect_value(dom0, 0, "/local/domain/5/data/x", "rel");
	xt_expect_value(domu, 0, "data/x", "rel");
	xt_expect_value(domu, 0, "/local/domain/5/data/x", "rel");
	xt_one(domu, XS_GET_DOMAIN_PATH, 0, "5", &r);
	assert_string_equal(r.data, "/local/domain/5");
	xt_one(domu, XS_GET_DOMAIN_PATH, 0, "x5", &r);
	xt_expect_err(&r, "EINVAL");
}

static void test_bad_paths(void **state)
{
	static const char *const bad[] = {
		"",	"//",	  "/a/", "/a//b", "/a b", "/a\tb",
		"/a.b", "/a\xff", "@/x", "a/",	  "@x",	  "/@x/../y!",
	};
	char longp[XENSTORE_ABS_PATH_MAX + 8];
	struct xs_msg r;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		xt_one(dom0, XS_READ, 0, bad[i], &r);
		xt_expect_err(&r, "EINVAL");
		xt_one(dom0, XS_MKDIR, 0, bad[i], &r);
		xt_expect_err(&r, "EINVAL");
	}
	longp[0] = '/';
	memset(longp + 1, 'a', sizeof(longp) - 2);
	longp[sizeof(longp) - 1] = '\0';
	xt_one(dom0, XS_WRITE, 0, longp, &r);
	xt_expect_err(&r, "EINVAL");
	/* domU paths count relative to its home, against path_len. */
	core.quota.path_len = 10;
	make_home();
	xt_one(domu, XS_MKDIR, 0, "0123456789", &r);
	xt_expect_ok(&r, XS_MKDIR);
	xt_one(domu, XS_MKDIR, 0, "0123456789a", &r);
	xt_expect_err(&r, "EINVAL");
}

static void test_perms_basic(void **state)
{
	struct xs_msg r;

	(void)state;
	xt_write(dom0, 0, "/secret", "s");
	xt_one(dom0, XS_GET_PERMS, 0, "/secret", &r);
	assert_int_equal(r.h.type, XS_GET_PERMS);
	assert_int_equal(r.h.len, 3);
	assert_memory_equal(r.data, "n0\0", 3);
	xt_expect_read_err(domu, 0, "/secret", "EACCES");
	xt_one(domu, XS_GET_PERMS, 0, "/secret", &r);
	xt_expect_err(&r, "EACCES");
	/* Missing under an unreadable parent: EACCES, not ENOENT. */
	xt_expect_read_err(domu, 0, "/secret/x", "EACCES");
	xt_s(domu, XS_WRITE, 0, "/secret\0v", &r);
	xt_expect_err(&r, "EACCES");
	xt_s(domu, XS_WRITE, 0, "/secret/new\0v", &r);
	xt_expect_err(&r, "EACCES");
	xt_s(domu, XS_RM, 0, "/secret\0", &r);
	xt_expect_err(&r, "EACCES");
	xt_s(domu, XS_DIRECTORY, 0, "/secret\0", &r);
	xt_expect_err(&r, "EACCES");
	xt_s(domu, XS_SET_PERMS, 0, "/secret\0b5\0", &r);
	xt_expect_err(&r, "EACCES");

	/* Read for everyone, write for domain 5 through the ACL. */
	xt_s(dom0, XS_SET_PERMS, 0, "/secret\0r0\0w5\0", &r);
	xt_expect_ok(&r, XS_SET_PERMS);
	xt_expect_read_err(domu, 0, "/secret", "EACCES"); /* ACL wins */
	xt_s(domu, XS_WRITE, 0, "/secret\0by5", &r);
	xt_expect_ok(&r, XS_WRITE);
	xt_s(dom0, XS_SET_PERMS, 0, "/secret\0r0\0", &r);
	xt_expect_ok(&r, XS_SET_PERMS);
	xt_expect_value(domu, 0, "/secret", "by5");
	xt_expect_read_err(domu, 0, "/secret/x", "ENOENT");
	xt_s(domu, XS_WRITE, 0, "/secret\0no", &r);
	xt_expect_err(&r, "EACCES");
	xt_one(dom0, XS_GET_PERMS, 0, "/secret", &r);
	assert_memory_equal(r.data, "r0\0", 3);
}

static void test_perms_owner(void **state)
{
	struct xs_msg r;

	(void)state;
	make_home();
	xt_write(domu, 0, "mine/x", "1");
	/* Domains own what they create; inherited ACL otherwise. */
	xt_one(dom0, XS_GET_PERMS, 0, "/local/domain/5/mine/x", &r);
	assert_int_equal(r.h.len, 3);
	assert_memory_equal(r.data, "n5\0", 3);
	xt_s(domu, XS_SET_PERMS, 0, "mine/x\0n5\0r7\0", &r);
	xt_expect_ok(&r, XS_SET_PERMS);
	xt_one(dom0, XS_GET_PERMS, 0, "/local/domain/5/mine/x", &r);
	assert_int_equal(r.h.len, 6);
	assert_memory_equal(r.data, "n5\0r7\0", 6);
	/* A domain may not give its nodes away. */
	xt_s(domu, XS_SET_PERMS, 0, "mine/x\0b7\0", &r);
	xt_expect_err(&r, "EPERM");
	/* New children inherit the parent's perms, with the creator owning. */
	xt_write(dom0, 0, "/local/domain/5/mine/x/y", "");
	xt_one(dom0, XS_GET_PERMS, 0, "/local/domain/5/mine/x/y", &r);
	assert_memory_equal(r.data, "n5\0r7\0", 6);
	/* Another domain sees nothing of it. */
	{
		struct xs_conn *other = xs_conn_new(&core, 6, false);

		xt_expect_read_err(other, 0, "/local/domain/5/mine/x",
				   "EACCES");
		xt_s(other, XS_WRITE, 0, "/local/domain/5/evil\0x", &r);
		xt_expect_err(&r, "EACCES");
		xs_conn_free(other);
	}
	/* set_target: domain 6 acts for 5. */
	{
		struct xs_conn *dm = xs_conn_new(&core, 6, false);

		dm->has_target = true;
		dm->target = 5;
		xt_expect_value(dm, 0, "/local/domain/5/mine/x", "1");
		xs_conn_free(dm);
	}
}

static void test_perms_parse(void **state)
{
	static const char *const bad[] = {"x1",	 "b", "b-1", "b99999",
					  "b1x", "",  "r 1", "b32752"};
	struct xs_msg r;
	char buf[64];

	(void)state;
	xt_write(dom0, 0, "/p", "");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int l = snprintf(buf, sizeof(buf), "/p%c%s", 0, bad[i]);

		xt_req(dom0, XS_SET_PERMS, 0, buf, l + 1, &r);
		xt_expect_err(&r, "EINVAL");
	}
	xt_s(dom0, XS_SET_PERMS, 0, "/p\0", &r); /* no perms at all */
	xt_expect_err(&r, "EINVAL");
	xt_s(dom0, XS_SET_PERMS, 0, "/p\0b3\0r1\0w2\0n4\0", &r);
	xt_expect_ok(&r, XS_SET_PERMS);
	xt_one(dom0, XS_GET_PERMS, 0, "/p", &r);
	assert_int_equal(r.h.len, 12);
	assert_memory_equal(r.data, "b3\0r1\0w2\0n4\0", 12);
}

static void test_quota_nodes(void **state)
{
	char path[64];
	struct xs_msg r;

	(void)state;
	core.quota.nodes = 5;
	make_home(); /* owned by 5: counts as one */
	for (int i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "n%d", i);
		xt_one(domu, XS_MKDIR, 0, path, &r);
		xt_expect_ok(&r, XS_MKDIR);
	}
	xt_one(domu, XS_MKDIR, 0, "n4", &r);
	xt_expect_err(&r, "ENOSPC");
	xt_one(domu, XS_MKDIR, 0, "n0/a/b", &r); /* all or nothing */
	xt_expect_err(&r, "ENOSPC");
	xt_expect_read_err(domu, 0, "n0/a", "ENOENT");
	xt_one(domu, XS_RM, 0, "n3", &r);
	xt_expect_ok(&r, XS_RM);
	xt_one(domu, XS_MKDIR, 0, "n4", &r);
	xt_expect_ok(&r, XS_MKDIR);
	/* dom0 is not limited, and its nodes do not count for 5. */
	for (int i = 0; i < 20; i++) {
		snprintf(path, sizeof(path), "/local/domain/5/d%d", i);
		xt_one(dom0, XS_MKDIR, 0, path, &r);
		xt_expect_ok(&r, XS_MKDIR);
	}
}

static void test_quota_size_perms(void **state)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	struct xs_msg r;

	(void)state;
	make_home();
	core.quota.entry_size = 100;
	memcpy(buf, "v\0", 2);
	memset(buf + 2, 'x', 101);
	xt_req(domu, XS_WRITE, 0, buf, 2 + 100, &r);
	xt_expect_ok(&r, XS_WRITE);
	xt_req(domu, XS_WRITE, 0, buf, 2 + 101, &r);
	xt_expect_err(&r, "ENOSPC");
	xt_req(dom0, XS_WRITE, 0, buf, 2 + 101, &r); /* relative for dom0 */
	xt_expect_ok(&r, XS_WRITE);
	core.quota.perms = 2;
	xt_s(domu, XS_SET_PERMS, 0, "v\0n5\0r1\0", &r);
	xt_expect_ok(&r, XS_SET_PERMS);
	xt_s(domu, XS_SET_PERMS, 0, "v\0n5\0r1\0r2\0", &r);
	xt_expect_err(&r, "ENOSPC");
}

static void test_malformed(void **state)
{
	struct xs_msg r;

	(void)state;
	xt_s(dom0, 99, 0, "", &r);
	xt_expect_err(&r, "ENOSYS");
	xt_s(dom0, XS_ERROR, 0, "x\0", &r);
	xt_expect_err(&r, "ENOSYS");
	xt_s(dom0, XS_WATCH_EVENT, 0, "/a\0t\0", &r);
	xt_expect_err(&r, "ENOSYS");
	xt_s(dom0, 20, 0, "", &r); /* the withdrawn XS_RESTRICT */
	xt_expect_err(&r, "ENOSYS");
	xt_s(dom0, XS_INVALID, 0, "", &r);
	xt_expect_err(&r, "ENOSYS");
	xt_s(dom0, XS_READ, 0, "/a", &r); /* no NUL */
	xt_expect_err(&r, "EINVAL");
	xt_s(dom0, XS_READ, 0, "", &r);
	xt_expect_err(&r, "EINVAL");
	xt_s(dom0, XS_READ, 0, "/a\0/b\0", &r);
	xt_expect_err(&r, "EINVAL");
	xt_s(dom0, XS_WRITE, 0, "/nonul", &r);
	xt_expect_err(&r, "EINVAL");
	xt_s(dom0, XS_WATCH, 0, "/a\0", &r);
	xt_expect_err(&r, "EINVAL");
	xt_s(dom0, XS_INTRODUCE, 0,
	     "1\0x\0"
	     "3\0",
	     &r);
	xt_expect_err(&r, "EINVAL");
	xt_s(dom0, XS_INTRODUCE, 0,
	     "70000\0"
	     "1\0"
	     "3\0",
	     &r);
	xt_expect_err(&r, "EINVAL");
	xt_s(dom0, XS_INTRODUCE, 0,
	     "1\0"
	     "1\0"
	     "99999999999\0",
	     &r);
	xt_expect_err(&r, "EINVAL");
	xt_s(dom0, XS_RELEASE, 0, "-1\0", &r);
	xt_expect_err(&r, "EINVAL");
	xt_s(dom0, XS_GET_DOMAIN_PATH, 0, "\0", &r);
	xt_expect_err(&r, "EINVAL");
	xt_s(dom0, XS_CONTROL, 0, "nonsense\0", &r);
	xt_expect_err(&r, "EINVAL");
	xt_s(dom0, XS_CONTROL, 0, "", &r);
	xt_expect_err(&r, "EINVAL");
	/* Bad transaction ids. */
	xt_s(dom0, XS_READ, 77, "/\0", &r);
	xt_expect_err(&r, "ENOENT");
	xt_s(dom0, XS_TRANSACTION_END, 0, "T\0", &r);
	xt_expect_err(&r, "ENOENT");
	xt_s(dom0, XS_TRANSACTION_END, 12345, "T\0", &r);
	xt_expect_err(&r, "ENOENT");
	/* Still serving. */
	xt_write(dom0, 0, "/alive", "yes");
	xt_expect_value(dom0, 0, "/alive", "yes");
}

static void test_oversized_message(void **state)
{
	struct xsd_sockmsg h = {XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1};
	struct xs_msg r;

	(void)state;
	assert_int_equal(xs_conn_feed(domu, &h, sizeof(h)), sizeof(h));
	assert_true(domu->broken);
	assert_false(xs_conn_can_read(domu));
	assert_int_equal(xs_conn_feed(domu, "xx", 2), 0);
	assert_false(xt_pop(domu, &r));
	/* Others are unaffected. */
	xt_expect_value(dom0, 0, "/local", "");
}

static void test_framing_bytewise(void **state)
{
	uint8_t buf[64];
	struct xsd_sockmsg h = {XS_WRITE, 7, 0, 6};
	struct xs_msg r;

	(void)state;
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), "/f\0val", 6);
	h.type = XS_READ;
	h.req_id = 8;
	h.len = 3;
	memcpy(buf + 22, &h, sizeof(h));
	memcpy(buf + 38, "/f\0", 3);
	for (int i = 0; i < 41; i++)
		assert_int_equal(xs_conn_feed(dom0, buf + i, 1), 1);
	assert_true(xt_pop(dom0, &r));
	assert_int_equal(r.h.req_id, 7);
	xt_expect_ok(&r, XS_WRITE);
	assert_true(xt_pop(dom0, &r));
	assert_int_equal(r.h.req_id, 8);
	assert_int_equal(r.h.len, 3);
	assert_memory_equal(r.data, "val", 3);
	/* Zero-length payloads. */
	h = (struct xsd_sockmsg){XS_TRANSACTION_START, 9, 0, 0};
	assert_int_equal(xs_conn_feed(dom0, &h, sizeof(h)), sizeof(h));
	assert_true(xt_pop(dom0, &r));
	assert_int_equal(r.h.type, XS_TRANSACTION_START);
}

static void test_domain_ops(void **state)
{
	struct xs_msg r;

	(void)state;
	xt_s(domu, XS_INTRODUCE, 0,
	     "3\0"
	     "1234\0"
	     "7\0",
	     &r);
	xt_expect_err(&r, "EACCES");
	xt_s(dom0, XS_IS_DOMAIN_INTRODUCED, 0, "3\0", &r);
	assert_string_equal(r.data, "F");
	xt_s(dom0, XS_INTRODUCE, 0,
	     "3\0"
	     "0x1234\0"
	     "7\0",
	     &r);
	xt_expect_ok(&r, XS_INTRODUCE);
	assert_non_null(fos.page[3]);
	assert_int_equal(fos.page[3]->server_features, 3);
	xt_s(dom0, XS_INTRODUCE, 0,
	     "3\0"
	     "1234\0"
	     "7\0",
	     &r);
	xt_expect_ok(&r, XS_INTRODUCE); /* again: harmless */
	xt_s(dom0, XS_IS_DOMAIN_INTRODUCED, 0, "3\0", &r);
	assert_string_equal(r.data, "T");
	xt_s(domu, XS_RESUME, 0, "3\0", &r);
	xt_expect_err(&r, "EACCES");
	xt_s(dom0, XS_RESUME, 0, "3\0", &r);
	xt_expect_ok(&r, XS_RESUME);
	xt_s(dom0, XS_SET_TARGET, 0,
	     "3\0"
	     "4\0",
	     &r);
	xt_expect_err(&r, "ENOENT");
	xt_s(dom0, XS_INTRODUCE, 0,
	     "4\0"
	     "1\0"
	     "8\0",
	     &r);
	xt_expect_ok(&r, XS_INTRODUCE);
	xt_s(dom0, XS_SET_TARGET, 0,
	     "3\0"
	     "4\0",
	     &r);
	xt_expect_ok(&r, XS_SET_TARGET);
	assert_true(xs_domain_find(&core, 3)->conn->has_target);
	xt_s(domu, XS_RELEASE, 0, "3\0", &r);
	xt_expect_err(&r, "EACCES");
	xt_s(dom0, XS_RELEASE, 0, "3\0", &r);
	xt_expect_ok(&r, XS_RELEASE);
	assert_null(fos.page[3]);
	xt_s(dom0, XS_RELEASE, 0, "3\0", &r);
	xt_expect_err(&r, "ENOENT");
	xt_s(dom0, XS_RESUME, 0, "3\0", &r);
	xt_expect_err(&r, "ENOENT");
	fos.fail_map = true;
	xt_s(dom0, XS_INTRODUCE, 0,
	     "9\0"
	     "1\0"
	     "8\0",
	     &r);
	xt_expect_err(&r, "EIO");
	xt_s(dom0, XS_IS_DOMAIN_INTRODUCED, 0, "9\0", &r);
	assert_string_equal(r.data, "F");
}

/* A released domain's nodes go to dom0; a new domain of the same id
 * inherits nothing. */
static void test_release_forgets(void **state)
{
	struct xs_conn *d3;
	struct xs_msg r;

	(void)state;
	xt_s(dom0, XS_INTRODUCE, 0,
	     "3\0"
	     "1\0"
	     "7\0",
	     &r);
	xt_expect_ok(&r, XS_INTRODUCE);
	d3 = xs_domain_find(&core, 3)->conn;
	xt_write(dom0, 0, "/local/domain/3", "");
	xt_s(dom0, XS_SET_PERMS, 0, "/local/domain/3\0n3\0", &r);
	xt_write(d3, 0, "data", "mine");
	xt_write(dom0, 0, "/shared", "s");
	xt_s(dom0, XS_SET_PERMS, 0, "/shared\0n0\0r3\0r4\0", &r);
	xt_expect_value(d3, 0, "/shared", "s");
	assert_int_equal(xs_tree_count(&core.tree, 3), 2);
	xt_s(dom0, XS_RELEASE, 0, "3\0", &r);
	xt_expect_ok(&r, XS_RELEASE);
	assert_int_equal(xs_tree_count(&core.tree, 3), 0);
	xt_one(dom0, XS_GET_PERMS, 0, "/local/domain/3/data", &r);
	assert_int_equal(r.h.len, 3);
	assert_memory_equal(r.data, "n0\0", 3);
	xt_one(dom0, XS_GET_PERMS, 0, "/shared", &r);
	assert_int_equal(r.h.len, 6);
	assert_memory_equal(r.data, "n0\0r4\0", 6);
	/* A new domain 3 sees none of it. */
	xt_s(dom0, XS_INTRODUCE, 0,
	     "3\0"
	     "1\0"
	     "7\0",
	     &r);
	d3 = xs_domain_find(&core, 3)->conn;
	xt_expect_read_err(d3, 0, "data", "EACCES");
	xt_expect_read_err(d3, 0, "/shared", "EACCES");
}

static void test_control(void **state)
{
	struct xs_msg r;

	(void)state;
	xt_s(dom0, XS_CONTROL, 0, "print\0hello there\0", &r);
	xt_expect_ok(&r, XS_CONTROL);
	assert_non_null(strstr(fos.last_log, "hello there"));
	xt_s(dom0, XS_CONTROL, 0, "log\0on\0", &r);
	xt_expect_ok(&r, XS_CONTROL);
	assert_true(core.log_requests);
	xt_s(dom0, XS_CONTROL, 0, "help\0", &r);
	assert_int_equal(r.h.type, XS_CONTROL);
	xt_s(domu, XS_CONTROL, 0, "print\0x\0", &r);
	xt_expect_err(&r, "EACCES");
}

static void test_wire_abi(void **state)
{
	(void)state;
	/* Xen 4.17's numbering (xs_wire.h), checked where it matters. */
	_Static_assert(XS_CONTROL == 0 && XS_READ == 2 && XS_WATCH == 4,
		       "xs_wire numbering");
	_Static_assert(XS_GET_DOMAIN_PATH == 10 && XS_WATCH_EVENT == 15 &&
			       XS_ERROR == 16 && XS_SET_TARGET == 19,
		       "xs_wire numbering");
	_Static_assert(XS_RESET_WATCHES == 21 && XS_DIRECTORY_PART == 22 &&
			       XS_TYPE_COUNT == 23 && XS_INVALID == 0xffff,
		       "xs_wire numbering");
	assert_int_equal(sizeof(xsd_errors) / sizeof(xsd_errors[0]), 16);
	assert_string_equal(xs_errname(XEN_EINVAL), "EINVAL");
	assert_string_equal(xs_errname(XEN_EPERM), "EPERM");
	assert_string_equal(xs_errname(XEN_E2BIG), "E2BIG");
	assert_string_equal(xs_errname(12345), "EINVAL");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_read_write),	  T(test_mkdir_rm),
		T(test_directory),	  T(test_relative_paths),
		T(test_bad_paths),	  T(test_perms_basic),
		T(test_perms_owner),	  T(test_perms_parse),
		T(test_quota_nodes),	  T(test_quota_size_perms),
		T(test_malformed),	  T(test_oversized_message),
		T(test_framing_bytewise), T(test_domain_ops),
		T(test_control),	  T(test_wire_abi),
		T(test_release_forgets),
	};

	return cmocka_run_group_tests_name("xenstored", tests, NULL, NULL);
}
