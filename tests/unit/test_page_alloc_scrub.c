/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: the buddy page allocator's boot-time scrubbing (bootscrub=
 * on, idle, off) of the pages it frees at init. Helpers:
 * page_alloc_test_util.h.
 */
#include "page_alloc_test_util.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_bootscrub_on),	      T(test_bootscrub_idle),
		T(test_bootscrub_idle_merge), T(test_bootscrub_off),
		T(test_bootscrub_param),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
