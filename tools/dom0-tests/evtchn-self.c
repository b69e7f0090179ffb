/* SPDX-License-Identifier: MIT */
/*
 * evtchn-self: event channels looped back to the calling domain, through
 * /dev/xen/evtchn.
 *
 *   evtchn-self [-n ROUNDS] [DEVICE]     default 20 rounds, /dev/xen/evtchn
 *
 * For each way of naming ourselves as the remote domain, DOMID_SELF and our
 * domain id 0 (this runs in dom0):
 *   a = IOCTL_EVTCHN_BIND_UNBOUND_PORT(remote)       EVTCHNOP_alloc_unbound
 *   b = IOCTL_EVTCHN_BIND_INTERDOMAIN(remote, a)     EVTCHNOP_bind_interdomain
 * then ROUNDS times: notify a and read b from the device, notify b and read
 * a (each delivered port is written back to unmask it), and finally unbind
 * both. Any port delivered that is not one of ours fails the test; an event
 * on b right after the bind is expected (Xen marks the newly bound local
 * port pending, in case the remote end signalled it while unbound) and is
 * counted, not failed.
 *
 * Prints per pair: evtchn_pair_<self|0>=a,b  evtchn_early_<self|0>=N
 * (events seen before the first notify), and at the end
 * evtchn_delivered=N (events received for our notifications).
 */
#include <poll.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <time.h>

#include <public/event_channel.h>

#include "linux-xen-uapi.h"
#include "dom0test.h"

#define WAIT_MS 5000 /* for one event */
#define EARLY_MS 300 /* to collect the events a bind may raise */

static int fd;

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/*
 * Read one delivered port, waiting at most ms milliseconds. Returns 1 and
 * sets *port, or 0 on timeout. Re-enables the port at once.
 */
static int next_event(int ms, evtchn_port_t *port)
{
	uint64_t end = now_ms() + (uint64_t)ms;
	struct pollfd p = {.fd = fd, .events = POLLIN};

	for (;;) {
		uint64_t t = now_ms();
		ssize_t n;
		int rc;

		if (t >= end)
			return 0;
		rc = poll(&p, 1, (int)(end - t));
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0)
			fail("poll: %s", strerror(errno));
		if (rc == 0)
			return 0;
		if (p.revents & POLLERR)
			fail("event queue overflow (POLLERR)");
		n = read(fd, port, sizeof(*port));
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n != (ssize_t)sizeof(*port))
			fail("read: %s (%zd)",
			     n < 0 ? strerror(errno) : "short", n);
		if (write(fd, port, sizeof(*port)) != (ssize_t)sizeof(*port))
			fail("write (unmask port %u): %s", *port,
			     strerror(errno));
		return 1;
	}
}

static evtchn_port_t bind_unbound(uint32_t remote)
{
	struct ioctl_evtchn_bind_unbound_port op = {.remote_domain = remote};
	int rc = ioctl(fd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &op);

	if (rc < 0)
		fail("IOCTL_EVTCHN_BIND_UNBOUND_PORT(remote %#x): %s", remote,
		     strerror(errno));
	return (evtchn_port_t)rc;
}

static evtchn_port_t bind_interdomain(uint32_t remote, evtchn_port_t port)
{
	struct ioctl_evtchn_bind_interdomain op = {
		.remote_domain = remote,
		.remote_port = port,
	};
	int rc = ioctl(fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &op);

	if (rc < 0)
		fail("IOCTL_EVTCHN_BIND_INTERDOMAIN(remote %#x, port %u): %s",
		     remote, port, strerror(errno));
	return (evtchn_port_t)rc;
}

static void notify(evtchn_port_t port)
{
	struct ioctl_evtchn_notify op = {.port = port};

	if (ioctl(fd, IOCTL_EVTCHN_NOTIFY, &op) < 0)
		fail("IOCTL_EVTCHN_NOTIFY(%u): %s", port, strerror(errno));
}

static void unbind(evtchn_port_t port)
{
	struct ioctl_evtchn_unbind op = {.port = port};

	if (ioctl(fd, IOCTL_EVTCHN_UNBIND, &op) < 0)
		fail("IOCTL_EVTCHN_UNBIND(%u): %s", port, strerror(errno));
}

/*
 * Send on `from`, expect `to` to be delivered. A late copy of the event the
 * bind raised on b can only be b itself, which is harmlessly merged.
 */
static void roundtrip(evtchn_port_t from, evtchn_port_t to, evtchn_port_t a,
		      evtchn_port_t b)
{
	evtchn_port_t got;

	notify(from);
	for (;;) {
		if (!next_event(WAIT_MS, &got))
			fail("notify(%u): no event on port %u within %d ms",
			     from, to, WAIT_MS);
		if (got == to)
			return;
		if (got != a && got != b)
			fail("notify(%u): event on unexpected port %u", from,
			     got);
		note("notify(%u): extra event on port %u (ignored)", from, got);
	}
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		uint32_t domid;
	} remotes[] = {{"self", DOMID_SELF}, {"0", 0}};
	const char *dev = "/dev/xen/evtchn";
	unsigned long rounds = 20, delivered = 0;
	evtchn_port_t got;
	int i, opt;

	dom0test_prog = "evtchn-self";
	while ((opt = getopt(argc, argv, "n:")) != -1) {
		if (opt != 'n') {
			fprintf(stderr,
				"usage: evtchn-self [-n ROUNDS] [DEV]\n");
			return 2;
		}
		rounds = strtoul(optarg, NULL, 0);
	}
	if (optind < argc)
		dev = argv[optind];
	fd = open_dev(dev);

	for (i = 0; i < 2; i++) {
		evtchn_port_t a, b;
		unsigned long r;
		int early = 0;
		char key[32];

		a = bind_unbound(remotes[i].domid);
		b = bind_interdomain(remotes[i].domid, a);
		if (a == b)
			fail("both ends got port %u", a);
		snprintf(key, sizeof(key), "evtchn_pair_%s", remotes[i].name);
		result(key, "%u,%u", a, b);

		while (next_event(EARLY_MS, &got)) {
			if (got != a && got != b)
				fail("after bind: event on unexpected port %u",
				     got);
			early++;
		}
		snprintf(key, sizeof(key), "evtchn_early_%s", remotes[i].name);
		result(key, "%d", early);

		for (r = 0; r < rounds; r++) {
			roundtrip(a, b, a, b);
			roundtrip(b, a, a, b);
			delivered += 2;
		}
		unbind(b);
		unbind(a);
	}
	/* Nothing may arrive once everything is unbound. */
	if (next_event(EARLY_MS, &got))
		fail("event on port %u after unbinding every port", got);
	result("evtchn_delivered", "%lu", delivered);
	close(fd);
	return 0;
}
