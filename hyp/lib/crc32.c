/* SPDX-License-Identifier: MIT */
/*
 * CRC-32 as gzip uses it (RFC 1952 section 8): reflected, polynomial
 * 0xedb88320, register pre- and post-inverted. Short buffers (headers) go
 * four bits at a time from a 16-entry table; long ones (a whole kernel)
 * a byte at a time from a 256-entry table built on the stack per call,
 * which costs about as much as 256 bytes the slow way.
 */
#include <hyp/gunzip.h>

/* crc_nibble[n]: the register after shifting the 4-bit value n through. */
static const u32 crc_nibble[16] = {
	0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac, 0x76dc4190, 0x6b6b51f4,
	0x4db26158, 0x5005713c, 0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c,
	0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
};

#define CRC32_POLY 0xedb88320U
#define BYTE_TABLE_MIN 1024

u32 crc32_update(u32 crc, const void *buf, size_t len)
{
	const u8 *p = buf;
	u32 table[256], c;
	unsigned int n, k;

	crc = ~crc;
	if (len >= BYTE_TABLE_MIN) {
		for (n = 0; n < 256; n++) {
			c = n;
			for (k = 0; k < 8; k++)
				c = (c >> 1) ^ ((c & 1) ? CRC32_POLY : 0);
			table[n] = c;
		}
		while (len--)
			crc = (crc >> 8) ^ table[(crc ^ *p++) & 0xff];
		return ~crc;
	}
	while (len--) {
		crc ^= *p++;
		crc = (crc >> 4) ^ crc_nibble[crc & 0xf];
		crc = (crc >> 4) ^ crc_nibble[crc & 0xf];
	}
	return ~crc;
}
