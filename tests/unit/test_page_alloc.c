/* SPDX-License-Identifier: MIT */
/* Unit tests: boot allocator and buddy page allocator. */
/* hyp headers first: compiler.h defines names glibc also defines. */
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/param.h>

#include "../../hyp/common/mm_internal.h"
#include "host_fake.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

typedef unsigned long long ull;

/* ---- helpers ---- */

struct rng {
	u64 s;
};

/* xorshift64*: deterministic and good enough to drive the allocator. */
static u64 rnd(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 2685821657736338717ULL;
}

#define MAX_RANGES (2 * BOOTMEM_MAX_RANGES + 1)

struct ranges {
	unsigned int nr;
	u64 s[MAX_RANGES], e[MAX_RANGES];
};

static void collect_cb(paddr_t start, u64 size, void *arg)
{
	struct ranges *r = arg;

	assert_true(r->nr < MAX_RANGES);
	r->s[r->nr] = pa_val(start);
	r->e[r->nr] = pa_val(start) + size;
	r->nr++;
}

static struct ranges free_ranges(void)
{
	struct ranges r = {0};

	bootmem_for_each_free(collect_cb, &r);
	return r;
}

static struct ranges ram_ranges(void)
{
	struct ranges r = {0};

	bootmem_for_each_ram(collect_cb, &r);
	return r;
}

/* Expect exactly the given [start, end) pairs, ascending. */
static void expect_ranges(const struct ranges *r, unsigned int nr,
			  const u64 *pairs)
{
	unsigned int i;

	if (r->nr != nr) {
		for (i = 0; i < r->nr; i++)
			print_error("  [%#llx, %#llx)\n", (ull)r->s[i],
				    (ull)r->e[i]);
		fail_msg("expected %u ranges, got %u", nr, r->nr);
	}
	for (i = 0; i < nr; i++) {
		assert_int_equal(r->s[i], pairs[2 * i]);
		assert_int_equal(r->e[i], pairs[2 * i + 1]);
	}
}

#define EXPECT_RANGES(r, ...)                                       \
	do {                                                        \
		const u64 pairs_[] = {__VA_ARGS__};                 \
		expect_ranges((r), ARRAY_SIZE(pairs_) / 2, pairs_); \
	} while (0)

static void add_ram(u64 s, u64 size)
{
	bootmem_add_ram(pa_init(s), size);
}

static void reserve(u64 s, u64 size)
{
	bootmem_reserve(pa_init(s), size);
}

static u64 balloc(u64 size, u64 align)
{
	return pa_val(bootmem_alloc(size, align));
}

static const struct hyp_param *find_param(const char *name)
{
	extern const struct hyp_param __start_hyp_params[];
	extern const struct hyp_param __stop_hyp_params[];
	const struct hyp_param *p;

	for (p = __start_hyp_params; p < __stop_hyp_params; p++)
		if (!strcmp(p->name, name))
			return p;
	fail_msg("no parameter %s", name);
	return NULL;
}

static int setup(void **state)
{
	host_fake_ram_fini();
	bootmem_reset_for_test();
	page_alloc_reset_for_test();
	return 0;
}

static int teardown(void **state)
{
	host_fake_ram_fini();
	return 0;
}

/* ---- bootmem ---- */

static void test_bootmem_merge(void **state)
{
	struct ranges r;

	/* Out of order, adjacent, overlapping, contained, unaligned. */
	add_ram(0x40000000, 0x100000);
	add_ram(0x10000000, 0x1000);
	add_ram(0x40100000, 0x100000); /* adjacent above */
	add_ram(0x3ff00000, 0x180000); /* overlaps below */
	add_ram(0x40010000, 0x1000);   /* contained */
	add_ram(0x50000800, 0x2000);   /* unaligned: rounds in to one page */
	add_ram(0x60000800, 0x1000);   /* no whole page: dropped */
	add_ram(0x70000000, 0);	       /* empty */
	r = ram_ranges();
	EXPECT_RANGES(&r, 0x10000000, 0x10001000, 0x3ff00000, 0x40200000,
		      0x50001000, 0x50002000);

	/* A bank bridging two ranges and the gap between them. */
	add_ram(0x10000000, 0x30000000);
	r = ram_ranges();
	EXPECT_RANGES(&r, 0x10000000, 0x40200000, 0x50001000, 0x50002000);
	r = free_ranges();
	EXPECT_RANGES(&r, 0x10000000, 0x40200000, 0x50001000, 0x50002000);

	/* Wrapping banks are truncated at the top of the address space. */
	add_ram(0xfffffffffff00000ULL, 0x200000);
	r = ram_ranges();
	assert_int_equal(r.nr, 3);
	assert_int_equal(r.e[2], 0xfffffffffffff000ULL);
}

static void test_bootmem_reserve(void **state)
{
	struct ranges r;

	add_ram(0x40000000, 0x1000000); /* 16 MiB */
	add_ram(0x80000000, 0x1000000);

	reserve(0x40200000, 0x200000); /* middle: split */
	reserve(0x40000000, 0x1000);   /* head */
	reserve(0x40fff800, 0x100);    /* tail, unaligned: whole page */
	reserve(0x20000000, 0x1000);   /* not RAM at all: fine */
	r = free_ranges();
	EXPECT_RANGES(&r, 0x40001000, 0x40200000, 0x40400000, 0x40fff000,
		      0x80000000, 0x81000000);

	/* Unaligned start and end round outwards. */
	reserve(0x40100fff, 2);
	r = free_ranges();
	EXPECT_RANGES(&r, 0x40001000, 0x40100000, 0x40102000, 0x40200000,
		      0x40400000, 0x40fff000, 0x80000000, 0x81000000);

	/* Spanning banks: tail of one, all of the hole, head of the next. */
	reserve(0x40800000, 0x40000000);
	r = free_ranges();
	EXPECT_RANGES(&r, 0x40001000, 0x40100000, 0x40102000, 0x40200000,
		      0x40400000, 0x40800000, 0x80800000, 0x81000000);

	/* A whole range, and reserving twice. */
	reserve(0x40102000, 0xfe000);
	reserve(0x40102000, 0xfe000);
	r = free_ranges();
	EXPECT_RANGES(&r, 0x40001000, 0x40100000, 0x40400000, 0x40800000,
		      0x80800000, 0x81000000);

	/* Zero size and wrapping reservations. */
	reserve(0x40400000, 0);
	reserve(0x80f00000, ~0ULL);
	r = free_ranges();
	EXPECT_RANGES(&r, 0x40001000, 0x40100000, 0x40400000, 0x40800000,
		      0x80800000, 0x80f00000);

	/* RAM is still the banks as given. */
	r = ram_ranges();
	EXPECT_RANGES(&r, 0x40000000, 0x41000000, 0x80000000, 0x81000000);
}

static void test_bootmem_reserve_before_ram(void **state)
{
	struct ranges r;

	/* The DTB may be reserved before the memory nodes are parsed. */
	reserve(0x48000000, 0x10000);
	add_ram(0x40000000, 0x10000000);
	r = free_ranges();
	EXPECT_RANGES(&r, 0x40000000, 0x48000000, 0x48010000, 0x50000000);
}

static void test_bootmem_alloc(void **state)
{
	struct ranges r;
	u64 a, b, c, d;

	add_ram(0x40000000, 0x1000000);
	add_ram(0x80000000, 0x300000);
	reserve(0x80200000, 0x80000); /* free: 80000000-80200000, 80280000- */

	/* Top of the highest range that fits. */
	a = balloc(0x1000, 0x1000);
	assert_int_equal(a, 0x802ff000);
	/* Sizes round up to pages. */
	b = balloc(0x10, 0x1000);
	assert_int_equal(b, 0x802fe000);
	/* Too big for the top range: the next one down, aligned. */
	c = balloc(0x100000, 0x200000);
	assert_int_equal(c, 0x80000000);
	/* Alignment below a page means a page. */
	d = balloc(0x1000, 1);
	assert_int_equal(d, 0x802fd000);

	r = free_ranges();
	EXPECT_RANGES(&r, 0x40000000, 0x41000000, 0x80100000, 0x80200000,
		      0x80280000, 0x802fd000);

	/* Large alignment inside the 16 MiB bank. */
	a = balloc(0x400000, 0x800000);
	assert_int_equal(a, 0x40800000);
	r = free_ranges();
	EXPECT_RANGES(&r, 0x40000000, 0x40800000, 0x40c00000, 0x41000000,
		      0x80100000, 0x80200000, 0x80280000, 0x802fd000);

	/* Exactly the largest range. */
	a = balloc(0x800000, 0x1000);
	assert_int_equal(a, 0x40000000);

	/* Nothing fits: a clear panic. */
	HOST_EXPECT_PANIC(balloc(0x800000, 0x1000));
	assert_non_null(strstr(host_fake_panic_msg, "out of memory"));
	/* Room for the size, but not at that alignment. */
	HOST_EXPECT_PANIC(balloc(0x200000, 0x1000000));
}

static void test_bootmem_table_full(void **state)
{
	unsigned int i;

	/* Disjoint banks fill the table; one more overflows it. */
	for (i = 0; i < BOOTMEM_MAX_RANGES; i++)
		add_ram(0x40000000 + i * 0x2000ULL, 0x1000);
	assert_int_equal(ram_ranges().nr, BOOTMEM_MAX_RANGES);
	/* Merging needs no new slot. */
	add_ram(0x40001000, 0x1000);
	assert_int_equal(ram_ranges().nr, BOOTMEM_MAX_RANGES - 1);
	add_ram(0x50000000, 0x1000);
	HOST_EXPECT_PANIC(add_ram(0x60000000, 0x1000));
	assert_non_null(strstr(host_fake_panic_msg, "more than"));
}

static void test_bootmem_reserve_table_full(void **state)
{
	unsigned int i;

	add_ram(0x40000000, 0x10000000);
	for (i = 0; i < BOOTMEM_MAX_RANGES; i++)
		reserve(0x40000000 + i * 0x2000ULL, 0x1000);
	HOST_EXPECT_PANIC(reserve(0x4f000000, 0x1000));
}

static void test_bootmem_ended(void **state)
{
	add_ram(0x40000000, 0x100000);
	bootmem_end();
	/* Iterating still works for the heap's hand-over. */
	assert_int_equal(free_ranges().nr, 1);
	HOST_EXPECT_PANIC(balloc(0x1000, 0x1000));
	assert_non_null(strstr(host_fake_panic_msg, "after page_alloc_init"));
	HOST_EXPECT_PANIC(add_ram(0x50000000, 0x1000));
	HOST_EXPECT_PANIC(reserve(0x40000000, 0x1000));
}

/* ---- buddy allocator ---- */

#define RAM_BASE 0x40000000ULL

/* Boot modules as on a real board: image, DTB, dom0 kernel, ramdisk. */
static const u64 holes[][2] = {
	{RAM_BASE + 0x200000, 0x200123},   /* hypervisor image */
	{RAM_BASE + 0x2801000, 0x5000},	   /* DTB, unaligned end */
	{RAM_BASE + 0x3000000, 0x1234567}, /* dom0 kernel */
	{RAM_BASE + 0x4400800, 0x10000},   /* ramdisk, unaligned start */
};

static void reserve_holes(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(holes); i++)
		reserve(holes[i][0], holes[i][1]);
}

static bool in_hole(u64 pa)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(holes); i++)
		if (pa + PAGE_SIZE > ALIGN_DOWN(holes[i][0], PAGE_SIZE) &&
		    pa < holes[i][0] + holes[i][1])
			return true;
	return false;
}

/* One bank of size bytes at RAM_BASE with the holes above reserved. */
static void init_heap(u64 size, enum bootscrub_mode mode, int garbage)
{
	host_fake_ram_init(pa_init(RAM_BASE), size);
	if (garbage >= 0)
		host_fake_ram_fill(garbage);
	add_ram(RAM_BASE, size);
	reserve_holes();
	opt_bootscrub = mode;
	page_alloc_init();
}

static u64 pg_pa(const struct page_info *pg)
{
	return pa_val(mfn_to_pa(page_to_mfn(pg)));
}

static void *pg_va(const struct page_info *pg)
{
	return maddr_to_virt(mfn_to_pa(page_to_mfn(pg)));
}

static struct page_alloc_stats stats(void)
{
	struct page_alloc_stats st;

	page_alloc_get_stats(&st);
	return st;
}

/* Where page_alloc_init() put the frame table, and its size. */
static u64 frame_table_pa(u64 *bytes, u64 ram_frames)
{
	*bytes = ALIGN_UP(ram_frames * sizeof(struct page_info), PAGE_SIZE);
	return pa_val(virt_to_maddr(mfn_to_page(mfn_init(RAM_BASE >> 12))));
}

static u64 free_range_pages(void)
{
	struct ranges r = free_ranges();
	u64 n = 0;
	unsigned int i;

	for (i = 0; i < r.nr; i++)
		n += (r.e[i] - r.s[i]) >> PAGE_SHIFT;
	return n;
}

/* Free blocks, as (mfn, order), sorted by mfn. */
struct blocks {
	unsigned int nr, cap;
	u64 *mfn;
	unsigned int *order;
};

static void blocks_add(struct blocks *b, u64 mfn, unsigned int order)
{
	if (b->nr == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 64;
		b->mfn = realloc(b->mfn, b->cap * sizeof(*b->mfn));
		b->order = realloc(b->order, b->cap * sizeof(*b->order));
		assert_non_null(b->mfn);
		assert_non_null(b->order);
	}
	b->mfn[b->nr] = mfn;
	b->order[b->nr] = order;
	b->nr++;
}

static void block_cb(mfn_t mfn, unsigned int order, void *arg)
{
	blocks_add(arg, mfn_val(mfn), order);
}

static void blocks_sort(struct blocks *b)
{
	unsigned int i, j;

	/* Insertion sort: lists are short and nearly sorted. */
	for (i = 1; i < b->nr; i++) {
		u64 m = b->mfn[i];
		unsigned int o = b->order[i];

		for (j = i; j > 0 && b->mfn[j - 1] > m; j--) {
			b->mfn[j] = b->mfn[j - 1];
			b->order[j] = b->order[j - 1];
		}
		b->mfn[j] = m;
		b->order[j] = o;
	}
}

static struct blocks heap_blocks(void)
{
	struct blocks b = {0};

	page_alloc_for_each_free_block(block_cb, &b);
	blocks_sort(&b);
	return b;
}

/* The fully coalesced form of the boot free ranges. */
static struct blocks maximal_blocks(void)
{
	struct ranges r = free_ranges();
	struct blocks b = {0};
	unsigned int i;

	for (i = 0; i < r.nr; i++) {
		u64 m = r.s[i] >> PAGE_SHIFT, e = r.e[i] >> PAGE_SHIFT;

		while (m < e) {
			unsigned int o = 0;

			while (o + 1 < MAX_ORDER && !(m & ((2ULL << o) - 1)) &&
			       m + (2ULL << o) <= e)
				o++;
			blocks_add(&b, m, o);
			m += 1ULL << o;
		}
	}
	return b;
}

static void blocks_free(struct blocks *b)
{
	free(b->mfn);
	free(b->order);
}

static void expect_fully_coalesced(void)
{
	struct blocks want = maximal_blocks(), got = heap_blocks();
	unsigned int i;

	assert_int_equal(got.nr, want.nr);
	for (i = 0; i < want.nr; i++) {
		assert_int_equal(got.mfn[i], want.mfn[i]);
		assert_int_equal(got.order[i], want.order[i]);
	}
	assert_int_equal(stats().free_pages, stats().total_pages);
	blocks_free(&want);
	blocks_free(&got);
}

static void test_init_state(void **state)
{
	struct page_alloc_stats st;
	struct ranges r;
	u64 ft, ft_bytes;

	init_heap(MB(128), BOOTSCRUB_OFF, -1);
	st = stats();
	/* RAM minus the holes minus the frame table. */
	assert_int_equal(st.total_pages, free_range_pages());
	assert_int_equal(st.free_pages, st.total_pages);
	assert_int_equal(st.need_scrub_pages, 0);
	assert_int_equal(st.scrubbed_at_boot, 0);
	/* The frame table came from the top of RAM. */
	ft = frame_table_pa(&ft_bytes, MB(128) >> PAGE_SHIFT);
	assert_int_equal(ft_bytes, MB(1));
	assert_int_equal(ft + ft_bytes, RAM_BASE + MB(128));
	r = free_ranges();
	assert_int_equal(r.e[r.nr - 1], ft);
	expect_fully_coalesced();

	/* RAM frames are valid, frames around RAM are not. */
	assert_true(mfn_valid(mfn_init(RAM_BASE >> PAGE_SHIFT)));
	assert_true(mfn_valid(mfn_init((RAM_BASE + MB(128)) / PAGE_SIZE - 1)));
	assert_false(mfn_valid(mfn_init(RAM_BASE / PAGE_SIZE - 1)));
	assert_false(mfn_valid(mfn_init((RAM_BASE + MB(128)) / PAGE_SIZE)));
	assert_false(mfn_valid(INVALID_MFN));
	assert_true(page_to_mfn(mfn_to_page(mfn_init(RAM_BASE / PAGE_SIZE + 5)))
			    .mfn == RAM_BASE / PAGE_SIZE + 5);

	HOST_EXPECT_PANIC(page_alloc_init());
}

/* The layout for the big tests: 1.5 GiB, so there are order-17 blocks. */
#define BIG_RAM (MB(1536))

static void test_every_order(void **state)
{
	unsigned int k;

	init_heap(BIG_RAM, BOOTSCRUB_OFF, -1);
	for (k = 0; k < MAX_ORDER; k++) {
		struct page_info *pg = alloc_pages(k, 0);
		u64 mfn;

		assert_non_null(pg);
		mfn = mfn_val(page_to_mfn(pg));
		assert_true((mfn & ((1ULL << k) - 1)) == 0);
		assert_int_equal(stats().free_pages,
				 stats().total_pages - (1ULL << k));
		free_pages(pg, k);
		expect_fully_coalesced();
	}
	assert_null(alloc_pages(MAX_ORDER, 0));
	assert_null(alloc_pages(~0U, 0));
}

struct live {
	struct page_info *pg;
	unsigned int order;
};

struct stress {
	u64 base_mfn, nr_frames;
	unsigned char *owned; /* frame -> allocated by us */
	struct live *live;
	unsigned int nr_live, cap;
	u64 live_pages;
};

static void check_invariants(struct stress *t)
{
	struct blocks b = heap_blocks();
	unsigned char *seen = calloc(t->nr_frames, 1);
	u64 free_pages = 0, i;
	unsigned int k;

	assert_non_null(seen);
	for (k = 0; k < b.nr; k++) {
		u64 m = b.mfn[k] - t->base_mfn, n = 1ULL << b.order[k];

		assert_true((b.mfn[k] & (n - 1)) == 0);
		assert_true(m + n <= t->nr_frames);
		for (i = m; i < m + n; i++) {
			/* Free blocks overlap neither each other nor us. */
			assert_false(seen[i]);
			assert_false(t->owned[i]);
			seen[i] = 1;
		}
		free_pages += n;
	}
	assert_int_equal(free_pages, stats().free_pages);
	assert_int_equal(stats().free_pages + t->live_pages,
			 stats().total_pages);
	free(seen);
	blocks_free(&b);
}

static unsigned int max_free_order(void)
{
	struct blocks b = heap_blocks();
	unsigned int k, m = 0;

	for (k = 0; k < b.nr; k++)
		m = MAX(m, b.order[k] + 1);
	blocks_free(&b);
	return m; /* 0 when empty, else highest order + 1 */
}

static unsigned int random_order(struct rng *r)
{
	unsigned int p = rnd(r) % 100;

	if (p < 60)
		return rnd(r) % 3;
	if (p < 90)
		return 3 + rnd(r) % 5;
	return 8 + rnd(r) % (MAX_ORDER - 8);
}

static void stress_alloc(struct stress *t, unsigned int order, bool *seen)
{
	struct page_info *pg = alloc_pages(order, 0);
	u64 m, i, n = 1ULL << order;

	if (!pg) {
		/* Only when no block is big enough. */
		assert_true(max_free_order() <= order);
		return;
	}
	seen[order] = true;
	m = mfn_val(page_to_mfn(pg));
	assert_true((m & (n - 1)) == 0);
	m -= t->base_mfn;
	for (i = m; i < m + n; i++) {
		assert_false(t->owned[i]);
		assert_false(in_hole((t->base_mfn + i) << PAGE_SHIFT));
		t->owned[i] = 1;
	}
	t->live[t->nr_live++] = (struct live){pg, order};
	t->live_pages += n;
}

static void stress_free(struct stress *t, unsigned int idx)
{
	struct live l = t->live[idx];
	u64 m = mfn_val(page_to_mfn(l.pg)) - t->base_mfn, i;

	for (i = m; i < m + (1ULL << l.order); i++)
		t->owned[i] = 0;
	t->live_pages -= 1ULL << l.order;
	t->live[idx] = t->live[--t->nr_live];
	free_pages(l.pg, l.order);
}

static void test_random(void **state)
{
	struct rng r = {0x9e3779b97f4a7c15ULL};
	struct stress t = {0};
	bool seen[MAX_ORDER] = {0};
	unsigned int op, k;

	init_heap(BIG_RAM, BOOTSCRUB_OFF, -1);
	t.base_mfn = RAM_BASE >> PAGE_SHIFT;
	t.nr_frames = BIG_RAM >> PAGE_SHIFT;
	t.owned = calloc(t.nr_frames, 1);
	t.cap = 3000;
	t.live = calloc(t.cap, sizeof(*t.live));
	assert_non_null(t.owned);
	assert_non_null(t.live);

	for (op = 1; op <= 30000; op++) {
		bool alloc =
			!t.nr_live || (t.nr_live < t.cap && rnd(&r) % 100 < 55);

		if (alloc)
			stress_alloc(&t, random_order(&r), seen);
		else
			stress_free(&t, rnd(&r) % t.nr_live);
		if (op % 3000 == 0)
			check_invariants(&t);
	}
	for (k = 0; k < MAX_ORDER; k++)
		if (!seen[k])
			print_message("note: order %u never allocated\n", k);

	/* Free in random order; everything must merge back. */
	while (t.nr_live)
		stress_free(&t, rnd(&r) % t.nr_live);
	check_invariants(&t);
	expect_fully_coalesced();
	free(t.owned);
	free(t.live);
}

static void test_exhaustion(void **state)
{
	struct page_info **pages;
	u64 total, n = 0, i, ft, ft_bytes;

	init_heap(MB(64), BOOTSCRUB_OFF, -1);
	ft = frame_table_pa(&ft_bytes, MB(64) >> PAGE_SHIFT);
	total = stats().total_pages;
	pages = calloc(total + 1, sizeof(*pages));
	assert_non_null(pages);

	while ((pages[n] = alloc_pages(0, 0)) != NULL) {
		u64 pa = pg_pa(pages[n]);

		/* Never a reserved hole or the frame table. */
		assert_false(in_hole(pa));
		assert_true(pa >= RAM_BASE && pa < RAM_BASE + MB(64));
		assert_false(pa >= ft && pa < ft + ft_bytes);
		assert_true(n < total);
		n++;
	}
	assert_int_equal(n, total);
	assert_int_equal(stats().free_pages, 0);
	assert_null(alloc_pages(0, ALLOC_ZERO));
	assert_null(alloc_hyp_pages(3, 0));
	assert_int_equal(max_free_order(), 0);

	for (i = 0; i < n; i++)
		free_pages(pages[i], 0);
	expect_fully_coalesced();
	free(pages);
}

static void test_sparse(void **state)
{
	const u64 a = 0x40000000, a_size = MB(32);
	const u64 b = 0x80000000 + 0x3000, b_size = MB(16) - 0x5000;
	u64 n = 0, pa, lo = ~0ULL;
	struct page_info *pg;

	host_fake_ram_init(pa_init(a), a_size);
	host_fake_ram_add(pa_init(b), b_size);
	/* Bank order does not matter. */
	add_ram(b, b_size);
	add_ram(a, a_size);
	reserve(a + 0x200000, 0x200000);
	opt_bootscrub = BOOTSCRUB_IDLE;
	page_alloc_init();

	/* The hole between the banks is not RAM. */
	assert_true(mfn_valid(mfn_init(a >> PAGE_SHIFT)));
	assert_false(mfn_valid(mfn_init((a + a_size) >> PAGE_SHIFT)));
	assert_false(mfn_valid(mfn_init(0x60000000 >> PAGE_SHIFT)));
	assert_false(mfn_valid(mfn_init((b >> PAGE_SHIFT) - 1)));
	assert_true(mfn_valid(mfn_init(b >> PAGE_SHIFT)));
	assert_true(mfn_valid(mfn_init(((b + b_size) >> PAGE_SHIFT) - 1)));
	assert_false(mfn_valid(mfn_init((b + b_size) >> PAGE_SHIFT)));
	expect_fully_coalesced();

	/* Every page comes from a bank, zeroed (bootscrub=idle). */
	while ((pg = alloc_pages(0, 0)) != NULL) {
		pa = pg_pa(pg);
		assert_true((pa >= a && pa < a + a_size) ||
			    (pa >= b && pa < b + b_size));
		assert_false(pa >= a + 0x200000 && pa < a + 0x400000);
		lo = MIN(lo, pa);
		n++;
	}
	assert_int_equal(n, stats().total_pages);
	assert_int_equal(lo, a);
	assert_int_equal(stats().need_scrub_pages, 0);

	/* Freeing a hole frame is a bug. */
	HOST_EXPECT_PANIC(free_pages(mfn_to_page(mfn_init(0x60000)), 0));
	assert_non_null(strstr(host_fake_panic_msg, "not RAM"));
}

static void test_hyp_pages(void **state)
{
	u64 *p, *q;
	unsigned int i;

	init_heap(MB(64), BOOTSCRUB_OFF, 0x5a);
	p = alloc_hyp_pages(2, ALLOC_ZERO);
	assert_non_null(p);
	assert_true(((uintptr_t)p & (PAGE_SIZE - 1)) == 0);
	for (i = 0; i < 4 * PAGE_SIZE / sizeof(*p); i++)
		assert_int_equal(p[i], 0);
	assert_true(pa_val(virt_to_maddr(p)) % (4 * PAGE_SIZE) == 0);
	assert_true(mfn_to_page(pa_to_mfn(virt_to_maddr(p)))->flags & PGF_RAM);

	/* Without ALLOC_ZERO and bootscrub=off, boot garbage is kept. */
	q = alloc_hyp_pages(0, 0);
	assert_non_null(q);
	assert_int_equal(q[0], 0x5a5a5a5a5a5a5a5aULL);

	free_hyp_pages(NULL, 3);
	free_hyp_pages(p, 2);
	free_hyp_pages(q, 0);
	expect_fully_coalesced();
	HOST_EXPECT_PANIC(free_hyp_pages((char *)q + 8, 0));
}

static bool page_is(const void *va, unsigned char c)
{
	const unsigned char *p = va;
	unsigned int i;

	for (i = 0; i < PAGE_SIZE; i++)
		if (p[i] != c)
			return false;
	return true;
}

/* Does the page hold byte c anywhere? */
static bool page_has(const void *va, unsigned char c)
{
	return memchr(va, c, PAGE_SIZE) != NULL;
}

struct scan {
	u64 hits;
	unsigned char c;
};

static void scan_cb(mfn_t mfn, unsigned int order, void *arg)
{
	struct scan *s = arg;
	u64 i;

	for (i = 0; i < (1ULL << order); i++)
		if (page_is(maddr_to_virt(
				    mfn_to_pa(mfn_init(mfn_val(mfn) + i))),
			    s->c))
			s->hits++;
}

/* How many free pages consist of byte c only. */
static u64 free_pages_all(unsigned char c)
{
	struct scan s = {0, c};

	page_alloc_for_each_free_block(scan_cb, &s);
	return s.hits;
}

/* Order of the free block holding frame mfn. */
static unsigned int containing_block_order(u64 mfn)
{
	struct blocks b = heap_blocks();
	unsigned int k, order = MAX_ORDER;

	for (k = 0; k < b.nr; k++)
		if (mfn >= b.mfn[k] && mfn < b.mfn[k] + (1ULL << b.order[k]))
			order = b.order[k];
	blocks_free(&b);
	assert_true(order < MAX_ORDER);
	return order;
}

#define GARBAGE 0xa5

static void test_bootscrub_on(void **state)
{
	struct page_alloc_stats st;
	struct page_info *pg;
	u64 *chunk;

	/* A small chunk so that scrubbing takes many lock holds. */
	chunk = find_param("bootscrub_chunk")->par.var;
	*chunk = KB(64);
	init_heap(MB(64), BOOTSCRUB_ON, GARBAGE);
	st = stats();
	assert_int_equal(st.scrubbed_at_boot, st.total_pages);
	assert_int_equal(st.need_scrub_pages, 0);
	assert_int_equal(free_pages_all(0), st.total_pages);
	/* Reserved memory is left alone. */
	assert_true(page_is(maddr_to_virt(pa_init(holes[0][0])), GARBAGE));

	pg = alloc_pages(4, 0);
	assert_non_null(pg);
	assert_true(page_is(pg_va(pg), 0));
	free_pages(pg, 4);
}

static void test_bootscrub_idle(void **state)
{
	struct page_alloc_stats st;
	struct page_info *pg;
	unsigned int i;
	u64 before;

	init_heap(MB(64), BOOTSCRUB_IDLE, GARBAGE);
	st = stats();
	assert_int_equal(st.scrubbed_at_boot, 0);
	assert_int_equal(st.need_scrub_pages, st.total_pages);
	/* Nothing scrubbed yet. */
	assert_int_equal(free_pages_all(GARBAGE), st.total_pages);

	/* Allocations still only ever return zeroed pages. */
	for (i = 0; i < 8; i++) {
		pg = alloc_pages(i, 0);
		assert_non_null(pg);
		assert_true(page_is(pg_va(pg), 0));
		assert_true(page_is(
			(char *)pg_va(pg) + ((1ULL << i) - 1) * PAGE_SIZE, 0));
		free_pages(pg, i);
	}

	/* The idle loop scrubs a bounded amount per call. */
	before = stats().need_scrub_pages;
	assert_true(before > 0);
	scrub_free_pages_some(16);
	assert_int_equal(stats().need_scrub_pages, before - 16);
	scrub_free_pages_some(0);
	assert_int_equal(stats().need_scrub_pages, before - 16);
	while (stats().need_scrub_pages)
		scrub_free_pages_some(1000);
	assert_int_equal(free_pages_all(0), stats().free_pages);
	assert_int_equal(stats().scrubbed_at_boot, 0);
	expect_fully_coalesced();
	scrub_free_pages_some(1000); /* nothing left: cheap no-op */
}

static void test_bootscrub_idle_merge(void **state)
{
	struct page_info *pg, *small, *kept[64];
	unsigned int i, order, nr_kept = 0;
	u64 before;

	init_heap(MB(64), BOOTSCRUB_IDLE, GARBAGE);
	/*
	 * A used page freed back merges with dirty neighbours; the merged
	 * block is handed out without boot garbage.
	 */
	for (;;) {
		small = alloc_pages(0, 0);
		memset(pg_va(small), 0x11, PAGE_SIZE);
		free_pages(small, 0);
		order = containing_block_order(mfn_val(page_to_mfn(small)));
		if (order > 0)
			break;
		/* A lone page by a hole: keep it out of the way. */
		assert_true(nr_kept < ARRAY_SIZE(kept));
		kept[nr_kept] = alloc_pages(0, 0);
		assert_ptr_equal(kept[nr_kept++], small);
	}
	before = stats().need_scrub_pages;
	pg = alloc_pages(order, 0); /* free lists are LIFO: the same block */
	assert_true(stats().need_scrub_pages < before); /* it was dirty */
	assert_true(small >= pg && small < pg + (1U << order));
	for (i = 0; i < (1U << order); i++)
		assert_false(
			page_has((char *)pg_va(pg) + i * PAGE_SIZE, GARBAGE));
	free_pages(pg, order);
	for (i = 0; i < nr_kept; i++)
		free_pages(kept[i], 0);
	/* Once scrubbed, only the pages we wrote to are not zero. */
	while (stats().need_scrub_pages)
		scrub_free_pages_some(4096);
	assert_int_equal(free_pages_all(0) + free_pages_all(0x11),
			 stats().free_pages);
	assert_true(free_pages_all(0x11) <= nr_kept + 1);
}

static void test_bootscrub_off(void **state)
{
	struct page_info *pg;

	init_heap(MB(64), BOOTSCRUB_OFF, GARBAGE);
	assert_int_equal(stats().need_scrub_pages, 0);
	assert_int_equal(free_pages_all(GARBAGE), stats().total_pages);
	pg = alloc_pages(3, 0);
	assert_true(page_is(pg_va(pg), GARBAGE));
	free_pages(pg, 3);
	pg = alloc_pages(3, ALLOC_ZERO);
	assert_true(page_is(pg_va(pg), 0));
	assert_true(page_is((char *)pg_va(pg) + 7 * PAGE_SIZE, 0));
	free_pages(pg, 3);
}

static void test_bootscrub_param(void **state)
{
	int (*parse)(const char *) = find_param("bootscrub")->par.func;

	assert_int_equal(find_param("bootscrub")->type, PARAM_CUSTOM);
	assert_int_equal(opt_bootscrub, BOOTSCRUB_IDLE); /* Xen's default */
	assert_int_equal(parse("no"), 0);
	assert_int_equal(opt_bootscrub, BOOTSCRUB_OFF);
	assert_int_equal(parse("true"), 0);
	assert_int_equal(opt_bootscrub, BOOTSCRUB_ON);
	assert_int_equal(parse("idle"), 0);
	assert_int_equal(opt_bootscrub, BOOTSCRUB_IDLE);
	assert_int_equal(parse("0"), 0);
	assert_int_equal(opt_bootscrub, BOOTSCRUB_OFF);
	assert_int_equal(parse(""), 0);
	assert_int_equal(opt_bootscrub, BOOTSCRUB_ON);
	assert_true(parse("sometimes") < 0);
	assert_int_equal(opt_bootscrub, BOOTSCRUB_ON);
	assert_int_equal(find_param("bootscrub_chunk")->type, PARAM_SIZE);
}

static void test_double_free(void **state)
{
	struct page_info *pg;

	init_heap(MB(64), BOOTSCRUB_OFF, -1);
	pg = alloc_pages(2, 0);
	free_pages(pg, 2);
	HOST_EXPECT_PANIC(free_pages(pg, 2));
	assert_non_null(strstr(host_fake_panic_msg, "double free"));
}

static void test_double_free_merged(void **state)
{
	struct page_info *pg;

	/* The page merged back into a bigger block: still caught. */
	init_heap(MB(64), BOOTSCRUB_OFF, -1);
	pg = alloc_pages(0, 0);
	free_pages(pg, 0);
	HOST_EXPECT_PANIC(free_pages(pg, 0));
	assert_non_null(strstr(host_fake_panic_msg, "double free"));
}

static void test_double_free_partial(void **state)
{
	struct page_info *pg;

	/* Part of the block is free already. */
	init_heap(MB(64), BOOTSCRUB_OFF, -1);
	pg = alloc_pages(3, 0);
	free_pages(pg + 4, 2);
	HOST_EXPECT_PANIC(free_pages(pg, 3));
	assert_non_null(strstr(host_fake_panic_msg, "double free"));
}

static void test_bad_free(void **state)
{
	struct page_info *pg;

	init_heap(MB(64), BOOTSCRUB_OFF, -1);
	pg = alloc_pages(2, 0);
	/* Misaligned for its order. */
	HOST_EXPECT_PANIC(free_pages(pg + 1, 1));
	assert_non_null(strstr(host_fake_panic_msg, "bad block"));
	HOST_EXPECT_PANIC(free_pages((struct page_info *)&pg, 0));
	/* Splitting an allocation on free is fine. */
	free_pages(pg + 2, 1);
	free_pages(pg, 0);
	free_pages(pg + 1, 0);
	expect_fully_coalesced();
}

static void test_alloc_before_init(void **state)
{
	HOST_EXPECT_PANIC(alloc_pages(0, 0));
	/* Nothing is RAM before the frame table exists. */
	assert_false(mfn_valid(mfn_init(0x40000)));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_bootmem_merge),
		T(test_bootmem_reserve),
		T(test_bootmem_reserve_before_ram),
		T(test_bootmem_alloc),
		T(test_bootmem_table_full),
		T(test_bootmem_reserve_table_full),
		T(test_bootmem_ended),
		T(test_init_state),
		T(test_every_order),
		T(test_random),
		T(test_exhaustion),
		T(test_sparse),
		T(test_hyp_pages),
		T(test_bootscrub_on),
		T(test_bootscrub_idle),
		T(test_bootscrub_idle_merge),
		T(test_bootscrub_off),
		T(test_bootscrub_param),
		T(test_double_free),
		T(test_double_free_merged),
		T(test_double_free_partial),
		T(test_bad_free),
		T(test_alloc_before_init),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
