/* SPDX-License-Identifier: MIT */
/*
 * Linking a virtual SPI to a physical one (passthrough, dom0's devices):
 * while linked, the physical side holds the line state and the guest's
 * deactivation reaches the GIC through the list register (IHI 0069
 * 4.2 and 6.1, the HW bit). The pCPU routing that goes with it is
 * hw_follow() in vgic.c.
 *
 * Lock order: as vgic.c (vgic_dist.lock, IRQ-safe, nothing called under
 * it; vCPUs are kicked after it is dropped).
 */
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/irq.h>
#include <hyp/spinlock.h>
#include <hyp/vgic.h>
#include "vgic-internal.h"

int vgic_map_hw_irq(struct domain *d, unsigned int virq, unsigned int pirq)
{
	struct vgic_dist *dist = d->vgic;
	struct vgic_kicks k = {{0}};
	struct vgic_irq *irq;
	unsigned long flags;
	int rc = 0;

	if (!dist || virq < VGIC_NR_PRIVATE || virq >= dist->nr_lines ||
	    pirq < VGIC_NR_PRIVATE || pirq >= MAX_IRQS)
		return -EINVAL;
	flags = spin_lock_irqsave(&dist->lock);
	irq = vgic_get_irq(dist, NULL, virq);
	if (irq->hw) {
		rc = -EBUSY;
	} else {
		/* From now on the physical side holds the line state. */
		irq->hw = true;
		irq->pirq = pirq;
		irq->pcpu = VGIC_NO_PCPU;
		irq->level = false;
		dist->nr_hw++;
		vgic_kick_add(&k, vgic_irq_update(dist, irq));
	}
	spin_unlock_irqrestore(&dist->lock, flags);
	vgic_kick_all(d, &k);
	return rc;
}

int vgic_hw_irq_check(struct domain *d, unsigned int virq, bool link)
{
	struct vgic_dist *dist = d->vgic;
	struct vgic_irq *irq;
	unsigned long flags;
	int rc = 0;

	if (!dist || virq < VGIC_NR_PRIVATE || virq >= dist->nr_lines)
		return -EINVAL;
	flags = spin_lock_irqsave(&dist->lock);
	irq = vgic_get_irq(dist, NULL, virq);
	if (link && irq->hw)
		rc = -EBUSY;
	else if (!link && !irq->hw)
		rc = -EINVAL;
	/* As Xen: not while the guest may be using it (it must disable). */
	else if (irq->enabled || irq->active || irq->in_lr)
		rc = d->state == DOMSTATE_DYING ? 0 : -EBUSY;
	spin_unlock_irqrestore(&dist->lock, flags);
	return rc;
}

void vgic_unmap_hw_irq(struct domain *d, unsigned int virq)
{
	struct vgic_dist *dist = d->vgic;
	struct vgic_kicks k = {{0}};
	struct vgic_irq *irq;
	unsigned long flags;

	if (!dist || virq < VGIC_NR_PRIVATE || virq >= dist->nr_lines)
		return;
	flags = spin_lock_irqsave(&dist->lock);
	irq = vgic_get_irq(dist, NULL, virq);
	if (irq->hw) {
		/*
		 * Whatever the guest had of it goes: the physical side
		 * (active until the guest's deactivation) is completed here.
		 */
		if (gic->deactivate)
			gic->deactivate(irq->pirq);
		irq->hw = false;
		irq->pirq = 0;
		dist->nr_hw--;
		irq->latch = irq->level = irq->active = false;
		if (irq->in_lr)
			irq->ovr |= VGIC_OVR_ACTIVE | VGIC_OVR_PCLEAR;
		vgic_kick_add(&k, vgic_irq_update(dist, irq));
	}
	spin_unlock_irqrestore(&dist->lock, flags);
	vgic_kick_all(d, &k);
}
