/* SPDX-License-Identifier: MIT */
/*
 * What multi-eight (domain 1) and its seven multi-eight-peer partners
 * (domains 2-8) agree on.
 *
 * Domain 1 allocates one unbound port for each partner domain. A partner
 * finds its port by trying bind_interdomain(1, p) for p = 1..SCAN_PORTS:
 * only the port allocated for it accepts (nobody relies on the order the
 * allocator hands ports out). Then, ROUNDS times, the partner makes a few
 * hypercalls, waits TIMER_WAIT_US on its virtual timer, prints a heartbeat
 * and sends an event; domain 1 answers each event, and the partner sends
 * the next heartbeat only after the answer, so domain 1 must count
 * exactly ROUNDS events per partner (none can merge).
 */
#ifndef MULTI_EIGHT_PROTO_H
#define MULTI_EIGHT_PROTO_H

#include <test.h>

#define NR_PARTNERS 7
#define FIRST_PARTNER 2 /* domain ids FIRST_PARTNER..+NR_PARTNERS-1 */
#define TEST_DOMID 1
#define ROUNDS 3
#define TIMER_WAIT_US 20000
#define SCAN_PORTS 64

#define VTIMER_PPI 27
#define CNTV_CTL_ENABLE BIT(0)
#define CNTV_CTL_IMASK BIT(1)

static volatile u32 vtimer_irqs;

static void on_vtimer(u32 intid, void *arg)
{
	write_sysreg(CNTV_CTL_IMASK, cntv_ctl_el0);
	isb();
	vtimer_irqs++;
}

/* Take the virtual timer's interrupt (this vCPU). */
static inline void vtimer_setup(void)
{
	irq_register(VTIMER_PPI, on_vtimer, NULL);
	gic_enable_irq(VTIMER_PPI);
}

static inline void vtimer_arm(u64 us)
{
	u64 freq = platform.timer_freq ? platform.timer_freq : timer_freq();

	write_sysreg(timer_count() + us * freq / 1000000, cntv_cval_el0);
	write_sysreg(CNTV_CTL_ENABLE, cntv_ctl_el0);
	isb();
}

/*
 * Wait until cond holds, for at most timeout_us, giving the pCPU away:
 * with interrupts masked, check, WFI (the hypervisor blocks the vCPU until
 * an interrupt is pending: an event upcall, or the virtual timer armed
 * for at most 10 ms), let the interrupt in, check again. Interrupts are
 * masked while cond is evaluated and as they were on return.
 */
#define WAIT_FOR(cond, timeout_us)                                     \
	({                                                             \
		u64 t0_ = uptime_us(), el_, flags_ = local_irq_save(); \
		bool ok_;                                              \
		while (!(ok_ = (cond)) &&                              \
		       (el_ = uptime_us() - t0_) < (timeout_us)) {     \
			vtimer_arm(MIN(10000, (timeout_us)-el_));      \
			wfi();                                         \
			local_irq_enable();                            \
			isb();                                         \
			local_irq_disable();                           \
		}                                                      \
		local_irq_restore(flags_);                             \
		ok_;                                                   \
	})

#endif /* MULTI_EIGHT_PROTO_H */
