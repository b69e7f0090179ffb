/* SPDX-License-Identifier: MIT */
/*
 * vCPU register state and the EL1 context switch.
 *
 * HCR_EL2 for guests (Arm ARM D13.2.47), each bit deliberate:
 *   VM        stage-2 translation on
 *   SWIO      set/way invalidate is treated as clean+invalidate
 *   PTW       stage-1 walks that hit Device memory fault (catches bad guests)
 *   FMO/IMO/AMO  physical FIQ/IRQ/SError to EL2; virtual ones to the guest
 *   FB        TLB and I-cache maintenance broadcast (vCPUs migrate)
 *   BSU_INNER barriers upgraded to inner shareable (vCPUs migrate)
 *   TSC       SMC traps: PSCI through SMC is emulated like HVC #0
 *   TWI/TWE   WFI blocks the vCPU, WFE yields (no spinning on a pCPU)
 *   TACR      ACTLR_EL1 writes trap (implementation defined effects)
 *   TIDCP     implementation-defined system registers trap
 *   RW        EL1 is AArch64
 * Debug and PMU registers trap through MDCR_EL2 (set per pCPU by
 * arch_cpu_init()) and read as zero (vtraps.c).
 */
#include <hyp/domain.h>
#include <hyp/lib.h>
#include <hyp/percpu.h>
#include <hyp/vcpu_arch.h>
#include <hyp/vgic.h>
#include <hyp/vtimer.h>
#include <asm/sysregs.h>
#include <public/arch-arm.h>

#define HCR_GUEST                                                             \
	(HCR_VM | HCR_SWIO | HCR_PTW | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | \
	 HCR_BSU_INNER | HCR_TSC | HCR_TWI | HCR_TWE | HCR_TACR | HCR_TIDCP | \
	 HCR_RW)
#define HCR_HOST (HCR_FMO | HCR_IMO | HCR_AMO)

/* CNTHCTL_EL2: EL1 reads the physical counter; CNTP_* accesses trap. */
#define CNTHCTL_GUEST 0x1UL

void fpsimd_save(struct fpsimd_state *st);
void fpsimd_restore(const struct fpsimd_state *st);

/* Virtual MPIDR: Aff0 = id % 16, Aff1 = id / 16, as Xen assigns it. */
u64 vcpuid_to_vmpidr(unsigned int id)
{
	return (1UL << 31) | ((u64)(id >> 4) << 8) | (id & 0xf);
}

void arch_vcpu_init(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;

	memset(&a->regs, 0, sizeof(a->regs));
	memset(&a->sys, 0, sizeof(a->sys));
	memset(&a->fp, 0, sizeof(a->fp));
	a->regs.pstate = PSR_GUEST64_INIT;
	a->sys.sctlr = SCTLR_GUEST_INIT;
	a->hcr = HCR_GUEST;
	a->vmpidr = vcpuid_to_vmpidr(v->vcpu_id);
}

void arch_vcpu_reset(struct vcpu *v, u64 pc, u64 x0)
{
	arch_vcpu_init(v);
	v->arch.regs.pc = pc;
	v->arch.regs.x[0] = x0;
}

/* The guest frame sits at the top of this pCPU's stack (entry.S). */
struct cpu_regs *guest_frame(void)
{
	return (struct cpu_regs *)((char *)arch_this_cpu()->stack_top -
				   ALIGN_UP(sizeof(struct cpu_regs), 16));
}

struct cpu_regs *vcpu_regs(struct vcpu *v)
{
	return v == current_vcpu() ? guest_frame() : &v->arch.regs;
}

void arch_vcpu_enable_irqs(struct vcpu *v)
{
	vcpu_regs(v)->pstate &= ~(1UL << 7); /* PSTATE.I */
}

static void save_el1(struct el1_sysregs *s)
{
	s->sctlr = READ_SYSREG(sctlr_el1);
	s->actlr = READ_SYSREG(actlr_el1);
	s->cpacr = READ_SYSREG(cpacr_el1);
	s->ttbr0 = READ_SYSREG(ttbr0_el1);
	s->ttbr1 = READ_SYSREG(ttbr1_el1);
	s->tcr = READ_SYSREG(tcr_el1);
	s->mair = READ_SYSREG(mair_el1);
	s->amair = READ_SYSREG(amair_el1);
	s->vbar = READ_SYSREG(vbar_el1);
	s->contextidr = READ_SYSREG(contextidr_el1);
	s->tpidr_el0 = READ_SYSREG(tpidr_el0);
	s->tpidrro_el0 = READ_SYSREG(tpidrro_el0);
	s->tpidr_el1 = READ_SYSREG(tpidr_el1);
	s->sp_el0 = READ_SYSREG(sp_el0);
	s->sp_el1 = READ_SYSREG(sp_el1);
	s->elr_el1 = READ_SYSREG(elr_el1);
	s->spsr_el1 = READ_SYSREG(spsr_el1);
	s->esr = READ_SYSREG(esr_el1);
	s->far = READ_SYSREG(far_el1);
	s->afsr0 = READ_SYSREG(afsr0_el1);
	s->afsr1 = READ_SYSREG(afsr1_el1);
	s->par = READ_SYSREG(par_el1);
	s->cntkctl = READ_SYSREG(cntkctl_el1);
	s->csselr = READ_SYSREG(csselr_el1);
	s->mdscr = READ_SYSREG(mdscr_el1);
}

static void restore_el1(const struct el1_sysregs *s)
{
	WRITE_SYSREG(s->sctlr, sctlr_el1);
	WRITE_SYSREG(s->actlr, actlr_el1);
	WRITE_SYSREG(s->cpacr, cpacr_el1);
	WRITE_SYSREG(s->ttbr0, ttbr0_el1);
	WRITE_SYSREG(s->ttbr1, ttbr1_el1);
	WRITE_SYSREG(s->tcr, tcr_el1);
	WRITE_SYSREG(s->mair, mair_el1);
	WRITE_SYSREG(s->amair, amair_el1);
	WRITE_SYSREG(s->vbar, vbar_el1);
	WRITE_SYSREG(s->contextidr, contextidr_el1);
	WRITE_SYSREG(s->tpidr_el0, tpidr_el0);
	WRITE_SYSREG(s->tpidrro_el0, tpidrro_el0);
	WRITE_SYSREG(s->tpidr_el1, tpidr_el1);
	WRITE_SYSREG(s->sp_el0, sp_el0);
	WRITE_SYSREG(s->sp_el1, sp_el1);
	WRITE_SYSREG(s->elr_el1, elr_el1);
	WRITE_SYSREG(s->spsr_el1, spsr_el1);
	WRITE_SYSREG(s->esr, esr_el1);
	WRITE_SYSREG(s->far, far_el1);
	WRITE_SYSREG(s->afsr0, afsr0_el1);
	WRITE_SYSREG(s->afsr1, afsr1_el1);
	WRITE_SYSREG(s->par, par_el1);
	WRITE_SYSREG(s->cntkctl, cntkctl_el1);
	WRITE_SYSREG(s->csselr, csselr_el1);
	WRITE_SYSREG(s->mdscr, mdscr_el1);
}

/* Save the running vCPU: frame, EL1 state, FP/SIMD, timer, vGIC. */
void arch_ctxt_switch_from(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;

	a->regs = *guest_frame();
	save_el1(&a->sys);
	fpsimd_save(&a->fp);
	a->virt_timer.ctl = READ_SYSREG(cntv_ctl_el0);
	a->virt_timer.cval = READ_SYSREG(cntv_cval_el0);
	/* Stop the virtual timer so it cannot fire for the next vCPU. */
	WRITE_SYSREG(0, cntv_ctl_el0);
	isb();
	vtimer_descheduled(v);
	vgic_save(v);
	WRITE_SYSREG(HCR_HOST, hcr_el2);
	isb();
}

/* Load a vCPU onto this pCPU; it runs at the next return to guest. */
void arch_ctxt_switch_to(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;

	WRITE_SYSREG(v->domain->arch.p2m.vttbr, vttbr_el2);
	WRITE_SYSREG(a->vmpidr, vmpidr_el2);
	WRITE_SYSREG(READ_SYSREG(midr_el1), vpidr_el2);
	WRITE_SYSREG(v->domain->arch.cntvoff, cntvoff_el2);
	WRITE_SYSREG(CNTHCTL_GUEST, cnthctl_el2);
	WRITE_SYSREG(a->hcr, hcr_el2);
	isb();
	restore_el1(&a->sys);
	fpsimd_restore(&a->fp);
	vtimer_scheduled(v);
	WRITE_SYSREG(a->virt_timer.cval, cntv_cval_el0);
	WRITE_SYSREG(a->virt_timer.ctl, cntv_ctl_el0);
	vgic_load(v);
	isb();
	*guest_frame() = a->regs;
}

/* Physical counter value at which the domain's virtual counter is 0. */
u64 arch_counter_now(void)
{
	isb();
	return READ_SYSREG(cntpct_el0);
}

/*
 * The virtual timer fired while its vCPU ran: mask it in hardware (the
 * guest unmasks it when it reprograms the timer) and report the level.
 */
bool arch_vtimer_take(void)
{
	u64 ctl = READ_SYSREG(cntv_ctl_el0);

	/* CNTV_CTL: ENABLE bit 0, IMASK bit 1, ISTATUS bit 2 (D11.2.4). */
	if ((ctl & 5) != 5 || (ctl & 2))
		return false;
	WRITE_SYSREG(ctl | 2, cntv_ctl_el0);
	isb();
	return true;
}
