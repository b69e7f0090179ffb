/* SPDX-License-Identifier: MIT */
/*
 * Exceptions from guests: dispatched by exception class from a bounds-
 * checked table; anything unhandled becomes an undefined-instruction
 * exception in the guest. Nothing a guest does here may stop the
 * hypervisor: every syndrome field is validated before use.
 */
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/event.h>
#include <hyp/hypercall.h>
#include <hyp/irq.h>
#include <hyp/lib.h>
#include <hyp/mmio.h>
#include <hyp/p2m.h>
#include <hyp/printk.h>
#include <hyp/quiesce.h>
#include <hyp/vcpu_arch.h>
#include <hyp/vgic.h>
#include <hyp/vpsci.h>
#include <hyp/vtimer.h>
#include <asm/regs.h>
#include <asm/sysregs.h>
#include <asm/vtraps32.h>

void do_guest_sync(struct cpu_regs *regs);
void do_guest_irq(struct cpu_regs *regs);
void do_guest_serror(struct cpu_regs *regs);
void leave_hypervisor_to_guest(struct cpu_regs *regs);

/* Exception classes we handle (Arm ARM D17.2.40). */
#define EC_WFX 0x01
#define EC_CP15_32 0x03
#define EC_CP15_64 0x04
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_SYSREG 0x18
#define EC_IABT_LOW 0x20
#define EC_DABT_LOW 0x24

/* Guest PSTATE: EL1h with DAIF masked, for exception entry. */
#define PSR_EL1H_MASKED 0x3c5UL
#define PSR_MODE_MASK 0x1fUL
#define PSR_MODE_EL0T 0x0UL
#define PSR_MODE_EL1T 0x4UL
#define PSR_MODE_EL1H 0x5UL

u64 regs_get(const struct cpu_regs *r, unsigned int n)
{
	return n < 31 ? r->x[n] : 0;
}

void regs_set(struct cpu_regs *r, unsigned int n, u64 val)
{
	if (n < 31)
		r->x[n] = val;
}

/*
 * Take a synchronous exception to the guest's EL1 (Arm ARM D1.10.2): the
 * vector offset depends on where the guest was.
 */
static void inject_sync(struct cpu_regs *r, u64 ec_same, u64 ec_lower, u64 iss,
			bool has_far, u64 far)
{
	u64 mode = r->pstate & PSR_MODE_MASK;
	u64 offset, ec;

	if (mode == PSR_MODE_EL1T) {
		offset = 0x000;
		ec = ec_same;
	} else if (mode == PSR_MODE_EL1H) {
		offset = 0x200;
		ec = ec_same;
	} else if (mode == PSR_MODE_EL0T) {
		offset = 0x400;
		ec = ec_lower;
	} else {
		offset = 0x600; /* AArch32 EL0 */
		ec = ec_lower;
	}
	WRITE_SYSREG(r->pc, elr_el1);
	WRITE_SYSREG(r->pstate, spsr_el1);
	WRITE_SYSREG((ec << ESR_EC_SHIFT) | ESR_IL | iss, esr_el1);
	if (has_far)
		WRITE_SYSREG(far, far_el1);
	r->pstate = PSR_EL1H_MASKED;
	r->pc = READ_SYSREG(vbar_el1) + offset;
}

void inject_undef(struct vcpu *v)
{
	inject_sync(vcpu_regs(v), 0x00, 0x00, 0, false, 0);
}

/* DFSC/IFSC 0x10: synchronous external abort, not on a table walk. */
void inject_dabt(struct vcpu *v, u64 va)
{
	inject_sync(vcpu_regs(v), 0x25, 0x24, 0x10, true, va);
}

void inject_iabt(struct vcpu *v, u64 va)
{
	inject_sync(vcpu_regs(v), 0x21, 0x20, 0x10, true, va);
}

static void trap_wfx(struct cpu_regs *r, u64 esr)
{
	bool passed = trap_cond_passed(r, esr);

	/* 2 bytes for a T32 WFI/WFE from AArch32 EL0. */
	trap_skip_insn(r, esr);
	if (!passed)
		return;
	if (esr & 1)
		vcpu_yield(); /* WFE: someone else may hold the lock */
	else
		vcpu_block(); /* WFI: sleep until an interrupt */
}

void arch_hypercall_continue(struct vcpu *v, u64 a0, u64 a1)
{
	struct cpu_regs *r = vcpu_regs(v);

	r->x[0] = a0;
	r->x[1] = a1;
	/* ELR is past the HVC: back onto it, x16 still names the call. */
	r->pc -= 4;
	v->arch.hcall_continued = true;
}

static void trap_hypercall(struct cpu_regs *r)
{
	u64 args[5] = {r->x[0], r->x[1], r->x[2], r->x[3], r->x[4]};
	struct vcpu *v = current;
	long rc = hypercall_dispatch(r->x[16], args);

	if (v->arch.hcall_continued)
		v->arch.hcall_continued = false;
	else
		r->x[0] = (u64)rc;
}

static void trap_hvc64(struct cpu_regs *r, u64 esr)
{
	u64 imm = esr & 0xffff;

	if (imm == XEN_HYPERCALL_TAG) {
		trap_hypercall(r);
	} else if (imm == 0) {
		vsmccc_call(current, r);
	} else {
		/* ELR is past the HVC; the undef belongs to the HVC itself. */
		r->pc -= 4;
		inject_undef(current);
	}
}

static void trap_smc64(struct cpu_regs *r, u64 esr)
{
	/* SMCCC defines SMC #0 only; others are undefined, as on Xen. */
	if (esr & 0xffff) {
		inject_undef(current);
		return;
	}
	/* A trapped SMC returns to itself (D1.19.2): step over it. */
	r->pc += 4;
	vsmccc_call(current, r);
}

/* ISS encoding for trapped MSR/MRS (D17.2.40, EC 0x18). */
#define SYSREG(op0, op1, crn, crm, op2)                                  \
	(((op0) << 20) | ((op2) << 17) | ((op1) << 14) | ((crn) << 10) | \
	 ((crm) << 1))
#define SYSREG_MASK SYSREG(3, 7, 15, 15, 7)
#define SR_ICC_SGI1R_EL1 SYSREG(3, 0, 12, 11, 5)
#define SR_ACTLR_EL1 SYSREG(3, 0, 1, 0, 1)
#define SR_CNTP_TVAL_EL0 SYSREG(3, 3, 14, 2, 0)
#define SR_CNTP_CTL_EL0 SYSREG(3, 3, 14, 2, 1)
#define SR_CNTP_CVAL_EL0 SYSREG(3, 3, 14, 2, 2)

/*
 * Debug registers (op0 == 2, Arm ARM C5.3) and the PMU (op0 == 3, op1 == 3,
 * CRn == 9 CRm 12-14 or CRn == 14 CRm >= 8; PMINTEN*_EL1 at op1 == 0),
 * trapped by MDCR_EL2: read as zero, writes ignored, as on Xen. Guests see
 * no breakpoints, watchpoints or counters, and nothing of other vCPUs.
 */
static bool sysreg_raz_wi(u64 iss)
{
	u64 op0 = (iss >> 20) & 3, op1 = (iss >> 14) & 7;
	u64 crn = (iss >> 10) & 0xf, crm = (iss >> 1) & 0xf;

	if (op0 == 2)
		return true;
	if (op0 != 3)
		return false;
	if (op1 == 3 && crn == 9 && crm >= 12 && crm <= 14)
		return true;
	if (op1 == 3 && crn == 14 && crm >= 8)
		return true;
	return op1 == 0 && crn == 9 && crm == 14;
}

static void trap_sysreg(struct cpu_regs *r, u64 esr)
{
	unsigned int rt = (esr >> 5) & 0x1f;
	bool read = esr & 1;
	u64 val = read ? 0 : regs_get(r, rt);
	int rc = 0;

	switch (esr & SYSREG_MASK) {
	case SR_ICC_SGI1R_EL1:
		if (read)
			rc = -EINVAL;
		else
			rc = vgic_sgi1r_write(current, val);
		break;
	case SR_ACTLR_EL1:
		/* Reads see the hardware value; writes are ignored. */
		val = READ_SYSREG(actlr_el1);
		break;
	case SR_CNTP_TVAL_EL0:
		rc = vtimer_cntp_access(current, CNTP_TVAL, !read, &val);
		break;
	case SR_CNTP_CTL_EL0:
		rc = vtimer_cntp_access(current, CNTP_CTL, !read, &val);
		break;
	case SR_CNTP_CVAL_EL0:
		rc = vtimer_cntp_access(current, CNTP_CVAL, !read, &val);
		break;
	default:
		if (sysreg_raz_wi(esr))
			val = 0;
		else
			rc = -EINVAL;
	}
	if (rc) {
		if (printk_ratelimit())
			printk(HYPLOG_G_DEBUG "d%u v%u: %s of system register "
					      "(ISS %#lx) not emulated\n",
			       current->domain->domain_id, current->vcpu_id,
			       read ? "read" : "write", esr & ESR_ISS_MASK);
		inject_undef(current);
		return;
	}
	if (read)
		regs_set(r, rt, val);
	r->pc += 4;
}

/*
 * A stage-2 translation fault on an address that is mapped by now: another
 * pCPU was replacing the entry (break-before-make, D8.16.1). p2m_lookup
 * waits for the p2m lock, so the change is complete: retry the access.
 */
static bool stage2_fault_resolved(u64 esr)
{
	u64 gpa = (READ_SYSREG(hpfar_el2) & ~0xfUL) << 8;
	enum p2m_type t;
	mfn_t mfn;

	if ((esr & 0x3c) != 0x04) /* not a translation fault */
		return false;
	mfn = p2m_lookup(current->domain, gfn_init(gpa >> PAGE_SHIFT), &t);
	return mfn_val(mfn) != mfn_val(INVALID_MFN);
}

static void trap_iabt(struct cpu_regs *r, u64 esr)
{
	if (stage2_fault_resolved(esr))
		return;
	inject_iabt(current, READ_SYSREG(far_el2));
}

/* Data abort from the guest (D17.2.40 ISS for EC 0x24). */
static void trap_dabt(struct cpu_regs *r, u64 esr)
{
	u64 far = READ_SYSREG(far_el2);
	u64 hpfar = READ_SYSREG(hpfar_el2);
	u64 gpa = ((hpfar & ~0xfUL) << 8) | (far & 0xfff);
	bool isv = esr & (1UL << 24);
	unsigned int size = 1U << ((esr >> 22) & 3);
	bool sse = esr & (1UL << 21);
	unsigned int rt = (esr >> 16) & 0x1f;
	bool sf = esr & (1UL << 15);
	bool write = esr & (1UL << 6);
	bool s1ptw = esr & (1UL << 7);
	u64 val;
	int rc;

	if (!isv || s1ptw)
		goto abort;
	val = write ? regs_get(r, rt) : 0;
	if (write && size < 8)
		val &= (1UL << (size * 8)) - 1;
	rc = mmio_dispatch(current, gpa, size, write, &val);
	if (rc)
		goto abort;
	if (!write) {
		if (sse && size < 8) {
			u64 sign = 1UL << (size * 8 - 1);

			val = (val ^ sign) - sign;
		}
		if (!sf)
			val &= 0xffffffffUL;
		regs_set(r, rt, val);
	}
	trap_skip_insn(r, esr); /* ESR.IL: a T32 load/store may be 16-bit */
	return;
abort:
	if (stage2_fault_resolved(esr))
		return;
	if (printk_ratelimit())
		printk(HYPLOG_G_DEBUG
		       "d%u v%u: data abort at IPA %#lx (VA %#lx, "
		       "ESR %#lx): injecting it\n",
		       current->domain->domain_id, current->vcpu_id, gpa, far,
		       esr);
	inject_dabt(current, far);
}

typedef void (*guest_trap_fn)(struct cpu_regs *r, u64 esr);

static const guest_trap_fn guest_traps[64] = {
	[EC_WFX] = trap_wfx,	     [EC_CP15_32] = trap_cp15_32,
	[EC_CP15_64] = trap_cp15_64, [EC_HVC64] = trap_hvc64,
	[EC_SMC64] = trap_smc64,     [EC_SYSREG] = trap_sysreg,
	[EC_IABT_LOW] = trap_iabt,   [EC_DABT_LOW] = trap_dabt,
};

static void enter_hypervisor_from_guest(void)
{
	quiesce_enter();
	vgic_sync(current);
}

void do_guest_sync(struct cpu_regs *regs)
{
	u64 ec = (regs->esr >> ESR_EC_SHIFT) & ESR_EC_MASK;
	guest_trap_fn fn =
		ec < ARRAY_SIZE(guest_traps) ? guest_traps[ec] : NULL;

	enter_hypervisor_from_guest();
	local_irq_enable();
	if (fn) {
		fn(regs, regs->esr);
	} else {
		if (printk_ratelimit())
			printk(HYPLOG_G_DEBUG
			       "d%u v%u: unhandled exception class "
			       "%#lx at %#lx: undefined instruction\n",
			       current->domain->domain_id, current->vcpu_id, ec,
			       regs->pc);
		inject_undef(current);
	}
	local_irq_disable();
}

void do_guest_irq(struct cpu_regs *regs)
{
	enter_hypervisor_from_guest();
	do_irq(regs);
}

void do_guest_serror(struct cpu_regs *regs)
{
	enter_hypervisor_from_guest();
	domain_crash(current->domain, "SError from the guest");
}

/* Interrupts are masked from here to the eret (entry.S). */
void leave_hypervisor_to_guest(struct cpu_regs *regs)
{
	/* No lock is held and domain pointers are still safe here. */
	domain_crash_deferred_flush();
	/* Past here only current's domain is used, kept by is_running. */
	quiesce_leave();
	sched_maybe_switch();
	evtchn_check_upcall(current);
	vgic_flush(current);
}
