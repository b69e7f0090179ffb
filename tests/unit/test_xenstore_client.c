/* SPDX-License-Identifier: MIT */
/*
 * The xenstore client library (tools/libs/xenstore): its wire helpers, and
 * every call end to end against xenstored's real core served on a Unix
 * socket by a thread of this test.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../tools/xenstored/xs_core.h"
#include "xenstore.h"

static void test_split_join(void **state)
{
	const char *in[] = {"a", "", "bcd"};
	char buf[16];
	unsigned int n;
	char **v;

	(void)state;
	assert_int_equal(xs_join(buf, sizeof(buf), in, 3), 7);
	assert_memory_equal(buf, "a\0\0bcd\0", 7);
	assert_int_equal(xs_join(buf, 6, in, 3), -1);
	v = xs_split(buf, 7, &n);
	assert_int_equal(n, 3);
	assert_string_equal(v[0], "a");
	assert_string_equal(v[1], "");
	assert_string_equal(v[2], "bcd");
	assert_null(v[3]);
	free(v);
	v = xs_split("x\0yz", 4, &n); /* last one without its NUL */
	assert_int_equal(n, 2);
	assert_string_equal(v[1], "yz");
	free(v);
	v = xs_split("", 0, &n);
	assert_int_equal(n, 0);
	free(v);
}

static void test_errno_names(void **state)
{
	(void)state;
	assert_int_equal(xs_errno_from_name("ENOENT", 7), ENOENT);
	assert_int_equal(xs_errno_from_name("EACCES", 6), EACCES);
	assert_int_equal(xs_errno_from_name("EAGAIN", 7), EAGAIN);
	assert_int_equal(xs_errno_from_name("E2BIG", 6), E2BIG);
	assert_int_equal(xs_errno_from_name("ENOENTX", 8), EINVAL);
	assert_int_equal(xs_errno_from_name("ENO", 3), EINVAL);
	assert_int_equal(xs_errno_from_name("", 0), EINVAL);
}

/* ---- a one-client server around the core ---- */

static struct xs_core core;
static char sock_path[108];
static int listen_fd;
static pthread_t server;

static void *serve(void *arg)
{
	int fd = accept(listen_fd, NULL, NULL);
	struct xs_conn *conn;
	uint8_t buf[4096];
	ssize_t n;

	(void)arg;
	if (fd < 0)
		return NULL;
	conn = xs_conn_new(&core, 0, true);
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		const uint8_t *p;
		size_t len;

		xs_conn_feed(conn, buf, n);
		while ((len = xs_conn_out_peek(conn, &p))) {
			if (write(fd, p, len) != (ssize_t)len)
				break;
			xs_conn_out_consume(conn, len);
		}
	}
	xs_conn_free(conn);
	close(fd);
	return NULL;
}

static int setup(void **state)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};

	(void)state;
	xs_core_init(&core, NULL, NULL);
	snprintf(sock_path, sizeof(sock_path), "/tmp/xs-test-%d.sock",
		 (int)getpid());
	unlink(sock_path);
	strcpy(sa.sun_path, sock_path);
	listen_fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (listen_fd < 0 || bind(listen_fd, (void *)&sa, sizeof(sa)) ||
	    listen(listen_fd, 1))
		return -1;
	return pthread_create(&server, NULL, serve, NULL);
}

static int teardown(void **state)
{
	(void)state;
	pthread_join(server, NULL);
	close(listen_fd);
	unlink(sock_path);
	xs_core_fini(&core);
	return 0;
}

static void test_end_to_end(void **state)
{
	struct xs_handle *h = xs_open_path(sock_path);
	unsigned int n, len;
	xs_transaction_t t;
	char **v;
	char *s;

	(void)state;
	assert_non_null(h);
	assert_true(xs_write(h, XBT_NULL, "/x/y", "val", 3));
	s = xs_read(h, XBT_NULL, "/x/y", &len);
	assert_non_null(s);
	assert_int_equal(len, 3);
	assert_string_equal(s, "val");
	free(s);
	assert_null(xs_read(h, XBT_NULL, "/nope", &len));
	assert_int_equal(errno, ENOENT);
	assert_true(xs_mkdir(h, XBT_NULL, "/x/z"));
	v = xs_directory(h, XBT_NULL, "/x", &n);
	assert_int_equal(n, 2);
	assert_string_equal(v[0], "y");
	assert_string_equal(v[1], "z");
	free(v);

	/* Watch events queue while replies are awaited. */
	assert_true(xs_watch(h, "/x", "tok"));
	assert_true(xs_write(h, XBT_NULL, "/x/y", "2", 1));
	v = xs_read_watch(h, &n); /* the initial event */
	assert_int_equal(n, 2);
	assert_string_equal(v[0], "/x");
	assert_string_equal(v[1], "tok");
	free(v);
	v = xs_read_watch(h, &n);
	assert_string_equal(v[0], "/x/y");
	free(v);
	assert_null(xs_read_watch_timeout(h, &n, 50));
	assert_int_equal(errno, ETIMEDOUT);
	assert_true(xs_unwatch(h, "/x", "tok"));
	assert_false(xs_unwatch(h, "/x", "tok"));
	assert_int_equal(errno, ENOENT);

	/* Transactions, with a conflict from our own second write. */
	t = xs_transaction_start(h);
	assert_int_not_equal(t, XBT_NULL);
	assert_true(xs_write(h, t, "/x/y", "t", 1));
	assert_true(xs_transaction_end(h, t, false));
	t = xs_transaction_start(h);
	s = xs_read(h, t, "/x/y", &len);
	free(s);
	assert_true(xs_write(h, XBT_NULL, "/x/y", "o", 1));
	assert_false(xs_transaction_end(h, t, false));
	assert_int_equal(errno, EAGAIN);

	/* Perms and the rest. */
	{
		const char *p[] = {"r0", "b3"};

		assert_true(xs_set_perms(h, XBT_NULL, "/x/y", p, 2));
		v = xs_get_perms(h, XBT_NULL, "/x/y", &n);
		assert_int_equal(n, 2);
		assert_string_equal(v[1], "b3");
		free(v);
	}
	s = xs_get_domain_path(h, 7);
	assert_string_equal(s, "/local/domain/7");
	free(s);
	assert_false(xs_is_domain_introduced(h, 7));
	assert_false(xs_introduce_domain(h, 7, 1, 2)); /* no OS layer */
	assert_int_equal(errno, ENOSYS);
	assert_false(xs_release_domain(h, 7));
	assert_int_equal(errno, ENOENT);
	assert_true(xs_reset_watches(h));
	assert_true(xs_rm(h, XBT_NULL, "/x"));
	assert_null(xs_read(h, XBT_NULL, "/x/y", &len));
	xs_close(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_join),
		cmocka_unit_test(test_errno_names),
		cmocka_unit_test_setup_teardown(test_end_to_end, setup,
						teardown),
	};

	return cmocka_run_group_tests_name("xenstore_client", tests, NULL,
					   NULL);
}
