/* SPDX-License-Identifier: MIT */
/*
 * A small vsnprintf: flags - 0 # + space, width and precision (also *),
 * lengths hh h l ll z t j, conversions d i u x X o p s c %.
 */
#include <lib.h>

struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

#define F_LEFT 1
#define F_ZERO 2
#define F_ALT 4
#define F_PLUS 8
#define F_SPACE 16

static void put_number(struct out *o, u64 v, bool neg, unsigned int base,
		       bool upper, int flags, int width, int prec)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, len;
	char sign = 0;
	const char *prefix = "";

	if (neg)
		sign = '-';
	else if (flags & F_PLUS)
		sign = '+';
	else if (flags & F_SPACE)
		sign = ' ';
	if ((flags & F_ALT) && v) {
		if (base == 16)
			prefix = upper ? "0X" : "0x";
		else if (base == 8)
			prefix = "0";
	}
	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (prec == 0 && n == 1 && tmp[0] == '0')
		n = 0;
	len = MAX(n, prec) + (sign ? 1 : 0) + (int)strlen(prefix);
	if (!(flags & F_LEFT) && !((flags & F_ZERO) && prec < 0))
		pad(o, ' ', width - len);
	if (sign)
		put(o, sign);
	while (*prefix)
		put(o, *prefix++);
	if (!(flags & F_LEFT) && (flags & F_ZERO) && prec < 0)
		pad(o, '0', width - len);
	pad(o, '0', prec - n);
	while (n)
		put(o, tmp[--n]);
	if (flags & F_LEFT)
		pad(o, ' ', width - len);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = {buf, size, 0};

	for (; *fmt; fmt++) {
		int flags = 0, width = 0, prec = -1, lng = 0;
		unsigned int base = 10;
		bool is_signed = false, upper = false;
		u64 v;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		for (;;) {
			char c = *++fmt;

			if (c == '-')
				flags |= F_LEFT;
			else if (c == '0')
				flags |= F_ZERO;
			else if (c == '#')
				flags |= F_ALT;
			else if (c == '+')
				flags |= F_PLUS;
			else if (c == ' ')
				flags |= F_SPACE;
			else
				break;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				flags |= F_LEFT;
				width = -width;
			}
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				width = width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			prec = 0;
			fmt++;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					prec = prec * 10 + (*fmt++ - '0');
			}
		}
		/* lng: -2 hh, -1 h, 0 int, 1 long/size_t/ptrdiff/intmax */
		for (;; fmt++) {
			if (*fmt == 'h')
				lng--;
			else if (*fmt == 'l' || *fmt == 'z' || *fmt == 't' ||
				 *fmt == 'j')
				lng = 1;
			else
				break;
		}
		switch (*fmt) {
		case '\0':
			fmt--;
			continue;
		case '%':
			put(&o, '%');
			continue;
		case 'c':
			pad(&o, ' ', (flags & F_LEFT) ? 0 : width - 1);
			put(&o, (char)va_arg(ap, int));
			pad(&o, ' ', (flags & F_LEFT) ? width - 1 : 0);
			continue;
		case 's': {
			const char *s = va_arg(ap, const char *);
			int len;

			if (!s)
				s = "(null)";
			len = (int)strnlen(s, prec < 0 ? (size_t)-1
						       : (size_t)prec);
			if (!(flags & F_LEFT))
				pad(&o, ' ', width - len);
			for (int i = 0; i < len; i++)
				put(&o, s[i]);
			if (flags & F_LEFT)
				pad(&o, ' ', width - len);
			continue;
		}
		case 'p':
			v = (u64)(uintptr_t)va_arg(ap, void *);
			put_number(&o, v, false, 16, false, flags | F_ALT,
				   width, prec);
			continue;
		case 'd':
		case 'i':
			is_signed = true;
			break;
		case 'u':
			break;
		case 'x':
			base = 16;
			break;
		case 'X':
			base = 16;
			upper = true;
			break;
		case 'o':
			base = 8;
			break;
		default:
			/* Unknown conversion: print it as is. */
			put(&o, '%');
			put(&o, *fmt);
			continue;
		}
		if (is_signed) {
			s64 sv;

			if (lng > 0)
				sv = va_arg(ap, long);
			else
				sv = va_arg(ap, int);
			if (lng == -1)
				sv = (short)sv;
			else if (lng <= -2)
				sv = (signed char)sv;
			put_number(&o, sv < 0 ? -(u64)sv : (u64)sv, sv < 0,
				   base, upper, flags, width, prec);
		} else {
			if (lng > 0)
				v = va_arg(ap, unsigned long);
			else
				v = va_arg(ap, unsigned int);
			if (lng == -1)
				v = (unsigned short)v;
			else if (lng <= -2)
				v = (unsigned char)v;
			put_number(&o, v, false, base, upper, flags, width,
				   prec);
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
