/* SPDX-License-Identifier: MIT */
/*
 * vsnprintf/snprintf for the hypervisor: the C99 integer, character and
 * string conversions plus %p. No floating point (FP registers belong to
 * guests) and no %n (writing through a format is never needed here).
 */
#include <hyp/lib.h>

#define F_LEFT 0x01  /* '-' */
#define F_ZERO 0x02  /* '0' */
#define F_PLUS 0x04  /* '+' */
#define F_SPACE 0x08 /* ' ' */
#define F_ALT 0x10   /* '#' */

#define VSN_INT_MAX __INT_MAX__
/* Keeps width/precision arithmetic far away from int overflow. */
#define FIELD_MAX (VSN_INT_MAX / 4)

enum length { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_T, LEN_J };

struct out {
	char *buf;
	size_t size;
	size_t pos; /* chars produced so far, stored or not */
};

struct spec {
	unsigned int flags;
	int width;
	int prec; /* -1: none given */
};

static void put_char(struct out *o, char c)
{
	if (o->pos + 1 < o->size)
		o->buf[o->pos] = c;
	o->pos++;
}

/* Only fills what fits, so a huge width costs no more than the buffer. */
static void put_repeat(struct out *o, char c, int n)
{
	size_t i;

	if (n <= 0)
		return;
	for (i = 0; i < (size_t)n && o->pos + 1 < o->size; i++)
		o->buf[o->pos++] = c;
	o->pos += (size_t)n - i;
}

static void put_mem(struct out *o, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && o->pos + 1 < o->size; i++)
		o->buf[o->pos++] = s[i];
	o->pos += n - i;
}

static void put_number(struct out *o, u64 val, bool neg, unsigned int base,
		       bool upper, const struct spec *sp, bool force_0x)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24]; /* 22 octal digits for 2^64-1 */
	char prefix[3];
	int nd = 0, np = 0, zeros, pad;
	unsigned int flags = sp->flags;

	if (!(sp->prec == 0 && val == 0)) {
		u64 v = val;

		do {
			tmp[nd++] = digits[v % base];
			v /= base;
		} while (v);
	}

	if (neg)
		prefix[np++] = '-';
	else if (flags & F_PLUS)
		prefix[np++] = '+';
	else if (flags & F_SPACE)
		prefix[np++] = ' ';
	if (base == 16 && (force_0x || ((flags & F_ALT) && val))) {
		prefix[np++] = '0';
		prefix[np++] = upper ? 'X' : 'x';
	}

	zeros = sp->prec > nd ? sp->prec - nd : 0;
	/* '#' with octal: the first digit printed must be a 0. */
	if (base == 8 && (flags & F_ALT) && !zeros && (nd == 0 || val))
		zeros = 1;

	pad = sp->width - (np + zeros + nd);
	if ((flags & F_ZERO) && !(flags & F_LEFT) && sp->prec < 0 && pad > 0) {
		zeros += pad;
		pad = 0;
	}

	if (!(flags & F_LEFT))
		put_repeat(o, ' ', pad);
	put_mem(o, prefix, (size_t)np);
	put_repeat(o, '0', zeros);
	while (nd)
		put_char(o, tmp[--nd]);
	if (flags & F_LEFT)
		put_repeat(o, ' ', pad);
}

static void put_string(struct out *o, const char *s, const struct spec *sp)
{
	size_t len = 0;
	int pad;

	if (!s)
		s = "(null)";
	/* Never read past the precision: the string may not be terminated. */
	while ((sp->prec < 0 || len < (size_t)sp->prec) && s[len])
		len++;

	pad = len < (size_t)sp->width ? sp->width - (int)len : 0;
	if (!(sp->flags & F_LEFT))
		put_repeat(o, ' ', pad);
	put_mem(o, s, len);
	if (sp->flags & F_LEFT)
		put_repeat(o, ' ', pad);
}

/* Reads a decimal field or '*'; false when neither is present. */
static bool read_field(const char **pf, va_list *ap, int *val)
{
	const char *f = *pf;
	int v = 0;

	if (*f == '*') {
		*val = va_arg(*ap, int);
		*pf = f + 1;
		return true;
	}
	if (!hyp_isdigit(*f))
		return false;
	while (hyp_isdigit(*f)) {
		if (v < FIELD_MAX)
			v = v * 10 + (*f - '0');
		f++;
	}
	*val = v > FIELD_MAX ? FIELD_MAX : v;
	*pf = f;
	return true;
}

static s64 get_signed(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_Z:
	case LEN_T:
		return va_arg(*ap, ptrdiff_t);
	case LEN_J:
		return va_arg(*ap, intmax_t);
	default:
		return va_arg(*ap, int);
	}
}

static u64 get_unsigned(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
		return va_arg(*ap, size_t);
	case LEN_T:
		return (size_t)va_arg(*ap, ptrdiff_t);
	case LEN_J:
		return va_arg(*ap, uintmax_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static enum length read_length(const char **pf)
{
	const char *f = *pf;
	enum length len = LEN_NONE;

	switch (*f) {
	case 'h':
		len = f[1] == 'h' ? LEN_HH : LEN_H;
		f += len == LEN_HH ? 2 : 1;
		break;
	case 'l':
		len = f[1] == 'l' ? LEN_LL : LEN_L;
		f += len == LEN_LL ? 2 : 1;
		break;
	case 'z':
		len = LEN_Z;
		f++;
		break;
	case 't':
		len = LEN_T;
		f++;
		break;
	case 'j':
		len = LEN_J;
		f++;
		break;
	}
	*pf = f;
	return len;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap_in)
{
	struct out o = {.buf = buf, .size = buf ? size : 0, .pos = 0};
	const char *f = fmt;
	va_list ap;

	/* A va_list may be an array type; a copy lets helpers take &ap. */
	va_copy(ap, ap_in);

	while (f && *f) {
		struct spec sp = {0, 0, -1};
		const char *start = f;
		enum length len;
		s64 sv;

		if (*f != '%') {
			put_char(&o, *f++);
			continue;
		}
		f++;

		for (;; f++) {
			if (*f == '-')
				sp.flags |= F_LEFT;
			else if (*f == '0')
				sp.flags |= F_ZERO;
			else if (*f == '+')
				sp.flags |= F_PLUS;
			else if (*f == ' ')
				sp.flags |= F_SPACE;
			else if (*f == '#')
				sp.flags |= F_ALT;
			else
				break;
		}

		if (read_field(&f, &ap, &sp.width) && sp.width < 0) {
			/* A negative '*' width means left-justify. */
			sp.flags |= F_LEFT;
			sp.width =
				sp.width < -FIELD_MAX ? FIELD_MAX : -sp.width;
		}
		if (sp.width > FIELD_MAX)
			sp.width = FIELD_MAX;

		if (*f == '.') {
			f++;
			/* "%.d" means precision 0; a negative '*' means none. */
			if (!read_field(&f, &ap, &sp.prec))
				sp.prec = 0;
			else if (sp.prec < 0)
				sp.prec = -1;
		}

		len = read_length(&f);

		switch (*f) {
		case 'd':
		case 'i':
			sv = get_signed(&ap, len);
			put_number(&o, sv < 0 ? -(u64)sv : (u64)sv, sv < 0, 10,
				   false, &sp, false);
			break;
		case 'u':
			sp.flags &= ~(F_PLUS | F_SPACE);
			put_number(&o, get_unsigned(&ap, len), false, 10, false,
				   &sp, false);
			break;
		case 'x':
		case 'X':
			sp.flags &= ~(F_PLUS | F_SPACE);
			put_number(&o, get_unsigned(&ap, len), false, 16,
				   *f == 'X', &sp, false);
			break;
		case 'o':
			sp.flags &= ~(F_PLUS | F_SPACE);
			put_number(&o, get_unsigned(&ap, len), false, 8, false,
				   &sp, false);
			break;
		case 'p':
			sp.flags &= ~(F_PLUS | F_SPACE);
			put_number(&o, (uintptr_t)va_arg(ap, void *), false, 16,
				   false, &sp, true);
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);
			int pad = sp.width - 1;

			if (!(sp.flags & F_LEFT))
				put_repeat(&o, ' ', pad);
			put_char(&o, c);
			if (sp.flags & F_LEFT)
				put_repeat(&o, ' ', pad);
			break;
		}
		case 's':
			put_string(&o, va_arg(ap, const char *), &sp);
			break;
		case '%':
			put_char(&o, '%');
			break;
		case 'n':
			/* Consume the pointer so later arguments stay aligned. */
			(void)va_arg(ap, void *);
			break;
		case '\0':
			/* A lone '%' at the end: print it rather than overrun. */
			put_mem(&o, start, (size_t)(f - start));
			continue;
		default:
			/* Unknown conversion: show it verbatim. */
			put_mem(&o, start, (size_t)(f - start) + 1);
			break;
		}
		f++;
	}

	va_end(ap);

	if (o.size)
		o.buf[o.pos < o.size ? o.pos : o.size - 1] = '\0';
	return o.pos > VSN_INT_MAX ? VSN_INT_MAX : (int)o.pos;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return ret;
}
