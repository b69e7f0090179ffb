/* SPDX-License-Identifier: MIT */
/* xl.cfg(5) disk and vif entries (see xlcfg_dev.h). */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlcfg_dev.h"

static int fail(char *msg, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(char *msg, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
	return -1;
}

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	*out = strtoul(s, &end, 10);
	return *end || *out > max ? -1 : 0;
}

/*
 * xen-vbd-interface(7): xvd/sd disks 0..15 with partitions 0..15 in the
 * Linux majors 202 and 8, hd disks 0..3 in majors 3 and 22, anything
 * larger in the extended form (1 << 28) | disk << 8 | partition.
 */
long xl_vdev_to_devid(const char *vdev)
{
	unsigned long disk = 0, part = 0;
	const char *p;
	int kind;

	if (isdigit((unsigned char)vdev[0])) {
		if (parse_uint(vdev, (1UL << 30) - 1, &disk))
			return -1;
		return (long)disk;
	}
	if (!strncmp(vdev, "xvd", 3)) {
		kind = 'x';
		p = vdev + 3;
	} else if (!strncmp(vdev, "sd", 2) || !strncmp(vdev, "hd", 2)) {
		kind = vdev[0];
		p = vdev + 2;
	} else if (vdev[0] == 'd' && isdigit((unsigned char)vdev[1])) {
		char num[16];
		const char *pp = strchr(vdev, 'p');
		size_t n = pp ? (size_t)(pp - vdev - 1) : strlen(vdev + 1);

		if (n >= sizeof(num))
			return -1;
		memcpy(num, vdev + 1, n);
		num[n] = '\0';
		if (parse_uint(num, (1UL << 20) - 1, &disk) ||
		    (pp && parse_uint(pp + 1, 255, &part)))
			return -1;
		kind = 'x';
		goto encode;
	} else {
		return -1;
	}
	if (!islower((unsigned char)*p))
		return -1;
	/* Letters count a, ..., z, aa, ab, ... (bijective base 26). */
	for (disk = 0; islower((unsigned char)*p); p++) {
		disk = disk * 26 + (unsigned long)(*p - 'a' + 1);
		if (disk > (1UL << 20))
			return -1;
	}
	disk--;
	if (*p && parse_uint(p, 255, &part))
		return -1;
encode:
	if (kind == 'h') {
		if (disk > 3 || part > 63)
			return -1;
		return (long)((disk < 2 ? 3UL << 8 : 22UL << 8) |
			      (disk & 1) << 6 | part);
	}
	if (disk < 16 && part < 16)
		return (long)((kind == 's' ? 8UL << 8 : 202UL << 8) |
			      disk << 4 | part);
	if (kind == 's' && disk >= 16)
		return -1;
	return (long)(1UL << 28 | disk << 8 | part);
}

int xl_parse_mac(const char *s, uint8_t mac[6])
{
	for (int i = 0; i < 6; i++) {
		if (!isxdigit((unsigned char)s[0]) ||
		    !isxdigit((unsigned char)s[1]))
			return -1;
		mac[i] = (uint8_t)strtoul((char[]){s[0], s[1], 0}, NULL, 16);
		s += 2;
		if (i < 5 && *s++ != ':')
			return -1;
	}
	return *s ? -1 : 0;
}

static int copy(char *dst, size_t len, const char *src, const char *what,
		char *msg, size_t msglen)
{
	if (strlen(src) >= len)
		return fail(msg, msglen, "%s too long (at most %zu characters)",
			    what, len - 1);
	strcpy(dst, src);
	return 0;
}

/* Skip leading blanks; cut the item at the next comma. */
static char *next_item(char **p)
{
	char *s = *p, *c;

	while (*s == ' ' || *s == '\t')
		s++;
	c = strchr(s, ',');
	if (c) {
		*c = '\0';
		*p = c + 1;
	} else {
		*p = NULL;
	}
	return s;
}

enum { P_TARGET, P_FORMAT, P_VDEV, P_ACCESS, P_N };

static int disk_param(struct xl_disk *d, char *have, int which, const char *val,
		      char *msg, size_t msglen)
{
	static const char *const names[] = {"target", "format", "vdev",
					    "access"};

	if (have[which])
		return fail(msg, msglen, "%s given twice", names[which]);
	have[which] = 1;
	if (!*val)
		return 0; /* empty: the default */
	switch (which) {
	case P_TARGET:
		if (val[0] != '/') {
			char full[sizeof(d->target)];

			if (snprintf(full, sizeof(full), "/dev/%s", val) >=
			    (int)sizeof(full))
				return fail(msg, msglen, "target too long");
			strcpy(d->target, full);
			return 0;
		}
		return copy(d->target, sizeof(d->target), val, "target", msg,
			    msglen);
	case P_FORMAT:
		if (strcmp(val, "raw"))
			return fail(msg, msglen,
				    "format '%s' unsupported (only raw)", val);
		return 0;
	case P_VDEV: {
		char v[sizeof(d->vdev)];
		char *colon;
		long id;

		if (copy(v, sizeof(v), val, "vdev", msg, msglen))
			return -1;
		colon = strchr(v, ':');
		if (colon) {
			if (strcmp(colon, ":cdrom") && strcmp(colon, ":disk"))
				return fail(msg, msglen, "bad vdev '%s'", val);
			d->cdrom = !strcmp(colon, ":cdrom");
			*colon = '\0';
		}
		id = xl_vdev_to_devid(v);
		if (id < 0)
			return fail(msg, msglen,
				    "vdev '%s' is not a virtual disk name "
				    "(xvda, sdb, hdc, d0p1, ...)",
				    val);
		strcpy(d->vdev, v);
		d->devid = (uint32_t)id;
		return 0;
	}
	default:
		if (!strcmp(val, "w") || !strcmp(val, "rw"))
			d->readwrite = 1;
		else if (!strcmp(val, "r") || !strcmp(val, "ro"))
			d->readwrite = 0;
		else
			return fail(msg, msglen,
				    "access '%s' is not r, ro, w or rw", val);
		have[P_N] = 1; /* access given: cdrom does not change it */
		return 0;
	}
}

/* The deprecated "phy:", "file:", "raw:", "aio:", "tap:aio:" prefixes. */
static const char *strip_prefix(const char *t, int *had)
{
	static const char *const prefixes[] = {
		"tap:aio:", "tap2:aio:", "tap:", "tap2:", "phy:",
		"file:",    "raw:",	 "aio:", NULL,
	};

	*had = 0;
	for (const char *const *p = prefixes; *p; p++) {
		if (!strncmp(t, *p, strlen(*p))) {
			*had = 1;
			return t + strlen(*p);
		}
	}
	return t;
}

int xl_parse_disk(const char *spec, struct xl_disk *d, char *msg, size_t msglen)
{
	char buf[512], *p = buf;
	char have[P_N + 1] = {0};
	int pos = P_TARGET, rc = 0;

	memset(d, 0, sizeof(*d));
	d->readwrite = 1;
	if (copy(buf, sizeof(buf), spec, "disk spec", msg, msglen))
		return -1;
	while (p && !rc) {
		char *it = next_item(&p), *eq;

		eq = strchr(it, '=');
		if (eq && !strncmp(it, "target=", 7)) {
			/* target= takes the rest of the spec, commas too. */
			if (p)
				p[-1] = ',';
			have[P_TARGET] = 0;
			rc = disk_param(d, have, P_TARGET, it + 7, msg, msglen);
			break;
		}
		if (eq) {
			*eq = '\0';
			if (!strcmp(it, "format"))
				rc = disk_param(d, have, P_FORMAT, eq + 1, msg,
						msglen);
			else if (!strcmp(it, "vdev"))
				rc = disk_param(d, have, P_VDEV, eq + 1, msg,
						msglen);
			else if (!strcmp(it, "access"))
				rc = disk_param(d, have, P_ACCESS, eq + 1, msg,
						msglen);
			else if (!strcmp(it, "devtype")) {
				if (strcmp(eq + 1, "cdrom") &&
				    strcmp(eq + 1, "disk"))
					rc = fail(msg, msglen,
						  "devtype '%s' is not cdrom "
						  "or disk",
						  eq + 1);
				d->cdrom = !strcmp(eq + 1, "cdrom");
			} else if (!strcmp(it, "script"))
				rc = copy(d->script, sizeof(d->script), eq + 1,
					  "script", msg, msglen);
			else if (!strcmp(it, "backend")) {
				if (strcmp(eq + 1, "0") &&
				    strcmp(eq + 1, "Domain-0"))
					rc = fail(msg, msglen,
						  "only backend=Domain-0 is "
						  "supported");
			} else if (!strcmp(it, "backendtype")) {
				if (strcmp(eq + 1, "phy"))
					rc = fail(msg, msglen,
						  "only backendtype=phy is "
						  "supported");
			} else
				rc = fail(msg, msglen, "unknown key '%s'", it);
			continue;
		}
		if (!strcmp(it, "cdrom")) {
			d->cdrom = 1;
			continue;
		}
		if (!strcmp(it, "discard") || !strcmp(it, "no-discard") ||
		    !strcmp(it, "direct-io-safe"))
			continue;
		while (pos < P_N && have[pos])
			pos++;
		if (pos == P_N) {
			rc = fail(msg, msglen,
				  "too many positional "
				  "parameters");
			break;
		}
		if (pos == P_TARGET) {
			int legacy;
			const char *t = strip_prefix(it, &legacy);

			rc = disk_param(d, have, P_TARGET, t, msg, msglen);
			/* "phy:PATH,VDEV,MODE": no format position. */
			if (legacy)
				have[P_FORMAT] = 1;
		} else {
			rc = disk_param(d, have, pos, it, msg, msglen);
		}
	}
	if (rc)
		return -1;
	if (!d->vdev[0])
		return fail(msg, msglen, "no vdev (xvda, ...)");
	if (!d->target[0])
		return fail(msg, msglen,
			    "no target (an empty cdrom drive is "
			    "not supported)");
	if (d->cdrom && !have[P_N])
		d->readwrite = 0;
	return 0;
}

int xl_parse_vif(const char *spec, struct xl_vif *v, char *msg, size_t msglen)
{
	char buf[512], *p = buf;

	memset(v, 0, sizeof(*v));
	strcpy(v->bridge, "xenbr0");
	strcpy(v->script, "vif-bridge");
	v->devid = -1;
	if (copy(buf, sizeof(buf), spec, "vif spec", msg, msglen))
		return -1;
	while (p) {
		char *it = next_item(&p), *eq, *val;
		unsigned long n;

		if (!*it)
			continue;
		eq = strchr(it, '=');
		if (!eq)
			return fail(msg, msglen, "'%s' is not KEY=VALUE", it);
		*eq = '\0';
		val = eq + 1;
		if (!strcmp(it, "mac")) {
			if (xl_parse_mac(val, v->mac))
				return fail(msg, msglen,
					    "mac '%s' is not "
					    "xx:xx:xx:xx:xx:xx",
					    val);
			if (v->mac[0] & 1)
				return fail(msg, msglen,
					    "mac '%s' is a multicast address",
					    val);
			v->have_mac = 1;
		} else if (!strcmp(it, "bridge")) {
			if (copy(v->bridge, sizeof(v->bridge), val, "bridge",
				 msg, msglen))
				return -1;
		} else if (!strcmp(it, "ip")) {
			if (copy(v->ip, sizeof(v->ip), val, "ip", msg, msglen))
				return -1;
		} else if (!strcmp(it, "script")) {
			if (copy(v->script, sizeof(v->script), val, "script",
				 msg, msglen))
				return -1;
		} else if (!strcmp(it, "vifname")) {
			if (copy(v->vifname, sizeof(v->vifname), val, "vifname",
				 msg, msglen))
				return -1;
		} else if (!strcmp(it, "devid")) {
			if (parse_uint(val, 255, &n))
				return fail(msg, msglen,
					    "devid '%s' is not 0..255", val);
			v->devid = (int)n;
		} else if (!strcmp(it, "mtu")) {
			if (parse_uint(val, 65535, &n) || n < 68)
				return fail(msg, msglen,
					    "mtu '%s' is not 68..65535", val);
			v->mtu = (unsigned int)n;
		} else if (!strcmp(it, "type")) {
			if (strcmp(val, "vif") && strcmp(val, "ioemu"))
				return fail(msg, msglen, "type '%s' is not vif",
					    val);
		} else if (!strcmp(it, "model") || !strcmp(it, "rate") ||
			   !strcmp(it, "gatewaydev") ||
			   !strcmp(it, "trusted") || !strcmp(it, "untrusted")) {
			/* accepted, no effect on a PV interface here */
		} else if (!strcmp(it, "backend")) {
			if (strcmp(val, "0") && strcmp(val, "Domain-0"))
				return fail(msg, msglen,
					    "only backend=Domain-0 is "
					    "supported");
		} else {
			return fail(msg, msglen, "unknown key '%s'", it);
		}
	}
	return 0;
}
