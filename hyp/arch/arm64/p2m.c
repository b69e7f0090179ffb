/* SPDX-License-Identifier: MIT */
/*
 * Stage-2 translation tables (Arm ARM D8: VMSAv8-64 stage 2, 4 KiB granule).
 *
 * Lock order: p2m->lock (per domain) > vmid_lock. Table pages come from the
 * page allocator and are freed at teardown.
 */
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/p2m.h>
#include <asm/p2m.h>
#include <asm/sysregs.h>

#define PT_ENTRIES 512
#define PTE_ADDR_MASK 0x0000fffffffff000UL

/* Stage-2 descriptor fields (Arm ARM D8.3.2). */
#define S2_VALID (1UL << 0)
#define S2_TABLE (1UL << 1)	    /* table at levels 0-2, page at level 3 */
#define S2_MEMATTR_DEV (0x1UL << 2) /* Device-nGnRE */
#define S2_MEMATTR_NORMAL (0xfUL << 2) /* Normal, outer and inner WB */
#define S2_AP_RO (1UL << 6)
#define S2_AP_RW (3UL << 6)
#define S2_SH_INNER (3UL << 8)
#define S2_AF (1UL << 10)
#define S2_XN (1UL << 54)
/* Software bits [58:55] keep our p2m type. */
#define S2_TYPE_SHIFT 55
#define S2_TYPE_MASK (0xfUL << S2_TYPE_SHIFT)

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
static void p2m_flush_tlb(struct p2m *p2m)
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

static u64 *table_of(u64 e)
{
	return maddr_to_virt(pa_init(e & PTE_ADDR_MASK));
}

int p2m_init(struct domain *d)
{
	struct p2m *p2m = &d->arch.p2m;
	int vmid = vmid_alloc();

	if (vmid < 0)
		return vmid;
	p2m->root = alloc_hyp_pages(0, ALLOC_ZERO);
	if (!p2m->root) {
		vmid_free(vmid);
		return -ENOMEM;
	}
	spin_lock_init(&p2m->lock);
	p2m->vmid = vmid;
	p2m->nr_tables = 1;
	p2m->vttbr = pa_val(virt_to_maddr(p2m->root)) | ((u64)vmid << 48);
	return 0;
}

static void free_table(u64 *t, unsigned int level)
{
	unsigned int i;

	if (level < 3)
		for (i = 0; i < PT_ENTRIES; i++)
			if ((t[i] & (S2_VALID | S2_TABLE)) ==
			    (S2_VALID | S2_TABLE))
				free_table(table_of(t[i]), level + 1);
	free_hyp_pages(t, 0);
}

void p2m_teardown(struct domain *d)
{
	struct p2m *p2m = &d->arch.p2m;

	if (!p2m->root)
		return;
	p2m_flush_tlb(p2m);
	free_table(p2m->root, start_level);
	p2m->root = NULL;
	vmid_free(p2m->vmid);
}

static u64 leaf_attrs(enum p2m_type t)
{
	u64 a = S2_VALID | S2_AF | ((u64)t << S2_TYPE_SHIFT);

	switch (t) {
	case P2M_RAM_RW:
	case P2M_FOREIGN_RW:
	case P2M_MAP_FOREIGN:
		return a | S2_MEMATTR_NORMAL | S2_AP_RW | S2_SH_INNER;
	case P2M_RAM_RO:
		return a | S2_MEMATTR_NORMAL | S2_AP_RO | S2_SH_INNER;
	case P2M_MMIO_DEV:
		return a | S2_MEMATTR_DEV | S2_AP_RW | S2_XN;
	default:
		return 0;
	}
}

static unsigned int level_shift(unsigned int level)
{
	return 39 - 9 * level;
}

/* Replace a block with a table mapping the same range (break-before-make). */
static int split_block(struct p2m *p2m, u64 *entry, unsigned int level)
{
	u64 old = *entry;
	u64 *t = alloc_hyp_pages(0, 0);
	u64 step = 1UL << level_shift(level + 1);
	u64 leaf = old & ~PTE_ADDR_MASK;
	unsigned int i;

	if (!t)
		return -ENOMEM;
	if (level + 1 == 3)
		leaf |= S2_TABLE;
	for (i = 0; i < PT_ENTRIES; i++)
		t[i] = ((old & PTE_ADDR_MASK) + i * step) | leaf;
	p2m->nr_tables++;
	WRITE_ONCE(*entry, 0);
	p2m_flush_tlb(p2m);
	dsb(ishst);
	WRITE_ONCE(*entry, pa_val(virt_to_maddr(t)) | S2_VALID | S2_TABLE);
	return 0;
}

/*
 * Set [ipa, ipa+size) to pa with attrs (0 = unmap). Called with the lock
 * held. Existing leaves are replaced with break-before-make; tables left
 * empty are kept (freed at teardown).
 */
static int p2m_set_range(struct p2m *p2m, u64 ipa, u64 pa, u64 size, u64 attrs)
{
	bool flush = false;
	int rc = 0;

	while (size) {
		u64 *table = p2m->root;
		unsigned int level;

		for (level = start_level;; level++) {
			unsigned int shift = level_shift(level);
			u64 blk = 1UL << shift;
			u64 *e = &table[(ipa >> shift) & (PT_ENTRIES - 1)];
			bool fits = size >= blk && IS_ALIGNED(ipa, blk) &&
				    (!attrs || IS_ALIGNED(pa, blk));

			if (level == 3 || (level >= 1 && fits)) {
				if (!fits) /* level 3 always fits a page */
					return -EINVAL;
				if (*e & S2_VALID) {
					if ((*e & S2_TABLE) && level < 3) {
						/* a table under a block-size
						 * range: descend instead */
						goto descend;
					}
					WRITE_ONCE(*e, 0);
					flush = true;
				}
				if (attrs) {
					if (flush) {
						p2m_flush_tlb(p2m);
						flush = false;
					}
					WRITE_ONCE(*e,
						   pa | attrs |
							   (level == 3
								    ? S2_TABLE
								    : 0));
				}
				ipa += blk;
				pa += attrs ? blk : 0;
				size -= blk;
				break;
			}
		descend:
			if (!(*e & S2_VALID)) {
				u64 *next;

				if (!attrs) {
					/* nothing mapped: skip this span */
					u64 skip = blk - (ipa & (blk - 1));

					skip = MIN(skip, size);
					ipa += skip;
					size -= skip;
					break;
				}
				next = alloc_hyp_pages(0, ALLOC_ZERO);
				if (!next) {
					rc = -ENOMEM;
					goto out;
				}
				p2m->nr_tables++;
				dsb(ishst);
				WRITE_ONCE(*e, pa_val(virt_to_maddr(next)) |
						       S2_VALID | S2_TABLE);
			} else if (!(*e & S2_TABLE)) {
				rc = split_block(p2m, e, level);
				if (rc)
					goto out;
			}
			table = table_of(*e);
		}
	}
out:
	dsb(ishst);
	if (flush || !attrs)
		p2m_flush_tlb(p2m);
	return rc;
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
	u64 attrs = leaf_attrs(t);
	unsigned long flags;
	int rc;

	if (!attrs || !gfn_range_ok(gfn, nr))
		return -EINVAL;
	flags = spin_lock_irqsave(&p2m->lock);
	rc = p2m_set_range(p2m, gfn_val(gfn) << PAGE_SHIFT,
			   mfn_val(mfn) << PAGE_SHIFT, nr << PAGE_SHIFT, attrs);
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
	rc = p2m_set_range(p2m, gfn_val(gfn) << PAGE_SHIFT, 0, nr << PAGE_SHIFT,
			   0);
	spin_unlock_irqrestore(&p2m->lock, flags);
	return rc;
}

mfn_t p2m_lookup(struct domain *d, gfn_t gfn, enum p2m_type *t)
{
	struct p2m *p2m = &d->arch.p2m;
	u64 ipa = gfn_val(gfn) << PAGE_SHIFT;
	unsigned long flags;
	mfn_t mfn = INVALID_MFN;
	u64 *table;
	unsigned int level;

	if (t)
		*t = P2M_INVALID;
	if (!gfn_range_ok(gfn, 1) || !p2m->root)
		return INVALID_MFN;
	flags = spin_lock_irqsave(&p2m->lock);
	table = p2m->root;
	for (level = start_level; level <= 3; level++) {
		unsigned int shift = level_shift(level);
		u64 e = table[(ipa >> shift) & (PT_ENTRIES - 1)];

		if (!(e & S2_VALID))
			break;
		if (level < 3 && (e & S2_TABLE)) {
			table = table_of(e);
			continue;
		}
		mfn = pa_to_mfn(pa_init((e & PTE_ADDR_MASK) +
					(ipa & ((1UL << shift) - 1))));
		if (t)
			*t = (e & S2_TYPE_MASK) >> S2_TYPE_SHIFT;
		break;
	}
	spin_unlock_irqrestore(&p2m->lock, flags);
	return mfn;
}
