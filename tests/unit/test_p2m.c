/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: the stage-2 table walker (arch/arm64/p2m_pt.c) over the
 * per-domain table pool (common/p2m_pool.c), XSA-409. An exhausted pool
 * makes a mapping fail with the tables exactly as they were; teardown
 * gives every page back; resizing follows Xen 4.17's semantics.
 */
/* hyp headers first: compiler.h defines names glibc also defines. */
#include <hyp/errno.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <asm/p2m_pt.h>

#include "../../hyp/common/mm_internal.h"
#include "host_fake.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define RAM_BASE 0x80000000ULL
#define RAM_SIZE MB(64)
/* Leaves point here; never dereferenced. */
#define LEAF_PA 0x4000000000ULL
#define NO_PA (~0ULL)

static unsigned long flushes;

/* The arch hooks p2m_pt.c calls. */
void p2m_flush_tlb(struct p2m *p2m)
{
	flushes++;
}

void p2m_pt_sync(void)
{
}

static struct p2m p2m;

static u64 heap_free(void)
{
	struct page_alloc_stats st;

	page_alloc_get_stats(&st);
	return st.free_pages;
}

static int setup(void **state)
{
	host_fake_ram_init(pa_init(RAM_BASE), RAM_SIZE);
	bootmem_reset_for_test();
	page_alloc_reset_for_test();
	bootmem_add_ram(pa_init(RAM_BASE), RAM_SIZE);
	page_alloc_init();
	memset(&p2m, 0, sizeof(p2m));
	spin_lock_init(&p2m.lock);
	p2m.start_level = 0; /* 48-bit IPA: four levels */
	p2m.root = alloc_hyp_pages(0, ALLOC_ZERO);
	assert_non_null(p2m.root);
	p2m_pool_init(&p2m.pool, false);
	flushes = 0;
	return 0;
}

static int teardown(void **state)
{
	host_fake_ram_fini();
	return 0;
}

static void pool_resize(u64 pages)
{
	u64 budget = ~0ULL;

	assert_int_equal(p2m_pool_resize(&p2m.pool, pages, &budget), 0);
}

static int map(u64 ipa, u64 pa, u64 size)
{
	return p2m_pt_set(&p2m, ipa, pa, size, P2M_RAM_RW);
}

static int unmap(u64 ipa, u64 size)
{
	return p2m_pt_set(&p2m, ipa, 0, size, P2M_INVALID);
}

static u64 lookup(u64 ipa)
{
	enum p2m_type t;
	u64 pa = p2m_pt_lookup(&p2m, ipa, &t);

	if (t == P2M_INVALID)
		return NO_PA;
	assert_int_equal(t, P2M_RAM_RW);
	return pa;
}

/* FNV-1a over every table reachable from the root, in walk order. */
static u64 hash_tables(const u64 *t, unsigned int level, u64 h)
{
	unsigned int i;

	for (i = 0; i < 512; i++) {
		u64 e = t[i];

		h = (h ^ e) * 0x100000001b3ULL;
		if (level < 3 && (e & 3) == 3)
			h = hash_tables(maddr_to_virt(pa_init(
						e & 0x0000fffffffff000ULL)),
					level + 1, h);
	}
	return h;
}

static u64 tree_hash(void)
{
	return hash_tables(p2m.root, p2m.start_level, 0xcbf29ce484222325ULL);
}

/*
 * The XSA-409 pattern: one page every 2 MiB. Each needs a new level-3
 * table, the first also levels 1 and 2; the pool runs dry and the failing
 * map leaves nothing behind.
 */
static void test_sparse_exhaustion(void **state)
{
	u64 base = GB(4), i, h;
	int rc = 0;

	pool_resize(8);
	for (i = 0; i < 100; i++) {
		rc = map(base + i * MB(2), LEAF_PA + i * PAGE_SIZE, PAGE_SIZE);
		if (rc)
			break;
	}
	assert_int_equal(rc, -ENOMEM);
	assert_int_equal(i, 6); /* 3 tables for the first, then 1 each */
	assert_int_equal(p2m_pool_in_use(&p2m.pool), 8);
	assert_int_equal(p2m.pool.nr_free, 0);

	/* Failing again changes nothing, and the miss stays unmapped. */
	h = tree_hash();
	assert_int_equal(map(base + i * MB(2), LEAF_PA, PAGE_SIZE), -ENOMEM);
	assert_int_equal(tree_hash(), h);
	assert_int_equal(lookup(base + i * MB(2)), NO_PA);
	for (u64 j = 0; j < i; j++)
		assert_int_equal(lookup(base + j * MB(2)),
				 LEAF_PA + j * PAGE_SIZE);

	/* Under existing tables a mapping needs no pool page. */
	assert_int_equal(map(base + PAGE_SIZE, LEAF_PA + MB(1), PAGE_SIZE), 0);
	assert_int_equal(lookup(base + PAGE_SIZE), LEAF_PA + MB(1));
	/* Nor does unmapping a page. */
	assert_int_equal(unmap(base, PAGE_SIZE), 0);
	assert_int_equal(lookup(base), NO_PA);

	/*
	 * A range needing two new tables with one free: all or nothing, the
	 * page that would fit in the first is not mapped either.
	 */
	pool_resize(9);
	h = tree_hash();
	assert_int_equal(
		map(base + MB(512) - PAGE_SIZE, LEAF_PA, 2 * PAGE_SIZE),
		-ENOMEM);
	assert_int_equal(tree_hash(), h);
	assert_int_equal(lookup(base + MB(512) - PAGE_SIZE), NO_PA);
	assert_int_equal(p2m.pool.nr_free, 1);
	/* With the second page it goes through. */
	pool_resize(10);
	assert_int_equal(
		map(base + MB(512) - PAGE_SIZE, LEAF_PA, 2 * PAGE_SIZE), 0);
	assert_int_equal(lookup(base + MB(512)), LEAF_PA + PAGE_SIZE);
	assert_int_equal(p2m.pool.nr_free, 0);
}

/* Splitting a block takes a table too: without one the block stays. */
static void test_split_needs_pool(void **state)
{
	u64 ipa = GB(1) + MB(2), h;

	pool_resize(2); /* levels 1 and 2 for the block */
	assert_int_equal(map(ipa, LEAF_PA, MB(2)), 0);
	assert_int_equal(p2m.pool.nr_free, 0);
	assert_int_equal(lookup(ipa + MB(1)), LEAF_PA + MB(1));

	h = tree_hash();
	assert_int_equal(unmap(ipa + MB(1), PAGE_SIZE), -ENOMEM);
	assert_int_equal(map(ipa, LEAF_PA + GB(1), PAGE_SIZE), -ENOMEM);
	assert_int_equal(tree_hash(), h);
	assert_int_equal(lookup(ipa + MB(1)), LEAF_PA + MB(1));

	pool_resize(3);
	assert_int_equal(unmap(ipa + MB(1), PAGE_SIZE), 0);
	assert_int_equal(lookup(ipa + MB(1)), NO_PA);
	assert_int_equal(lookup(ipa + MB(1) - PAGE_SIZE),
			 LEAF_PA + MB(1) - PAGE_SIZE);
	assert_int_equal(lookup(ipa + MB(1) + PAGE_SIZE),
			 LEAF_PA + MB(1) + PAGE_SIZE);
	/* A whole block over the split table reuses it: no new page. */
	assert_int_equal(map(ipa, LEAF_PA + MB(4), MB(2)), 0);
	assert_int_equal(lookup(ipa + MB(1)), LEAF_PA + MB(5));
	/* Unmapping a whole block or empty space takes nothing either. */
	assert_int_equal(unmap(GB(1), GB(1)), 0);
	assert_int_equal(unmap(GB(64), GB(8)), 0);
	assert_int_equal(lookup(ipa), NO_PA);
	assert_int_equal(p2m_pool_in_use(&p2m.pool), 3);
}

/* Teardown gives the heap back every page: tables, pool and root. */
static void test_teardown_frees_all(void **state)
{
	u64 before, i;

	free_hyp_pages(p2m.root, 0);
	before = heap_free();
	p2m.root = alloc_hyp_pages(0, ALLOC_ZERO);
	pool_resize(600);
	for (i = 0; i < 1000; i++)
		if (map(GB(8) + i * MB(2), LEAF_PA, PAGE_SIZE))
			break;
	assert_int_equal(p2m.pool.nr_free, 0);
	assert_true(i > 500 && i < 600);
	assert_int_equal(map(GB(2), LEAF_PA, GB(1)), 0); /* a 1 GiB block */
	p2m_pt_free_tables(&p2m);
	assert_int_equal(p2m.pool.nr_free, p2m.pool.total);
	assert_int_equal(lookup(GB(8)), NO_PA);
	p2m_pool_destroy(&p2m.pool);
	assert_int_equal(p2m.pool.total, 0);
	free_hyp_pages(p2m.root, 0);
	assert_int_equal(heap_free(), before);
}

/* XEN_DOMCTL_set_paging_mempool_size through p2m_pool_resize(). */
static void test_resize(void **state)
{
	u64 free0 = heap_free(), budget;
	int rc;

	/* Growing in rounds: 1 while the budget runs out. */
	budget = 10;
	assert_int_equal(p2m_pool_resize(&p2m.pool, 25, &budget), 1);
	assert_int_equal(p2m.pool.total, 10);
	budget = 10;
	assert_int_equal(p2m_pool_resize(&p2m.pool, 25, &budget), 1);
	budget = 10;
	assert_int_equal(p2m_pool_resize(&p2m.pool, 25, &budget), 0);
	assert_int_equal(budget, 5);
	assert_int_equal(p2m.pool.total, 25);
	assert_int_equal(heap_free(), free0 - 25);

	/* 4 pages in use: shrinking below is refused and frees nothing. */
	assert_int_equal(map(GB(1), LEAF_PA, PAGE_SIZE), 0);
	assert_int_equal(map(GB(1) + MB(2), LEAF_PA, PAGE_SIZE), 0);
	assert_int_equal(p2m_pool_in_use(&p2m.pool), 4);
	budget = ~0ULL;
	assert_int_equal(p2m_pool_resize(&p2m.pool, 3, &budget), -ENOMEM);
	assert_int_equal(p2m.pool.total, 25);
	assert_int_equal(p2m_pool_resize(&p2m.pool, 0, &budget), -ENOMEM);
	/* Down to exactly the pages in use. */
	pool_resize(4);
	assert_int_equal(p2m.pool.nr_free, 0);
	assert_int_equal(heap_free(), free0 - 4);
	assert_int_equal(map(GB(1) + MB(4), LEAF_PA, PAGE_SIZE), -ENOMEM);
	assert_int_equal(lookup(GB(1) + MB(2)), LEAF_PA);

	/* Asking for more than the heap has: -ENOMEM, pages kept (Xen). */
	budget = ~0ULL;
	rc = p2m_pool_resize(&p2m.pool, RAM_SIZE / PAGE_SIZE, &budget);
	assert_int_equal(rc, -ENOMEM);
	assert_int_equal(heap_free(), 0);
	assert_true(p2m.pool.total > 4);
	pool_resize(4);
	assert_int_equal(heap_free(), free0 - 4);
}

/* The hardware domain's pool grows from the heap as needed (Xen 4.17). */
static void test_from_heap(void **state)
{
	u64 i;

	p2m.pool.from_heap = true;
	for (i = 0; i < 64; i++)
		assert_int_equal(map(GB(16) + i * GB(1), LEAF_PA, PAGE_SIZE),
				 0);
	assert_int_equal(p2m.pool.total, 1 + 64 * 2);
	assert_int_equal(p2m.pool.nr_free, 0);
}

/* Xen 4.17 domain_p2m_pages() / libxl's default, in pages. */
static void test_default_size(void **state)
{
	/* 4 * (256 + 64 + 128) KiB = 1792 KiB, rounded up to 2 MiB. */
	assert_int_equal(p2m_pool_default_pages(64 * 1024, 1), 512);
	/* 4 * (512 + 512 + 128) KiB = 4608 KiB -> 5 MiB. */
	assert_int_equal(p2m_pool_default_pages(512 * 1024, 2), 1280);
	assert_int_equal(p2m_pool_default_pages(1024, 1), 512);
}

/*
 * Random maps and unmaps over 256 MiB across a 1 GiB boundary, against a
 * shadow model. A failing op
 * must leave the tables as they were, and must really have needed more
 * than the pool had (the dry run neither over- nor under-counts: under,
 * p2m_pool_take() would hit its BUG_ON).
 */
#define WIN_BASE (GB(1) - MB(128))
#define WIN_PAGES (MB(256) / PAGE_SIZE)

static u64 *shadow;

static u64 rnd_state = 0x9e3779b97f4a7c15ULL;

static u64 rnd(void)
{
	rnd_state ^= rnd_state >> 12;
	rnd_state ^= rnd_state << 25;
	rnd_state ^= rnd_state >> 27;
	return rnd_state * 2685821657736338717ULL;
}

static void check_range(u64 first, u64 nr)
{
	for (u64 p = first; p < first + nr && p < WIN_PAGES; p++)
		assert_int_equal(lookup(WIN_BASE + p * PAGE_SIZE), shadow[p]);
}

static void test_random_model(void **state)
{
	unsigned int op, failures = 0;

	shadow = malloc(WIN_PAGES * sizeof(*shadow));
	assert_non_null(shadow);
	for (u64 p = 0; p < WIN_PAGES; p++)
		shadow[p] = NO_PA;
	pool_resize(40);
	for (op = 0; op < 3000; op++) {
		u64 kind = rnd() % 4, gfn, nr, pa = 0, h, free_before;
		bool is_map = kind != 3;
		int rc;

		if (kind == 0) { /* a 2 MiB block, maybe misaligned pa */
			gfn = (rnd() % (WIN_PAGES / 512)) * 512;
			nr = 512;
			pa = LEAF_PA + (rnd() % 4096) * MB(2) +
			     (rnd() % 2 ? PAGE_SIZE : 0);
		} else {
			gfn = rnd() % WIN_PAGES;
			nr = 1 + rnd() % 8;
			if (gfn + nr > WIN_PAGES)
				nr = WIN_PAGES - gfn;
			pa = LEAF_PA + (rnd() % 1000000) * PAGE_SIZE;
		}
		h = tree_hash();
		free_before = p2m.pool.nr_free;
		rc = is_map ? map(WIN_BASE + gfn * PAGE_SIZE, pa,
				  nr * PAGE_SIZE)
			    : unmap(WIN_BASE + gfn * PAGE_SIZE, nr * PAGE_SIZE);
		if (rc) {
			u64 used = p2m_pool_in_use(&p2m.pool);

			assert_int_equal(rc, -ENOMEM);
			assert_int_equal(tree_hash(), h);
			check_range(gfn > 1 ? gfn - 1 : 0, nr + 2);
			failures++;
			/* Give it room: it needs more than it had. */
			pool_resize(p2m.pool.total + 64);
			rc = is_map ? map(WIN_BASE + gfn * PAGE_SIZE, pa,
					  nr * PAGE_SIZE)
				    : unmap(WIN_BASE + gfn * PAGE_SIZE,
					    nr * PAGE_SIZE);
			assert_int_equal(rc, 0);
			assert_true(p2m_pool_in_use(&p2m.pool) - used >
				    free_before);
			/* Shrink back to nearly full, so failures go on. */
			pool_resize(p2m_pool_in_use(&p2m.pool) + rnd() % 4);
		}
		for (u64 i = 0; i < nr; i++)
			shadow[gfn + i] = is_map ? pa + i * PAGE_SIZE : NO_PA;
		check_range(gfn > 1 ? gfn - 1 : 0, nr + 2);
		for (unsigned int s = 0; s < 64; s++)
			check_range(rnd() % WIN_PAGES, 1);
	}
	print_message("%u of 3000 ops found the pool short\n", failures);
	assert_true(failures > 20);
	for (u64 p = 0; p < WIN_PAGES; p += 1 + rnd() % 64)
		check_range(p, 1);
	free(shadow);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_sparse_exhaustion),  T(test_split_needs_pool),
		T(test_teardown_frees_all), T(test_resize),
		T(test_from_heap),	    T(test_default_size),
		T(test_random_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
