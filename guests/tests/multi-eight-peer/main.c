/* SPDX-License-Identifier: MIT */
/*
 * A partner of multi-eight (domains 2-8; protocol in ../multi-eight/
 * proto.h). It finds its domain id, binds the port domain 1 allocated for
 * it, then ROUNDS times: hypercalls (xen_version, memory_op reservations),
 * a wait on its virtual timer (WFI, woken by the timer interrupt), a
 * heartbeat line and event, and a wait for domain 1's answer. Its checks
 * print as "(dN) ..."; a partner in trouble sends no more heartbeats, and
 * domain 1 fails waiting for them.
 */
#include "../multi-eight/proto.h"

const char test_title[] = "multi-eight partner";

static volatile u32 answers;

static void on_answer(evtchn_port_t port, void *arg)
{
	answers++;
}

/* Sleep for us in WFI, woken by virtual-timer interrupts. */
static bool timer_wait(u64 us)
{
	u32 before = vtimer_irqs;
	u64 t0 = uptime_us();

	return WAIT_FOR(uptime_us() - t0 >= us, us + 5000000) &&
	       vtimer_irqs != before;
}

/* Bind the port domain 1 allocated for us, if it has done so yet. */
static bool try_bind(evtchn_port_t *theirs, evtchn_port_t *port)
{
	evtchn_port_t p;

	for (p = 1; p < SCAN_PORTS; p++)
		if (!evtchn_bind_interdomain(TEST_DOMID, p, port)) {
			*theirs = p;
			return true;
		}
	return false;
}

static bool hypercalls(domid_t me)
{
	domid_t id = DOMID_SELF;
	long cur, max;

	cur = HYPERVISOR_memory_op(XENMEM_current_reservation, &id);
	max = HYPERVISOR_memory_op(XENMEM_maximum_reservation, &id);
	return check_eq(HYPERVISOR_xen_version(XENVER_version, NULL), 0x40011,
			"xen_version") &&
	       check(cur > 0 && cur <= max, "reservation: %ld of %ld pages",
		     cur, max) &&
	       check_eq(max, MiB(16) >> PAGE_SHIFT, "16 MiB maximum");
}

void test_main(void)
{
	evtchn_port_t port = 0, p = 0;
	domid_t me = 0;
	bool bound;
	u64 t0;
	u32 r;

	if (!check_eq(xen_map_shared_info(), 0, "map shared_info") ||
	    !check(xen_evtchn_upcall_init(), "event-channel upcall set up") ||
	    !check_eq(xen_own_domid(&me), 0, "find our domain id") ||
	    !check(me >= FIRST_PARTNER && me < FIRST_PARTNER + NR_PARTNERS,
		   "we are domain %u", me))
		return;
	vtimer_setup();

	/* The port for us; domain 1 may not have allocated it yet. */
	t0 = uptime_us();
	while (!(bound = try_bind(&p, &port)) && uptime_us() - t0 < 30000000)
		timer_wait(2000); /* let domain 1 run */
	if (!check(bound, "bound the port domain %u allocated for us",
		   TEST_DOMID))
		return;
	printk("bound domain %u port %u as our port %u\n", TEST_DOMID, p, port);
	/* Binding raised our new port: that is not an answer. */
	check(evtchn_pending(port), "binding marked our new port pending");
	evtchn_clear_pending(port);
	evtchn_bind_handler(port, on_answer, NULL);
	local_irq_enable();

	for (r = 0; r < ROUNDS; r++) {
		report_set_verbose(r == 0);
		if (!hypercalls(me) ||
		    !check(timer_wait(TIMER_WAIT_US), "virtual timer wait"))
			break;
		printk("heartbeat %u/%u\n", r + 1, ROUNDS);
		if (!check_eq(evtchn_send(port), 0, "send heartbeat") ||
		    !check(WAIT_FOR(answers >= r + 1, 30000000),
			   "domain %u answered heartbeat %u", TEST_DOMID,
			   r + 1))
			break;
	}
	report_set_verbose(true);
	local_irq_disable();
	if (r == ROUNDS)
		test_success(NULL);
}
