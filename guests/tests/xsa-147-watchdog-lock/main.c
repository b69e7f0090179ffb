/* SPDX-License-Identifier: MIT */
/*
 * Helper of tests/integration/test_xsa147.py: the domain watchdog fires
 * while the domain's only vCPU keeps entering short hypercalls that take
 * the domain's lock with interrupts unmasked (add_to_physmap of
 * shared_info, grant-table query_size / setup_table).
 *
 * armvisor ran the watchdog's shutdown in the timer interrupt, taking that
 * lock: hitting the window hung the pCPU (one pCPU: the machine). The
 * shutdown is now deferred out of the interrupt. The windows are short:
 * under TCG this rarely hits them (unit test_timer is the sharp test).
 *
 * What must happen: the watchdog shuts the domain down about 1 s after it
 * is armed, so this prints no result at all (the harness checks the
 * hypervisor's "shut down: watchdog"); still running after 5 s is a
 * FAILURE.
 */
#include <test.h>
#include <public/grant_table.h>

const char test_title[] = "XSA-147 helper: watchdog expiry in d->lock paths";

void test_main(void)
{
	struct sched_watchdog w = {.id = 0, .timeout = 1};
	struct xen_add_to_physmap x = {.domid = DOMID_SELF,
				       .space = XENMAPSPACE_shared_info,
				       .idx = 0,
				       .gpfn = xen_shared_info_gfn()};
	struct gnttab_query_size q = {.dom = DOMID_SELF};
	xen_pfn_t frame;
	struct gnttab_setup_table s = {.dom = DOMID_SELF, .nr_frames = 1};
	u64 end, n = 0;
	long rc;

	s.frame_list.q = (u64)(uintptr_t)&frame;
	rc = HYPERVISOR_sched_op(SCHEDOP_watchdog, &w);
	if (!check(rc > 0, "arm a 1 s watchdog: %s", errname(rc)))
		return;
	end = uptime_us() + 5000000;
	while (uptime_us() < end) {
		/* Results do not matter (armvisor: -EBUSY): the lock does. */
		HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x);
		HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1);
		HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &s, 1);
		if (++n == 100 || !(n % 5000))
			printk("%lu cycles\n", n);
	}
	test_failure("still running 5 s after arming a 1 s watchdog "
		     "(%lu cycles)",
		     n);
}
