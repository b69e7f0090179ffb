/* SPDX-License-Identifier: MIT */
/*
 * Shared by the contain-* tests: domain 1 checks that it keeps running
 * while partner domains (2, 3, ...) misbehave.
 *
 * Before misbehaving, each partner tells domain 1 it is about to: domain 1
 * allocates an unbound port for each partner, the partner finds its port
 * by trying bind_interdomain(1, p) for p = 1..SCAN_PORTS (only the one
 * allocated for it accepts) and sends one event on it. Domain 1 measures
 * its own progress only once every partner has announced itself.
 */
#ifndef CONTAIN_H
#define CONTAIN_H

#include <test.h>

#define TEST_DOMID 1
#define FIRST_PARTNER 2
#define MAX_PARTNERS 4
#define SCAN_PORTS 64

#define VTIMER_PPI 27
#define CNTV_CTL_ENABLE BIT(0)
#define CNTV_CTL_IMASK BIT(1)

static inline u64 us_to_ticks(u64 us)
{
	u64 freq = platform.timer_freq ? platform.timer_freq : timer_freq();

	return us * freq / 1000000;
}

/* ---- partner side ---- */

/*
 * Bind the port domain 1 allocated for us (retrying for up to 30 s, as
 * domain 1 may not have allocated it yet) and send one event on it.
 * Returns false, after saying why, if that failed.
 */
static inline bool partner_announce(const char *what)
{
	evtchn_port_t p, port;
	u64 t0 = uptime_us();

	do {
		for (p = 1; p < SCAN_PORTS; p++) {
			if (evtchn_bind_interdomain(TEST_DOMID, p, &port))
				continue;
			printk("bound domain %u port %u; now %s\n", TEST_DOMID,
			       p, what);
			return check_eq(evtchn_send(port), 0,
					"announce to domain %u", TEST_DOMID);
		}
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	} while (uptime_us() - t0 < 30000000);
	test_failure("domain %u allocated no port for us within 30 s",
		     TEST_DOMID);
	return false;
}

/* ---- domain 1 side ---- */

static evtchn_port_t partner_port[MAX_PARTNERS];
static volatile u32 partner_events[MAX_PARTNERS];
static volatile u32 vtimer_ticks;
static u64 vtimer_period; /* counter ticks, 0: one-shot */

static void on_partner_event(evtchn_port_t port, void *arg)
{
	partner_events[(uintptr_t)arg]++;
}

static void on_vtimer(u32 intid, void *arg)
{
	vtimer_ticks++;
	if (vtimer_period) {
		/*
		 * Next period from now (periods missed while we were not
		 * running are not made up). Xen sets IMASK when it takes the
		 * timer's interrupt for us: clear it.
		 */
		write_sysreg(timer_count() + vtimer_period, cntv_cval_el0);
		write_sysreg(CNTV_CTL_ENABLE, cntv_ctl_el0);
	} else {
		write_sysreg(CNTV_CTL_IMASK, cntv_ctl_el0);
	}
	isb();
}

static inline void vtimer_start(u64 first_us, u64 period_us)
{
	vtimer_period = us_to_ticks(period_us);
	write_sysreg(timer_count() + us_to_ticks(first_us), cntv_cval_el0);
	write_sysreg(CNTV_CTL_ENABLE, cntv_ctl_el0);
	isb();
}

static inline void vtimer_stop(void)
{
	write_sysreg(0, cntv_ctl_el0);
	isb();
	vtimer_period = 0;
}

/*
 * Shared info, the upcall, the virtual timer's interrupt, and a port for
 * each of nr partners; then wait (in WFI) until each has announced itself.
 */
static inline bool wait_for_partners(unsigned int nr, u64 timeout_us)
{
	u64 t0 = uptime_us();
	unsigned int i, done;

	if (!check_eq(xen_map_shared_info(), 0, "map shared_info") ||
	    !check(xen_evtchn_upcall_init(), "event-channel upcall set up"))
		return false;
	irq_register(VTIMER_PPI, on_vtimer, NULL);
	gic_enable_irq(VTIMER_PPI);
	for (i = 0; i < nr; i++) {
		if (!check_eq(evtchn_alloc_unbound(FIRST_PARTNER + i,
						   &partner_port[i]),
			      0, "port for domain %u", FIRST_PARTNER + i))
			return false;
		evtchn_bind_handler(partner_port[i], on_partner_event,
				    (void *)(uintptr_t)i);
	}
	/* WFI, woken by the partners' events or every 10 ms by the timer. */
	vtimer_start(10000, 10000);
	for (;;) {
		for (i = done = 0; i < nr; i++)
			done += READ_ONCE(partner_events[i]) != 0;
		if (done == nr || uptime_us() - t0 > timeout_us)
			break;
		wfi();
		local_irq_enable();
		isb();
		local_irq_disable();
	}
	vtimer_stop();
	for (i = 0; i < nr; i++)
		check(partner_events[i] != 0,
		      "domain %u announced itself within %lu s",
		      FIRST_PARTNER + i, timeout_us / 1000000);
	return done == nr;
}

struct progress {
	u32 ticks;	/* virtual-timer interrupts */
	u64 hypercalls; /* xen_version calls completed */
	u64 elapsed_us; /* how long that took */
	u64 run_us;	/* time we ran (gaps under 500 us) */
	u64 max_gap_us; /* longest time away */
};

#define PROGRESS_HYPERCALLS 5000
#define PROGRESS_MIN_US 1000000
#define PROGRESS_MAX_US 10000000

/*
 * With a 10 ms periodic virtual timer and interrupts enabled, make
 * hypercalls in a loop (each one an exit to the hypervisor, where it may
 * switch vCPUs) until PROGRESS_HYPERCALLS are done and at least
 * PROGRESS_MIN_US passed, or PROGRESS_MAX_US passed.
 */
static inline void measure_progress(struct progress *p)
{
	u64 t0 = uptime_us(), last = t0, now = t0, d;
	u32 ticks0 = vtimer_ticks;

	memset(p, 0, sizeof(*p));
	vtimer_start(10000, 10000);
	local_irq_enable();
	while ((p->hypercalls < PROGRESS_HYPERCALLS ||
		now - t0 < PROGRESS_MIN_US) &&
	       now - t0 < PROGRESS_MAX_US) {
		HYPERVISOR_xen_version(XENVER_version, NULL);
		p->hypercalls++;
		now = uptime_us();
		d = now - last;
		if (d < 500)
			p->run_us += d;
		else if (d > p->max_gap_us)
			p->max_gap_us = d;
		last = now;
	}
	local_irq_disable();
	vtimer_stop();
	p->ticks = vtimer_ticks - ticks0;
	p->elapsed_us = now - t0;
}

/* The checks every contain-* test makes while its partners misbehave. */
static inline void check_progress(const char *why)
{
	struct progress p;

	measure_progress(&p);
	printk("%s: %lu hypercalls and %u timer interrupts in %lu ms; ran "
	       "%lu ms, longest gap %lu ms\n",
	       why, p.hypercalls, p.ticks, p.elapsed_us / 1000, p.run_us / 1000,
	       p.max_gap_us / 1000);
	/*
	 * Alone on a pCPU we run 10^4-10^5 hypercalls a second under QEMU,
	 * sharing it with a spinner about half that. QEMU's vCPU threads
	 * share a loaded host too, and Xen's credit2 sometimes leaves us
	 * waiting for a second or two with 3 vCPUs on 2 pCPUs, hence the
	 * generous time limit. A hypervisor that never preempts the
	 * spinner never lets this code run at all (no result); one that
	 * switches away from us at each of our exits leaves us a few
	 * hypercalls per time slice and fails the limit.
	 */
	check(p.hypercalls >= PROGRESS_HYPERCALLS, "%u hypercalls within %u s",
	      PROGRESS_HYPERCALLS, PROGRESS_MAX_US / 1000000);
	check(p.ticks >= 5, "timer interrupts arrived (at least 5)");
	check_eq(HYPERVISOR_xen_version(XENVER_version, NULL), 0x40011,
		 "hypercalls still work");
}

#endif /* CONTAIN_H */
