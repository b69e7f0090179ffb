/* SPDX-License-Identifier: MIT */
/* Unit tests: boot allocator. Helpers: page_alloc_test_util.h. */
#include "page_alloc_test_util.h"

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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
