/* SPDX-License-Identifier: MIT */
/*
 * Virtual IPI round trip: vCPU 0 sends SGI 1 to vCPU 1, whose handler
 * sends SGI 1 back; vCPU 0's handler ends the round trip. Both vCPUs wait
 * in WFI (so they block in the hypervisor), which works whether they have
 * a pCPU each (-smp 2: the figure includes waking an idle pCPU) or share
 * one (-smp 1: it includes two vCPU switches). Prints
 * "BENCH name=ipi ns_per_op=<round trip>" (../bench-common).
 */
#include "../bench-common/bench.h"

const char test_title[] = "Benchmark: virtual IPI ping-pong between two vCPUs";

#define SGI_PING 1

static struct bench_samples samples;
static volatile u32 pongs;    /* on vCPU 0 */
static volatile u32 answered; /* on vCPU 1 */
static volatile bool responder_stop, responder_ready;

static void on_sgi(u32 intid, void *arg)
{
	if (smp_processor_id() == 1) {
		answered++;
		gic_send_sgi(0, SGI_PING);
	} else {
		pongs++;
	}
}

/* vCPU 1: answer pings until told to stop. */
static void responder(void *arg)
{
	gic_enable_irq(SGI_PING);
	WRITE_ONCE(responder_ready, true);
	BENCH_WFI_UNTIL(READ_ONCE(responder_stop));
	local_irq_disable();
	gic_disable_irq(SGI_PING);
}

void test_main(void)
{
	u64 iters = bench_iters(2000);
	u64 i, t0, t1;

	if (iters > BENCH_MAX_SAMPLES)
		iters = BENCH_MAX_SAMPLES;
	if (nr_cpus() < 2) {
		test_error("the domain needs 2 vCPUs");
		return;
	}
	if (bench_cpu_start(1) != 0) {
		test_error("cannot start vCPU 1");
		return;
	}
	irq_register(SGI_PING, on_sgi, NULL);
	gic_enable_irq(SGI_PING);
	on_cpu_async(1, responder, NULL);
	if (!BENCH_YIELD_UNTIL(READ_ONCE(responder_ready), 5000000)) {
		test_error("vCPU 1 did not start answering");
		return;
	}

	for (i = 0; i < 16 + iters; i++) {
		u32 want = pongs + 1;

		t0 = bench_now();
		gic_send_sgi(1, SGI_PING);
		BENCH_WFI_UNTIL(READ_ONCE(pongs) == want);
		t1 = bench_now();
		local_irq_disable();
		if (i >= 16)
			bench_sample(&samples, t1 - t0);
	}
	/* A last ping wakes vCPU 1, which answers it and then stops. */
	WRITE_ONCE(responder_stop, true);
	dsb(ish);
	{
		u32 want = pongs + 1;

		gic_send_sgi(1, SGI_PING);
		BENCH_WFI_UNTIL(READ_ONCE(pongs) == want);
		local_irq_disable();
		bench_cpu_wait_idle(1, 5000000);
	}
	gic_disable_irq(SGI_PING);

	bench_report_samples("ipi", &samples, NULL);
	if (answered < 17 + iters)
		test_error("vCPU 1 answered %u of %lu pings", answered,
			   17 + iters);
	if (test_status() == STATUS_RUNNING)
		test_success(NULL);
}
