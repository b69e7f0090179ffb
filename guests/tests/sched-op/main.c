/* SPDX-License-Identifier: MIT */
/*
 * The sched_op hypercall (Xen 4.17: xen/common/sched/core.c), except the
 * final SCHEDOP_shutdown(poweroff) that every test ends with:
 *
 *  - yield returns 0; shutdown_code records a reason and returns 0;
 *  - block returns at once when an event is pending, and re-enables event
 *    delivery (it clears PSTATE.I, so the upcall is taken on return);
 *  - poll returns at once for a pending port and after the timeout
 *    otherwise; more than 128 ports or a port beyond the domain's limit is
 *    -EINVAL, an unreadable port list -EFAULT;
 *  - watchdog: id 0 allocates one of two timers (id 1 or 2), a third is
 *    -ENOSPC (Xen 4.17 returns it zero-extended from 32 bits, 0xffffffe4;
 *    both are accepted), timeout 0 frees, freeing an unused id is -EINVAL;
 *  - remote_shutdown of a missing domain is -ESRCH, of itself -EPERM (it
 *    is not its own device model);
 *  - pin_override is for the hardware domain only: -EPERM;
 *  - shutdown with an unreadable argument is -EFAULT (and does not shut
 *    down); unknown sub-ops are -ENOSYS.
 */
#include <test.h>

const char test_title[] = "sched_op sub-operations";

static volatile u32 events_seen;

static void on_event(evtchn_port_t port, void *arg)
{
	events_seen++;
}

static long poll(evtchn_port_t *ports, unsigned int nr, u64 timeout)
{
	struct sched_poll p = {.nr_ports = nr, .timeout = timeout};

	set_xen_guest_handle(p.ports, ports);
	return HYPERVISOR_sched_op(SCHEDOP_poll, &p);
}

static void test_block_and_poll(void)
{
	static evtchn_port_t ports[129];
	evtchn_port_t port;
	u64 t0;
	long rc;

	if (!check_eq(xen_map_shared_info(), 0, "map shared_info") ||
	    !check(xen_evtchn_upcall_init(), "event-channel upcall set up") ||
	    !check_eq(evtchn_bind_ipi(0, &port), 0, "EVTCHNOP_bind_ipi"))
		return;
	evtchn_bind_handler(port, on_event, NULL);

	/* poll: a pending port returns at once. */
	local_irq_disable();
	check_eq(evtchn_send(port), 0, "EVTCHNOP_send");
	ports[0] = port;
	t0 = uptime_us();
	rc = poll(ports, 1, 0);
	check_eq(rc, 0, "poll on a pending port");
	check(uptime_us() - t0 < 1000000, "... returns at once (%lu us)",
	      uptime_us() - t0);

	/* block: returns at once with an event pending, IRQs unmasked. */
	t0 = uptime_us();
	rc = HYPERVISOR_sched_op(SCHEDOP_block, NULL);
	check_eq(rc, 0, "block with an event pending");
	check(uptime_us() - t0 < 1000000, "... returns at once (%lu us)",
	      uptime_us() - t0);
	check(!(read_sysreg(daif) & BIT(7)),
	      "block re-enabled event delivery (PSTATE.I clear)");
	udelay(1000);
	check_eq(events_seen, 1, "the upcall ran once");
	local_irq_disable();

	/* poll: a port that is not pending waits for the timeout. */
	check(!evtchn_pending(port), "the port is no longer pending");
	t0 = uptime_us();
	rc = poll(ports, 1, 1); /* absolute system time 1 ns: expired */
	check_eq(rc, 0, "poll with an expired timeout");
	check(uptime_us() - t0 < 1000000, "... returns at once (%lu us)",
	      uptime_us() - t0);

	check_eq(poll(ports, 129, 1), -XEN_EINVAL, "poll on 129 ports");
	ports[0] = 100000;
	check_eq(poll(ports, 1, 1), -XEN_EINVAL,
		 "poll on a port beyond the domain's limit");
	check_eq(poll((evtchn_port_t *)UNMAPPED_VA, 1, 1), -XEN_EFAULT,
		 "poll with an unmapped port list");
	check_eq(evtchn_close(port), 0, "EVTCHNOP_close");
}

static long watchdog(u32 id, u32 timeout)
{
	struct sched_watchdog w = {.id = id, .timeout = timeout};

	return HYPERVISOR_sched_op(SCHEDOP_watchdog, &w);
}

static void test_watchdog(void)
{
	long a = watchdog(0, 60), b = watchdog(0, 60);

	check(a == 1 || a == 2, "watchdog: first timer gets id 1 or 2 (%ld)",
	      a);
	check((b == 1 || b == 2) && b != a,
	      "watchdog: second timer gets the other id (%ld)", b);
	long c = watchdog(0, 60);

	/*
	 * Xen 4.17 means -ENOSPC but returns it through a uint32_t
	 * conditional expression, so the guest sees 0xffffffe4.
	 */
	check(c == -XEN_ENOSPC || c == (u32)-XEN_ENOSPC,
	      "watchdog: no third timer: %ld (%#lx%s)", c, c,
	      c == (u32)-XEN_ENOSPC ? ", -ENOSPC truncated to 32 bits as "
				      "Xen 4.17 does"
				    : "");
	check_eq(watchdog(a, 120), 0, "watchdog: re-arm timer %ld", a);
	check_eq(watchdog(a, 0), 0, "watchdog: free timer %ld", a);
	check_eq(watchdog(b, 0), 0, "watchdog: free timer %ld", b);
	check_eq(watchdog(a, 0), -XEN_EINVAL, "watchdog: free an unused timer");
	check_eq(watchdog(3, 10), -XEN_EINVAL, "watchdog: id 3 does not exist");
}

static void test_shutdowns(void)
{
	struct sched_remote_shutdown rs = {.reason = SHUTDOWN_poweroff};
	struct sched_shutdown sc = {.reason = SHUTDOWN_poweroff};
	struct sched_pin_override pin = {.pcpu = -1};
	domid_t me;

	if (check_eq(xen_own_domid(&me), 0, "find the own domain id"))
		printk("running as domain %u\n", me);
	rs.domain_id = 0x1234;
	check_eq(HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs), -XEN_ESRCH,
		 "remote_shutdown of a missing domain");
	rs.domain_id = me;
	check_eq(HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs), -XEN_EPERM,
		 "remote_shutdown of itself");
	check_eq(HYPERVISOR_sched_op(SCHEDOP_pin_override, &pin), -XEN_EPERM,
		 "pin_override from a domU");
	check_eq(HYPERVISOR_sched_op(SCHEDOP_shutdown_code, &sc), 0,
		 "shutdown_code(poweroff)");
	check_eq(HYPERVISOR_sched_op(SCHEDOP_shutdown, (void *)UNMAPPED_VA),
		 -XEN_EFAULT, "shutdown with an unmapped argument");
}

void test_main(void)
{
	static const int unknown[] = {8, 9, 100, -1};
	unsigned int i;
	long rc = 0;

	for (i = 0; i < 100 && rc == 0; i++)
		rc = HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	check_eq(rc, 0, "100 yields");

	test_block_and_poll();
	test_watchdog();
	test_shutdowns();
	for (i = 0; i < ARRAY_SIZE(unknown); i++)
		check_eq(HYPERVISOR_sched_op(unknown[i], NULL), -XEN_ENOSYS,
			 "sched_op %d", unknown[i]);
	test_success(NULL);
}
