/* SPDX-License-Identifier: MIT */
/* arm64 per-domain and per-vCPU state. */
#ifndef ASM_DOMAIN_H
#define ASM_DOMAIN_H

#include <hyp/spinlock.h>
#include <hyp/timer.h>
#include <hyp/types.h>
#include <asm/p2m_pt.h>
#include <asm/regs.h>

#define MAX_MMIO_REGIONS 16

struct vcpu;
struct mmio_ops;

struct mmio_region {
	u64 base;
	u64 size;
	const struct mmio_ops *ops;
	void *priv;
};

struct arch_domain {
	struct p2m p2m;
	u64 cntvoff; /* virtual counter offset: the domain's time zero */
	unsigned int nr_mmio;
	struct mmio_region mmio[MAX_MMIO_REGIONS];
};

/* EL1 system registers switched with the vCPU (Arm ARM D13.2). */
struct el1_sysregs {
	u64 sctlr, actlr, cpacr, ttbr0, ttbr1, tcr, mair, amair, vbar;
	u64 contextidr, tpidr_el0, tpidrro_el0, tpidr_el1, sp_el0, sp_el1;
	u64 elr_el1, spsr_el1, esr, far, afsr0, afsr1, par, cntkctl, csselr;
	u64 mdscr;
};

struct fpsimd_state {
	__uint128_t q[32];
	u64 fpsr, fpcr;
};

struct vtimer {
	u64 ctl;	    /* CNTx_CTL_EL0 as the guest sees it */
	u64 cval;	    /* compare value in the guest's counter view */
	struct timer timer; /* hypervisor timer while descheduled/emulated */
	unsigned int irq;   /* virtual PPI */
};

struct arch_vcpu {
	struct cpu_regs regs; /* guest x0-x30, pc, pstate while not running */
	struct el1_sysregs sys;
	struct fpsimd_state fp;
	u64 hcr;	      /* HCR_EL2 for this vCPU */
	bool hcall_continued; /* the hypercall in progress re-issues itself */
	u64 vmpidr;
	struct vtimer virt_timer; /* CNTV, used directly by the guest */
	struct vtimer phys_timer; /* CNTP, emulated (trapped) */
};

#endif
