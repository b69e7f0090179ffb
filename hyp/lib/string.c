/* SPDX-License-Identifier: MIT */
/*
 * Memory and string functions for the hypervisor image (host builds use
 * libc's). Plain C on general registers: the FP/SIMD registers belong to
 * guests. Word accesses are only made when aligned, since these run
 * before the MMU is on, when unaligned accesses fault.
 */
#include <hyp/lib.h>

/* Stop GCC turning these loops back into calls to themselves. */
#pragma GCC optimize("no-tree-loop-distribute-patterns")

/* may_alias: these words overlay objects of any type. */
typedef unsigned long __attribute__((may_alias)) word_t;
#define WSIZE sizeof(word_t)
#define WMASK (WSIZE - 1)

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((((uintptr_t)d ^ (uintptr_t)s) & WMASK) == 0) {
		while (n && ((uintptr_t)d & WMASK)) {
			*d++ = *s++;
			n--;
		}
		while (n >= 4 * WSIZE) {
			word_t *wd = (word_t *)d;
			const word_t *ws = (const word_t *)s;
			word_t a = ws[0], b = ws[1], c = ws[2], e = ws[3];

			wd[0] = a;
			wd[1] = b;
			wd[2] = c;
			wd[3] = e;
			d += 4 * WSIZE;
			s += 4 * WSIZE;
			n -= 4 * WSIZE;
		}
		while (n >= WSIZE) {
			*(word_t *)d = *(const word_t *)s;
			d += WSIZE;
			s += WSIZE;
			n -= WSIZE;
		}
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	/* Copying forwards is safe whenever dst is below src. */
	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);

	d += n;
	s += n;
	if ((((uintptr_t)d ^ (uintptr_t)s) & WMASK) == 0) {
		while (n && ((uintptr_t)d & WMASK)) {
			*--d = *--s;
			n--;
		}
		while (n >= WSIZE) {
			d -= WSIZE;
			s -= WSIZE;
			*(word_t *)d = *(const word_t *)s;
			n -= WSIZE;
		}
	}
	while (n--)
		*--d = *--s;
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	word_t w = (unsigned char)c;

	while (n && ((uintptr_t)d & WMASK)) {
		*d++ = (unsigned char)c;
		n--;
	}
	if (n >= WSIZE) {
		w |= w << 8;
		w |= w << 16;
		w |= w << 32;
		while (n >= 4 * WSIZE) {
			word_t *wd = (word_t *)d;

			wd[0] = w;
			wd[1] = w;
			wd[2] = w;
			wd[3] = w;
			d += 4 * WSIZE;
			n -= 4 * WSIZE;
		}
		while (n >= WSIZE) {
			*(word_t *)d = w;
			d += WSIZE;
			n -= WSIZE;
		}
	}
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n; n--, p++, q++) {
		if (*p != *q)
			return *p - *q;
	}
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++) {
		if (*p == (unsigned char)c)
			return (void *)p;
	}
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	while (*p && *p == *q) {
		p++;
		q++;
	}
	return *p - *q;
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	for (; n; n--, p++, q++) {
		if (*p != *q)
			return *p - *q;
		if (!*p)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	if (!n)
		return (char *)haystack;
	for (; *haystack; haystack++) {
		if (*haystack == *needle && !strncmp(haystack, needle, n))
			return (char *)haystack;
	}
	return NULL;
}
