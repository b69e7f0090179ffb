/* SPDX-License-Identifier: MIT */
/* Hooks common code uses to reach the CPU and the platform firmware. */
#ifndef HYP_ARCH_H
#define HYP_ARCH_H

#include <hyp/compiler.h>
#include <hyp/types.h>

/* Start a secondary CPU; returns 0 once asked, or a negative errno. */
int arch_cpu_up(unsigned int cpu, u64 mpidr, void *stack_top);
/* Stop this CPU for good, interrupts masked. */
__noreturn void arch_halt_cpu(void);
/* Ask the firmware to power off or reset the machine; returns on failure. */
void arch_power_off(void);
void arch_reset(void);
/* Print a frame-pointer backtrace of the current stack. */
void arch_dump_stack(void);
/* A hypervisor stack (top address) with a guard page, or NULL. */
void *arch_alloc_stack(void);
/* The CPU's affinity (MPIDR_EL1 Aff3-Aff0 on arm64). */
u64 arch_cpu_affinity(void);
/* Per-CPU arch setup, then interrupts on; called on each CPU. */
void arch_cpu_init(void);
/* Wait for an interrupt. */
void arch_idle(void);

#endif
