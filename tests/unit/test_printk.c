/* SPDX-License-Identifier: MIT */
/* printk: levels and thresholds, rate limiting, line prefixes, the ring. */
#include "printk_capture.h"

#include <hyp/param.h>
#include <hyp/printk.h>

/* Refill the token bucket and flush any count of suppressed messages. */
static void ratelimit_reset(void)
{
	fake_now += SECONDS(1000000);
	printk_ratelimit();
	fake_now += SECONDS(1000000);
	capture_reset();
}

static int setup(void **state)
{
	ratelimit_reset();
	return 0;
}

static void set_levels(const char *line)
{
	assert_int_equal(cmdline_parse(line), 0);
	capture_reset();
}

/* Must run first: nothing has changed the thresholds yet. */
static void test_defaults(void **state)
{
	printk_show_levels();
	/* Xen's release defaults (this host build has no HYP_DEBUG). */
	assert_string_equal(captured,
			    "(HYP) Log levels: loglvl=info/info "
			    "guest_loglvl=none/warning, rate limit 10 per "
			    "5000 ms\n");
	capture_reset();
	printk(HYPLOG_ERR "e\n");
	printk(HYPLOG_WARNING "w\n");
	printk(HYPLOG_INFO "i\n");
	printk(HYPLOG_DEBUG "d\n");
	printk("plain\n");
	printk(HYPLOG_G_ERR "ge\n");
	printk(HYPLOG_G_WARNING "gw\n");
	printk(HYPLOG_G_INFO "gi\n");
	printk(HYPLOG_G_DEBUG "gd\n");
	printk(HYPLOG_GUEST "g\n");
	assert_string_equal(captured, "(HYP) e\n(HYP) w\n(HYP) i\n"
				      "(HYP) plain\n(HYP) ge\n(HYP) gw\n"
				      "(HYP) g\n");
}

static void call_vprintk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

static void test_prefix_and_lines(void **state)
{
	printk("one\ntwo\n");
	printk("part ");
	printk("%s", "of a ");
	printk("line\n");
	printk("\n");
	printk("x=%d y=%s\n", 5, "z");
	assert_string_equal(captured, "(HYP) one\n(HYP) two\n"
				      "(HYP) part of a line\n(HYP) \n"
				      "(HYP) x=5 y=z\n");
	capture_reset();
	/* Level prefixes in any order; unknown ones are skipped. */
	printk("<0><G>a\n");
	printk("<x><1>b\n");
	printk("<0"
	       "c\n");
	call_vprintk("%s\n", (char *)NULL);
	assert_string_equal(captured, "(HYP) a\n(HYP) b\n(HYP) <0c\n"
				      "(HYP) (null)\n");
	capture_reset();
	call_vprintk(NULL);
	assert_string_equal(captured, "");
}

static void test_truncation(void **state)
{
	char big[1000];
	const char *nl;

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	printk("%s\n", big);
	printk("next\n");
	nl = strchr(captured, '\n');
	assert_non_null(nl);
	/* The prefix, 250 chars, the marker, the newline: 256 in all. */
	assert_int_equal(nl - captured, strlen("(HYP) ") + 255 - 1);
	assert_memory_equal(nl - 5, "[...]", 5);
	assert_string_equal(nl + 1, "(HYP) next\n");

	/* No newline in the format: the marker, and the line stays open. */
	capture_reset();
	printk("%s", big);
	printk("!\n");
	assert_non_null(strstr(captured, "aa[...]!\n"));
	assert_int_equal(count_substr(captured, "(HYP) "), 1);
}

static void test_loglvl_parsing(void **state)
{
	static const struct {
		const char *opt;
		const char *shown;
	} cases[] = {
		{"loglvl=none", "loglvl=none/none "},
		{"loglvl=error", "loglvl=error/error "},
		{"loglvl=warning", "loglvl=warning/warning "},
		{"loglvl=info", "loglvl=info/info "},
		{"loglvl=debug", "loglvl=all/all "},
		{"loglvl=all", "loglvl=all/all "},
		{"loglvl=error/warning", "loglvl=error/warning "},
		{"loglvl=none/all", "loglvl=none/all "},
		/* A rate-limited level below the other is raised to it. */
		{"loglvl=info/error", "loglvl=info/info "},
		{"guest_loglvl=warning/info", "guest_loglvl=warning/info,"},
		{"guest_loglvl=all", "guest_loglvl=all/all,"},
		{"guest_loglvl=none/warning", "guest_loglvl=none/warning,"},
	};
	static const char *const bad[] = {
		"loglvl=verbose",   "loglvl=infox",
		"loglvl=info/",	    "loglvl=/info",
		"loglvl=info/x",    "loglvl=INFO",
		"loglvl=",	    "loglvl",
		"no-loglvl",	    "loglvl=info/info/info",
		"guest_loglvl=err",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		set_levels(cases[i].opt);
		printk_show_levels();
		assert_captured(cases[i].shown);
	}
	set_levels("loglvl=warning/info guest_loglvl=error");
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		capture_reset();
		assert_int_equal(cmdline_parse(bad[i]), 1);
		assert_captured("Bad value for option '");
		capture_reset();
		printk_show_levels();
		assert_captured(
			"loglvl=warning/info guest_loglvl=error/error,");
	}
	set_levels("loglvl=info guest_loglvl=none/warning");
}

static void test_thresholds(void **state)
{
	set_levels("loglvl=warning");
	printk(HYPLOG_ERR "e\n");
	printk(HYPLOG_WARNING "w\n");
	printk(HYPLOG_INFO "i\n");
	printk("plain\n");
	assert_string_equal(captured, "(HYP) e\n(HYP) w\n");

	/* Nothing at all: printk_show_levels still reports. */
	set_levels("loglvl=none guest_loglvl=none");
	printk(HYPLOG_ERR "e\n");
	printk(HYPLOG_G_ERR "ge\n");
	assert_string_equal(captured, "");
	printk_show_levels();
	assert_captured("loglvl=none/none");

	set_levels("loglvl=all guest_loglvl=all");
	printk(HYPLOG_DEBUG "d\n");
	printk(HYPLOG_G_DEBUG "gd\n");
	assert_string_equal(captured, "(HYP) d\n(HYP) gd\n");
	set_levels("loglvl=info guest_loglvl=none/warning");
}

static void test_ratelimit_burst(void **state)
{
	int i;

	set_levels("loglvl=none/all");
	ratelimit_reset();
	for (i = 0; i < 15; i++)
		printk(HYPLOG_ERR "m%d\n", i);
	assert_int_equal(count_substr(captured, "(HYP) m"), 10);
	assert_captured("(HYP) m9\n");
	assert_not_captured("m10");

	/* A token takes printk_ratelimit_ms (5000) to come back. */
	fake_now += MILLISECS(4999);
	printk(HYPLOG_ERR "late\n");
	assert_not_captured("late");
	fake_now += MILLISECS(1);
	printk(HYPLOG_ERR "again\n");
	assert_captured("(HYP) printk: 6 messages suppressed.\n"
			"(HYP) again\n");
	printk(HYPLOG_ERR "dropped\n");
	assert_not_captured("dropped");

	/* A long pause refills only up to the burst. */
	fake_now += SECONDS(3600);
	capture_reset();
	for (i = 0; i < 30; i++)
		printk(HYPLOG_INFO "n%d\n", i);
	assert_int_equal(count_substr(captured, "(HYP) n"), 10);
	assert_int_equal(count_substr(captured, "suppressed"), 1);
	set_levels("loglvl=info");
}

static void test_ratelimit_only_between_thresholds(void **state)
{
	int i;

	/* Errors and warnings always; info rate limited; debug never. */
	set_levels("loglvl=warning/info");
	ratelimit_reset();
	for (i = 0; i < 40; i++) {
		printk(HYPLOG_ERR "e%d\n", i);
		printk(HYPLOG_WARNING "w%d\n", i);
		printk(HYPLOG_INFO "i%d\n", i);
		printk(HYPLOG_DEBUG "d%d\n", i);
	}
	assert_int_equal(count_substr(captured, "(HYP) e"), 40);
	assert_int_equal(count_substr(captured, "(HYP) w"), 40);
	assert_int_equal(count_substr(captured, "(HYP) i"), 10);
	assert_int_equal(count_substr(captured, "(HYP) d"), 0);
	set_levels("loglvl=info");
}

static void test_ratelimit_guest(void **state)
{
	int i;

	/* Default guest_loglvl=none/warning: every guest message counts. */
	ratelimit_reset();
	for (i = 0; i < 12; i++) {
		printk(HYPLOG_G_ERR "ge%d\n", i);
		printk(HYPLOG_G_INFO "gi%d\n", i);
	}
	printk(HYPLOG_ERR "hyp errors are not limited\n");
	assert_int_equal(count_substr(captured, "(HYP) ge"), 10);
	assert_int_equal(count_substr(captured, "(HYP) gi"), 0);
	assert_captured("hyp errors are not limited");

	/* guest_loglvl=all: guests are not limited either. */
	set_levels("guest_loglvl=all");
	for (i = 0; i < 20; i++)
		printk(HYPLOG_G_DEBUG "gd%d\n", i);
	assert_int_equal(count_substr(captured, "(HYP) gd"), 20);
	set_levels("guest_loglvl=none/warning");
}

static void test_ratelimit_params(void **state)
{
	int i;

	set_levels("loglvl=none/all printk_ratelimit_ms=100 "
		   "printk_ratelimit_burst=2");
	printk_show_levels();
	assert_captured("rate limit 2 per 100 ms");
	ratelimit_reset();
	for (i = 0; i < 5; i++)
		printk("a%d\n", i);
	assert_int_equal(count_substr(captured, "(HYP) a"), 2);
	fake_now += MILLISECS(100);
	printk("b\n");
	assert_captured("(HYP) printk: 3 messages suppressed.\n(HYP) b\n");

	/* The public check shares the bucket. */
	fake_now += MILLISECS(200);
	assert_true(printk_ratelimit());
	assert_true(printk_ratelimit());
	assert_false(printk_ratelimit());
	/* The clock going backwards gives no credit and breaks nothing. */
	fake_now -= SECONDS(10);
	assert_false(printk_ratelimit());

	/* ms=0: no limit at all. */
	set_levels("printk_ratelimit_ms=0");
	for (i = 0; i < 50; i++)
		printk("c%d\n", i);
	assert_int_equal(count_substr(captured, "(HYP) c"), 50);

	set_levels("printk_ratelimit_ms=5000 printk_ratelimit_burst=10 "
		   "loglvl=info");
	ratelimit_reset();
}

static void test_ring(void **state)
{
	static char big[CONSOLE_RING_SIZE * 3];
	char buf[64];
	u64 pos = UINT64_MAX, start;
	size_t n, total;
	int i;

	/* A position past the end is clamped to the end. */
	assert_int_equal(console_ring_read(buf, sizeof(buf), &pos), 0);
	start = pos;
	printk("hello ring\n");
	n = console_ring_read(buf, sizeof(buf) - 1, &pos);
	buf[n] = '\0';
	assert_string_equal(buf, "(HYP) hello ring\n");
	assert_int_equal(pos, start + n);
	assert_int_equal(console_ring_read(buf, sizeof(buf), &pos), 0);

	/* Overwritten history is skipped; what is left is the newest. */
	capture_reset();
	for (i = 0; i < 1000; i++)
		printk("line %04d of the ring test, padded out a bit\n", i);
	assert_true(captured_len > CONSOLE_RING_SIZE);
	total = 0;
	while ((n = console_ring_read(big + total, 1000, &pos)))
		total += n;
	assert_int_equal(total, CONSOLE_RING_SIZE);
	assert_memory_equal(big, captured + captured_len - CONSOLE_RING_SIZE,
			    CONSOLE_RING_SIZE);

	/* Oldest first from 0; NULL buffers and positions are harmless. */
	pos = 0;
	assert_int_equal(console_ring_read(big, sizeof(big), &pos),
			 CONSOLE_RING_SIZE);
	assert_int_equal(console_ring_read(NULL, 10, &pos), 0);
	assert_int_equal(console_ring_read(buf, sizeof(buf), NULL),
			 sizeof(buf));
}

/* Last: panic mode cannot be undone. */
static void test_panic_mode(void **state)
{
	printk("before\n");
	printk_panic_mode();
	printk("after\n");
	printk_show_levels();
	assert_captured("(HYP) before\n(HYP) after\n(HYP) Log levels:");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_defaults, setup),
		cmocka_unit_test_setup(test_prefix_and_lines, setup),
		cmocka_unit_test_setup(test_truncation, setup),
		cmocka_unit_test_setup(test_loglvl_parsing, setup),
		cmocka_unit_test_setup(test_thresholds, setup),
		cmocka_unit_test_setup(test_ratelimit_burst, setup),
		cmocka_unit_test_setup(test_ratelimit_only_between_thresholds,
				       setup),
		cmocka_unit_test_setup(test_ratelimit_guest, setup),
		cmocka_unit_test_setup(test_ratelimit_params, setup),
		cmocka_unit_test_setup(test_ring, setup),
		cmocka_unit_test_setup(test_panic_mode, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
