/* SPDX-License-Identifier: MIT */
/*
 * hyp/lib/{crc32,inflate,gunzip}.c against the host's zlib, which only
 * produces the test vectors: gzip files and raw DEFLATE streams at several
 * levels and strategies (stored, fixed, dynamic Huffman, RLE, filtered),
 * with flushes and parameter changes mid-stream for multi-block streams,
 * over random, repetitive and text-like data. Then broken inputs: every
 * truncation, bit flips, bad CRC / ISIZE / header fields, output limits,
 * and hand-made streams hitting each DEFLATE error. Buffers are malloc'd
 * at their exact size so AddressSanitizer sees any access past them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>

#include <hyp/errno.h>
#include <hyp/gunzip.h>

struct buf {
	unsigned char *p;
	size_t len;
};

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

enum data_kind { D_RANDOM, D_ZEROS, D_PERIODIC, D_TEXT, D_MIXED };

static struct buf make_data(enum data_kind k, size_t len)
{
	static const char *const words[] = {"hypervisor ", "domain ",  "grant ",
					    "event ",	   "channel ", "the ",
					    "of ",	   "\n"};
	struct buf b = {malloc(len ? len : 1), len};
	size_t i = 0;

	assert_non_null(b.p);
	while (i < len) {
		switch (k) {
		case D_RANDOM:
			b.p[i++] = (unsigned char)rng();
			break;
		case D_ZEROS:
			b.p[i++] = 0;
			break;
		case D_PERIODIC:
			b.p[i] = (unsigned char)("abcdefg"[i % 7]);
			i++;
			break;
		case D_TEXT:
			for (const char *w = words[rng() % 8]; *w && i < len;)
				b.p[i++] = (unsigned char)*w++;
			break;
		case D_MIXED:
			/* Runs of each kind: blocks of different types. */
			b.p[i] = (i / 5000) % 3 == 0 ? (unsigned char)rng()
				 : (i / 5000) % 3 == 1
					 ? 'x'
					 : (unsigned char)(i % 251);
			i++;
			break;
		}
	}
	return b;
}

/*
 * Compress with zlib: window_bits 31 for gzip, -15 for raw DEFLATE. When
 * split, flush and change the level halfway, for more blocks and types.
 */
static struct buf zcompress(const struct buf *in, int level, int strategy,
			    int window_bits, gz_header *hdr, bool split)
{
	z_stream z = {0};
	size_t cap = deflateBound(&z, in->len) + 4096 + in->len / 2;
	struct buf out = {malloc(cap), 0};
	size_t half = in->len / 2;

	assert_non_null(out.p);
	assert_int_equal(
		deflateInit2(&z, level, Z_DEFLATED, window_bits, 8, strategy),
		Z_OK);
	if (hdr)
		assert_int_equal(deflateSetHeader(&z, hdr), Z_OK);
	z.next_out = out.p;
	z.avail_out = (uInt)cap;
	z.next_in = in->p;
	if (split) {
		z.avail_in = (uInt)half;
		assert_int_equal(deflate(&z, Z_FULL_FLUSH), Z_OK);
		assert_int_equal(deflateParams(&z, level ? 0 : 9, strategy),
				 Z_OK);
		z.avail_in = (uInt)(in->len - half);
		assert_int_equal(deflate(&z, Z_SYNC_FLUSH), Z_OK);
		assert_int_equal(deflateParams(&z, level, Z_DEFAULT_STRATEGY),
				 Z_OK);
	} else {
		z.avail_in = (uInt)in->len;
	}
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	out.len = z.total_out;
	deflateEnd(&z);
	/* Exact size, so reads past the end are caught. */
	out.p = realloc(out.p, out.len);
	return out;
}

static void check_gunzip(const struct buf *data, const struct buf *gz)
{
	unsigned char *out = malloc(data->len ? data->len : 1);
	const char *why = "unset";
	size_t out_len = 99;
	uint32_t isize;

	assert_true(gzip_magic(gz->p, gz->len));
	assert_int_equal(gzip_isize(gz->p, gz->len, &isize, &why), 0);
	assert_int_equal(isize, (uint32_t)data->len);
	assert_int_equal(gunzip(gz->p, gz->len, out, data->len, &out_len, &why),
			 0);
	assert_null(why);
	assert_int_equal(out_len, data->len);
	assert_memory_equal(out, data->p, data->len);
	free(out);
}

static void check_raw(const struct buf *data, const struct buf *raw)
{
	unsigned char *out = malloc(data->len ? data->len : 1);
	const char *why;
	size_t out_len, used;

	assert_int_equal(inflate_raw(raw->p, raw->len, &used, out, data->len,
				     &out_len, &why),
			 0);
	assert_int_equal(used, raw->len);
	assert_int_equal(out_len, data->len);
	assert_memory_equal(out, data->p, data->len);
	free(out);
}

static void test_crc32(void **state)
{
	static const size_t lens[] = {0, 1, 3, 1000, 100003};

	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		struct buf d = make_data(D_RANDOM, lens[i]);
		uint32_t part = crc32_update(0, d.p, d.len / 3);

		assert_int_equal(crc32_update(0, d.p, d.len),
				 crc32(0, d.p, (uInt)d.len));
		assert_int_equal(
			crc32_update(part, d.p + d.len / 3, d.len - d.len / 3),
			crc32(0, d.p, (uInt)d.len));
		free(d.p);
	}
	/* The check value of the CRC-32 catalogue. */
	assert_int_equal(crc32_update(0, "123456789", 9), 0xcbf43926);
}

/* Every data kind, size, level and strategy, gzip and raw. */
static void test_against_zlib(void **state)
{
	static const size_t sizes[] = {0, 1, 2, 300, 40000, 70001};
	static const int levels[] = {0, 1, 6, 9};
	static const int strategies[] = {Z_DEFAULT_STRATEGY, Z_FIXED,
					 Z_HUFFMAN_ONLY, Z_RLE, Z_FILTERED};
	unsigned int n = 0;

	for (int k = D_RANDOM; k <= D_MIXED; k++)
		for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
			struct buf d = make_data(k, sizes[s]);

			for (size_t l = 0; l < 4; l++)
				for (size_t st = 0; st < 5; st++)
					for (int split = 0; split < 2;
					     split++) {
						struct buf gz = zcompress(
							&d, levels[l],
							strategies[st], 31,
							NULL, split);
						struct buf raw = zcompress(
							&d, levels[l],
							strategies[st], -15,
							NULL, split);

						check_gunzip(&d, &gz);
						check_raw(&d, &raw);
						free(gz.p);
						free(raw.p);
						n++;
					}
			free(d.p);
		}
	assert_int_equal(n, 5 * 6 * 4 * 5 * 2);
}

/* Several megabytes: many blocks, long matches across block boundaries. */
static void test_large(void **state)
{
	struct buf d = make_data(D_MIXED, 5 << 20);
	struct buf gz = zcompress(&d, 6, Z_DEFAULT_STRATEGY, 31, NULL, true);

	check_gunzip(&d, &gz);
	free(gz.p);
	free(d.p);
}

/* FTEXT, FEXTRA, FNAME, FCOMMENT and FHCRC, each and all together. */
static void test_header_fields(void **state)
{
	struct buf d = make_data(D_TEXT, 5000);
	unsigned char extra[] = {'A', 'V', 3, 0, 1, 2, 3};

	for (int mask = 0; mask < 32; mask++) {
		gz_header h = {0};
		struct buf gz;

		h.text = mask & 1;
		h.hcrc = !!(mask & 2);
		if (mask & 4) {
			h.extra = extra;
			h.extra_len = sizeof(extra);
		}
		h.name = (mask & 8) ? (Bytef *)"vmlinuz" : Z_NULL;
		h.comment = (mask & 16) ? (Bytef *)"a comment" : Z_NULL;
		h.os = 3;
		gz = zcompress(&d, 9, Z_DEFAULT_STRATEGY, 31, &h, false);
		check_gunzip(&d, &gz);
		if (h.hcrc) {
			/* The header CRC is checked: break it. */
			unsigned char out[5000];
			const char *why;
			size_t out_len;
			size_t hdr = 10 + ((mask & 4) ? 2 + sizeof(extra) : 0) +
				     ((mask & 8) ? 8 : 0) +
				     ((mask & 16) ? 10 : 0);

			gz.p[hdr] ^= 1;
			assert_int_equal(gunzip(gz.p, gz.len, out, sizeof(out),
						&out_len, &why),
					 -EINVAL);
			assert_string_equal(why, "gzip header CRC mismatch");
		}
		free(gz.p);
	}
	free(d.p);
}

static int try_gunzip(const unsigned char *p, size_t len, size_t out_max,
		      const char **why)
{
	unsigned char *out = malloc(out_max ? out_max : 1);
	size_t out_len;
	int rc = gunzip(p, len, out, out_max, &out_len, why);

	assert_true(out_len <= out_max);
	if (rc)
		assert_non_null(*why);
	free(out);
	return rc;
}

/* Every proper prefix fails; so do trailing bytes. */
static void test_truncated(void **state)
{
	struct buf d = make_data(D_TEXT, 3000);
	struct buf gz = zcompress(&d, 6, Z_DEFAULT_STRATEGY, 31, NULL, true);
	const char *why;

	for (size_t len = 0; len < gz.len; len++) {
		unsigned char *p = malloc(len ? len : 1);

		memcpy(p, gz.p, len);
		assert_int_not_equal(try_gunzip(p, len, d.len, &why), 0);
		free(p);
	}
	{
		unsigned char *p = malloc(gz.len + 1);

		memcpy(p, gz.p, gz.len);
		p[gz.len] = 0;
		assert_int_equal(try_gunzip(p, gz.len + 1, d.len, &why),
				 -EINVAL);
		free(p);
	}
	free(gz.p);
	free(d.p);
}

/*
 * A flipped bit anywhere: an error, or the same data (MTIME, XFL, OS,
 * FTEXT and padding bits are not checked; the CRC-32 covers the rest).
 */
static void test_bit_flips(void **state)
{
	struct buf d = make_data(D_MIXED, 12000);
	struct buf gz = zcompress(&d, 6, Z_DEFAULT_STRATEGY, 31, NULL, true);
	unsigned char *out = malloc(d.len);
	unsigned int errors = 0;

	for (size_t i = 0; i < gz.len; i++)
		for (int bit = (int)(i % 3); bit < 8; bit += 3) {
			const char *why;
			size_t out_len;
			int rc;

			gz.p[i] ^= (unsigned char)(1 << bit);
			rc = gunzip(gz.p, gz.len, out, d.len, &out_len, &why);
			gz.p[i] ^= (unsigned char)(1 << bit);
			if (rc) {
				assert_true(rc == -EINVAL || rc == -E2BIG);
				assert_non_null(why);
				errors++;
			} else {
				assert_int_equal(out_len, d.len);
				assert_memory_equal(out, d.p, d.len);
			}
		}
	assert_true(errors > 0);
	free(out);
	free(gz.p);
	free(d.p);
}

static void test_trailer(void **state)
{
	struct buf d = make_data(D_PERIODIC, 10000);
	struct buf gz = zcompress(&d, 9, Z_DEFAULT_STRATEGY, 31, NULL, false);
	const char *why;
	uint32_t isize;

	gz.p[gz.len - 8] ^= 0x80; /* CRC-32 */
	assert_int_equal(try_gunzip(gz.p, gz.len, d.len, &why), -EINVAL);
	assert_string_equal(why, "gzip CRC-32 mismatch");
	gz.p[gz.len - 8] ^= 0x80;

	gz.p[gz.len - 4] -= 1; /* ISIZE one short: the output overruns it */
	assert_int_equal(try_gunzip(gz.p, gz.len, d.len, &why), -EINVAL);
	assert_string_equal(why,
			    "gzip ISIZE does not match the decompressed size");
	gz.p[gz.len - 4] += 1;

	/* Output buffer smaller than the data: stops at its end. */
	assert_int_equal(try_gunzip(gz.p, gz.len, d.len - 1, &why), -E2BIG);
	assert_string_equal(why, "decompressed data too large");
	assert_int_equal(try_gunzip(gz.p, gz.len, 0, &why), -E2BIG);
	assert_int_equal(try_gunzip(gz.p, gz.len, d.len, &why), 0);

	/* An ISIZE DEFLATE cannot reach from this little input. */
	gz.p[gz.len - 1] = 0xff;
	assert_int_equal(gzip_isize(gz.p, gz.len, &isize, &why), -EINVAL);
	assert_non_null(why);
	assert_int_equal(gzip_isize(gz.p, 19, &isize, &why), -EINVAL);
	free(gz.p);
	free(d.p);
}

static void test_bad_header(void **state)
{
	struct buf d = make_data(D_TEXT, 100);
	struct buf gz = zcompress(&d, 6, Z_DEFAULT_STRATEGY, 31, NULL, false);
	const char *why;

	gz.p[0] = 0x1e;
	assert_false(gzip_magic(gz.p, gz.len));
	assert_int_equal(try_gunzip(gz.p, gz.len, d.len, &why), -EINVAL);
	assert_string_equal(why, "not gzip (bad magic)");
	gz.p[0] = 0x1f;
	gz.p[2] = 7;
	assert_int_equal(try_gunzip(gz.p, gz.len, d.len, &why), -EINVAL);
	assert_string_equal(why, "unknown gzip compression method");
	gz.p[2] = 8;
	gz.p[3] = 0x20;
	assert_int_equal(try_gunzip(gz.p, gz.len, d.len, &why), -EINVAL);
	assert_string_equal(why, "reserved gzip header flags set");
	/* FNAME with no terminator before the trailer. */
	gz.p[3] = 0x08;
	memset(gz.p + 10, 'a', gz.len - 18);
	assert_int_equal(try_gunzip(gz.p, gz.len, d.len, &why), -EINVAL);
	assert_string_equal(why, "truncated gzip header");
	/* FEXTRA longer than the file. */
	gz.p[3] = 0x04;
	gz.p[10] = 0xff;
	gz.p[11] = 0xff;
	assert_int_equal(try_gunzip(gz.p, gz.len, d.len, &why), -EINVAL);
	assert_string_equal(why, "truncated gzip header");
	free(gz.p);
	free(d.p);
}

/* ---- hand-made DEFLATE streams ---- */

struct bits {
	unsigned char b[64];
	size_t nbits;
};

static void put(struct bits *w, uint32_t v, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++, w->nbits++)
		if (v >> i & 1)
			w->b[w->nbits / 8] |=
				(unsigned char)(1 << w->nbits % 8);
}

/* Huffman codes go most significant bit first. */
static void put_code(struct bits *w, uint32_t code, unsigned int n)
{
	while (n--)
		put(w, code >> n & 1, 1);
}

/* Start a block (RFC 1951 3.2.3): BFINAL, BTYPE (0 stored, 1 fixed, 2 dynamic). */
static void block_start(struct bits *w, unsigned int final, unsigned int type)
{
	memset(w, 0, sizeof(*w));
	put(w, final, 1);
	put(w, type, 2);
}

/*
 * Start a final dynamic block (RFC 1951 3.2.7): 257 literal/length codes,
 * 1 distance code, and 4 code length codes, for 16, 17, 18 and 0 (the
 * first four of the order), of lengths l16, l17, l18 and l0.
 */
static void dyn_start(struct bits *w, unsigned int l16, unsigned int l17,
		      unsigned int l18, unsigned int l0)
{
	block_start(w, 1, 2);
	put(w, 0, 5); /* HLIT: 257 */
	put(w, 0, 5); /* HDIST: 1 */
	put(w, 0, 4); /* HCLEN: 4 */
	put(w, l16, 3);
	put(w, l17, 3);
	put(w, l18, 3);
	put(w, l0, 3);
}

static int raw(const struct bits *w, size_t out_max, const char **why,
	       size_t *out_len)
{
	size_t len = (w->nbits + 7) / 8, used;
	unsigned char *in = malloc(len ? len : 1);
	unsigned char *out = malloc(out_max ? out_max : 1);
	int rc;

	memcpy(in, w->b, len);
	rc = inflate_raw(in, len, &used, out, out_max, out_len, why);
	free(in);
	free(out);
	return rc;
}

static void expect(const struct bits *w, const char *msg)
{
	const char *why;
	size_t out_len;

	assert_int_equal(raw(w, 1000, &why, &out_len), -EINVAL);
	assert_string_equal(why, msg);
}

static void test_bad_streams(void **state)
{
	struct bits w;
	const char *why;
	size_t out_len;

	memset(&w, 0, sizeof(w));
	expect(&w, "truncated deflate data");

	block_start(&w, 1, 3);
	expect(&w, "invalid block type");

	block_start(&w, 1, 0);
	put(&w, 0, 5);
	put(&w, 5, 16);
	put(&w, 0, 16);
	expect(&w, "stored block length check failed");

	/* Stored block claiming more than there is. */
	block_start(&w, 1, 0);
	put(&w, 0, 5);
	put(&w, 40, 16);
	put(&w, (uint16_t)~40, 16);
	expect(&w, "truncated deflate data");

	/* Fixed block: a match first, nothing to copy from. */
	block_start(&w, 1, 1);
	put_code(&w, 1, 7); /* 257: length 3 */
	put_code(&w, 0, 5); /* distance 1 */
	put_code(&w, 0, 7);
	expect(&w, "distance too far back");

	/* Fixed block: literal 'a', then distance code 30. */
	block_start(&w, 1, 1);
	put_code(&w, 0x30 + 'a', 8);
	put_code(&w, 1, 7);
	put_code(&w, 30, 5);
	expect(&w, "invalid distance code");

	/* Fixed block: length symbol 286. */
	block_start(&w, 1, 1);
	put_code(&w, 0xc0 + 286 - 280, 8);
	expect(&w, "invalid length code");

	/* Fixed block: 'a' then a 258-byte match into 100 bytes of room. */
	block_start(&w, 1, 1);
	put_code(&w, 0x30 + 'a', 8);
	put_code(&w, 0xc0 + 285 - 280, 8);
	put_code(&w, 0, 5);
	put_code(&w, 0, 7);
	assert_int_equal(raw(&w, 100, &why, &out_len), -E2BIG);
	assert_int_equal(out_len, 1);
	assert_int_equal(raw(&w, 259, &why, &out_len), 0);
	assert_int_equal(out_len, 259);

	/* Not final, and nothing follows. */
	block_start(&w, 0, 1);
	put_code(&w, 0, 7);
	expect(&w, "truncated deflate data");

	/* Dynamic: HLIT 287 codes. */
	block_start(&w, 1, 2);
	put(&w, 30, 5);
	put(&w, 0, 5);
	put(&w, 0, 4);
	put(&w, 0, 12);
	expect(&w, "too many length or distance codes");

	/* Dynamic: HDIST 31 codes. */
	block_start(&w, 1, 2);
	put(&w, 0, 5);
	put(&w, 30, 5);
	put(&w, 0, 4);
	put(&w, 0, 12);
	expect(&w, "too many length or distance codes");

	/* Dynamic: all code length code lengths zero. */
	block_start(&w, 1, 2);
	put(&w, 0, 5);
	put(&w, 0, 5);
	put(&w, 0, 4);
	put(&w, 0, 12);
	expect(&w, "invalid code length code");

	/*
	 * Dynamic: code length codes 16 and 17, both 1 bit (order 16, 17,
	 * 18, 0: HCLEN 4). 16 first has nothing to repeat.
	 */
	dyn_start(&w, 1, 1, 0, 0);
	put_code(&w, 0, 1); /* 16 */
	put(&w, 0, 2);
	expect(&w, "length repeat with no previous length");

	/* Same code: 17 (zeros) past the 258 lengths: overrun. */
	dyn_start(&w, 1, 1, 0, 0);
	for (int i = 0; i < 26; i++) {
		put_code(&w, 1, 1); /* 17: 3 + 7 zeros */
		put(&w, 7, 3);
	}
	expect(&w, "code lengths overrun");

	/*
	 * Code length codes 0 and 1 only... then all 258 lengths zero
	 * using 17s: no end-of-block code. 18 needs a third symbol: use
	 * codes 17 and 18 (order positions 1 and 2), 1 bit each.
	 */
	dyn_start(&w, 0, 1, 1, 0);
	put_code(&w, 1, 1); /* 18: 11 + 127 zeros */
	put(&w, 127, 7);
	put_code(&w, 1, 1); /* 18: 11 + 109 zeros: 258 */
	put(&w, 109, 7);
	expect(&w, "no end-of-block code");

	/* Over-subscribed code length code: three 1-bit codes. */
	dyn_start(&w, 1, 1, 1, 0);
	expect(&w, "invalid code length code");
}

/* Random garbage after a valid start: never a crash, always bounded. */
static void test_garbage(void **state)
{
	for (int iter = 0; iter < 20000; iter++) {
		size_t len = 1 + rng() % 200;
		unsigned char *in = malloc(len);
		unsigned char out[4096];
		size_t used, out_len;
		const char *why;
		int rc;

		for (size_t i = 0; i < len; i++)
			in[i] = (unsigned char)rng();
		in[0] = (unsigned char)((in[0] & ~6) | (iter % 3) << 1);
		rc = inflate_raw(in, len, &used, out, sizeof(out), &out_len,
				 &why);
		assert_true(out_len <= sizeof(out));
		if (rc)
			assert_non_null(why);
		else
			assert_true(used <= len);
		free(in);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32),
		cmocka_unit_test(test_against_zlib),
		cmocka_unit_test(test_large),
		cmocka_unit_test(test_header_fields),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bit_flips),
		cmocka_unit_test(test_trailer),
		cmocka_unit_test(test_bad_header),
		cmocka_unit_test(test_bad_streams),
		cmocka_unit_test(test_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
