/* SPDX-License-Identifier: MIT */
/*
 * Hypercalls for the fuzzer, single and in multicalls: random calls to
 * every hypercall number, with the rules that keep the fuzzer alive and
 * the checks of results fixed by the ABI (see ops.c).
 */
#include "ops.h"
#include <public/domctl.h>
#include <public/grant_table.h>
#include <public/platform.h>
#include <public/sysctl.h>

/* Numbers Xen 4.17 on Arm and armvisor do not implement. */
bool nr_is_enosys(u64 nr)
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
u64 gen_cmd(struct rng *r, unsigned int nr_cmds)
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
		gnt_frame_mapped(c->gnt_idx, c->gnt_gfn);
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

void op_hypercall(struct rng *r, u64 iter)
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

void op_multicall(struct rng *r, u64 iter)
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
