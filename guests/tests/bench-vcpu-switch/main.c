/* SPDX-License-Identifier: MIT */
/*
 * vCPU switch: bench/run boots this with -smp 1, so both vCPUs share the
 * one pCPU. They pass a token back and forth; a vCPU that does not hold
 * it calls SCHEDOP_yield, which should switch to the other one. One pass
 * of the token is one switch (yield, schedule, context switch, return to
 * the other vCPU):
 *
 *   BENCH name=vcpu_switch ns_per_op=<elapsed / passes> yields_per_pass=<n>
 *
 * yields_per_pass is 1.000 when every yield switched; more means some
 * yields returned to the same vCPU.
 */
#include "../bench-common/bench.h"

const char test_title[] = "Benchmark: vCPU switch by SCHEDOP_yield on one pCPU";

static volatile u64 token; /* even: vCPU 0 holds it, odd: vCPU 1 */
static volatile u64 passes_target;
static volatile u64 yields[2];
static volatile bool go;

static void pass_loop(unsigned int me)
{
	u64 target = passes_target;
	u64 n = 0;

	while (READ_ONCE(token) < target) {
		if ((READ_ONCE(token) & 1) == me) {
			WRITE_ONCE(token, token + 1);
			dmb(ish);
		}
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
		n++;
	}
	yields[me] = n;
}

/* Wait for vCPU 1's work to end, yielding the shared pCPU to it. */
static bool wait_vcpu1(void)
{
	return bench_cpu_wait_idle(1, 10000000);
}

static void vcpu1_main(void *arg)
{
	while (!READ_ONCE(go))
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	pass_loop(1);
}

void test_main(void)
{
	u64 iters = bench_iters(10000);
	u64 warm = 64, t0 = 0, t1, total_yields;
	char extra[64], b[32];

	if (nr_cpus() < 2) {
		test_error("the domain needs 2 vCPUs");
		return;
	}
	if (bench_cpu_start(1) != 0) {
		test_error("cannot start vCPU 1");
		return;
	}
	on_cpu_async(1, vcpu1_main, NULL);

	/* Warm up, then time `iters` passes. */
	passes_target = warm;
	WRITE_ONCE(go, true);
	pass_loop(0);
	if (!wait_vcpu1()) {
		test_error("vCPU 1 did not finish the warm-up");
		return;
	}
	WRITE_ONCE(go, false);
	token = 0;
	passes_target = iters;
	on_cpu_async(1, vcpu1_main, NULL);
	/* vCPU 1 may not run until we yield: start the clock when it does. */
	t0 = bench_now();
	WRITE_ONCE(go, true);
	pass_loop(0);
	t1 = bench_now();
	if (!wait_vcpu1()) {
		test_error("vCPU 1 did not finish");
		return;
	}
	total_yields = yields[0] + yields[1];
	snprintf(extra, sizeof(extra), "yields_per_pass=%s",
		 bench_fmt_ns(b, sizeof(b), total_yields * 1000 / iters));
	printk("BENCH name=vcpu_switch ns_per_op=%s iters=%lu %s\n",
	       bench_fmt_ns(b, sizeof(b), bench_ticks_to_ps(t1 - t0) / iters),
	       iters, extra);
	if (test_status() == STATUS_RUNNING)
		test_success(NULL);
}
