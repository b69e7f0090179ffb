/* SPDX-License-Identifier: MIT */
/* Pure helpers for building and parsing xenstore messages. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <public/io/xs_wire.h>

#include "xenstore.h"

int xs_errno_from_name(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]);
	     i++) {
		const char *e = xsd_errors[i].errstring;

		if (strnlen(name, len) == strlen(e) &&
		    strncmp(name, e, strlen(e)) == 0)
			/* Xen's numbers are Linux's for all these names. */
			return xsd_errors[i].errnum;
	}
	return EINVAL;
}

char **xs_split(const char *buf, size_t len, unsigned int *num)
{
	unsigned int n = 0;
	char **v;
	char *copy;
	size_t i;

	for (i = 0; i < len; i++)
		if (buf[i] == '\0')
			n++;
	if (len && buf[len - 1] != '\0')
		n++; /* a last string without its NUL */
	v = malloc((n + 1) * sizeof(char *) + len + 1);
	if (!v)
		return NULL;
	copy = (char *)(v + n + 1);
	memcpy(copy, buf, len);
	copy[len] = '\0';
	for (i = 0; i < n; i++) {
		v[i] = copy;
		copy += strlen(copy) + 1;
	}
	v[n] = NULL;
	*num = n;
	return v;
}

int xs_join(char *buf, size_t size, const char *const *s, unsigned int n)
{
	size_t len = 0;

	for (unsigned int i = 0; i < n; i++) {
		size_t l = strlen(s[i]) + 1;

		if (len + l > size)
			return -1;
		memcpy(buf + len, s[i], l);
		len += l;
	}
	return (int)len;
}
