/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: memory handed to a guest is cleaned to the Point of
 * Coherency after the hypervisor last wrote it (XSA-364), and only once:
 * XENMEM_populate_physmap (common/memory.c, domain_mem.c, ALLOC_GUEST in
 * page_alloc.c), domain building (domain_populate_ram while building,
 * then domain_clean_ram once the images are in), grant-table frames; and
 * increase_reservation gives nothing on Arm. The fake arch records each
 * page cleaned whole with a hash of its contents (hyp/arch/host/fake_mm.c):
 * a page is "current" if it still holds what it held when cleaned.
 */
#include "gnttab_test_util.h"

#include <public/memory.h>

#define POP_GFN 0x50000ULL
#define POP_BIG_GFN 0x60000ULL /* 2 MiB aligned for an order-9 extent */
#define BUILD_GPA 0x48000000ULL

static int setup(void **state)
{
	struct page_info *held[4096];
	unsigned int n = 0, order;

	gd_env_init();
	host_fake_clean_reset();
	/* Free RAM full of someone's data, so zeroing is needed and seen. */
	for (order = 9; order != ~0U; order--) {
		struct page_info *pg;

		while (n < ARRAY_SIZE(held) && (pg = alloc_pages(order, 0))) {
			memset(maddr_to_virt(mfn_to_pa(page_to_mfn(pg))), 0x5a,
			       PAGE_SIZE << order);
			pg->order = order;
			held[n++] = pg;
		}
	}
	while (n--)
		free_pages(held[n], held[n]->order);
	return 0;
}

static int teardown(void **state)
{
	gd_env_fini();
	return 0;
}

static u8 *gfn_va(struct gdom *g, u64 gfn)
{
	mfn_t mfn = p2m_lookup(&g->d, gfn_init(gfn), NULL);

	assert_true(mfn_val(mfn) != mfn_val(INVALID_MFN));
	return maddr_to_virt(mfn_to_pa(mfn));
}

static bool all_zero(const u8 *p)
{
	size_t i;

	for (i = 0; i < PAGE_SIZE; i++)
		if (p[i])
			return false;
	return true;
}

/* Zeroed, cleaned once, and not written since. */
static void check_clean_zero(struct gdom *g, u64 gfn, u64 nr)
{
	u64 i;

	for (i = 0; i < nr; i++) {
		u8 *va = gfn_va(g, gfn + i);

		if (!all_zero(va))
			fail_msg("gfn %#llx is not zeroed",
				 (unsigned long long)(gfn + i));
		if (!host_fake_clean_current(va) ||
		    host_fake_clean_count(va) != 1)
			fail_msg("gfn %#llx: cleaned %u times, current %d",
				 (unsigned long long)(gfn + i),
				 host_fake_clean_count(va),
				 host_fake_clean_current(va));
	}
}

/* Give back what domain_populate_ram() added to the domain's list. */
static void release_populated(struct gdom *g)
{
	while (!list_empty(&g->d.page_list)) {
		struct page_info *pg = list_first_entry(&g->d.page_list,
							struct page_info, list);
		u64 i;

		list_del(&pg->list);
		for (i = 0; i < (1ULL << pg->order); i++)
			pg[i].owner = 0;
		free_pages(pg, pg->order);
	}
}

static long reservation_op(struct gdom *g, unsigned int op, xen_pfn_t *gfns,
			   unsigned int nr, unsigned int order)
{
	struct xen_memory_reservation r = {
		.nr_extents = nr, .extent_order = order, .domid = DOMID_SELF};

	set_xen_guest_handle(r.extent_start, gfns);
	set_current_vcpu(&g->vcpu);
	return do_memory_op(op, (u64)(uintptr_t)&r);
}

static void test_populate_physmap(void **state)
{
	xen_pfn_t small[8], big[1] = {POP_BIG_GFN};
	struct gdom a;
	unsigned int i;

	gd_init(&a, 1, false, 0);
	for (i = 0; i < ARRAY_SIZE(small); i++)
		small[i] = POP_GFN + 3 * i;
	assert_int_equal(reservation_op(&a, XENMEM_populate_physmap, small,
					ARRAY_SIZE(small), 0),
			 ARRAY_SIZE(small));
	assert_int_equal(reservation_op(&a, XENMEM_populate_physmap, big, 1, 9),
			 1);
	for (i = 0; i < ARRAY_SIZE(small); i++)
		check_clean_zero(&a, small[i], 1);
	check_clean_zero(&a, POP_BIG_GFN, 512);

	/* The checker itself: a later write makes a page stale. */
	gfn_va(&a, POP_GFN)[100] = 1;
	assert_false(host_fake_clean_current(gfn_va(&a, POP_GFN)));

	release_populated(&a);
	gd_destroy(&a);
}

static void test_increase_reservation(void **state)
{
	xen_pfn_t gfns[2] = {POP_GFN, POP_GFN + 1};
	struct gdom a;

	gd_init(&a, 1, false, 0);
	/* Auto-translated guests get nothing from it (as Xen on Arm). */
	assert_int_equal(
		reservation_op(&a, XENMEM_increase_reservation, gfns, 2, 0), 0);
	assert_true(mfn_val(p2m_lookup(&a.d, gfn_init(POP_GFN), NULL)) ==
		    mfn_val(INVALID_MFN));
	assert_true(list_empty(&a.d.page_list));
	gd_destroy(&a);
}

static void test_build_cleans_once(void **state)
{
	const u64 nr = MB(4) >> PAGE_SHIFT, gfn = BUILD_GPA >> PAGE_SHIFT;
	struct gdom a;
	u64 i;

	gd_init(&a, 2, false, 0);
	/* While building: zeroed, not cleaned yet (the images come next). */
	assert_int_equal(domain_populate_ram(&a.d, BUILD_GPA, MB(4), true), 0);
	for (i = 0; i < nr; i++) {
		assert_true(all_zero(gfn_va(&a, gfn + i)));
		assert_int_equal(host_fake_clean_count(gfn_va(&a, gfn + i)), 0);
	}
	/* The loader writes a kernel and a device tree. */
	memset(gfn_va(&a, gfn + 16), 0x4b, PAGE_SIZE);
	memcpy(gfn_va(&a, gfn + 700), "\xd0\x0d\xfe\xed", 4);
	domain_clean_ram(&a.d);
	for (i = 0; i < nr; i++) {
		u8 *va = gfn_va(&a, gfn + i);

		if (!host_fake_clean_current(va) ||
		    host_fake_clean_count(va) != 1)
			fail_msg(
				"built gfn %#llx: cleaned %u times, current %d",
				(unsigned long long)(gfn + i),
				host_fake_clean_count(va),
				host_fake_clean_current(va));
	}
	assert_true(all_zero(gfn_va(&a, gfn + 1023)));

	/* At runtime the same call cleans at once. */
	assert_int_equal(
		domain_populate_ram(&a.d, BUILD_GPA + MB(4), MB(2), false), 0);
	check_clean_zero(&a, gfn + nr, MB(2) >> PAGE_SHIFT);
	release_populated(&a);
	gd_destroy(&a);
}

static void test_grant_frames(void **state)
{
	struct gdom a;
	struct grant_table *gt;

	gd_init(&a, 1, false, 4);
	gt = a.d.grant_table;
	/* Frame 0 from gd_init, frame 2 (and 1) grown by mapping it. */
	assert_int_equal(gnttab_map_frame(&a.d, 2, gfn_init(GD_GNTTAB_GFN + 2)),
			 0);
	assert_true(gt->nr_frames >= 3);
	for (unsigned int i = 0; i < 3; i++) {
		assert_true(all_zero((const u8 *)gt->shared[i]));
		assert_true(host_fake_clean_current(gt->shared[i]));
		assert_int_equal(host_fake_clean_count(gt->shared[i]), 1);
	}
	gd_destroy(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_populate_physmap, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_increase_reservation,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_build_cleans_once, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_grant_frames, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
