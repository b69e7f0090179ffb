/* SPDX-License-Identifier: MIT */
/*
 * The operations (here: the ring of the last ones, helpers building
 * structures in scratch, dispatch and the worker): hypercalls (single and in multicalls), SMCCC calls over
 * HVC #0 and SMC #0, MMIO accesses of every form to the emulated devices,
 * trapped system registers, and single generated instructions (random
 * MRS/MSR encodings, HVC/SMC immediates, WFI/WFE).
 *
 * Each generator first builds a random call, then applies the few rules
 * that keep the fuzzer alive (no shutting itself down, no parking its own
 * vCPUs, no blocking without a wake-up armed), runs it, records it in the
 * ring and checks the handful of results that are fixed by the ABI.
 * Hypercalls: ops_hypercall.c, ops_gnttab.c; the rest: ops_arch.c.
 */
#include "ops.h"
#include <public/domctl.h>
#include <public/grant_table.h>
#include <public/platform.h>
#include <public/sysctl.h>

struct fuzz_stats stats;
volatile bool fuzz_stop;

static const char *const kind_names[NR_OP_KINDS] = {
	[OP_HYPERCALL] = "hypercall", [OP_MULTICALL] = "multicall",
	[OP_SMCCC_HVC] = "smccc-hvc", [OP_SMCCC_SMC] = "smccc-smc",
	[OP_MMIO] = "mmio",	      [OP_SYSREG] = "sysreg",
	[OP_INSN] = "insn",	      [OP_BLOCK] = "block",
};

/* ---- the ring of the last operations, one per vCPU ---- */

static struct op_rec ring[2][RING_SIZE];
static unsigned int ring_pos[2];

struct op_rec *rec_begin(u32 kind, u64 iter, const u64 *a, int n)
{
	unsigned int cpu = smp_processor_id() ? 1 : 0;
	struct op_rec *rec = &ring[cpu][ring_pos[cpu]++ % RING_SIZE];
	int i;

	memset(rec, 0, sizeof(*rec));
	rec->iter = iter;
	rec->kind = kind;
	rec->cpu = cpu;
	for (i = 0; i < n && i < 8; i++)
		rec->a[i] = a[i];
	if (cpu == 0 && iter >= cfg.trace_from)
		printk("op %lu: %s %lx %lx %lx %lx %lx %lx %lx %lx\n", iter,
		       kind_names[kind], rec->a[0], rec->a[1], rec->a[2],
		       rec->a[3], rec->a[4], rec->a[5], rec->a[6], rec->a[7]);
	fault_clear();
	return rec;
}

void rec_end(struct op_rec *rec, u64 ret)
{
	const struct fault_record *f = fault_last();

	rec->ret = ret;
	if (f->taken) {
		rec->fault = true;
		rec->esr = f->esr;
		if (rec->cpu == 0)
			stats.faults++;
	}
	if (rec->cpu == 0 && rec->iter >= cfg.trace_from)
		printk("op %lu: -> %lx%s\n", rec->iter, ret,
		       rec->fault ? " (fault)" : "");
}

void ring_dump(void)
{
	unsigned int cpu, i;

	printk("fuzz: seed 0x%lx; the last operations (kind a0..a7 -> "
	       "result):\n",
	       cfg.seed);
	for (cpu = 0; cpu < 2; cpu++) {
		for (i = 0; i < RING_SIZE; i++) {
			const struct op_rec *r =
				&ring[cpu][(ring_pos[cpu] + i) % RING_SIZE];

			if (!r->kind && !r->iter && !r->a[0])
				continue;
			printk("  vCPU%u #%lu %s %lx %lx %lx %lx %lx %lx %lx "
			       "%lx -> %lx\n",
			       r->cpu, r->iter, kind_names[r->kind], r->a[0],
			       r->a[1], r->a[2], r->a[3], r->a[4], r->a[5],
			       r->a[6], r->a[7], r->ret);
			if (r->fault)
				printk("    (exception, ESR 0x%lx)\n", r->esr);
		}
	}
}

void fuzz_unexpected(const char *fmt, ...)
{
	char buf[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	test_failure("FAIL: %s", buf);
	ring_dump();
	fuzz_stop = true;
}

/* ---- building structures in scratch ---- */

/* A struct image: random words, then fields set by the caller. */
void buf_random(struct rng *r, u64 *b)
{
	unsigned int i;

	for (i = 0; i < BUF_WORDS; i++)
		b[i] = gen_val(r);
}

/* Copy a struct image to p (which may be misaligned, at an edge, bad). */
void buf_put(u64 p, const u64 *b)
{
	unsigned int i;

	for (i = 0; i < BUF_WORDS; i++)
		scratch_write64(p + 8 * i, sanitize(b[i]));
	sanitize_windows(p, BUF_WORDS);
}

/* Where a struct argument goes: usually room in scratch, else an edge. */
u64 struct_ptr(struct rng *r)
{
	return rng_pct(r, 75) ? gen_scratch_ptr(r, 8 * BUF_WORDS) : gen_ptr(r);
}

/* A list of n generated values (frame numbers, ports...) in scratch. */
u64 list_ptr(struct rng *r, u64 (*gen)(struct rng *), unsigned int n,
	     unsigned int size)
{
	u64 p = gen_scratch_ptr(r, (size_t)n * size);
	unsigned int i;

	for (i = 0; i < n; i++) {
		u64 v = gen(r);

		if (size == 8) {
			scratch_write64(p + 8 * i, sanitize(v));
		} else {
			/* 32-bit items: pairs per word */
			u64 w = (v & 0xffffffff) | (gen(r) << 32);

			scratch_write64(p + 8 * (i / 2), sanitize(w));
			i++;
		}
	}
	return rng_pct(r, 85) ? p : gen_ptr(r);
}

u64 now_ns(void)
{
	u64 c = timer_count(), f = timer_freq();

	return c / f * 1000000000UL + (c % f) * 1000000000UL / f;
}

/* ---- dispatch ---- */

void op_random(struct rng *r, u64 iter)
{
	unsigned int n = rng_below(r, 100);

	if (n < 40)
		op_hypercall(r, iter);
	else if (n < 45)
		op_multicall(r, iter);
	else if (n < 53)
		op_smccc(r, iter, false);
	else if (n < 57)
		op_smccc(r, iter, true);
	else if (n < 82)
		op_mmio(r, iter);
	else if (n < 90)
		op_sysreg(r, iter);
	else
		op_insn(r, iter);

	if ((iter & 255) == 255) {
		long v = HYPERVISOR_xen_version(XENVER_version, NULL);

		if (v != 0x40011)
			fuzz_unexpected("xen_version now returns %#lx", v);
	}
}

/* ---- the worker on vCPU 1: concurrent, never blocking ---- */

static u8 worker_buf[PAGE_SIZE] __aligned(PAGE_SIZE);

void op_worker(struct rng *r, u64 iter)
{
	u64 a[8] = {0}, ret = 0;
	struct op_rec *rec;
	bool v3 = platform.gic_version == 3;

	switch (rng_below(r, 6)) {
	case 0: { /* event channels of the domain, racing vCPU 0 */
		static const u8 cmds[] = {
			EVTCHNOP_send,	       EVTCHNOP_unmask,
			EVTCHNOP_status,       EVTCHNOP_close,
			EVTCHNOP_bind_ipi,     EVTCHNOP_alloc_unbound,
			EVTCHNOP_bind_vcpu,    EVTCHNOP_set_priority,
			EVTCHNOP_expand_array,
		};
		u32 *w = (u32 *)worker_buf;

		a[0] = cmds[rng_below(r, ARRAY_SIZE(cmds))];
		w[0] = (u32)gen_port(r);
		w[1] = rng_below(r, 4);
		if (a[0] == EVTCHNOP_status || a[0] == EVTCHNOP_alloc_unbound)
			w[0] = DOMID_SELF |
			       (u32)(rng_pct(r, 50) ? DOMID_SELF : 2) << 16;
		if (a[0] == EVTCHNOP_status)
			w[1] = (u32)gen_port(r);
		if (a[0] == EVTCHNOP_bind_ipi)
			w[0] = rng_below(r, 3);
		if (a[0] == EVTCHNOP_expand_array)
			*(u64 *)worker_buf = gen_gfn(r);
		a[1] = w[0];
		a[2] = w[1];
		rec = rec_begin(OP_HYPERCALL, iter, a, 3);
		ret = (u64)HYPERVISOR_event_channel_op((int)a[0], worker_buf);
		break;
	}
	case 1: { /* SPI registers of the distributor (never SGIs/PPIs) */
		u64 intid = 32 + rng_below(r, 988);
		u64 off;

		switch (rng_below(r, v3 ? 5 : 4)) {
		case 0: /* I[SC]ENABLER, I[SC]PENDR, I[SC]ACTIVER */
			off = 0x100 + 0x80 * rng_below(r, 6) + intid / 32 * 4;
			break;
		case 1:
			off = 0x400 + (intid & ~3UL); /* IPRIORITYR */
			break;
		case 2:
			off = 0x800 + (intid & ~3UL); /* ITARGETSR (v2) */
			break;
		case 3:
			off = 0xc00 + intid / 16 * 4; /* ICFGR */
			break;
		default:
			off = 0x6000 + intid * 8 + 4 * rng_below(r, 2);
			break;
		}
		a[0] = platform.gicd_base + off;
		a[1] = gen_int(r);
		a[2] = MK_STRW;
		rec = rec_begin(OP_MMIO, iter, a, 3);
		ret = fz_mmio(a[0], a[1], MK_STRW);
		break;
	}
	case 2: /* reads anywhere in the distributor / redistributors */
		a[0] = (v3 && rng_pct(r, 50))
			       ? platform.gicr_base +
					 (rng_below(r, gicr_span()) & ~3UL)
			       : platform.gicd_base +
					 (rng_below(r, v3 ? 0x10000 : 0x1000) &
					  ~3UL);
		a[2] = rng_pct(r, 80) ? MK_LDRW : MK_LDRB;
		rec = rec_begin(OP_MMIO, iter, a, 3);
		ret = fz_mmio(a[0], 0, (unsigned int)a[2]);
		break;
	case 3: /* SGIs to anyone */
		a[0] = v3;
		a[1] = v3 ? (rng_next(r) & 0xffff0f00ffffUL)
			  : (rng_below(r, 4) << 24 | rng_below(r, 256) << 16 |
			     rng_below(r, 16));
		rec = rec_begin(OP_SYSREG, iter, a, 2);
		if (v3)
			fz_write_sgi1r(a[1]);
		else
			fz_mmio(platform.gicd_base + 0xf00, a[1], MK_STRW);
		break;
	case 4: /* cheap hypercalls */
		a[0] = rng_below(r, 13);
		rec = rec_begin(OP_HYPERCALL, iter, a, 1);
		if (a[0] == 12) {
			ret = (u64)HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
		} else {
			if (a[0] == 10) /* XENVER_build_id: room for 64 */
				*(u32 *)worker_buf = 64;
			ret = (u64)HYPERVISOR_xen_version((int)a[0],
							  worker_buf);
		}
		break;
	default: /* PSCI queries */
		a[0] = rng_pct(r, 50) ? FN_AFFINITY_INFO | FN_64
				      : FN_PSCI_FEATURES;
		a[1] = a[0] == FN_PSCI_FEATURES ? gen_fn(r) : gen_mpidr(r);
		rec = rec_begin(OP_SMCCC_HVC, iter, a, 2);
		{
			u64 regs[8] = {a[0], a[1], 0, 0, 0, 0, 0, 0};

			fz_smccc_hvc(regs);
			ret = regs[0];
		}
		break;
	}
	rec_end(rec, ret);
}
