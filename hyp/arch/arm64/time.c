/* SPDX-License-Identifier: MIT */
/*
 * The Generic Timer at EL2 (Arm ARM D11): the system counter CNTPCT_EL0
 * for time, and the EL2 physical timer CNTHP_* for this CPU's timer
 * events, on the PPI the DT timer node lists fourth.
 */
#include <hyp/bootinfo.h>
#include <hyp/irq.h>
#include <hyp/lib.h>
#include <hyp/timer.h>
#include <asm/sysregs.h>

/* CNTHP_CTL_EL2 (Arm ARM): ENABLE, IMASK; ISTATUS is read-only. */
#define CNTHP_CTL_ENABLE (1UL << 0)
#define CNTHP_CTL_IMASK (1UL << 1)

/* BSA's recommended INTID for the EL2 physical timer, if the DT has none. */
#define DEFAULT_HYP_TIMER_IRQ 26

static u64 counter_freq;
static u64 boot_count;
static unsigned int timer_irq;

static inline u64 read_cntpct(void)
{
	/* Without it the read may be taken early, out of program order. */
	isb();
	return READ_SYSREG(cntpct_el0);
}

void arch_time_init(void)
{
	/* The DT value overrides firmware that forgot to set CNTFRQ_EL0. */
	counter_freq = bootinfo.timer.clock_frequency;
	if (!counter_freq)
		counter_freq = READ_SYSREG(cntfrq_el0) & 0xffffffffUL;
	if (!counter_freq)
		panic("Timer: CNTFRQ_EL0 is 0 and the DT has no "
		      "clock-frequency");
	WRITE_SYSREG(CNTHP_CTL_IMASK, cnthp_ctl_el2);
	boot_count = read_cntpct();
}

u64 arch_counter_read(void)
{
	return read_cntpct() - boot_count;
}

u64 arch_counter_freq(void)
{
	return counter_freq;
}

void arch_timer_program(s_time_t deadline)
{
	if (!deadline) {
		WRITE_SYSREG(CNTHP_CTL_IMASK, cnthp_ctl_el2);
		isb();
		return;
	}
	WRITE_SYSREG(boot_count + ns_to_ticks(deadline), cnthp_cval_el2);
	WRITE_SYSREG(CNTHP_CTL_ENABLE, cnthp_ctl_el2);
	isb();
}

static void hyp_timer_interrupt(unsigned int irq, void *data)
{
	/* Re-arms for the next deadline or disarms: the level drops. */
	timer_softirq();
}

void arch_timer_cpu_init(void)
{
	int rc;

	WRITE_SYSREG(CNTHP_CTL_IMASK, cnthp_ctl_el2);
	isb();
	if (!timer_irq) {
		timer_irq = bootinfo.timer.hyp_irq;
		if (!timer_irq) {
			timer_irq = DEFAULT_HYP_TIMER_IRQ;
			printk(HYPLOG_WARNING "Timer: no EL2 timer IRQ in the "
					      "DT, assuming %u\n",
			       timer_irq);
		}
	}
	/* Registers once, and enables the PPI on this CPU every time. */
	rc = request_irq(timer_irq, IRQ_TYPE_LEVEL, hyp_timer_interrupt, NULL);
	if (rc)
		panic("Timer: cannot take IRQ %u (%d)", timer_irq, rc);
	/* Timers may have been queued here before this CPU came up. */
	timer_softirq();
}

void udelay(u64 us)
{
	u64 start = arch_counter_read();
	u64 ticks = ns_to_ticks(MICROSECS(us));

	while (arch_counter_read() - start < ticks)
		cpu_relax();
}
