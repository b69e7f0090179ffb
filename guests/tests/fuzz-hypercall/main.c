/* SPDX-License-Identifier: MIT */
/*
 * A random-input fuzzer for everything a guest can reach: hypercalls
 * (every number 0-63 and large ones, random sub-operations and structures,
 * arguments pointing at unmapped IPAs, MMIO, page edges, misaligned,
 * huge counts), multicalls of those, SMCCC/PSCI function ids over HVC #0
 * and SMC #0, every load/store form on the emulated GIC distributor,
 * redistributors and vpl011, the trapped system registers (ICC_SGI1R_EL1,
 * CNTP_*, ACTLR_EL1) and random MRS/MSR encodings, HVC/SMC immediates,
 * WFI/WFE. Exceptions the hypervisor injects are expected and caught.
 *
 * vCPU 0 runs a deterministic sequence from the seed; vCPU 1 runs a
 * concurrent stream of non-blocking operations (event channels, vGIC,
 * SGIs) to exercise locking. Domain 2 (fuzz-heartbeat) runs alongside.
 *
 * Pass: the hypervisor neither panics nor hangs (the harness), every call
 * returns, the few ABI-fixed answers hold (unknown hypercall numbers give
 * -ENOSYS, other HVC/SMC immediates UNDEF, unknown SMCCC services -1, a
 * domU cannot remote_shutdown), the hypervisor never wrote into the
 * fuzzer's code, and at the end domain 2 answers pings over a fresh
 * interdomain event channel (it was not starved or killed).
 *
 * The seed is FUZZ_SEED (make -C guests fuzz-hypercall FUZZ_SEED=...) or
 * "fuzz.seed=N" in the domain's bootargs; "fuzz.iterations=N",
 * "fuzz.max_ms=N", "fuzz.trace_from=N" (print each operation from N on),
 * "fuzz.no_worker", "fuzz.no_partner" also work there. On anything
 * unexpected the seed and the last operations of both vCPUs are printed.
 */
#include "fuzz.h"
#include <gic_regs.h>

#ifndef FUZZ_SEED
#define FUZZ_SEED 0x5eedf00d2024UL
#endif
#define FUZZ_ITERATIONS 20000
#define FUZZ_MAX_MS 8000

const char test_title[] = "Random hypercalls, SMCCC calls, MMIO and sysregs";

struct fuzz_config cfg = {
	.seed = FUZZ_SEED,
	.iterations = FUZZ_ITERATIONS,
	.max_ms = FUZZ_MAX_MS,
	.trace_from = ~0UL,
};

/* ---- configuration from the domain's bootargs ---- */

static bool parse_u64(const char *s, size_t len, u64 *out)
{
	u64 v = 0, base = 10;
	size_t i = 0;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == len)
		return false;
	for (; i < len; i++) {
		char c = s[i];
		u64 d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return false;
		v = v * base + d;
	}
	*out = v;
	return true;
}

static void parse_bootargs(void)
{
	int chosen = fdt_path("/chosen");
	const char *args, *p, *end;
	u32 len;

	if (chosen < 0)
		return;
	args = fdt_prop(chosen, "bootargs", &len);
	if (!args || !len)
		return;
	end = args + strnlen(args, len);
	for (p = args; p < end;) {
		const char *w = p, *eq;
		size_t n, klen;
		u64 v;

		while (p < end && *p != ' ')
			p++;
		n = (size_t)(p - w);
		while (p < end && *p == ' ')
			p++;
		if (n < 5 || strncmp(w, "fuzz.", 5))
			continue;
		for (eq = w; eq < w + n && *eq != '='; eq++)
			;
		klen = (size_t)(eq - w);
#define KEY(k) (klen == sizeof(k) - 1 && !strncmp(w, k, klen))
		if (KEY("fuzz.no_worker")) {
			cfg.no_worker = true;
		} else if (KEY("fuzz.no_partner")) {
			cfg.no_partner = true;
		} else if (eq < w + n &&
			   parse_u64(eq + 1, (size_t)(w + n - eq - 1), &v)) {
			if (KEY("fuzz.seed"))
				cfg.seed = v;
			else if (KEY("fuzz.iterations"))
				cfg.iterations = v;
			else if (KEY("fuzz.max_ms"))
				cfg.max_ms = v;
			else if (KEY("fuzz.trace_from"))
				cfg.trace_from = v;
			else
				test_warning("unknown option %.*s", (int)n, w);
		} else {
			test_warning("bad option %.*s", (int)n, w);
		}
#undef KEY
	}
}

/* ---- the worker on vCPU 1 ---- */

enum { W_IDLE, W_RUN, W_PAUSE, W_PAUSED, W_STOP, W_STOPPED };
static volatile u32 worker_cmd = W_IDLE, worker_state = W_IDLE;
static bool worker_started;

/* vCPU 0's operation count, which the worker watches. */
static volatile u64 v0_done;

static void worker_fn(void *arg)
{
	struct rng r = {.s = cfg.seed ^ 0x9e3779b97f4a7c15UL};
	u64 i, seen = ~0UL, since = 0;
	bool said = false;

	ops_install_handler();
	WRITE_ONCE(worker_state, W_RUN);
	for (i = 0;; i++) {
		u32 cmd = READ_ONCE(worker_cmd);

		/* A stuck vCPU 0 (in a call that should not block): say so. */
		if (!(i & 255)) {
			u64 now = uptime_us(), d = READ_ONCE(v0_done);

			if (d != seen) {
				seen = d;
				since = now;
			} else if (!said && now - since > 5000000) {
				said = true;
				printk("fuzz: vCPU 0 made no progress for 5 s "
				       "(stuck in operation %lu?)\n",
				       d);
				ring_dump();
			}
		}

		if (cmd == W_STOP)
			break;
		if (cmd == W_PAUSE) {
			u64 since = uptime_us();
			bool said = false;

			WRITE_ONCE(worker_state, W_PAUSED);
			while (READ_ONCE(worker_cmd) == W_PAUSE) {
				/* vCPU 0 is in a call that may block. */
				if (!said && uptime_us() - since > 5000000) {
					said = true;
					printk("fuzz: vCPU 0 has not come back "
					       "from a blocking call for 5 s, "
					       "its wake-up armed\n");
					ring_dump();
				}
				cpu_relax();
			}
			WRITE_ONCE(worker_state, W_RUN);
			continue;
		}
		op_worker(&r, i);
		stats.worker_ops++;
	}
	set_sync_handler(NULL);
	WRITE_ONCE(worker_state, W_STOPPED);
	(void)arg;
}

/* Ask the worker to reach state `want`; false if it did not in 3 s. */
static bool worker_wait(u32 cmd, u32 want)
{
	u64 start = uptime_us();

	if (!worker_started)
		return true;
	dmb(ish);
	WRITE_ONCE(worker_cmd, cmd);
	while (READ_ONCE(worker_state) != want) {
		if (uptime_us() - start > 3000000) {
			fuzz_unexpected("vCPU 1 did not answer within 3 s "
					"(stuck in the hypervisor?)");
			worker_started = false;
			return false;
		}
		cpu_relax();
	}
	return true;
}

/* ---- wake-ups for calls that may block ---- */

#define VTIMER_PPI 27

static u64 my_gicr; /* vCPU 0's redistributor (GICv3) */
static volatile u32 vtimer_irqs, other_irqs;

static void vtimer_irq(u32 intid, void *arg)
{
	write_sysreg(0, cntv_ctl_el0);
	isb();
	vtimer_irqs++;
}

/* Anything else the fuzzer made pending: silence it at the source. */
static void other_irq(u32 intid, void *arg)
{
	u64 base = (intid < 32 && platform.gic_version == 3)
			   ? my_gicr + GICR_SGI
			   : platform.gicd_base;

	writel(1U << (intid % 32), base + GICD_ICENABLER + intid / 32 * 4);
	other_irqs++;
}

static void find_my_gicr(void)
{
	u64 mpidr = read_sysreg(mpidr_el1);
	u64 aff = ((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff);
	u64 off;

	for (off = 0; off < platform.gicr_size; off += 0x20000) {
		u64 typer = readq(platform.gicr_base + off + GICR_TYPER);

		if ((typer >> 32) == aff) {
			my_gicr = platform.gicr_base + off;
			return;
		}
		if (typer & (1UL << 4))
			break;
	}
	my_gicr = platform.gicr_base;
}

/*
 * The distributor and our CPU interface back to their boot state (all
 * interrupts disabled, none active), then only the virtual timer PPI on.
 */
static void gic_restore(void)
{
	u64 banked = platform.gic_version == 3 ? my_gicr + GICR_SGI
					       : platform.gicd_base;
	unsigned int i;

	gic_init();
	writel(~0U, banked + GICD_ICACTIVER);
	for (i = 32; i < gic_nr_lines(); i += 32)
		writel(~0U, platform.gicd_base + GICD_ICACTIVER + i / 8);
	gic_set_priority(VTIMER_PPI, GIC_PRIO_DEFAULT);
	gic_enable_irq(VTIMER_PPI);
}

void block_prepare(void)
{
	worker_wait(W_PAUSE, W_PAUSED);
	gic_restore();
	fz_write_cntp(0, 0); /* CNTP_CTL: the physical timer off */
	stats.blocking++;
}

/*
 * Right before the call: the virtual timer fires in BLOCK_WAKE_US. It
 * must not fire before the call blocks: an interrupt that became pending
 * (masked) before SCHEDOP_poll does not end the poll (on Xen 4.17 either),
 * so this is armed last, with a margin.
 */
#define BLOCK_WAKE_US 3000
void block_arm(void)
{
	write_sysreg(timer_count() + timer_freq() * BLOCK_WAKE_US / 1000000,
		     cntv_cval_el0);
	write_sysreg(1, cntv_ctl_el0);
	isb();
}

void block_finish(void)
{
	write_sysreg(0, cntv_ctl_el0);
	isb();
	local_irq_disable(); /* SCHEDOP_block unmasks them */
	if (worker_started)
		WRITE_ONCE(worker_cmd, W_RUN);
}

/* ---- the partner domain ---- */

/*
 * Domain 2 (fuzz-heartbeat) offered an unbound port for us and answers
 * each event with one, unless it was starved for more than its limit.
 */
static void check_partner(void)
{
	u64 deadline = uptime_us() + 10000000;
	evtchn_port_t local = 0;
	unsigned int round, p;

	while (!local && uptime_us() < deadline) {
		for (p = 1; p <= 16 && !local; p++) {
			struct evtchn_bind_interdomain b = {.remote_dom = 2,
							    .remote_port = p};

			if (!HYPERVISOR_event_channel_op(
				    EVTCHNOP_bind_interdomain, &b))
				local = b.local_port;
		}
		if (!local)
			udelay(20000);
	}
	if (!local) {
		test_failure("FAIL: domain 2 (fuzz-heartbeat) offers no port: "
			     "it never started, or died");
		return;
	}
	for (round = 0; round < 3; round++) {
		u64 until = uptime_us() + 5000000;

		evtchn_clear_pending(local);
		evtchn_send(local);
		while (!evtchn_pending(local) && uptime_us() < until)
			cpu_relax();
		if (!evtchn_pending(local)) {
			test_failure("FAIL: domain 2 did not answer ping %u "
				     "within 5 s: stalled, starved or dead "
				     "(see its heartbeat lines)",
				     round + 1);
			return;
		}
	}
	printk("PASS: domain 2 (heartbeat partner) answered 3 pings over "
	       "port %u\n",
	       local);
	evtchn_close(local);
}

/* ---- the run ---- */

static u64 text_sum(void)
{
	const u64 *p = (const u64 *)(uintptr_t)_start;
	const u64 *e = (const u64 *)(uintptr_t)ALIGN_DOWN((u64)_etext, 8);
	u64 s = 0;

	for (; p < e; p++)
		s = (s ^ *p) * 0x100000001b3UL;
	return s;
}

/* Console lines stay under the hypervisors' 128-byte line limit. */
static void print_stats(u64 done, u64 ms)
{
	printk("fuzz: %lu operations in %lu ms (%lu on vCPU 1)\n", done, ms,
	       stats.worker_ops);
	printk("fuzz: %lu hypercalls, %lu multicalls, %lu SMCCC (HVC), %lu "
	       "SMCCC (SMC)\n",
	       stats.ops[OP_HYPERCALL], stats.ops[OP_MULTICALL],
	       stats.ops[OP_SMCCC_HVC], stats.ops[OP_SMCCC_SMC]);
	printk("fuzz: %lu MMIO, %lu sysreg, %lu generated instructions\n",
	       stats.ops[OP_MMIO], stats.ops[OP_SYSREG], stats.ops[OP_INSN]);
	printk("fuzz: %lu exceptions caught, %lu blocking calls, %lu/%lu "
	       "timer/other IRQs, %lu pages lost\n",
	       stats.faults, stats.blocking, (u64)vtimer_irqs, (u64)other_irqs,
	       stats.pages_lost);
	printk("fuzz: %lu grant-table frames mapped, %lu grant mappings\n",
	       stats.gnt_frames, stats.gnt_maps);
}

void test_main(void)
{
	struct rng r;
	u64 i, start, sum;
	unsigned int irq;
	long rc;

	parse_bootargs();
	r.s = cfg.seed ? cfg.seed : 1;
	printk("fuzz: seed 0x%lx, %lu operations, at most %lu ms, worker %s, "
	       "partner %s\n",
	       cfg.seed, cfg.iterations, cfg.max_ms,
	       cfg.no_worker ? "off" : "on", cfg.no_partner ? "off" : "on");
	printk("fuzz: reproduce with bootargs \"fuzz.seed=0x%lx\" or "
	       "FUZZ_SEED=0x%lx\n",
	       cfg.seed, cfg.seed);

	gen_init();
	if (scratch_base < ALIGN_UP((u64)(uintptr_t)_end, PAGE_SIZE)) {
		test_error("RAM too small: scratch at 0x%lx overlaps the image",
			   scratch_base);
		return;
	}
	if (platform.gic_version == 3)
		find_my_gicr();
	ops_init();
	for (irq = 0; irq < 1020; irq++)
		irq_register(irq, irq == VTIMER_PPI ? vtimer_irq : other_irq,
			     NULL);
	rc = xen_map_shared_info();
	if (rc) {
		test_error("XENMEM_add_to_physmap(shared_info): %s",
			   errname(rc));
		return;
	}
	scratch_memset(scratch_base, 0, SCRATCH_SIZE);
	sum = text_sum();

	if (!cfg.no_worker && nr_cpus() >= 2) {
		rc = cpu_start(1);
		if (rc) {
			test_error("starting vCPU 1: %ld", rc);
			return;
		}
		worker_started = true;
		WRITE_ONCE(worker_cmd, W_RUN);
		on_cpu_async(1, worker_fn, NULL);
	}
	ops_install_handler();

	start = uptime_us();
	for (i = 0; i < cfg.iterations && !fuzz_stop; i++) {
		op_random(&r, i);
		WRITE_ONCE(v0_done, i + 1);
		if ((i & 1023) == 1023) {
			u64 ms = (uptime_us() - start) / 1000;

			if (cfg.max_ms && ms >= cfg.max_ms) {
				printk("fuzz: time limit (%lu ms) reached\n",
				       cfg.max_ms);
				i++;
				break;
			}
			if ((i & 8191) == 8191)
				printk("fuzz: %lu operations, %lu ms\n", i + 1,
				       ms);
		}
	}
	print_stats(i, (uptime_us() - start) / 1000);

	/* Put everything back the way the end checks need it. */
	if (worker_started && worker_wait(W_STOP, W_STOPPED)) {
		if (!cpu_stop(1))
			test_failure(
				"FAIL: vCPU 1 did not stop (PSCI CPU_OFF)");
	}
	set_sync_handler(NULL);
	gic_restore();
	fz_write_cntp(0, 0);
	write_sysreg(0, cntv_ctl_el0);
	local_irq_disable();

	check_eq(text_sum(), sum, "the fuzzer's code is unchanged");
	rc = HYPERVISOR_xen_version(XENVER_version, NULL);
	check_eq(rc, 0x40011, "xen_version still answers");
	{
		struct evtchn_reset reset = {.dom = DOMID_SELF};

		rc = HYPERVISOR_event_channel_op(EVTCHNOP_reset, &reset);
		check_eq(rc, 0, "EVTCHNOP_reset of our own ports");
	}
	rc = xen_map_shared_info();
	check(rc == 0 || rc == -XEN_EBUSY,
	      "shared_info is still mapped where the runtime expects it (%s)",
	      errname(rc));
	if (!cfg.no_partner)
		check_partner();
	if (fuzz_stop)
		return; /* a failure was reported with the seed and the ring */
	test_success(NULL);
}
