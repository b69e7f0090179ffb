/* SPDX-License-Identifier: MIT */
/*
 * xenstored: the xenstore daemon for dom0. The protocol is xs_*.c; this
 * file is the Linux side: Unix sockets for dom0 tools, /dev/xen/evtchn for
 * domains' event channels, /dev/xen/gntdev (or privcmd) to map a domain's
 * ring, and /dev/xen/xenbus_backend for dom0's own kernel's ring.
 *
 *   xenstored [-v] [--no-dom0] [--socket PATH] [--log FILE]
 *
 * Stays in the foreground; one thread, one poll() loop.
 */
#define _GNU_SOURCE /* accept4 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <linux-xen-uapi.h>
#include <public/domctl.h>

#include "xs_core.h"

#define MAX_LISTEN 2
#define PAGE_SIZE_4K 4096

struct client {
	int fd;
	struct xs_conn *conn;
	struct client *next;
};

/* Per-domain OS state, hung off struct xs_domain via a side list. */
struct dommap {
	uint16_t domid;
	void *page;
	bool gntdev; /* else privcmd or xenbus_backend */
	uint64_t gnt_index;
	uint32_t local_port;
	struct dommap *next;
};

static struct {
	struct xs_core core;
	int listen_fd[MAX_LISTEN];
	int nlisten;
	struct client *clients;
	int evtchn_fd, gntdev_fd, privcmd_fd;
	uint32_t virq_port;
	struct dommap *maps;
	void *dom0_page; /* from xenbus_backend */
	FILE *log;
	bool verbose;
} g = {.evtchn_fd = -1, .gntdev_fd = -1, .privcmd_fd = -1};

static void os_log(void *os, const char *msg)
{
	time_t t = time(NULL);
	char ts[32];

	(void)os;
	strftime(ts, sizeof(ts), "%H:%M:%S", gmtime(&t));
	fprintf(g.log, "xenstored %s: %s\n", ts, msg);
	fflush(g.log);
}

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logf_(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	os_log(NULL, buf);
}

static int open_dev(const char *a, const char *b)
{
	int fd = open(a, O_RDWR | O_CLOEXEC);

	if (fd < 0 && b)
		fd = open(b, O_RDWR | O_CLOEXEC);
	return fd;
}

/* The ring page: the reserved grant first (as Xen's xenstored), then a
 * foreign mapping of the frame INTRODUCE named. */
static void *map_ring(uint16_t domid, uint64_t mfn, struct dommap *m)
{
	void *p;

	if (domid == 0 && g.dom0_page)
		return g.dom0_page;
	if (g.gntdev_fd < 0)
		g.gntdev_fd = open_dev("/dev/xen/gntdev", NULL);
	if (g.gntdev_fd >= 0) {
		struct ioctl_gntdev_map_grant_ref map = {
			.count = 1,
			.refs[0] = {.domid = domid,
				    .ref = GNTTAB_RESERVED_XENSTORE},
		};

		if (ioctl(g.gntdev_fd, IOCTL_GNTDEV_MAP_GRANT_REF, &map) == 0) {
			p = mmap(NULL, PAGE_SIZE_4K, PROT_READ | PROT_WRITE,
				 MAP_SHARED, g.gntdev_fd, map.index);
			if (p != MAP_FAILED) {
				m->gntdev = true;
				m->gnt_index = map.index;
				return p;
			}
			struct ioctl_gntdev_unmap_grant_ref um = {
				.index = map.index, .count = 1};
			ioctl(g.gntdev_fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &um);
		}
		logf_("dom%u: grant map failed (%s), trying privcmd", domid,
		      strerror(errno));
	}
	if (g.privcmd_fd < 0)
		g.privcmd_fd =
			open_dev("/dev/xen/privcmd", "/proc/xen/privcmd");
	if (g.privcmd_fd < 0)
		return NULL;
	p = mmap(NULL, PAGE_SIZE_4K, PROT_READ | PROT_WRITE, MAP_SHARED,
		 g.privcmd_fd, 0);
	if (p == MAP_FAILED)
		return NULL;
	{
		xen_pfn_t pfn = mfn;
		int err = 0;
		struct privcmd_mmapbatch_v2 b = {
			.num = 1,
			.dom = domid,
			.addr = (uintptr_t)p,
			.arr = &pfn,
			.err = &err,
		};

		if (ioctl(g.privcmd_fd, IOCTL_PRIVCMD_MMAPBATCH_V2, &b) ||
		    err) {
			munmap(p, PAGE_SIZE_4K);
			return NULL;
		}
	}
	return p;
}

static struct xenstore_domain_interface *
os_map_domain(void *os, uint16_t domid, uint64_t mfn, uint32_t remote_port,
	      uint32_t *local_port, int *err)
{
	struct ioctl_evtchn_bind_interdomain bind = {domid, remote_port};
	struct dommap *m = calloc(1, sizeof(*m));
	int port;

	(void)os;
	*err = XEN_ENOMEM;
	if (!m)
		return NULL;
	m->domid = domid;
	m->page = map_ring(domid, mfn, m);
	if (!m->page) {
		logf_("dom%u: cannot map its ring (mfn %#llx)", domid,
		      (unsigned long long)mfn);
		free(m);
		*err = XEN_EIO;
		return NULL;
	}
	port = ioctl(g.evtchn_fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &bind);
	if (port < 0) {
		logf_("dom%u: cannot bind port %u: %s", domid, remote_port,
		      strerror(errno));
		if (m->page != g.dom0_page)
			munmap(m->page, PAGE_SIZE_4K);
		free(m);
		*err = XEN_EINVAL;
		return NULL;
	}
	m->local_port = port;
	*local_port = port;
	m->next = g.maps;
	g.maps = m;
	logf_("dom%u: introduced, port %u -> local %d%s", domid, remote_port,
	      port, m->gntdev ? " (grant)" : "");
	return m->page;
}

static void os_unmap_domain(void *os, struct xs_domain *d)
{
	(void)os;
	for (struct dommap **pp = &g.maps; *pp; pp = &(*pp)->next) {
		struct dommap *m = *pp;
		struct ioctl_evtchn_unbind ub = {m->local_port};

		if (m->domid != d->domid)
			continue;
		*pp = m->next;
		ioctl(g.evtchn_fd, IOCTL_EVTCHN_UNBIND, &ub);
		if (m->page != g.dom0_page)
			munmap(m->page, PAGE_SIZE_4K);
		if (m->gntdev) {
			struct ioctl_gntdev_unmap_grant_ref um = {
				.index = m->gnt_index, .count = 1};
			ioctl(g.gntdev_fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &um);
		}
		free(m);
		return;
	}
}

static void os_notify(void *os, uint32_t port)
{
	struct ioctl_evtchn_notify n = {port};

	(void)os;
	ioctl(g.evtchn_fd, IOCTL_EVTCHN_NOTIFY, &n);
}

static const struct xs_os_ops os_ops = {
	.map_domain = os_map_domain,
	.unmap_domain = os_unmap_domain,
	.notify = os_notify,
	.log = os_log,
};

static int listen_on(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	char dir[sizeof(sa.sun_path)];
	char *slash;
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path) || g.nlisten >= MAX_LISTEN)
		return -1;
	strcpy(sa.sun_path, path);
	strcpy(dir, path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		mkdir(dir, 0755);
	}
	unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 64)) {
		close(fd);
		return -1;
	}
	chmod(path, 0600); /* dom0 root only: socket clients are privileged */
	g.listen_fd[g.nlisten++] = fd;
	return 0;
}

/* dom0's kernel ring and port, through xenbus_backend or xenfs. */
static int dom0_init(void)
{
	int fd, port = -1;
	void *p;

	fd = open_dev("/dev/xen/xenbus_backend", NULL);
	if (fd >= 0)
		port = ioctl(fd, IOCTL_XENBUS_BACKEND_EVTCHN);
	if (port < 0) {
		FILE *f = fopen("/proc/xen/xsd_port", "r");

		if (f) {
			if (fscanf(f, "%d", &port) != 1)
				port = -1;
			fclose(f);
		}
	}
	if (fd < 0)
		fd = open_dev("/proc/xen/xsd_kva", NULL);
	if (fd < 0 || port < 0) {
		logf_("dom0: no xenbus_backend/xsd_kva or port: %s",
		      strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	p = mmap(NULL, PAGE_SIZE_4K, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		logf_("dom0: cannot map its ring: %s", strerror(errno));
		return -1;
	}
	g.dom0_page = p;
	if (xs_domain_introduce(&g.core, 0, 0, port)) {
		logf_("dom0: introduce failed");
		return -1;
	}
	/* The first event tells dom0's kernel that xenstored is up. */
	os_notify(NULL, xs_domain_find(&g.core, 0)->local_port);
	return 0;
}

static void client_free(struct client *cl)
{
	for (struct client **pp = &g.clients; *pp; pp = &(*pp)->next)
		if (*pp == cl) {
			*pp = cl->next;
			break;
		}
	close(cl->fd);
	xs_conn_free(cl->conn);
	free(cl);
}

/* Read and process what a client sent; false when it is gone. */
static bool client_input(struct client *cl)
{
	uint8_t buf[4096];
	ssize_t n;
	size_t off = 0;

	if (!xs_conn_can_read(cl->conn))
		return !cl->conn->broken;
	n = read(cl->fd, buf, sizeof(buf));
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
		return false;
	/* Privileged socket clients are never throttled: all is taken. */
	while (n > 0 && off < (size_t)n && !cl->conn->broken)
		off += xs_conn_feed(cl->conn, buf + off, n - off);
	return !cl->conn->broken;
}

static bool client_output(struct client *cl)
{
	const uint8_t *p;
	size_t len;

	while ((len = xs_conn_out_peek(cl->conn, &p))) {
		ssize_t n = write(cl->fd, p, len);

		if (n < 0)
			return errno == EAGAIN || errno == EINTR;
		xs_conn_out_consume(cl->conn, n);
	}
	return true;
}

/* Take every pending connection: a full backlog refuses new clients. */
static void accept_clients(int lfd)
{
	int fd;

	while ((fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK)) >=
	       0) {
		struct client *cl = calloc(1, sizeof(*cl));

		if (cl)
			cl->conn = xs_conn_new(&g.core, 0, true);
		if (!cl || !cl->conn) {
			free(cl);
			close(fd);
			return;
		}
		cl->fd = fd;
		cl->conn->os = cl;
		cl->next = g.clients;
		g.clients = cl;
	}
}

/*
 * XEN_DOMCTL_getdomaininfo for domid: 0 with its flags, XEN_ESRCH if it is
 * gone, another errno if we cannot ask. The hypervisor answers for the
 * next domain at or above domid, so the id is compared.
 */
static int domain_flags(uint16_t domid, uint32_t *flags)
{
	static struct xen_domctl *dc;
	struct privcmd_hypercall call = {.op = __HYPERVISOR_domctl};

	if (g.privcmd_fd < 0)
		g.privcmd_fd =
			open_dev("/dev/xen/privcmd", "/proc/xen/privcmd");
	if (g.privcmd_fd < 0)
		return XEN_ENOSYS;
	if (!dc) {
		/* The hypervisor reads it by address: keep it resident. */
		void *p = mmap(NULL, PAGE_SIZE_4K, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);

		if (p == MAP_FAILED)
			return XEN_ENOMEM;
		dc = p;
	}
	memset(dc, 0, sizeof(*dc));
	dc->cmd = XEN_DOMCTL_getdomaininfo;
	dc->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	dc->domain = domid;
	call.arg[0] = (uintptr_t)dc;
	if (ioctl(g.privcmd_fd, IOCTL_PRIVCMD_HYPERCALL, &call) < 0)
		return errno == ESRCH ? XEN_ESRCH : XEN_EIO;
	if (dc->u.getdomaininfo.domain != domid)
		return XEN_ESRCH;
	*flags = dc->u.getdomaininfo.flags;
	return 0;
}

/*
 * A domain changed state (VIRQ_DOM_EXC). As Xen's xenstored: a domain
 * that is gone or dying is released, one newly shut down is marked, and
 * either fires @releaseDomain. If the hypervisor cannot be asked, fire
 * anyway: watchers re-check.
 */
static void check_domains(void)
{
	bool fire = false, asked = false;

	for (struct xs_domain *d = g.core.domains, *next; d; d = next) {
		uint32_t flags = 0;
		int rc;

		next = d->next;
		if (d->domid == 0)
			continue;
		rc = domain_flags(d->domid, &flags);
		if (rc && rc != XEN_ESRCH)
			continue;
		asked = true;
		if (rc == XEN_ESRCH || (flags & XEN_DOMINF_dying)) {
			logf_("dom%u: %s, released", d->domid,
			      rc ? "gone" : "dying");
			xs_domain_release(&g.core, d->domid);
			fire = true;
		} else if ((flags & XEN_DOMINF_shutdown) && !d->shutdown) {
			d->shutdown = true;
			fire = true;
		}
	}
	if (fire || !asked)
		xs_fire(&g.core, "@releaseDomain", NULL, true);
}

static void evtchn_input(void)
{
	uint32_t ports[64];
	ssize_t n = read(g.evtchn_fd, ports, sizeof(ports));
	bool dom_exc = false;

	if (n <= 0)
		return;
	for (ssize_t i = 0; i < n / 4; i++)
		dom_exc |= g.virq_port && ports[i] == g.virq_port;
	if (dom_exc)
		check_domains();
	/* Unmask them: they are serviced below with every domain. */
	if (write(g.evtchn_fd, ports, n - n % 4) < 0)
		logf_("evtchn unmask: %s", strerror(errno));
}

static void service_domains(void)
{
	for (struct xs_domain *d = g.core.domains; d; d = d->next)
		if (xs_domain_service(&g.core, d))
			os_notify(NULL, d->local_port);
}

static void usage(void)
{
	fprintf(stderr, "usage: xenstored [-v] [--no-dom0] [--socket PATH] "
			"[--log FILE]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *sock = NULL, *logfile = NULL;
	bool dom0 = true;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-v") == 0)
			g.verbose = true;
		else if (strcmp(argv[i], "--no-dom0") == 0)
			dom0 = false;
		else if (strcmp(argv[i], "--socket") == 0 && i + 1 < argc)
			sock = argv[++i];
		else if (strcmp(argv[i], "--log") == 0 && i + 1 < argc)
			logfile = argv[++i];
		else
			usage();
	}
	g.log = logfile ? fopen(logfile, "a") : stderr;
	if (!g.log)
		g.log = stderr;
	signal(SIGPIPE, SIG_IGN);
	xs_core_init(&g.core, &os_ops, NULL);
	g.core.log_requests = g.verbose;

	if (sock) {
		if (listen_on(sock))
			logf_("cannot listen on %s: %s", sock, strerror(errno));
	} else {
		struct stat st;

		if (listen_on("/run/xenstored/socket"))
			logf_("cannot listen on /run/xenstored/socket: %s",
			      strerror(errno));
		/* /var/run may be /run already. */
		if (stat("/var/run/xenstored/socket", &st) != 0)
			listen_on("/var/run/xenstored/socket");
	}
	g.evtchn_fd = open_dev("/dev/xen/evtchn", NULL);
	if (g.evtchn_fd >= 0) {
		struct ioctl_evtchn_bind_virq v = {VIRQ_DOM_EXC};
		int port = ioctl(g.evtchn_fd, IOCTL_EVTCHN_BIND_VIRQ, &v);

		g.virq_port = port > 0 ? (uint32_t)port : 0;
		if (dom0 && dom0_init() == 0)
			logf_("dom0 ring connected");
	} else {
		logf_("no /dev/xen/evtchn: sockets only");
	}
	if (!g.nlisten && g.evtchn_fd < 0)
		return 1;
	logf_("ready");

	for (;;) {
		struct pollfd pfd[256];
		struct client *who[256];
		nfds_t n = 0;

		for (int i = 0; i < g.nlisten; i++)
			pfd[n++] = (struct pollfd){g.listen_fd[i], POLLIN, 0};
		if (g.evtchn_fd >= 0)
			pfd[n++] = (struct pollfd){g.evtchn_fd, POLLIN, 0};
		for (struct client *cl = g.clients; cl && n < 256;
		     cl = cl->next) {
			short ev = xs_conn_can_read(cl->conn) ? POLLIN : 0;
			const uint8_t *p;

			if (xs_conn_out_peek(cl->conn, &p))
				ev |= POLLOUT;
			who[n] = cl;
			pfd[n++] = (struct pollfd){cl->fd, ev, 0};
		}
		if (poll(pfd, n, -1) < 0) {
			if (errno == EINTR)
				continue;
			logf_("poll: %s", strerror(errno));
			return 1;
		}
		for (nfds_t i = 0; i < n; i++) {
			if (!pfd[i].revents)
				continue;
			if (i < (nfds_t)g.nlisten) {
				accept_clients(pfd[i].fd);
			} else if (pfd[i].fd == g.evtchn_fd) {
				evtchn_input();
			} else {
				struct client *cl = who[i];
				bool ok = true;

				if (pfd[i].revents &
				    (POLLIN | POLLHUP | POLLERR))
					ok = client_input(cl);
				if (ok)
					ok = client_output(cl);
				if (!ok)
					client_free(cl);
			}
		}
		service_domains();
		/* Replies and events queued for other clients. */
		for (struct client *cl = g.clients, *next; cl; cl = next) {
			next = cl->next;
			if (!client_output(cl))
				client_free(cl);
		}
	}
}
