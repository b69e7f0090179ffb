/* SPDX-License-Identifier: MIT */
/*
 * String helpers whose names do not clash with libc, so host unit tests can
 * link this file next to the system C library.
 */
#include <hyp/lib.h>

size_t hyp_strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = 0;

	while (src[len])
		len++;
	if (size) {
		size_t n = len < size - 1 ? len : size - 1;
		size_t i;

		for (i = 0; i < n; i++)
			dst[i] = src[i];
		dst[n] = '\0';
	}
	/* Like BSD strlcpy: ret >= size tells the caller it truncated. */
	return len;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

u64 hyp_strtoull(const char *s, const char **end, unsigned int base,
		 bool *overflow)
{
	const char *p = s;
	u64 val = 0;
	bool ovf = false;
	bool any = false;

	if (base == 1 || base > 36) {
		if (end)
			*end = s;
		if (overflow)
			*overflow = false;
		return 0;
	}

	/* Only take "0x" as a prefix when a hex digit follows it. */
	if ((base == 0 || base == 16) && p[0] == '0' &&
	    (p[1] == 'x' || p[1] == 'X') && digit_value(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = p[0] == '0' ? 8 : 10;
	}

	for (;; p++) {
		int d = digit_value(*p);

		if (d >= (int)base)
			break;
		any = true;
		if (ovf)
			continue;
		if (val > (UINT64_MAX - (u64)d) / base) {
			ovf = true;
			val = UINT64_MAX;
		} else {
			val = val * base + (u64)d;
		}
	}

	if (end)
		*end = any ? p : s;
	if (overflow)
		*overflow = ovf;
	return val;
}
