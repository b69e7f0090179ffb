/* SPDX-License-Identifier: MIT */
/*
 * Shared by the benchmark guests (guests/tests/bench-*, ROLE := bench, run
 * by bench/run, never by the test harness). Not a guest itself: this
 * directory has no test.mk.
 *
 * Time is the virtual counter CNTVCT_EL0. Under QEMU with -icount shift=0
 * it advances one nanosecond per instruction executed (virtual time);
 * without -icount it follows the host's clock (wall-clock time).
 *
 * Every figure is printed as one line
 *
 *   BENCH name=<id> ns_per_op=<mean, 3 decimals> iters=<n> [key=value...]
 *
 * (extra keys: min=, p50=, max= for per-iteration samples, in ns). The
 * domain's bootargs (/chosen/bootargs, from the dom0less module node) may
 * hold "iters=N" to override the default iteration count (bench-quick
 * uses a small one).
 */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <test.h>

#define BENCH_MAX_SAMPLES 8192

static inline u64 bench_now(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

static inline u64 bench_freq(void)
{
	return platform.timer_freq ? platform.timer_freq : timer_freq();
}

/* Counter ticks to picoseconds, without 128-bit arithmetic. */
static inline u64 bench_ticks_to_ps(u64 ticks)
{
	u64 f = bench_freq();
	u64 q = 1000000000000ULL / f, r = 1000000000000ULL % f;

	return ticks * q + ticks * r / f;
}

static inline u64 bench_ns_to_ticks(u64 ns)
{
	u64 f = bench_freq();

	return ns / 1000000000ULL * f +
	       (ns % 1000000000ULL) * f / 1000000000ULL;
}

/* The value of "key=N" in the domain's bootargs, or def. */
static inline u64 bench_arg(const char *key, u64 def)
{
	int node = fdt_path("/chosen");
	const char *s, *end;
	size_t klen = strlen(key);
	u32 len = 0;

	if (node < 0)
		return def;
	s = fdt_prop(node, "bootargs", &len);
	if (!s || !len)
		return def;
	end = s + strnlen(s, len);
	while (s < end) {
		while (s < end && *s == ' ')
			s++;
		if ((size_t)(end - s) > klen && !strncmp(s, key, klen) &&
		    s[klen] == '=') {
			u64 v = 0;

			for (s += klen + 1; s < end && *s >= '0' && *s <= '9';
			     s++)
				v = v * 10 + (u64)(*s - '0');
			return v ? v : def;
		}
		while (s < end && *s != ' ')
			s++;
	}
	return def;
}

static inline u64 bench_iters(u64 def)
{
	u64 n = bench_arg("iters", def);

	return n > BENCH_MAX_SAMPLES * 64 ? BENCH_MAX_SAMPLES * 64 : n;
}

/* "12.345" from picoseconds, into buf. */
static inline const char *bench_fmt_ns(char *buf, size_t size, u64 ps)
{
	snprintf(buf, size, "%lu.%03lu", ps / 1000, ps % 1000);
	return buf;
}

/* A figure from the total ticks over iters operations. */
static inline void bench_report_total(const char *name, u64 ticks, u64 iters)
{
	char b[32];

	printk("BENCH name=%s ns_per_op=%s iters=%lu\n", name,
	       bench_fmt_ns(b, sizeof(b), bench_ticks_to_ps(ticks) / iters),
	       iters);
}

/* Per-iteration samples (ticks): mean, min, median, max. */
struct bench_samples {
	u32 n;
	u64 sum;
	u32 t[BENCH_MAX_SAMPLES];
};

static inline void bench_sample(struct bench_samples *s, u64 ticks)
{
	if (s->n < BENCH_MAX_SAMPLES)
		s->t[s->n++] = ticks > 0xffffffffULL ? 0xffffffffU : (u32)ticks;
	s->sum += ticks;
}

static inline void bench_report_samples(const char *name,
					struct bench_samples *s,
					const char *extra)
{
	char mean[32], mn[32], p50[32], mx[32];
	u32 gap, i, j, n = s->n;

	if (!n) {
		test_error("%s: no samples", name);
		return;
	}
	/* Shell sort: no recursion, no allocation. */
	for (gap = n / 2; gap; gap /= 2)
		for (i = gap; i < n; i++) {
			u32 v = s->t[i];

			for (j = i; j >= gap && s->t[j - gap] > v; j -= gap)
				s->t[j] = s->t[j - gap];
			s->t[j] = v;
		}
	printk("BENCH name=%s ns_per_op=%s iters=%u min=%s p50=%s max=%s%s%s\n",
	       name,
	       bench_fmt_ns(mean, sizeof(mean), bench_ticks_to_ps(s->sum) / n),
	       n, bench_fmt_ns(mn, sizeof(mn), bench_ticks_to_ps(s->t[0])),
	       bench_fmt_ns(p50, sizeof(p50), bench_ticks_to_ps(s->t[n / 2])),
	       bench_fmt_ns(mx, sizeof(mx), bench_ticks_to_ps(s->t[n - 1])),
	       extra ? " " : "", extra ? extra : "");
}

/*
 * Wait with interrupts masked around the check, so an interrupt arriving
 * between the check and WFI still wakes us: the vCPU blocks in the
 * hypervisor (WFI traps on Xen and armvisor) until the interrupt comes.
 */
#define BENCH_WFI_UNTIL(cond)                \
	do {                                 \
		local_irq_disable();         \
		while (!(cond)) {            \
			wfi();               \
			local_irq_enable();  \
			isb();               \
			local_irq_disable(); \
		}                            \
		local_irq_enable();          \
	} while (0)

/* Spin with a timeout (us); true if cond became true. */
#define BENCH_SPIN_UNTIL(cond, us)                       \
	({                                               \
		u64 __t0 = uptime_us();                  \
		bool __ok = true;                        \
		while (!(cond)) {                        \
			if (uptime_us() - __t0 > (us)) { \
				__ok = (cond);           \
				break;                   \
			}                                \
			cpu_relax();                     \
		}                                        \
		__ok;                                    \
	})

/*
 * Wait for cond, yielding the pCPU (SCHEDOP_yield) between checks, so a
 * vCPU or domain sharing it can make progress; true if cond became true
 * within us microseconds. (Spinning would last until the hypervisor
 * preempts us, and under -icount a loop reading the counter is slow.)
 */
#define BENCH_YIELD_UNTIL(cond, us)                               \
	({                                                        \
		u64 __t0 = uptime_us();                           \
		bool __ok = true;                                 \
		while (!(cond)) {                                 \
			if (uptime_us() - __t0 > (us)) {          \
				__ok = (cond);                    \
				break;                            \
			}                                         \
			HYPERVISOR_sched_op(SCHEDOP_yield, NULL); \
		}                                                 \
		__ok;                                             \
	})

/*
 * cpu_start() (guests/lib/smp.c), but waiting for the new vCPU with
 * SCHEDOP_yield instead of spinning: 0, a PSCI error, or -1 on timeout.
 */
static inline long bench_cpu_start(unsigned int cpu)
{
	long rc;

	if (cpu >= nr_cpus())
		return PSCI_INVALID_PARAMETERS;
	cpu_data[cpu].id = cpu;
	cpu_data[cpu].mpidr = cpu_mpidr(cpu);
	cpu_data[cpu].work_posted = cpu_data[cpu].work_done = 0;
	rc = psci_cpu_on(cpu_mpidr(cpu), (u64)(uintptr_t)secondary_entry, cpu);
	if (rc)
		return rc;
	return BENCH_YIELD_UNTIL(cpu_online(cpu), 5000000) ? 0 : -1;
}

/* Wait (yielding) until the work posted to cpu has finished. */
static inline bool bench_cpu_wait_idle(unsigned int cpu, u64 us)
{
	return BENCH_YIELD_UNTIL(cpu_wait_idle(cpu, 0), us);
}

#endif /* BENCH_COMMON_H */
