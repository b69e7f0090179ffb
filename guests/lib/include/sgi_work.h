/* SPDX-License-Identifier: MIT */
/*
 * Work for secondary vCPUs that wait for it in WFI with interrupts on and
 * are woken by an SGI. Unlike on_cpu() (smp.h), whose secondaries spin in
 * WFE, these block in the hypervisor: on one pCPU they leave it to the
 * others, and every piece of work also checks that an SGI wakes a blocked
 * vCPU. Used by the GIC tests.
 */
#ifndef GUEST_SGI_WORK_H
#define GUEST_SGI_WORK_H

#include <lib.h>

/*
 * Make the started vCPU cpu serve work: it runs setup (which must enable
 * the kick SGI and unmask interrupts), then waits in WFI. Returns once it
 * does. kick is the SGI (0-15) that wakes it, the same for every vCPU.
 */
void sgi_work_start(unsigned int cpu, u32 kick, void (*setup)(void));
/* Post fn(arg) to a serving vCPU and wake it. */
void sgi_work_post(unsigned int cpu, void (*fn)(void *), void *arg);
/* Wait for the work last posted to cpu (10 s at most: else ERROR, exit). */
void sgi_work_wait(unsigned int cpu);
/* Run fn(arg) on cpu and wait for it; directly when cpu is the caller. */
void sgi_work_run(unsigned int cpu, void (*fn)(void *), void *arg);

#endif /* GUEST_SGI_WORK_H */
