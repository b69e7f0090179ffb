/* SPDX-License-Identifier: MIT */
/*
 * gzip file format (RFC 1952): one member, its header checked field by
 * field (section 2.3.1), its DEFLATE data decoded by inflate_raw(), its
 * trailer's CRC-32 and ISIZE compared with what was decoded.
 */
#include <hyp/errno.h>
#include <hyp/gunzip.h>
#include <hyp/lib.h>

#define GZ_ID1 0x1f
#define GZ_ID2 0x8b
#define GZ_CM_DEFLATE 8
#define GZ_FHCRC (1U << 1)
#define GZ_FEXTRA (1U << 2)
#define GZ_FNAME (1U << 3)
#define GZ_FCOMMENT (1U << 4)
#define GZ_FRESERVED 0xe0U /* must be zero (section 2.3.1.2) */
#define GZ_HEADER 10	   /* ID1 ID2 CM FLG MTIME(4) XFL OS */
#define GZ_TRAILER 8	   /* CRC32 ISIZE, little-endian */
/* DEFLATE's best ratio: a 258-byte match in under 2 bits, 1032:1. */
#define DEFLATE_MAX_RATIO 1032

static u32 le32(const u8 *p)
{
	return p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

bool gzip_magic(const void *buf, size_t len)
{
	const u8 *p = buf;

	return len >= 2 && p[0] == GZ_ID1 && p[1] == GZ_ID2;
}

int gzip_isize(const void *in, size_t in_len, u32 *isize, const char **why)
{
	const u8 *p = in;

	*why = NULL;
	if (in_len < GZ_HEADER + GZ_TRAILER + 2) {
		*why = "too short for a gzip file";
		return -EINVAL;
	}
	*isize = le32(p + in_len - 4);
	if (*isize > (u64)in_len * DEFLATE_MAX_RATIO) {
		*why = "ISIZE larger than the data can hold";
		return -EINVAL;
	}
	return 0;
}

/* Skip a zero-terminated header field (FNAME, FCOMMENT). */
static bool skip_string(const u8 *p, size_t end, size_t *pos)
{
	const u8 *nul = memchr(p + *pos, 0, end - *pos);

	if (!nul)
		return false;
	*pos = (size_t)(nul - p) + 1;
	return true;
}

/* The end of the header, or 0 with *why set. end excludes the trailer. */
static size_t parse_header(const u8 *p, size_t end, const char **why)
{
	size_t pos = GZ_HEADER, xlen;
	unsigned int flg = p[3];

	if (p[0] != GZ_ID1 || p[1] != GZ_ID2) {
		*why = "not gzip (bad magic)";
		return 0;
	}
	if (p[2] != GZ_CM_DEFLATE) {
		*why = "unknown gzip compression method";
		return 0;
	}
	if (flg & GZ_FRESERVED) {
		*why = "reserved gzip header flags set";
		return 0;
	}
	if (flg & GZ_FEXTRA) {
		if (end - pos < 2)
			goto truncated;
		xlen = p[pos] | (size_t)p[pos + 1] << 8;
		pos += 2;
		if (end - pos < xlen)
			goto truncated;
		pos += xlen;
	}
	if ((flg & GZ_FNAME) && !skip_string(p, end, &pos))
		goto truncated;
	if ((flg & GZ_FCOMMENT) && !skip_string(p, end, &pos))
		goto truncated;
	if (flg & GZ_FHCRC) {
		if (end - pos < 2)
			goto truncated;
		/* The low 16 bits of the CRC-32 of the header before it. */
		if ((crc32_update(0, p, pos) & 0xffff) !=
		    (p[pos] | (u32)p[pos + 1] << 8)) {
			*why = "gzip header CRC mismatch";
			return 0;
		}
		pos += 2;
	}
	return pos;
truncated:
	*why = "truncated gzip header";
	return 0;
}

int gunzip(const void *in, size_t in_len, void *out, size_t out_max,
	   size_t *out_len, const char **why)
{
	const u8 *p = in;
	size_t hdr, end, used;
	int rc;

	*out_len = 0;
	*why = NULL;
	if (in_len < GZ_HEADER + GZ_TRAILER) {
		*why = "too short for a gzip file";
		return -EINVAL;
	}
	end = in_len - GZ_TRAILER;
	hdr = parse_header(p, end, why);
	if (!hdr)
		return -EINVAL;
	rc = inflate_raw(p + hdr, end - hdr, &used, out, out_max, out_len, why);
	if (rc)
		return rc;
	if (used != end - hdr) {
		*why = "data after the end of the gzip member";
		return -EINVAL;
	}
	if (le32(p + end + 4) != (u32)*out_len) {
		*why = "gzip ISIZE does not match the decompressed size";
		return -EINVAL;
	}
	if (le32(p + end) != crc32_update(0, out, *out_len)) {
		*why = "gzip CRC-32 mismatch";
		return -EINVAL;
	}
	return 0;
}
