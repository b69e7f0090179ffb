/* SPDX-License-Identifier: MIT */
/*
 * Interdomain event-channel round trip, domain 1's side. Domain 1
 * allocates an unbound port for domain 2 (bench-evtchn-peer), which finds
 * and binds it; then domain 1 sends, domain 2's upcall handler sends back
 * on the same channel and domain 1's upcall ends the round trip. Both wait
 * in WFI, so with one pCPU (-smp 1) a round trip includes two domain
 * switches, with two it includes waking an idle pCPU. Xen needs xsm=dummy
 * (Debian's default policy, SILO, forbids domU-domU channels).
 *
 *   BENCH name=evtchn ns_per_op=<round trip>
 *
 * Both sides take the iteration count from "iters=" in their bootargs
 * (bench/run gives both the same); the peer stops after 16 + iters pings.
 */
#include "../bench-common/bench.h"

const char test_title[] =
	"Benchmark: event-channel ping-pong between two domains";

#define PEER_DOMID 2
#define WARMUP 16

static struct bench_samples samples;
static volatile u32 pongs;

static void on_pong(evtchn_port_t port, void *arg)
{
	pongs++;
}

void test_main(void)
{
	u64 iters = bench_iters(2000);
	struct evtchn_status st;
	evtchn_port_t port;
	u64 i, t0, t1, start;

	if (iters > BENCH_MAX_SAMPLES)
		iters = BENCH_MAX_SAMPLES;
	if (xen_map_shared_info() != 0 || !xen_evtchn_upcall_init()) {
		test_error("cannot set up shared_info and the event upcall");
		return;
	}
	if (evtchn_alloc_unbound(PEER_DOMID, &port) != 0) {
		test_error("alloc_unbound(remote = domain %u) failed",
			   PEER_DOMID);
		return;
	}
	evtchn_bind_handler(port, on_pong, NULL);
	/* Wait (yielding the pCPU) until domain 2 has bound it. */
	start = uptime_us();
	for (;;) {
		if (evtchn_get_status(DOMID_SELF, port, &st) == 0 &&
		    st.status == EVTCHNSTAT_interdomain)
			break;
		if (uptime_us() - start > 20000000) {
			test_error("domain %u did not bind port %u", PEER_DOMID,
				   port);
			return;
		}
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	/* Its hello: it is ready to answer (see bench-evtchn-peer). */
	BENCH_WFI_UNTIL(READ_ONCE(pongs) >= 1);
	local_irq_disable();

	for (i = 0; i < WARMUP + iters; i++) {
		u32 want = pongs + 1;

		t0 = bench_now();
		evtchn_send(port);
		BENCH_WFI_UNTIL(READ_ONCE(pongs) == want);
		t1 = bench_now();
		local_irq_disable();
		if (i >= WARMUP)
			bench_sample(&samples, t1 - t0);
	}
	bench_report_samples("evtchn", &samples, NULL);
	if (test_status() == STATUS_RUNNING)
		test_success(NULL);
}
