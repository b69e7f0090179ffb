/* SPDX-License-Identifier: MIT */
/* Secondary vCPUs: CPU_ON, a work loop, CPU_OFF. */
#include <lib.h>
#include <platform.h>
#include <psci.h>
#include <report.h>
#include <smp.h>

struct cpu_data cpu_data[MAX_CPUS];
struct boot_state boot_state[MAX_CPUS];
void (*secondary_init_hook)(void);

unsigned int nr_cpus(void)
{
	return platform.nr_cpus ? platform.nr_cpus : 1;
}

u64 cpu_mpidr(unsigned int cpu)
{
	return cpu < MAX_CPUS ? platform.mpidr[cpu] : ~0UL;
}

int mpidr_to_cpu(u64 mpidr)
{
	unsigned int i;

	mpidr &= 0xff00ffffffUL;
	for (i = 0; i < platform.nr_cpus; i++)
		if ((platform.mpidr[i] & 0xff00ffffffUL) == mpidr)
			return (int)i;
	return -1;
}

bool cpu_online(unsigned int cpu)
{
	return cpu < MAX_CPUS && READ_ONCE(cpu_data[cpu].online);
}

void secondary_main(unsigned long cpu);
void secondary_main(unsigned long cpu)
{
	struct cpu_data *c = &cpu_data[cpu];

	c->id = (unsigned int)cpu;
	if (secondary_init_hook)
		secondary_init_hook();
	__atomic_store_n(&c->online, true, __ATOMIC_SEQ_CST);
	sev();
	for (;;) {
		u32 posted;

		while ((posted = __atomic_load_n(&c->work_posted,
						 __ATOMIC_ACQUIRE)) ==
			       c->work_done &&
		       !READ_ONCE(c->stop))
			wfe();
		if (posted != c->work_done) {
			c->work_fn(c->work_arg);
			__atomic_store_n(&c->work_done, posted,
					 __ATOMIC_RELEASE);
			sev();
			continue;
		}
		/* stop requested */
		local_irq_disable();
		__atomic_store_n(&c->online, false, __ATOMIC_SEQ_CST);
		c->stop = false;
		sev();
		psci_cpu_off();
		test_error("vCPU %lu: PSCI CPU_OFF returned", cpu);
		test_exit();
	}
}

long cpu_start(unsigned int cpu)
{
	u64 start;
	long rc;

	if (cpu >= nr_cpus())
		return PSCI_INVALID_PARAMETERS;
	cpu_data[cpu].id = cpu;
	cpu_data[cpu].mpidr = cpu_mpidr(cpu);
	cpu_data[cpu].work_posted = cpu_data[cpu].work_done = 0;
	rc = psci_cpu_on(cpu_mpidr(cpu), (u64)(uintptr_t)secondary_entry, cpu);
	if (rc)
		return rc;
	start = uptime_us();
	while (!cpu_online(cpu)) {
		if (uptime_us() - start > 5000000)
			return -1;
		cpu_relax();
	}
	return 0;
}

unsigned int cpu_start_all(void)
{
	unsigned int cpu, n = 1;

	for (cpu = 1; cpu < nr_cpus(); cpu++)
		if (cpu_online(cpu) || cpu_start(cpu) == 0)
			n++;
	return n;
}

void on_cpu_async(unsigned int cpu, void (*fn)(void *), void *arg)
{
	struct cpu_data *c = &cpu_data[cpu];

	if (cpu == smp_processor_id()) {
		fn(arg);
		return;
	}
	if (!cpu_online(cpu)) {
		test_error("on_cpu(%u): vCPU is not online", cpu);
		test_exit();
	}
	if (!cpu_wait_idle(cpu, 10000000)) {
		test_error("on_cpu(%u): vCPU still busy after 10 s", cpu);
		test_exit();
	}
	c->work_fn = fn;
	c->work_arg = arg;
	__atomic_store_n(&c->work_posted, c->work_done + 1, __ATOMIC_RELEASE);
	dsb(ish);
	sev();
}

bool cpu_wait_idle(unsigned int cpu, u64 timeout_us)
{
	struct cpu_data *c = &cpu_data[cpu];
	u64 start = uptime_us();

	while (__atomic_load_n(&c->work_done, __ATOMIC_ACQUIRE) !=
	       READ_ONCE(c->work_posted)) {
		if (uptime_us() - start > timeout_us)
			return false;
		cpu_relax();
	}
	return true;
}

void on_cpu(unsigned int cpu, void (*fn)(void *), void *arg)
{
	on_cpu_async(cpu, fn, arg);
	if (cpu != smp_processor_id() && !cpu_wait_idle(cpu, 10000000)) {
		test_error("on_cpu(%u): work did not finish in 10 s", cpu);
		test_exit();
	}
}

bool cpu_stop(unsigned int cpu)
{
	u64 start;

	if (!cpu_online(cpu) || cpu == smp_processor_id())
		return false;
	if (!cpu_wait_idle(cpu, 10000000))
		return false;
	WRITE_ONCE(cpu_data[cpu].stop, true);
	dsb(ish);
	sev();
	start = uptime_us();
	while (psci_affinity_info(cpu_mpidr(cpu), 0) != PSCI_AFFINITY_OFF) {
		if (uptime_us() - start > 5000000)
			return false;
		cpu_relax();
	}
	return true;
}
