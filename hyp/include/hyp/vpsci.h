/* SPDX-License-Identifier: MIT */
/* SMCCC and PSCI calls from guests (vdev/vpsci.c). */
#ifndef HYP_VPSCI_H
#define HYP_VPSCI_H

struct vcpu;
struct cpu_regs;

/* Handle an SMCCC call (HVC #0 or SMC #0): w0 function id, x1-x3 args. */
void vsmccc_call(struct vcpu *v, struct cpu_regs *r);

#endif
