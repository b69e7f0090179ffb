/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: grant tables (common/grant_table*.c): table setup and
 * frames, the dispatcher and the small commands, cache flushes. Mapping is
 * tested in test_gnttab_map.c, copies in test_gnttab_copy.c, random
 * operations in test_gnttab_fuzz.c.
 */
#include "gnttab_test_util.h"

#define RW_FLAGS (GTF_permit_access)
#define RO_FLAGS (GTF_permit_access | GTF_readonly)

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

/* ---- tables and frames ---- */

static void test_init_destroy(void **state)
{
	struct gdom a;
	struct domain bare = {.domain_id = 9};

	gd_init(&a, 1, false, 0);
	assert_int_equal(a.d.grant_table->nr_frames, 1);
	assert_int_equal(a.d.grant_table->max_frames, 64);
	assert_int_equal(gnttab_max_frames(&a.d), 64);
	assert_int_equal(gnttab_domain_init(&a.d, 0), -EEXIST);
	gd_destroy(&a);

	spin_lock_init(&bare.lock);
	assert_int_equal(gnttab_domain_init(&bare, 65), -EINVAL);
	assert_null(bare.grant_table);
	assert_int_equal(gnttab_domain_init(&bare, 4), 0);
	assert_int_equal(gnttab_max_frames(&bare), 4);
	gnttab_domain_destroy(&bare);
	assert_null(bare.grant_table);
	gnttab_domain_destroy(&bare); /* no table: nothing to do */
	assert_int_equal(gnttab_max_frames(&bare), 0);
}

static void test_map_frame(void **state)
{
	struct gdom a;
	u64 big = 1ULL << (40 - PAGE_SHIFT);
	enum p2m_type t;
	mfn_t f0;

	gd_init(&a, 1, false, 4);
	f0 = p2m_lookup(&a.d, gfn_init(GD_GNTTAB_GFN), &t);
	assert_int_equal(t, P2M_RAM_RW);
	/* Mapped already: -EBUSY, even at the same gfn (Xen 4.17). */
	assert_int_equal(gnttab_map_frame(&a.d, 0, gfn_init(GD_GNTTAB_GFN)),
			 -EBUSY);
	assert_int_equal(gnttab_map_frame(&a.d, 0, gfn_init(0x1000)), -EBUSY);
	/* Something else put there: the old place no longer counts. */
	assert_int_equal(p2m_map(&a.d, gfn_init(GD_GNTTAB_GFN),
				 mfn_init(a.ram_mfn), 1, P2M_RAM_RW),
			 0);
	assert_int_equal(gnttab_map_frame(&a.d, 0, gfn_init(0x1000)), 0);
	assert_int_equal(mfn_val(p2m_lookup(&a.d, gfn_init(0x1000), NULL)),
			 mfn_val(f0));

	/* Highest first grows the table at once, as Linux does. */
	assert_int_equal(gnttab_map_frame(&a.d, 3, gfn_init(0x2003)), 0);
	assert_int_equal(a.d.grant_table->nr_frames, 4);
	assert_int_equal(gnttab_map_frame(&a.d, 2, gfn_init(0x2002)), 0);
	assert_int_equal(gnttab_map_frame(&a.d, 4, gfn_init(0x2004)), -EINVAL);
	assert_int_equal(gnttab_map_frame(&a.d, XENMAPIDX_grant_table_status,
					  gfn_init(0x2005)),
			 -EINVAL);
	assert_int_equal(gnttab_map_frame(&a.d, ~0UL, gfn_init(0x2005)),
			 -EINVAL);
	assert_int_equal(gnttab_map_frame(&a.d, 1, gfn_init(big)), -EINVAL);
	host_fake_p2m_fail_map(1);
	assert_int_equal(gnttab_map_frame(&a.d, 1, gfn_init(0x2001)), -ENOMEM);
	assert_int_equal(gnttab_map_frame(&a.d, 1, gfn_init(0x2001)), 0);
	gd_destroy(&a);
}

static void test_map_frame_via_memory_op_idx_limits(void **state)
{
	struct gdom a;
	u64 before;

	gd_init(&a, 1, false, 0);
	before = gd_free_pages();
	assert_int_equal(gnttab_map_frame(&a.d, 63, gfn_init(0x3000)), 0);
	assert_int_equal(a.d.grant_table->nr_frames, 64);
	assert_int_equal(before - gd_free_pages(), 63);
	assert_int_equal(gnttab_map_frame(&a.d, 64, gfn_init(0x3001)), -EINVAL);
	gd_destroy(&a);
}

static void test_get_frame_mfn(void **state)
{
	struct gdom a;
	u64 free_alive;
	mfn_t m;

	gd_init(&a, 1, false, 2);
	assert_int_equal(gnttab_get_frame_mfn(&a.d, 1, &m), 0);
	assert_int_equal(a.d.grant_table->nr_frames, 2);
	assert_int_equal(gnttab_get_frame_mfn(&a.d, 2, &m), -EINVAL);
	assert_true(gnttab_page_is_mapped(mfn_to_page(m)));
	free_alive = gd_free_pages();
	/* The acquirer's reference keeps frame 1 after the domain goes. */
	gd_destroy(&a);
	assert_int_equal(gd_free_pages() - free_alive,
			 GD_RAM_PAGES + 1 /* frame 0 */ +
				 0 /* maptrack never allocated */);
	gnttab_put_page(m);
	assert_int_equal(gd_free_pages(), gd_free_baseline);
	assert_int_equal(gnttab_get_frame_mfn(&a.d, 0, &m), -ENOSYS);
	assert_int_equal(gnttab_map_frame(&a.d, 0, gfn_init(1)), -ENOSYS);
}

/* ---- dispatcher ---- */

static void test_dispatch(void **state)
{
	struct gdom a;
	struct domain bare = {.domain_id = 7};
	struct vcpu bv = {.domain = &bare};
	struct gnttab_query_size q = {.dom = DOMID_SELF};
	char buf[64];

	gd_init(&a, 1, false, 0);
	assert_int_equal(gd_op(&a, GNTTABOP_query_size, &q, 0x80000000U),
			 -EINVAL);
	/* Upper halves of cmd and count are ignored (32-bit in Xen). */
	assert_int_equal(gd_op(&a, (1ULL << 32) | GNTTABOP_query_size, &q,
			       (1ULL << 32) | 1),
			 0);
	assert_int_equal(q.status, GNTST_okay);
	assert_int_equal(gd_op(&a, (1U << 12) | GNTTABOP_query_size, &q, 1),
			 -EINVAL);
	assert_int_equal(gd_op(&a, GNTTABOP_dump_table, buf, 1), -ENOSYS);
	assert_int_equal(gd_op(&a, 13, buf, 1), -ENOSYS);
	assert_int_equal(gd_op(&a, 0xfff, buf, 1), -ENOSYS);
	assert_int_equal(gd_op(&a, GNTTABOP_transfer, buf, 1), -EOPNOTSUPP);
	assert_int_equal(gd_op(&a, GNTTABOP_transfer, buf, 0), -EOPNOTSUPP);
	assert_int_equal(
		gd_op(&a, GNTTABOP_map_grant_ref, buf, GNTTAB_MAX_OPS + 1),
		-EINVAL);
	assert_int_equal(gd_op(&a, GNTTABOP_copy, buf, GNTTAB_MAX_OPS + 1),
			 -EINVAL);
	assert_int_equal(
		gd_op(&a, GNTTABOP_unmap_grant_ref, buf, GNTTAB_MAX_OPS + 1),
		-EINVAL);
	assert_int_equal(
		gd_op(&a, GNTTABOP_swap_grant_ref, buf, GNTTAB_MAX_OPS + 1),
		-EINVAL);
	assert_int_equal(gd_op(&a, GNTTABOP_map_grant_ref, NULL, 0), 0);
	assert_int_equal(gd_op(&a, GNTTABOP_map_grant_ref, NULL, 1), -EFAULT);

	/* A domain without a table. */
	set_current_vcpu(&bv);
	assert_int_equal(
		do_grant_table_op(GNTTABOP_query_size, (u64)(uintptr_t)&q, 1),
		-ENOSYS);
	gd_destroy(&a);
}

/* ---- small commands ---- */

static void test_query_size(void **state)
{
	struct gdom a, b, dom0;
	struct gnttab_query_size q;

	gd_init(&a, 1, false, 8);
	gd_init(&b, 2, false, 0);
	gd_init(&dom0, 0, true, 0);

	q = (struct gnttab_query_size){.dom = DOMID_SELF};
	assert_int_equal(gd_op(&a, GNTTABOP_query_size, &q, 1), 0);
	assert_int_equal(q.status, GNTST_okay);
	assert_int_equal(q.nr_frames, 1);
	assert_int_equal(q.max_nr_frames, 8);

	q = (struct gnttab_query_size){.dom = 1};
	assert_int_equal(gd_op(&a, GNTTABOP_query_size, &q, 1), 0);
	assert_int_equal(q.status, GNTST_okay);

	q = (struct gnttab_query_size){.dom = 2};
	assert_int_equal(gd_op(&a, GNTTABOP_query_size, &q, 1), 0);
	assert_int_equal(q.status, GNTST_permission_denied);

	q = (struct gnttab_query_size){.dom = 1};
	assert_int_equal(gd_op(&dom0, GNTTABOP_query_size, &q, 1), 0);
	assert_int_equal(q.status, GNTST_okay);
	assert_int_equal(q.max_nr_frames, 8);

	q = (struct gnttab_query_size){.dom = 99};
	assert_int_equal(gd_op(&dom0, GNTTABOP_query_size, &q, 1), 0);
	assert_int_equal(q.status, GNTST_bad_domain);
	q = (struct gnttab_query_size){.dom = DOMID_IO};
	assert_int_equal(gd_op(&dom0, GNTTABOP_query_size, &q, 1), 0);
	assert_int_equal(q.status, GNTST_bad_domain);

	assert_int_equal(gd_op(&a, GNTTABOP_query_size, &q, 2), -EINVAL);
	assert_int_equal(gd_op(&a, GNTTABOP_query_size, NULL, 1), -EFAULT);
	host_fake_fail_copy_to_guest(1);
	assert_int_equal(gd_op(&a, GNTTABOP_query_size, &q, 1), -EFAULT);

	gd_destroy(&a);
	gd_destroy(&b);
	gd_destroy(&dom0);
}

static void test_versions(void **state)
{
	struct gdom a, b, dom0;
	struct gnttab_set_version sv;
	struct gnttab_get_version gv;

	gd_init(&a, 1, false, 0);
	gd_init(&b, 2, false, 0);
	gd_init(&dom0, 0, true, 0);

	sv.version = 1;
	assert_int_equal(gd_op(&a, GNTTABOP_set_version, &sv, 1), 0);
	assert_int_equal(sv.version, 1);
	sv.version = 2;
	assert_int_equal(gd_op(&a, GNTTABOP_set_version, &sv, 1), -ENOSYS);
	assert_int_equal(sv.version, 1);
	sv.version = 3;
	assert_int_equal(gd_op(&a, GNTTABOP_set_version, &sv, 0), -EINVAL);
	assert_int_equal(sv.version, 1);
	sv.version = 0;
	assert_int_equal(gd_op(&a, GNTTABOP_set_version, &sv, 1), -EINVAL);
	assert_int_equal(gd_op(&a, GNTTABOP_set_version, NULL, 1), -EFAULT);

	gv = (struct gnttab_get_version){.dom = DOMID_SELF, .pad = 0x5555};
	assert_int_equal(gd_op(&a, GNTTABOP_get_version, &gv, 1), 0);
	assert_int_equal(gv.version, 1);
	assert_int_equal(gv.pad, 0x5555);
	gv = (struct gnttab_get_version){.dom = 2};
	assert_int_equal(gd_op(&a, GNTTABOP_get_version, &gv, 1), -EPERM);
	assert_int_equal(gd_op(&dom0, GNTTABOP_get_version, &gv, 1), 0);
	assert_int_equal(gv.version, 1);
	gv = (struct gnttab_get_version){.dom = 42};
	assert_int_equal(gd_op(&dom0, GNTTABOP_get_version, &gv, 1), -ESRCH);

	gd_destroy(&a);
	gd_destroy(&b);
	gd_destroy(&dom0);
}

static void test_setup_table(void **state)
{
	struct gdom a, b;
	struct gnttab_setup_table st;
	xen_pfn_t frames[8];
	struct gnttab_get_status_frames gs;
	u64 sfr[2];

	gd_init(&a, 1, false, 4);
	gd_init(&b, 2, false, 0);

	memset(frames, 0x11, sizeof(frames));
	st = (struct gnttab_setup_table){.dom = DOMID_SELF, .nr_frames = 3};
	st.frame_list.q = (u64)(uintptr_t)frames;
	assert_int_equal(gd_op(&a, GNTTABOP_setup_table, &st, 1), 0);
	assert_int_equal(st.status, GNTST_okay);
	assert_int_equal(a.d.grant_table->nr_frames, 3);
	assert_int_equal(frames[0], GD_GNTTAB_GFN);
	assert_int_equal(frames[1], gfn_val(INVALID_GFN));
	assert_int_equal(frames[2], gfn_val(INVALID_GFN));
	assert_int_equal(frames[3], 0x1111111111111111ULL);

	st.nr_frames = 0; /* mini-os at shutdown */
	assert_int_equal(gd_op(&a, GNTTABOP_setup_table, &st, 1), 0);
	assert_int_equal(st.status, GNTST_okay);
	assert_int_equal(a.d.grant_table->nr_frames, 3);

	st.nr_frames = 5;
	assert_int_equal(gd_op(&a, GNTTABOP_setup_table, &st, 1), 0);
	assert_int_equal(st.status, GNTST_general_error);
	st.nr_frames = 1;
	st.frame_list.q = 16; /* unmapped */
	assert_int_equal(gd_op(&a, GNTTABOP_setup_table, &st, 1), 0);
	assert_int_equal(st.status, GNTST_bad_virt_addr);
	st.dom = 2;
	assert_int_equal(gd_op(&a, GNTTABOP_setup_table, &st, 1), 0);
	assert_int_equal(st.status, GNTST_permission_denied);
	st.dom = 77;
	assert_int_equal(gd_op(&a, GNTTABOP_setup_table, &st, 1), 0);
	assert_int_equal(st.status, GNTST_bad_domain);
	assert_int_equal(gd_op(&a, GNTTABOP_setup_table, &st, 2), -EINVAL);
	assert_int_equal(gd_op(&a, GNTTABOP_setup_table, NULL, 1), -EFAULT);

	/* Version 1: no status frames. */
	gs = (struct gnttab_get_status_frames){.dom = DOMID_SELF};
	gs.frame_list.q = (u64)(uintptr_t)sfr;
	assert_int_equal(gd_op(&a, GNTTABOP_get_status_frames, &gs, 1), 0);
	assert_int_equal(gs.status, GNTST_okay);
	gs.nr_frames = 1;
	assert_int_equal(gd_op(&a, GNTTABOP_get_status_frames, &gs, 1), 0);
	assert_int_equal(gs.status, GNTST_general_error);
	gs.dom = 2;
	assert_int_equal(gd_op(&a, GNTTABOP_get_status_frames, &gs, 1), 0);
	assert_int_equal(gs.status, GNTST_permission_denied);
	assert_int_equal(gd_op(&a, GNTTABOP_get_status_frames, &gs, 3),
			 -EINVAL);

	gd_destroy(&a);
	gd_destroy(&b);
}

static void test_swap(void **state)
{
	struct gdom a, b;
	struct gnttab_swap_grant_ref sw[3];
	grant_handle_t h;

	gd_init(&a, 1, false, 0);
	gd_init(&b, 2, false, 0);
	gd_grant(&a, 10, 2, 0, RW_FLAGS);
	gd_grant(&a, 11, 3, 1, RO_FLAGS);
	sw[0] = (struct gnttab_swap_grant_ref){.ref_a = 10, .ref_b = 11};
	sw[1] = (struct gnttab_swap_grant_ref){.ref_a = 10, .ref_b = 512};
	sw[2] = (struct gnttab_swap_grant_ref){.ref_a = 12, .ref_b = 12};
	assert_int_equal(gd_op(&a, GNTTABOP_swap_grant_ref, sw, 3), 0);
	assert_int_equal(sw[0].status, GNTST_okay);
	assert_int_equal(sw[1].status, GNTST_bad_gntref);
	assert_int_equal(sw[2].status, GNTST_okay);
	assert_int_equal(gd_entry(&a, 10)->domid, 3);
	assert_int_equal(gd_entry(&a, 10)->flags, RO_FLAGS);
	assert_int_equal(gd_entry(&a, 11)->domid, 2);
	assert_int_equal(gd_entry(&a, 11)->frame, GD_RAM_GFN);

	/* A pinned entry cannot move. */
	assert_int_equal(gd_map(&b, 1, 11, GNTMAP_host_map, GD_MAP_GFN, &h),
			 GNTST_okay);
	sw[0] = (struct gnttab_swap_grant_ref){.ref_a = 10, .ref_b = 11};
	assert_int_equal(gd_op(&a, GNTTABOP_swap_grant_ref, sw, 1), 0);
	assert_int_equal(sw[0].status, GNTST_eagain);
	assert_int_equal(gd_unmap(&b, GD_MAP_GFN, h), GNTST_okay);
	assert_int_equal(gd_op(&a, GNTTABOP_swap_grant_ref, NULL, 1), -EFAULT);

	gd_destroy(&a);
	gd_destroy(&b);
}

/* ---- cache flush ---- */

static void test_cache_flush(void **state)
{
	struct gdom a, b;
	struct gnttab_cache_flush cf[GNTTAB_MAX_FLUSH_OPS + 1];
	grant_handle_t h;
	mfn_t frame;

	gd_init(&a, 1, false, 0);
	gd_init(&b, 2, false, 0);
	memset(cf, 0, sizeof(cf));

	/* Linux's probe. */
	assert_int_equal(gd_op(&b, GNTTABOP_cache_flush, cf, 1), 0);
	assert_int_equal(gd_op(&b, (5U << 12) | GNTTABOP_cache_flush, cf, 1),
			 -EILSEQ);
	cf[0] = (struct gnttab_cache_flush){.length = 0, .op = 1};
	assert_int_equal(gd_op(&b, GNTTABOP_cache_flush, cf, 1), 0);
	cf[0] = (struct gnttab_cache_flush){.length = 16, .op = 0};
	assert_int_equal(gd_op(&b, GNTTABOP_cache_flush, cf, 1), 0);
	cf[0] = (struct gnttab_cache_flush){.length = 16, .op = 4};
	assert_int_equal(gd_op(&b, GNTTABOP_cache_flush, cf, 1), -EINVAL);
	cf[0] = (struct gnttab_cache_flush){.length = 16,
					    .op = GNTTAB_CACHE_SOURCE_GREF | 1};
	assert_int_equal(gd_op(&b, GNTTABOP_cache_flush, cf, 1), -EINVAL);
	cf[0] = (struct gnttab_cache_flush){.offset = 4096, .op = 1};
	assert_int_equal(gd_op(&b, GNTTABOP_cache_flush, cf, 1), -EINVAL);
	cf[0] = (struct gnttab_cache_flush){
		.offset = 4000, .length = 97, .op = 1};
	assert_int_equal(gd_op(&b, GNTTABOP_cache_flush, cf, 1), -EINVAL);
	cf[0] = (struct gnttab_cache_flush){.length = 4097, .op = 1};
	assert_int_equal(gd_op(&b, GNTTABOP_cache_flush, cf, 1), -EINVAL);
	cf[0] = (struct gnttab_cache_flush){
		.a.dev_bus_addr = 0x1000, .length = 1, .op = 1};
	assert_int_equal(gd_op(&b, GNTTABOP_cache_flush, cf, 1), -EINVAL);

	/* Own page, a foreign page not mapped, mapped, a hypervisor page. */
	cf[0] = (struct gnttab_cache_flush){
		.a.dev_bus_addr = gd_mfn(&b, 1) << PAGE_SHIFT,
		.offset = 64,
		.length = 128,
		.op = GNTTAB_CACHE_CLEAN | GNTTAB_CACHE_INVAL};
	assert_int_equal(gd_op(&b, GNTTABOP_cache_flush, cf, 1), 0);
	cf[0].a.dev_bus_addr = gd_mfn(&a, 1) << PAGE_SHIFT;
	assert_int_equal(gd_op(&b, GNTTABOP_cache_flush, cf, 1), -EINVAL);
	gd_grant(&a, 90, 2, 1, RW_FLAGS);
	assert_int_equal(gd_map(&b, 1, 90, GNTMAP_host_map, GD_MAP_GFN, &h),
			 GNTST_okay);
	assert_int_equal(gd_op(&b, GNTTABOP_cache_flush, cf, 1), 0);
	/* Its owner may flush it too. */
	assert_int_equal(gd_op(&a, GNTTABOP_cache_flush, cf, 1), 0);
	assert_int_equal(gd_unmap(&b, GD_MAP_GFN, h), GNTST_okay);
	assert_int_equal(gd_op(&b, GNTTABOP_cache_flush, cf, 1), -EINVAL);
	frame = p2m_lookup(&b.d, gfn_init(GD_GNTTAB_GFN), NULL);
	cf[0].a.dev_bus_addr = mfn_val(frame) << PAGE_SHIFT;
	assert_int_equal(gd_op(&b, GNTTABOP_cache_flush, cf, 1), -EPERM);

	/* A batch stops at the first error; a bounded count. */
	cf[0].a.dev_bus_addr = gd_mfn(&b, 1) << PAGE_SHIFT;
	cf[1] = cf[0];
	cf[1].op = 8;
	assert_int_equal(gd_op(&b, GNTTABOP_cache_flush, cf, 2), -EINVAL);
	assert_int_equal(
		gd_op(&b, GNTTABOP_cache_flush, cf, GNTTAB_MAX_FLUSH_OPS + 1),
		-EINVAL);
	assert_int_equal(gd_op(&b, GNTTABOP_cache_flush, NULL, 1), -EFAULT);

	gd_destroy(&a);
	gd_destroy(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_init_destroy),
		T(test_map_frame),
		T(test_map_frame_via_memory_op_idx_limits),
		T(test_get_frame_mfn),
		T(test_dispatch),
		T(test_query_size),
		T(test_versions),
		T(test_setup_table),
		T(test_swap),
		T(test_cache_flush),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
