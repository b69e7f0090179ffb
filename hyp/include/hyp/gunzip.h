/* SPDX-License-Identifier: MIT */
/*
 * DEFLATE (RFC 1951) and gzip (RFC 1952) decoding for boot images, into a
 * flat output buffer the caller owns. Every input is untrusted: nothing is
 * read past in[in_len) or written past out[out_max), and every malformed
 * input ends in an error with a one-line reason (a static string).
 */
#ifndef HYP_GUNZIP_H
#define HYP_GUNZIP_H

#include <hyp/types.h>

/*
 * CRC-32 of RFC 1952 section 8 (reflected polynomial 0xedb88320), continued
 * from crc (0 to start).
 */
u32 crc32_update(u32 crc, const void *buf, size_t len);

/*
 * Decode the raw DEFLATE stream at in[0..in_len) into out[0..out_max).
 * On success returns 0, *consumed is the number of input bytes up to the
 * end of the final block (rounded up to a byte) and *out_len the bytes
 * written. Errors: -EINVAL (malformed or truncated), -E2BIG (output would
 * pass out_max); *why says which.
 */
int inflate_raw(const void *in, size_t in_len, size_t *consumed, void *out,
		size_t out_max, size_t *out_len, const char **why);

/* Does buf start with the gzip magic (1f 8b)? */
bool gzip_magic(const void *buf, size_t len);

/*
 * The ISIZE a single-member gzip file at in[0..in_len) declares (its last
 * four bytes: the uncompressed size mod 2^32), to size the output buffer.
 * -EINVAL if in is too short to be gzip or the size is impossible for
 * DEFLATE (more than its 1032:1 maximum ratio).
 */
int gzip_isize(const void *in, size_t in_len, u32 *isize, const char **why);

/*
 * Decode the single gzip member that is in[0..in_len) (header flags FTEXT,
 * FHCRC, FEXTRA, FNAME and FCOMMENT; the header CRC, the data's CRC-32 and
 * ISIZE are checked; trailing bytes are an error) into out[0..out_max).
 * Returns 0 with *out_len set, or -EINVAL / -E2BIG with *why set.
 */
int gunzip(const void *in, size_t in_len, void *out, size_t out_max,
	   size_t *out_len, const char **why);

#endif
