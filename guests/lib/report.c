/* SPDX-License-Identifier: MIT */
/* Test status bookkeeping and the final "Test result:" line. */
#include <console.h>
#include <hypercall.h>
#include <lib.h>
#include <psci.h>
#include <report.h>
#include <smp.h>

static enum test_status status;
static bool warnings;
static bool verbose = true;
static u32 exiting; /* set once by the CPU that prints the final line */

static const char *const status_names[] = {
	[STATUS_RUNNING] = "RUNNING", [STATUS_SUCCESS] = "SUCCESS",
	[STATUS_SKIP] = "SKIP",	      [STATUS_ERROR] = "ERROR",
	[STATUS_FAILURE] = "FAILURE",
};

static void set_status(enum test_status s)
{
	enum test_status cur = __atomic_load_n(&status, __ATOMIC_RELAXED);

	while (s > cur &&
	       !__atomic_compare_exchange_n(&status, &cur, s, false,
					    __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
		;
}

enum test_status test_status(void)
{
	return __atomic_load_n(&status, __ATOMIC_SEQ_CST);
}

/* Print fmt/ap as a line, adding the newline if it has none. */
static void print_line(const char *prefix, const char *fmt, va_list ap)
{
	char buf[512];
	int n = 0;
	size_t len;

	if (prefix)
		n = snprintf(buf, sizeof(buf), "%s", prefix);
	vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	len = strlen(buf);
	if (len == 0 || buf[len - 1] != '\n')
		printk("%s\n", buf);
	else
		printk("%s", buf);
}

#define REPORT_FN(name, st)                \
	void name(const char *fmt, ...)    \
	{                                  \
		va_list ap;                \
		set_status(st);            \
		if (!fmt)                  \
			return;            \
		va_start(ap, fmt);         \
		print_line(NULL, fmt, ap); \
		va_end(ap);                \
	}

REPORT_FN(test_success, STATUS_SUCCESS)
REPORT_FN(test_skip, STATUS_SKIP)
REPORT_FN(test_error, STATUS_ERROR)
REPORT_FN(test_failure, STATUS_FAILURE)

void test_warning(const char *fmt, ...)
{
	va_list ap;

	warnings = true;
	va_start(ap, fmt);
	print_line("Warning: ", fmt, ap);
	va_end(ap);
}

void report_set_verbose(bool v)
{
	verbose = v;
}

bool check(bool cond, const char *fmt, ...)
{
	va_list ap;

	if (!cond)
		set_status(STATUS_FAILURE);
	if (cond && !verbose)
		return cond;
	va_start(ap, fmt);
	print_line(cond ? "PASS: " : "FAIL: ", fmt, ap);
	va_end(ap);
	return cond;
}

/* "value (hex)" plus the errno name when it is one. */
static void format_value(char *buf, size_t size, s64 v)
{
	const char *name = errname(v);

	if (v < 0 && v > -256 && name[0] == '-')
		snprintf(buf, size, "%ld (%s)", v, name);
	else if (v > 9 || v < -9)
		snprintf(buf, size, "%ld (%#lx)", v, v);
	else
		snprintf(buf, size, "%ld", v);
}

bool check_eq_(s64 actual, s64 expected, const char *fmt, ...)
{
	char msg[256], a[64], e[64];
	va_list ap;
	bool ok = actual == expected;

	if (!ok)
		set_status(STATUS_FAILURE);
	if (ok && !verbose)
		return ok;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	format_value(a, sizeof(a), actual);
	if (ok) {
		printk("PASS: %s: %s\n", msg, a);
	} else {
		format_value(e, sizeof(e), expected);
		printk("FAIL: %s: got %s, expected %s\n", msg, a, e);
	}
	return ok;
}

static void __noreturn power_off(void)
{
	local_irq_disable();
	hypervisor_shutdown(SHUTDOWN_poweroff);
	/* Still here: not on Xen's ABI? Try the firmware. */
	psci_system_off();
	for (;;)
		wfi();
}

void __noreturn test_exit(void)
{
	enum test_status s;

	if (__atomic_exchange_n(&exiting, 1, __ATOMIC_SEQ_CST)) {
		/* Another vCPU is already reporting: stay out of its way. */
		local_irq_disable();
		for (;;)
			wfi();
	}
	if (test_status() == STATUS_RUNNING)
		test_error("Test did not report a status");
	s = test_status();
	console_end_line();
	if (warnings)
		printk("(the test printed warnings)\n");
	printk("Test result: %s\n", status_names[s]);
	power_off();
}

void __noreturn report_crash_stop(void)
{
	static const char msg[] = "Crashed while reporting a crash\n"
				  "Test result: ERROR\n";

	if (!__atomic_exchange_n(&exiting, 1, __ATOMIC_SEQ_CST))
		console_write_raw(msg, sizeof(msg) - 1);
	power_off();
}

const char *errname(long rc)
{
	static const struct {
		int e;
		const char *name;
	} names[] = {
		{1, "-EPERM"},	     {2, "-ENOENT"},	{3, "-ESRCH"},
		{4, "-EINTR"},	     {5, "-EIO"},	{6, "-ENXIO"},
		{7, "-E2BIG"},	     {9, "-EBADF"},	{11, "-EAGAIN"},
		{12, "-ENOMEM"},     {13, "-EACCES"},	{14, "-EFAULT"},
		{16, "-EBUSY"},	     {17, "-EEXIST"},	{19, "-ENODEV"},
		{22, "-EINVAL"},     {28, "-ENOSPC"},	{30, "-EROFS"},
		{34, "-ERANGE"},     {38, "-ENOSYS"},	{61, "-ENODATA"},
		{95, "-EOPNOTSUPP"}, {105, "-ENOBUFS"},
	};
	unsigned int i;

	if (rc >= 0)
		return rc == 0 ? "0" : "positive";
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (-rc == names[i].e)
			return names[i].name;
	return "negative";
}
