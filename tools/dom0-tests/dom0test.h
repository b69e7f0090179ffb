/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the dom0 test programs (static aarch64 Linux binaries
 * run by the dom0 initramfs, see tools/dom0-tests/README.md).
 *
 * Output convention: results go to stdout as `key=value` lines that
 * /init parses; diagnostics go to stderr prefixed with the program name.
 * Exit status 0 means every check passed, 1 a check failed, 2 a usage
 * error.
 */
#ifndef DOM0TEST_H
#define DOM0TEST_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *dom0test_prog = "dom0-test";

/* Print "prog: message" to stderr. */
static inline __attribute__((format(printf, 1, 2))) void note(const char *fmt,
							      ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", dom0test_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Print "prog: message" to stderr and exit with status 1. */
static inline __attribute__((format(printf, 1, 2), noreturn)) void
fail(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: FAIL: ", dom0test_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* A `key=value` result line on stdout (flushed: /init reads a pipe). */
static inline __attribute__((format(printf, 2, 3))) void
result(const char *key, const char *fmt, ...)
{
	va_list ap;

	printf("%s=", key);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* open(2) a device read-write, or fail naming it. */
static inline int open_dev(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		fail("open %s: %s", path, strerror(errno));
	return fd;
}

#endif /* DOM0TEST_H */
