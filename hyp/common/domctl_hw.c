/* SPDX-License-Identifier: MIT */
/*
 * domctl commands on a domain's hardware view: device memory and
 * interrupt permissions and mappings (passthrough), data-cache
 * maintenance after the builder wrote its RAM, the emulated SBSA UART,
 * and the stage-2 page-table pool size.
 *
 * Permissions: the control domain may only hand on device memory it has
 * itself, i.e. frames mapped 1:1 as device memory in its own stage-2
 * (what dom0's builder passed through) or in its iomem ranges (the
 * xen,passthrough devices dom0's builder kept from it), and SPIs in its
 * irq_allowed (its devices' and the xen,passthrough ones). So the
 * hypervisor's own devices (its UART, the GIC) and RAM can never be given
 * to a guest this way. memory_mapping and bind_pt_irq need the target's
 * permission too (granted first by iomem/irq_permission, as libxl does).
 *
 * Called with domctl_lock held (common/domctl.c); takes d->lock only.
 */
#include <hyp/domain.h>
#include <hyp/domctl.h>
#include <hyp/errno.h>
#include <hyp/event.h>
#include <hyp/irq.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/p2m.h>
#include <hyp/vcpu_arch.h>
#include <hyp/vpl011.h>
#include <public/arch-arm.h>
#include <public/domctl.h>

/* Xen refuses cache flushes of more than 2^MAX_ORDER frames per call. */
#define CACHEFLUSH_MAX_PFNS (1UL << MAX_ORDER)
/* Our bound on the stage-2 table pool (Xen's is the heap's size). */
#define PAGING_POOL_MAX (1ULL << 40)

/* Whether the caller (control domain) has [first, last] as its devices. */
static bool caller_owns_mmio(u64 first, u64 last)
{
	struct domain *ctl = current->domain;
	u64 f;

	for (f = first; f <= last; f++) {
		enum p2m_type t;
		mfn_t m = p2m_lookup(ctl, gfn_init(f), &t);

		if (t != P2M_MMIO_DEV || mfn_val(m) != f)
			return false;
	}
	return true;
}

bool domctl_iomem_allowed(struct domain *d, u64 first, u64 last)
{
	struct domctl_state *c = d->ctl;
	unsigned int i;
	bool ok = false;

	if (!c)
		return false;
	spin_lock(&d->lock);
	for (i = 0; i < c->nr_iomem && !ok; i++)
		ok = first >= c->iomem[i].first && last <= c->iomem[i].last;
	spin_unlock(&d->lock);
	return ok;
}

int domctl_iomem_permit(struct domain *d, u64 first, u64 last)
{
	struct domctl_state *c = d->ctl;
	int rc = 0;

	if (!c || last < first)
		return -EINVAL;
	spin_lock(&d->lock);
	if (c->nr_iomem == DOMCTL_MAX_IOMEM)
		rc = -ENOSPC;
	else
		c->iomem[c->nr_iomem++] = (typeof(c->iomem[0])){first, last};
	spin_unlock(&d->lock);
	return rc;
}

bool domctl_irq_allowed(struct domain *d, unsigned int irq)
{
	bool ok;

	if (!d->ctl || irq >= DOMCTL_MAX_IRQ)
		return false;
	spin_lock(&d->lock);
	ok = d->ctl->irq_allowed[irq / 64] & (1ULL << (irq % 64));
	spin_unlock(&d->lock);
	return ok;
}

int domctl_irq_permit(struct domain *d, unsigned int irq)
{
	if (!d->ctl || irq < 32 || irq >= DOMCTL_MAX_IRQ)
		return -EINVAL;
	spin_lock(&d->lock);
	d->ctl->irq_allowed[irq / 64] |= 1ULL << (irq % 64);
	spin_unlock(&d->lock);
	return 0;
}

static long iomem_permission(struct domain *d,
			     const struct xen_domctl_iomem_permission *p)
{
	struct domctl_state *c = d->ctl;
	u64 first = p->first_mfn, last = p->first_mfn + p->nr_mfns - 1;
	unsigned int i;

	if (!p->nr_mfns || last < first || last >> (p2m_ipa_bits() - 12))
		return -EINVAL;
	if (p->allow_access) {
		if (!domctl_iomem_allowed(current->domain, first, last) &&
		    !caller_owns_mmio(first, last))
			return -EPERM;
		return domctl_iomem_permit(d, first, last);
	}
	/* Revoke ranges inside [first, last]; mappings stay (Xen). */
	spin_lock(&d->lock);
	for (i = 0; i < c->nr_iomem;)
		if (c->iomem[i].first >= first && c->iomem[i].last <= last)
			c->iomem[i] = c->iomem[--c->nr_iomem];
		else
			i++;
	spin_unlock(&d->lock);
	return 0;
}

static long memory_mapping(struct domain *d,
			   const struct xen_domctl_memory_mapping *m)
{
	u64 last_mfn = m->first_mfn + m->nr_mfns - 1;
	u64 last_gfn = m->first_gfn + m->nr_mfns - 1;

	if (!m->nr_mfns || last_mfn < m->first_mfn || last_gfn < m->first_gfn ||
	    last_gfn >> (p2m_ipa_bits() - 12))
		return -EINVAL;
	if (m->add_mapping != DPCI_ADD_MAPPING &&
	    m->add_mapping != DPCI_REMOVE_MAPPING)
		return -EINVAL;
	/* As Xen: both the caller and the target must have the frames. */
	if (!domctl_iomem_allowed(d, m->first_mfn, last_mfn) ||
	    (!domctl_iomem_allowed(current->domain, m->first_mfn, last_mfn) &&
	     !caller_owns_mmio(m->first_mfn, last_mfn)))
		return -EPERM;
	if (m->add_mapping == DPCI_REMOVE_MAPPING)
		return p2m_unmap(d, gfn_init(m->first_gfn), m->nr_mfns);
	return p2m_map(d, gfn_init(m->first_gfn), mfn_init(m->first_mfn),
		       m->nr_mfns, P2M_MMIO_DEV);
}

static long irq_permission(struct domain *d,
			   const struct xen_domctl_irq_permission *p)
{
	u64 *w, bit;

	/* SPIs only: SGIs and PPIs are per-CPU and never passed through. */
	if (p->pirq < 32 || p->pirq >= MIN(gic->nr_lines, DOMCTL_MAX_IRQ))
		return -EINVAL;
	/* As Xen: only what the caller itself may use. */
	if (!domctl_irq_allowed(current->domain, p->pirq))
		return -EPERM;
	w = &d->ctl->irq_allowed[p->pirq / 64];
	bit = 1ULL << (p->pirq % 64);
	spin_lock(&d->lock);
	if (p->allow_access)
		*w |= bit;
	else
		*w &= ~bit;
	spin_unlock(&d->lock);
	return 0;
}

/*
 * Xen 4.17 xen/arch/arm/domctl.c: SPIs only, virtual == machine, the
 * caller must have the IRQ; here the target must have been given it too.
 */
static long pt_irq(struct domain *d, const struct xen_domctl_bind_pt_irq *b,
		   bool bind)
{
	unsigned int irq = b->u.spi.spi;

	if (b->irq_type != PT_IRQ_TYPE_SPI)
		return -EOPNOTSUPP;
	if (b->machine_irq != irq)
		return -EINVAL;
	if (irq < 32 || irq >= DOMCTL_MAX_IRQ)
		return -EINVAL;
	if (!domctl_irq_allowed(current->domain, irq) ||
	    (bind && !domctl_irq_allowed(d, irq)))
		return -EPERM;
	return bind ? domain_pt_bind_irq(d, irq) : domain_pt_unbind_irq(d, irq);
}

static long cacheflush(struct domain *d, const struct xen_domctl_cacheflush *c)
{
	u64 gfn, end = c->start_pfn + c->nr_pfns;

	if (c->nr_pfns > CACHEFLUSH_MAX_PFNS || end < c->start_pfn)
		return -EINVAL;
	/* Only RAM has anything to flush; holes and devices are skipped. */
	for (gfn = c->start_pfn; gfn < end; gfn++) {
		enum p2m_type t;
		mfn_t m = p2m_lookup(d, gfn_init(gfn), &t);

		if (t != P2M_RAM_RW && t != P2M_RAM_RO)
			continue;
		arch_dcache_clean_inval(maddr_to_virt(mfn_to_pa(m)), PAGE_SIZE);
	}
	return 0;
}

/*
 * The vpl011's backend is the hypervisor console (as for dom0less
 * domains), not a ring served by console_domid: the port is allocated so
 * the toolstack's protocol completes, and carries no data.
 */
static long vuart_op(struct domain *d, struct xen_domctl_vuart_op *u,
		     bool *copyback)
{
	u32 port;
	int rc;

	if (u->cmd != XEN_DOMCTL_VUART_OP_INIT)
		return -EINVAL;
	if (u->type != XEN_DOMCTL_VUART_TYPE_VPL011 || u->pad[0] || u->pad[1])
		return -EINVAL;
	if (d->ctl->nr_spis < GUEST_VPL011_SPI - 32 + 1)
		return -EINVAL;
	/* As Xen with the back end in a domain: the ring at gfn. */
	rc = vpl011_init_ring(d, GUEST_PL011_BASE, GUEST_VPL011_SPI,
			      gfn_init(u->gfn), u->console_domid, &port);
	if (rc)
		return rc;
	u->evtchn = (evtchn_port_t)port;
	*copyback = true;
	return 0;
}

long domctl_hw_op(struct domain *d, struct xen_domctl *op, bool *copyback)
{
	switch (op->cmd) {
	case XEN_DOMCTL_iomem_permission:
		return iomem_permission(d, &op->u.iomem_permission);
	case XEN_DOMCTL_memory_mapping:
		return memory_mapping(d, &op->u.memory_mapping);
	case XEN_DOMCTL_irq_permission:
		return irq_permission(d, &op->u.irq_permission);
	case XEN_DOMCTL_bind_pt_irq:
		return pt_irq(d, &op->u.bind_pt_irq, true);
	case XEN_DOMCTL_unbind_pt_irq:
		return pt_irq(d, &op->u.bind_pt_irq, false);
	case XEN_DOMCTL_cacheflush:
		return cacheflush(d, &op->u.cacheflush);
	case XEN_DOMCTL_vuart_op:
		return vuart_op(d, &op->u.vuart_op, copyback);
	case XEN_DOMCTL_get_paging_mempool_size:
		op->u.paging_mempool.size = p2m_pool_size(d) << PAGE_SHIFT;
		*copyback = true;
		return 0;
	case XEN_DOMCTL_set_paging_mempool_size:
		/* As Xen: whole pages only. */
		if (op->u.paging_mempool.size & ~PAGE_MASK ||
		    op->u.paging_mempool.size > PAGING_POOL_MAX)
			return -EINVAL;
		return p2m_set_pool_size(d, op->u.paging_mempool.size >>
						    PAGE_SHIFT);
	default:
		return -ENOSYS;
	}
}
