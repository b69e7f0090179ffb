/* SPDX-License-Identifier: MIT */
/* gzip'd kernels (dom_gunzip.h), with Debian's zlib. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "dom_gunzip.h"

#define GZIP_MIN_LEN 18 /* 10-byte header + 8-byte trailer (RFC 1952) */
#define FIRST_GUESS (16U << 20)
/* inflate() takes uInt counts: feed it in slices. */
#define SLICE (1U << 30)

int dom_is_gzip(const uint8_t *data, size_t len)
{
	return len >= 2 && data[0] == 0x1f && data[1] == 0x8b;
}

/* ISIZE, the last 4 bytes: the size modulo 2^32, a starting guess only. */
static size_t first_size(const uint8_t *in, size_t len, size_t max)
{
	const uint8_t *t = in + len - 4;
	size_t isize = (size_t)t[0] | (size_t)t[1] << 8 | (size_t)t[2] << 16 |
		       (size_t)t[3] << 24;

	if (isize == 0 || isize > max)
		isize = max < FIRST_GUESS ? max : FIRST_GUESS;
	return isize;
}

static unsigned int slice(size_t n)
{
	return n > SLICE ? SLICE : (unsigned int)n;
}

/* Output is full at the limit: does the stream end without more of it? */
static int ends_here(z_stream *z, const uint8_t *in, size_t len, size_t *fed)
{
	uint8_t spare;
	unsigned int in0;
	int zr;

	z->next_in = (Bytef *)(uintptr_t)(in + *fed);
	z->avail_in = in0 = slice(len - *fed);
	z->next_out = &spare;
	z->avail_out = 1;
	zr = inflate(z, Z_NO_FLUSH);
	*fed += in0 - z->avail_in;
	return zr == Z_STREAM_END && z->avail_out == 1;
}

int dom_gunzip(const uint8_t *in, size_t len, size_t max, uint8_t **out,
	       size_t *out_len, char *err, size_t errlen)
{
	z_stream z;
	uint8_t *buf = NULL;
	size_t cap, done = 0, fed = 0;
	int zr = Z_OK;

	*out = NULL;
	*out_len = 0;
	if (!dom_is_gzip(in, len) || len < GZIP_MIN_LEN || max == 0) {
		snprintf(err, errlen, "not a complete gzip file");
		return -1;
	}
	memset(&z, 0, sizeof(z));
	/* 16 + MAX_WBITS: a gzip header and trailer (CRC-32, ISIZE) only. */
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		snprintf(err, errlen, "zlib: inflateInit2 failed");
		return -1;
	}
	cap = first_size(in, len, max);
	for (;;) {
		if (done == cap) {
			uint8_t *p;

			if (cap == max && !ends_here(&z, in, len, &fed)) {
				snprintf(err, errlen,
					 "decompresses to more than %zu MiB "
					 "(the domain's memory)",
					 max >> 20);
				goto fail;
			}
			if (cap == max) {
				zr = Z_STREAM_END;
				break;
			}
			cap = cap > max / 2 ? max : cap * 2;
			p = realloc(buf, cap);
			if (!p)
				goto oom;
			buf = p;
		} else if (!buf) {
			buf = malloc(cap);
			if (!buf)
				goto oom;
		}
		z.next_in = (Bytef *)(uintptr_t)(in + fed);
		z.avail_in = slice(len - fed);
		z.next_out = buf + done;
		z.avail_out = slice(cap - done);
		{
			unsigned int in0 = z.avail_in, out0 = z.avail_out;

			zr = inflate(&z, Z_NO_FLUSH);
			fed += in0 - z.avail_in;
			done += out0 - z.avail_out;
		}
		if (zr == Z_STREAM_END)
			break;
		if (zr == Z_BUF_ERROR && fed == len) {
			snprintf(err, errlen, "truncated gzip data");
			goto fail;
		}
		if (zr != Z_OK && zr != Z_BUF_ERROR) {
			snprintf(err, errlen, "corrupt gzip data (%s)",
				 z.msg ? z.msg : "zlib error");
			goto fail;
		}
		if (fed == len && z.avail_out) {
			snprintf(err, errlen, "truncated gzip data");
			goto fail;
		}
	}
	inflateEnd(&z);
	if (done == 0) {
		free(buf);
		snprintf(err, errlen, "gzip data holds nothing");
		return -1;
	}
	*out = buf;
	*out_len = done;
	return 0;
oom:
	snprintf(err, errlen, "out of memory inflating %zu bytes", cap);
fail:
	inflateEnd(&z);
	free(buf);
	return -1;
}
