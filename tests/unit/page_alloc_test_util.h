/* SPDX-License-Identifier: MIT */
/*
 * Helpers for the boot and page allocator tests (test_bootmem.c,
 * test_page_alloc.c, test_page_alloc_scrub.c): a PRNG, the boot
 * allocator's ranges, a heap with holes like a board's boot modules, and
 * the free blocks it holds. Include from exactly one file per test binary.
 */
#ifndef PAGE_ALLOC_TEST_UTIL_H
#define PAGE_ALLOC_TEST_UTIL_H

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
static inline u64 rnd(struct rng *r)
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

static inline void collect_cb(paddr_t start, u64 size, void *arg)
{
	struct ranges *r = arg;

	assert_true(r->nr < MAX_RANGES);
	r->s[r->nr] = pa_val(start);
	r->e[r->nr] = pa_val(start) + size;
	r->nr++;
}

static inline struct ranges free_ranges(void)
{
	struct ranges r = {0};

	bootmem_for_each_free(collect_cb, &r);
	return r;
}

static inline struct ranges ram_ranges(void)
{
	struct ranges r = {0};

	bootmem_for_each_ram(collect_cb, &r);
	return r;
}

/* Expect exactly the given [start, end) pairs, ascending. */
static inline void expect_ranges(const struct ranges *r, unsigned int nr,
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

static inline void add_ram(u64 s, u64 size)
{
	bootmem_add_ram(pa_init(s), size);
}

static inline void reserve(u64 s, u64 size)
{
	bootmem_reserve(pa_init(s), size);
}

static inline u64 balloc(u64 size, u64 align)
{
	return pa_val(bootmem_alloc(size, align));
}

static inline const struct hyp_param *find_param(const char *name)
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

static inline int setup(void **state)
{
	host_fake_ram_fini();
	bootmem_reset_for_test();
	page_alloc_reset_for_test();
	return 0;
}

static inline int teardown(void **state)
{
	host_fake_ram_fini();
	return 0;
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

static inline void reserve_holes(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(holes); i++)
		reserve(holes[i][0], holes[i][1]);
}

static inline bool in_hole(u64 pa)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(holes); i++)
		if (pa + PAGE_SIZE > ALIGN_DOWN(holes[i][0], PAGE_SIZE) &&
		    pa < holes[i][0] + holes[i][1])
			return true;
	return false;
}

/* One bank of size bytes at RAM_BASE with the holes above reserved. */
static inline void init_heap(u64 size, enum bootscrub_mode mode, int garbage)
{
	host_fake_ram_init(pa_init(RAM_BASE), size);
	if (garbage >= 0)
		host_fake_ram_fill(garbage);
	add_ram(RAM_BASE, size);
	reserve_holes();
	opt_bootscrub = mode;
	page_alloc_init();
}

static inline u64 pg_pa(const struct page_info *pg)
{
	return pa_val(mfn_to_pa(page_to_mfn(pg)));
}

static inline void *pg_va(const struct page_info *pg)
{
	return maddr_to_virt(mfn_to_pa(page_to_mfn(pg)));
}

static inline struct page_alloc_stats stats(void)
{
	struct page_alloc_stats st;

	page_alloc_get_stats(&st);
	return st;
}

/* Where page_alloc_init() put the frame table, and its size. */
static inline u64 frame_table_pa(u64 *bytes, u64 ram_frames)
{
	*bytes = ALIGN_UP(ram_frames * sizeof(struct page_info), PAGE_SIZE);
	return pa_val(virt_to_maddr(mfn_to_page(mfn_init(RAM_BASE >> 12))));
}

static inline u64 free_range_pages(void)
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

static inline void blocks_add(struct blocks *b, u64 mfn, unsigned int order)
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

static inline void block_cb(mfn_t mfn, unsigned int order, void *arg)
{
	blocks_add(arg, mfn_val(mfn), order);
}

static inline void blocks_sort(struct blocks *b)
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

static inline struct blocks heap_blocks(void)
{
	struct blocks b = {0};

	page_alloc_for_each_free_block(block_cb, &b);
	blocks_sort(&b);
	return b;
}

/* The fully coalesced form of the boot free ranges. */
static inline struct blocks maximal_blocks(void)
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

static inline void blocks_free(struct blocks *b)
{
	free(b->mfn);
	free(b->order);
}

static inline void expect_fully_coalesced(void)
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

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

#endif
