/* SPDX-License-Identifier: MIT */
/*
 * The heartbeat partner of fuzz-hypercall, booted as domain 2 while
 * domain 1 fuzzes the hypervisor. A hypervisor that hangs a pCPU in a
 * long non-preemptible loop, crashes or kills the wrong domain shows here:
 *
 *  - it spins, timing each pass with the virtual counter (which runs on
 *    while the domain is descheduled), and remembers the longest gap;
 *    a gap over STALL_MS is reported at once ("STALLED");
 *  - once a second it prints "heartbeat N: ..." (the harness of make
 *    fuzz checks these keep coming until domain 1 is done);
 *  - it allocates one unbound event-channel port for domain 1 and answers
 *    every event that arrives on it with one, but only while it has never
 *    stalled: domain 1 binds to it at the end of its run and pings.
 *
 * It never ends by itself (at most RUN_MINUTES), so never prints a result
 * unless something fails.
 */
#include <test.h>

const char test_title[] = "Heartbeat partner of fuzz-hypercall";

#define STALL_MS 2000
#define RUN_MINUTES 60

void test_main(void)
{
	u64 start, last, now, gap, max_gap = 0, next_print, pings = 0;
	u64 beats = 0;
	evtchn_port_t port;
	bool stalled = false;
	long rc;

	rc = xen_map_shared_info();
	if (rc) {
		test_error("heartbeat: XENMEM_add_to_physmap(shared_info): %s",
			   errname(rc));
		return;
	}
	rc = evtchn_alloc_unbound(1, &port);
	if (rc) {
		test_error("heartbeat: EVTCHNOP_alloc_unbound: %s",
			   errname(rc));
		return;
	}
	evtchn_clear_pending(port);
	printk("heartbeat: port %u open for domain 1\n", port);

	start = last = uptime_us();
	next_print = start + 1000000;
	for (;;) {
		now = uptime_us();
		gap = now - last;
		last = now;
		if (gap > max_gap)
			max_gap = gap;
		if (gap > STALL_MS * 1000UL && !stalled) {
			stalled = true;
			printk("heartbeat: STALLED: no CPU time for %lu ms\n",
			       gap / 1000);
		}
		if (evtchn_pending(port)) {
			evtchn_clear_pending(port);
			pings++;
			if (!stalled)
				evtchn_send(port); /* fails until bound */
		}
		if (now >= next_print) {
			beats++;
			printk("heartbeat %lu: %lu pings, longest gap %lu "
			       "ms%s\n",
			       beats, pings, max_gap / 1000,
			       stalled ? " (STALLED)" : "");
			next_print += 1000000;
			if (next_print < now)
				next_print = now + 1000000;
		}
		if (now - start > RUN_MINUTES * 60000000UL)
			break;
		cpu_relax();
	}
	if (stalled)
		test_failure("heartbeat: stalled (longest gap %lu ms)",
			     max_gap / 1000);
	else
		test_success("heartbeat: %lu beats", beats);
}
