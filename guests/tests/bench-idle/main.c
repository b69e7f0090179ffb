/* SPDX-License-Identifier: MIT */
/*
 * Boots, prints "BENCH-IDLE ready" and then waits in WFI with interrupts
 * masked and no timer armed, so it stays blocked until bench/run, having
 * asked the hypervisor's debug keys for its free memory (the "mem_*"
 * figures), kills QEMU. "idle=N" in the bootargs ends the wait after N
 * seconds instead (for trying it by hand).
 */
#include "../bench-common/bench.h"

const char test_title[] = "Benchmark helper: idle domain";

void test_main(void)
{
	u64 secs = bench_arg("idle", 0);
	u64 start = uptime_us();

	printk("BENCH-IDLE ready\n");
	local_irq_disable();
	while (!secs || uptime_us() - start < secs * 1000000)
		if (!secs)
			wfi();
		else
			HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	test_success(NULL);
}
