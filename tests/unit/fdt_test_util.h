/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by test_fdt and test_bootinfo: loading the DTBs built by
 * tests/unit/tests.mk, a tiny DTB builder for hand-made (often malformed)
 * blobs, and a deterministic PRNG for mutation tests.
 *
 * Data files: $ARMVISOR_TEST_DATA when set, else "data/" next to the test
 * binary (build/host/data/ for build/host/test_fdt).
 */
#ifndef FDT_TEST_UTIL_H
#define FDT_TEST_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <hyp/fdt.h>

static char tu_data_dir[4096];

/* Call from main() before running tests. */
static inline void tu_set_data_dir(const char *argv0)
{
	const char *env = getenv("ARMVISOR_TEST_DATA");
	const char *slash;

	if (env && *env) {
		snprintf(tu_data_dir, sizeof(tu_data_dir), "%s", env);
		return;
	}
	slash = strrchr(argv0, '/');
	if (slash)
		snprintf(tu_data_dir, sizeof(tu_data_dir), "%.*s/data",
			 (int)(slash - argv0), argv0);
	else
		snprintf(tu_data_dir, sizeof(tu_data_dir), "data");
}

/*
 * Load a data file into a buffer of exactly its size (so ASan flags any
 * read past it). Returns NULL if the file does not exist.
 */
static inline void *tu_load(const char *name, size_t *size)
{
	char path[8192];
	FILE *f;
	void *buf;
	long len;

	snprintf(path, sizeof(path), "%s/%s", tu_data_dir, name);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len > 0);
	rewind(f);
	buf = malloc((size_t)len);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*size = (size_t)len;
	return buf;
}

/* Load a file that the build must have produced. */
static inline void *tu_must_load(const char *name, size_t *size)
{
	void *buf = tu_load(name, size);

	if (!buf)
		fail_msg("missing test data %s/%s (run make from the repo "
			 "root, or set ARMVISOR_TEST_DATA)",
			 tu_data_dir, name);
	return buf;
}

/*
 * Load a data file that must exist, except for the QEMU dumps ("qemu-*"),
 * which are only built when QEMU is installed: NULL for those.
 */
static inline void *tu_load_data(const char *name, size_t *size)
{
	void *buf = tu_load(name, size);

	if (!buf && strncmp(name, "qemu-", 5) != 0)
		fail_msg("missing test data %s/%s (run make from the repo "
			 "root, or set ARMVISOR_TEST_DATA)",
			 tu_data_dir, name);
	return buf;
}

static inline void tu_open_ok(struct fdt *fdt, const void *blob, size_t len)
{
	int rc = fdt_open(fdt, blob, len);

	if (rc)
		fail_msg("fdt_open: %s", fdt->err);
}

/* xorshift64*: deterministic across hosts and runs. */
static inline uint64_t tu_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dULL;
}

static inline void tu_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline uint32_t tu_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/*
 * Make a v17 header describe a blob cut to len bytes: totalsize, and the
 * struct and strings block sizes clipped to what is left of them.
 */
static inline void tu_shrink_header(uint8_t *m, size_t len)
{
	uint32_t off;

	tu_put32(m + 4, (uint32_t)len);
	off = tu_get32(m + 8);
	if (off <= len && off + tu_get32(m + 36) > len)
		tu_put32(m + 36, (uint32_t)len - off);
	off = tu_get32(m + 12);
	if (off <= len && off + tu_get32(m + 32) > len)
		tu_put32(m + 32, (uint32_t)len - off);
}

/* ---- DTB builder (version 17 layout: header, rsvmap, struct, strings) */

struct tb {
	size_t cap; /* of st and str each */
	uint8_t *st;
	size_t st_len;
	char *str;
	size_t str_len;
	uint64_t rsv[16][2];
	int nr_rsv;
	uint8_t *out;
	size_t out_len;
};

/* A builder whose struct and strings blocks may grow to cap bytes. */
static inline struct tb *tb_new_cap(size_t cap)
{
	struct tb *b = calloc(1, sizeof(*b));

	assert_non_null(b);
	b->cap = cap;
	b->st = malloc(cap);
	b->str = malloc(cap);
	b->out = malloc(2 * cap + 40 + sizeof(b->rsv) + 16);
	assert_true(b->st && b->str && b->out);
	return b;
}

static inline struct tb *tb_new(void)
{
	return tb_new_cap(65536);
}

static inline void tb_free(struct tb *b)
{
	free(b->st);
	free(b->str);
	free(b->out);
	free(b);
}

static inline void tb_raw32(struct tb *b, uint32_t v)
{
	assert_true(b->st_len + 4 <= b->cap);
	tu_put32(b->st + b->st_len, v);
	b->st_len += 4;
}

static inline void tb_bytes(struct tb *b, const void *p, size_t len)
{
	assert_true(b->st_len + len + 3 <= b->cap);
	if (len)
		memcpy(b->st + b->st_len, p, len);
	b->st_len += len;
	while (b->st_len % 4)
		b->st[b->st_len++] = 0;
}

static inline void tb_begin(struct tb *b, const char *name)
{
	tb_raw32(b, FDT_BEGIN_NODE);
	tb_bytes(b, name, strlen(name) + 1);
}

static inline void tb_end(struct tb *b)
{
	tb_raw32(b, FDT_END_NODE);
}

static inline uint32_t tb_string(struct tb *b, const char *name)
{
	size_t off = 0, len = strlen(name) + 1;

	/* Reuse an identical string, as dtc does. */
	while (off < b->str_len) {
		if (strcmp(b->str + off, name) == 0)
			return (uint32_t)off;
		off += strlen(b->str + off) + 1;
	}
	assert_true(b->str_len + len <= b->cap);
	memcpy(b->str + b->str_len, name, len);
	b->str_len += len;
	return (uint32_t)off;
}

static inline void tb_prop(struct tb *b, const char *name, const void *val,
			   size_t len)
{
	tb_raw32(b, FDT_PROP);
	tb_raw32(b, (uint32_t)len);
	tb_raw32(b, tb_string(b, name));
	tb_bytes(b, val, len);
}

static inline void tb_prop_str(struct tb *b, const char *name, const char *val)
{
	tb_prop(b, name, val, strlen(val) + 1);
}

/* n big-endian cells. */
static inline void tb_prop_cells(struct tb *b, const char *name, int n, ...)
{
	uint8_t buf[256];
	va_list ap;
	int i;

	assert_true(n * 4 <= (int)sizeof(buf));
	va_start(ap, n);
	for (i = 0; i < n; i++)
		tu_put32(buf + 4 * i, va_arg(ap, uint32_t));
	va_end(ap);
	tb_prop(b, name, buf, (size_t)n * 4);
}

static inline void tb_memrsv(struct tb *b, uint64_t addr, uint64_t size)
{
	assert_true(b->nr_rsv < 16);
	b->rsv[b->nr_rsv][0] = addr;
	b->rsv[b->nr_rsv][1] = size;
	b->nr_rsv++;
}

/* Appends the END token and lays the blob out in b->out. */
static inline uint8_t *tb_finish(struct tb *b, size_t *len)
{
	size_t rsv_off = 40, st_off, str_off, i;
	uint8_t *o = b->out;

	tb_raw32(b, FDT_END);
	st_off = rsv_off + 16 * ((size_t)b->nr_rsv + 1);
	str_off = st_off + b->st_len;
	b->out_len = str_off + b->str_len;
	tu_put32(o + 0, FDT_MAGIC);
	tu_put32(o + 4, (uint32_t)b->out_len);
	tu_put32(o + 8, (uint32_t)st_off);
	tu_put32(o + 12, (uint32_t)str_off);
	tu_put32(o + 16, (uint32_t)rsv_off);
	tu_put32(o + 20, 17);
	tu_put32(o + 24, 16);
	tu_put32(o + 28, 0);
	tu_put32(o + 32, (uint32_t)b->str_len);
	tu_put32(o + 36, (uint32_t)b->st_len);
	for (i = 0; i < (size_t)b->nr_rsv; i++) {
		tu_put32(o + rsv_off + 16 * i, (uint32_t)(b->rsv[i][0] >> 32));
		tu_put32(o + rsv_off + 16 * i + 4, (uint32_t)b->rsv[i][0]);
		tu_put32(o + rsv_off + 16 * i + 8,
			 (uint32_t)(b->rsv[i][1] >> 32));
		tu_put32(o + rsv_off + 16 * i + 12, (uint32_t)b->rsv[i][1]);
	}
	/* The terminating all-zero entry. */
	memset(o + rsv_off + 16 * (size_t)b->nr_rsv, 0, 16);
	memcpy(o + st_off, b->st, b->st_len);
	memcpy(o + str_off, b->str, b->str_len);
	*len = b->out_len;
	return o;
}

/* A heap copy of exactly len bytes, for ASan-checked reads. */
static inline uint8_t *tu_dup(const void *p, size_t len)
{
	uint8_t *c = malloc(len ? len : 1);

	assert_non_null(c);
	memcpy(c, p, len);
	return c;
}

#endif
