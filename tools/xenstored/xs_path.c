/* SPDX-License-Identifier: MIT */
/*
 * Node names: relative paths are under the connection's domain path
 * (/local/domain/<domid>); names follow Xen's xenstored rules (docs/misc/
 * xenstore.txt): absolute, no empty component, no trailing '/', only
 * [A-Za-z0-9_@/-], bounded length. "@..." names are special watch paths.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs_core.h"

void xs_domain_path(char *buf, size_t size, unsigned int domid)
{
	snprintf(buf, size, "/local/domain/%u", domid);
}

bool xs_is_child(const char *child, const char *parent)
{
	size_t n = strlen(parent);

	if (strcmp(parent, "/") == 0)
		return child[0] == '/';
	return strncmp(child, parent, n) == 0 &&
	       (child[n] == '\0' || child[n] == '/');
}

static bool valid_chars(const char *s)
{
	static const char ok[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				 "abcdefghijklmnopqrstuvwxyz"
				 "0123456789-/_@";

	return strspn(s, ok) == strlen(s);
}

/* Length counted against the quota: the part after a domain's own path. */
static size_t quota_len(const char *path)
{
	static const char pre[] = "/local/domain/";
	const char *p = path;

	if (strncmp(p, pre, sizeof(pre) - 1))
		return strlen(path);
	p += sizeof(pre) - 1;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '/')
		p++;
	return strlen(p);
}

char *xs_canon(const struct xs_conn *conn, const char *path, bool special,
	       int *err)
{
	char dom[32];
	char *abs;
	size_t len = strlen(path);

	*err = XEN_EINVAL;
	if (len == 0)
		return NULL;
	if (path[0] == '@') {
		if (!special || !valid_chars(path) || strchr(path, '/') ||
		    len > XENSTORE_REL_PATH_MAX)
			return NULL;
		abs = strdup(path);
	} else if (path[0] == '/') {
		if (len > XENSTORE_ABS_PATH_MAX)
			return NULL;
		abs = strdup(path);
	} else {
		if (len > XENSTORE_REL_PATH_MAX)
			return NULL;
		xs_domain_path(dom, sizeof(dom), conn->domid);
		abs = malloc(strlen(dom) + 1 + len + 1);
		if (abs)
			sprintf(abs, "%s/%s", dom, path);
	}
	if (!abs) {
		*err = XEN_ENOMEM;
		return NULL;
	}
	if (abs[0] == '@')
		return abs;
	len = strlen(abs);
	if ((len > 1 && abs[len - 1] == '/') || strstr(abs, "//") ||
	    !valid_chars(abs) || len > XENSTORE_ABS_PATH_MAX ||
	    (!conn->privileged &&
	     quota_len(abs) > conn->core->quota.path_len)) {
		free(abs);
		return NULL;
	}
	return abs;
}
