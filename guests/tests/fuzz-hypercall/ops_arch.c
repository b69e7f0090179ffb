/* SPDX-License-Identifier: MIT */
/*
 * Fuzzer operations below the hypercall ABI: SMCCC calls over HVC #0 and
 * SMC #0, MMIO accesses of every form to the emulated devices, trapped
 * system registers, and single generated instructions (random MRS/MSR
 * encodings, HVC/SMC immediates, WFI/WFE). See ops.c.
 */
#include "ops.h"
#include <public/domctl.h>
#include <public/grant_table.h>
#include <public/platform.h>
#include <public/sysctl.h>

/* ---- SMCCC (PSCI and friends) over HVC #0 / SMC #0 ---- */

u32 gen_fn(struct rng *r)
{
	static const u32 arch[] = {0x80000000, 0x80000001, 0x80000002,
				   0x80008000, 0x80007fff, 0x80003fff,
				   0x8000ff00, 0x8000ffff};
	u32 fn;

	switch (rng_below(r, 10)) {
	case 0:
	case 1:
	case 2:
		fn = 0x84000000 + rng_below(r, 0x18);
		if (rng_pct(r, 40))
			fn |= FN_64;
		return fn;
	case 3:
		return arch[rng_below(r, ARRAY_SIZE(arch))];
	case 4: /* hypervisor service: call count, UID, revision... */
		return 0x86000000 + (rng_pct(r, 50) ? 0xff00 : 0) +
		       rng_below(r, 4) + (rng_pct(r, 30) ? FN_64 : 0);
	case 5:
	case 6: /* any owner, fast call */
		return 0x80000000 | (u32)rng_below(r, 64) << 24 |
		       (rng_pct(r, 30) ? FN_64 : 0) | (u32)rng_below(r, 0x40);
	case 7: /* reserved bits 23:16, or a yielding call */
		return (u32)(rng_next(r) & 0xbfffffff) |
		       (rng_pct(r, 50) ? 0x80000000 : 0);
	default:
		return (u32)rng_next(r);
	}
}

/* The vCPU a PSCI MPIDR argument names, or -1. */
static int mpidr_target(u64 mpidr, bool is32)
{
	unsigned int i;

	for (i = 0; i < nr_cpus() && i < MAX_CPUS; i++) {
		u64 m = cpu_mpidr(i) & 0xff00ffffffUL;

		if ((mpidr & 0xff00ffffffUL) == m ||
		    (is32 && (mpidr & 0xffffffUL) == m))
			return (int)i;
	}
	return -1;
}

u64 gen_mpidr(struct rng *r)
{
	switch (rng_below(r, 6)) {
	case 0:
	case 1:
		return cpu_mpidr(rng_below(r, nr_cpus())) |
		       (rng_pct(r, 30) ? rng_next(r) << 40 : 0);
	case 2:
		return 0x80000000UL | rng_below(r, 20);
	case 3:
		return rng_below(r, 4) << 8 | rng_below(r, 20);
	default:
		return gen_int(r);
	}
}

void op_smccc(struct rng *r, u64 iter, bool smc)
{
	u64 regs[8], a[8];
	u32 fn = gen_fn(r), owner;
	struct op_rec *rec;
	bool blocking = false;
	unsigned int i;
	int t;

	regs[0] = fn;
	if (rng_pct(r, 25))
		regs[0] |= rng_next(r) << 32; /* W0 only: high bits ignored */
	for (i = 1; i < 8; i++)
		regs[i] = gen_val(r);

	switch (fn & ~FN_64) {
	case FN_CPU_OFF:
	case FN_SYSTEM_OFF:
	case FN_SYSTEM_RESET:
	case FN_SYSTEM_RESET2:
	case FN_SYSTEM_SUSPEND:
	case FN_CPU_FREEZE:
		/* Would end or freeze the fuzzer: ask for the version. */
		regs[0] = 0x84000000;
		break;
	case FN_CPU_SUSPEND:
	case FN_CPU_DEFAULT_SUSPEND:
		blocking = true;
		break;
	case FN_CPU_ON:
		regs[1] = gen_mpidr(r);
		if (rng_pct(r, 50))
			regs[2] = (u64)(uintptr_t)secondary_entry +
				  rng_below(r, 4);
		t = mpidr_target(regs[1], !(fn & FN_64));
		/* A vCPU of ours that is off must stay off. */
		if (t >= 0 && !cpu_online((unsigned int)t))
			regs[0] = FN_AFFINITY_INFO;
		break;
	case FN_AFFINITY_INFO:
		regs[1] = gen_mpidr(r);
		regs[2] = rng_pct(r, 70) ? rng_below(r, 4) : gen_int(r);
		break;
	case FN_PSCI_FEATURES:
		regs[1] = gen_fn(r);
		break;
	}
	memcpy(a, regs, sizeof(a));
	if (blocking)
		block_prepare();
	rec = rec_begin(smc ? OP_SMCCC_SMC : OP_SMCCC_HVC, iter, a, 8);
	if (blocking)
		block_arm();
	if (smc)
		fz_smccc_smc(regs);
	else
		fz_smccc_hvc(regs);
	rec_end(rec, regs[0]);
	if (blocking)
		block_finish();
	stats.ops[smc ? OP_SMCCC_SMC : OP_SMCCC_HVC]++;

	if (rec->fault) {
		fuzz_unexpected("SMCCC call %#x over %s raised an exception "
				"(ESR %#lx)",
				(u32)a[0], smc ? "SMC #0" : "HVC #0", rec->esr);
		return;
	}
	/*
	 * A fast call of a service neither hypervisor offers (not Arm
	 * architecture (owner 0), standard/PSCI (4) or vendor hypervisor
	 * (6) calls) must say "unknown function" (SMCCC: -1 in W0).
	 */
	fn = (u32)a[0];
	owner = (fn >> 24) & 0x3f;
	if ((fn & 0x80000000) && !(fn & 0x00ff0000) && owner != 0 &&
	    owner != 4 && owner != 6 && (s32)regs[0] != -1)
		fuzz_unexpected("SMCCC function %#x (owner %u) returned %#lx, "
				"not NOT_SUPPORTED (-1)",
				fn, owner, regs[0]);
}

/* ---- MMIO ---- */

struct mmio_block {
	u32 off, size;
};

/* Register blocks of a GICv2/v3 distributor worth hitting often. */
static const struct mmio_block gicd_blocks[] = {
	{0x0000, 0x10},	  {0x0080, 0x80},  {0x0100, 0x300}, {0x0400, 0x400},
	{0x0800, 0x400},  {0x0c00, 0x100}, {0x0d00, 0x100}, {0x0f00, 0x30},
	{0x6000, 0x2000}, {0xffd0, 0x30},  {0x0fd0, 0x30},
};
static const struct mmio_block gicr_blocks[] = {
	{0x0000, 0x20},	  {0x0070, 0x10},  {0xffd0, 0x30},  {0x10080, 0x80},
	{0x10100, 0x300}, {0x10400, 0x20}, {0x10c00, 0x10}, {0x10d00, 0x10},
};
static const struct mmio_block uart_blocks[] = {
	{0x000, 0x50},
	{0xfd0, 0x30},
};

u64 gicr_span(void)
{
	return (u64)nr_cpus() * 0x20000 + 0x40000;
}

static u64 pick_offset(struct rng *r, const struct mmio_block *blk,
		       unsigned int n, u64 span, u64 frame)
{
	u64 off;

	if (rng_pct(r, 80)) {
		const struct mmio_block *b = &blk[rng_below(r, n)];

		off = b->off + rng_below(r, b->size);
		if (frame)
			off += frame * rng_below(r, span / frame);
	} else {
		off = rng_below(r, span);
	}
	if (rng_pct(r, 70))
		off &= ~3UL;
	return off;
}

static bool is_write(unsigned int kind)
{
	switch (kind) {
	case MK_STRB:
	case MK_STRH:
	case MK_STRW:
	case MK_STRX:
	case MK_STPW:
	case MK_STPX:
	case MK_STR_PRE:
	case MK_STLRW:
	case MK_DC_IVAC: /* needs write permission */
		return true;
	default:
		return false;
	}
}

/* A GICv2 CPU interface register that reading changes nothing in. */
static u64 gicc_safe_read(struct rng *r)
{
	/* CTLR, PMR, BPR, RPR, HPPIR, ABPR, APR0, IIDR */
	static const u16 offs[] = {0x00, 0x04, 0x08, 0x14,
				   0x18, 0x1c, 0xd0, 0xfc};

	return platform.gicc_base + offs[rng_below(r, ARRAY_SIZE(offs))];
}

void op_mmio(struct rng *r, u64 iter)
{
	u64 addr, val = gen_int(r), a[8];
	unsigned int kind = rng_below(r, NR_MMIO_KINDS);
	bool v3 = platform.gic_version == 3;
	struct op_rec *rec;
	u64 ret;

	switch (rng_below(r, 10)) {
	case 0:
	case 1:
	case 2:
	case 3:
		addr = platform.gicd_base +
		       pick_offset(r, gicd_blocks, ARRAY_SIZE(gicd_blocks),
				   v3 ? 0x11000 : 0x2000, 0);
		/*
		 * GICv2: the GICC page follows the GICD page. It is the real
		 * GICV, mapped: only read, and never GICC_IAR/AIAR (an
		 * acknowledged interrupt never EOIed masks the others).
		 */
		if (!v3 && addr >= platform.gicd_base + 0x1000 &&
		    addr - platform.gicd_base - 0x1000 < 0x2000)
			addr = gicc_safe_read(r), kind = MK_LDRW;
		break;
	case 4:
	case 5:
	case 6:
		if (v3) {
			addr = platform.gicr_base +
			       pick_offset(r, gicr_blocks,
					   ARRAY_SIZE(gicr_blocks), gicr_span(),
					   0x20000);
			break;
		}
		addr = gicc_safe_read(r);
		kind = MK_LDRW;
		break;
	case 7:
	case 8:
		if (!platform.uart_base) {
			addr = platform.gicd_base + rng_below(r, 0x100);
			break;
		}
		addr = platform.uart_base + pick_offset(r, uart_blocks,
							ARRAY_SIZE(uart_blocks),
							0x1000, 0);
		/* No characters: writes to UARTDR become reads. */
		if (is_write(kind) && addr - platform.uart_base < 8)
			kind = MK_LDRW;
		break;
	default: {
		/* Nothing there: stage-2 faults on every form. */
		static const u64 holes[] = {
			0,
			GUEST_VIRTIO_MMIO_BASE,
			GUEST_VPCI_ECAM_BASE,
			GUEST_GNTTAB_BASE + 0x800000,
			GUEST_MAGIC_BASE + 0x800000,
		};

		addr = holes[rng_below(r, ARRAY_SIZE(holes))] +
		       rng_below(r, 0x2000);
		if (rng_pct(r, 30))
			addr = scratch_end + rng_below(r, 0x4000);
		break;
	}
	}
	a[0] = addr;
	a[1] = val;
	a[2] = kind;
	rec = rec_begin(OP_MMIO, iter, a, 3);
	ret = fz_mmio(addr, val, kind);
	rec_end(rec, ret);
	stats.ops[OP_MMIO]++;
}

/* ---- system registers and generated instructions ---- */

static u32 insn_buf[1024] __aligned(4096);
static volatile u64 insn_va;

static void insn_sync(u64 va)
{
	__asm__ __volatile__("dc cvau, %0\n\t"
			     "dsb ish\n\t"
			     "ic ivau, %0\n\t"
			     "dsb ish\n\t"
			     "isb" ::"r"(va)
			     : "memory");
}

/* Run one generated instruction followed by ret; x0 in, x0 out. */
static u64 run_insn(u32 insn, u64 x0)
{
	unsigned int cpu = smp_processor_id() ? 1 : 0;
	u32 *slot = &insn_buf[cpu * 512];
	u64 (*fn)(u64) = (u64(*)(u64))(uintptr_t)slot;

	slot[0] = insn;
	slot[1] = 0xd65f03c0; /* ret */
	insn_sync((u64)(uintptr_t)slot);
	insn_va = (u64)(uintptr_t)slot;
	return fn(x0);
}

extern const u64 __ex_table_start[], __ex_table_end[];

static bool in_extable(u64 pc)
{
	const u64 *e;

	for (e = __ex_table_start; e < __ex_table_end; e += 3)
		if (pc >= e[0] && pc <= e[1])
			return true;
	return false;
}

/*
 * This vCPU's synchronous exception handler while fuzzing: faults of a
 * generated instruction return to its caller; exception-table entries are
 * left to the runtime; anything else is unexpected: print the seed and
 * the last operations before the runtime reports the crash.
 */
static bool fuzz_sync_handler(struct trap_frame *f)
{
	unsigned int cpu = smp_processor_id() ? 1 : 0;
	u64 slot = (u64)(uintptr_t)&insn_buf[cpu * 512];
	struct cpu_data *c = this_cpu();

	if (f->elr >= slot && f->elr < slot + 8) {
		c->fault.taken = true;
		c->fault.slot = VEC_EL1H_SYNC;
		c->fault.esr = f->esr;
		c->fault.far = f->far;
		c->fault.elr = f->elr;
		f->elr = f->x[30];
		f->x[0] = 0;
		return true;
	}
	if (in_extable(f->elr))
		return false;
	printk("fuzz: UNEXPECTED exception on vCPU %u at 0x%lx (ESR 0x%lx, "
	       "FAR 0x%lx)\n",
	       smp_processor_id(), f->elr, f->esr, f->far);
	ring_dump();
	return false;
}

void ops_install_handler(void)
{
	set_sync_handler(fuzz_sync_handler);
}

#define SYSREG_ENC(op0, op1, crn, crm, op2)                           \
	((u32)((op0)-2) << 19 | (u32)(op1) << 16 | (u32)(crn) << 12 | \
	 (u32)(crm) << 8 | (u32)(op2) << 5)
#define MRS_X0 0xd5300000U
#define MSR_X0 0xd5100000U

/* Registers whose reads change state (interrupt acknowledge, DTR). */
static bool mrs_denied(u32 enc)
{
	return enc == SYSREG_ENC(3, 0, 12, 8, 0) ||  /* ICC_IAR0_EL1 */
	       enc == SYSREG_ENC(3, 0, 12, 12, 0) || /* ICC_IAR1_EL1 */
	       enc == SYSREG_ENC(3, 0, 12, 9, 5) ||  /* ICC_NMIAR1_EL1 */
	       enc == SYSREG_ENC(2, 3, 0, 5, 0);     /* DBGDTRRX_EL0 */
}

/* System registers a guest may write without hurting itself. */
static u32 gen_msr_enc(struct rng *r, u64 *val)
{
	static const u32 pmu[] = {
		SYSREG_ENC(3, 3, 9, 12, 0),  /* PMCR_EL0 */
		SYSREG_ENC(3, 3, 9, 12, 1),  /* PMCNTENSET_EL0 */
		SYSREG_ENC(3, 3, 9, 12, 2),  /* PMCNTENCLR_EL0 */
		SYSREG_ENC(3, 3, 9, 12, 3),  /* PMOVSCLR_EL0 */
		SYSREG_ENC(3, 3, 9, 12, 4),  /* PMSWINC_EL0 */
		SYSREG_ENC(3, 3, 9, 12, 5),  /* PMSELR_EL0 */
		SYSREG_ENC(3, 3, 9, 13, 0),  /* PMCCNTR_EL0 */
		SYSREG_ENC(3, 3, 9, 13, 1),  /* PMXEVTYPER_EL0 */
		SYSREG_ENC(3, 3, 9, 13, 2),  /* PMXEVCNTR_EL0 */
		SYSREG_ENC(3, 3, 9, 14, 0),  /* PMUSERENR_EL0 */
		SYSREG_ENC(3, 3, 9, 14, 3),  /* PMOVSSET_EL0 */
		SYSREG_ENC(3, 0, 9, 14, 1),  /* PMINTENSET_EL1 */
		SYSREG_ENC(3, 0, 9, 14, 2),  /* PMINTENCLR_EL1 */
		SYSREG_ENC(3, 3, 14, 15, 7), /* PMCCFILTR_EL0 */
		SYSREG_ENC(3, 0, 12, 11, 5), /* ICC_SGI1R_EL1 */
		SYSREG_ENC(3, 0, 12, 11, 6), /* ICC_ASGI1R_EL1 */
		SYSREG_ENC(3, 0, 12, 11, 7), /* ICC_SGI0R_EL1 */
		SYSREG_ENC(3, 0, 1, 0, 1),   /* ACTLR_EL1 */
		SYSREG_ENC(3, 3, 14, 2, 0),  /* CNTP_TVAL_EL0 */
		SYSREG_ENC(3, 3, 14, 2, 1),  /* CNTP_CTL_EL0 */
		SYSREG_ENC(3, 3, 14, 2, 2),  /* CNTP_CVAL_EL0 */
	};

	switch (rng_below(r, 4)) {
	case 0: /* implementation defined: trapped by HCR_EL2.TIDCP */
		return SYSREG_ENC(3, rng_below(r, 8), rng_pct(r, 50) ? 11 : 15,
				  rng_below(r, 16), rng_below(r, 8));
	case 1: { /* breakpoint/watchpoint value and control, disabled */
		u32 op2 = 4 + rng_below(r, 4);

		if (op2 & 1)
			*val &= ~1UL; /* E = 0 */
		return SYSREG_ENC(2, 0, 0, rng_below(r, 16), op2);
	}
	case 2: /* ID registers: read-only */
		return SYSREG_ENC(3, 0, 0, rng_below(r, 8), rng_below(r, 8));
	default:
		return pmu[rng_below(r, ARRAY_SIZE(pmu))];
	}
}

void op_sysreg(struct rng *r, u64 iter)
{
	u64 a[8] = {0}, ret = 0, val = gen_int(r);
	unsigned int which = rng_below(r, 8);
	struct op_rec *rec;

	if (which <= 1 && rng_pct(r, 70)) {
		/* ICC_SGI1R_EL1: INTID, target list, Aff1-3, RS, IRM. */
		val = rng_below(r, 0x10000) | rng_below(r, 4) << 16 |
		      rng_below(r, 16) << 24 |
		      (rng_pct(r, 80) ? 0 : rng_below(r, 256)) << 32 |
		      (rng_pct(r, 20) ? 1UL << 40 : 0) |
		      rng_below(r, 16) << 44 |
		      (rng_pct(r, 80) ? 0 : rng_below(r, 256)) << 48;
	}
	a[0] = which;
	a[1] = val;
	rec = rec_begin(OP_SYSREG, iter, a, 2);
	switch (which) {
	case 0:
	case 1:
		fz_write_sgi1r(val);
		break;
	case 2:
	case 3:
		ret = fz_read_cntp(rng_below(r, 3));
		break;
	case 4:
	case 5:
		fz_write_cntp(rng_below(r, 3), val);
		break;
	case 6:
		ret = fz_read_actlr();
		break;
	default:
		fz_write_actlr(val);
		break;
	}
	rec_end(rec, ret);
	stats.ops[OP_SYSREG]++;
}

void op_insn(struct rng *r, u64 iter)
{
	u64 a[8] = {0}, val = gen_int(r), ret;
	u32 insn, enc, imm;
	struct op_rec *rec;
	bool want_undef = false, blocking = false;

	switch (rng_below(r, 10)) {
	case 0:
	case 1:
	case 2:
	case 3: /* MRS of any encoding */
		do {
			enc = SYSREG_ENC(2 + rng_below(r, 2), rng_below(r, 8),
					 rng_below(r, 16), rng_below(r, 16),
					 rng_below(r, 8));
		} while (mrs_denied(enc));
		insn = MRS_X0 | enc;
		break;
	case 4:
	case 5:
	case 6:
		insn = MSR_X0 | gen_msr_enc(r, &val);
		break;
	case 7: /* HVC with an immediate that is neither 0 nor 0xEA1 */
		do {
			imm = rng_below(r, 0x10000);
		} while (imm == 0 || imm == XEN_HYPERCALL_TAG);
		insn = 0xd4000002U | imm << 5;
		want_undef = true;
		break;
	case 8: /* SMC with a non-zero immediate */
		imm = 1 + rng_below(r, 0xffff);
		insn = 0xd4000003U | imm << 5;
		want_undef = true;
		break;
	default:
		if (rng_pct(r, 50)) {
			insn = 0xd503207fU; /* WFI */
			blocking = true;
		} else {
			insn = 0xd503205fU; /* WFE */
		}
		break;
	}
	a[0] = insn;
	a[1] = val;
	if (blocking)
		block_prepare();
	rec = rec_begin(OP_INSN, iter, a, 2);
	if (blocking)
		block_arm();
	ret = run_insn(insn, val);
	rec_end(rec, ret);
	if (blocking)
		block_finish();
	stats.ops[OP_INSN]++;
	if (want_undef && (!rec->fault || ESR_EC(rec->esr) != EC_UNKNOWN))
		fuzz_unexpected(
			"%s #%#x did not raise an UNDEFINED "
			"exception (%s, ESR %#lx)",
			(insn & 3) == 2 ? "HVC" : "SMC", (insn >> 5) & 0xffff,
			rec->fault ? "another exception" : "no exception",
			rec->esr);
}

void ops_init(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(insn_buf); i++)
		insn_buf[i] = 0xd65f03c0; /* ret */
	dcache_clean_inval_range((u64)(uintptr_t)insn_buf,
				 (u64)(uintptr_t)insn_buf + sizeof(insn_buf));
	__asm__ __volatile__("ic iallu\n\tdsb ish\n\tisb" ::: "memory");
}
