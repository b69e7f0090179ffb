/* SPDX-License-Identifier: MIT */
/*
 * Micro-benchmarks on one vCPU (bench/run boots it with -smp 1):
 *
 *  hypercall   HYPERVISOR_xen_version(XENVER_version, NULL) round trip
 *  mmio_gicd   32-bit read of GICD_TYPER: a stage-2 data abort emulated
 *              by the hypervisor's vGIC (Xen traps all GICD accesses too)
 *  timer       virtual timer latency, deadline (CNTV_CVAL) to the guest's
 *              IRQ handler reading CNTVCT, while the vCPU spins
 *  timer_wfi   the same while the vCPU is blocked in WFI (the hypervisor
 *              must turn the guest's timer into one of its own and wake
 *              the vCPU)
 *
 *  domain_created  not a loop: CNTPCT - CNTVCT read at once, the
 *              counter when the hypervisor created this domain (both Xen
 *              and armvisor set CNTVOFF to the counter then, and let EL1
 *              read the physical counter), in ns since QEMU started the
 *              machine: the hypervisor's boot time to its first domain
 *
 * Each prints one "BENCH name=... ns_per_op=..." line (../bench-common).
 */
#include "../bench-common/bench.h"
#include <gic_regs.h>

const char test_title[] = "Benchmark: hypercall, trapped MMIO, timer latency";

#define VTIMER_PPI 27 /* virtual timer: PPI 11 on Xen's and QEMU's boards */
#define CNTV_CTL_ENABLE BIT(0)
#define CNTV_CTL_IMASK BIT(1)
#define TIMER_DELTA_NS 20000

static struct bench_samples samples;
static volatile u64 fired_at;
static volatile u32 fired;

static void bench_hypercall(u64 iters)
{
	u64 i, t0, t1;
	long v = 0;

	for (i = 0; i < 64; i++)
		v = HYPERVISOR_xen_version(XENVER_version, NULL);
	if (v <= 0) {
		test_error("xen_version: %s", errname(v));
		return;
	}
	t0 = bench_now();
	for (i = 0; i < iters; i++)
		HYPERVISOR_xen_version(XENVER_version, NULL);
	t1 = bench_now();
	bench_report_total("hypercall", t1 - t0, iters);
}

static void bench_mmio(u64 iters)
{
	u64 gicd = platform.gicd_base, i, t0, t1;
	u32 v = 0;

	if (!gicd) {
		test_error("no GIC distributor in the DT");
		return;
	}
	for (i = 0; i < 64; i++)
		v ^= readl(gicd + GICD_TYPER);
	t0 = bench_now();
	for (i = 0; i < iters; i++)
		v ^= readl(gicd + GICD_TYPER);
	t1 = bench_now();
	(void)v;
	bench_report_total("mmio_gicd", t1 - t0, iters);
}

static void on_vtimer(u32 intid, void *arg)
{
	u64 now = bench_now();

	/* Level-triggered: silence it before the EOI. */
	write_sysreg(CNTV_CTL_IMASK, cntv_ctl_el0);
	isb();
	fired_at = now;
	fired = 1;
}

static bool one_timer(bool wfi_wait, u64 *latency)
{
	u64 delta = bench_ns_to_ticks(TIMER_DELTA_NS);
	u64 cval;

	fired = 0;
	cval = bench_now() + delta;
	write_sysreg(cval, cntv_cval_el0);
	write_sysreg(CNTV_CTL_ENABLE, cntv_ctl_el0);
	isb();
	if (wfi_wait) {
		BENCH_WFI_UNTIL(fired);
	} else {
		local_irq_enable();
		if (!BENCH_SPIN_UNTIL(fired, 1000000)) {
			local_irq_disable();
			return false;
		}
	}
	local_irq_disable();
	*latency = fired_at - cval;
	return true;
}

static void bench_timer(const char *name, bool wfi_wait, u64 iters)
{
	u64 i, lat;

	memset(&samples, 0, sizeof(samples));
	for (i = 0; i < 16 + iters; i++) {
		if (!one_timer(wfi_wait, &lat)) {
			test_error("%s: the virtual timer did not fire", name);
			return;
		}
		if (i >= 16)
			bench_sample(&samples, lat);
	}
	bench_report_samples(name, &samples, NULL);
}

static void bench_domain_created(void)
{
	u64 pct, vct;

	isb();
	pct = read_sysreg(cntpct_el0);
	vct = read_sysreg(cntvct_el0);
	bench_report_total("domain_created", pct - vct, 1);
}

void test_main(void)
{
	u64 iters = bench_iters(20000);
	u64 titers = bench_iters(2000);

	bench_domain_created();

	if (titers > BENCH_MAX_SAMPLES)
		titers = BENCH_MAX_SAMPLES;
	printk("timer frequency %lu Hz, GICv%u\n", bench_freq(), gic_version());
	bench_hypercall(iters);
	bench_mmio(iters);

	irq_register(VTIMER_PPI, on_vtimer, NULL);
	gic_enable_irq(VTIMER_PPI);
	bench_timer("timer", false, titers);
	bench_timer("timer_wfi", true, titers);
	write_sysreg(0, cntv_ctl_el0);
	gic_disable_irq(VTIMER_PPI);

	if (test_status() == STATUS_RUNNING)
		test_success(NULL);
}
