/* SPDX-License-Identifier: MIT */
/*
 * Stage-2 table walker (Arm ARM D8: VMSAv8-64 stage 2, 4 KiB granule).
 *
 * Lock order: the caller holds p2m->lock (> the heap lock, taken when a
 * heap-backed pool grows). Tables below the root come from the domain's
 * p2m pool (XSA-409); tables left empty by unmapping stay until teardown.
 */
#include <hyp/errno.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <asm/p2m_pt.h>

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

static u64 *table_of(u64 e)
{
	return maddr_to_virt(pa_init(e & PTE_ADDR_MASK));
}

static bool is_table(u64 e, unsigned int level)
{
	return level < 3 &&
	       (e & (S2_VALID | S2_TABLE)) == (S2_VALID | S2_TABLE);
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

/* A leaf may sit at level 1 (1 GiB), 2 (2 MiB) or 3 (4 KiB). */
static bool leaf_fits(unsigned int level, u64 ipa, u64 pa, u64 size, u64 attrs)
{
	u64 blk = 1UL << level_shift(level);

	if (level == 3)
		return true;
	return level >= 1 && size >= blk && IS_ALIGNED(ipa, blk) &&
	       (!attrs || IS_ALIGNED(pa, blk));
}

/* What an entry of a table that apply() would create looks like. */
enum vtable { VT_REAL, VT_EMPTY, VT_BLOCKS };

/*
 * Dry run of apply(): the tables it would take from the pool. A table it
 * would create is walked as VT_EMPTY (fresh) or VT_BLOCKS (split block).
 */
static u64 count_tables(const u64 *table, enum vtable kind, unsigned int level,
			u64 ipa, u64 pa, u64 size, u64 attrs)
{
	u64 n = 0;

	while (size) {
		unsigned int shift = level_shift(level);
		u64 blk = 1UL << shift;
		u64 chunk = MIN(size, blk - (ipa & (blk - 1)));
		u64 e = kind == VT_REAL
				? table[(ipa >> shift) & (PT_ENTRIES - 1)]
			: kind == VT_BLOCKS ? S2_VALID
					    : 0;

		if (is_table(e, level))
			n += count_tables(table_of(e), VT_REAL, level + 1, ipa,
					  pa, chunk, attrs);
		else if (leaf_fits(level, ipa, pa, chunk, attrs))
			;
		else if (e & S2_VALID)
			n += 1 + count_tables(NULL, VT_BLOCKS, level + 1, ipa,
					      pa, chunk, attrs);
		else if (attrs)
			n += 1 + count_tables(NULL, VT_EMPTY, level + 1, ipa,
					      pa, chunk, attrs);
		ipa += chunk;
		pa += attrs ? chunk : 0;
		size -= chunk;
	}
	return n;
}

/* Replace a block with a table mapping the same range (break-before-make). */
static void split_block(struct p2m *p2m, u64 *entry, unsigned int level)
{
	u64 old = *entry;
	u64 *t = p2m_pool_take(&p2m->pool);
	u64 step = 1UL << level_shift(level + 1);
	u64 leaf = old & ~PTE_ADDR_MASK;
	unsigned int i;

	if (level + 1 == 3)
		leaf |= S2_TABLE;
	for (i = 0; i < PT_ENTRIES; i++)
		t[i] = ((old & PTE_ADDR_MASK) + i * step) | leaf;
	WRITE_ONCE(*entry, 0);
	p2m_flush_tlb(p2m);
	p2m_pt_sync();
	WRITE_ONCE(*entry, pa_val(virt_to_maddr(t)) | S2_VALID | S2_TABLE);
}

/*
 * The change itself, once its tables are reserved: cannot fail. Existing
 * leaves are replaced with break-before-make (Arm ARM D8.14.1).
 */
static void apply(struct p2m *p2m, u64 ipa, u64 pa, u64 size, u64 attrs)
{
	bool flush = false;

	while (size) {
		u64 *table = p2m->root;
		unsigned int level;

		for (level = p2m->start_level;; level++) {
			unsigned int shift = level_shift(level);
			u64 blk = 1UL << shift;
			u64 *e = &table[(ipa >> shift) & (PT_ENTRIES - 1)];

			if (!is_table(*e, level) &&
			    leaf_fits(level, ipa, pa, size, attrs)) {
				if (*e & S2_VALID) {
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
				next = p2m_pool_take(&p2m->pool);
				p2m_pt_sync();
				WRITE_ONCE(*e, pa_val(virt_to_maddr(next)) |
						       S2_VALID | S2_TABLE);
			} else if (!is_table(*e, level)) {
				split_block(p2m, e, level);
			}
			table = table_of(*e);
		}
	}
	p2m_pt_sync();
	if (flush || !attrs)
		p2m_flush_tlb(p2m);
}

int p2m_pt_set(struct p2m *p2m, u64 ipa, u64 pa, u64 size, enum p2m_type t)
{
	u64 attrs = t == P2M_INVALID ? 0 : leaf_attrs(t);
	int rc;

	if ((ipa | pa | size) & ~PAGE_MASK || (t != P2M_INVALID && !attrs))
		return -EINVAL;
	rc = p2m_pool_reserve(&p2m->pool,
			      count_tables(p2m->root, VT_REAL, p2m->start_level,
					   ipa, pa, size, attrs));
	if (rc)
		return rc;
	apply(p2m, ipa, pa, size, attrs);
	return 0;
}

u64 p2m_pt_lookup(struct p2m *p2m, u64 ipa, enum p2m_type *t)
{
	const u64 *table = p2m->root;
	unsigned int level;

	*t = P2M_INVALID;
	for (level = p2m->start_level; level <= 3; level++) {
		unsigned int shift = level_shift(level);
		u64 e = table[(ipa >> shift) & (PT_ENTRIES - 1)];

		if (!(e & S2_VALID))
			break;
		if (is_table(e, level)) {
			table = table_of(e);
			continue;
		}
		*t = (e & S2_TYPE_MASK) >> S2_TYPE_SHIFT;
		return (e & PTE_ADDR_MASK) + (ipa & ((1UL << shift) - 1));
	}
	return ~0UL;
}

static void free_below(struct p2m *p2m, u64 *t, unsigned int level)
{
	unsigned int i;

	for (i = 0; i < PT_ENTRIES; i++)
		if (is_table(t[i], level)) {
			u64 *sub = table_of(t[i]);

			free_below(p2m, sub, level + 1);
			p2m_pool_put(&p2m->pool, sub);
			t[i] = 0;
		}
}

void p2m_pt_free_tables(struct p2m *p2m)
{
	free_below(p2m, p2m->root, p2m->start_level);
}
