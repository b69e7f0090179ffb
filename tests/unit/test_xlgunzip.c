/* SPDX-License-Identifier: MIT */
/*
 * xl's gzip'd kernels (tools/xl/dom_gunzip.c): round trips through zlib's
 * gzip writer, and every kind of bad input refused with its reason:
 * truncated anywhere, a flipped byte, more output than the bound.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "dom_gunzip.h"

#define PLAIN_LEN (3U << 20)

static uint8_t *plain;
static uint8_t *gz;
static size_t gz_len;

/* Compressible but not trivial: text-like runs and pseudo-random bytes. */
static void make_plain(void)
{
	uint32_t x = 12345;

	plain = malloc(PLAIN_LEN);
	assert_non_null(plain);
	for (size_t i = 0; i < PLAIN_LEN; i++) {
		x = x * 1103515245U + 12345U;
		plain[i] = (i / 4096) % 3 ? (uint8_t)(x >> 24)
					  : (uint8_t)("ARM\x64 Image "[i % 11]);
	}
}

static size_t gzip_it(const uint8_t *in, size_t len, uint8_t **out)
{
	z_stream z;
	size_t cap = deflateBound(NULL, len) + 64;

	memset(&z, 0, sizeof(z));
	*out = malloc(cap);
	assert_non_null(*out);
	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8,
				      Z_DEFAULT_STRATEGY),
			 Z_OK);
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	z.next_out = *out;
	z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	deflateEnd(&z);
	return z.total_out;
}

static int setup(void **state)
{
	(void)state;
	make_plain();
	gz_len = gzip_it(plain, PLAIN_LEN, &gz);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(plain);
	free(gz);
	return 0;
}

static void round_trip(void **state)
{
	uint8_t *out;
	size_t len;
	char err[128] = "";

	(void)state;
	assert_true(dom_is_gzip(gz, gz_len));
	assert_false(dom_is_gzip(plain + 1, PLAIN_LEN - 1));
	assert_int_equal(dom_gunzip(gz, gz_len, 128U << 20, &out, &len, err,
				    sizeof(err)),
			 0);
	assert_int_equal(len, PLAIN_LEN);
	assert_memory_equal(out, plain, PLAIN_LEN);
	free(out);
	/* A bound of exactly the size is enough. */
	assert_int_equal(
		dom_gunzip(gz, gz_len, PLAIN_LEN, &out, &len, err, sizeof(err)),
		0);
	assert_int_equal(len, PLAIN_LEN);
	free(out);
}

/* ISIZE is only a first guess for the buffer, but zlib checks it. */
static void isize_checked(void **state)
{
	uint8_t *copy = malloc(gz_len), *out;
	size_t len;
	char err[128];

	(void)state;
	memcpy(copy, gz, gz_len);
	memset(copy + gz_len - 4, 0, 4);
	/* CRC-32 still matches, ISIZE does not: zlib checks ISIZE too. */
	assert_int_equal(dom_gunzip(copy, gz_len, 128U << 20, &out, &len, err,
				    sizeof(err)),
			 -1);
	assert_null(out);
	assert_non_null(strstr(err, "corrupt"));
	free(copy);
}

static void too_large(void **state)
{
	uint8_t *out;
	size_t len;
	char err[128] = "";

	(void)state;
	assert_int_equal(dom_gunzip(gz, gz_len, PLAIN_LEN - 1, &out, &len, err,
				    sizeof(err)),
			 -1);
	assert_null(out);
	assert_non_null(strstr(err, "more than"));
	assert_int_equal(
		dom_gunzip(gz, gz_len, 1U << 20, &out, &len, err, sizeof(err)),
		-1);
	assert_non_null(strstr(err, "more than 1 MiB"));
}

static void truncated(void **state)
{
	static const size_t cuts[] = {0, 1, 2, 10, 17, 18, 100, 4096};
	uint8_t *out;
	size_t len;
	char err[128];

	(void)state;
	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		err[0] = 0;
		assert_int_equal(dom_gunzip(gz, cuts[i], 128U << 20, &out, &len,
					    err, sizeof(err)),
				 -1);
		assert_null(out);
		assert_true(err[0]);
	}
	for (size_t cut = gz_len / 2; cut < gz_len;
	     cut += (gz_len - cut + 1) / 2) {
		err[0] = 0;
		assert_int_equal(dom_gunzip(gz, cut, 128U << 20, &out, &len,
					    err, sizeof(err)),
				 -1);
		assert_null(out);
		if (!strstr(err, "truncated"))
			fail_msg("cut at %zu of %zu: '%s'", cut, gz_len, err);
	}
}

static void corrupt(void **state)
{
	uint8_t *copy = malloc(gz_len), *out;
	size_t len;
	char err[128];
	int refused = 0;

	(void)state;
	/* Any flipped byte past the header: data or CRC error, never success. */
	for (size_t at = 10; at < gz_len; at += gz_len / 97 + 1) {
		memcpy(copy, gz, gz_len);
		copy[at] ^= 0x5a;
		err[0] = 0;
		if (dom_gunzip(copy, gz_len, 128U << 20, &out, &len, err,
			       sizeof(err)) == 0) {
			fail_msg("flipped byte %zu accepted", at);
		}
		assert_null(out);
		assert_true(err[0]);
		refused++;
	}
	assert_true(refused > 50);
	free(copy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip), cmocka_unit_test(isize_checked),
		cmocka_unit_test(too_large),  cmocka_unit_test(truncated),
		cmocka_unit_test(corrupt),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
