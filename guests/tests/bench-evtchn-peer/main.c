/* SPDX-License-Identifier: MIT */
/*
 * Domain 2 of bench-evtchn: find the port domain 1 allocated for us (the
 * lowest ports first), bind it, send one "hello" event, answer 16 + iters
 * pings from the upcall handler, then stop. Prints nothing while domain 1
 * measures.
 */
#include "../bench-common/bench.h"

const char test_title[] = "bench-evtchn partner (domain 2)";

#define TEST_DOMID 1
#define WARMUP 16

static volatile u32 answered;

static void on_ping(evtchn_port_t port, void *arg)
{
	answered++;
	evtchn_send(port);
}

void test_main(void)
{
	u64 iters = bench_iters(2000);
	struct evtchn_bind_interdomain bind = {.remote_dom = TEST_DOMID};
	evtchn_port_t p;
	u64 start;
	bool bound = false;

	if (iters > BENCH_MAX_SAMPLES)
		iters = BENCH_MAX_SAMPLES;
	if (xen_map_shared_info() != 0 || !xen_evtchn_upcall_init()) {
		test_error("cannot set up shared_info and the event upcall");
		return;
	}
	start = uptime_us();
	while (!bound) {
		for (p = 1; p < 64 && !bound; p++) {
			bind.remote_port = p;
			bound = HYPERVISOR_event_channel_op(
					EVTCHNOP_bind_interdomain, &bind) == 0;
		}
		if (bound)
			break;
		if (uptime_us() - start > 20000000) {
			test_error("found no port of domain %u to bind",
				   TEST_DOMID);
			return;
		}
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	/*
	 * Binding raised our end: drop that event, install the handler, then
	 * say hello. Domain 1 sends its first ping only after the hello, so
	 * no ping can be dropped with the bind event.
	 */
	evtchn_clear_pending(bind.local_port);
	evtchn_bind_handler(bind.local_port, on_ping, NULL);
	evtchn_send(bind.local_port);
	BENCH_WFI_UNTIL(READ_ONCE(answered) >= WARMUP + iters);
	local_irq_disable();
	printk("answered %u pings on port %u (domain %u port %u)\n", answered,
	       bind.local_port, TEST_DOMID, bind.remote_port);
	test_success(NULL);
}
