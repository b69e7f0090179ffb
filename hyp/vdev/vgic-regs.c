/* SPDX-License-Identifier: MIT */
/*
 * Register helpers of the virtual GIC shared by the GICv2 and GICv3 front
 * ends: the per-INTID bit, byte and 2-bit fields (IHI 0069 chapter 12,
 * GICD_ISENABLER<n> to GICD_ICFGR<n>, GICD_IROUTER<n>; IHI 0048 4.3 for
 * ITARGETSR, SPENDSGIR and CPENDSGIR), under vgic_dist.lock. INTIDs that
 * do not exist read as zero and ignore writes.
 */
#include <hyp/compiler.h>
#include <hyp/domain.h>
#include <hyp/irq.h>
#include <hyp/lib.h>
#include <hyp/spinlock.h>
#include "vgic-internal.h"

u32 vgic_read_bits(struct vgic_dist *dist, struct vcpu *owner,
		   unsigned int first, enum vgic_bits kind)
{
	struct vgic_irq *irq;
	unsigned long flags;
	unsigned int i;
	bool b;
	u32 val = 0;

	flags = spin_lock_irqsave(&dist->lock);
	for (i = 0; i < 32; i++) {
		irq = vgic_get_irq(dist, owner, first + i);
		if (!irq)
			continue;
		if (kind == VGIC_ENABLE)
			b = irq->enabled;
		else if (kind == VGIC_PENDING)
			b = vgic_irq_pending_view(irq);
		else
			b = irq->active;
		val |= (u32)b << i;
	}
	spin_unlock_irqrestore(&dist->lock, flags);
	return val;
}

static void write_bit(struct vgic_dist *dist, struct vgic_irq *irq,
		      enum vgic_bits kind, bool set)
{
	switch (kind) {
	case VGIC_ENABLE:
		irq->enabled = set;
		break;
	case VGIC_PENDING:
		/* GICv2 SGIs: WI (IHI 0048 GICD_ISPENDRn): see SPENDSGIR. */
		if (vgic_is_v2_sgi(dist, irq))
			break;
		if (set)
			vgic_irq_set_pending(dist, irq, 0);
		else
			vgic_irq_clear_pending(irq);
		break;
	case VGIC_ACTIVE:
		if (irq->in_lr)
			irq->ovr |= VGIC_OVR_ACTIVE;
		/* The physical side would otherwise stay active for good. */
		if (irq->hw && irq->active && !set && gic->deactivate)
			gic->deactivate(irq->pirq);
		irq->active = set;
		break;
	}
}

void vgic_write_bits(struct vgic_dist *dist, struct vcpu *owner,
		     unsigned int first, u32 val, enum vgic_bits kind, bool set)
{
	struct vgic_kicks k = {{0}};
	struct vgic_irq *irq;
	unsigned long flags;
	unsigned int i;

	flags = spin_lock_irqsave(&dist->lock);
	for (; val; val &= val - 1) {
		i = __builtin_ctz(val);
		irq = vgic_get_irq(dist, owner, first + i);
		if (!irq)
			continue;
		write_bit(dist, irq, kind, set);
		vgic_kick_add(&k, vgic_irq_update(dist, irq));
	}
	spin_unlock_irqrestore(&dist->lock, flags);
	vgic_kick_all(dist->d, &k);
}

u32 vgic_read_prio(struct vgic_dist *dist, struct vcpu *owner,
		   unsigned int first, unsigned int nbytes)
{
	struct vgic_irq *irq;
	unsigned long flags;
	unsigned int i;
	u32 val = 0;

	flags = spin_lock_irqsave(&dist->lock);
	for (i = 0; i < nbytes && i < 4; i++) {
		irq = vgic_get_irq(dist, owner, first + i);
		if (irq)
			val |= (u32)irq->priority << (8 * i);
	}
	spin_unlock_irqrestore(&dist->lock, flags);
	return val;
}

void vgic_write_prio(struct vgic_dist *dist, struct vcpu *owner,
		     unsigned int first, unsigned int nbytes, u32 val)
{
	struct vgic_kicks k = {{0}};
	struct vgic_irq *irq;
	unsigned long flags;
	unsigned int i;

	flags = spin_lock_irqsave(&dist->lock);
	for (i = 0; i < nbytes && i < 4; i++) {
		irq = vgic_get_irq(dist, owner, first + i);
		if (!irq)
			continue;
		/* Unimplemented low bits are RAZ/WI (IHI 0069 IPRIORITYR). */
		irq->priority = (val >> (8 * i)) & dist->pri_mask;
		vgic_kick_add(&k, vgic_irq_update(dist, irq));
	}
	spin_unlock_irqrestore(&dist->lock, flags);
	vgic_kick_all(dist->d, &k);
}

u32 vgic_read_cfg(struct vgic_dist *dist, struct vcpu *owner,
		  unsigned int first)
{
	struct vgic_irq *irq;
	unsigned long flags;
	unsigned int i;
	u32 val = 0;

	flags = spin_lock_irqsave(&dist->lock);
	for (i = 0; i < 16; i++) {
		irq = vgic_get_irq(dist, owner, first + i);
		if (irq && irq->edge)
			val |= 2U << (2 * i);
	}
	spin_unlock_irqrestore(&dist->lock, flags);
	return val;
}

void vgic_write_cfg(struct vgic_dist *dist, struct vcpu *owner,
		    unsigned int first, u32 val)
{
	struct vgic_kicks k = {{0}};
	struct vgic_irq *irq;
	unsigned long flags;
	unsigned int i;

	flags = spin_lock_irqsave(&dist->lock);
	for (i = 0; i < 16; i++) {
		irq = vgic_get_irq(dist, owner, first + i);
		/* SGIs are always edge-triggered (IHI 0069 GICR_ICFGR0). */
		if (!irq || irq->intid < NR_SGIS)
			continue;
		irq->edge = (val >> (2 * i + 1)) & 1;
		vgic_kick_add(&k, vgic_irq_update(dist, irq));
	}
	spin_unlock_irqrestore(&dist->lock, flags);
	vgic_kick_all(dist->d, &k);
}

u32 vgic_read_ctlr(struct vgic_dist *dist)
{
	return READ_ONCE(dist->ctlr);
}

void vgic_write_ctlr(struct vgic_dist *dist, u32 val)
{
	struct vgic_kicks k = {{0}};
	unsigned long flags;

	val &= GICD_CTLR_GRP0 | GICD_CTLR_GRP1;
	flags = spin_lock_irqsave(&dist->lock);
	if (val != dist->ctlr) {
		dist->ctlr = val;
		vgic_update_all(dist, &k);
	}
	spin_unlock_irqrestore(&dist->lock, flags);
	vgic_kick_all(dist->d, &k);
}

u64 vgic_read_irouter(struct vgic_dist *dist, unsigned int intid)
{
	struct vgic_irq *irq;
	unsigned long flags;
	u64 val = 0;

	flags = spin_lock_irqsave(&dist->lock);
	irq = intid >= VGIC_NR_PRIVATE ? vgic_get_irq(dist, NULL, intid) : NULL;
	if (irq)
		val = irq->irouter;
	spin_unlock_irqrestore(&dist->lock, flags);
	return val;
}

void vgic_write_irouter(struct vgic_dist *dist, unsigned int intid, u64 val,
			u64 mask)
{
	struct vgic_kicks k = {{0}};
	struct vgic_irq *irq;
	unsigned long flags;

	flags = spin_lock_irqsave(&dist->lock);
	irq = intid >= VGIC_NR_PRIVATE ? vgic_get_irq(dist, NULL, intid) : NULL;
	if (irq) {
		/* IRM (1 of N) is RAZ/WI: GICD_TYPER.No1N is set. */
		mask &= VGIC_AFF_MASK;
		irq->irouter = (irq->irouter & ~mask) | (val & mask);
		vgic_kick_add(&k, vgic_irq_update(dist, irq));
	}
	spin_unlock_irqrestore(&dist->lock, flags);
	vgic_kick_all(dist->d, &k);
}

u32 vgic_read_targets(struct vgic_dist *dist, unsigned int first,
		      unsigned int nbytes)
{
	struct vgic_irq *irq;
	unsigned long flags;
	unsigned int i;
	u32 val = 0;

	flags = spin_lock_irqsave(&dist->lock);
	for (i = 0; i < nbytes && i < 4; i++) {
		irq = first + i >= VGIC_NR_PRIVATE
			      ? vgic_get_irq(dist, NULL, first + i)
			      : NULL;
		if (irq)
			val |= (u32)irq->targets << (8 * i);
	}
	spin_unlock_irqrestore(&dist->lock, flags);
	return val;
}

/* One bit per vCPU, as many as the domain has (at most 8 on GICv2). */
static u8 cpu_bits(const struct vgic_dist *dist)
{
	unsigned int n = MIN(dist->d->max_vcpus, 8U);

	return (u8)((1U << n) - 1);
}

void vgic_write_targets(struct vgic_dist *dist, unsigned int first,
			unsigned int nbytes, u32 val)
{
	struct vgic_kicks k = {{0}};
	struct vgic_irq *irq;
	unsigned long flags;
	unsigned int i;

	flags = spin_lock_irqsave(&dist->lock);
	for (i = 0; i < nbytes && i < 4; i++) {
		irq = first + i >= VGIC_NR_PRIVATE
			      ? vgic_get_irq(dist, NULL, first + i)
			      : NULL;
		if (!irq)
			continue;
		/* Bits for CPU interfaces that do not exist are RAZ/WI. */
		irq->targets = (val >> (8 * i)) & cpu_bits(dist);
		vgic_kick_add(&k, vgic_irq_update(dist, irq));
	}
	spin_unlock_irqrestore(&dist->lock, flags);
	vgic_kick_all(dist->d, &k);
}

u32 vgic_read_sgi_sources(struct vgic_dist *dist, struct vcpu *target,
			  unsigned int first, unsigned int nbytes)
{
	struct vgic_irq *irq;
	unsigned long flags;
	unsigned int i;
	u32 val = 0, src;

	flags = spin_lock_irqsave(&dist->lock);
	for (i = 0; i < nbytes && i < 4 && first + i < NR_SGIS; i++) {
		irq = vgic_get_irq(dist, target, first + i);
		if (!irq)
			continue;
		src = irq->sgi_src;
		if (irq->in_lr && irq->lr_pending)
			src |= 1U << irq->lr_src;
		val |= (src & 0xff) << (8 * i);
	}
	spin_unlock_irqrestore(&dist->lock, flags);
	return val;
}

void vgic_write_sgi_sources(struct vgic_dist *dist, struct vcpu *target,
			    unsigned int first, unsigned int nbytes, u32 val,
			    bool set)
{
	struct vgic_kicks k = {{0}};
	struct vgic_irq *irq;
	unsigned long flags;
	unsigned int i;
	u8 bits;

	flags = spin_lock_irqsave(&dist->lock);
	for (i = 0; i < nbytes && i < 4 && first + i < NR_SGIS; i++) {
		irq = vgic_get_irq(dist, target, first + i);
		bits = (val >> (8 * i)) & cpu_bits(dist);
		if (!irq || !bits)
			continue;
		if (set) {
			irq->sgi_src |= bits;
		} else {
			irq->sgi_src &= ~bits;
			if (irq->in_lr && (bits & (1U << irq->lr_src)))
				irq->ovr |= VGIC_OVR_PCLEAR;
		}
		irq->latch = irq->sgi_src != 0;
		vgic_kick_add(&k, vgic_irq_update(dist, irq));
	}
	spin_unlock_irqrestore(&dist->lock, flags);
	vgic_kick_all(dist->d, &k);
}

void vgic_send_sgis(struct vgic_dist *dist, struct vcpu *src, unsigned int sgi,
		    const u64 *targets)
{
	struct domain *d = dist->d;
	struct vgic_kicks k = {{0}};
	struct vgic_irq *irq;
	unsigned long flags;
	unsigned int id;

	if (sgi >= NR_SGIS)
		return;
	flags = spin_lock_irqsave(&dist->lock);
	for (id = 0; id < d->max_vcpus && d->vcpus; id++) {
		if (!(targets[id / 64] & (1ULL << (id % 64))))
			continue;
		irq = vgic_get_irq(dist, d->vcpus[id], sgi);
		if (!irq)
			continue;
		vgic_irq_set_pending(dist, irq, src->vcpu_id);
		vgic_kick_add(&k, vgic_irq_update(dist, irq));
	}
	spin_unlock_irqrestore(&dist->lock, flags);
	vgic_kick_all(d, &k);
}
