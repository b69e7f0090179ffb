/* SPDX-License-Identifier: MIT */
/*
 * Binary buddy allocator over host RAM.
 *
 * The frame table has one struct page_info per frame from the lowest to the
 * highest RAM frame, holes included. One flat table is cheap for the usual
 * one or two banks, but a hole costs 32 bytes per missing frame as well:
 * RAM at 0 and at 1 TiB would need an 8 GiB table and bootmem_alloc()
 * panics. Xen compresses such holes away (PDX); we will too if real
 * hardware needs it.
 *
 * A free block of 2^order frames is aligned to its size in absolute frame
 * numbers, has PGF_FREE and its order on its head page, and is on
 * free_list[order]. Pages inside a free block have no PGF_FREE.
 *
 * Scrubbing: PGF_NEED_SCRUB is per page, set only at boot and only on free
 * pages, and cleared under the heap lock when a page is allocated or
 * scrubbed. Allocating a block that holds any dirty page zeroes it, so a
 * block merged from clean and dirty parts needs no block-level state.
 * Pages freed at runtime are not scrubbed; callers that need zeroed memory
 * pass ALLOC_ZERO, or ALLOC_GUEST for memory a guest sees, which is also
 * cleaned to the Point of Coherency after zeroing (XSA-364). Scrubbing
 * does not clean: every page reaches a guest through a zeroing allocation
 * that does, so no page is cleaned twice.
 *
 * Lock order: heap_lock is a leaf; nothing else is taken while holding it.
 * It is taken with interrupts masked so interrupt handlers may allocate.
 */
#include <hyp/compiler.h>
#include <hyp/errno.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/param.h>
#include <hyp/spinlock.h>
#include <hyp/types.h>

#include "mm_internal.h"

typedef unsigned long long ull; /* for printk formats */

/*
 * bootscrub=<bool>|idle, as in Xen: on scrubs all free RAM during boot,
 * idle leaves it to the idle loop (allocations still only ever return
 * scrubbed pages), off does not scrub boot RAM at all.
 */
enum bootscrub_mode opt_bootscrub = BOOTSCRUB_IDLE;

/* bootscrub_chunk=<size>: most RAM scrubbed per heap lock hold at boot. */
static u64 opt_bootscrub_chunk = MB(128);

static int parse_bootscrub(const char *s)
{
	int b;

	/* A bare "bootscrub" means on. */
	if (!s || !*s) {
		opt_bootscrub = BOOTSCRUB_ON;
		return 0;
	}
	if (!strcmp(s, "idle")) {
		opt_bootscrub = BOOTSCRUB_IDLE;
		return 0;
	}
	b = parse_bool(s, s + strlen(s));
	if (b < 0)
		return -EINVAL;
	opt_bootscrub = b ? BOOTSCRUB_ON : BOOTSCRUB_OFF;
	return 0;
}
custom_param("bootscrub", parse_bootscrub);
size_param("bootscrub_chunk", opt_bootscrub_chunk);

static const char *bootscrub_name(enum bootscrub_mode m)
{
	switch (m) {
	case BOOTSCRUB_OFF:
		return "off";
	case BOOTSCRUB_ON:
		return "on";
	case BOOTSCRUB_IDLE:
		return "idle";
	}
	return "?";
}

static DEFINE_SPINLOCK(heap_lock);

/* Set once by page_alloc_init(), constant afterwards. */
static struct page_info *frame_table;
static u64 ft_base; /* frame number of frame_table[0] */
static u64 ft_nr;   /* entries in frame_table */
static bool heap_ready;

/* Protected by heap_lock. */
static struct list_head free_list[MAX_ORDER];
static u64 nr_total, nr_free, nr_dirty, nr_scrubbed_at_boot;
static u64 scrub_cursor; /* frame table index where scrubbing resumes */

/* Frames the scrubber may examine per page it zeroes, to bound lock holds. */
#define SCRUB_SCAN_FACTOR 64

#ifdef HYP_DEBUG
#define FREE_POISON 0xa5 /* catches use after free_pages() */
#endif

static bool page_in_table(const struct page_info *pg)
{
	vaddr_t off = (vaddr_t)pg - (vaddr_t)frame_table;

	return frame_table && off < ft_nr * sizeof(*pg) &&
	       off % sizeof(*pg) == 0;
}

static u64 pg_idx(const struct page_info *pg)
{
	return pg - frame_table;
}

static void *frame_va(u64 idx)
{
	return maddr_to_virt(mfn_to_pa(mfn_init(ft_base + idx)));
}

/* Frame by frame: a block may span directmap-contiguous but separate banks. */
static void fill_frames(u64 idx, u64 n, int c)
{
	u64 i;

	for (i = 0; i < n; i++)
		memset(frame_va(idx + i), c, PAGE_SIZE);
}

/* Clean frames to PoC, one call (one barrier) per directmap-contiguous run. */
static void clean_frames(u64 idx, u64 n)
{
	u64 start = 0, i;

	for (i = 1; i <= n; i++) {
		if (i < n && (u8 *)frame_va(idx + i) ==
				     (u8 *)frame_va(idx + i - 1) + PAGE_SIZE)
			continue;
		arch_clean_dcache_poc(frame_va(idx + start),
				      (i - start) * PAGE_SIZE);
		start = i;
	}
}

/* Insert a block into the free lists, merging it with free buddies. */
static void free_block_locked(u64 idx, unsigned int order)
{
	u64 mfn = ft_base + idx;
	struct page_info *pg;

	while (order < MAX_ORDER - 1) {
		u64 bidx = (mfn ^ (1ULL << order)) - ft_base;
		struct page_info *b;

		if (bidx >= ft_nr)
			break;
		b = &frame_table[bidx];
		if (!(b->flags & PGF_FREE) || b->order != order ||
		    !(b->flags & PGF_RAM))
			break;
		list_del(&b->list);
		b->flags &= ~PGF_FREE;
		mfn &= ~(1ULL << order);
		order++;
	}

	pg = &frame_table[mfn - ft_base];
	pg->flags |= PGF_FREE;
	pg->order = order;
	list_add(&pg->list, &free_list[order]);
}

/* Everything in [idx, idx + 2^order) must be allocated RAM. */
static void check_allocated_locked(u64 idx, unsigned int order)
{
	u64 n = 1ULL << order, mfn = ft_base + idx, i;
	unsigned int k;

	for (i = 0; i < n; i++) {
		u32 f = frame_table[idx + i].flags;

		if (!(f & PGF_RAM))
			panic("free_pages: mfn %#llx is not RAM", (ull)mfn + i);
		if (f & PGF_FREE)
			panic("free_pages: double free of mfn %#llx (free "
			      "block of order %u)",
			      (ull)mfn + i, frame_table[idx + i].order);
	}
	/* A larger free block containing ours starts before it. */
	for (k = order + 1; k < MAX_ORDER; k++) {
		u64 h = ALIGN_DOWN(mfn, 1ULL << k) - ft_base;

		if (h < ft_nr && (frame_table[h].flags & PGF_FREE) &&
		    frame_table[h].order == k)
			panic("free_pages: double free of mfn %#llx (inside "
			      "free block of order %u)",
			      (ull)mfn, k);
	}
}

struct page_info *alloc_pages(unsigned int order, unsigned int flags)
{
	struct page_info *pg;
	unsigned long irq;
	unsigned int k;
	bool dirty = false;
	u64 i, n;

	if (order >= MAX_ORDER)
		return NULL;
	n = 1ULL << order;
	if (!heap_ready)
		panic("alloc_pages() called before page_alloc_init()");

	irq = spin_lock_irqsave(&heap_lock);
	for (k = order; k < MAX_ORDER; k++)
		if (!list_empty(&free_list[k]))
			break;
	if (k == MAX_ORDER) {
		spin_unlock_irqrestore(&heap_lock, irq);
		return NULL;
	}

	pg = list_first_entry(&free_list[k], struct page_info, list);
	list_del(&pg->list);
	pg->flags &= ~PGF_FREE;
	/* Give back the upper halves until the block has the right size. */
	while (k > order) {
		struct page_info *half;

		k--;
		half = pg + (1ULL << k);
		half->flags |= PGF_FREE;
		half->order = k;
		list_add(&half->list, &free_list[k]);
	}

	/* Clearing the flags here keeps the idle scrubber off these pages. */
	for (i = 0; i < n; i++) {
		if (pg[i].flags & PGF_NEED_SCRUB) {
			pg[i].flags &= ~PGF_NEED_SCRUB;
			nr_dirty--;
			dirty = true;
		}
	}
	nr_free -= n;
	pg->order = order;
	spin_unlock_irqrestore(&heap_lock, irq);

	/*
	 * Boot-dirty pages come in large runs, so zeroing the whole block
	 * costs little over zeroing just the dirty pages, and needs no list
	 * of them across the unlock.
	 */
	if (dirty || (flags & (ALLOC_ZERO | ALLOC_GUEST)))
		fill_frames(pg_idx(pg), n, 0);
	if (flags & ALLOC_GUEST)
		clean_frames(pg_idx(pg), n);
	return pg;
}

void free_pages(struct page_info *pg, unsigned int order)
{
	unsigned long irq;
	u64 idx, n = 1ULL << order;

	BUG_ON(order >= MAX_ORDER);
	if (!page_in_table(pg))
		panic("free_pages: %p is not in the frame table", (void *)pg);
	idx = pg_idx(pg);
	if (!IS_ALIGNED(ft_base + idx, n) || idx + n > ft_nr)
		panic("free_pages: bad block: mfn %#llx order %u",
		      (ull)(ft_base + idx), order);

	irq = spin_lock_irqsave(&heap_lock);
	check_allocated_locked(idx, order);
#ifdef FREE_POISON
	fill_frames(idx, n, FREE_POISON);
#endif
	free_block_locked(idx, order);
	nr_free += n;
	spin_unlock_irqrestore(&heap_lock, irq);
}

void *alloc_hyp_pages(unsigned int order, unsigned int flags)
{
	struct page_info *pg = alloc_pages(order, flags);

	return pg ? maddr_to_virt(mfn_to_pa(page_to_mfn(pg))) : NULL;
}

void free_hyp_pages(void *va, unsigned int order)
{
	mfn_t mfn;

	if (!va)
		return;
	if (!IS_ALIGNED((vaddr_t)va, PAGE_SIZE))
		panic("free_hyp_pages: %p is not page aligned", va);
	mfn = pa_to_mfn(virt_to_maddr(va));
	if (!mfn_valid(mfn))
		panic("free_hyp_pages: %p is not heap RAM", va);
	free_pages(mfn_to_page(mfn), order);
}

mfn_t page_to_mfn(const struct page_info *pg)
{
	ASSERT(page_in_table(pg));
	return mfn_init(ft_base + pg_idx(pg));
}

struct page_info *mfn_to_page(mfn_t mfn)
{
	u64 idx = mfn_val(mfn) - ft_base;

	ASSERT(frame_table && idx < ft_nr);
	return &frame_table[idx];
}

bool mfn_valid(mfn_t mfn)
{
	u64 idx = mfn_val(mfn) - ft_base;

	return frame_table && idx < ft_nr && (frame_table[idx].flags & PGF_RAM);
}

void page_alloc_get_stats(struct page_alloc_stats *st)
{
	unsigned long irq = spin_lock_irqsave(&heap_lock);

	st->total_pages = nr_total;
	st->free_pages = nr_free;
	st->scrubbed_at_boot = nr_scrubbed_at_boot;
	st->need_scrub_pages = nr_dirty;
	spin_unlock_irqrestore(&heap_lock, irq);
}

void page_alloc_for_each_free_block(page_block_fn fn, void *arg)
{
	struct page_info *pg;
	unsigned long irq;
	unsigned int k;

	if (!heap_ready)
		return;
	irq = spin_lock_irqsave(&heap_lock);
	for (k = 0; k < MAX_ORDER; k++)
		list_for_each_entry (pg, &free_list[k], list)
			fn(mfn_init(ft_base + pg_idx(pg)), k, arg);
	spin_unlock_irqrestore(&heap_lock, irq);
}

/* Zero up to max_pages dirty pages; returns how many. */
static unsigned int scrub_some_locked(unsigned int max_pages)
{
	u64 budget = (u64)max_pages * SCRUB_SCAN_FACTOR;
	unsigned int done = 0;

	while (nr_dirty && done < max_pages && budget) {
		struct page_info *pg = &frame_table[scrub_cursor];

		/* Dirty pages are free, so nobody else touches them. */
		if (pg->flags & PGF_NEED_SCRUB) {
			fill_frames(scrub_cursor, 1, 0);
			pg->flags &= ~PGF_NEED_SCRUB;
			nr_dirty--;
			done++;
		}
		if (++scrub_cursor == ft_nr)
			scrub_cursor = 0;
		budget--;
	}
	return done;
}

void scrub_free_pages_some(unsigned int max_pages)
{
	unsigned long irq;

	/* Unlocked peek: the common case is nothing left to do. */
	if (!heap_ready || !READ_ONCE(nr_dirty) || !max_pages)
		return;
	irq = spin_lock_irqsave(&heap_lock);
	scrub_some_locked(max_pages);
	spin_unlock_irqrestore(&heap_lock, irq);
}

/* bootscrub=on: everything now, dropping the lock between chunks. */
static void scrub_all_at_boot(void)
{
	u64 chunk = MAX(opt_bootscrub_chunk >> PAGE_SHIFT, 1);
	unsigned long irq;
	u64 left;

	chunk = MIN(chunk, (u64)UINT32_MAX);
	do {
		irq = spin_lock_irqsave(&heap_lock);
		nr_scrubbed_at_boot += scrub_some_locked(chunk);
		left = nr_dirty;
		spin_unlock_irqrestore(&heap_lock, irq);
		/* Softirqs will be processed here once they exist. */
	} while (left);
}

struct span {
	u64 lo, hi; /* frames */
	u64 ram;    /* frames of RAM */
};

static void span_cb(paddr_t start, u64 size, void *arg)
{
	struct span *sp = arg;
	u64 s = pa_val(start) >> PAGE_SHIFT;

	sp->lo = MIN(sp->lo, s);
	sp->hi = MAX(sp->hi, s + (size >> PAGE_SHIFT));
	sp->ram += size >> PAGE_SHIFT;
}

static void mark_ram_cb(paddr_t start, u64 size, void *arg)
{
	u64 idx = (pa_val(start) >> PAGE_SHIFT) - ft_base;
	u64 n = size >> PAGE_SHIFT, i;

	for (i = 0; i < n; i++)
		frame_table[idx + i].flags = PGF_RAM;
}

/* Called under heap_lock (taken by page_alloc_init()). */
static void add_free_cb(paddr_t start, u64 size, void *arg)
{
	u64 mfn = pa_val(start) >> PAGE_SHIFT;
	u64 n = size >> PAGE_SHIFT, end = mfn + n, i;

	if (opt_bootscrub != BOOTSCRUB_OFF) {
		for (i = 0; i < n; i++)
			frame_table[mfn - ft_base + i].flags |= PGF_NEED_SCRUB;
		nr_dirty += n;
	}

	/* Largest aligned blocks first; free_block_locked() merges the rest. */
	while (mfn < end) {
		unsigned int order = 0;

		while (order + 1 < MAX_ORDER &&
		       IS_ALIGNED(mfn, 2ULL << order) &&
		       mfn + (2ULL << order) <= end)
			order++;
		free_block_locked(mfn - ft_base, order);
		mfn += 1ULL << order;
	}
	nr_free += n;
	nr_total += n;
}

void page_alloc_init(void)
{
	struct span sp = {~0ULL, 0, 0};
	unsigned long irq;
	u64 bytes;
	unsigned int k;

	if (heap_ready)
		panic("page_alloc_init() called twice");

	bootmem_for_each_ram(span_cb, &sp);
	if (sp.hi <= sp.lo)
		panic("page_alloc: no RAM");

	/* See the top of this file about sparse RAM. */
	ft_base = sp.lo;
	ft_nr = sp.hi - sp.lo;
	bytes = ALIGN_UP(ft_nr * sizeof(struct page_info), PAGE_SIZE);
	if (ft_nr / 8 > sp.ram)
		printk(HYPLOG_WARNING "page_alloc: RAM is sparse: %llu MiB in "
				      "a span of %llu MiB needs a %llu MiB "
				      "frame table\n",
		       (ull)(sp.ram >> (20 - PAGE_SHIFT)),
		       (ull)(ft_nr >> (20 - PAGE_SHIFT)), (ull)(bytes >> 20));
	frame_table = maddr_to_virt(bootmem_alloc(bytes, PAGE_SIZE));
	bootmem_end();

	memset(frame_table, 0, bytes);
	for (k = 0; k < MAX_ORDER; k++)
		INIT_LIST_HEAD(&free_list[k]);
	bootmem_for_each_ram(mark_ram_cb, NULL);

	irq = spin_lock_irqsave(&heap_lock);
	bootmem_for_each_free(add_free_cb, NULL);
	spin_unlock_irqrestore(&heap_lock, irq);
	heap_ready = true;

	if (opt_bootscrub == BOOTSCRUB_ON)
		scrub_all_at_boot();

	printk(HYPLOG_INFO "page_alloc: %llu MiB free, frames %#llx-%#llx, "
			   "frame table %llu KiB, bootscrub=%s\n",
	       (ull)(nr_total >> (20 - PAGE_SHIFT)), (ull)sp.lo, (ull)sp.hi - 1,
	       (ull)(bytes >> 10), bootscrub_name(opt_bootscrub));
}

#ifdef HYP_HOST_TEST
void page_alloc_reset_for_test(void)
{
	unsigned int k;

	spin_lock_init(&heap_lock);
	frame_table = NULL;
	ft_base = 0;
	ft_nr = 0;
	heap_ready = false;
	for (k = 0; k < MAX_ORDER; k++)
		INIT_LIST_HEAD(&free_list[k]);
	nr_total = 0;
	nr_free = 0;
	nr_dirty = 0;
	nr_scrubbed_at_boot = 0;
	scrub_cursor = 0;
	opt_bootscrub = BOOTSCRUB_IDLE;
	opt_bootscrub_chunk = MB(128);
}
#endif
