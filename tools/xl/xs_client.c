/* SPDX-License-Identifier: MIT */
/*
 * A small xenstore client over xenstored's Unix socket (io/xs_wire.h) and
 * the entries libxl writes for a new domain (libxl_create.c, libxl_dom.c):
 * /local/domain/N/{name,domid,vm,control/...,memory/...,cpu/...,store/...,
 * console/...} and /vm/UUID/{uuid,name}, then XS_INTRODUCE. Without a
 * running xenstored every call is a no-op that reports -1.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <public/io/xs_wire.h>

#include "xl.h"

static const char *const socket_paths[] = {
	"/run/xenstored/socket",
	"/var/run/xenstored/socket",
	NULL,
};

static int xs_fd = -2; /* -2: not tried yet, -1: no xenstored */

static int xs_connect(void)
{
	const char *env = getenv("XENSTORED_PATH");

	if (xs_fd != -2)
		return xs_fd;
	xs_fd = -1;
	for (const char *const *p = socket_paths; env || *p; p++) {
		struct sockaddr_un sa = {.sun_family = AF_UNIX};
		const char *path = env ? env : *p;
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

		if (env)
			p--; /* try the environment's path first, then ours */
		env = NULL;
		if (fd < 0)
			return -1;
		snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
			xs_fd = fd;
			return fd;
		}
		close(fd);
	}
	return -1;
}

int xl_xs_available(void)
{
	return xs_connect() >= 0;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int read_all(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * One request; the reply payload (NUL-terminated) goes to out. Returns 0,
 * or -1 (XS_ERROR replies too).
 */
static int xs_request(uint32_t type, const void *payload, size_t len, char *out,
		      size_t outlen)
{
	static uint32_t req_id;
	struct xsd_sockmsg m = {
		.type = type, .req_id = ++req_id, .len = (uint32_t)len};
	char reply[XENSTORE_PAYLOAD_MAX + 1];
	int fd = xs_connect();

	if (fd < 0 || len > XENSTORE_PAYLOAD_MAX)
		return -1;
	if (write_all(fd, &m, sizeof(m)) || write_all(fd, payload, len))
		return -1;
	for (;;) {
		if (read_all(fd, &m, sizeof(m)) ||
		    m.len > XENSTORE_PAYLOAD_MAX || read_all(fd, reply, m.len))
			return -1;
		reply[m.len] = '\0';
		if (m.type != XS_WATCH_EVENT)
			break;
	}
	if (out && outlen) {
		snprintf(out, outlen, "%s", reply);
	}
	return m.type == XS_ERROR ? -1 : 0;
}

int xl_xs_write(const char *path, const char *value)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	size_t pl = strlen(path) + 1, vl = strlen(value);

	if (pl + vl > sizeof(buf))
		return -1;
	memcpy(buf, path, pl);
	memcpy(buf + pl, value, vl);
	return xs_request(XS_WRITE, buf, pl + vl, NULL, 0);
}

int xl_xs_read(const char *path, char *out, size_t len)
{
	return xs_request(XS_READ, path, strlen(path) + 1, out, len);
}

static int xs_rm(const char *path)
{
	return xs_request(XS_RM, path, strlen(path) + 1, NULL, 0);
}

int xl_xs_rm(const char *path)
{
	return xs_rm(path);
}

int xl_xs_directory(const char *path, char *out, size_t len, size_t *outlen)
{
	/* The reply is NUL-separated; xs_request copies it as a string. */
	static uint32_t req_id = 0x10000000;
	struct xsd_sockmsg m = {.type = XS_DIRECTORY,
				.req_id = ++req_id,
				.len = (uint32_t)strlen(path) + 1};
	int fd = xs_connect();

	if (fd < 0 || m.len > XENSTORE_PAYLOAD_MAX)
		return -1;
	if (write_all(fd, &m, sizeof(m)) || write_all(fd, path, m.len))
		return -1;
	for (;;) {
		char reply[XENSTORE_PAYLOAD_MAX];

		if (read_all(fd, &m, sizeof(m)) ||
		    m.len > XENSTORE_PAYLOAD_MAX || read_all(fd, reply, m.len))
			return -1;
		if (m.type == XS_WATCH_EVENT)
			continue;
		if (m.type == XS_ERROR || m.len > len)
			return -1;
		memcpy(out, reply, m.len);
		*outlen = m.len;
		return 0;
	}
}

static int xs_mkdir(const char *path)
{
	return xs_request(XS_MKDIR, path, strlen(path) + 1, NULL, 0);
}

/* perms: "n0\0r5\0" style, total length len. */
static int xs_set_perms(const char *path, const char *perms, size_t len)
{
	char buf[512];
	size_t pl = strlen(path) + 1;

	if (pl + len > sizeof(buf))
		return -1;
	memcpy(buf, path, pl);
	memcpy(buf + pl, perms, len);
	return xs_request(XS_SET_PERMS, buf, pl + len, NULL, 0);
}

static int wf(const char *value, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int wf(const char *value, const char *fmt, ...)
{
	char path[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	return xl_xs_write(path, value);
}

int xl_xs_mkdir_perms(const char *path, uint32_t owner, uint32_t reader)
{
	char perms[32];
	int n = snprintf(perms, sizeof(perms), "n%u%cr%u", owner, 0, reader);

	if (xs_mkdir(path))
		return -1;
	return xs_set_perms(path, perms, (size_t)n + 1);
}

/* Make path with perms: "ro" (dom0 owns, domain reads) or "rw". */
static int mkdir_perm(uint32_t domid, int rw, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int mkdir_perm(uint32_t domid, int rw, const char *fmt, ...)
{
	char path[256], perms[64];
	size_t len;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	if (rw)
		len = (size_t)snprintf(perms, sizeof(perms), "n%u", domid) + 1;
	else
		len = (size_t)snprintf(perms, sizeof(perms), "n0%cr%u", 0,
				       domid) +
		      1;
	if (xs_mkdir(path))
		return -1;
	return xs_set_perms(path, perms, len);
}

int xl_xs_domain_entries(uint32_t domid, const struct xl_domcfg *cfg,
			 const uint8_t uuid[16], xen_pfn_t store_gfn,
			 uint32_t store_port, xen_pfn_t console_gfn,
			 uint32_t console_port)
{
	static const char *const rw_nodes[] = {
		"control/shutdown",
		"control/feature-poweroff",
		"control/feature-reboot",
		"control/feature-suspend",
		"control/sysrq",
		"data",
		"drivers",
		"feature",
		"attr",
		"error",
		"device/suspend/event-channel",
		NULL,
	};
	char u[37], num[32], dom[64], vm[64];
	int rc = 0;

	if (!xl_xs_available())
		return -1;
	xl_format_uuid(uuid, u);
	snprintf(dom, sizeof(dom), "/local/domain/%u", domid);
	snprintf(vm, sizeof(vm), "/vm/%s", u);
	rc |= mkdir_perm(domid, 0, "%s", dom);
	rc |= mkdir_perm(domid, 0, "%s", vm);
	rc |= wf(u, "%s/uuid", vm);
	rc |= wf(cfg->name, "%s/name", vm);
	rc |= wf(vm, "%s/vm", dom);
	rc |= wf(cfg->name, "%s/name", dom);
	snprintf(num, sizeof(num), "%u", domid);
	rc |= wf(num, "%s/domid", dom);
	rc |= mkdir_perm(domid, 0, "%s/device", dom);
	rc |= mkdir_perm(domid, 0, "%s/control", dom);
	for (const char *const *n = rw_nodes; *n; n++)
		rc |= mkdir_perm(domid, 1, "%s/%s", dom, *n);
	snprintf(num, sizeof(num), "%llu",
		 (unsigned long long)cfg->maxmem_mb * 1024);
	rc |= wf(num, "%s/memory/static-max", dom);
	snprintf(num, sizeof(num), "%llu",
		 (unsigned long long)cfg->memory_mb * 1024);
	rc |= wf(num, "%s/memory/target", dom);
	for (unsigned int v = 0; v < cfg->maxvcpus; v++) {
		char path[96];

		snprintf(path, sizeof(path), "%s/cpu/%u/availability", dom, v);
		rc |= xl_xs_write(path, v < cfg->vcpus ? "online" : "offline");
	}
	snprintf(num, sizeof(num), "%u", store_port);
	rc |= wf(num, "%s/store/port", dom);
	snprintf(num, sizeof(num), "%llu", (unsigned long long)store_gfn);
	rc |= wf(num, "%s/store/ring-ref", dom);
	snprintf(num, sizeof(num), "%u", console_port);
	rc |= wf(num, "%s/console/port", dom);
	snprintf(num, sizeof(num), "%llu", (unsigned long long)console_gfn);
	rc |= wf(num, "%s/console/ring-ref", dom);
	rc |= wf("1048576", "%s/console/limit", dom);
	rc |= wf("xenconsoled", "%s/console/type", dom);
	rc |= wf("pty", "%s/console/output", dom);
	if (rc)
		return -1;
	{
		char buf[96];
		int n = snprintf(buf, sizeof(buf), "%u%c%llu%c%u", domid, 0,
				 (unsigned long long)store_gfn, 0, store_port);

		return xs_request(XS_INTRODUCE, buf, (size_t)n + 1, NULL, 0);
	}
}

/* As libxl for vuart = "sbsa_uart": the vpl011's ring, served by dom0. */
int xl_xs_vuart_entries(uint32_t domid, xen_pfn_t gfn, uint32_t port)
{
	char num[32], dom[64];
	int rc = 0;

	if (!xl_xs_available())
		return -1;
	snprintf(dom, sizeof(dom), "/local/domain/%u/vuart/0", domid);
	rc |= mkdir_perm(domid, 0, "%s", dom);
	snprintf(num, sizeof(num), "%u", port);
	rc |= wf(num, "%s/port", dom);
	snprintf(num, sizeof(num), "%llu", (unsigned long long)gfn);
	rc |= wf(num, "%s/ring-ref", dom);
	rc |= wf("1048576", "%s/limit", dom);
	rc |= wf("xenconsoled", "%s/type", dom);
	return rc ? -1 : 0;
}

int xl_xs_remove_domain(uint32_t domid, const uint8_t uuid[16])
{
	char path[64], u[37], num[16];
	int n;

	if (!xl_xs_available())
		return -1;
	n = snprintf(num, sizeof(num), "%u", domid);
	xs_request(XS_RELEASE, num, (size_t)n + 1, NULL, 0);
	snprintf(path, sizeof(path), "/local/domain/%u", domid);
	xs_rm(path);
	if (uuid) {
		xl_format_uuid(uuid, u);
		snprintf(path, sizeof(path), "/vm/%s", u);
		xs_rm(path);
	}
	return 0;
}
