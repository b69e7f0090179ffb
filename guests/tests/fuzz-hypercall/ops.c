/* SPDX-License-Identifier: MIT */
/*
 * The operations: hypercalls (single and in multicalls), SMCCC calls over
 * HVC #0 and SMC #0, MMIO accesses of every form to the emulated devices,
 * trapped system registers, and single generated instructions (random
 * MRS/MSR encodings, HVC/SMC immediates, WFI/WFE).
 *
 * Each generator first builds a random call, then applies the few rules
 * that keep the fuzzer alive (no shutting itself down, no parking its own
 * vCPUs, no blocking without a wake-up armed), runs it, records it in the
 * ring and checks the handful of results that are fixed by the ABI.
 */
#include "fuzz.h"
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

static struct op_rec *rec_begin(u32 kind, u64 iter, const u64 *a, int n)
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

static void rec_end(struct op_rec *rec, u64 ret)
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

#define BUF_WORDS 32

/* A struct image: random words, then fields set by the caller. */
static void buf_random(struct rng *r, u64 *b)
{
	unsigned int i;

	for (i = 0; i < BUF_WORDS; i++)
		b[i] = gen_val(r);
}

/* Copy a struct image to p (which may be misaligned, at an edge, bad). */
static void buf_put(u64 p, const u64 *b)
{
	unsigned int i;

	for (i = 0; i < BUF_WORDS; i++)
		scratch_write64(p + 8 * i, sanitize(b[i]));
	sanitize_windows(p, BUF_WORDS);
}

/* Where a struct argument goes: usually room in scratch, else an edge. */
static u64 struct_ptr(struct rng *r)
{
	return rng_pct(r, 75) ? gen_scratch_ptr(r, 8 * BUF_WORDS) : gen_ptr(r);
}

/* A list of n generated values (frame numbers, ports...) in scratch. */
static u64 list_ptr(struct rng *r, u64 (*gen)(struct rng *), unsigned int n,
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

static u64 now_ns(void)
{
	u64 c = timer_count(), f = timer_freq();

	return c / f * 1000000000UL + (c % f) * 1000000000UL / f;
}

/* ---- hypercalls ---- */

struct call {
	u64 nr;
	u64 a[5];
	unsigned int flags;
	u64 gnt_idx, gnt_gfn; /* CF_GNTFRAME */
};
#define CF_BLOCKING 1	 /* may block: needs a wake-up armed */
#define CF_MEMORY 2	 /* may change the p2m: check scratch afterwards */
#define CF_WATCHDOG 4	 /* created a watchdog: destroy it */
#define CF_ENOSYS 8	 /* must return -ENOSYS */
#define CF_NO_SUCCESS 16 /* must fail (a domU may not do this) */
#define CF_SKIP 32	 /* nothing to run */
#define CF_GNTFRAME 64	 /* maps a grant-table frame of ours somewhere */

/* Numbers Xen 4.17 on Arm and armvisor do not implement. */
static bool nr_is_enosys(u64 nr)
{
	static const u64 none[] = {0,  1,  2,  3,  4,  5,  6,  8,  9,
				   10, 11, 14, 15, 16, 19, 22, 23, 25,
				   26, 28, 30, 31, 37, 38, 40};
	unsigned int i;

	if (nr >= 43)
		return true;
	for (i = 0; i < ARRAY_SIZE(none); i++)
		if (nr == none[i])
			return true;
	return false;
}

static const u8 hc_common[] = {
	__HYPERVISOR_memory_op,	       __HYPERVISOR_xen_version,
	__HYPERVISOR_console_io,       __HYPERVISOR_grant_table_op,
	__HYPERVISOR_vm_assist,	       __HYPERVISOR_vcpu_op,
	__HYPERVISOR_xsm_op,	       __HYPERVISOR_sched_op,
	__HYPERVISOR_event_channel_op, __HYPERVISOR_physdev_op,
	__HYPERVISOR_hvm_op,	       __HYPERVISOR_sysctl,
	__HYPERVISOR_domctl,	       __HYPERVISOR_platform_op,
	__HYPERVISOR_argo_op,	       __HYPERVISOR_dm_op,
	__HYPERVISOR_hypfs_op,	       __HYPERVISOR_event_channel_op,
	__HYPERVISOR_memory_op,	       __HYPERVISOR_sched_op,
	__HYPERVISOR_vcpu_op,	       __HYPERVISOR_event_channel_op,
};

/* A command number: usually a real one, sometimes with high bits set. */
static u64 gen_cmd(struct rng *r, unsigned int nr_cmds)
{
	u64 c = rng_below(r, nr_cmds);

	if (rng_pct(r, 8))
		c |= (u64)rng_below(r, 0x10000) << 32; /* Xen: int cmd */
	if (rng_pct(r, 10))
		c = gen_int(r);
	return c;
}

static void gen_memory_op(struct rng *r, struct call *c)
{
	u64 b[BUF_WORDS];
	u64 p = struct_ptr(r);

	buf_random(r, b);
	/* add_to_physmap often: it maps grant-table frames, used below. */
	c->a[0] = rng_pct(r, 20) ? XENMEM_add_to_physmap : gen_cmd(r, 30);
	if (rng_pct(r, 5))
		c->a[0] |= gen_int(r) << 6; /* continuation bits */
	c->a[1] = p;
	switch (c->a[0] & 0x3f) {
	case XENMEM_increase_reservation:
	case XENMEM_decrease_reservation:
	case XENMEM_populate_physmap:
	case XENMEM_exchange: {
		/* One or two xen_memory_reservation images. */
		unsigned int k;

		for (k = 0; k < 2; k++) {
			struct xen_memory_reservation *m = (void *)&b[4 * k];

			m->extent_start.q =
				list_ptr(r, gen_gfn, 1 + rng_below(r, 16), 8);
			m->nr_extents =
				rng_pct(r, 70) ? rng_below(r, 17) : gen_int(r);
			m->extent_order =
				rng_pct(r, 70) ? rng_below(r, 12) : gen_int(r);
			/* XSA-231: node numbers in mem_flags. */
			m->mem_flags =
				rng_pct(r, 40) ? 0
				: rng_pct(r, 50)
					? XENMEMF_node(rng_below(r, 300)) |
						  (rng_pct(r, 50)
							   ? XENMEMF_exact_node_request
							   : 0)
					: gen_int(r);
			m->domid = gen_domid(r);
		}
		b[8] = rng_pct(r, 80) ? 0 : gen_int(r); /* nr_exchanged */
		break;
	}
	case XENMEM_current_reservation:
	case XENMEM_maximum_reservation:
	case XENMEM_maximum_gpfn:
		b[0] = gen_domid(r);
		break;
	case XENMEM_add_to_physmap: {
		struct xen_add_to_physmap *x = (void *)b;

		x->domid = rng_pct(r, 50) ? DOMID_SELF : gen_domid(r);
		x->size = rng_pct(r, 80) ? rng_below(r, 4) : gen_int(r);
		x->space = rng_pct(r, 40)   ? XENMAPSPACE_grant_table
			   : rng_pct(r, 85) ? rng_below(r, 7)
					    : gen_int(r);
		x->idx = rng_pct(r, 70)	  ? rng_below(r, 8)
			 : rng_pct(r, 50) ? rng_below(r, 70)
					  : gen_val(r);
		if (rng_pct(r, 10))
			x->idx |= XENMAPIDX_grant_table_status;
		x->gpfn = gen_gfn(r);
		/* Remembered: on success it is where a grant frame is. */
		if (p == (p & ~7UL) && in_scratch(p, sizeof(*x)) &&
		    x->space == XENMAPSPACE_grant_table &&
		    (x->domid == DOMID_SELF || x->domid == 1)) {
			c->flags |= CF_GNTFRAME;
			c->gnt_idx = x->idx;
			c->gnt_gfn = x->gpfn;
		}
		break;
	}
	case XENMEM_add_to_physmap_batch:
		/* domid, space, size, foreign domid, then three handles. */
		b[0] = gen_domid(r) | rng_below(r, 7) << 16 |
		       (rng_pct(r, 80) ? rng_below(r, 9) : gen_int(r) & 0xffff)
			       << 32 |
		       gen_domid(r) << 48;
		b[1] = list_ptr(r, gen_val, 8, 8);
		b[2] = list_ptr(r, gen_gfn, 8, 8);
		b[3] = gen_ptr(r);
		break;
	case XENMEM_remove_from_physmap:
		b[0] = gen_domid(r);
		b[1] = gen_gfn(r);
		break;
	default:
		break;
	}
	if (p >= scratch_base)
		buf_put(p, b);
	c->flags |= CF_MEMORY;
}

static void gen_xen_version(struct rng *r, struct call *c)
{
	u64 p = gen_ptr(r);

	c->a[0] = gen_cmd(r, 14);
	c->a[1] = p;
	if ((u32)c->a[0] == 10 /* XENVER_build_id */ && in_scratch(p, 8))
		scratch_write64(p,
				rng_pct(r, 50) ? rng_below(r, 64) : gen_int(r));
}

static void gen_console_io(struct rng *r, struct call *c, bool nested)
{
	c->a[0] = gen_cmd(r, 3);
	c->a[1] = gen_int(r);
	c->a[2] = gen_ptr(r);
	if ((u32)c->a[0] == CONSOLEIO_write) {
		u64 p = c->a[2], n = (u32)c->a[1];

		/*
		 * Nothing printable: the domain's console output is rate
		 * limited and the final result line must get through.
		 * Scratch from p on is zeroed (no stray bytes); later writes
		 * there (multicall lists) could put some back, so nested
		 * writes only get bad pointers or nothing.
		 */
		if (nested) {
			if (p >= scratch_base && p < scratch_end)
				c->a[1] = 0;
		} else if (p >= scratch_base && p < scratch_end) {
			scratch_memset(p, 0, MIN(n, scratch_end - p));
		}
	}
}

/*
 * Grant tables: where our own grant-table frames were mapped (by an
 * add_to_physmap that succeeded), so grant entries can be written there
 * and then mapped, copied, flushed and unmapped by reference; and the
 * last mappings made, for unmap.
 */
#define NR_GNT 4
static struct {
	u64 idx, gfn;
} gnt_frames[NR_GNT];
static unsigned int nr_gnt_frames;
static struct {
	u64 host_addr;
	u32 handle;
} gnt_maps[8];
static unsigned int nr_gnt_maps;

/* Write a plausible grant entry of ours; returns its reference. */
static u32 gnt_entry(struct rng *r)
{
	unsigned int f = rng_below(r, nr_gnt_frames);
	u32 slot = rng_below(r, 512); /* v1 entries: 8 bytes */
	u64 flags = rng_pct(r, 70) ? GTF_permit_access : rng_below(r, 0x10000);
	u64 dom = rng_pct(r, 50) ? 1 : gen_domid(r) & 0xffff;
	u64 frame = gen_gfn(r) & 0xffffffff;

	if (rng_pct(r, 30))
		flags |= GTF_readonly;
	scratch_write64((gnt_frames[f].gfn << PAGE_SHIFT) + slot * 8,
			flags | dom << 16 | frame << 32);
	return (u32)(gnt_frames[f].idx * 512 + slot);
}

static u32 gnt_ref(struct rng *r)
{
	if (nr_gnt_frames && rng_pct(r, 70))
		return gnt_entry(r);
	return rng_pct(r, 70) ? (u32)rng_below(r, 64) : (u32)gen_int(r);
}

static void gen_grant_table_op(struct rng *r, struct call *c)
{
	u64 b[BUF_WORDS];
	u64 p = struct_ptr(r);
	unsigned int i, n;

	buf_random(r, b);
	c->a[0] = gen_cmd(r, 16);
	c->a[1] = p;
	c->a[2] = rng_pct(r, 75) ? 1 + rng_below(r, 3) : gen_int(r);
	n = MIN((unsigned int)c->a[2], 4U);
	c->flags |= CF_MEMORY;
	switch ((u32)c->a[0]) {
	case GNTTABOP_map_grant_ref:
		for (i = 0; i < n; i++) {
			struct gnttab_map_grant_ref *m = (void *)&b[4 * i];

			m->host_addr =
				gen_gfn(r) << PAGE_SHIFT |
				(rng_pct(r, 90) ? 0 : rng_below(r, 4096));
			m->flags = rng_pct(r, 80)
					   ? GNTMAP_host_map |
						     (rng_pct(r, 40)
							      ? GNTMAP_readonly
							      : 0)
					   : (u32)gen_int(r);
			m->ref = gnt_ref(r);
			m->dom = rng_pct(r, 60) ? 1 : gen_domid(r);
		}
		break;
	case GNTTABOP_unmap_grant_ref:
	case GNTTABOP_unmap_and_replace:
		for (i = 0; i < n; i++) {
			unsigned int k = rng_below(r, 8);

			if (nr_gnt_maps && rng_pct(r, 80)) {
				b[3 * i] = gnt_maps[k % nr_gnt_maps].host_addr;
				b[3 * i + 2] = gnt_maps[k % nr_gnt_maps].handle;
			} else {
				b[3 * i] = gen_gfn(r) << PAGE_SHIFT;
				b[3 * i + 2] = rng_below(r, 16);
			}
			/* unmap: dev_bus_addr; unmap_and_replace: new_addr */
			b[3 * i + 1] =
				rng_pct(r, 50) ? 0 : gen_gfn(r) << PAGE_SHIFT;
		}
		break;
	case GNTTABOP_copy:
		for (i = 0; i < n; i++) {
			struct gnttab_copy *cp = (void *)&b[5 * i];
			u16 fl = rng_below(r, 4);

			cp->source.u.gmfn = fl & GNTCOPY_source_gref
						    ? gnt_ref(r)
						    : gen_gfn(r);
			cp->source.domid =
				rng_pct(r, 70) ? DOMID_SELF : gen_domid(r);
			cp->source.offset = rng_pct(r, 70) ? rng_below(r, 4096)
							   : (u16)gen_int(r);
			cp->dest.u.gmfn = fl & GNTCOPY_dest_gref ? gnt_ref(r)
								 : gen_gfn(r);
			cp->dest.domid =
				rng_pct(r, 70) ? DOMID_SELF : gen_domid(r);
			cp->dest.offset = rng_pct(r, 70) ? rng_below(r, 4096)
							 : (u16)gen_int(r);
			cp->len = rng_pct(r, 70) ? rng_below(r, 4097)
						 : (u16)gen_int(r);
			cp->flags = rng_pct(r, 90) ? fl : (u16)gen_int(r);
		}
		break;
	case GNTTABOP_cache_flush:
		for (i = 0; i < n; i++) {
			struct gnttab_cache_flush *cf = (void *)&b[3 * i];
			bool gref = rng_pct(r, 50);

			/* XSA-232: machine addresses that are not ours. */
			cf->a.dev_bus_addr =
				gref ? gnt_ref(r)
				: rng_pct(r, 50)
					? 0x40000000UL +
						  (rng_below(r, 0x40000) << 12)
					: gen_int(r);
			cf->offset = rng_pct(r, 80) ? rng_below(r, 4096)
						    : (u16)gen_int(r);
			cf->length = rng_pct(r, 80) ? rng_below(r, 4097)
						    : (u16)gen_int(r);
			cf->op = rng_below(r, 4) |
				 (gref ? GNTTAB_CACHE_SOURCE_GREF : 0);
		}
		break;
	case GNTTABOP_setup_table:
		b[0] = gen_domid(r) |
		       (rng_pct(r, 80) ? rng_below(r, 70) : gen_int(r)) << 32;
		b[2] = list_ptr(r, gen_gfn, 8, 8); /* frame_list (OUT) */
		break;
	case GNTTABOP_set_version:
		b[0] = rng_pct(r, 80) ? rng_below(r, 4) : gen_int(r);
		break;
	case GNTTABOP_swap_grant_ref:
		for (i = 0; i < n; i++)
			b[i] = gnt_ref(r) | (u64)gnt_ref(r) << 32;
		break;
	default:
		/* query_size, get_version, get_status_frames: a domid first */
		b[0] = gen_domid(r) |
		       (rng_pct(r, 80) ? rng_below(r, 8) : gen_int(r)) << 32;
		break;
	}
	if (p >= scratch_base)
		buf_put(p, b);
}

/* After a grant map: remember where and with which handle. */
static void gnt_after_map(u64 p, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		u64 e = p + 32 * i, v;
		u32 h;

		if (!in_scratch(e, 32) || (e & 7) || !probe_read64(e + 16, &v))
			return;
		if ((s16)(v >> 16)) /* status != GNTST_okay */
			continue;
		h = (u32)(v >> 32);
		if (!probe_read64(e, &v))
			return;
		gnt_maps[nr_gnt_maps % 8].host_addr = v;
		gnt_maps[nr_gnt_maps % 8].handle = h;
		nr_gnt_maps++;
		stats.gnt_maps++;
	}
}

static void gen_vcpu_op(struct rng *r, struct call *c)
{
	u64 b[BUF_WORDS];
	u64 p = struct_ptr(r);
	static const u64 offsets[] = {0,    1,	  4,	8,    63,
				      64,   65,	  4031, 4032, 4033,
				      4088, 4095, 4096, 8192, 0xffffffff};

	buf_random(r, b);
	c->a[0] = gen_cmd(r, 16);
	c->a[1] = rng_pct(r, 70) ? rng_below(r, nr_cpus() + 2) : gen_int(r);
	c->a[2] = p;
	switch ((u32)c->a[0]) {
	case VCPUOP_register_vcpu_info:
		/* XSA-327: misaligned offsets; mfn in scratch or nowhere. */
		b[0] = gen_gfn(r);
		b[1] = (rng_pct(r, 80)
				? offsets[rng_below(r, ARRAY_SIZE(offsets))]
				: gen_int(r) & 0xffffffff) |
		       (rng_pct(r, 85) ? 0 : gen_int(r) << 32);
		break;
	case VCPUOP_register_runstate_memory_area:
		b[0] = gen_ptr(r);
		break;
	case VCPUOP_down:
		/* Never park one of our own vCPUs. */
		if ((u32)c->a[1] < nr_cpus())
			c->a[1] = 0x1000 + rng_below(r, 16);
		break;
	}
	if (p >= scratch_base)
		buf_put(p, b);
}

static void gen_sched_op(struct rng *r, struct call *c, bool nested)
{
	u64 b[BUF_WORDS];
	u64 p = struct_ptr(r);

	buf_random(r, b);
	c->a[0] = gen_cmd(r, 9);
	c->a[1] = p;
	switch ((u32)c->a[0]) {
	case SCHEDOP_shutdown:
		/* Would end the test: keep the high bits, change the op. */
		c->a[0] = (c->a[0] & ~0xffffffffUL) | SCHEDOP_shutdown_code;
		b[0] = rng_below(r, 8);
		break;
	case SCHEDOP_shutdown_code:
		b[0] = rng_pct(r, 80) ? rng_below(r, 8) : gen_int(r);
		break;
	case SCHEDOP_block:
		c->flags |= CF_BLOCKING;
		break;
	case SCHEDOP_poll: {
		unsigned int n = 1 + rng_below(r, 6);

		b[0] = list_ptr(r, gen_port, n + (n & 1), 4);
		b[1] = rng_pct(r, 70)	? rng_below(r, n + 1)
		       : rng_pct(r, 50) ? 128 + rng_below(r, 3)
					: gen_int(r);
		/*
		 * The timeout is the wake-up that cannot be missed: an
		 * interrupt that got pending (masked) before the poll blocks
		 * does not end it (Xen 4.17 and armvisor alike), and with
		 * one pCPU the vCPU may be descheduled between arming the
		 * timer and the call. So no "never" (0) and nothing far in
		 * the future: the guest's virtual time is never ahead of the
		 * hypervisor's system time, so now + x fires within x.
		 */
		switch (rng_below(r, 5)) {
		case 0:
			b[2] = 1 + rng_below(r, 1000); /* long past */
			break;
		case 1:
			b[2] = 1UL << 63 | rng_next(r); /* negative */
			break;
		case 2:
			b[2] = now_ns() - rng_below(r, 1000000);
			break;
		default:
			b[2] = now_ns() + rng_below(r, 2000000);
			break;
		}
		c->flags |= CF_BLOCKING;
		break;
	}
	case SCHEDOP_remote_shutdown:
		/* Not allowed to a domU, whoever the target. */
		b[0] = gen_domid(r) | (u64)rng_below(r, 8) << 32;
		c->flags |= CF_NO_SUCCESS;
		break;
	case SCHEDOP_watchdog: {
		u64 id = rng_pct(r, 70) ? rng_below(r, 4)
					: gen_int(r) & 0xffffffff;
		u64 t = rng_pct(r, 70) ? rng_below(r, 100)
				       : gen_int(r) & 0xffffffff;

		/*
		 * A new watchdog with timeout 0 fires at once (Xen and
		 * armvisor): the domain would be shut down. Ours are
		 * destroyed right after the call, so any other timeout is
		 * safe. In a multicall the struct may be overwritten before
		 * the call: no watchdogs there.
		 */
		if (id == 0 && t == 0)
			t = 1 + rng_below(r, 100);
		b[0] = id | t << 32;
		c->flags |= CF_WATCHDOG;
		if (nested) {
			c->a[0] = SCHEDOP_yield;
			c->flags &= ~CF_WATCHDOG;
		}
		break;
	}
	}
	if (nested && (c->flags & CF_BLOCKING)) {
		c->a[0] = SCHEDOP_yield;
		c->flags &= ~CF_BLOCKING;
	}
	if (p >= scratch_base)
		buf_put(p, b);
}

static void gen_evtchn_op(struct rng *r, struct call *c)
{
	u64 b[BUF_WORDS];
	u64 p = struct_ptr(r);
	u32 *w = (u32 *)b;

	buf_random(r, b);
	c->a[0] = gen_cmd(r, 16);
	c->a[1] = p;
	switch ((u32)c->a[0]) {
	case EVTCHNOP_bind_interdomain:
		w[0] = gen_domid(r);
		w[1] = gen_port(r);
		break;
	case EVTCHNOP_bind_virq:
		w[0] = rng_pct(r, 80) ? rng_below(r, 26) : gen_int(r);
		w[1] = rng_pct(r, 80) ? rng_below(r, 4) : gen_int(r);
		break;
	case EVTCHNOP_close:
	case EVTCHNOP_send:
	case EVTCHNOP_unmask:
		w[0] = gen_port(r);
		break;
	case EVTCHNOP_status:
		w[0] = gen_domid(r);
		w[1] = gen_port(r);
		break;
	case EVTCHNOP_alloc_unbound:
		w[0] = gen_domid(r) | gen_domid(r) << 16;
		break;
	case EVTCHNOP_bind_ipi:
		w[0] = rng_pct(r, 80) ? rng_below(r, 4) : gen_int(r);
		break;
	case EVTCHNOP_bind_vcpu:
	case EVTCHNOP_set_priority:
		w[0] = gen_port(r);
		w[1] = rng_pct(r, 80) ? rng_below(r, 20) : gen_int(r);
		break;
	case EVTCHNOP_reset:
	case EVTCHNOP_reset_cont:
		w[0] = gen_domid(r);
		break;
	case EVTCHNOP_init_control:
		/* XSA-107/188/358: control block page and offset. */
		b[0] = gen_gfn(r);
		w[2] = rng_pct(r, 70) ? rng_below(r, 4097) & ~7U : gen_int(r);
		w[3] = rng_pct(r, 80) ? rng_below(r, 4) : gen_int(r);
		break;
	case EVTCHNOP_expand_array:
		b[0] = gen_gfn(r);
		break;
	}
	if (p >= scratch_base)
		buf_put(p, b);
}

static void gen_hvm_op(struct rng *r, struct call *c)
{
	u64 b[BUF_WORDS];
	u64 p = struct_ptr(r);

	buf_random(r, b);
	c->a[0] = gen_cmd(r, 25);
	c->a[1] = p;
	if ((u32)c->a[0] <= HVMOP_get_param) {
		b[0] = gen_domid(r) |
		       (rng_pct(r, 80) ? rng_below(r, 45) : gen_int(r)) << 32;
		b[1] = gen_val(r);
	}
	if (p >= scratch_base)
		buf_put(p, b);
}

/* sysctl, domctl, platform_op: cmd, then interface_version. */
static void gen_versioned(struct rng *r, struct call *c, u32 version)
{
	u64 b[BUF_WORDS];
	u64 p = struct_ptr(r);

	buf_random(r, b);
	if (rng_pct(r, 70))
		b[0] = rng_below(r, 90) | (u64)version << 32;
	b[1] = gen_domid(r) | (b[1] << 16);
	c->a[0] = p;
	if (p >= scratch_base)
		buf_put(p, b);
	c->flags |= CF_NO_SUCCESS; /* privileged */
}

static void gen_generic(struct rng *r, struct call *c)
{
	u64 b[BUF_WORDS];
	unsigned int i;

	for (i = 0; i < 5; i++) {
		c->a[i] = gen_val(r);
		if (in_scratch(c->a[i], 8) && rng_pct(r, 50)) {
			buf_random(r, b);
			buf_put(c->a[i], b);
		}
	}
	if (rng_pct(r, 60))
		c->a[0] = rng_below(r, 32);
}

/* A random hypercall that cannot end or wedge the fuzzer. */
static void gen_call(struct rng *r, struct call *c, bool nested)
{
	memset(c, 0, sizeof(*c));
	switch (rng_below(r, 10)) {
	case 0:
	case 1:
		c->nr = rng_below(r, 64);
		break;
	case 2:
		c->nr = rng_pct(r, 50) ? 64 + rng_below(r, 256) : gen_int(r);
		if (rng_pct(r, 30)) /* a real number under high bits */
			c->nr = (1UL << (32 + rng_below(r, 32))) |
				hc_common[rng_below(r, ARRAY_SIZE(hc_common))];
		break;
	default:
		c->nr = hc_common[rng_below(r, ARRAY_SIZE(hc_common))];
		break;
	}

	switch (c->nr) {
	case __HYPERVISOR_memory_op:
		gen_memory_op(r, c);
		break;
	case __HYPERVISOR_xen_version:
		gen_xen_version(r, c);
		break;
	case __HYPERVISOR_console_io:
		gen_console_io(r, c, nested);
		break;
	case __HYPERVISOR_grant_table_op:
		gen_grant_table_op(r, c);
		break;
	case __HYPERVISOR_vm_assist:
		c->a[0] = gen_cmd(r, 3);
		c->a[1] = rng_pct(r, 70) ? rng_below(r, 40) : gen_int(r);
		break;
	case __HYPERVISOR_vcpu_op:
		gen_vcpu_op(r, c);
		break;
	case __HYPERVISOR_sched_op:
		gen_sched_op(r, c, nested);
		break;
	case __HYPERVISOR_event_channel_op:
		gen_evtchn_op(r, c);
		break;
	case __HYPERVISOR_hvm_op:
		gen_hvm_op(r, c);
		break;
	case __HYPERVISOR_sysctl:
		gen_versioned(r, c, XEN_SYSCTL_INTERFACE_VERSION);
		break;
	case __HYPERVISOR_domctl:
		gen_versioned(r, c, XEN_DOMCTL_INTERFACE_VERSION);
		break;
	case __HYPERVISOR_platform_op:
		gen_versioned(r, c, XENPF_INTERFACE_VERSION);
		break;
	case __HYPERVISOR_multicall:
		/* A nested multicall: refused by both, harmless. */
		c->a[0] = gen_ptr(r);
		c->a[1] = rng_below(r, 4);
		if (!nested)
			c->a[1] = 0; /* top-level ones are op_multicall's */
		break;
	default:
		gen_generic(r, c);
		break;
	}
	if (nr_is_enosys(c->nr))
		c->flags |= CF_ENOSYS;
}

static void check_call(const struct call *c, long rc)
{
	if ((c->flags & CF_ENOSYS) && rc != -XEN_ENOSYS)
		fuzz_unexpected("hypercall %#lx returned %ld, not -ENOSYS",
				c->nr, rc);
	else if ((c->flags & CF_NO_SUCCESS) && rc == 0)
		fuzz_unexpected("hypercall %#lx (cmd %#lx) succeeded: a domU "
				"must not be allowed this",
				c->nr, c->a[0]);
}

/* Undo what would outlive the call and hurt the fuzzer. */
static void after_call(const struct call *c, long rc)
{
	if ((c->flags & CF_GNTFRAME) && rc == 0 &&
	    in_scratch(c->gnt_gfn << PAGE_SHIFT, PAGE_SIZE)) {
		gnt_frames[nr_gnt_frames % NR_GNT].idx = c->gnt_idx;
		gnt_frames[nr_gnt_frames % NR_GNT].gfn = c->gnt_gfn;
		if (nr_gnt_frames < NR_GNT)
			nr_gnt_frames++;
		stats.gnt_frames++;
	}
	if (c->nr == __HYPERVISOR_grant_table_op &&
	    (u32)c->a[0] == GNTTABOP_map_grant_ref)
		gnt_after_map(c->a[1], MIN((unsigned int)c->a[2], 4U));
	if ((c->flags & CF_WATCHDOG) && rc > 0) {
		struct sched_watchdog w = {.id = (u32)rc, .timeout = 0};

		HYPERVISOR_sched_op(SCHEDOP_watchdog, &w);
	}
	if (c->flags & CF_MEMORY)
		scratch_check();
}

static void op_hypercall(struct rng *r, u64 iter)
{
	struct call c;
	struct op_rec *rec;
	long rc;
	u64 a[8];

	gen_call(r, &c, false);
	a[0] = c.nr;
	memcpy(&a[1], c.a, sizeof(c.a));
	a[6] = c.flags;
	a[7] = 0;
	if (c.flags & CF_BLOCKING)
		block_prepare();
	rec = rec_begin(OP_HYPERCALL, iter, a, 7);
	if (c.flags & CF_BLOCKING)
		block_arm();
	rc = hypercall5(c.nr, c.a[0], c.a[1], c.a[2], c.a[3], c.a[4]);
	rec_end(rec, (u64)rc);
	if (c.flags & CF_BLOCKING)
		block_finish();
	after_call(&c, rc);
	check_call(&c, rc);
	stats.ops[OP_HYPERCALL]++;
}

/*
 * A multicall whose every entry the hypervisor may read is one of ours:
 * all entries are generated first (generating one may fill structures
 * anywhere in scratch), then written from the list pointer on, up to nr
 * entries or the end of scratch. A large nr puts the list near the end
 * of scratch: the hypervisor then meets unmapped memory after a few.
 */
#define MC_MAX_ENTRIES 32
static struct call mc_calls[MC_MAX_ENTRIES];

static void op_multicall(struct rng *r, u64 iter)
{
	u64 nr = rng_pct(r, 75) ? rng_below(r, 9) : gen_int(r);
	u64 list, n = 0, i, a[8];
	unsigned int flags = 0;
	struct op_rec *rec;
	long rc;

	if (nr <= 8)
		list = rng_pct(r, 85) ? gen_scratch_ptr(r, 64 * 8) : gen_ptr(r);
	else
		list = scratch_end - 64 * (1 + rng_below(r, MC_MAX_ENTRIES)) +
		       (rng_pct(r, 20) ? rng_below(r, 64) : 0);
	if (list >= scratch_base && list < scratch_end)
		n = MIN(nr, (scratch_end - list + 63) / 64);
	n = MIN(n, (u64)MC_MAX_ENTRIES);
	for (i = 0; i < n; i++) {
		gen_call(r, &mc_calls[i], true);
		flags |= mc_calls[i].flags;
		if (iter >= cfg.trace_from && i < 16)
			printk("op %lu: entry %lu: %lx %lx %lx %lx %lx %lx\n",
			       iter, i, mc_calls[i].nr, mc_calls[i].a[0],
			       mc_calls[i].a[1], mc_calls[i].a[2],
			       mc_calls[i].a[3], mc_calls[i].a[4]);
	}
	for (i = 0; i < n; i++) {
		const struct call *c = &mc_calls[i];
		u64 e = list + 64 * i;
		unsigned int k;

		scratch_write64(e, c->nr);
		scratch_write64(e + 8, gen_int(r)); /* result: overwritten */
		for (k = 0; k < 5; k++)
			scratch_write64(e + 16 + 8 * k, sanitize(c->a[k]));
		scratch_write64(e + 56, gen_val(r));
	}
	a[0] = __HYPERVISOR_multicall;
	a[1] = list;
	a[2] = nr;
	a[3] = n;
	a[4] = flags;
	rec = rec_begin(OP_MULTICALL, iter, a, 5);
	rc = hypercall2(__HYPERVISOR_multicall, list, nr);
	rec_end(rec, (u64)rc);
	if (flags & CF_WATCHDOG) {
		/* Ids are 1-based and few: destroy them all. */
		unsigned int id;

		for (id = 1; id <= 4; id++) {
			struct sched_watchdog w = {.id = id, .timeout = 0};

			HYPERVISOR_sched_op(SCHEDOP_watchdog, &w);
		}
	}
	if (flags & CF_MEMORY)
		scratch_check();
	stats.ops[OP_MULTICALL]++;
}

/* ---- SMCCC (PSCI and friends) over HVC #0 / SMC #0 ---- */

#define FN_CPU_SUSPEND 0x84000001U
#define FN_CPU_OFF 0x84000002U
#define FN_CPU_ON 0x84000003U
#define FN_AFFINITY_INFO 0x84000004U
#define FN_SYSTEM_OFF 0x84000008U
#define FN_SYSTEM_RESET 0x84000009U
#define FN_PSCI_FEATURES 0x8400000aU
#define FN_CPU_FREEZE 0x8400000bU
#define FN_CPU_DEFAULT_SUSPEND 0x8400000cU
#define FN_SYSTEM_SUSPEND 0x8400000eU
#define FN_SYSTEM_RESET2 0x84000012U
#define FN_64 0x40000000U

static u32 gen_fn(struct rng *r)
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

static u64 gen_mpidr(struct rng *r)
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

static void op_smccc(struct rng *r, u64 iter, bool smc)
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

static u64 gicr_span(void)
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

static void op_mmio(struct rng *r, u64 iter)
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

static void op_sysreg(struct rng *r, u64 iter)
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

static void op_insn(struct rng *r, u64 iter)
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

void ops_init(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(insn_buf); i++)
		insn_buf[i] = 0xd65f03c0; /* ret */
	dcache_clean_inval_range((u64)(uintptr_t)insn_buf,
				 (u64)(uintptr_t)insn_buf + sizeof(insn_buf));
	__asm__ __volatile__("ic iallu\n\tdsb ish\n\tisb" ::: "memory");
}
