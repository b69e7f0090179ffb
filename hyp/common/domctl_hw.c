/* SPDX-License-Identifier: MIT */
/*
 * domctl commands on a domain's hardware view: device memory and
 * interrupt permissions and mappings (passthrough), data-cache
 * maintenance after the builder wrote its RAM, the emulated SBSA UART,
 * and the stage-2 page-table pool size.
 *
 * Permissions: the control domain may only hand on device memory it has
 * itself, i.e. frames mapped 1:1 as device memory in its own stage-2
 * (what dom0's builder passed through), and SPIs routed to it. So the
 * hypervisor's own devices (its UART, the GIC) and RAM can never be given
 * to a guest this way.
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
/* Stage-2 tables come from the heap as needed; the pool is bookkeeping. */
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

	spin_lock(&d->lock);
	for (i = 0; i < c->nr_iomem && !ok; i++)
		ok = first >= c->iomem[i].first && last <= c->iomem[i].last;
	spin_unlock(&d->lock);
	return ok;
}

static long iomem_permission(struct domain *d,
			     const struct xen_domctl_iomem_permission *p)
{
	struct domctl_state *c = d->ctl;
	u64 first = p->first_mfn, last = p->first_mfn + p->nr_mfns - 1;
	unsigned int i;
	long rc = 0;

	if (!p->nr_mfns || last < first || last >> (p2m_ipa_bits() - 12))
		return -EINVAL;
	if (p->allow_access && !caller_owns_mmio(first, last))
		return -EPERM;
	spin_lock(&d->lock);
	if (p->allow_access) {
		if (c->nr_iomem == DOMCTL_MAX_IOMEM)
			rc = -ENOSPC;
		else
			c->iomem[c->nr_iomem++] =
				(typeof(c->iomem[0])){first, last};
	} else {
		/* Revoke ranges inside [first, last]; mappings stay (Xen). */
		for (i = 0; i < c->nr_iomem;)
			if (c->iomem[i].first >= first &&
			    c->iomem[i].last <= last)
				c->iomem[i] = c->iomem[--c->nr_iomem];
			else
				i++;
	}
	spin_unlock(&d->lock);
	return rc;
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
	if (!domctl_iomem_allowed(d, m->first_mfn, last_mfn))
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
	case XEN_DOMCTL_unbind_pt_irq:
		/*
		 * Re-routing an SPI away from dom0 needs the vGIC to unlink
		 * it there first; not done yet.
		 */
		/* Xen's checks first: SPIs only, routed 1:1. */
		if (op->u.bind_pt_irq.irq_type != PT_IRQ_TYPE_SPI)
			return -EOPNOTSUPP;
		if (op->u.bind_pt_irq.machine_irq !=
		    op->u.bind_pt_irq.u.spi.spi)
			return -EINVAL;
		return -EOPNOTSUPP;
	case XEN_DOMCTL_cacheflush:
		return cacheflush(d, &op->u.cacheflush);
	case XEN_DOMCTL_vuart_op:
		return vuart_op(d, &op->u.vuart_op, copyback);
	case XEN_DOMCTL_get_paging_mempool_size:
		op->u.paging_mempool.size = d->ctl->paging_pool;
		*copyback = true;
		return 0;
	case XEN_DOMCTL_set_paging_mempool_size:
		/* As Xen: whole pages only. */
		if (op->u.paging_mempool.size & ~PAGE_MASK ||
		    op->u.paging_mempool.size > PAGING_POOL_MAX)
			return -EINVAL;
		d->ctl->paging_pool = op->u.paging_mempool.size;
		return 0;
	default:
		return -ENOSYS;
	}
}
