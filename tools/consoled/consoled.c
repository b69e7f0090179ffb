/* SPDX-License-Identifier: MIT */
/*
 * consoled: the dom0 console daemon. For each domU it serves the PV
 * console ring (public/io/console.h: the guest writes out[], we write
 * in[], each side notifies the other through one event channel) that the
 * builder set up (page at CONSOLE_PFN, port at CONSOLE_EVTCHN):
 *  - everything the guest prints is appended to
 *    /var/log/xen/console/guest-NAME.log, and copied to the attached
 *    `xl console` client if there is one;
 *  - bytes from the client go to the guest's in[] ring.
 * A domain with vuart = "sbsa_uart" has a second console of the same
 * layout: the ring of its emulated PL011 (the hypervisor is the guest-side
 * end, XEN_DOMCTL_vuart_op), logged to guest-NAME-vuart0.log.
 *
 *   consoled [-F]        -F: stay in the foreground (default: daemon)
 *
 * Control socket /run/xen/consoled.sock, one request line per connection:
 *   add DOMID NAME GFN PORT   map the ring, bind the port, start serving
 *   vuart DOMID NAME GFN PORT the same for the domain's vuart
 *   del DOMID                 stop serving both (unmap, unbind)
 *   console DOMID [pv|vuart]  "ok", then the connection is the console
 * Answers are "ok" or "error <why>". Domains that disappear are dropped
 * (checked every second), so a domain destroyed behind our back does not
 * keep its ring page mapped for long.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <public/io/console.h>

#include "xc.h"

#define SOCKET_PATH "/run/xen/consoled.sock"
#define LOG_DIR "/var/log/xen/console"
#define MAX_DOMS 64 /* consoles: one or two per domain */
#define CHECK_PERIOD_MS 1000

struct dom {
	int used;
	uint32_t domid;
	int vuart; /* the vpl011's ring, not the PV console's */
	char name[64];
	volatile struct xencons_interface *ring;
	int local_port;
	int log_fd;
	int client_fd; /* attached `xl console`, or -1 */
};

static struct xc *xc;
static struct xc_evtchn *evtchn;
static struct dom doms[MAX_DOMS];

static struct dom *find_dom(uint32_t domid, int vuart)
{
	for (int i = 0; i < MAX_DOMS; i++) {
		if (doms[i].used && doms[i].domid == domid &&
		    doms[i].vuart == vuart)
			return &doms[i];
	}
	return NULL;
}

static void write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

/* Move what the guest wrote to the log and the client. */
static void drain(struct dom *d)
{
	volatile struct xencons_interface *r = d->ring;
	XENCONS_RING_IDX cons = r->out_cons, prod = r->out_prod;
	char buf[sizeof(r->out)];
	size_t n = 0;

	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	/* A guest's bogus indices cost it its output, nothing more. */
	if (prod - cons > sizeof(r->out))
		cons = prod - sizeof(r->out);
	while (cons != prod)
		buf[n++] = r->out[MASK_XENCONS_IDX(cons++, r->out)];
	__atomic_thread_fence(__ATOMIC_RELEASE);
	r->out_cons = cons;
	if (!n)
		return;
	xc_evtchn_notify(evtchn, (uint32_t)d->local_port);
	if (d->log_fd >= 0)
		write_all(d->log_fd, buf, n);
	if (d->client_fd >= 0)
		write_all(d->client_fd, buf, n);
}

/* Bytes from the client into the guest's in[] (what fits). */
static void feed(struct dom *d, const char *p, size_t n)
{
	volatile struct xencons_interface *r = d->ring;
	XENCONS_RING_IDX cons = r->in_cons, prod = r->in_prod;

	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (prod - cons > sizeof(r->in))
		return;
	while (n && prod - cons < sizeof(r->in)) {
		r->in[MASK_XENCONS_IDX(prod++, r->in)] = *p++;
		n--;
	}
	__atomic_thread_fence(__ATOMIC_RELEASE);
	r->in_prod = prod;
	xc_evtchn_notify(evtchn, (uint32_t)d->local_port);
}

static void drop(struct dom *d)
{
	if (d->client_fd >= 0)
		close(d->client_fd);
	if (d->log_fd >= 0)
		close(d->log_fd);
	if (d->local_port >= 0)
		xc_evtchn_unbind(evtchn, (uint32_t)d->local_port);
	xc_unmap((void *)d->ring, 1);
	memset(d, 0, sizeof(*d));
}

static const char *add(uint32_t domid, int vuart, const char *name,
		       xen_pfn_t gfn, uint32_t port)
{
	struct dom *d = find_dom(domid, vuart);
	char path[160];
	int err = 0;

	if (d)
		drop(d);
	for (int i = 0; i < MAX_DOMS && !d; i++) {
		if (!doms[i].used)
			d = &doms[i];
	}
	if (!d)
		return "error too many domains";
	if (!name[0] || strchr(name, '/'))
		return "error bad name";
	d->ring = xc_map_foreign(xc, domid, &gfn, 1, &err);
	if (!d->ring)
		return "error cannot map the console page";
	d->local_port = xc_evtchn_bind_interdomain(evtchn, domid, port);
	if (d->local_port < 0) {
		xc_unmap((void *)d->ring, 1);
		return "error cannot bind the console event channel";
	}
	d->used = 1;
	d->domid = domid;
	d->vuart = vuart;
	snprintf(d->name, sizeof(d->name), "%s", name);
	snprintf(path, sizeof(path), LOG_DIR "/guest-%s%s.log", name,
		 vuart ? "-vuart0" : "");
	d->log_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	d->client_fd = -1;
	drain(d);
	return "ok";
}

/* Read one request line from a new connection (it has 2 s to send it). */
static int read_line(int fd, char *buf, size_t len)
{
	size_t n = 0;

	while (n + 1 < len) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		ssize_t r;

		if (poll(&p, 1, 2000) <= 0)
			return -1;
		r = read(fd, buf + n, 1);
		if (r <= 0)
			return -1;
		if (buf[n] == '\n')
			break;
		n++;
	}
	buf[n] = '\0';
	return 0;
}

static void handle_request(int fd)
{
	char line[256], name[64], type[8] = "pv";
	unsigned long long gfn;
	unsigned domid, port;
	const char *ans = "error bad request";
	struct dom *d;

	if (read_line(fd, line, sizeof(line))) {
		close(fd);
		return;
	}
	if (sscanf(line, "add %u %63s %llu %u", &domid, name, &gfn, &port) ==
	    4) {
		ans = add(domid, 0, name, (xen_pfn_t)gfn, port);
	} else if (sscanf(line, "vuart %u %63s %llu %u", &domid, name, &gfn,
			  &port) == 4) {
		ans = add(domid, 1, name, (xen_pfn_t)gfn, port);
	} else if (sscanf(line, "del %u", &domid) == 1) {
		for (int vuart = 0; vuart < 2; vuart++) {
			d = find_dom(domid, vuart);
			if (d)
				drop(d);
		}
		ans = "ok";
	} else if (sscanf(line, "console %u %7s", &domid, type) >= 1) {
		d = strcmp(type, "pv") && strcmp(type, "vuart")
			    ? NULL
			    : find_dom(domid, !strcmp(type, "vuart"));
		if (!d) {
			ans = "error no console for this domain";
		} else {
			dprintf(fd, "ok\n");
			/* A new client takes the console over. */
			if (d->client_fd >= 0)
				close(d->client_fd);
			d->client_fd = fd;
			drain(d);
			return;
		}
	}
	dprintf(fd, "%s\n", ans);
	close(fd);
}

static void check_domains(void)
{
	for (int i = 0; i < MAX_DOMS; i++) {
		struct xen_domctl_getdomaininfo info;

		if (!doms[i].used)
			continue;
		if (xc_domain_getinfo(xc, doms[i].domid, &info) == -ESRCH ||
		    (info.flags & XEN_DOMINF_dying))
			drop(&doms[i]);
	}
}

static int listen_socket(void)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	mkdir("/run/xen", 0755);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", SOCKET_PATH);
	unlink(SOCKET_PATH);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, 16) < 0) {
		close(fd);
		return -1;
	}
	chmod(SOCKET_PATH, 0600);
	return fd;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	int foreground = argc > 1 && !strcmp(argv[1], "-F");
	long long next_check = 0;
	int lfd;

	signal(SIGPIPE, SIG_IGN);
	xc = xc_open();
	evtchn = xc_evtchn_open();
	if (!xc || !evtchn) {
		fprintf(stderr, "consoled: cannot open the Xen devices: %s\n",
			strerror(errno));
		return 1;
	}
	fcntl(xc_evtchn_fd(evtchn), F_SETFL, O_NONBLOCK);
	mkdir("/var/log/xen", 0755);
	mkdir(LOG_DIR, 0755);
	lfd = listen_socket();
	if (lfd < 0) {
		fprintf(stderr, "consoled: cannot listen on %s: %s\n",
			SOCKET_PATH, strerror(errno));
		return 1;
	}
	if (!foreground && daemon(0, 0) < 0) {
		fprintf(stderr, "consoled: daemon: %s\n", strerror(errno));
		return 1;
	}
	for (;;) {
		struct pollfd p[2 + MAX_DOMS];
		int map[2 + MAX_DOMS];
		int n = 0, port;

		p[n++] = (struct pollfd){.fd = lfd, .events = POLLIN};
		p[n++] = (struct pollfd){.fd = xc_evtchn_fd(evtchn),
					 .events = POLLIN};
		for (int i = 0; i < MAX_DOMS; i++) {
			if (doms[i].used && doms[i].client_fd >= 0) {
				map[n] = i;
				p[n++] =
					(struct pollfd){.fd = doms[i].client_fd,
							.events = POLLIN};
			}
		}
		if (poll(p, (nfds_t)n, CHECK_PERIOD_MS) < 0 && errno != EINTR)
			return 1;
		if (p[0].revents & POLLIN) {
			int c = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

			if (c >= 0)
				handle_request(c);
		}
		while ((port = xc_evtchn_pending(evtchn)) >= 0) {
			for (int i = 0; i < MAX_DOMS; i++) {
				if (doms[i].used && doms[i].local_port == port)
					drain(&doms[i]);
			}
			xc_evtchn_unmask(evtchn, (uint32_t)port);
		}
		for (int k = 2; k < n; k++) {
			struct dom *d = &doms[map[k]];
			char buf[1024];
			ssize_t r;

			if (!p[k].revents || !d->used ||
			    d->client_fd != p[k].fd)
				continue;
			r = read(d->client_fd, buf, sizeof(buf));
			if (r <= 0) {
				close(d->client_fd);
				d->client_fd = -1;
				continue;
			}
			feed(d, buf, (size_t)r);
		}
		if (now_ms() >= next_check) {
			check_domains();
			next_check = now_ms() + CHECK_PERIOD_MS;
		}
	}
}
