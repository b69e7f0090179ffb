/* SPDX-License-Identifier: MIT */
/*
 * hyp/lib/vsnprintf.c, built as hyp_test_vsnprintf/hyp_test_snprintf (see
 * tests.mk), checked against the host C library on many formats.
 */
#undef vsnprintf
#undef snprintf
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <limits.h>
#include <stdbool.h>
#include <cmocka.h>

/* Not hyp/compiler.h: it must come before libc headers. */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

int hyp_test_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int hyp_test_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static unsigned long nr_checked;

/* Both implementations on the same arguments; they must agree exactly. */
static void __attribute__((format(printf, 1, 2))) check(const char *fmt, ...)
{
	char ours[512], ref[512];
	va_list ap, ap2;
	int r_ours, r_ref;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	memset(ours, 0x55, sizeof(ours));
	r_ours = hyp_test_vsnprintf(ours, sizeof(ours), fmt, ap);
	r_ref = vsnprintf(ref, sizeof(ref), fmt, ap2);
	va_end(ap2);
	va_end(ap);
	nr_checked++;
	if (r_ours != r_ref || strcmp(ours, ref))
		fail_msg("format \"%s\": got \"%s\" (%d), want \"%s\" (%d)",
			 fmt, ours, r_ours, ref, r_ref);
}

/* The same, for a format built at run time. */
static void check_dyn(const char *fmt, ...)
{
	char ours[512], ref[512];
	va_list ap, ap2;
	int r_ours, r_ref;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	r_ours = hyp_test_vsnprintf(ours, sizeof(ours), fmt, ap);
	r_ref = vsnprintf(ref, sizeof(ref), fmt, ap2);
	va_end(ap2);
	va_end(ap);
	nr_checked++;
	if (r_ours != r_ref || strcmp(ours, ref))
		fail_msg("format \"%s\": got \"%s\" (%d), want \"%s\" (%d)",
			 fmt, ours, r_ours, ref, r_ref);
}

static const long long values[] = {
	0,
	1,
	-1,
	7,
	-7,
	42,
	127,
	-128,
	128,
	255,
	256,
	32767,
	-32768,
	65535,
	65536,
	INT_MAX,
	INT_MIN,
	UINT_MAX,
	0x123456789abcdefLL,
	LLONG_MAX,
	LLONG_MIN,
	-0x123456789LL,
};

/* Call check_dyn with the argument type the length modifier expects. */
static void check_len(const char *fmt, const char *len, bool is_signed,
		      long long v)
{
	if (!strcmp(len, "hh") || !strcmp(len, "h") || !*len) {
		if (is_signed)
			check_dyn(fmt, (int)v);
		else
			check_dyn(fmt, (unsigned int)v);
	} else if (!strcmp(len, "l")) {
		if (is_signed)
			check_dyn(fmt, (long)v);
		else
			check_dyn(fmt, (unsigned long)v);
	} else if (!strcmp(len, "ll")) {
		if (is_signed)
			check_dyn(fmt, v);
		else
			check_dyn(fmt, (unsigned long long)v);
	} else if (!strcmp(len, "z")) {
		if (is_signed)
			check_dyn(fmt, (ptrdiff_t)v);
		else
			check_dyn(fmt, (size_t)v);
	} else if (!strcmp(len, "t")) {
		check_dyn(fmt, (ptrdiff_t)v);
	} else {
		if (is_signed)
			check_dyn(fmt, (intmax_t)v);
		else
			check_dyn(fmt, (uintmax_t)v);
	}
}

/* Every flag set, width, precision, length and integer conversion. */
static void test_integer_matrix(void **state)
{
	static const char *const widths[] = {"", "1", "6", "25"};
	static const char *const precs[] = {"", ".", ".0", ".1", ".4", ".22"};
	static const char *const lens[] = {"",	 "hh", "h", "l",
					   "ll", "z",  "t", "j"};
	static const char convs[] = "diuxXo";
	static const char flagc[] = "-0+ #";
	unsigned int flags;
	size_t w, p, l, c, v;
	char fmt[64];

	for (flags = 0; flags < 32; flags++) {
		char fl[8];
		size_t nf = 0, i;

		for (i = 0; i < 5; i++)
			if (flags & (1u << i))
				fl[nf++] = flagc[i];
		fl[nf] = '\0';
		for (w = 0; w < ARRAY_SIZE(widths); w++)
			for (p = 0; p < ARRAY_SIZE(precs); p++)
				for (l = 0; l < ARRAY_SIZE(lens); l++)
					for (c = 0; c < sizeof(convs) - 1;
					     c++) {
						bool sgn = convs[c] == 'd' ||
							   convs[c] == 'i';

						snprintf(fmt, sizeof(fmt),
							 "[%%%s%s%s%s%c]", fl,
							 widths[w], precs[p],
							 lens[l], convs[c]);
						for (v = 0;
						     v < ARRAY_SIZE(values);
						     v++)
							check_len(fmt, lens[l],
								  sgn,
								  values[v]);
					}
	}
	assert_true(nr_checked > 100000);
}

static void test_star(void **state)
{
	static const int ws[] = {0, 1, 5, 12, -1, -5, -12};
	static const int ps[] = {0, 1, 3, 10, -1, -7};
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(ws); i++) {
		for (j = 0; j < ARRAY_SIZE(ps); j++) {
			check("%*d|%.*d|%*.*d", ws[i], 42, ps[j], -42, ws[i],
			      ps[j], 1234);
			check("%0*x|%-*.*X|%#*o", ws[i], 0xbeefu, ws[i], ps[j],
			      0xcafeu, ws[i], 8u);
			check("%*s|%.*s|%-*.*s", ws[i], "abc", ps[j],
			      "abcdefghijkl", ws[i], ps[j], "xyz");
			check("%*c|%-*c", ws[i], 'q', ws[i], 'r');
		}
	}
}

static void test_strings_chars(void **state)
{
	static const char *const strs[] = {"", "a", "hello", "hello world",
					   "0123456789abcdefghijklmnop"};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(strs); i++) {
		check("%s|%10s|%-10s|%.3s|%10.3s|%-10.3s|%.0s|%.30s", strs[i],
		      strs[i], strs[i], strs[i], strs[i], strs[i], strs[i],
		      strs[i]);
	}
	check("%c%c%c|%3c|%-3c|", 'a', 'b', 'c', 'x', 'y');
	check("%c", 0xff);
	check("100%%|%%%%|");
	check("plain text, no conversions");
	check("%s=%d %s=%#x %c%s", "a", 1, "b", 0x10u, '!', "end");
	/* Precision bounds the read: this array has no terminator. */
	{
		char unterminated[3] = {'a', 'b', 'c'};

		check("%.3s|%.2s", unterminated, unterminated);
	}
}

static void test_pointers(void **state)
{
	int x;
	void *ptrs[] = {&x, (void *)1, (void *)0xffff, (void *)UINTPTR_MAX,
			(void *)0x123456789abcULL};
	char buf[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ptrs); i++)
		check("%p|%20p|%-20p|", ptrs[i], ptrs[i], ptrs[i]);
	/* Ours: NULL is 0x0 (glibc prints "(nil)"). */
	assert_int_equal(hyp_test_snprintf(buf, sizeof(buf), "%p|%5p",
					   (void *)0, (void *)0),
			 9);
	assert_string_equal(buf, "0x0|  0x0");
}

static void test_ours_only(void **state)
{
	char buf[64];
	int n = 0;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
#pragma GCC diagnostic ignored "-Wformat-overflow"
	/* NULL %s; precision cuts it like any string. */
	assert_int_equal(
		hyp_test_snprintf(buf, sizeof(buf), "[%s]", (char *)NULL), 8);
	assert_string_equal(buf, "[(null)]");
	hyp_test_snprintf(buf, sizeof(buf), "[%.3s|%8s]", (char *)NULL,
			  (char *)NULL);
	assert_string_equal(buf, "[(nu|  (null)]");

	/* %n writes nothing but still consumes its argument. */
	hyp_test_snprintf(buf, sizeof(buf), "a%nb%d", &n, 5);
	assert_string_equal(buf, "ab5");
	assert_int_equal(n, 0);
	/* Unknown conversions are shown, a trailing '%' too. */
	hyp_test_snprintf(buf, sizeof(buf), "%y|%5q|%");
	assert_string_equal(buf, "%y|%5q|%");
	hyp_test_snprintf(buf, sizeof(buf), "%-08.3");
	assert_string_equal(buf, "%-08.3");
	/* Flags and width on "%%" are ignored. */
	hyp_test_snprintf(buf, sizeof(buf), "[%5%|%-05%]");
	assert_string_equal(buf, "[%|%]");
#pragma GCC diagnostic pop
}

static void test_truncation(void **state)
{
	char buf[16];
	size_t size;

	for (size = 0; size <= sizeof(buf); size++) {
		char ref[16];
		int r1, r2;

		memset(buf, 'Z', sizeof(buf));
		memset(ref, 'Z', sizeof(ref));
		r1 = hyp_test_snprintf(buf, size, "%s-%05d-%x", "abc", 42,
				       0xdeadu);
		r2 = snprintf(ref, size, "%s-%05d-%x", "abc", 42, 0xdeadu);
		assert_int_equal(r1, r2);
		assert_memory_equal(buf, ref, sizeof(buf));
	}
	/* size 0 allows a NULL buffer and still counts. */
	assert_int_equal(hyp_test_snprintf(NULL, 0, "%d%s", 12345, "abc"), 8);
	/* Widths far beyond the buffer cost nothing and are counted. */
	assert_int_equal(hyp_test_snprintf(buf, sizeof(buf), "%100000d", 1),
			 100000);
	assert_string_equal(buf, "               ");
	assert_int_equal(hyp_test_snprintf(buf, sizeof(buf), "%-100000d|", 1),
			 100001);
	assert_string_equal(buf, "1              ");
	/* Absurd widths are clamped rather than overflowing the count. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-overflow"
	assert_true(hyp_test_snprintf(buf, sizeof(buf), "%99999999999d", 1) >
		    0);
	assert_true(hyp_test_snprintf(buf, sizeof(buf), "%*d", INT_MIN, 1) > 0);
#pragma GCC diagnostic pop
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integer_matrix),
		cmocka_unit_test(test_star),
		cmocka_unit_test(test_strings_chars),
		cmocka_unit_test(test_pointers),
		cmocka_unit_test(test_ours_only),
		cmocka_unit_test(test_truncation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
