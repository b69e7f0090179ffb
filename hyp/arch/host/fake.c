/* SPDX-License-Identifier: MIT */
/*
 * Fake arch for host unit tests: one CPU, no interrupts, panics that a test
 * can catch. Linked into every unit test binary, so keep it generic.
 */
/* hyp headers first: compiler.h defines names glibc also defines. */
#include <hyp/compiler.h>
#include <hyp/keyhandler.h>
#include <hyp/lib.h>
#include <hyp/list.h>
#include <hyp/percpu.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_fake.h"

unsigned long host_fake_daif;
jmp_buf *host_fake_panic_jmp;
char host_fake_panic_msg[512];

void host_fake_lock_error(const char *what)
{
	fprintf(stderr, "host_fake: lock misuse: %s\n", what);
	abort();
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(host_fake_panic_msg, sizeof(host_fake_panic_msg), fmt, ap);
	va_end(ap);

	if (host_fake_panic_jmp)
		longjmp(*host_fake_panic_jmp, 1);
	fprintf(stderr, "PANIC: %s\n", host_fake_panic_msg);
	abort();
}

/* Private: the global cpu_info[] belongs to common code. */
static struct cpu_info host_cpu0 = {
	.id = 0,
	.online = true,
	.timers = LIST_HEAD_INIT(host_cpu0.timers),
};

struct cpu_info *arch_this_cpu(void)
{
	return &host_cpu0;
}

/* Skip printk level prefixes such as "<2>" or "<G><1>". */
static const char *skip_loglvl(const char *fmt)
{
	while (fmt[0] == '<' && fmt[1] && fmt[2] == '>')
		fmt += 3;
	return fmt;
}

/* Weak: tests that link common/printk.c get the real console. */
__weak void vprintk(const char *fmt, va_list ap)
{
	vfprintf(stderr, skip_loglvl(fmt), ap);
}

__weak void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

/* Weak: common/printk.c has the real token bucket; tests see every message. */
__weak bool printk_ratelimit(void)
{
	return true;
}

/*
 * Weak: common/param.c has the real one. Xen's boolean spellings, for
 * custom params that use it in tests that do not link param.c.
 */
__weak int parse_bool(const char *s, const char *end)
{
	static const char *const yes[] = {"1", "yes", "on", "true", "enable"};
	static const char *const no[] = {"0", "no", "off", "false", "disable"};
	size_t len = end ? (size_t)(end - s) : strlen(s);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(yes); i++)
		if (strlen(yes[i]) == len && !strncmp(s, yes[i], len))
			return 1;
	for (i = 0; i < ARRAY_SIZE(no); i++)
		if (strlen(no[i]) == len && !strncmp(s, no[i], len))
			return 0;
	return -22; /* -EINVAL */
}

/* Debug keys (common/keyhandler.c) are not linked into unit tests. */
__attribute__((weak)) void handle_keypress(char key)
{
	(void)key;
}
