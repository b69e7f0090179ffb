/* SPDX-License-Identifier: MIT */
/* Work for secondaries blocked in WFI, woken by an SGI (sgi_work.h). */
#include <arch.h>
#include <gic.h>
#include <report.h>
#include <sgi_work.h>
#include <smp.h>

static struct {
	void (*volatile fn)(void *);
	void *volatile arg;
	u32 posted, done;
} mbox[MAX_CPUS];
static u32 kick_sgi;

/* A serving vCPU's life: set up, then run what is posted, forever. */
static void serve(void *setup)
{
	unsigned int me = smp_processor_id();
	u32 seen = 0;

	if (setup)
		((void (*)(void))setup)();
	__atomic_store_n(&mbox[me].done, 0, __ATOMIC_RELEASE);
	for (;;) {
		while (__atomic_load_n(&mbox[me].posted, __ATOMIC_ACQUIRE) ==
		       seen)
			wfi();
		seen = mbox[me].posted;
		mbox[me].fn(mbox[me].arg);
		__atomic_store_n(&mbox[me].done, seen, __ATOMIC_RELEASE);
	}
}

void sgi_work_start(unsigned int cpu, u32 kick, void (*setup)(void))
{
	kick_sgi = kick;
	/* done != posted until serve() runs: the wait below sees it start. */
	mbox[cpu].done = ~0U;
	mbox[cpu].posted = 0;
	on_cpu_async(cpu, serve, (void *)setup);
	sgi_work_wait(cpu);
}

void sgi_work_post(unsigned int cpu, void (*fn)(void *), void *arg)
{
	mbox[cpu].fn = fn;
	mbox[cpu].arg = arg;
	__atomic_store_n(&mbox[cpu].posted, mbox[cpu].posted + 1,
			 __ATOMIC_RELEASE);
	gic_send_sgi(cpu, kick_sgi);
}

void sgi_work_wait(unsigned int cpu)
{
	u64 start = uptime_us();

	while (__atomic_load_n(&mbox[cpu].done, __ATOMIC_ACQUIRE) !=
	       mbox[cpu].posted) {
		if (uptime_us() - start > 10000000) {
			test_error("vCPU %u did not run its work in 10 s", cpu);
			test_exit();
		}
		cpu_relax();
	}
}

void sgi_work_run(unsigned int cpu, void (*fn)(void *), void *arg)
{
	if (cpu == smp_processor_id()) {
		fn(arg);
		return;
	}
	sgi_work_post(cpu, fn, arg);
	sgi_work_wait(cpu);
}
