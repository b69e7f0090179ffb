/* SPDX-License-Identifier: MIT */
/*
 * Host-test stand-ins for what printk.c needs: console_write() captures
 * output so tests can assert on it, and NOW() is a clock tests move by
 * hand. Include from exactly one file per test binary.
 */
#ifndef TESTS_UNIT_PRINTK_CAPTURE_H
#define TESTS_UNIT_PRINTK_CAPTURE_H

/* hyp/lib.h first: hyp/compiler.h must precede the libc headers. */
#include <hyp/lib.h>
#include <hyp/console.h>
#include <hyp/timer.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

static char captured[1 << 17];
static size_t captured_len;
s_time_t fake_now;

void console_write(const char *s, size_t len)
{
	size_t room = sizeof(captured) - 1 - captured_len;

	if (len > room)
		len = room;
	memcpy(captured + captured_len, s, len);
	captured_len += len;
	captured[captured_len] = '\0';
}

s_time_t NOW(void)
{
	return fake_now;
}

/*
 * The fake arch (hyp/arch/host) defines these; weak copies keep the
 * tests linking without it.
 */
__weak unsigned long host_fake_daif;
__weak void host_fake_lock_error(const char *what)
{
	fail_msg("lock error: %s", what);
}

static void capture_reset(void)
{
	captured_len = 0;
	captured[0] = '\0';
}

static unsigned int count_substr(const char *hay, const char *needle)
{
	unsigned int n = 0;
	size_t len = strlen(needle);

	while ((hay = strstr(hay, needle))) {
		n++;
		hay += len;
	}
	return n;
}

#define assert_captured(s)                                              \
	do {                                                            \
		if (!strstr(captured, (s)))                             \
			fail_msg("expected \"%s\" in output:\n%s", (s), \
				 captured);                             \
	} while (0)

#define assert_not_captured(s)                                            \
	do {                                                              \
		if (strstr(captured, (s)))                                \
			fail_msg("unexpected \"%s\" in output:\n%s", (s), \
				 captured);                               \
	} while (0)

#endif
