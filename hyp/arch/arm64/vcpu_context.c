/* SPDX-License-Identifier: MIT */
/*
 * XEN_DOMCTL_{set,get}vcpucontext on arm64: struct vcpu_guest_context to
 * and from a stopped vCPU's saved state, and the data-cache maintenance
 * XEN_DOMCTL_cacheflush needs.
 */
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/lib.h>
#include <hyp/vcpu_arch.h>
#include <public/arch-arm.h>

/* PSTATE.M[4:0] plus nRW: which modes a guest may be started in. */
#define PSR_MODE_MASK 0x1fUL

/*
 * Only AArch64 EL0t, EL1t and EL1h (Arm ARM D1.4 "Process state"): EL2/EL3
 * or AArch32 (nRW, M[4]) would have the eret leave the guest's world.
 */
static bool guest_psr_valid(u64 psr)
{
	switch (psr & PSR_MODE_MASK) {
	case PSR_MODE_EL0t:
	case PSR_MODE_EL1t:
	case PSR_MODE_EL1h:
		return true;
	default:
		return false;
	}
}

int arch_vcpu_set_context(struct vcpu *v, const struct vcpu_guest_context *c)
{
	const struct vcpu_guest_core_regs *r = &c->user_regs;
	struct arch_vcpu *a = &v->arch;
	unsigned int i;

	if (!guest_psr_valid(r->cpsr) || (r->cpsr >> 32))
		return -EINVAL;
	for (i = 0; i < 31; i++)
		a->regs.x[i] = (&r->x0)[i];
	a->regs.pc = r->pc64;
	a->regs.pstate = r->cpsr;
	a->sys.spsr_el1 = r->spsr_el1;
	a->sys.sp_el0 = r->sp_el0;
	a->sys.sp_el1 = r->sp_el1;
	a->sys.elr_el1 = r->elr_el1;
	a->sys.sctlr = c->sctlr;
	a->sys.tcr = c->ttbcr;
	a->sys.ttbr0 = c->ttbr0;
	a->sys.ttbr1 = c->ttbr1;
	return 0;
}

void arch_vcpu_get_context(struct vcpu *v, struct vcpu_guest_context *c)
{
	struct vcpu_guest_core_regs *r = &c->user_regs;
	const struct arch_vcpu *a = &v->arch;
	unsigned int i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < 31; i++)
		(&r->x0)[i] = a->regs.x[i];
	r->pc64 = a->regs.pc;
	r->cpsr = a->regs.pstate;
	r->spsr_el1 = a->sys.spsr_el1;
	r->sp_el0 = a->sys.sp_el0;
	r->sp_el1 = a->sys.sp_el1;
	r->elr_el1 = a->sys.elr_el1;
	c->sctlr = a->sys.sctlr;
	c->ttbcr = a->sys.tcr;
	c->ttbr0 = a->sys.ttbr0;
	c->ttbr1 = a->sys.ttbr1;
	if (!(READ_ONCE(v->pause_flags) & VPF_DOWN))
		c->flags |= VGCF_online;
}

/* DC CIVAC by VA to the Point of Coherency (Arm ARM D7.5.9). */
void arch_dcache_clean_inval(void *va, size_t len)
{
	u64 line, ctr, p, end = (u64)(uintptr_t)va + len;

	__asm__ __volatile__("mrs %0, ctr_el0" : "=r"(ctr));
	line = 4UL << ((ctr >> 16) & 0xf); /* CTR_EL0.DminLine, in words */
	for (p = (u64)(uintptr_t)va & ~(line - 1); p < end; p += line)
		__asm__ __volatile__("dc civac, %0" : : "r"(p) : "memory");
	__asm__ __volatile__("dsb sy" ::: "memory");
}
