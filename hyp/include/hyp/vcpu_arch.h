/* SPDX-License-Identifier: MIT */
/* Arch hooks for vCPU state, used by common code and device models. */
#ifndef HYP_VCPU_ARCH_H
#define HYP_VCPU_ARCH_H

#include <hyp/types.h>

struct vcpu;
struct cpu_regs;
struct vcpu_guest_context;

/* Reset registers to the architectural boot state (EL1h, MMU off). */
void arch_vcpu_init(struct vcpu *v);
/* Reset and set the entry point and first argument (x0). */
void arch_vcpu_reset(struct vcpu *v, u64 pc, u64 x0);
/* Save the running vCPU's state / load a vCPU onto this pCPU. */
void arch_ctxt_switch_from(struct vcpu *v);
void arch_ctxt_switch_to(struct vcpu *v);
/* This pCPU's guest frame at the top of its stack. */
struct cpu_regs *guest_frame(void);
/* The vCPU's general registers: live frame if running here, else saved. */
struct cpu_regs *vcpu_regs(struct vcpu *v);
/* Register n (0-30) of a frame; n == 31 reads as zero (XZR). */
u64 regs_get(const struct cpu_regs *r, unsigned int n);
void regs_set(struct cpu_regs *r, unsigned int n, u64 val);
/* Clear PSTATE.I of a vCPU (Xen's local_event_delivery_enable). */
void arch_vcpu_enable_irqs(struct vcpu *v);
/* The virtual MPIDR of vCPU id. */
u64 vcpuid_to_vmpidr(unsigned int id);
/* Physical counter now (ticks). */
u64 arch_counter_now(void);
/* Virtual timer fired on the running vCPU: mask it; true if it was due. */
bool arch_vtimer_take(void);
/* Run fn on this pCPU's emptied stack (below the guest frame). */
__attribute__((noreturn)) void arch_call_on_fresh_stack(void (*fn)(void));
/* Start running vCPUs on this pCPU: enter the frame at the stack top. */
__attribute__((noreturn)) void arch_enter_guest(void);
/* Inject an undefined-instruction exception at the current instruction. */
void inject_undef(struct vcpu *v);
/* Inject a synchronous external data/prefetch abort for address va. */
void inject_dabt(struct vcpu *v, u64 va);
void inject_iabt(struct vcpu *v, u64 va);

/*
 * XEN_DOMCTL_{set,get}vcpucontext on a vCPU that is not running. set
 * returns -EINVAL for a PSTATE the guest may not start in (only AArch64
 * EL0t/EL1t/EL1h). get fills VGCF_online from VPF_DOWN.
 */
int arch_vcpu_set_context(struct vcpu *v, const struct vcpu_guest_context *c);
void arch_vcpu_get_context(struct vcpu *v, struct vcpu_guest_context *c);
/* Clean and invalidate the data cache for [va, va + len) to the PoC. */
void arch_dcache_clean_inval(void *va, size_t len);

#endif
