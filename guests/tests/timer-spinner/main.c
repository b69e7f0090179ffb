/* SPDX-License-Identifier: MIT */
/*
 * Partner guest of timer-descheduled: from the moment it boots it spins
 * on its one vCPU with interrupts masked for SPIN_SECONDS, so that on a
 * single pCPU the test domain's vCPU must be descheduled to let it run,
 * and only the hypervisor's own time slicing takes the pCPU back. Then
 * it says how long it spun and powers its domain off.
 */
#include <test.h>

const char test_title[] = "Spin with interrupts masked (partner guest)";

#define SPIN_SECONDS 6

void test_main(void)
{
	u64 freq = timer_freq(), start, now, last, gap, max_gap = 0;
	u64 stolen = 0;

	if (!freq) {
		test_error("CNTFRQ_EL0 is 0");
		return;
	}
	local_irq_disable();
	start = last = read_sysreg(cntvct_el0);
	do {
		isb();
		now = read_sysreg(cntvct_el0);
		gap = now - last;
		last = now;
		if (gap > max_gap)
			max_gap = gap;
		/* Gaps over 1 ms: the pCPU went to someone else. */
		if (gap > freq / 1000)
			stolen += gap;
	} while (now - start < SPIN_SECONDS * freq);
	printk("spun %u s with interrupts masked; off-CPU %lu ms in all, "
	       "at most %lu ms at a time\n",
	       SPIN_SECONDS, stolen * 1000 / freq, max_gap * 1000 / freq);
	test_success(NULL);
}
