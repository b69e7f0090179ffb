/* SPDX-License-Identifier: MIT */
/*
 * Passthrough interrupts: a host SPI routed to a guest's vGIC as the same
 * INTID (Xen on Arm allows only 1:1, docs/misc/arm/passthrough.txt), for
 * XEN_DOMCTL_bind_pt_irq / unbind_pt_irq and the dom0less builder.
 *
 * The physical SPI is linked to the virtual one (hw bit in the list
 * registers, vgic_map_hw_irq), so the guest's deactivation completes it.
 * Only one owner per SPI: request_irq_forwarded fails for one the
 * hypervisor or dom0 already has. Checks come first (vgic_hw_irq_check,
 * irq_in_use), then changes that cannot fail under the domctl lock.
 *
 * Lock order: d->lock (irq_bound) is not held across the irq/vgic calls,
 * which take irq_desc_lock and vgic_dist.lock themselves.
 */
#include <hyp/domain.h>
#include <hyp/domctl.h>
#include <hyp/errno.h>
#include <hyp/irq.h>
#include <hyp/lib.h>
#include <hyp/spinlock.h>
#include <hyp/vgic.h>

/* The physical SPI fired: the vGIC marks the linked one pending. */
static void pt_spi(unsigned int irq, void *data)
{
	vgic_inject(data, NULL, irq, true);
}

static bool valid_spi(unsigned int irq)
{
	return irq >= NR_SGIS + NR_PPIS && irq < DOMCTL_MAX_IRQ && gic &&
	       irq < gic->nr_lines;
}

bool domain_pt_irq_bound(struct domain *d, unsigned int irq)
{
	bool b;

	if (!d->ctl || irq >= DOMCTL_MAX_IRQ)
		return false;
	spin_lock(&d->lock);
	b = d->ctl->irq_bound[irq / 64] & (1ULL << (irq % 64));
	spin_unlock(&d->lock);
	return b;
}

static void set_bound(struct domain *d, unsigned int irq, bool on)
{
	u64 bit = 1ULL << (irq % 64);

	spin_lock(&d->lock);
	if (on)
		d->ctl->irq_bound[irq / 64] |= bit;
	else
		d->ctl->irq_bound[irq / 64] &= ~bit;
	spin_unlock(&d->lock);
}

int domain_pt_bind_irq(struct domain *d, unsigned int irq)
{
	int rc;

	if (!valid_spi(irq) || !d->ctl)
		return -EINVAL;
	rc = vgic_hw_irq_check(d, irq, true);
	if (rc)
		return rc;
	if (irq_in_use(irq)) {
		printk(HYPLOG_WARNING "d%u: IRQ %u is already in use\n",
		       (unsigned int)d->domain_id, irq);
		return -EBUSY;
	}
	/* Link first: an interrupt taken right away must find it linked. */
	rc = vgic_map_hw_irq(d, irq, irq);
	if (rc)
		return rc;
	rc = request_irq_forwarded(irq, irq_dt_type(irq), pt_spi, d);
	if (rc) {
		/* Only if someone raced us outside the domctl lock. */
		vgic_unmap_hw_irq(d, irq);
		return rc;
	}
	set_bound(d, irq, true);
	return 0;
}

static void unbind(struct domain *d, unsigned int irq)
{
	/* Stop new injections, and wait for running ones, first. */
	release_irq(irq, d);
	vgic_unmap_hw_irq(d, irq);
	set_bound(d, irq, false);
}

int domain_pt_unbind_irq(struct domain *d, unsigned int irq)
{
	int rc;

	if (!valid_spi(irq) || !domain_pt_irq_bound(d, irq))
		return -EINVAL;
	rc = vgic_hw_irq_check(d, irq, false);
	if (rc)
		return rc;
	unbind(d, irq);
	return 0;
}

void domain_pt_release_all(struct domain *d)
{
	unsigned int irq;

	if (!d->ctl)
		return;
	for (irq = NR_SGIS + NR_PPIS; irq < DOMCTL_MAX_IRQ; irq++)
		if (domain_pt_irq_bound(d, irq))
			unbind(d, irq);
}
