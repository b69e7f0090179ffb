/* SPDX-License-Identifier: MIT */
/*
 * vCPUs: per-CPU data, bringing secondary vCPUs up with PSCI CPU_ON and
 * running functions on them.
 *
 * vCPU n is the n-th cpu node of the DT (reg = its MPIDR). A started
 * secondary waits (WFE) for work posted with on_cpu()/on_cpu_async() until
 * cpu_stop() makes it call PSCI CPU_OFF.
 */
#ifndef GUEST_SMP_H
#define GUEST_SMP_H

#include <arch.h>
#include <lib.h>
#include <traps.h>

struct cpu_data {
	unsigned int id;
	u64 mpidr; /* from the DT */
	volatile bool online;
	struct fault_record fault;
	sync_handler_t sync_handler;
	lower_sync_handler_t lower_sync_handler;
	unsigned int crash_depth;
	/* Work posted to a secondary. */
	void (*volatile work_fn)(void *arg);
	void *volatile work_arg;
	volatile u32 work_posted, work_done;
	volatile bool stop;
};

extern struct cpu_data cpu_data[MAX_CPUS];

/* Each vCPU's state when it entered the image (head.S). */
struct boot_state {
	u64 sctlr; /* SCTLR_EL1 */
	u64 daif;
	u64 currentel;
	u64 x0; /* DTB address (vCPU 0) or CPU_ON context id */
};
extern struct boot_state boot_state[MAX_CPUS];

static inline unsigned int smp_processor_id(void)
{
	return (unsigned int)read_sysreg(tpidr_el1);
}

static inline struct cpu_data *this_cpu(void)
{
	return &cpu_data[smp_processor_id()];
}

/* Number of vCPUs the DT describes (at most MAX_CPUS are usable). */
unsigned int nr_cpus(void);
u64 cpu_mpidr(unsigned int cpu);
/* The CPU index whose MPIDR is mpidr, or -1. */
int mpidr_to_cpu(u64 mpidr);

/*
 * Start a secondary vCPU with PSCI CPU_ON and wait (up to 5 s) until it runs
 * C code. Returns 0, the PSCI error of CPU_ON, or -1 on timeout.
 */
long cpu_start(unsigned int cpu);
/* Start every vCPU the DT describes; returns how many are online. */
unsigned int cpu_start_all(void);
bool cpu_online(unsigned int cpu);
/* Run fn(arg) on a started secondary vCPU; on_cpu() waits for it to end. */
void on_cpu_async(unsigned int cpu, void (*fn)(void *), void *arg);
void on_cpu(unsigned int cpu, void (*fn)(void *), void *arg);
/* Wait until the work last posted to cpu has finished (timeout: false). */
bool cpu_wait_idle(unsigned int cpu, u64 timeout_us);
/* Ask a secondary to call PSCI CPU_OFF; true once AFFINITY_INFO says OFF. */
bool cpu_stop(unsigned int cpu);

/* The PSCI CPU_ON entry point of the image (x0 = CPU index). */
extern char secondary_entry[];

/* Hook called on every secondary before it waits for work (gic.c). */
extern void (*secondary_init_hook)(void);

#endif /* GUEST_SMP_H */
