/* SPDX-License-Identifier: MIT */
/*
 * Virtual timers (vdev/vtimer.c). Guests use the virtual timer (CNTV)
 * directly, offset per domain; while a vCPU is descheduled the hypervisor
 * keeps its deadline and injects the interrupt on time. The physical timer
 * (CNTP) is trapped and emulated.
 */
#ifndef HYP_VTIMER_H
#define HYP_VTIMER_H

#include <hyp/types.h>

struct vcpu;

#define VTIMER_PPI_VIRT 27
#define VTIMER_PPI_PHYS 30

/* Boot: install the handler for the physical CNTV interrupt. */
void vtimer_init(void);
/* Each CPU: enable the physical virtual-timer PPI. */
void vtimer_cpu_init(void);
void vtimer_vcpu_init(struct vcpu *v);
void vtimer_vcpu_destroy(struct vcpu *v);
void vtimer_descheduled(struct vcpu *v);
void vtimer_scheduled(struct vcpu *v);

enum cntp_reg { CNTP_TVAL, CNTP_CTL, CNTP_CVAL };
/* Trapped CNTP_* access; returns 0 (always valid). */
int vtimer_cntp_access(struct vcpu *v, enum cntp_reg reg, bool write, u64 *val);

#endif
