/* SPDX-License-Identifier: MIT */
/*
 * Helper of tests/integration/test_xsa147.py: the domain watchdog fires
 * while the domain's vCPU is inside a memory operation on the same pCPU.
 *
 * armvisor runs timer callbacks from the timer interrupt, and the
 * watchdog's shuts the domain down, taking d->lock; a hypercall holding
 * d->lock with interrupts unmasked on that pCPU (ballooning held it while
 * zeroing 2 MiB) left it spinning forever: with one pCPU, the whole
 * machine hung.
 *
 * What must happen: the watchdog shuts the domain down about 1 s after it
 * is armed, so this prints no result at all (the harness checks the
 * hypervisor's "shut down: watchdog"); still running after 5 s is a
 * FAILURE.
 */
#include <test.h>

const char test_title[] = "XSA-147 helper: watchdog expiry while ballooning";

static u8 churn[2 << 20] __aligned(2 << 20);

void test_main(void)
{
	struct sched_watchdog w = {.id = 0, .timeout = 1};
	xen_pfn_t gfn = (u64)(uintptr_t)churn >> PAGE_SHIFT;
	struct xen_memory_reservation r = {
		.nr_extents = 1, .extent_order = 9, .domid = DOMID_SELF};
	u64 end, n = 0;
	long rc;

	r.extent_start.q = (u64)(uintptr_t)&gfn;
	rc = HYPERVISOR_sched_op(SCHEDOP_watchdog, &w);
	if (!check(rc > 0, "arm a 1 s watchdog: %s", errname(rc)))
		return;
	end = uptime_us() + 5000000;
	while (uptime_us() < end) {
		HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r);
		HYPERVISOR_memory_op(XENMEM_populate_physmap, &r);
		if (!(++n % 100))
			printk("%lu cycles\n", n);
	}
	test_failure("still running 5 s after arming a 1 s watchdog "
		     "(%lu cycles)",
		     n);
}
