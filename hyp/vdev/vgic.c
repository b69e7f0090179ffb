/* SPDX-License-Identifier: MIT */
/*
 * Virtual GIC core: the state of every virtual INTID, the per-vCPU list
 * of interrupts to deliver, and list-register management. The GIC
 * version specific register front ends are vgic-v2.c and vgic-v3.c.
 *
 * State model (IHI 0069 chapter 4, the interrupt lifecycle): an interrupt is
 * pending while its latch is set or, level-triggered, while its input
 * line is high; the guest acknowledging it makes it active and consumes
 * the latch; deactivation makes it inactive. Between vgic_flush() and
 * vgic_sync() the running vCPU's list registers hold that state for the
 * interrupts in them (IHI 0069 chapter 6); sync folds it back, so
 * outside of guest execution the state here is the whole truth.
 *
 * Lock order: domain->lock > vgic_dist.lock. The dist lock is IRQ-safe
 * (vgic_inject runs in interrupt context) and nothing is called with it
 * held: vCPUs to wake or interrupt are collected and kicked after it is
 * dropped, so the scheduler may call vgic_vcpu_pending() under its own
 * locks.
 */
#include <hyp/bootinfo.h>
#include <hyp/compiler.h>
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/irq.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/percpu.h>
#include <hyp/printk.h>
#include <hyp/spinlock.h>
#include <hyp/vgic.h>
#include "vgic-internal.h"

static unsigned int maint_irq;

/*
 * Make v notice new state: a blocked vCPU is woken, one running on
 * another pCPU gets IPI_SCHED so it exits and re-flushes. The current
 * vCPU flushes on its way back anyway.
 */
static void kick_vcpu(struct vcpu *v)
{
	/* Pairs with the scheduler setting VPF_BLOCKED, then checking us. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (__atomic_load_n(&v->pause_flags, __ATOMIC_RELAXED) & VPF_BLOCKED) {
		vcpu_wake(v, VPF_BLOCKED);
		return;
	}
	if (v == current)
		return;
	if (__atomic_load_n(&v->is_running, __ATOMIC_RELAXED))
		send_ipi(__atomic_load_n(&v->processor, __ATOMIC_RELAXED),
			 IPI_SCHED);
}

void vgic_kick_all(struct domain *d, const struct vgic_kicks *k)
{
	unsigned int w, id;
	u64 m;

	for (w = 0; w < ARRAY_SIZE(k->mask); w++) {
		for (m = k->mask[w]; m; m &= m - 1) {
			id = w * 64 + __builtin_ctzll(m);
			if (id < d->max_vcpus && d->vcpus && d->vcpus[id])
				kick_vcpu(d->vcpus[id]);
		}
	}
}

/* The group everything is in: 0 on GICv2, 1 on GICv3 (see vgic.h). */
static bool group_enabled(const struct vgic_dist *dist)
{
	return dist->ctlr &
	       (vgic_is_v2(dist) ? GICD_CTLR_GRP0 : GICD_CTLR_GRP1);
}

static bool irq_deliverable(const struct vgic_dist *dist,
			    const struct vgic_irq *irq)
{
	return irq->enabled && vgic_irq_pending(irq) && group_enabled(dist);
}

struct vgic_irq *vgic_get_irq(struct vgic_dist *dist, struct vcpu *owner,
			      unsigned int intid)
{
	if (intid < VGIC_NR_PRIVATE)
		return owner && owner->vgic ? &owner->vgic->priv[intid] : NULL;
	if (intid < dist->nr_lines)
		return &dist->spis[intid - VGIC_NR_PRIVATE];
	return NULL;
}

struct vcpu *vgic_vcpu_by_affinity(struct domain *d, u64 aff)
{
	unsigned int aff0 = aff & 0xff, aff1 = (aff >> 8) & 0xff;
	unsigned int id;

	/* Only Aff1.Aff0 are used, Aff0 < 16: see vgic_vcpu_affinity(). */
	if ((aff & VGIC_AFF_MASK) >> 16 || aff0 >= 16)
		return NULL;
	id = aff1 * 16 + aff0;
	if (id >= d->max_vcpus || !d->vcpus)
		return NULL;
	return d->vcpus[id];
}

u64 vgic_vcpu_affinity(unsigned int vcpu_id)
{
	return (u64)(vcpu_id / 16) << 8 | (vcpu_id % 16);
}

/* GICv2 SPIs: the lowest-numbered targeted vCPU that is up, else any. */
static struct vcpu *v2_spi_target(struct vgic_dist *dist, u8 targets)
{
	struct domain *d = dist->d;
	struct vcpu *first = NULL, *v;
	unsigned int i;

	for (i = 0; i < 8 && i < d->max_vcpus && d->vcpus; i++) {
		v = d->vcpus[i];
		if (!(targets & (1U << i)) || !v)
			continue;
		if (!(__atomic_load_n(&v->pause_flags, __ATOMIC_RELAXED) &
		      VPF_DOWN))
			return v;
		if (!first)
			first = v;
	}
	return first;
}

static struct vcpu *irq_target(struct vgic_dist *dist, struct vgic_irq *irq)
{
	if (irq->owner)
		return irq->owner;
	/* An active interrupt stays with the vCPU that will deactivate it. */
	if (irq->active && irq->queued_on)
		return irq->queued_on;
	if (vgic_is_v2(dist))
		return v2_spi_target(dist, irq->targets);
	return vgic_vcpu_by_affinity(dist->d, irq->irouter);
}

/* Active ones first (they must keep an LR), then priority, then INTID. */
static bool irq_before(const struct vgic_irq *a, const struct vgic_irq *b)
{
	if (a->active != b->active)
		return a->active;
	if (a->priority != b->priority)
		return a->priority < b->priority;
	return a->intid < b->intid;
}

/*
 * Entries in a list register may sit out of order until their sync
 * re-sorts them; skip them so the others stay sorted.
 */
static void ap_insert(struct vcpu *v, struct vgic_irq *irq)
{
	struct list_head *pos;
	struct vgic_irq *o;

	list_for_each (pos, &v->vgic->ap_list) {
		o = list_entry(pos, struct vgic_irq, link);
		if (!o->in_lr && irq_before(irq, o))
			break;
	}
	list_insert_between(&irq->link, pos->prev, pos);
	irq->queued_on = v;
}

static void ap_remove(struct vgic_irq *irq)
{
	if (irq->queued_on) {
		list_del(&irq->link);
		irq->queued_on = NULL;
	}
}

/*
 * A linked SPI's physical side goes to the pCPU its target vCPU is on, so
 * the guest's deactivation through that pCPU's list register reaches the
 * CPU interface that acknowledged it (Xen moves them likewise).
 */
static void hw_follow(struct vgic_dist *dist, struct vgic_irq *irq)
{
	struct vcpu *t;
	unsigned int cpu;

	if (!irq->hw || irq->intid < VGIC_NR_PRIVATE || !gic->route)
		return;
	t = irq_target(dist, irq);
	if (!t)
		t = dist->d->vcpus ? dist->d->vcpus[0] : NULL;
	if (!t)
		return;
	cpu = __atomic_load_n(&t->processor, __ATOMIC_RELAXED);
	if (cpu != irq->pcpu) {
		irq->pcpu = (u16)cpu;
		gic->route(irq->pirq, cpu);
	}
}

/*
 * After any change to irq: put it where its state says, in order on its
 * target's ap_list or nowhere. One in a list register stays with the
 * vCPU running it until that vCPU syncs, which is then kicked so the
 * change takes effect. Returns the vCPU to kick, or NULL.
 */
struct vcpu *vgic_irq_update(struct vgic_dist *dist, struct vgic_irq *irq)
{
	struct vcpu *target = NULL;

	hw_follow(dist, irq);
	if (irq->in_lr)
		return irq->queued_on;
	if (irq->active || irq_deliverable(dist, irq))
		target = irq_target(dist, irq);
	ap_remove(irq);
	if (!target || !target->vgic)
		return NULL;
	ap_insert(target, irq);
	return irq_deliverable(dist, irq) ? target : NULL;
}

void vgic_update_all(struct vgic_dist *dist, struct vgic_kicks *k)
{
	struct domain *d = dist->d;
	unsigned int i, j;

	for (i = 0; i < dist->nr_lines - VGIC_NR_PRIVATE; i++)
		vgic_kick_add(k, vgic_irq_update(dist, &dist->spis[i]));
	for (i = 0; i < d->max_vcpus && d->vcpus; i++) {
		if (!d->vcpus[i] || !d->vcpus[i]->vgic)
			continue;
		for (j = 0; j < VGIC_NR_PRIVATE; j++)
			vgic_kick_add(
				k, vgic_irq_update(
					   dist, &d->vcpus[i]->vgic->priv[j]));
	}
}

void vgic_irq_set_pending(struct vgic_dist *dist, struct vgic_irq *irq,
			  unsigned int src)
{
	/* GICv2 SGIs are pending per source (IHI 0048 GICD_SPENDSGIRn). */
	if (vgic_is_v2_sgi(dist, irq)) {
		if (src >= 8)
			return;
		irq->sgi_src |= 1U << src;
	}
	irq->latch = true;
}

void vgic_irq_clear_pending(struct vgic_irq *irq)
{
	irq->latch = false;
	irq->sgi_src = 0;
	if (irq->in_lr)
		irq->ovr |= VGIC_OVR_PCLEAR;
}

enum inject_how { RAISE, LOWER, PULSE };

static void inject(struct domain *d, struct vcpu *v, unsigned int intid,
		   enum inject_how how)
{
	struct vgic_dist *dist = d ? d->vgic : NULL;
	struct vgic_irq *irq;
	struct vcpu *kick = NULL;
	unsigned long flags;

	if (!dist)
		return;
	if (intid < VGIC_NR_PRIVATE && (!v || v->domain != d)) {
		printk(HYPLOG_WARNING "vgic: d%u: INTID %u without a vCPU\n",
		       (unsigned int)d->domain_id, intid);
		return;
	}
	flags = spin_lock_irqsave(&dist->lock);
	irq = vgic_get_irq(dist, v, intid);
	if (irq) {
		/* Linked ones latch: the physical GIC tracks the line. */
		if (how == PULSE || irq->edge || irq->hw) {
			if (how != LOWER)
				vgic_irq_set_pending(dist, irq,
						     v ? v->vcpu_id : 0);
		} else {
			irq->level = how == RAISE;
		}
		kick = vgic_irq_update(dist, irq);
	}
	spin_unlock_irqrestore(&dist->lock, flags);
	if (kick)
		kick_vcpu(kick);
}

void vgic_inject(struct domain *d, struct vcpu *v, unsigned int intid,
		 bool level)
{
	inject(d, v, intid, level ? RAISE : LOWER);
}

void vgic_pulse(struct domain *d, struct vcpu *v, unsigned int intid)
{
	inject(d, v, intid, PULSE);
}

/* ---- list registers ---- */

/* Describe irq in an LR, moving its pending state there as it goes. */
static void fill_lr(struct vgic_dist *dist, struct vgic_irq *irq,
		    struct gic_lr *lr)
{
	bool pend = irq_deliverable(dist, irq);

	*lr = (struct gic_lr){
		.virq = irq->intid,
		.priority = irq->priority,
		.group1 = !vgic_is_v2(dist),
	};
	if (irq->hw) {
		lr->hw = true;
		lr->pirq = irq->pirq;
		/* Pending+active is not allowed with hw (IHI 0069 ICH_LR). */
		if (irq->active)
			pend = false;
	}
	if (pend && vgic_is_v2_sgi(dist, irq) && !irq->sgi_src)
		pend = irq->latch = false; /* no sender: nothing pending */
	if (pend) {
		if (vgic_is_v2_sgi(dist, irq)) {
			/* One source at a time; the next after this EOI. */
			irq->lr_src = __builtin_ctz(irq->sgi_src);
			irq->sgi_src &= ~(1U << irq->lr_src);
			irq->latch = irq->sgi_src != 0;
			lr->source = irq->lr_src;
			lr->eoi = irq->latch;
		} else if (irq->edge || irq->hw) {
			irq->latch = false;
		} else if (irq->level) {
			/* Resample the line once the guest is done with it. */
			lr->eoi = true;
		}
	}
	irq->lr_pending = pend;
	lr->state =
		(pend ? GIC_LR_PENDING : 0) | (irq->active ? GIC_LR_ACTIVE : 0);
}

/* Fold an LR read back after the guest ran. */
static void fold_lr(struct vgic_dist *dist, struct vgic_irq *irq,
		    const struct gic_lr *lr)
{
	bool pend = lr->state & GIC_LR_PENDING;

	irq->in_lr = false;
	if (!(irq->ovr & VGIC_OVR_ACTIVE))
		irq->active = lr->state & GIC_LR_ACTIVE;
	if (pend && !(irq->ovr & VGIC_OVR_PCLEAR)) {
		/* Not taken: the pending state goes back where it was. */
		if (vgic_is_v2_sgi(dist, irq))
			vgic_irq_set_pending(dist, irq, irq->lr_src);
		else if (irq->edge || irq->hw)
			irq->latch = true;
	} else if (!pend && irq->lr_pending && !irq->edge && !irq->hw) {
		/* Level: taking it consumed a latch from ISPENDR or a pulse. */
		irq->latch = false;
	}
	irq->ovr = 0;
	irq->lr_pending = false;
}

static void sync_locked(struct vgic_dist *dist, struct vcpu *v,
			struct vgic_kicks *k)
{
	static const struct gic_lr empty;
	struct vgic_cpu *vc = v->vgic;
	struct vgic_irq *irq;
	struct gic_lr lr;
	unsigned int n;

	for (n = 0; n < vc->used_lrs; n++) {
		irq = vc->lr[n];
		vc->lr[n] = NULL;
		gic->read_lr(n, &lr);
		gic->write_lr(n, &empty);
		if (!irq)
			continue;
		/* Not what we put there: the hardware lost it; drop it. */
		if (lr.virq != irq->intid)
			lr.state = 0;
		fold_lr(dist, irq, &lr);
		vgic_kick_add(k, vgic_irq_update(dist, irq));
	}
	vc->used_lrs = 0;
}

void vgic_sync(struct vcpu *v)
{
	struct vgic_dist *dist = v ? v->domain->vgic : NULL;
	struct vgic_kicks k = {{0}};
	unsigned long flags;

	if (!dist || !v->vgic)
		return;
	/* Hot path (every trap): nothing in the LRs, ICH_HCR already plain. */
	if (!v->vgic->used_lrs && !v->vgic->uie)
		return;
	flags = spin_lock_irqsave(&dist->lock);
	sync_locked(dist, v, &k);
	/* Empty LRs and UIE would assert the maintenance interrupt. */
	gic->set_hcr(v->vgic->loaded, false);
	v->vgic->uie = false;
	spin_unlock_irqrestore(&dist->lock, flags);
	vgic_kick_all(v->domain, &k);
}

void vgic_flush(struct vcpu *v)
{
	struct vgic_dist *dist = v ? v->domain->vgic : NULL;
	struct vgic_cpu *vc = v ? v->vgic : NULL;
	unsigned int n = 0, nr;
	struct vgic_kicks k = {{0}};
	struct vgic_irq *irq;
	struct gic_lr lr;
	unsigned long flags;
	bool more = false;

	if (!dist || !vc)
		return;
	/*
	 * Hot path: nothing to deliver. Reading ap_list unlocked is safe: an
	 * interrupt queued by another pCPU after this read comes with a kick,
	 * taken as soon as the guest runs, so it is flushed on that exit.
	 */
	if (!vc->used_lrs && !vc->uie &&
	    __atomic_load_n(&vc->ap_list.next, __ATOMIC_ACQUIRE) ==
		    &vc->ap_list)
		return;
	nr = MIN(gic->nr_lrs, (unsigned int)VGIC_MAX_LRS);
	flags = spin_lock_irqsave(&dist->lock);
	/* Flushed twice without a sync: fold the first one back. */
	if (vc->used_lrs)
		sync_locked(dist, v, &k);
	list_for_each_entry (irq, &vc->ap_list, link) {
		if (n == nr) {
			more = true;
			break;
		}
		fill_lr(dist, irq, &lr);
		if (!lr.state)
			continue;
		gic->write_lr(n, &lr);
		irq->in_lr = true;
		vc->lr[n++] = irq;
	}
	vc->used_lrs = n;
	/* More than fit: underflow maintenance lets the rest in. */
	gic->set_hcr(true, more);
	vc->uie = more;
	spin_unlock_irqrestore(&dist->lock, flags);
	vgic_kick_all(v->domain, &k);
}

/* v moved to this pCPU: its linked SPIs follow (hw_follow). */
static void follow_vcpu(struct vcpu *v)
{
	struct vgic_dist *dist = v->domain->vgic;
	unsigned long flags;
	unsigned int i;

	flags = spin_lock_irqsave(&dist->lock);
	v->vgic->route_cpu = smp_processor_id();
	for (i = 0; i < dist->nr_lines - VGIC_NR_PRIVATE; i++)
		if (dist->spis[i].hw)
			hw_follow(dist, &dist->spis[i]);
	spin_unlock_irqrestore(&dist->lock, flags);
}

void vgic_load(struct vcpu *v)
{
	struct vgic_cpu *vc = v ? v->vgic : NULL;

	if (!vc || !gic->nr_lrs)
		return;
	gic->vcpu_restore(&vc->hw); /* ICH_HCR_EL2 = En only */
	vc->uie = false;
	vc->loaded_cpu = smp_processor_id();
	vc->loaded = true;
	if (__atomic_load_n(&v->domain->vgic->nr_hw, __ATOMIC_RELAXED) &&
	    vc->route_cpu != vc->loaded_cpu)
		follow_vcpu(v);
}

void vgic_save(struct vcpu *v)
{
	struct vgic_cpu *vc = v ? v->vgic : NULL;

	if (!vc || !gic->nr_lrs)
		return;
	if (vc->used_lrs)
		vgic_sync(v);
	gic->vcpu_save(&vc->hw);
	vc->loaded = false;
}

/* Could the guest take irq now: enabled, pending and not active. */
static bool irq_takeable(const struct vgic_dist *dist,
			 const struct vgic_irq *irq)
{
	return !irq->active && irq->enabled && group_enabled(dist) &&
	       vgic_irq_pending_view(irq);
}

bool vgic_vcpu_pending(struct vcpu *v)
{
	struct vgic_dist *dist = v->domain->vgic;
	struct vgic_cpu *vc = v->vgic;
	struct vgic_irq *irq;
	unsigned long flags;
	bool found = false;
	u64 vmcr;
	u8 rpr;

	if (!dist || !vc || !gic->nr_lrs)
		return false;
	/* Loaded here: the live registers are newer than the saved ones. */
	if (vc->loaded && vc->loaded_cpu == smp_processor_id()) {
		vmcr = gic->read_vmcr();
		rpr = gic->running_priority(NULL);
	} else {
		vmcr = vc->hw.vmcr;
		rpr = gic->running_priority(&vc->hw);
	}
	flags = spin_lock_irqsave(&dist->lock);
	list_for_each_entry (irq, &vc->ap_list, link) {
		/* It must also preempt what the guest is handling. */
		if (irq_takeable(dist, irq) && irq->priority < rpr &&
		    gic->vmcr_allows(vmcr, irq->priority)) {
			found = true;
			break;
		}
	}
	spin_unlock_irqrestore(&dist->lock, flags);
	return found;
}

int vgic_bad_access(struct vcpu *v, const char *frame, u64 off,
		    unsigned int size, bool write)
{
	if (printk_ratelimit())
		printk(HYPLOG_G_WARNING
		       "vgic: d%uv%u: bad %u-byte %s at %s+%#llx\n",
		       (unsigned int)v->domain->domain_id, v->vcpu_id, size,
		       write ? "write" : "read", frame,
		       (unsigned long long)off);
	return -EINVAL;
}

/* ---- setup and teardown ---- */

static void init_irq(struct vgic_irq *irq, unsigned int intid,
		     struct vcpu *owner)
{
	INIT_LIST_HEAD(&irq->link);
	irq->intid = intid;
	irq->owner = owner;
	/* SGIs: always edge, enabled at reset like most GICs do. */
	irq->edge = intid < NR_SGIS;
	irq->enabled = intid < NR_SGIS;
	/* GICv2 SPIs go to vCPU 0 until the guest says otherwise. */
	irq->targets = 1;
}

int vgic_domain_init(struct domain *d, const struct vgic_config *cfg)
{
	struct vgic_dist *dist;
	unsigned int i;
	int rc;

	if (!gic || !gic->nr_lrs)
		return -ENODEV;
	if (d->vgic)
		return -EEXIST;
	if (!cfg || cfg->version != gic->version || cfg->nr_spis % 32 ||
	    cfg->nr_spis > VGIC_MAX_SPIS || !d->max_vcpus ||
	    d->max_vcpus > MAX_VIRT_CPUS ||
	    (cfg->version == 2 && d->max_vcpus > 8))
		return -EINVAL;

	dist = xzalloc(struct vgic_dist);
	if (!dist)
		return -ENOMEM;
	spin_lock_init(&dist->lock);
	dist->d = d;
	dist->cfg = *cfg;
	dist->nr_lines = MIN(VGIC_NR_PRIVATE + cfg->nr_spis, MAX_IRQS);
	/* A GICv2 LR keeps five priority bits, whatever GICH_VTR says. */
	dist->pri_mask = cfg->version == 2 ? 0xf8 : gic->vpri_mask;
	if (dist->nr_lines > VGIC_NR_PRIVATE) {
		dist->spis = xzalloc_array(struct vgic_irq,
					   dist->nr_lines - VGIC_NR_PRIVATE);
		if (!dist->spis) {
			xfree(dist);
			return -ENOMEM;
		}
	}
	for (i = VGIC_NR_PRIVATE; i < dist->nr_lines; i++)
		init_irq(&dist->spis[i - VGIC_NR_PRIVATE], i, NULL);

	d->vgic = dist;
	rc = cfg->version == 3 ? vgic_v3_domain_init(dist)
			       : vgic_v2_domain_init(dist);
	if (rc) {
		/* MMIO regions may be left registered: d never runs. */
		d->vgic = NULL;
		xfree(dist->spis);
		xfree(dist);
	}
	return rc;
}

/* Take every interrupt off v's list (its vgic_cpu is going away). */
static void detach_vcpu(struct vgic_cpu *vc)
{
	struct vgic_irq *irq, *tmp;

	list_for_each_entry_safe (irq, tmp, &vc->ap_list, link) {
		ap_remove(irq);
		irq->in_lr = false;
	}
	memset(vc->lr, 0, sizeof(vc->lr));
	vc->used_lrs = 0;
}

void vgic_domain_destroy(struct domain *d)
{
	struct vgic_dist *dist = d->vgic;
	unsigned long flags;
	unsigned int i;

	if (!dist)
		return;
	flags = spin_lock_irqsave(&dist->lock);
	for (i = 0; i < d->max_vcpus && d->vcpus; i++) {
		if (d->vcpus[i] && d->vcpus[i]->vgic)
			detach_vcpu(d->vcpus[i]->vgic);
	}
	/* Linked interrupts the guest never completed. */
	for (i = 0; i < dist->nr_lines - VGIC_NR_PRIVATE; i++) {
		if (dist->spis[i].hw && gic->deactivate)
			gic->deactivate(dist->spis[i].pirq);
	}
	d->vgic = NULL;
	spin_unlock_irqrestore(&dist->lock, flags);
	xfree(dist->spis);
	xfree(dist);
}

int vgic_vcpu_init(struct vcpu *v)
{
	struct domain *d = v->domain;
	struct vgic_dist *dist = d->vgic;
	struct vgic_kicks k = {{0}};
	struct vgic_cpu *vc;
	unsigned long flags;
	unsigned int i;

	if (!dist || v->vcpu_id >= d->max_vcpus)
		return -EINVAL;
	if (v->vgic)
		return -EEXIST;
	vc = xzalloc(struct vgic_cpu);
	if (!vc)
		return -ENOMEM;
	INIT_LIST_HEAD(&vc->ap_list);
	vc->route_cpu = VGIC_NO_PCPU;
	for (i = 0; i < VGIC_NR_PRIVATE; i++)
		init_irq(&vc->priv[i], i, v);

	flags = spin_lock_irqsave(&dist->lock);
	v->vgic = vc;
	/* SPIs routed here while the vCPU did not exist yet. */
	for (i = 0; i < dist->nr_lines - VGIC_NR_PRIVATE; i++) {
		if (!dist->spis[i].queued_on)
			vgic_kick_add(&k,
				      vgic_irq_update(dist, &dist->spis[i]));
	}
	spin_unlock_irqrestore(&dist->lock, flags);
	vgic_kick_all(d, &k);
	return 0;
}

void vgic_vcpu_destroy(struct vcpu *v)
{
	struct vgic_dist *dist = v->domain->vgic;
	struct vgic_cpu *vc = v->vgic;
	unsigned long flags;

	if (!vc)
		return;
	if (dist) {
		flags = spin_lock_irqsave(&dist->lock);
		detach_vcpu(vc);
		v->vgic = NULL;
		spin_unlock_irqrestore(&dist->lock, flags);
	} else {
		v->vgic = NULL;
	}
	xfree(vc);
}

/*
 * The exit it causes is all that matters: vgic_sync/vgic_flush on the
 * way back do the work. Being level, it would fire again straight away,
 * so the virtual interface stays off until the next flush.
 */
static void maint_handler(unsigned int irq, void *data)
{
	gic->set_hcr(false, false);
}

void vgic_init(void)
{
	unsigned int irq = bootinfo.gic.maintenance_irq;
	int rc;

	if (!gic || !gic->nr_lrs) {
		printk(HYPLOG_WARNING "vGIC: no virtualisation interface: "
				      "guests get no interrupts\n");
		return;
	}
	/* The maintenance interrupt is a PPI (IHI 0069 chapter 6). */
	if (irq < NR_SGIS || irq >= NR_SGIS + NR_PPIS) {
		if (irq)
			printk(HYPLOG_WARNING "vGIC: maintenance IRQ %u is "
					      "not a PPI, using %u\n",
			       irq, VGIC_MAINT_IRQ_DEFAULT);
		irq = VGIC_MAINT_IRQ_DEFAULT;
	}
	rc = request_irq(irq, IRQ_TYPE_LEVEL, maint_handler, NULL);
	if (rc) {
		printk(HYPLOG_ERR "vGIC: maintenance IRQ %u: error %d\n", irq,
		       rc);
		return;
	}
	maint_irq = irq;
	printk(HYPLOG_INFO "vGIC: %u list registers, maintenance IRQ %u\n",
	       gic->nr_lrs, irq);
}

void vgic_cpu_init(void)
{
	if (maint_irq)
		enable_ppi(maint_irq, IRQ_TYPE_LEVEL);
}
