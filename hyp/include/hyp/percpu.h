/* SPDX-License-Identifier: MIT */
/* Per-CPU data: one struct per physical CPU, found through an arch hook. */
#ifndef HYP_PERCPU_H
#define HYP_PERCPU_H

#include <hyp/list.h>
#include <hyp/types.h>

#define NR_CPUS 16

struct vcpu;
struct sched_pcpu;

struct cpu_info {
	unsigned int id; /* logical CPU number, 0 = boot CPU */
	u64 mpidr;	 /* affinity fields of MPIDR_EL1 */
	bool online;
	void *stack_top;
	/* timer events queued on this CPU (common/timer.c) */
	struct list_head timers;
	u64 irq_count;	    /* interrupts taken (common/irq.c) */
	u64 ipi_ping_count; /* IPI_PING received (common/irq.c) */
	/* the vCPU whose state is loaded on this pCPU, NULL when idle */
	struct vcpu *curr_vcpu;
	/* scheduler state of this pCPU (common/sched.c) */
	struct sched_pcpu *sched;
};

extern struct cpu_info cpu_info[NR_CPUS];
extern unsigned int nr_cpus_online;
extern unsigned int nr_cpu_ids; /* CPUs we try to start */

/* arch hook: the current CPU's struct, kept in TPIDR_EL2 on arm64. */
struct cpu_info *arch_this_cpu(void);

static inline unsigned int smp_processor_id(void)
{
	return arch_this_cpu()->id;
}

#define for_each_online_cpu(c)                 \
	for ((c) = 0; (c) < nr_cpu_ids; (c)++) \
		if (cpu_info[(c)].online)

#endif
