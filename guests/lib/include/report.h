/* SPDX-License-Identifier: MIT */
/*
 * Test results, XTF style. A test reports any number of statuses; the most
 * severe one wins: SUCCESS < SKIP < ERROR < FAILURE. "Error" means the test
 * or its environment is broken, "failure" that the hypervisor misbehaved.
 *
 * test_exit() prints the one final line "Test result: <STATUS>" and shuts
 * the domain down (SCHEDOP_shutdown poweroff). A test that returns from
 * test_main() without reporting anything gets ERROR.
 */
#ifndef GUEST_REPORT_H
#define GUEST_REPORT_H

#include <lib.h>

enum test_status {
	STATUS_RUNNING,
	STATUS_SUCCESS,
	STATUS_SKIP,
	STATUS_ERROR,
	STATUS_FAILURE,
};

/* Each prints its message (if fmt is not NULL) as one line. */
void test_success(const char *fmt, ...) __printf(1, 2);
void test_skip(const char *fmt, ...) __printf(1, 2);
void test_error(const char *fmt, ...) __printf(1, 2);
void test_failure(const char *fmt, ...) __printf(1, 2);
void test_warning(const char *fmt, ...) __printf(1, 2);
enum test_status test_status(void);

/* Print the final line and power the domain off. */
void __noreturn test_exit(void);
/* Last resort when crashing while crashing: final line (once) and stop. */
void __noreturn report_crash_stop(void);

/*
 * Checks: print "PASS: <msg>" or "FAIL: <msg>" (the latter also reports a
 * failure) and return the condition. check_eq compares as signed 64-bit
 * values and prints both on a mismatch.
 */
bool check(bool cond, const char *fmt, ...) __printf(2, 3);
bool check_eq_(s64 actual, s64 expected, const char *fmt, ...) __printf(3, 4);
#define check_eq(actual, expected, ...) \
	check_eq_((s64)(actual), (s64)(expected), __VA_ARGS__)

/* Quiet mode: only failures print (for checks in loops). */
void report_set_verbose(bool verbose);

/* "-ENOSYS" etc. for a hypercall return value (or "0", "12"...). */
const char *errname(long rc);

#endif /* GUEST_REPORT_H */
