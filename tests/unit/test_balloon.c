/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: ballooning a domain's own RAM (common/balloon.c) over the
 * real page allocator, the fake stage 2 and the grant tables: a page
 * given back is reused by populate_physmap, never replaced (the heap does
 * not shrink however often a guest balloons), extents are all or nothing,
 * a page another domain still maps is not reused, max_pages holds, and
 * gfns past the IPA space never alias low ones.
 */
#include "gnttab_test_util.h"

static int setup(void **state)
{
	gd_env_init();
	return 0;
}

static int teardown(void **state)
{
	gd_env_fini();
	return 0;
}

/* gd_init's RAM as a domain's: in page_list, counted and mapped. */
static void bd_init(struct gdom *g, domid_t id)
{
	gd_init(g, id, false, 0);
	list_add_tail(&g->ram->list, &g->d.page_list);
	g->d.tot_pages = GD_RAM_PAGES;
	g->d.max_pages = GD_RAM_PAGES;
	assert_int_equal(p2m_map(&g->d, gfn_init(GD_RAM_GFN),
				 mfn_init(g->ram_mfn), GD_RAM_PAGES,
				 P2M_RAM_RW),
			 0);
}

/* domain_free_ram: the RAM block goes with gd_destroy, the rest here. */
static void bd_destroy(struct gdom *g)
{
	struct page_info *pg, *tmp;
	u64 i;

	list_for_each_entry_safe (pg, tmp, &g->d.page_list, list) {
		list_del(&pg->list);
		for (i = 0; i < (1ULL << pg->order); i++)
			pg[i].flags &= ~PGF_BALLOONED;
		if (pg != g->ram)
			gnttab_free_ram(pg, pg->order);
	}
	gd_destroy(g);
}

static gfn_t ram_gfn(unsigned int idx)
{
	return gfn_init(GD_RAM_GFN + idx);
}

static void test_reuse_not_replace(void **state)
{
	struct gdom a;
	u64 free0;
	unsigned int i;

	bd_init(&a, 1);
	free0 = gd_free_pages();
	/* Far more than the heap if every populate took a new page. */
	for (i = 0; i < 10000; i++) {
		assert_int_equal(balloon_decrease(&a.d, ram_gfn(4), 2), 0);
		assert_int_equal(a.d.tot_pages, GD_RAM_PAGES - 4);
		assert_int_equal(a.d.nr_ballooned, 4);
		assert_int_equal(mfn_val(p2m_lookup(&a.d, ram_gfn(5), NULL)),
				 mfn_val(INVALID_MFN));
		assert_int_equal(balloon_populate(&a.d, ram_gfn(4), 2), 0);
		assert_int_equal(a.d.tot_pages, GD_RAM_PAGES);
		assert_int_equal(a.d.nr_ballooned, 0);
	}
	assert_int_equal(gd_free_pages(), free0);
	/* Given back singly, taken back as one extent at another gfn. */
	for (i = 0; i < 8; i++)
		assert_int_equal(balloon_decrease(&a.d, ram_gfn(3 * i + 1), 0),
				 0);
	assert_int_equal(balloon_populate(&a.d, gfn_init(GD_MAP_GFN), 3), 0);
	assert_int_equal(a.d.nr_ballooned, 0);
	assert_int_equal(a.d.tot_pages, GD_RAM_PAGES);
	assert_int_equal(gd_free_pages(), free0);
	for (i = 0; i < 8; i++)
		assert_int_equal(
			mfn_val(p2m_lookup(&a.d, gfn_init(GD_MAP_GFN + i),
					   NULL)) -
				a.ram_mfn,
			3 * i + 1);
	bd_destroy(&a);
}

static void test_all_or_nothing(void **state)
{
	struct gdom a;

	bd_init(&a, 1);
	/* Page 1 is gone: an extent over pages 0-3 is refused whole. */
	assert_int_equal(balloon_decrease(&a.d, ram_gfn(1), 0), 0);
	assert_int_equal(balloon_decrease(&a.d, ram_gfn(0), 2), -EINVAL);
	assert_int_equal(a.d.tot_pages, GD_RAM_PAGES - 1);
	assert_int_not_equal(mfn_val(p2m_lookup(&a.d, ram_gfn(0), NULL)),
			     mfn_val(INVALID_MFN));
	/* The grant frame is not the domain's RAM. */
	assert_int_equal(balloon_decrease(&a.d, gfn_init(GD_GNTTAB_GFN), 0),
			 -EINVAL);
	/* Populating over a mapped page would lose it. */
	assert_int_equal(balloon_populate(&a.d, ram_gfn(0), 1), -EEXIST);
	assert_int_equal(a.d.nr_ballooned, 1);
	/* max_pages: one page back, not two. */
	assert_int_equal(balloon_populate(&a.d, gfn_init(GD_MAP_GFN), 1),
			 -ENOMEM);
	assert_int_equal(balloon_populate(&a.d, gfn_init(GD_MAP_GFN), 0), 0);
	assert_int_equal(balloon_populate(&a.d, gfn_init(GD_MAP_GFN + 1), 0),
			 -ENOMEM);
	bd_destroy(&a);
}

static void test_mapped_page_not_reused(void **state)
{
	struct gdom a, b;
	grant_handle_t h;
	u64 free0, mfn3;

	bd_init(&a, 1);
	gd_init(&b, 2, false, 0);
	gd_grant(&a, 8, 2, 3, GTF_permit_access);
	assert_int_equal(gd_map(&b, 1, 8, GNTMAP_host_map, GD_MAP_GFN, &h),
			 GNTST_okay);
	mfn3 = gd_mfn(&a, 3);
	free0 = gd_free_pages();
	assert_int_equal(balloon_decrease(&a.d, ram_gfn(3), 0), 0);
	/* b still maps it: a gets a new page, within max_pages. */
	assert_int_equal(balloon_populate(&a.d, ram_gfn(3), 0), 0);
	assert_int_not_equal(mfn_val(p2m_lookup(&a.d, ram_gfn(3), NULL)), mfn3);
	assert_int_equal(gd_free_pages(), free0 - 1);
	assert_int_equal(a.d.tot_pages, GD_RAM_PAGES);
	/* Unmapped, the old page is what comes back next. */
	assert_int_equal(gd_unmap(&b, GD_MAP_GFN, h), GNTST_okay);
	assert_int_equal(balloon_decrease(&a.d, ram_gfn(7), 0), 0);
	assert_int_equal(balloon_populate(&a.d, ram_gfn(7), 0), 0);
	assert_int_equal(mfn_val(p2m_lookup(&a.d, ram_gfn(7), NULL)), mfn3);
	assert_int_equal(gd_free_pages(), free0 - 1);
	gd_destroy(&b);
	bd_destroy(&a);
}

static void test_no_alias_past_ipa(void **state)
{
	u64 top = 1ULL << (p2m_ipa_bits() - PAGE_SHIFT);
	struct gdom a;

	bd_init(&a, 1);
	assert_int_equal(balloon_decrease(&a.d, ram_gfn(2), 0), 0);
	/* 2^52 + gfn would be gfn once shifted into an address. */
	assert_int_equal(
		balloon_populate(&a.d, gfn_init((1ULL << 52) + GD_MAP_GFN), 0),
		-EINVAL);
	assert_int_equal(balloon_populate(&a.d, gfn_init(~0ULL >> 12), 0),
			 -EINVAL);
	assert_int_equal(balloon_populate(&a.d, gfn_init(top - 1), 1), -EINVAL);
	assert_int_equal(mfn_val(p2m_lookup(&a.d, gfn_init(GD_MAP_GFN), NULL)),
			 mfn_val(INVALID_MFN));
	assert_int_equal(balloon_populate(&a.d, gfn_init(top - 1), 0), 0);
	assert_int_equal(a.d.nr_ballooned, 0);
	bd_destroy(&a);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_reuse_not_replace),
		T(test_all_or_nothing),
		T(test_mapped_page_not_reused),
		T(test_no_alias_past_ipa),
	};

	return cmocka_run_group_tests_name("balloon", tests, NULL, NULL);
}
