/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: the buddy page allocator (initial state, every order,
 * random alloc/free against invariants, exhaustion, sparse RAM, hypervisor
 * pages, double and bad frees). Boot allocator: test_bootmem.c; boot
 * scrubbing: test_page_alloc_scrub.c. Helpers: page_alloc_test_util.h.
 */
#include "page_alloc_test_util.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_init_state),
		T(test_every_order),
		T(test_random),
		T(test_exhaustion),
		T(test_sparse),
		T(test_hyp_pages),
		T(test_double_free),
		T(test_double_free_merged),
		T(test_double_free_partial),
		T(test_bad_free),
		T(test_alloc_before_init),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
