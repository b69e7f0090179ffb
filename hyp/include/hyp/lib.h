/* SPDX-License-Identifier: MIT */
/*
 * Freestanding C library subset (hyp/lib) and the logging API.
 * Host unit tests build against the system libc instead of hyp/lib, so the
 * prototypes here match the standard ones.
 */
#ifndef HYP_LIB_H
#define HYP_LIB_H

#include <stdarg.h>
#include <hyp/compiler.h>
#include <hyp/types.h>

#ifdef HYP_HOST_TEST
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#else
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
#endif

/* Copy with truncation; always NUL-terminates when size > 0. */
size_t hyp_strlcpy(char *dst, const char *src, size_t size);

/*
 * Parse an unsigned number in base 10, 16 (0x prefix) or 8 (0 prefix) when
 * base is 0. *end points past the digits. Saturates at UINT64_MAX and sets
 * *overflow when given.
 */
u64 hyp_strtoull(const char *s, const char **end, unsigned int base,
		 bool *overflow);

static inline bool hyp_isdigit(int c)
{
	return c >= '0' && c <= '9';
}
static inline bool hyp_isspace(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}
static inline int hyp_tolower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + 'a' - 'A' : c;
}

/*
 * Log levels, given as a prefix of the format string as in Xen
 * (printk(HYPLOG_WARNING "...")). HYPLOG_GUEST marks guest-caused messages,
 * which are filtered by guest_loglvl= instead of loglvl=.
 */
#define HYPLOG_ERR "<0>"
#define HYPLOG_WARNING "<1>"
#define HYPLOG_INFO "<2>"
#define HYPLOG_DEBUG "<3>"
#define HYPLOG_GUEST "<G>"
#define HYPLOG_G_ERR HYPLOG_GUEST HYPLOG_ERR
#define HYPLOG_G_WARNING HYPLOG_GUEST HYPLOG_WARNING
#define HYPLOG_G_INFO HYPLOG_GUEST HYPLOG_INFO
#define HYPLOG_G_DEBUG HYPLOG_GUEST HYPLOG_DEBUG

void printk(const char *fmt, ...) __printf(1, 2);
void vprintk(const char *fmt, va_list ap);

__noreturn void panic(const char *fmt, ...) __printf(1, 2);

#define BUG_ON(cond)                                                  \
	do {                                                          \
		if (unlikely(cond))                                   \
			panic("BUG_ON(%s) at %s:%d", #cond, __FILE__, \
			      __LINE__);                              \
	} while (0)
#define BUG() panic("BUG at %s:%d", __FILE__, __LINE__)

#ifdef NDEBUG
#define ASSERT(cond)                \
	do {                        \
		(void)sizeof(cond); \
	} while (0)
#else
#define ASSERT(cond)                                                   \
	do {                                                           \
		if (unlikely(!(cond)))                                 \
			panic("Assertion '%s' failed at %s:%d", #cond, \
			      __FILE__, __LINE__);                     \
	} while (0)
#endif

#endif
