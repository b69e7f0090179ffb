/* SPDX-License-Identifier: MIT */
/*
 * XSA-102 / XSA-103: exceptions the hypervisor takes from, or injects
 * into, a guest's EL0. Xen once injected its undefined-instruction
 * exception for an unhandled EL0 system register access as if from EL1
 * (wrong vector, SPSR and PC), letting user space crash the guest kernel;
 * 32-bit user space under a 64-bit kernel hit it too. Xen 4.17:
 * xen/arch/arm/traps.c inject_undef64_exception, inject_abt64_exception,
 * vcpreg.c, vtimer.c.
 *
 * The guest drops to EL0 (AArch64, then AArch32 A32 and T32 when
 * ID_AA64PFR0_EL1.EL0 says so) and runs one instruction the hypervisor
 * sees, then an SVC. What must happen, for each:
 *  - an exception for the instruction arrives at the lower-EL vector of
 *    its state (VBAR + 0x400 AArch64, + 0x600 AArch32) with ELR_EL1 at the
 *    instruction, SPSR_EL1 showing EL0 (and AArch32 / T when so), the
 *    expected ESR class and, for aborts, FAR at the accessed address; or
 *  - it is emulated and the SVC arrives, with ELR right after the SVC:
 *    the PC moved past exactly the instruction (4 bytes, or its T32
 *    length), with the right value.
 * Cases: a load from an IPA with nothing mapped (stage-2 fault, injected
 * data abort EC 0x24); the physical timer with CNTKCTL_EL1.EL0PTEN = 1
 * (trapped by CNTHCTL_EL2.EL1PCEN = 0, emulated by both: CTL read, CVAL
 * written at EL0 seen at EL1 and back); PMUSERENR (trapped by
 * MDCR_EL2.TPM, reads as 0 on both); PMCCNTR (with PMUSERENR.EN = 0 the
 * CPU itself traps EL0 to EL1, EC 0x18 / 0x03; a hypervisor that sees it
 * may also refuse it with an UNDEF or read it as zero: all accepted); the
 * debug channel status (MDCR_EL2.TDA); WFI (HCR_EL2.TWI, with
 * SCTLR_EL1.nTWI = 1: the vCPU sleeps until its timer fires, then goes
 * on past the WFI, 2 bytes in T32); a load from the emulated GIC
 * distributor (16-bit in T32).
 */
#include <mmu.h>
#include <test.h>

const char test_title[] = "Traps from AArch64 and AArch32 EL0 (XSA-102/103)";

/* A 1 GiB slot past the 32 MiB of RAM: nothing there at stage 2. */
#define EL0_CODE_VA 0xf0000000UL
#define HOLE_VA 0xf0001000UL
#define GICD_VA 0xf0002000UL
#define GICD_TYPER 0x4
#define PPI_VTIMER 27
#define SCTLR_nTWI (1UL << 16)

#define SPSR_EL0_A64 0x3c0UL /* EL0t, DAIF masked */
#define SPSR_EL0_A32 0x1d0UL /* USR, AIF masked */
#define SPSR_T 0x20UL
#define SPSR_EL1H 0x3c5UL
#define CNTKCTL_EL0PTEN (1UL << 9)
#define CTL_ISTATUS 4UL

extern char el0_page[], el0_return[];
extern char el0_a64_load[], el0_a64_cntp_ctl[], el0_a64_cntp_cval_w[],
	el0_a64_cntp_cval_r[], el0_a64_pmuserenr[], el0_a64_pmccntr[];
extern char el0_a32_load[], el0_a32_cntp_ctl[], el0_a32_cntp_cval_w[],
	el0_a32_cntp_cval_r[], el0_a32_pmuserenr[], el0_a32_pmccntr[];
extern char el0_a64_wfi[], el0_a64_mmio[], el0_a64_mdccsr[];
extern char el0_a32_wfi[], el0_a32_mmio[], el0_a32_dbgdscr[];
extern char el0_t32_cntp_ctl[], el0_t32_load[], el0_t32_wfi[], el0_t32_mmio[];
void el0_run(u64 entry, u64 spsr, u64 x0, u64 x1);

struct el0_exc {
	unsigned int slot;
	u64 esr, elr, spsr, far, x0, x1;
};

static struct el0_exc exc;

static bool from_el0(struct trap_frame *f, unsigned int slot)
{
	exc.slot = slot;
	exc.esr = f->esr;
	exc.elr = f->elr;
	exc.spsr = f->spsr;
	exc.far = f->far;
	exc.x0 = f->x[0];
	exc.x1 = f->x[1];
	/* Never resume EL0: back to el0_run's caller, at EL1. */
	f->elr = (u64)(uintptr_t)el0_return;
	f->spsr = SPSR_EL1H;
	return true;
}

static u64 el0_va(const char *sym)
{
	return EL0_CODE_VA + (u64)(uintptr_t)(sym - el0_page);
}

enum state { A64, A32, T32 };

static const char *const state_name[] = {"AArch64", "A32", "T32"};

static void run(enum state s, const char *sym, u64 x0, u64 x1)
{
	u64 spsr = s == A64 ? SPSR_EL0_A64
			    : SPSR_EL0_A32 | (s == T32 ? SPSR_T : 0);

	memset(&exc, 0, sizeof(exc));
	exc.slot = ~0U;
	el0_run(el0_va(sym), spsr, x0, x1);
	if (s != A64) {
		/* The upper halves of AArch32 registers are not theirs. */
		exc.x0 &= 0xffffffffUL;
		exc.x1 &= 0xffffffffUL;
	}
}

/* Vector slot and SPSR_EL1 say "from EL0 in state s". */
static bool came_from(enum state s)
{
	unsigned int slot = s == A64 ? VEC_EL0_64_SYNC : VEC_EL0_32_SYNC;
	u64 mode = s == A64 ? 0x0 : 0x10;
	u64 t = s == T32 ? SPSR_T : 0;

	if (exc.slot == ~0U)
		return false;
	return exc.slot == slot && (exc.spsr & 0x1f) == mode &&
	       (exc.spsr & SPSR_T) == t;
}

static void report_exc(const char *what, enum state s)
{
	printk("%s %s: %s, ESR 0x%lx (EC 0x%02lx), ELR 0x%lx, SPSR 0x%lx, "
	       "FAR 0x%lx\n",
	       state_name[s], what, vector_slot_name(exc.slot), exc.esr,
	       ESR_EC(exc.esr), exc.elr, exc.spsr, exc.far);
}

/* The instruction at sym must have raised an exception of class ec. */
static void expect_exc(const char *what, enum state s, const char *sym,
		       unsigned int ec)
{
	report_exc(what, s);
	check(came_from(s),
	      "%s %s: taken at the %s EL0 vector with SPSR "
	      "EL0%s",
	      state_name[s], what, s == A64 ? "AArch64" : "AArch32",
	      s == T32 ? " T32" : "");
	check_eq(exc.elr, el0_va(sym), "%s %s: ELR_EL1 is the instruction",
		 state_name[s], what);
	check_eq(ESR_EC(exc.esr), ec, "%s %s: ESR_EL1 class", state_name[s],
		 what);
}

/*
 * The instruction at sym (len bytes) was emulated: the SVC after it
 * arrived, ELR past it.
 */
static bool expect_emulated(const char *what, enum state s, const char *sym,
			    unsigned int len, unsigned int svc)
{
	unsigned int svc_len = s == T32 ? 2 : 4;
	bool ok;

	report_exc(what, s);
	ok = check(came_from(s) &&
			   ESR_EC(exc.esr) ==
				   (s == A64 ? EC_SVC64 : EC_SVC32) &&
			   (exc.esr & 0xffff) == svc,
		   "%s %s: emulated, the SVC #%u after it ran at EL0",
		   state_name[s], what, svc);
	ok &= check_eq(exc.elr, el0_va(sym) + len + svc_len,
		       "%s %s: the PC moved past exactly the instruction",
		       state_name[s], what);
	return ok;
}

static void stage2_load(enum state s, const char *sym)
{
	run(s, sym, HOLE_VA, 0);
	expect_exc("load from an IPA with nothing mapped", s, sym, EC_DABT_LOW);
	check_eq(exc.far, HOLE_VA, "%s: FAR_EL1 is the address", state_name[s]);
}

static void timer(enum state s, const char *ctl, const char *cval_w,
		  const char *cval_r)
{
	unsigned int len = 4;
	u64 el1_ctl = read_sysreg(cntp_ctl_el0) & ~CTL_ISTATUS;
	u64 old = read_sysreg(cntp_cval_el0);
	u64 val = s == A64 ? 0xfedc000012345678UL : 0x8765432112340000UL;

	run(s, ctl, ~0UL, 0);
	if (expect_emulated("CNTP_CTL read", s, ctl, len, 1))
		check_eq(exc.x0 & ~CTL_ISTATUS, el1_ctl,
			 "%s CNTP_CTL read: the value EL1 sees", state_name[s]);
	if (s == T32)
		return;
	run(s, cval_w, s == A64 ? val : val & 0xffffffffUL, val >> 32);
	if (expect_emulated("CNTP_CVAL write", s, cval_w, len, 2))
		check_eq(read_sysreg(cntp_cval_el0), val,
			 "%s CNTP_CVAL write: EL1 reads it back",
			 state_name[s]);
	run(s, cval_r, 0, 0);
	if (expect_emulated("CNTP_CVAL read", s, cval_r, len, 3))
		check_eq(s == A64 ? exc.x0 : exc.x0 | exc.x1 << 32, val,
			 "%s CNTP_CVAL read: the value written", state_name[s]);
	write_sysreg(old, cntp_cval_el0);
}

static void pmu(enum state s, const char *userenr, const char *ccntr)
{
	unsigned int ec = s == A64 ? EC_SYSREG : EC_CP15_32;

	run(s, userenr, ~0UL, 0);
	if (expect_emulated("PMUSERENR read", s, userenr, 4, 4))
		check_eq(exc.x0, 0, "%s PMUSERENR read: EL0 access disabled",
			 state_name[s]);
	run(s, ccntr, ~0UL, 0);
	if (came_from(s) &&
	    (ESR_EC(exc.esr) == EC_SVC64 || ESR_EC(exc.esr) == EC_SVC32)) {
		/* Reached a hypervisor that reads the PMU as zero. */
		if (expect_emulated("PMCCNTR read", s, ccntr, 4, 5))
			check_eq(exc.x0, 0, "%s PMCCNTR read: zero",
				 state_name[s]);
		return;
	}
	if (ESR_EC(exc.esr) == EC_UNKNOWN)
		expect_exc("PMCCNTR read", s, ccntr, EC_UNKNOWN);
	else
		expect_exc("PMCCNTR read", s, ccntr, ec);
}

/*
 * WFI at EL0 with SCTLR_EL1.nTWI = 1 traps to EL2 (HCR_EL2.TWI): the vCPU
 * sleeps until the virtual timer, armed 5 ms ahead, is pending (masked at
 * EL0), then resumes past exactly the WFI.
 */
static void wfi_case(enum state s, const char *sym)
{
	u64 sctlr = read_sysreg(sctlr_el1);

	write_sysreg(sctlr | SCTLR_nTWI, sctlr_el1);
	write_sysreg(read_sysreg(cntvct_el0) + platform.timer_freq / 200,
		     cntv_cval_el0);
	write_sysreg(1UL, cntv_ctl_el0);
	isb();
	gic_enable_irq(PPI_VTIMER);
	run(s, sym, 0, 0);
	write_sysreg(0UL, cntv_ctl_el0);
	gic_disable_irq(PPI_VTIMER);
	gic_clear_pending(PPI_VTIMER);
	write_sysreg(sctlr, sctlr_el1);
	isb();
	expect_emulated("WFI", s, sym, s == T32 ? 2 : 4, 6);
}

/* A load from the emulated GICD (GICD_TYPER), 16-bit in T32. */
static void mmio(enum state s, const char *sym)
{
	u32 typer =
		*(volatile u32 *)(uintptr_t)(platform.gicd_base + GICD_TYPER);

	run(s, sym, GICD_VA + GICD_TYPER, 0);
	if (expect_emulated("GICD_TYPER load", s, sym, s == T32 ? 2 : 4, 7))
		check_eq(exc.x1 & 0xffffffffUL, typer,
			 "%s GICD_TYPER load: the value EL1 reads",
			 state_name[s]);
}

/*
 * Debug Communications Channel status, trapped by MDCR_EL2.TDA: AArch64
 * MDCCSR_EL0 reads as zero on both; AArch32 DBGDSCRint is refused with an
 * UNDEF by both (Xen: EL1 only), or read as zero.
 */
static void dcc(enum state s, const char *sym)
{
	run(s, sym, ~0UL, 0);
	if (came_from(s) && ESR_EC(exc.esr) == EC_UNKNOWN) {
		expect_exc("DCC status read", s, sym, EC_UNKNOWN);
		return;
	}
	if (expect_emulated("DCC status read", s, sym, 4, 8))
		check_eq(exc.x0, 0, "%s DCC status read: zero", state_name[s]);
}

void test_main(void)
{
	u64 pfr0 = read_sysreg(id_aa64pfr0_el1);
	u64 cntkctl = read_sysreg(cntkctl_el1);

	if (mmu_map_page(EL0_CODE_VA, (u64)(uintptr_t)el0_page,
			 MMU_EL0 | MMU_RO | MMU_EXEC_EL0) ||
	    mmu_map_page(HOLE_VA, HOLE_VA, MMU_EL0) ||
	    mmu_map_page(GICD_VA, platform.gicd_base & ~0xfffUL,
			 MMU_EL0 | MMU_DEVICE)) {
		test_error("cannot map the EL0 pages");
		return;
	}
	/* Make sure the hole really is one (EL1 read). */
	{
		u64 v;

		if (probe_read64(HOLE_VA, &v)) {
			test_error("IPA 0x%lx is mapped", HOLE_VA);
			return;
		}
	}
	set_lower_sync_handler(from_el0);
	write_sysreg(cntkctl | CNTKCTL_EL0PTEN, cntkctl_el1);
	isb();

	stage2_load(A64, el0_a64_load);
	timer(A64, el0_a64_cntp_ctl, el0_a64_cntp_cval_w, el0_a64_cntp_cval_r);
	pmu(A64, el0_a64_pmuserenr, el0_a64_pmccntr);
	dcc(A64, el0_a64_mdccsr);
	wfi_case(A64, el0_a64_wfi);
	mmio(A64, el0_a64_mmio);

	if ((pfr0 & 0xf) != 2) {
		printk("SKIP: AArch32 EL0 not implemented (ID_AA64PFR0_EL1 "
		       "0x%lx): AArch32 cases not run\n",
		       pfr0);
	} else {
		stage2_load(A32, el0_a32_load);
		timer(A32, el0_a32_cntp_ctl, el0_a32_cntp_cval_w,
		      el0_a32_cntp_cval_r);
		pmu(A32, el0_a32_pmuserenr, el0_a32_pmccntr);
		timer(T32, el0_t32_cntp_ctl, NULL, NULL);
		stage2_load(T32, el0_t32_load);
		dcc(A32, el0_a32_dbgdscr);
		wfi_case(A32, el0_a32_wfi);
		wfi_case(T32, el0_t32_wfi);
		mmio(A32, el0_a32_mmio);
		mmio(T32, el0_t32_mmio);
	}

	write_sysreg(cntkctl, cntkctl_el1);
	set_lower_sync_handler(NULL);
	test_success(NULL);
}
