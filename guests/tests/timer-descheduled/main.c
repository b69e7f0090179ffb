/* SPDX-License-Identifier: MIT */
/*
 * Timer interrupts while the vCPU is off its pCPU. A partner domain
 * (timer-spinner) spins with interrupts masked from boot for 6 s; where
 * the two share a pCPU (armvisor -smp 1; sometimes Xen), only the
 * hypervisor can take the pCPU back, for this vCPU's timer:
 *
 *  - first, how contended the pCPU is: the time the registered runstate
 *    area says this vCPU spent runnable but not running during a 200 ms
 *    busy loop, and what a trap costs meanwhile;
 *  - WFI rounds: the virtual timer armed 5-25 ms ahead and the vCPU
 *    blocked in WFI; the interrupt must come (not the 2 s backstop, the
 *    physical timer), not before the deadline, at most LATE_MS after it,
 *    once; the same with the physical timer (backstop: the virtual one);
 *  - busy rounds: the same deadlines while the vCPU stays runnable in a
 *    loop with interrupts unmasked, so that the deadline may pass while
 *    it waits for the pCPU.
 *
 * Latencies (minimum, average, maximum) and the contention seen are
 * printed for each kind of round; the checks are the same whether or not
 * the pCPU was shared, so the test means something everywhere, and it
 * cannot hang (backstops; the partner stops spinning after 6 s).
 */
#include <test.h>

const char test_title[] = "Timer interrupts on time while descheduled";

#define PPI_VTIMER 27
#define PPI_PTIMER 30

#define CTL_ENABLE 1UL
#define CTL_IMASK 2UL

#define LATE_MS 200
#define ROUNDS 6

static u64 freq;
static volatile u32 vfired, pfired;
static volatile u64 vfired_at, pfired_at;

static struct vcpu_runstate_info runstate __aligned(64);
static bool have_runstate;

static u64 ms(u64 n)
{
	return freq * n / 1000;
}

static u64 to_us(u64 ticks)
{
	return ticks * 1000000 / freq;
}

static u64 cntvct(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

static u64 cntpct(void)
{
	isb();
	return read_sysreg(cntpct_el0);
}

/*
 * Handlers mask the timer (its condition stays true). Should interrupts
 * keep coming all the same (20 within 1 ms of each other), they turn it
 * off so that the test goes on and fails instead of livelocking.
 */
static u64 mask_or_stop(u32 *burst, u32 fired, u64 last, u64 now)
{
	*burst = fired && now - last < ms(1) ? *burst + 1 : 0;
	return *burst > 20 ? 0 : CTL_ENABLE | CTL_IMASK;
}

static void on_vtimer(u32 intid, void *arg)
{
	static u32 burst;
	u64 now = cntvct();

	write_sysreg(mask_or_stop(&burst, vfired, vfired_at, now),
		     cntv_ctl_el0);
	isb();
	vfired_at = now;
	vfired++;
}

static void on_ptimer(u32 intid, void *arg)
{
	static u32 burst;
	u64 now = cntpct();

	write_sysreg(mask_or_stop(&burst, pfired, pfired_at, now),
		     cntp_ctl_el0);
	isb();
	pfired_at = now;
	pfired++;
}

static void vtimer_arm(u64 cval)
{
	write_sysreg(0, cntv_ctl_el0);
	write_sysreg(cval, cntv_cval_el0);
	write_sysreg(CTL_ENABLE, cntv_ctl_el0);
	isb();
}

static void vtimer_off(void)
{
	write_sysreg(0, cntv_ctl_el0);
	isb();
}

static void ptimer_arm(u64 cval)
{
	write_sysreg(0, cntp_ctl_el0);
	write_sysreg(cval, cntp_cval_el0);
	write_sysreg(CTL_ENABLE, cntp_ctl_el0);
	isb();
}

static void ptimer_off(void)
{
	write_sysreg(0, cntp_ctl_el0);
	isb();
}

/* Runnable-but-not-running time so far (ns), from the runstate area. */
static u64 runnable_ns(void)
{
	barrier();
	return READ_ONCE(runstate.time[RUNSTATE_runnable]);
}

struct stats {
	u64 min, max, sum; /* ticks late */
	u32 n;
};

static void stats_add(struct stats *s, u64 late)
{
	if (!s->n || late < s->min)
		s->min = late;
	if (late > s->max)
		s->max = late;
	s->sum += late;
	s->n++;
}

static void stats_print(const char *what, const struct stats *s, u64 rn0)
{
	if (!s->n)
		return;
	printk("%s: %u interrupts, late by %lu/%lu/%lu us "
	       "(min/avg/max)",
	       what, s->n, to_us(s->min), to_us(s->sum / s->n), to_us(s->max));
	if (have_runstate)
		printk("; runnable but not running %lu ms meanwhile",
		       (runnable_ns() - rn0) / 1000000);
	printk("\n");
}

/* Check one interrupt due at deadline, `late` ticks after it. */
static bool check_round(const char *what, unsigned int i, bool came,
			bool backstop, s64 late, u32 extra)
{
	bool ok = came && !backstop && late >= 0 && late <= (s64)ms(LATE_MS) &&
		  !extra;

	if (!ok)
		printk("  %s round %u: came %d, backstop %d, %ld us late, "
		       "%u extra\n",
		       what, i, came, backstop, late * 1000000 / (s64)freq,
		       extra);
	return ok;
}

/*
 * How contended is the pCPU? Busy for 200 ms, then the runstate area's
 * runnable-but-not-running time says how much of it went to another
 * vCPU (gaps in the counter would also count the host's own scheduling
 * of QEMU). And what a trap costs meanwhile: 10 trapped CNTP_CTL reads.
 */
static void contention(bool wait_partner)
{
	u64 start, rn0 = 0, rn, traps;
	unsigned int i;

	if (have_runstate && wait_partner) {
		/* The partner boots too: give it up to 1 s to show up. */
		rn0 = runnable_ns();
		start = cntvct();
		while (runnable_ns() - rn0 < 10000000 &&
		       cntvct() - start < ms(1000))
			cpu_relax();
	}
	if (have_runstate)
		rn0 = runnable_ns();
	start = cntvct();
	while (cntvct() - start < ms(200))
		cpu_relax();
	rn = have_runstate ? (runnable_ns() - rn0) / 1000000 : 0;
	start = cntvct();
	for (i = 0; i < 10; i++)
		(void)read_sysreg(cntp_ctl_el0);
	traps = to_us(cntvct() - start) / 10;
	if (!have_runstate) {
		printk("busy for 200 ms (no runstate area to tell how much "
		       "of it on the pCPU); a trap takes %lu us\n",
		       traps);
		return;
	}
	printk("busy for 200 ms: runnable but not running %lu ms (as the "
	       "runstate area, updated at context switches, tells); a "
	       "trap takes %lu us\n",
	       rn, traps);
	if (rn >= 20)
		printk("=> the pCPU is shared with the spinning domain: this "
		       "vCPU is descheduled while it waits\n");
	else
		printk("=> the pCPU is not shared: latencies are measured "
		       "without contention\n");
	if (rn >= 20 && traps >= 5000)
		printk("NOTE: a trap costs %lu ms while the pCPU is shared: "
		       "the hypervisor hands the pCPU over at traps\n",
		       traps / 1000);
}

/* Virtual timer, vCPU blocked in WFI; physical timer as the backstop. */
static void wfi_rounds_virt(void)
{
	struct stats s = {0};
	u64 rn0 = have_runstate ? runnable_ns() : 0;
	bool ok = true;
	unsigned int i;

	for (i = 0; i < ROUNDS; i++) {
		u32 n = vfired, b = pfired;
		u64 deadline;
		s64 late;

		/* The backstop first: arming it traps, the deadline not. */
		ptimer_arm(cntpct() + ms(2000));
		deadline = cntvct() + ms(5 + 4 * i);
		vtimer_arm(deadline);
		while (READ_ONCE(vfired) == n && READ_ONCE(pfired) == b)
			wfi();
		ptimer_off();
		udelay(2000);
		late = (s64)(vfired_at - deadline);
		ok &= check_round("virtual/WFI", i, vfired != n, pfired != b,
				  late, vfired - n - 1);
		if (vfired != n && late >= 0)
			stats_add(&s, (u64)late);
		vtimer_off();
	}
	stats_print("virtual timer, blocked in WFI", &s, rn0);
	check(ok,
	      "virtual timer wakes the vCPU from WFI on time, once, %u "
	      "rounds",
	      ROUNDS);
}

/* Physical timer, vCPU blocked in WFI; virtual timer as the backstop. */
static void wfi_rounds_phys(void)
{
	struct stats s = {0};
	u64 rn0 = have_runstate ? runnable_ns() : 0;
	bool ok = true;
	unsigned int i;

	for (i = 0; i < ROUNDS / 2; i++) {
		u32 n = pfired, b = vfired;
		u64 deadline;
		s64 late;

		vtimer_arm(cntvct() + ms(2000));
		deadline = cntpct() + ms(7 + 6 * i);
		ptimer_arm(deadline);
		while (READ_ONCE(pfired) == n && READ_ONCE(vfired) == b)
			wfi();
		vtimer_off();
		udelay(2000);
		late = (s64)(pfired_at - deadline);
		ok &= check_round("physical/WFI", i, pfired != n, vfired != b,
				  late, pfired - n - 1);
		if (pfired != n && late >= 0)
			stats_add(&s, (u64)late);
		ptimer_off();
	}
	stats_print("physical timer, blocked in WFI", &s, rn0);
	check(ok,
	      "physical timer wakes the vCPU from WFI on time, once, %u "
	      "rounds",
	      ROUNDS / 2);
}

/* Virtual timer while the vCPU stays runnable (busy, unmasked). */
static void busy_rounds(void)
{
	struct stats s = {0};
	u64 rn0 = have_runstate ? runnable_ns() : 0;
	bool ok = true;
	unsigned int i;

	for (i = 0; i < ROUNDS; i++) {
		u32 n = vfired;
		u64 deadline = cntvct() + ms(5 + 4 * i);
		s64 late;

		vtimer_arm(deadline);
		while (READ_ONCE(vfired) == n &&
		       (s64)(cntvct() - deadline) < (s64)ms(2000))
			cpu_relax();
		udelay(2000);
		late = (s64)(vfired_at - deadline);
		ok &= check_round("virtual/busy", i, vfired != n, false, late,
				  vfired - n - 1);
		if (vfired != n && late >= 0)
			stats_add(&s, (u64)late);
		vtimer_off();
	}
	stats_print("virtual timer, runnable", &s, rn0);
	check(ok,
	      "virtual timer interrupts a runnable vCPU on time, once, "
	      "%u rounds",
	      ROUNDS);
}

void test_main(void)
{
	struct vcpu_register_runstate_memory_area area = {
		.addr.p = (u64)(uintptr_t)&runstate};
	long rc;

	if (!gic_version()) {
		test_error("no GIC");
		return;
	}
	freq = timer_freq();
	if (!check(freq != 0, "CNTFRQ_EL0 %lu Hz", freq))
		return;
	rc = HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &area);
	have_runstate = rc == 0;
	if (!have_runstate)
		printk("VCPUOP_register_runstate_memory_area: %s: no runstate "
		       "times\n",
		       errname(rc));

	vtimer_off();
	ptimer_off();
	irq_register(PPI_VTIMER, on_vtimer, NULL);
	irq_register(PPI_PTIMER, on_ptimer, NULL);
	gic_enable_irq(PPI_VTIMER);
	gic_enable_irq(PPI_PTIMER);

	contention(true);
	local_irq_enable();
	wfi_rounds_virt();
	busy_rounds();
	wfi_rounds_phys();
	local_irq_disable();
	contention(false);
	check_eq(irq_unhandled, 0, "no unexpected interrupt");
	test_success(NULL);
}
