/* SPDX-License-Identifier: MIT */
/*
 * The EL1 physical timer (CNTP_*_EL0, PPI 30), which both hypervisors
 * trap and emulate against the physical counter (CNTPCT_EL0, which the
 * guest reads directly):
 *
 *  - it starts disabled; CVAL reads back what was written; a TVAL write
 *    sets CVAL to CNTPCT + TVAL (sign-extended: negative TVAL is in the
 *    past); TVAL reads CVAL - CNTPCT, counting down, negative once past;
 *  - ISTATUS is 0 before the deadline, cannot be set by writing CTL, and
 *    becomes 1 at the deadline while IMASK holds the interrupt back;
 *    clearing IMASK lets the interrupt in; moving CVAL into the future
 *    clears ISTATUS again;
 *  - armed with CVAL or TVAL 10 ms ahead, it interrupts no earlier than
 *    the deadline (the handler reads CNTPCT >= CVAL, ENABLE and ISTATUS
 *    set) and at most LATE_MS after it, exactly once;
 *  - a deadline moved later before it expires moves the interrupt;
 *    disabling an armed timer cancels it; a deadline in the past fires at
 *    once when enabled;
 *  - WFI blocks until the timer fires.
 *
 * WFI waits have a backstop, the virtual timer 2 s later, so that a lost
 * interrupt fails the test instead of hanging it.
 */
#include <test.h>

const char test_title[] = "Physical timer (trapped): CTL, CVAL, TVAL, "
			  "ISTATUS, interrupts";

#define PPI_VTIMER 27
#define PPI_PTIMER 30

#define CTL_ENABLE 1UL
#define CTL_IMASK 2UL
#define CTL_ISTATUS 4UL

#define LATE_MS 200
#define MAX_WAKEUPS 50

static u64 freq;
static volatile u32 fired, backstops;
static volatile u64 fired_at, fired_ctl;

static u64 ms(u64 n)
{
	return freq * n / 1000;
}

static s64 to_us(s64 ticks)
{
	return ticks * 1000000 / (s64)freq;
}

static u64 cntpct(void)
{
	isb();
	return read_sysreg(cntpct_el0);
}

static u64 pctl(void)
{
	return read_sysreg(cntp_ctl_el0);
}

static void set_pctl(u64 v)
{
	write_sysreg(v, cntp_ctl_el0);
	isb();
}

static u64 pcval(void)
{
	return read_sysreg(cntp_cval_el0);
}

static void set_pcval(u64 v)
{
	write_sysreg(v, cntp_cval_el0);
	isb();
}

static s32 ptval(void)
{
	return (s32)read_sysreg(cntp_tval_el0);
}

static void set_ptval(s32 v)
{
	write_sysreg((u64)(s64)v, cntp_tval_el0);
	isb();
}

static void on_ptimer(u32 intid, void *arg)
{
	static u32 burst;
	u64 now = cntpct();

	/*
	 * Mask it: the condition holds until CVAL or CTL change. Should it
	 * keep coming all the same, turn it off so that the test can go on
	 * and fail instead of livelocking.
	 */
	burst = fired && now - fired_at < ms(1) ? burst + 1 : 0;
	fired_at = now;
	fired_ctl = pctl();
	set_pctl(burst > 20 ? 0 : CTL_ENABLE | CTL_IMASK);
	fired++;
}

static void on_vtimer(u32 intid, void *arg)
{
	write_sysreg(0, cntv_ctl_el0);
	isb();
	backstops++;
}

static void arm_backstop(void)
{
	write_sysreg(0, cntv_ctl_el0);
	write_sysreg(freq * 2, cntv_tval_el0);
	write_sysreg(CTL_ENABLE, cntv_ctl_el0);
	isb();
}

static void disarm_backstop(void)
{
	write_sysreg(0, cntv_ctl_el0);
	isb();
}

static bool wait_fired(u32 n, u64 deadline)
{
	while (READ_ONCE(fired) < n &&
	       (s64)(cntpct() - deadline) < (s64)ms(LATE_MS + 1000))
		cpu_relax();
	return READ_ONCE(fired) >= n;
}

/* The n-th interrupt, due at deadline: on time, and only one. */
static void check_fired(u32 n, u64 deadline, const char *what)
{
	s64 late;

	if (!check(wait_fired(n, deadline), "%s: the interrupt came", what))
		return;
	late = (s64)(fired_at - deadline);
	check(late >= 0, "%s: not before the deadline (%ld us after)", what,
	      to_us(late));
	check(late <= (s64)ms(LATE_MS), "%s: at most %u ms late", what,
	      LATE_MS);
	check((fired_ctl & (CTL_ENABLE | CTL_ISTATUS)) ==
		      (CTL_ENABLE | CTL_ISTATUS),
	      "%s: ENABLE and ISTATUS set in the handler (CTL %#lx)", what,
	      fired_ctl);
	udelay(20000);
	check_eq(fired, n, "%s: exactly one interrupt", what);
}

static void test_registers(void)
{
	u64 before, after, cval;
	s32 tval;

	check_eq(pctl() & CTL_ENABLE, 0, "CNTP_CTL: disabled at start");
	set_pctl(0);
	set_pcval(0x0123456789abcdefUL);
	check_eq(pcval(), 0x0123456789abcdefUL, "CNTP_CVAL reads back");

	before = cntpct();
	set_ptval((s32)ms(1000));
	after = cntpct();
	cval = pcval();
	check(cval >= before + ms(1000) && cval <= after + ms(1000),
	      "TVAL = 1 s: CVAL = CNTPCT + 1 s (%ld us after the write)",
	      to_us((s64)(cval - after)));
	/* TVAL is defined while enabled: mask, the deadline is far. */
	set_pctl(CTL_ENABLE | CTL_IMASK);
	before = cntpct();
	tval = ptval();
	after = cntpct();
	check(tval <= (s32)(cval - before) && tval >= (s32)(cval - after),
	      "TVAL reads CVAL - CNTPCT (%d)", tval);
	udelay(10000);
	check(ptval() < tval, "TVAL counts down");
	set_pctl(0);

	before = cntpct();
	set_ptval(-(s32)ms(10));
	after = cntpct();
	cval = pcval();
	check(cval >= before - ms(10) && cval <= after - ms(10),
	      "TVAL = -10 ms: CVAL 10 ms in the past (sign-extended)");
	set_pctl(CTL_ENABLE | CTL_IMASK);
	check(ptval() < 0, "TVAL reads negative past the deadline");
	set_pctl(0);
}

static void test_istatus(void)
{
	u64 cval, ctl, now, start;
	u32 n = fired;

	cval = cntpct() + ms(20);
	set_pcval(cval);
	set_pctl(CTL_ENABLE | CTL_IMASK | CTL_ISTATUS);
	ctl = pctl();
	now = cntpct();
	if (now < cval) {
		check_eq(ctl, CTL_ENABLE | CTL_IMASK,
			 "before the deadline: ISTATUS 0, even written as 1");
	}
	/* Wait for the condition; it must not show before the deadline. */
	do {
		ctl = pctl();
		now = cntpct();
	} while (!(ctl & CTL_ISTATUS) &&
		 (s64)(now - cval) < (s64)ms(LATE_MS + 1000));
	if (check(ctl & CTL_ISTATUS, "ISTATUS becomes 1 (IMASK set)"))
		check(now >= cval,
		      "... not before the deadline (seen %ld us "
		      "after)",
		      to_us((s64)(now - cval)));
	udelay(10000);
	check_eq(fired, n, "IMASK: no interrupt");
	start = cntpct();
	set_pctl(CTL_ENABLE);
	check_fired(n + 1, start, "IMASK cleared");
	check(pctl() & CTL_ISTATUS, "ISTATUS stays 1 after the interrupt");
	set_pcval(cntpct() + ms(1000));
	check(!(pctl() & CTL_ISTATUS),
	      "CVAL moved into the future: ISTATUS 0 again");
	set_pctl(0);
}

static void test_fire(void)
{
	u64 cval, first, start;
	u32 n = fired;

	cval = cntpct() + ms(10);
	set_pcval(cval);
	set_pctl(CTL_ENABLE);
	check_fired(n + 1, cval, "CVAL 10 ms ahead");
	set_pctl(0);

	n = fired;
	set_ptval((s32)ms(10));
	cval = pcval();
	set_pctl(CTL_ENABLE);
	check_fired(n + 1, cval, "TVAL 10 ms");
	set_pctl(0);

	/* Moved later before the first deadline. */
	n = fired;
	local_irq_disable();
	first = cntpct() + ms(50);
	set_pcval(first);
	set_pctl(CTL_ENABLE);
	cval = first + ms(50);
	set_pcval(cval);
	if (cntpct() < first) {
		local_irq_enable();
		check_fired(n + 1, cval, "CVAL moved 50 ms later");
	} else {
		local_irq_enable();
		printk("NOTE: too slow to move the deadline in time\n");
		wait_fired(n + 1, cval);
	}
	set_pctl(0);

	/* Disabled before the deadline: cancelled. */
	n = fired;
	set_ptval((s32)ms(10));
	set_pctl(CTL_ENABLE);
	set_pctl(0);
	udelay(60000);
	check_eq(fired, n, "disabled before the deadline: no interrupt");

	/* A deadline in the past: at once. */
	set_pcval(cntpct() - ms(1));
	start = cntpct();
	set_pctl(CTL_ENABLE);
	check_fired(n + 1, start, "enabled with CVAL in the past");
	set_pctl(0);
}

static void test_wfi(void)
{
	u32 n = fired, b = backstops, wfis = 0;
	u64 cval;

	cval = cntpct() + ms(20);
	arm_backstop();
	set_pcval(cval);
	set_pctl(CTL_ENABLE);
	while (READ_ONCE(fired) == n && READ_ONCE(backstops) == b) {
		wfi();
		wfis++;
	}
	disarm_backstop();
	printk("WFI: woken %u time(s)\n", wfis);
	check_eq(backstops, b, "WFI: not woken by the backstop");
	check(wfis <= MAX_WAKEUPS, "WFI blocked (%u wake-ups)", wfis);
	check_fired(n + 1, cval, "WFI, then the timer interrupt");
	set_pctl(0);
}

void test_main(void)
{
	if (!gic_version()) {
		test_error("no GIC");
		return;
	}
	freq = timer_freq();
	if (!check(freq != 0, "CNTFRQ_EL0 %lu Hz", freq))
		return;
	write_sysreg(0, cntv_ctl_el0);
	irq_register(PPI_PTIMER, on_ptimer, NULL);
	irq_register(PPI_VTIMER, on_vtimer, NULL);
	gic_enable_irq(PPI_PTIMER);
	gic_enable_irq(PPI_VTIMER);

	test_registers();
	local_irq_enable();
	test_istatus();
	test_fire();
	test_wfi();
	local_irq_disable();
	check_eq(irq_unhandled, 0, "no unexpected interrupt");
	test_success(NULL);
}
