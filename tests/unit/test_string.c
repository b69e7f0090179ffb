/* SPDX-License-Identifier: MIT */
/*
 * hyp/lib/string.c, built with a hyp_test_ prefix on every name (see
 * tests.mk), checked against the host C library.
 */
#undef memcpy
#undef memmove
#undef memset
#undef memcmp
#undef memchr
#undef strlen
#undef strnlen
#undef strcmp
#undef strncmp
#undef strchr
#undef strrchr
#undef strstr
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

void *hyp_test_memcpy(void *dst, const void *src, size_t n);
void *hyp_test_memmove(void *dst, const void *src, size_t n);
void *hyp_test_memset(void *s, int c, size_t n);
int hyp_test_memcmp(const void *a, const void *b, size_t n);
void *hyp_test_memchr(const void *s, int c, size_t n);
size_t hyp_test_strlen(const char *s);
size_t hyp_test_strnlen(const char *s, size_t max);
int hyp_test_strcmp(const char *a, const char *b);
int hyp_test_strncmp(const char *a, const char *b, size_t n);
char *hyp_test_strchr(const char *s, int c);
char *hyp_test_strrchr(const char *s, int c);
char *hyp_test_strstr(const char *haystack, const char *needle);

size_t hyp_strlcpy(char *dst, const char *src, size_t size);
uint64_t hyp_strtoull(const char *s, const char **end, unsigned int base,
		      bool *overflow);

#define BUF 320

static unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 7 + 3);
}

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

/* Every alignment of source and destination, lengths around word sizes. */
static void test_memcpy_memset(void **state)
{
	static unsigned char src[BUF], got[BUF], want[BUF];
	size_t so, d, n, i;

	for (i = 0; i < BUF; i++)
		src[i] = pattern(i);
	for (so = 0; so < 16; so++)
		for (d = 0; d < 16; d++)
			for (n = 0; n < 140; n++) {
				memset(got, 0xee, BUF);
				memset(want, 0xee, BUF);
				assert_ptr_equal(
					hyp_test_memcpy(got + d, src + so, n),
					got + d);
				memcpy(want + d, src + so, n);
				assert_memory_equal(got, want, BUF);
			}
	for (d = 0; d < 16; d++)
		for (n = 0; n < 140; n++) {
			memset(got, 0xee, BUF);
			memset(want, 0xee, BUF);
			assert_ptr_equal(hyp_test_memset(got + d, 0x1a5, n),
					 got + d);
			memset(want + d, 0x1a5, n);
			assert_memory_equal(got, want, BUF);
		}
}

/* Overlap in both directions, at every distance and alignment. */
static void test_memmove(void **state)
{
	static unsigned char got[BUF], want[BUF];
	size_t s, d, n, i;

	for (s = 0; s < 24; s++)
		for (d = 0; d < 24; d++)
			for (n = 0; n < 100; n += 3) {
				for (i = 0; i < BUF; i++)
					got[i] = want[i] = pattern(i);
				assert_ptr_equal(
					hyp_test_memmove(got + d, got + s, n),
					got + d);
				memmove(want + d, want + s, n);
				assert_memory_equal(got, want, BUF);
			}
}

static void test_compare_search(void **state)
{
	static const char *const strs[] = {
		"",	 "a",	  "b",	  "ab",	   "abc",
		"abd",	 "abcd",  "\xff", "\x80x", "hello world",
		"hello", "world", "lo w", "ll",	   "o",
	};
	char buf[64];
	size_t i, j, n;

	for (i = 0; i < ARRAY_SIZE(strs); i++) {
		const char *a = strs[i];

		assert_int_equal(hyp_test_strlen(a), strlen(a));
		for (n = 0; n < 8; n++)
			assert_int_equal(hyp_test_strnlen(a, n), strnlen(a, n));
		for (n = 0; n < 256; n += 17) {
			assert_ptr_equal(hyp_test_strchr(a, (int)n),
					 strchr(a, (int)n));
			assert_ptr_equal(hyp_test_strrchr(a, (int)n),
					 strrchr(a, (int)n));
		}
		assert_ptr_equal(hyp_test_strchr(a, 0), strchr(a, 0));
		assert_ptr_equal(hyp_test_strchr(a, 'l'), strchr(a, 'l'));
		assert_ptr_equal(hyp_test_strrchr(a, 'l'), strrchr(a, 'l'));
		assert_ptr_equal(hyp_test_strrchr(a, 0), strrchr(a, 0));
		assert_ptr_equal(hyp_test_memchr(a, 'o', strlen(a)),
				 memchr(a, 'o', strlen(a)));
		assert_ptr_equal(hyp_test_memchr(a, 0x1ff, strlen(a) + 1),
				 memchr(a, 0x1ff, strlen(a) + 1));
		for (j = 0; j < ARRAY_SIZE(strs); j++) {
			const char *b = strs[j];
			size_t m =
				strlen(a) < strlen(b) ? strlen(a) : strlen(b);

			assert_int_equal(sign(hyp_test_strcmp(a, b)),
					 sign(strcmp(a, b)));
			for (n = 0; n < 6; n++)
				assert_int_equal(
					sign(hyp_test_strncmp(a, b, n)),
					sign(strncmp(a, b, n)));
			assert_int_equal(sign(hyp_test_memcmp(a, b, m + 1)),
					 sign(memcmp(a, b, m + 1)));
			assert_ptr_equal(hyp_test_strstr(a, b), strstr(a, b));
		}
	}
	assert_int_equal(hyp_test_memcmp("abc", "abd", 0), 0);
	assert_null(hyp_test_memchr("abc", 'a', 0));
	snprintf(buf, sizeof(buf), "xx%syy", "needle");
	assert_ptr_equal(hyp_test_strstr(buf, "needle"), buf + 2);
}

static void test_strlcpy(void **state)
{
	char buf[8];

	assert_int_equal(hyp_strlcpy(buf, "abc", sizeof(buf)), 3);
	assert_string_equal(buf, "abc");
	assert_int_equal(hyp_strlcpy(buf, "abcdefghij", sizeof(buf)), 10);
	assert_string_equal(buf, "abcdefg");
	assert_int_equal(hyp_strlcpy(buf, "abcdefg", sizeof(buf)), 7);
	assert_string_equal(buf, "abcdefg");
	buf[0] = 'Q';
	assert_int_equal(hyp_strlcpy(buf, "zz", 0), 2);
	assert_int_equal(buf[0], 'Q');
	assert_int_equal(hyp_strlcpy(buf, "zz", 1), 2);
	assert_string_equal(buf, "");
}

static void test_strtoull(void **state)
{
	static const struct {
		const char *s;
		unsigned int base;
		unsigned long long val;
		size_t used;
		bool ovf;
	} cases[] = {
		{"0", 0, 0, 1, 0},
		{"123abc", 0, 123, 3, 0},
		{"0x1fG", 0, 0x1f, 4, 0},
		{"0X1F", 0, 0x1f, 4, 0},
		{"0x", 0, 0, 1, 0},
		{"0xg", 16, 0, 1, 0},
		{"017", 0, 017, 3, 0},
		{"018", 0, 1, 2, 0},
		{"ff", 16, 0xff, 2, 0},
		{"0xff", 16, 0xff, 4, 0},
		{"777", 8, 0777, 3, 0},
		{"z", 36, 35, 1, 0},
		{"", 0, 0, 0, 0},
		{"-1", 0, 0, 0, 0},
		{" 1", 0, 0, 0, 0},
		{"x", 10, 0, 0, 0},
		{"18446744073709551615", 0, ~0ULL, 20, 0},
		{"18446744073709551616", 0, ~0ULL, 20, 1},
		{"0xffffffffffffffff", 0, ~0ULL, 18, 0},
		{"0x10000000000000000z", 0, ~0ULL, 19, 1},
		{"99999999999999999999999", 10, ~0ULL, 23, 1},
		{"12", 1, 0, 0, 0},
		{"12", 37, 0, 0, 0},
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *end = NULL;
		bool ovf = !cases[i].ovf;
		unsigned long long v;

		v = hyp_strtoull(cases[i].s, &end, cases[i].base, &ovf);
		if (v != cases[i].val || end != cases[i].s + cases[i].used ||
		    ovf != cases[i].ovf)
			fail_msg("\"%s\" base %u: %llu, used %td, ovf %d",
				 cases[i].s, cases[i].base, v, end - cases[i].s,
				 ovf);
	}
	/* end and overflow are optional. */
	assert_true(hyp_strtoull("42", NULL, 10, NULL) == 42);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memcpy_memset),
		cmocka_unit_test(test_memmove),
		cmocka_unit_test(test_compare_search),
		cmocka_unit_test(test_strlcpy),
		cmocka_unit_test(test_strtoull),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
