/* SPDX-License-Identifier: MIT */
/*
 * Helpers for the vGIC unit tests (test_vgic*.c): a fake GIC driver with
 * an array of list registers and a tiny "guest" that acknowledges and
 * EOIs them, recorders for the MMIO regions, stage-2 mappings, IPIs and
 * IRQ requests the vGIC makes, test domains, register accessors and a
 * checker for the vGIC's internal invariants.
 *
 * Include it from exactly one source file per test binary: it defines the
 * fakes (gic, bootinfo, mmio_register, p2m_map, send_ipi, request_irq,
 * enable_ppi, printk) as strong symbols.
 */
#ifndef VGIC_TEST_UTIL_H
#define VGIC_TEST_UTIL_H

/* hyp headers first: compiler.h defines names glibc also defines. */
#include <hyp/bootinfo.h>
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/irq.h>
#include <hyp/lib.h>
#include <hyp/mmio.h>
#include <hyp/p2m.h>
#include <hyp/percpu.h>
#include <hyp/vgic.h>

#include "../../hyp/vdev/vgic-internal.h"
#include "host_fake.h"
#include "host_fake_guest.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define TV_MAX_VCPUS 20
#define TV_MAX_LRS 16
#define TV_MAX_REGIONS 16

#define TV_GICD 0x03001000ULL
#define TV_GICC 0x03002000ULL
#define TV_GICR 0x03020000ULL
#define TV_GICV_PA 0x2c020000ULL

/* ---- fake GIC driver ---- */

struct fake_gic {
	struct gic_ops ops;
	struct gic_lr lr[TV_MAX_LRS];
	bool en, uie;
	u64 vmcr; /* live ICH_VMCR_EL2 / GICH_VMCR */
	u32 apr;  /* live active priorities: bit n is priority n << 3 */
	unsigned int restores, saves;
	unsigned int nr_deact, last_deact;
	unsigned int nr_eoi_maint; /* EOIs of LRs with the EOI bit */
	unsigned int nr_hw_deact, last_hw_deact; /* LR hw deactivations */
};

static struct fake_gic fg;
const struct gic_ops *gic;
struct bootinfo bootinfo;

static inline void fg_read_lr(unsigned int n, struct gic_lr *lr)
{
	assert_true(n < fg.ops.nr_lrs);
	*lr = fg.lr[n];
}

static inline void fg_write_lr(unsigned int n, const struct gic_lr *lr)
{
	assert_true(n < fg.ops.nr_lrs);
	fg.lr[n] = *lr;
	if (!lr->state)
		memset(&fg.lr[n], 0, sizeof(fg.lr[n]));
}

static inline void fg_restore(const struct gic_vcpu_state *s)
{
	fg.vmcr = s->vmcr;
	fg.apr = s->apr[0][0] | s->apr[1][0];
	fg.en = true;
	fg.restores++;
}

static inline void fg_save(struct gic_vcpu_state *s)
{
	s->vmcr = fg.vmcr;
	s->apr[fg.ops.version == 3][0] = fg.apr;
	fg.en = false;
	fg.uie = false;
	fg.saves++;
}

static inline void fg_set_hcr(bool en, bool uie)
{
	fg.en = en;
	fg.uie = uie;
}

static inline u64 fg_read_vmcr(void)
{
	return fg.vmcr;
}

/* The two encodings, as the real drivers decode them. */
static inline bool fg_vmcr_allows(u64 vmcr, u8 prio)
{
	if (fg.ops.version == 3)
		return (vmcr & 2) && prio < ((vmcr >> 24) & 0xff);
	return (vmcr & 1) && prio < (((vmcr >> 27) & 0x1f) << 3);
}

static inline u64 tv_vmcr(bool grp_en, u8 pmr)
{
	if (fg.ops.version == 3)
		return (grp_en ? 2 : 0) | (u64)pmr << 24;
	return (grp_en ? 1 : 0) | (u64)(pmr >> 3) << 27;
}

static inline u8 fg_running_priority(const struct gic_vcpu_state *s)
{
	u32 apr = s ? s->apr[0][0] | s->apr[1][0] : fg.apr;

	return apr ? (u8)(__builtin_ctz(apr) << 3) : 0xff;
}

static inline unsigned int fg_maint_status(void)
{
	return 0;
}

static inline void fg_deactivate(unsigned int irq)
{
	fg.nr_deact++;
	fg.last_deact = irq;
}

static inline void fg_drop(unsigned int irq)
{
}

/* Reset the fake GIC as a version 2 or 3 host with nr_lrs LRs. */
static inline void tv_gic_reset(unsigned int version, unsigned int nr_lrs)
{
	memset(&fg, 0, sizeof(fg));
	fg.ops = (struct gic_ops){
		.name = "fake",
		.version = version,
		.nr_lines = 1020,
		.drop = fg_drop,
		.deactivate = fg_deactivate,
		.nr_lrs = nr_lrs,
		.vpri_mask = 0xf8,
		.read_lr = fg_read_lr,
		.write_lr = fg_write_lr,
		.vcpu_restore = fg_restore,
		.vcpu_save = fg_save,
		.set_hcr = fg_set_hcr,
		.read_vmcr = fg_read_vmcr,
		.vmcr_allows = fg_vmcr_allows,
		.running_priority = fg_running_priority,
		.maint_status = fg_maint_status,
	};
	gic = &fg.ops;
	memset(&bootinfo, 0, sizeof(bootinfo));
	bootinfo.gic.version = version;
	bootinfo.gic.vcpu_base = pa_init(TV_GICV_PA);
	bootinfo.gic.vcpu_size = 0x2000;
}

/* LRs holding something. */
static inline unsigned int tv_lrs_used(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < fg.ops.nr_lrs; i++)
		n += fg.lr[i].state != 0;
	return n;
}

static inline int tv_find_lr(unsigned int intid)
{
	unsigned int i;

	for (i = 0; i < fg.ops.nr_lrs; i++)
		if (fg.lr[i].state && fg.lr[i].virq == intid)
			return (int)i;
	return -1;
}

/*
 * The guest acknowledges its best pending LR (lowest priority value,
 * then lowest LR). Returns the INTID, or 1023 when none is pending.
 */
static inline unsigned int tv_guest_ack(void)
{
	int best = -1;
	unsigned int i;

	for (i = 0; i < fg.ops.nr_lrs; i++) {
		if (fg.lr[i].state != GIC_LR_PENDING)
			continue;
		if (best < 0 || fg.lr[i].priority < fg.lr[best].priority)
			best = (int)i;
	}
	if (best < 0)
		return 1023;
	fg.lr[best].state = GIC_LR_ACTIVE;
	return fg.lr[best].virq;
}

/* The guest deactivates intid (EOImode 0: drop and deactivate). */
static inline void tv_guest_eoi(unsigned int intid)
{
	unsigned int i;

	for (i = 0; i < fg.ops.nr_lrs; i++) {
		if (!(fg.lr[i].state & GIC_LR_ACTIVE) || fg.lr[i].virq != intid)
			continue;
		fg.lr[i].state &= ~GIC_LR_ACTIVE;
		if (fg.lr[i].hw) {
			fg.nr_hw_deact++;
			fg.last_hw_deact = fg.lr[i].pirq;
		} else if (fg.lr[i].eoi) {
			fg.nr_eoi_maint++;
		}
		if (!fg.lr[i].state)
			memset(&fg.lr[i], 0, sizeof(fg.lr[i]));
		return;
	}
}

/* Acknowledge and EOI everything, best first; returns how many. */
static inline unsigned int tv_guest_take_all(unsigned int *order,
					     unsigned int max)
{
	unsigned int n = 0, irq;

	while ((irq = tv_guest_ack()) != 1023) {
		if (order && n < max)
			order[n] = irq;
		n++;
		tv_guest_eoi(irq);
	}
	return n;
}

/* ---- recorders for what the vGIC calls ---- */

struct tv_region {
	struct domain *d;
	u64 base, size;
	const struct mmio_ops *ops;
	void *priv;
};

static struct tv_region tv_regions[TV_MAX_REGIONS];
static unsigned int tv_nr_regions;
static unsigned int tv_mmio_fail; /* fail the n-th next registration */

static struct {
	unsigned int calls;
	struct domain *d;
	u64 gfn, mfn, nr;
	enum p2m_type t;
	int rc;
} tv_p2m;

static unsigned int tv_ipis[NR_CPUS];
static unsigned int tv_nr_ipis;
static unsigned int tv_req_irq, tv_req_type, tv_nr_req;
static irq_handler_t tv_req_handler;
static unsigned int tv_ppi_enabled;
static unsigned long tv_nr_logs;
static char tv_last_log[256];

int mmio_register(struct domain *d, u64 base, u64 size,
		  const struct mmio_ops *ops, void *priv)
{
	unsigned int i;

	if (tv_mmio_fail && !--tv_mmio_fail)
		return -ENOSPC;
	for (i = 0; i < tv_nr_regions; i++)
		if (tv_regions[i].d == d &&
		    base < tv_regions[i].base + tv_regions[i].size &&
		    tv_regions[i].base < base + size)
			return -EEXIST;
	if (tv_nr_regions == TV_MAX_REGIONS)
		return -ENOSPC;
	tv_regions[tv_nr_regions++] =
		(struct tv_region){d, base, size, ops, priv};
	return 0;
}

int p2m_map(struct domain *d, gfn_t gfn, mfn_t mfn, u64 nr, enum p2m_type t)
{
	tv_p2m.calls++;
	tv_p2m.d = d;
	tv_p2m.gfn = gfn_val(gfn);
	tv_p2m.mfn = mfn_val(mfn);
	tv_p2m.nr = nr;
	tv_p2m.t = t;
	return tv_p2m.rc;
}

void send_ipi(unsigned int cpu, enum ipi_kind kind)
{
	assert_int_equal(kind, IPI_SCHED);
	assert_true(cpu < NR_CPUS);
	tv_ipis[cpu]++;
	tv_nr_ipis++;
}

int request_irq(unsigned int irq, unsigned int type, irq_handler_t h,
		void *data)
{
	tv_nr_req++;
	tv_req_irq = irq;
	tv_req_type = type;
	tv_req_handler = h;
	return 0;
}

void enable_ppi(unsigned int irq, unsigned int type)
{
	tv_ppi_enabled = irq;
}

void vprintk(const char *fmt, va_list ap)
{
	tv_nr_logs++;
	vsnprintf(tv_last_log, sizeof(tv_last_log), fmt, ap);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

static inline void tv_recorders_reset(void)
{
	memset(tv_regions, 0, sizeof(tv_regions));
	tv_nr_regions = 0;
	tv_mmio_fail = 0;
	memset(&tv_p2m, 0, sizeof(tv_p2m));
	memset(tv_ipis, 0, sizeof(tv_ipis));
	tv_nr_ipis = 0;
	tv_nr_req = tv_req_irq = tv_req_type = 0;
	tv_req_handler = NULL;
	tv_ppi_enabled = 0;
	tv_nr_logs = 0;
	tv_last_log[0] = 0;
}

/* ---- test domains ---- */

struct tdom {
	struct domain d;
	struct vcpu v[TV_MAX_VCPUS];
	struct vcpu *vp[TV_MAX_VCPUS];
};

static inline struct vgic_config
tv_config(unsigned int version, unsigned int nv, unsigned int nr_spis)
{
	return (struct vgic_config){
		.version = version,
		.nr_spis = nr_spis,
		.dist_base = TV_GICD,
		.cpu_base = TV_GICC,
		.cpu_size = VGIC_V2_CPU_SIZE,
		.redist_base = TV_GICR,
		.redist_size = (u64)nv * VGIC_V3_REDIST_SIZE,
	};
}

/* A domain with nv vCPUs (ids 0..nv-1) but no vGIC yet. */
static inline struct tdom *tv_dom_alloc(unsigned int nv)
{
	struct tdom *t = calloc(1, sizeof(*t));
	unsigned int i;

	assert_non_null(t);
	assert_true(nv <= TV_MAX_VCPUS);
	t->d.domain_id = 1;
	t->d.max_vcpus = nv;
	t->d.vcpus = t->vp;
	spin_lock_init(&t->d.lock);
	for (i = 0; i < nv; i++) {
		t->v[i].vcpu_id = i;
		t->v[i].domain = &t->d;
		t->v[i].processor = i % NR_CPUS;
		t->vp[i] = &t->v[i];
	}
	return t;
}

/* A domain with a working vGIC of the fake GIC's version. */
static inline struct tdom *tv_dom(unsigned int nv, unsigned int nr_spis)
{
	struct vgic_config cfg = tv_config(fg.ops.version, nv, nr_spis);
	struct tdom *t = tv_dom_alloc(nv);
	unsigned int i;

	assert_int_equal(vgic_domain_init(&t->d, &cfg), 0);
	for (i = 0; i < nv; i++)
		assert_int_equal(vgic_vcpu_init(&t->v[i]), 0);
	return t;
}

static inline void tv_dom_free(struct tdom *t)
{
	unsigned int i, j;

	for (i = 0; i < t->d.max_vcpus; i++)
		vgic_vcpu_destroy(&t->v[i]);
	vgic_domain_destroy(&t->d);
	/* Forget the domain's MMIO regions. */
	for (i = j = 0; i < tv_nr_regions; i++)
		if (tv_regions[i].d != &t->d)
			tv_regions[j++] = tv_regions[i];
	tv_nr_regions = j;
	free(t);
}

/* ---- register access as vCPU v ---- */

static inline int tv_mmio(struct vcpu *v, u64 gpa, unsigned int size,
			  bool write, u64 *val)
{
	unsigned int i;
	struct tv_region *r;

	for (i = 0; i < tv_nr_regions; i++) {
		r = &tv_regions[i];
		if (r->d != v->domain || gpa < r->base ||
		    gpa - r->base >= r->size)
			continue;
		if (write)
			return r->ops->write(v, gpa - r->base, size, *val,
					     r->priv);
		return r->ops->read(v, gpa - r->base, size, val, r->priv);
	}
	return -ENOENT;
}

static inline u64 tv_rd(struct vcpu *v, u64 gpa, unsigned int size)
{
	u64 val = 0xdeadbeefdeadbeefULL;

	assert_int_equal(tv_mmio(v, gpa, size, false, &val), 0);
	if (size < 8)
		assert_true(val < (1ULL << (8 * size)));
	return val;
}

static inline void tv_wr(struct vcpu *v, u64 gpa, unsigned int size, u64 val)
{
	assert_int_equal(tv_mmio(v, gpa, size, true, &val), 0);
}

#define RD32(v, gpa) ((u32)tv_rd((v), (gpa), 4))
#define WR32(v, gpa, val) tv_wr((v), (gpa), 4, (val))

/* The GICR frames of vCPU n. */
#define RDBASE(n) (TV_GICR + (u64)(n)*VGIC_V3_REDIST_SIZE)
#define SGIBASE(n) (RDBASE(n) + 0x10000)

/* Enable the distributor for the group the version uses. */
static inline void tv_dist_enable(struct tdom *t)
{
	WR32(&t->v[0], TV_GICD + GICD_CTLR, 3);
}

/* Enable and prioritise intid (private ones for vCPU v). */
static inline void tv_irq_setup(struct tdom *t, struct vcpu *v,
				unsigned int intid, u8 prio)
{
	struct vgic_dist *dist = t->d.vgic;

	vgic_write_bits(dist, v, intid & ~31U, 1U << (intid % 32), VGIC_ENABLE,
			true);
	vgic_write_prio(dist, v, intid, 1, prio);
}

/* Run v: load if needed, flush. The fake LRs then hold its interrupts. */
static inline void tv_enter(struct vcpu *v)
{
	if (!v->vgic->loaded)
		vgic_load(v);
	set_current_vcpu(v);
	v->is_running = true;
	vgic_flush(v);
}

static inline void tv_exit(struct vcpu *v)
{
	vgic_sync(v);
}

static inline struct vgic_irq *tv_irq(struct tdom *t, struct vcpu *v,
				      unsigned int intid)
{
	return vgic_get_irq(t->d.vgic, v, intid);
}

/* ---- invariants ---- */

static inline bool tv_deliverable(struct vgic_dist *dist, struct vgic_irq *irq)
{
	bool grp = dist->ctlr & (dist->cfg.version == 2 ? 1 : 2);

	return irq->enabled && vgic_irq_pending(irq) && grp;
}

static inline bool tv_before(struct vgic_irq *a, struct vgic_irq *b)
{
	if (a->active != b->active)
		return a->active;
	if (a->priority != b->priority)
		return a->priority < b->priority;
	return a->intid < b->intid;
}

static inline void tv_check_irq(struct vgic_dist *dist, struct vgic_irq *irq)
{
	assert_int_equal(irq->priority & ~dist->pri_mask, 0);
	if (vgic_is_v2_sgi(dist, irq) && !irq->in_lr)
		assert_int_equal(irq->latch, irq->sgi_src != 0);
	if (!vgic_is_v2(dist))
		assert_int_equal(irq->sgi_src, 0);
	if (!irq->queued_on) {
		assert_false(irq->in_lr);
		assert_int_equal(irq->ovr, 0);
	}
	if (irq->hw)
		assert_false(irq->level);
}

/*
 * Every list holds its own interrupts, each once, the ones not in an LR
 * sorted and worth delivering; nothing deliverable is left unqueued
 * unless it has no target.
 */
static inline void tv_check(struct tdom *t)
{
	struct vgic_dist *dist = t->d.vgic;
	struct vgic_irq *irq, *prev;
	struct vgic_cpu *vc;
	unsigned int i, n, count;

	for (i = 0; i < t->d.max_vcpus; i++) {
		vc = t->v[i].vgic;
		if (!vc)
			continue;
		prev = NULL;
		count = 0;
		list_for_each_entry (irq, &vc->ap_list, link) {
			assert_ptr_equal(irq->queued_on, &t->v[i]);
			assert_true(++count <= dist->nr_lines);
			if (irq->owner)
				assert_ptr_equal(irq->owner, &t->v[i]);
			if (irq->in_lr)
				continue;
			if (!(irq->active || tv_deliverable(dist, irq)))
				fprintf(stderr,
					"bad: vcpu %u intid %u en %d latch %d "
					"level %d edge %d hw %d src %#x\n",
					i, irq->intid, irq->enabled, irq->latch,
					irq->level, irq->edge, irq->hw,
					irq->sgi_src);
			assert_true(irq->active || tv_deliverable(dist, irq));
			if (prev)
				assert_false(tv_before(irq, prev));
			prev = irq;
		}
		assert_true(vc->used_lrs <= fg.ops.nr_lrs);
		for (n = 0; n < vc->used_lrs; n++) {
			assert_non_null(vc->lr[n]);
			assert_true(vc->lr[n]->in_lr);
			assert_ptr_equal(vc->lr[n]->queued_on, &t->v[i]);
		}
		for (n = 0; n < VGIC_NR_PRIVATE; n++)
			tv_check_irq(dist, &vc->priv[n]);
	}
	for (i = 0; i < dist->nr_lines - VGIC_NR_PRIVATE; i++) {
		irq = &dist->spis[i];
		tv_check_irq(dist, irq);
		if (!irq->queued_on && tv_deliverable(dist, irq)) {
			if (dist->cfg.version == 3)
				assert_null(vgic_vcpu_by_affinity(
					&t->d, irq->irouter));
			else
				assert_int_equal(irq->targets, 0);
		}
	}
}

/* Simple deterministic PRNG (xorshift64*). */
static u64 tv_seed = 0x9e3779b97f4a7c15ULL;

static inline u64 tv_rand(void)
{
	tv_seed ^= tv_seed >> 12;
	tv_seed ^= tv_seed << 25;
	tv_seed ^= tv_seed >> 27;
	return tv_seed * 0x2545f4914f6cdd1dULL;
}

static inline unsigned int tv_rand_n(unsigned int n)
{
	return (unsigned int)(tv_rand() % n);
}

#endif
