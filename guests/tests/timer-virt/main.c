/* SPDX-License-Identifier: MIT */
/*
 * The EL1 virtual timer (CNTV_*_EL0, PPI 27), which the guest programs
 * directly and the hypervisor keeps running while the vCPU is off-CPU:
 *
 *  - CNTFRQ_EL0 is what the DT says; CNTV_CVAL set 10 ms ahead fires no
 *    earlier than the deadline (the handler reads CNTVCT >= CVAL, with
 *    ENABLE and ISTATUS set) and within LATE_MS of it, exactly once;
 *  - CNTV_TVAL sets CVAL to CNTVCT + TVAL, counts down, and reads
 *    negative once the deadline has passed; it fires like CVAL;
 *  - IMASK holds the interrupt back while ISTATUS shows the condition;
 *    clearing it lets the interrupt in; a disabled timer with a deadline
 *    in the past does not fire until enabled;
 *  - moving CVAL later before the deadline moves the interrupt;
 *  - WFI blocks the vCPU until its timer fires (with interrupts unmasked
 *    and with PSTATE.I set), returning at most MAX_WAKEUPS times;
 *  - with 2 vCPUs, each one's timer interrupts itself only, at its own
 *    deadline, both armed at the same time and waited for in WFI; both
 *    read the same virtual counter.
 *
 * Each WFI wait has a backstop, the physical timer 2 s later, so that a
 * lost timer interrupt fails the test instead of hanging it. Xen 4.17
 * (and armvisor) set IMASK in CNTV_CTL when they forward the interrupt;
 * the test always rewrites CTL, as guests do.
 */
#include <test.h>

const char test_title[] = "Virtual timer: CVAL, TVAL, IMASK, WFI, 2 vCPUs";

#define PPI_VTIMER 27
#define PPI_PTIMER 30

#define CTL_ENABLE 1UL
#define CTL_IMASK 2UL
#define CTL_ISTATUS 4UL

/* How late a timer interrupt may come (QEMU TCG on a busy host). */
#define LATE_MS 200
/* WFI returning this often in 20 ms means it did not block. */
#define MAX_WAKEUPS 50

static u64 freq;
static volatile u32 fired[MAX_CPUS];
static volatile u64 fired_at[MAX_CPUS]; /* CNTVCT in the handler */
static volatile u64 fired_ctl[MAX_CPUS];
static volatile u32 backstops[MAX_CPUS];

static u64 ms(u64 n)
{
	return freq * n / 1000;
}

static u64 cntvct(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

static u64 vctl(void)
{
	isb();
	return read_sysreg(cntv_ctl_el0);
}

static void set_vctl(u64 v)
{
	write_sysreg(v, cntv_ctl_el0);
	isb();
}

static void on_vtimer(u32 intid, void *arg)
{
	static u32 burst[MAX_CPUS];
	unsigned int cpu = smp_processor_id();
	u64 now = cntvct();

	/*
	 * Mask it (the condition stays true until CVAL or CTL change). Should
	 * it keep coming all the same, turn it off so that the test can go
	 * on and fail instead of livelocking.
	 */
	burst[cpu] =
		fired[cpu] && now - fired_at[cpu] < ms(1) ? burst[cpu] + 1 : 0;
	fired_at[cpu] = now;
	fired_ctl[cpu] = vctl();
	set_vctl(burst[cpu] > 20 ? 0 : CTL_ENABLE | CTL_IMASK);
	fired[cpu]++;
}

static void on_ptimer(u32 intid, void *arg)
{
	write_sysreg(0, cntp_ctl_el0);
	isb();
	backstops[smp_processor_id()]++;
}

/* The physical timer 2 s from now, in case the virtual one never fires. */
static void arm_backstop(void)
{
	write_sysreg(freq * 2, cntp_tval_el0);
	write_sysreg(CTL_ENABLE, cntp_ctl_el0);
	isb();
}

static void disarm_backstop(void)
{
	write_sysreg(0, cntp_ctl_el0);
	isb();
}

static void arm_cval(u64 cval)
{
	set_vctl(0);
	write_sysreg(cval, cntv_cval_el0);
	set_vctl(CTL_ENABLE);
}

/* Wait up to LATE_MS past deadline (plus 1 s) for n interrupts. */
static bool wait_fired(unsigned int cpu, u32 n, u64 deadline)
{
	while (READ_ONCE(fired[cpu]) < n &&
	       (s64)(cntvct() - deadline) < (s64)ms(LATE_MS + 1000))
		cpu_relax();
	return READ_ONCE(fired[cpu]) >= n;
}

/*
 * After the n-th interrupt of cpu's timer, due at deadline: it came, not
 * early, not too late, with the timer enabled and its condition met, and
 * no second one follows within 20 ms.
 */
static void check_fired(unsigned int cpu, u32 n, u64 deadline, const char *what)
{
	s64 late;

	if (!check(wait_fired(cpu, n, deadline), "%s: the interrupt came",
		   what))
		return;
	late = (s64)(fired_at[cpu] - deadline);
	check(late >= 0, "%s: not before the deadline (%ld us after)", what,
	      late * 1000000 / (s64)freq);
	check(late <= (s64)ms(LATE_MS), "%s: at most %u ms late", what,
	      LATE_MS);
	check((fired_ctl[cpu] & (CTL_ENABLE | CTL_ISTATUS)) ==
		      (CTL_ENABLE | CTL_ISTATUS),
	      "%s: ENABLE and ISTATUS set in the handler (CTL %#lx)", what,
	      fired_ctl[cpu]);
	udelay(20000);
	check_eq(fired[cpu], n, "%s: exactly one interrupt", what);
}

/* ---- vCPU 0 alone ---- */

static void test_cval(void)
{
	u64 cval, ctl, now;
	u32 n = fired[0];

	cval = cntvct() + ms(10);
	arm_cval(cval);
	ctl = vctl();
	now = cntvct();
	check_eq(read_sysreg(cntv_cval_el0), cval, "CVAL reads back");
	if (now < cval)
		check_eq(ctl & (CTL_ENABLE | CTL_IMASK | CTL_ISTATUS),
			 CTL_ENABLE, "CVAL: before the deadline, ISTATUS 0");
	check_fired(0, n + 1, cval, "CVAL 10 ms ahead");
	check(vctl() & CTL_ISTATUS, "CVAL: ISTATUS still set afterwards");
	set_vctl(0);
}

static void test_tval(void)
{
	u64 before, after, cval;
	s32 tval;
	u32 n = fired[0];

	set_vctl(0);
	before = cntvct();
	write_sysreg(ms(10), cntv_tval_el0);
	isb();
	after = cntvct();
	cval = read_sysreg(cntv_cval_el0);
	check(cval >= before + ms(10) && cval <= after + ms(10),
	      "TVAL write: CVAL = CNTVCT + TVAL");
	set_vctl(CTL_ENABLE | CTL_IMASK);
	tval = (s32)read_sysreg(cntv_tval_el0);
	check(tval <= (s32)ms(10) && (s64)tval >= (s64)cval - (s64)cntvct() - 1,
	      "TVAL reads CVAL - CNTVCT (%d)", tval);
	set_vctl(CTL_ENABLE);
	check_fired(0, n + 1, cval, "TVAL 10 ms");
	tval = (s32)read_sysreg(cntv_tval_el0);
	check(tval < 0, "TVAL is negative after the deadline (%d)", tval);
	set_vctl(0);
}

static void test_imask(void)
{
	u64 cval, start;
	u32 n = fired[0];

	cval = cntvct() + ms(5);
	set_vctl(0);
	write_sysreg(cval, cntv_cval_el0);
	set_vctl(CTL_ENABLE | CTL_IMASK);
	udelay(30000);
	check_eq(fired[0], n, "IMASK: no interrupt past the deadline");
	check(vctl() & CTL_ISTATUS, "IMASK: ISTATUS shows the condition");
	start = cntvct();
	set_vctl(CTL_ENABLE);
	check_fired(0, n + 1, start, "IMASK cleared");

	/* Disabled, deadline in the past: nothing until enabled. */
	n = fired[0];
	set_vctl(0);
	write_sysreg(cntvct() - 1, cntv_cval_el0);
	udelay(20000);
	check_eq(fired[0], n, "disabled: no interrupt");
	start = cntvct();
	set_vctl(CTL_ENABLE);
	check_fired(0, n + 1, start, "enabled with CVAL in the past");
	set_vctl(0);
}

static void test_reprogram(void)
{
	u64 first, second;
	u32 n = fired[0];

	local_irq_disable();
	first = cntvct() + ms(50);
	arm_cval(first);
	second = first + ms(50);
	write_sysreg(second, cntv_cval_el0);
	isb();
	if (cntvct() >= first) {
		printk("NOTE: too slow to move the deadline in time\n");
		local_irq_enable();
		wait_fired(0, n + 1, second);
		set_vctl(0);
		return;
	}
	local_irq_enable();
	check_fired(0, n + 1, second, "CVAL moved 50 ms later");
	set_vctl(0);
}

static void test_wfi(void)
{
	u64 cval;
	u32 n = fired[0], b = backstops[0], wfis = 0;

	/* Interrupts unmasked: WFI until the handler has run. */
	cval = cntvct() + ms(20);
	arm_backstop();
	arm_cval(cval);
	while (READ_ONCE(fired[0]) == n && READ_ONCE(backstops[0]) == b) {
		wfi();
		wfis++;
	}
	disarm_backstop();
	printk("WFI: woken %u time(s)\n", wfis);
	/* Spurious wake-ups are allowed, spinning is not blocking. */
	check(wfis <= MAX_WAKEUPS, "WFI blocked (%u wake-ups)", wfis);
	check_eq(backstops[0], b, "WFI: not woken by the backstop");
	check_fired(0, n + 1, cval, "WFI, then the timer interrupt");
	set_vctl(0);

	/* PSTATE.I set: WFI still wakes up for the pending interrupt. */
	n = fired[0];
	wfis = 0;
	local_irq_disable();
	cval = cntvct() + ms(20);
	arm_backstop();
	arm_cval(cval);
	while (!(vctl() & CTL_ISTATUS)) {
		if ((s64)(cntvct() - cval) > (s64)ms(2000 + LATE_MS))
			break;
		wfi();
		wfis++;
	}
	printk("WFI with PSTATE.I set: woken %u time(s), %ld us after the "
	       "deadline\n",
	       wfis, (s64)(cntvct() - cval) * 1000000 / (s64)freq);
	check(cntvct() >= cval, "WFI (PSTATE.I set) returned after the "
				"deadline");
	check(wfis <= MAX_WAKEUPS, "WFI (PSTATE.I set) blocked (%u wake-ups)",
	      wfis);
	local_irq_enable();
	disarm_backstop();
	check_eq(backstops[0], b, "WFI (PSTATE.I set): no backstop needed");
	check_fired(0, n + 1, cval, "WFI with PSTATE.I set, then unmasked");
	set_vctl(0);
}

/* ---- two vCPUs ---- */

static volatile u64 deadline1, seen1;

static void cpu1_counter(void *arg)
{
	seen1 = cntvct();
}

static void cpu1_timer(void *arg)
{
	u32 b = backstops[1];

	gic_enable_irq(PPI_VTIMER);
	gic_enable_irq(PPI_PTIMER);
	local_irq_enable();
	arm_backstop();
	arm_cval(deadline1);
	while (READ_ONCE(fired[1]) == 0 && READ_ONCE(backstops[1]) == b)
		wfi();
	disarm_backstop();
	set_vctl(0);
	local_irq_disable();
}

static void test_two_vcpus(void)
{
	u64 a, c, deadline0;
	u32 n0 = fired[0], b0 = backstops[0];

	if (!check_eq(cpu_start(1), 0, "start vCPU 1"))
		return;
	/* One counter for the domain: vCPU 1 reads between our reads. */
	a = cntvct();
	on_cpu(1, cpu1_counter, NULL);
	c = cntvct();
	check(a <= seen1 && seen1 <= c,
	      "vCPU 1 reads the same virtual counter (%lu <= %lu <= %lu)", a,
	      seen1, c);

	/* vCPU 1 at +30 ms, vCPU 0 at +60 ms, both in WFI. */
	deadline1 = cntvct() + ms(30);
	deadline0 = deadline1 + ms(30);
	on_cpu_async(1, cpu1_timer, NULL);
	arm_backstop();
	arm_cval(deadline0);
	while (READ_ONCE(fired[0]) == n0 && READ_ONCE(backstops[0]) == b0)
		wfi();
	disarm_backstop();
	if (!cpu_wait_idle(1, 5000000)) {
		test_failure("vCPU 1 did not finish waiting for its timer");
		return;
	}
	check_eq(backstops[0] + backstops[1], b0, "no backstop needed");
	check_fired(0, n0 + 1, deadline0, "vCPU 0's timer (+60 ms)");
	check_fired(1, 1, deadline1, "vCPU 1's timer (+30 ms)");
	set_vctl(0);
}

void test_main(void)
{
	if (!gic_version()) {
		test_error("no GIC");
		return;
	}
	freq = timer_freq();
	check(freq != 0, "CNTFRQ_EL0 %lu Hz", freq);
	if (platform.timer_freq)
		check_eq(freq, platform.timer_freq,
			 "CNTFRQ_EL0 matches the DT's clock-frequency");
	if (!freq)
		return;
	set_vctl(0);
	irq_register(PPI_VTIMER, on_vtimer, NULL);
	irq_register(PPI_PTIMER, on_ptimer, NULL);
	gic_enable_irq(PPI_VTIMER);
	gic_enable_irq(PPI_PTIMER);
	local_irq_enable();

	test_cval();
	test_tval();
	test_imask();
	test_reprogram();
	test_wfi();
	test_two_vcpus();
	local_irq_disable();
	check_eq(irq_unhandled, 0, "no unexpected interrupt");
	test_success(NULL);
}
