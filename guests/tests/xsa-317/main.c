/* SPDX-License-Identifier: MIT */
/*
 * Event-channel port numbers, regression test for:
 *  - XSA-317 ("Incorrect error handling in event channel port
 *    allocation", 2020): allocating past the 4096th port met a NULL
 *    bucket;
 *  - XSA-221 ("NULL pointer deref in event channel poll", 2017) and
 *    XSA-342 ("out of bounds event channels available to 32-bit x86
 *    domains", 2020: poll of ports that cannot be used): SCHEDOP_poll of
 *    ports that were never allocated, including in unallocated buckets;
 *  - XSA-344 ("lack of preemption in evtchn_reset() / evtchn_destroy()",
 *    2020): resetting a domain with thousands of ports.
 *
 * Bad input: send, unmask, close, status, bind_vcpu and set_priority for
 * ports 0 (reserved), just past the allocated ones, at bucket and ABI
 * limits (1023/1024, 4095/4096 for 2-level, 2^17 for FIFO), 2^31 and ~0;
 * allocating unbound ports until the hypervisor says no; SCHEDOP_poll of
 * every port number up to past that limit, with a timeout in the past;
 * EVTCHNOP_reset of all of them.
 *
 * What must happen: every call on a port that does not exist fails
 * (-EINVAL, or status ECS_FREE for free ports below the limit), never
 * crashes; allocation stops with an error at or below the 2-level limit
 * (4096 ports) and the ports it gave are all distinct; each poll returns;
 * the reset returns in under 2 s (fast, or preempted and resumed); after
 * it, allocation starts again from a low port. With the port space full,
 * bind_virq and bind_ipi fail cleanly (XSA-496, "bind_virq error path
 * after exhausting ports", 2026) and, after the reset, a VIRQ binds and
 * an IPI is delivered again.
 */
#include <test.h>

const char test_title[] = "XSA-317: event-channel port numbers and limits";

#define MAX_TRY 5000

static u8 seen[4096 / 8 + 1];

static long op(int cmd, void *arg)
{
	return HYPERVISOR_event_channel_op(cmd, arg);
}

static void bad_port_calls(u32 port, bool expect_free)
{
	struct evtchn_send s = {.port = port};
	struct evtchn_unmask u = {.port = port};
	struct evtchn_close c = {.port = port};
	struct evtchn_status st = {.dom = DOMID_SELF, .port = port};
	struct evtchn_bind_vcpu bv = {.port = port, .vcpu = 0};
	struct evtchn_set_priority sp = {.port = port, .priority = 7};
	long rc;

	check(op(EVTCHNOP_send, &s) < 0, "send to port %#x fails", port);
	check(op(EVTCHNOP_unmask, &u) <= 0, "unmask port %#x", port);
	check(op(EVTCHNOP_close, &c) < 0 || expect_free, "close port %#x",
	      port);
	rc = op(EVTCHNOP_status, &st);
	check(rc == -XEN_EINVAL || (rc == 0 && st.status == EVTCHNSTAT_closed),
	      "status of port %#x: %s, status %u", port, errname(rc),
	      st.status);
	check(op(EVTCHNOP_bind_vcpu, &bv) < 0, "bind_vcpu port %#x fails",
	      port);
	check(op(EVTCHNOP_set_priority, &sp) < 0, "set_priority port %#x fails",
	      port);
}

static long poll_one(u32 port)
{
	static evtchn_port_t p;
	struct sched_poll sp = {.nr_ports = 1, .timeout = 1 /* past */};

	p = port;
	set_xen_guest_handle(sp.ports, &p);
	return HYPERVISOR_sched_op(SCHEDOP_poll, &sp);
}

void test_main(void)
{
	static const u32 bad[] = {
		0,	    63,		64,	    1023,      1024,	4095,
		4096,	    4097,	0x8000,	    0x1ffff,   0x20000, 0x20001,
		0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff};
	unsigned int i, n = 0, dups = 0;
	u32 max_port = 0, port;
	u64 t0, us;
	long rc = 0;

	check_eq(xen_map_shared_info(), 0, "map shared_info");
	report_set_verbose(false);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		bad_port_calls(bad[i], bad[i] != 0 && bad[i] < 4096);
	report_set_verbose(true);
	printk("calls on %u port numbers that are not allocated: done\n",
	       (unsigned int)ARRAY_SIZE(bad));

	/* Exhaust the ports. */
	t0 = uptime_us();
	for (i = 0; i < MAX_TRY; i++) {
		rc = evtchn_alloc_unbound(DOMID_SELF, &port);
		if (rc)
			break;
		n++;
		if (port > max_port)
			max_port = port;
		if (port < 4096) {
			if (seen[port / 8] & (1 << (port % 8)))
				dups++;
			seen[port / 8] |= 1 << (port % 8);
		}
	}
	us = uptime_us() - t0;
	printk("allocated %u ports (highest %u) in %lu ms; then %s\n", n,
	       max_port, us / 1000, errname(rc));
	check(rc < 0, "allocation eventually fails");
	check(n <= 4095 && max_port < 4096,
	      "no port beyond the 2-level limit (4096)");
	check_eq(dups, 0, "every allocated port is distinct");

	/*
	 * XSA-496: binds whose port allocation fails once the port space is
	 * full; Xen's bind_virq error path then tore down state it did not
	 * own. They must fail cleanly and leave the domain usable.
	 */
	{
		struct evtchn_bind_virq bv = {.virq = VIRQ_TIMER, .vcpu = 0};
		struct evtchn_bind_ipi bi = {.vcpu = 0};

		rc = op(EVTCHNOP_bind_virq, &bv);
		check(rc < 0, "bind_virq(VIRQ_TIMER) with no free port: %s",
		      errname(rc));
		bv.virq = VIRQ_DEBUG;
		rc = op(EVTCHNOP_bind_virq, &bv);
		check(rc < 0, "bind_virq(VIRQ_DEBUG) with no free port: %s",
		      errname(rc));
		rc = op(EVTCHNOP_bind_ipi, &bi);
		check(rc < 0, "bind_ipi with no free port: %s", errname(rc));
	}

	/* The limit and past it, now that buckets are full. */
	report_set_verbose(false);
	bad_port_calls(max_port + 1, false);
	bad_port_calls(4096, false);
	report_set_verbose(true);

	/* Poll every port number, allocated or not, up to past the limit. */
	t0 = uptime_us();
	for (port = 0; port < 4096 + 64; port++) {
		rc = poll_one(port);
		if (rc != 0 && rc != -XEN_EINVAL) {
			check(false, "poll of port %u: %s", port, errname(rc));
			break;
		}
	}
	printk("polled %u ports in %lu ms\n", port, (uptime_us() - t0) / 1000);
	check_eq(poll_one(0xffffffff), -XEN_EINVAL, "poll of port ~0");

	/* Reset them all: bounded. */
	{
		struct evtchn_reset r = {.dom = DOMID_SELF};

		t0 = uptime_us();
		rc = op(EVTCHNOP_reset, &r);
		us = uptime_us() - t0;
	}
	check_eq(rc, 0, "EVTCHNOP_reset");
	check(us < 2000000, "the reset took %lu ms (< 2 s)", us / 1000);
	rc = evtchn_alloc_unbound(DOMID_SELF, &port);
	check(rc == 0 && port < 64, "allocation works again (port %u)", port);
	{
		struct evtchn_bind_virq bv = {.virq = VIRQ_TIMER, .vcpu = 0};

		rc = op(EVTCHNOP_bind_virq, &bv);
		check(rc == 0, "bind_virq(VIRQ_TIMER) works again: %s",
		      errname(rc));
		rc = evtchn_bind_ipi(0, &port);
		check(rc == 0, "bind_ipi works again: %s", errname(rc));
		if (!rc) {
			evtchn_clear_pending(port);
			evtchn_send(port);
			check(evtchn_pending(port),
			      "an IPI sent to ourselves is pending");
		}
	}
	test_success(NULL);
}
