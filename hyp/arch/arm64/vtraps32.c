/* SPDX-License-Identifier: MIT */
/*
 * Traps from a guest's AArch32 EL0 (EL1 is always AArch64, HCR_EL2.RW = 1).
 *
 * For every trap handler: a trapped conditional instruction may have
 * failed its condition (Arm ARM D1.10.4, "Traps of conditional
 * instructions") and is then only skipped; a T32 instruction is 2 or 4
 * bytes (ESR.IL) and may sit in an IT block, whose state must advance.
 *
 * cp15 (ESR_EL2 ISS for EC 0x03 and 0x04, D17.2.37): the AArch32 views of
 * what trap_sysreg emulates for AArch64, as Xen 4.17 does (vcpreg.c,
 * vtimer.c). The physical timer (CNTHCTL_EL2.EL1PCEN = 0; reaches us only
 * with CNTKCTL_EL1.EL0PTEN set) is emulated; the PMU (MDCR_EL2.TPM) reads
 * as zero, writes are ignored; anything else is undefined.
 */
#include <hyp/domain.h>
#include <hyp/lib.h>
#include <hyp/vcpu_arch.h>
#include <hyp/vtimer.h>
#include <public/arch-arm.h>
#include <asm/regs.h>
#include <asm/sysregs.h>
#include <asm/vtraps32.h>

#define ISS_CV (1UL << 24)
#define ISS_COND(esr) (((esr) >> 20) & 0xf)
#define ISS_READ(esr) ((esr)&1)
#define ISS_RT(esr) ((unsigned int)((esr) >> 5) & 0x1f)
#define ISS_CRM(esr) (((esr) >> 1) & 0xf)
/* EC 0x03 */
#define ISS32_OPC2(esr) (((esr) >> 17) & 7)
#define ISS32_OPC1(esr) (((esr) >> 14) & 7)
#define ISS32_CRN(esr) (((esr) >> 10) & 0xf)
/* EC 0x04 */
#define ISS64_OPC1(esr) (((esr) >> 16) & 0xf)
#define ISS64_RT2(esr) ((unsigned int)((esr) >> 10) & 0x1f)

/* AArch32 SPSR IT[7:0] (Arm ARM C5.2.18); PSR_* from public/arch-arm.h. */
#define PSR_IT_LO_SHIFT 25 /* IT[1:0] */
#define PSR_IT_HI_SHIFT 10 /* IT[7:2] */

static unsigned int itstate(u64 psr)
{
	return (unsigned int)(((psr >> PSR_IT_HI_SHIFT) & 0x3f) << 2 |
			      ((psr >> PSR_IT_LO_SHIFT) & 3));
}

/* Condition the instruction was executed under passed (A32 ConditionHolds). */
bool trap_cond_passed(const struct cpu_regs *r, u64 esr)
{
	u64 psr = r->pstate;
	bool n = psr >> 31 & 1, z = psr >> 30 & 1, c = psr >> 29 & 1,
	     v = psr >> 28 & 1, res;
	unsigned int cond;

	if (!(psr & PSR_MODE_BIT))
		return true; /* AArch64: unconditional */
	if (esr & ISS_CV)
		cond = ISS_COND(esr);
	else if ((psr & PSR_THUMB) && (itstate(psr) & 0xf))
		cond = itstate(psr) >> 4; /* T32 in an IT block */
	else
		return true;
	switch (cond >> 1) {
	case 0:
		res = z;
		break;
	case 1:
		res = c;
		break;
	case 2:
		res = n;
		break;
	case 3:
		res = v;
		break;
	case 4:
		res = c && !z;
		break;
	case 5:
		res = n == v;
		break;
	case 6:
		res = n == v && !z;
		break;
	default:
		return true;
	}
	return (cond & 1) ? !res : res;
}

/* Step over the instruction: its length, and the IT block (ITAdvance). */
void trap_skip_insn(struct cpu_regs *r, u64 esr)
{
	unsigned int it = itstate(r->pstate);

	r->pc += (esr & ESR_IL) ? 4 : 2;
	if (!(r->pstate & PSR_MODE_BIT) || !(r->pstate & PSR_THUMB) ||
	    !(it & 0xf))
		return;
	it = (it & 7) ? (it & 0xe0) | ((it << 1) & 0x1f) : 0;
	r->pstate = (r->pstate & ~PSR_IT_MASK) |
		    ((u64)(it >> 2) << PSR_IT_HI_SHIFT) |
		    ((u64)(it & 3) << PSR_IT_LO_SHIFT);
}

/* PMU registers at c9 c12-c14 and c14 c8-c15 (opc1 0), as sysreg_raz_wi. */
static bool cp15_pmu(u64 esr)
{
	u64 crn = ISS32_CRN(esr), crm = ISS_CRM(esr);

	if (ISS32_OPC1(esr) != 0)
		return false;
	return (crn == 9 && crm >= 12 && crm <= 14) || (crn == 14 && crm >= 8);
}

void trap_cp15_32(struct cpu_regs *r, u64 esr)
{
	unsigned int rt = ISS_RT(esr);
	bool read = ISS_READ(esr);
	u64 val;

	if (!trap_cond_passed(r, esr)) {
		trap_skip_insn(r, esr);
		return;
	}
	/* R15 as a target moves flags: none of ours allow it. */
	if (rt > 14)
		goto undef;
	val = read ? 0 : regs_get(r, rt) & 0xffffffffUL;
	if (ISS32_OPC1(esr) == 0 && ISS32_CRN(esr) == 14 && ISS_CRM(esr) == 2 &&
	    ISS32_OPC2(esr) <= 1)
		vtimer_cntp_access(current,
				   ISS32_OPC2(esr) ? CNTP_CTL : CNTP_TVAL,
				   !read, &val);
	else if (cp15_pmu(esr))
		val = 0;
	else
		goto undef;
	if (read)
		regs_set(r, rt, val & 0xffffffffUL);
	trap_skip_insn(r, esr);
	return;
undef:
	inject_undef(current);
}

void trap_cp15_64(struct cpu_regs *r, u64 esr)
{
	unsigned int rt = ISS_RT(esr), rt2 = ISS64_RT2(esr);
	bool read = ISS_READ(esr);
	u64 val;

	if (!trap_cond_passed(r, esr)) {
		trap_skip_insn(r, esr);
		return;
	}
	/* CNTP_CVAL only: MCRR/MRRC p15, 2, Rt, Rt2, c14 (D11.2). */
	if (rt > 14 || rt2 > 14 || ISS64_OPC1(esr) != 2 || ISS_CRM(esr) != 14) {
		inject_undef(current);
		return;
	}
	val = read ? 0
		   : (regs_get(r, rt) & 0xffffffffUL) | regs_get(r, rt2) << 32;
	vtimer_cntp_access(current, CNTP_CVAL, !read, &val);
	if (read) {
		regs_set(r, rt, val & 0xffffffffUL);
		regs_set(r, rt2, val >> 32);
	}
	trap_skip_insn(r, esr);
}
