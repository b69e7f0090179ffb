/* SPDX-License-Identifier: MIT */
/*
 * Stage-2 translation (Arm ARM D8: VMSAv8-64 stage 2, 4 KiB granule): VMIDs,
 * VTCR_EL2, TLB maintenance and the domain-level entry points; the tables
 * themselves are walked in p2m_pt.c.
 *
 * Lock order: p2m->lock (per domain) > heap lock (pool growth); vmid_lock
 * is taken alone. Table pages come from the domain's p2m pool (XSA-409),
 * which teardown returns to the heap.
 */
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/p2m.h>
#include <asm/p2m.h>
#include <asm/p2m_pt.h>
#include <asm/sysregs.h>

static unsigned int ipa_bits;
static unsigned int start_level;
static u64 vtcr;

static DEFINE_SPINLOCK(vmid_lock);
static u8 vmid_used[256 / 8];

unsigned int p2m_ipa_bits(void)
{
	return ipa_bits;
}

u64 p2m_vtcr(void)
{
	return vtcr;
}

/* ID_AA64MMFR0_EL1.PARange encodings to bits (D17.2.64). */
static const u8 parange_bits[] = {32, 36, 40, 42, 44, 48, 52};

void p2m_arch_init(void)
{
	u64 pa = READ_SYSREG(id_aa64mmfr0_el1) & 0xf;
	unsigned int ps;

	if (pa > 5)
		pa = 5; /* 52-bit needs LPA descriptors; cap at 48 */
	ps = pa;
	ipa_bits = parange_bits[pa];
	/* 4 KiB granule: start at level 0 above 39 bits, else level 1. */
	start_level = ipa_bits > 39 ? 0 : 1;
	vtcr = (64 - ipa_bits) |			/* T0SZ */
	       ((start_level == 0 ? 2UL : 1UL) << 6) |	/* SL0 */
	       (1UL << 8) | (1UL << 10) | (3UL << 12) | /* WBWA, inner sh. */
	       ((u64)ps << 16) | (1UL << 31);		/* PS, RES1 */
	WRITE_SYSREG(vtcr, vtcr_el2);
	isb();
}

void p2m_arch_cpu_init(void)
{
	WRITE_SYSREG(vtcr, vtcr_el2);
	isb();
}

static int vmid_alloc(void)
{
	unsigned long flags = spin_lock_irqsave(&vmid_lock);
	int id;

	for (id = 1; id < 256; id++)
		if (!(vmid_used[id / 8] & (1U << (id % 8)))) {
			vmid_used[id / 8] |= 1U << (id % 8);
			break;
		}
	spin_unlock_irqrestore(&vmid_lock, flags);
	return id < 256 ? id : -EBUSY;
}

static void vmid_free(unsigned int id)
{
	unsigned long flags = spin_lock_irqsave(&vmid_lock);

	vmid_used[id / 8] &= ~(1U << (id % 8));
	spin_unlock_irqrestore(&vmid_lock, flags);
}

/* Invalidate all of the domain's stage-1+2 TLB entries on all CPUs. */
void p2m_flush_tlb(struct p2m *p2m)
{
	unsigned long flags = local_irq_save();
	u64 old = READ_SYSREG(vttbr_el2);

	if (old != p2m->vttbr) {
		WRITE_SYSREG(p2m->vttbr, vttbr_el2);
		isb();
	}
	dsb(ishst);
	__asm__ __volatile__("tlbi vmalls12e1is" ::: "memory");
	dsb(ish);
	isb();
	if (old != p2m->vttbr) {
		WRITE_SYSREG(old, vttbr_el2);
		isb();
	}
	local_irq_restore(flags);
}

void p2m_pt_sync(void)
{
	dsb(ishst);
}

int p2m_init(struct domain *d)
{
	struct p2m *p2m = &d->arch.p2m;
	u64 budget = P2M_POOL_INITIAL_PAGES;
	int vmid = vmid_alloc();

	if (vmid < 0)
		return vmid;
	/*
	 * As Xen 4.17: the root from the heap, the tables from the pool; the
	 * hardware domain's pool grows from the heap (dom0 maps its extended
	 * regions as it likes); every domain starts with 16 pages, enough
	 * for the GICv2 CPU interface mapping.
	 */
	p2m_pool_init(&p2m->pool, d->domain_id == 0);
	p2m->root = alloc_hyp_pages(0, ALLOC_ZERO);
	if (!p2m->root ||
	    p2m_pool_resize(&p2m->pool, P2M_POOL_INITIAL_PAGES, &budget))
		goto fail;
	spin_lock_init(&p2m->lock);
	p2m->vmid = vmid;
	p2m->start_level = start_level;
	p2m->vttbr = pa_val(virt_to_maddr(p2m->root)) | ((u64)vmid << 48);
	return 0;

fail:
	p2m_pool_destroy(&p2m->pool);
	if (p2m->root)
		free_hyp_pages(p2m->root, 0);
	p2m->root = NULL;
	vmid_free(vmid);
	return -ENOMEM;
}

void p2m_teardown(struct domain *d)
{
	struct p2m *p2m = &d->arch.p2m;

	if (!p2m->root)
		return;
	p2m_flush_tlb(p2m);
	p2m_pt_free_tables(p2m);
	p2m_pool_destroy(&p2m->pool);
	free_hyp_pages(p2m->root, 0);
	p2m->root = NULL;
	vmid_free(p2m->vmid);
}

/* Pages moved per lock hold when resizing: bounds the time IRQs are off. */
#define RESIZE_BATCH 256

int p2m_set_pool_size(struct domain *d, u64 pages)
{
	struct p2m *p2m = &d->arch.p2m;
	int rc;

	do {
		u64 budget = RESIZE_BATCH;
		unsigned long flags = spin_lock_irqsave(&p2m->lock);

		rc = p2m_pool_resize(&p2m->pool, pages, &budget);
		spin_unlock_irqrestore(&p2m->lock, flags);
	} while (rc == 1);
	return rc;
}

u64 p2m_pool_size(struct domain *d)
{
	return READ_ONCE(d->arch.p2m.pool.total);
}

/*
 * [gfn, gfn + nr) within the IPA space. Compared in frames: shifting a
 * gfn of 2^52 or more into an address wraps, and the IPA would alias a
 * low one (XSA-301 class).
 */
static bool gfn_range_ok(gfn_t gfn, u64 nr)
{
	u64 limit = 1UL << (ipa_bits - PAGE_SHIFT);

	return nr && gfn_val(gfn) < limit && nr <= limit - gfn_val(gfn);
}

int p2m_map(struct domain *d, gfn_t gfn, mfn_t mfn, u64 nr, enum p2m_type t)
{
	struct p2m *p2m = &d->arch.p2m;
	unsigned long flags;
	int rc;

	if (t == P2M_INVALID || !gfn_range_ok(gfn, nr))
		return -EINVAL;
	flags = spin_lock_irqsave(&p2m->lock);
	rc = p2m_pt_set(p2m, gfn_val(gfn) << PAGE_SHIFT,
			mfn_val(mfn) << PAGE_SHIFT, nr << PAGE_SHIFT, t);
	if (!rc && gfn_val(gfn) + nr - 1 > p2m->max_mapped_gfn)
		p2m->max_mapped_gfn = gfn_val(gfn) + nr - 1;
	spin_unlock_irqrestore(&p2m->lock, flags);
	return rc;
}

gfn_t p2m_max_mapped_gfn(struct domain *d)
{
	return gfn_init(READ_ONCE(d->arch.p2m.max_mapped_gfn));
}

int p2m_unmap(struct domain *d, gfn_t gfn, u64 nr)
{
	struct p2m *p2m = &d->arch.p2m;
	unsigned long flags;
	int rc;

	if (!gfn_range_ok(gfn, nr))
		return -EINVAL;
	flags = spin_lock_irqsave(&p2m->lock);
	rc = p2m_pt_set(p2m, gfn_val(gfn) << PAGE_SHIFT, 0, nr << PAGE_SHIFT,
			P2M_INVALID);
	spin_unlock_irqrestore(&p2m->lock, flags);
	return rc;
}

mfn_t p2m_lookup(struct domain *d, gfn_t gfn, enum p2m_type *t)
{
	struct p2m *p2m = &d->arch.p2m;
	enum p2m_type type = P2M_INVALID;
	unsigned long flags;
	u64 pa;

	if (t)
		*t = P2M_INVALID;
	if (!gfn_range_ok(gfn, 1) || !p2m->root)
		return INVALID_MFN;
	flags = spin_lock_irqsave(&p2m->lock);
	pa = p2m_pt_lookup(p2m, gfn_val(gfn) << PAGE_SHIFT, &type);
	spin_unlock_irqrestore(&p2m->lock, flags);
	if (type == P2M_INVALID)
		return INVALID_MFN;
	if (t)
		*t = type;
	return pa_to_mfn(pa_init(pa));
}
