/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: grant mappings (common/grant_table_map.c and the pins and
 * page references of common/grant_table.c): map and unmap, pin rules,
 * hostile granters racing the hypervisor, and page lifetimes across domain
 * destruction and ballooning.
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

/* ---- map and unmap ---- */

static void test_map_unmap(void **state)
{
	struct gdom a, b;
	grant_handle_t h;
	enum p2m_type t;
	u8 *p;

	gd_init(&a, 1, false, 0);
	gd_init(&b, 2, false, 0);
	memcpy(gd_page(&a, 3), "granted", 8);
	gd_grant(&a, 8, 2, 3, RW_FLAGS);

	assert_int_equal(gd_map(&b, 1, 8, GNTMAP_host_map, GD_MAP_GFN, &h),
			 GNTST_okay);
	p = gd_mapped(&b, GD_MAP_GFN, &t);
	assert_non_null(p);
	assert_int_equal(t, P2M_FOREIGN_RW);
	assert_string_equal((char *)p, "granted");
	memcpy(p, "written", 8);
	assert_string_equal((char *)gd_page(&a, 3), "written");
	assert_int_equal(gd_flags(&a, 8), RW_FLAGS | GTF_reading | GTF_writing);
	assert_int_equal(gd_map_count(&a, 3), 1);

	assert_int_equal(gd_unmap(&b, GD_MAP_GFN, h), GNTST_okay);
	assert_null(gd_mapped(&b, GD_MAP_GFN, NULL));
	assert_int_equal(gd_flags(&a, 8), RW_FLAGS);
	assert_int_equal(gd_map_count(&a, 3), 0);
	assert_int_equal(gd_unmap(&b, GD_MAP_GFN, h), GNTST_bad_handle);

	/* Unaligned host_addr: the page it falls in (Xen). */
	{
		struct gnttab_map_grant_ref op = {
			.host_addr = ((GD_MAP_GFN + 1) << PAGE_SHIFT) + 0x123,
			.flags = GNTMAP_host_map,
			.ref = 8,
			.dom = 1,
		};

		assert_int_equal(gd_op(&b, GNTTABOP_map_grant_ref, &op, 1), 0);
		assert_int_equal(op.status, GNTST_okay);
		assert_int_equal(op.dev_bus_addr, gd_mfn(&a, 3) << PAGE_SHIFT);
		assert_non_null(gd_mapped(&b, GD_MAP_GFN + 1, NULL));
		assert_int_equal(gd_unmap(&b, GD_MAP_GFN + 1, op.handle),
				 GNTST_okay);
	}
	gd_destroy(&a);
	gd_destroy(&b);
}

static void test_map_readonly(void **state)
{
	struct gdom a, b;
	grant_handle_t h;
	enum p2m_type t;

	gd_init(&a, 1, false, 0);
	gd_init(&b, 2, false, 0);
	gd_grant(&a, 9, 2, 4, RO_FLAGS);
	assert_int_equal(gd_map(&b, 1, 9, GNTMAP_host_map, GD_MAP_GFN, &h),
			 GNTST_general_error);
	assert_int_equal(gd_flags(&a, 9), RO_FLAGS);
	assert_int_equal(gd_map(&b, 1, 9, GNTMAP_host_map | GNTMAP_readonly,
				GD_MAP_GFN, &h),
			 GNTST_okay);
	assert_non_null(gd_mapped(&b, GD_MAP_GFN, &t));
	assert_int_equal(t, P2M_RAM_RO);
	assert_int_equal(gd_flags(&a, 9), RO_FLAGS | GTF_reading);
	/* A writable pin on a read-only pinned entry still fails. */
	assert_int_equal(
		gd_map(&b, 1, 9, GNTMAP_host_map, GD_MAP_GFN + 1, NULL),
		GNTST_general_error);
	assert_int_equal(gd_flags(&a, 9), RO_FLAGS | GTF_reading);
	assert_int_equal(gd_unmap(&b, GD_MAP_GFN, h), GNTST_okay);
	assert_int_equal(gd_flags(&a, 9), RO_FLAGS);
	gd_destroy(&a);
	gd_destroy(&b);
}

static void test_map_errors(void **state)
{
	static const struct {
		u32 flags;
		s16 status;
	} bad_flags[] = {
		{0, GNTST_bad_gntref},
		{GNTMAP_readonly, GNTST_bad_gntref},
		{GNTMAP_device_map, GNTST_general_error},
		{GNTMAP_device_map | GNTMAP_host_map, GNTST_general_error},
		{GNTMAP_host_map | GNTMAP_application_map, GNTST_general_error},
		{GNTMAP_host_map | GNTMAP_contains_pte, GNTST_general_error},
		/* passes the pin, refused by create_grant_host_mapping */
		{GNTMAP_host_map | (1U << 16), GNTST_general_error},
		{GNTMAP_host_map | (1U << 5), GNTST_general_error},
	};
	struct gdom a, b;
	unsigned int i;
	u64 maps;

	gd_init(&a, 1, false, 0);
	gd_init(&b, 2, false, 0);
	gd_grant(&a, 8, 2, 0, RW_FLAGS);
	maps = host_fake_p2m_nr_maps();
	for (i = 0; i < ARRAY_SIZE(bad_flags); i++) {
		assert_int_equal(
			gd_map(&b, 1, 8, bad_flags[i].flags, GD_MAP_GFN, NULL),
			bad_flags[i].status);
		assert_int_equal(gd_flags(&a, 8), RW_FLAGS);
		assert_int_equal(gd_map_count(&a, 0), 0);
	}
	assert_int_equal(host_fake_p2m_nr_maps(), maps);

	/* Domains: DOMID_SELF is not accepted, unknown ones neither. */
	assert_int_equal(
		gd_map(&b, DOMID_SELF, 8, GNTMAP_host_map, GD_MAP_GFN, NULL),
		GNTST_bad_domain);
	assert_int_equal(gd_map(&b, 5, 8, GNTMAP_host_map, GD_MAP_GFN, NULL),
			 GNTST_bad_domain);
	assert_int_equal(
		gd_map(&b, DOMID_XEN, 8, GNTMAP_host_map, GD_MAP_GFN, NULL),
		GNTST_bad_domain);
	/* Refs. */
	assert_int_equal(gd_map(&b, 1, 512, GNTMAP_host_map, GD_MAP_GFN, NULL),
			 GNTST_bad_gntref);
	assert_int_equal(gd_map(&b, 1, ~0U, GNTMAP_host_map, GD_MAP_GFN, NULL),
			 GNTST_bad_gntref);
	/* Entries that do not grant b this page. */
	gd_grant(&a, 9, 3, 0, RW_FLAGS);
	gd_grant(&a, 10, 2, 0, GTF_accept_transfer);
	gd_grant(&a, 11, 2, 0, GTF_permit_access | GTF_sub_page);
	gd_grant(&a, 12, 2, 0, GTF_invalid);
	gd_grant(&a, 13, 2, 0, GTF_transitive);
	for (i = 9; i <= 13; i++) {
		u16 before = gd_flags(&a, i);

		assert_int_equal(
			gd_map(&b, 1, i, GNTMAP_host_map, GD_MAP_GFN, NULL),
			GNTST_general_error);
		assert_int_equal(gd_flags(&a, i), before);
	}
	/* A frame that is not the granter's RAM. */
	gd_grant(&a, 14, 2, 0, RW_FLAGS);
	gd_entry(&a, 14)->frame = 0x12345;
	assert_int_equal(gd_map(&b, 1, 14, GNTMAP_host_map, GD_MAP_GFN, NULL),
			 GNTST_bad_page);
	assert_int_equal(gd_flags(&a, 14), RW_FLAGS);
	/* host_addr beyond the IPA space, and a p2m failure: undone. */
	assert_int_equal(gd_map(&b, 1, 8, GNTMAP_host_map, 1ULL << 40, NULL),
			 GNTST_general_error);
	assert_int_equal(gd_flags(&a, 8), RW_FLAGS);
	host_fake_p2m_fail_map(1);
	assert_int_equal(gd_map(&b, 1, 8, GNTMAP_host_map, GD_MAP_GFN, NULL),
			 GNTST_general_error);
	assert_int_equal(gd_flags(&a, 8), RW_FLAGS);
	assert_int_equal(gd_map_count(&a, 0), 0);

	gd_destroy(&a);
	gd_destroy(&b);
}

static void test_map_batch_and_faults(void **state)
{
	struct gdom a, b;
	struct gnttab_map_grant_ref ops[3];
	struct gnttab_unmap_grant_ref un[3];
	unsigned int i;

	gd_init(&a, 1, false, 0);
	gd_init(&b, 2, false, 0);
	for (i = 0; i < 3; i++) {
		gd_grant(&a, 20 + i, 2, i, RW_FLAGS);
		ops[i] = (struct gnttab_map_grant_ref){
			.host_addr = (GD_MAP_GFN + i) << PAGE_SHIFT,
			.flags = GNTMAP_host_map,
			.ref = 20 + i,
			.dom = 1,
		};
	}
	ops[1].ref = 4000; /* bad, the others still go */
	assert_int_equal(gd_op(&b, GNTTABOP_map_grant_ref, ops, 3), 0);
	assert_int_equal(ops[0].status, GNTST_okay);
	assert_int_equal(ops[1].status, GNTST_bad_gntref);
	assert_int_equal(ops[2].status, GNTST_okay);
	assert_int_equal(ops[0].host_addr, GD_MAP_GFN << PAGE_SHIFT);

	un[0] = (struct gnttab_unmap_grant_ref){
		.host_addr = GD_MAP_GFN << PAGE_SHIFT,
		.dev_bus_addr = 0,
		.handle = ops[0].handle,
	};
	un[1] = (struct gnttab_unmap_grant_ref){.handle = 100000};
	un[2] = (struct gnttab_unmap_grant_ref){
		.host_addr = (GD_MAP_GFN + 2) << PAGE_SHIFT,
		.handle = ops[2].handle,
	};
	assert_int_equal(gd_op(&b, GNTTABOP_unmap_grant_ref, un, 3), 0);
	assert_int_equal(un[0].status, GNTST_okay);
	assert_int_equal(un[1].status, GNTST_bad_handle);
	assert_int_equal(un[2].status, GNTST_okay);

	/* A fault on the way back: the mapping stands, the handle is lost. */
	host_fake_fail_copy_to_guest(1);
	assert_int_equal(gd_op(&b, GNTTABOP_map_grant_ref, ops, 1), -EFAULT);
	assert_int_equal(gd_flags(&a, 20),
			 RW_FLAGS | GTF_reading | GTF_writing);
	host_fake_fail_copy_from_guest(1);
	assert_int_equal(gd_op(&b, GNTTABOP_unmap_grant_ref, un, 1), -EFAULT);
	/* Destroying b releases it. */
	gd_destroy(&b);
	assert_int_equal(gd_flags(&a, 20), RW_FLAGS);
	assert_int_equal(gd_map_count(&a, 0), 0);
	gd_destroy(&a);
}

static void test_pins(void **state)
{
	struct gdom a, b, c;
	grant_handle_t h[GNTTAB_PIN_MAX + 1], hw, hw2;
	unsigned int i;

	gd_init(&a, 1, false, 0);
	gd_init(&b, 2, false, 0);
	gd_init(&c, 3, false, 0);
	gd_grant(&a, 30, 2, 5, RW_FLAGS);

	/* Read-only first, then writable: GTF_writing comes and goes. */
	assert_int_equal(gd_map(&b, 1, 30, GNTMAP_host_map | GNTMAP_readonly,
				GD_MAP_GFN, &h[0]),
			 GNTST_okay);
	assert_int_equal(gd_flags(&a, 30), RW_FLAGS | GTF_reading);
	assert_int_equal(
		gd_map(&b, 1, 30, GNTMAP_host_map, GD_MAP_GFN + 1, &hw),
		GNTST_okay);
	assert_int_equal(
		gd_map(&b, 1, 30, GNTMAP_host_map, GD_MAP_GFN + 2, &hw2),
		GNTST_okay);
	assert_int_equal(gd_flags(&a, 30),
			 RW_FLAGS | GTF_reading | GTF_writing);
	assert_int_equal(gd_map_count(&a, 5), 3);
	/* Another grantee cannot pin an entry pinned for b. */
	assert_int_equal(gd_map(&c, 1, 30, GNTMAP_host_map | GNTMAP_readonly,
				GD_MAP_GFN, NULL),
			 GNTST_general_error);
	assert_int_equal(gd_unmap(&b, GD_MAP_GFN + 1, hw), GNTST_okay);
	assert_int_equal(gd_flags(&a, 30),
			 RW_FLAGS | GTF_reading | GTF_writing);
	assert_int_equal(gd_unmap(&b, GD_MAP_GFN + 2, hw2), GNTST_okay);
	assert_int_equal(gd_flags(&a, 30), RW_FLAGS | GTF_reading);
	assert_int_equal(gd_unmap(&b, GD_MAP_GFN, h[0]), GNTST_okay);
	assert_int_equal(gd_flags(&a, 30), RW_FLAGS);

	/* Pin counts stop short of overflowing (Xen: 128 per kind). */
	for (i = 0; i < GNTTAB_PIN_MAX; i++)
		assert_int_equal(gd_map(&b, 1, 30,
					GNTMAP_host_map | GNTMAP_readonly,
					GD_MAP_GFN + i, &h[i]),
				 GNTST_okay);
	assert_int_equal(gd_map(&b, 1, 30, GNTMAP_host_map | GNTMAP_readonly,
				GD_MAP_GFN + i, NULL),
			 GNTST_general_error);
	assert_int_equal(
		gd_map(&b, 1, 30, GNTMAP_host_map, GD_MAP_GFN + i, &hw),
		GNTST_okay);
	assert_int_equal(gd_unmap(&b, GD_MAP_GFN + i, hw), GNTST_okay);
	for (i = 0; i < GNTTAB_PIN_MAX; i++)
		assert_int_equal(gd_unmap(&b, GD_MAP_GFN + i, h[i]),
				 GNTST_okay);
	assert_int_equal(gd_flags(&a, 30), RW_FLAGS);
	assert_int_equal(gd_map_count(&a, 5), 0);

	gd_destroy(&a);
	gd_destroy(&b);
	gd_destroy(&c);
}

static void test_unmap_errors(void **state)
{
	struct gdom a, b;
	struct gnttab_unmap_and_replace ur;
	grant_handle_t h;

	gd_init(&a, 1, false, 0);
	gd_init(&b, 2, false, 0);
	gd_grant(&a, 40, 2, 6, RW_FLAGS);
	assert_int_equal(gd_unmap(&b, GD_MAP_GFN, 0), GNTST_bad_handle);
	assert_int_equal(gd_map(&b, 1, 40, GNTMAP_host_map, GD_MAP_GFN, &h),
			 GNTST_okay);
	assert_int_equal(gd_unmap(&b, GD_MAP_GFN, h + 1), GNTST_bad_handle);
	assert_int_equal(gd_unmap(&b, GD_MAP_GFN, ~0U), GNTST_bad_handle);
	/* Not where it is mapped: refused, the mapping stays. */
	assert_int_equal(gd_unmap(&b, GD_MAP_GFN + 1, h), GNTST_general_error);
	assert_int_equal(gd_unmap(&b, GD_RAM_GFN, h), GNTST_general_error);
	/* host_addr 0: nothing done, but okay (Xen's unmap_common). */
	assert_int_equal(gd_unmap(&b, 0, h), GNTST_okay);
	assert_non_null(gd_mapped(&b, GD_MAP_GFN, NULL));
	assert_int_equal(gd_flags(&a, 40),
			 RW_FLAGS | GTF_reading | GTF_writing);

	/* unmap_and_replace: only new_addr 0 on Arm. */
	ur = (struct gnttab_unmap_and_replace){
		.host_addr = GD_MAP_GFN << PAGE_SHIFT,
		.new_addr = (GD_MAP_GFN + 5) << PAGE_SHIFT,
		.handle = h,
	};
	assert_int_equal(gd_op(&b, GNTTABOP_unmap_and_replace, &ur, 1), 0);
	assert_int_equal(ur.status, GNTST_general_error);
	ur.new_addr = 0;
	assert_int_equal(gd_op(&b, GNTTABOP_unmap_and_replace, &ur, 1), 0);
	assert_int_equal(ur.status, GNTST_okay);
	assert_null(gd_mapped(&b, GD_MAP_GFN, NULL));
	assert_int_equal(gd_flags(&a, 40), RW_FLAGS);
	assert_int_equal(gd_op(&b, GNTTABOP_unmap_and_replace, &ur, 1), 0);
	assert_int_equal(ur.status, GNTST_bad_handle);

	/* The guest replaced the mapping itself: unmap refuses. */
	assert_int_equal(gd_map(&b, 1, 40, GNTMAP_host_map, GD_MAP_GFN, &h),
			 GNTST_okay);
	assert_int_equal(p2m_map(&b.d, gfn_init(GD_MAP_GFN),
				 mfn_init(b.ram_mfn), 1, P2M_RAM_RW),
			 0);
	assert_int_equal(gd_unmap(&b, GD_MAP_GFN, h), GNTST_general_error);
	/* The page stays referenced until b goes. */
	assert_int_equal(gd_map_count(&a, 6), 1);
	gd_destroy(&b);
	assert_int_equal(gd_map_count(&a, 6), 0);
	gd_destroy(&a);
}

static void test_self_map(void **state)
{
	struct gdom a;
	grant_handle_t h;

	gd_init(&a, 1, false, 0);
	gd_grant(&a, 50, 1, 7, RW_FLAGS);
	assert_int_equal(gd_map(&a, 1, 50, GNTMAP_host_map, GD_MAP_GFN, &h),
			 GNTST_okay);
	assert_int_equal(
		gd_map(&a, 1, 50, GNTMAP_host_map, GD_MAP_GFN + 1, NULL),
		GNTST_okay);
	assert_int_equal(gd_unmap(&a, GD_MAP_GFN, h), GNTST_okay);
	/* The second is released with the domain. */
	gd_destroy(&a);
}

static void test_many_mappings(void **state)
{
	struct gdom a, b;
	enum { N = 3 * GNTTAB_MAPTRACK_PER_PAGE + 7 };
	static grant_handle_t h[N];
	unsigned int i;
	u64 free_mapped;

	gd_init(&a, 1, false, 0);
	gd_init(&b, 2, false, 0);
	for (i = 0; i < N; i++) {
		grant_ref_t ref = 300 + i; /* frames 0 and 1 */

		gd_grant(&a, ref, 2, i % GD_RAM_PAGES,
			 i % 2 ? RO_FLAGS : RW_FLAGS);
		assert_int_equal(
			gd_map(&b, 1, ref,
			       GNTMAP_host_map | (i % 2 ? GNTMAP_readonly : 0),
			       GD_MAP_GFN + i, &h[i]),
			GNTST_okay);
	}
	assert_int_equal(a.d.grant_table->nr_frames, 2);
	assert_int_equal(b.d.grant_table->maptrack_limit,
			 4 * GNTTAB_MAPTRACK_PER_PAGE);
	for (i = 0; i < N; i += 2)
		assert_int_equal(gd_unmap(&b, GD_MAP_GFN + i, h[i]),
				 GNTST_okay);
	free_mapped = gd_free_pages();
	/* The granter goes first; its pages wait for b. */
	gd_destroy(&a);
	/* Odd mappings (pages 1, 3, ... 31) are left. */
	assert_int_equal(gd_free_pages() - free_mapped,
			 2 /* grant frames */ + GD_RAM_PAGES / 2);
	gd_destroy(&b);
}

/* ---- hostile granters ---- */

static unsigned int race_calls, race_limit;
static u32 race_xor, race_set;

static void race_hook(u32 *word)
{
	if (race_calls++ >= race_limit)
		return;
	if (race_set != ~0U)
		__atomic_store_n(word, race_set, __ATOMIC_RELAXED);
	else
		__atomic_xor_fetch(word, race_xor, __ATOMIC_RELAXED);
}

static void arm_race(unsigned int limit, u32 set, u32 xor_bits)
{
	race_calls = 0;
	race_limit = limit;
	race_set = set;
	race_xor = xor_bits;
	gnttab_test_race_hook = race_hook;
}

static void test_hostile_granter(void **state)
{
	struct gdom a, b;
	grant_handle_t h;
	u32 rw_word = RW_FLAGS | (2U << 16);

	gd_init(&a, 1, false, 0);
	gd_init(&b, 2, false, 0);

	/* Revoked between our read and the swap. */
	gd_grant(&a, 60, 2, 0, RW_FLAGS);
	arm_race(1, 0, 0);
	assert_int_equal(gd_map(&b, 1, 60, GNTMAP_host_map, GD_MAP_GFN, NULL),
			 GNTST_general_error);
	assert_int_equal(gd_flags(&a, 60), 0);

	/* Given to another domain meanwhile. */
	gd_grant(&a, 61, 2, 0, RW_FLAGS);
	arm_race(1, RW_FLAGS | (3U << 16), 0);
	assert_int_equal(gd_map(&b, 1, 61, GNTMAP_host_map, GD_MAP_GFN, NULL),
			 GNTST_general_error);
	assert_int_equal(gd_entry(&a, 61)->domid, 3);

	/* Made read-only meanwhile: no writable mapping. */
	gd_grant(&a, 62, 2, 0, RW_FLAGS);
	arm_race(1, rw_word | GTF_readonly, 0);
	assert_int_equal(gd_map(&b, 1, 62, GNTMAP_host_map, GD_MAP_GFN, NULL),
			 GNTST_general_error);
	assert_int_equal(gd_flags(&a, 62), RW_FLAGS | GTF_readonly);

	/* A harmless change, a few times: retried, then mapped. */
	gd_grant(&a, 63, 2, 1, RW_FLAGS);
	arm_race(4, ~0U, GTF_PAT);
	assert_int_equal(gd_map(&b, 1, 63, GNTMAP_host_map, GD_MAP_GFN, &h),
			 GNTST_okay);
	assert_int_equal(race_calls, 5);
	assert_int_equal(gd_flags(&a, 63) & (GTF_reading | GTF_writing),
			 GTF_reading | GTF_writing);
	gnttab_test_race_hook = NULL;
	assert_int_equal(gd_unmap(&b, GD_MAP_GFN, h), GNTST_okay);

	/* Changing it forever: we give up after a bound (no live-lock). */
	gd_grant(&a, 64, 2, 1, RW_FLAGS);
	arm_race(~0U, ~0U, GTF_PAT);
	assert_int_equal(gd_map(&b, 1, 64, GNTMAP_host_map, GD_MAP_GFN, NULL),
			 GNTST_general_error);
	assert_true(race_calls <= 8);
	assert_int_equal(gd_flags(&a, 64) & (GTF_reading | GTF_writing), 0);

	/* The frame is read once, after the flags are set. */
	gnttab_test_race_hook = NULL;
	gd_grant(&a, 65, 2, 2, RW_FLAGS);
	assert_int_equal(gd_map(&b, 1, 65, GNTMAP_host_map, GD_MAP_GFN, &h),
			 GNTST_okay);
	gd_entry(&a, 65)->frame = (u32)(GD_RAM_GFN + 9);
	/* Later pins use the page of the first one. */
	assert_int_equal(
		gd_map(&b, 1, 65, GNTMAP_host_map, GD_MAP_GFN + 1, NULL),
		GNTST_okay);
	assert_ptr_equal(gd_mapped(&b, GD_MAP_GFN + 1, NULL), gd_page(&a, 2));
	/* The granter clears our flags: we still end cleanly. */
	gd_entry(&a, 65)->flags = RW_FLAGS;
	assert_int_equal(gd_unmap(&b, GD_MAP_GFN, h), GNTST_okay);

	gd_destroy(&b);
	assert_int_equal(gd_map_count(&a, 2), 0);
	gd_destroy(&a);
}

/* ---- lifetimes ---- */

static void test_destroy_granter_while_mapped(void **state)
{
	struct gdom a, b;
	grant_handle_t h;
	u64 before;
	u8 *p;

	gd_init(&a, 1, false, 0);
	gd_init(&b, 2, false, 0);
	gd_grant(&a, 70, 2, 3, RW_FLAGS);
	assert_int_equal(gd_map(&b, 1, 70, GNTMAP_host_map, GD_MAP_GFN, &h),
			 GNTST_okay);
	before = gd_free_pages();
	gd_destroy(&a);
	/* Everything but the mapped page went back. */
	assert_int_equal(gd_free_pages() - before, GD_RAM_PAGES - 1 + 1);
	p = gd_mapped(&b, GD_MAP_GFN, NULL);
	memcpy(p, "still here", 11);
	assert_int_equal(
		gd_map(&b, 1, 70, GNTMAP_host_map, GD_MAP_GFN + 1, NULL),
		GNTST_bad_domain);
	assert_int_equal(gd_unmap(&b, GD_MAP_GFN, h), GNTST_okay);
	assert_int_equal(gd_free_pages() - before, GD_RAM_PAGES + 1);
	gd_destroy(&b);
}

static void test_destroy_granter_then_mapper(void **state)
{
	struct gdom a, b;

	gd_init(&a, 1, false, 0);
	gd_init(&b, 2, false, 0);
	gd_grant(&a, 71, 2, 3, RW_FLAGS);
	gd_grant(&a, 72, 2, 4, RO_FLAGS);
	assert_int_equal(gd_map(&b, 1, 71, GNTMAP_host_map, GD_MAP_GFN, NULL),
			 GNTST_okay);
	assert_int_equal(gd_map(&b, 1, 72, GNTMAP_host_map | GNTMAP_readonly,
				GD_MAP_GFN + 1, NULL),
			 GNTST_okay);
	gd_destroy(&a);
	gd_destroy(&b); /* frees a's two pages and a's table struct */
}

static void test_release_page(void **state)
{
	struct gdom a, b;
	struct page_info *extra;
	grant_handle_t h;
	u64 before;

	gd_init(&a, 1, false, 0);
	gd_init(&b, 2, false, 0);
	gd_grant(&a, 80, 2, 10, RW_FLAGS);
	assert_int_equal(gd_map(&b, 1, 80, GNTMAP_host_map, GD_MAP_GFN, &h),
			 GNTST_okay);
	assert_true(gnttab_page_is_mapped(gd_pg(&a, 10)));
	assert_false(gnttab_page_is_mapped(gd_pg(&a, 11)));

	/* A page of a's no one maps: free it now. */
	extra = alloc_pages(0, 0);
	extra->owner = (u64)(uintptr_t)&a.d;
	assert_true(gnttab_release_page(&a.d, extra));
	assert_int_equal(extra->owner, 0);
	free_pages(extra, 0);

	/* Ballooning out the mapped page: freed by the unmap. */
	before = gd_free_pages();
	assert_false(gnttab_release_page(&a.d, gd_pg(&a, 10)));
	/* No new references on a released page. */
	assert_int_equal(
		gd_map(&b, 1, 80, GNTMAP_host_map, GD_MAP_GFN + 1, NULL),
		GNTST_general_error);
	assert_int_equal(gd_unmap(&b, GD_MAP_GFN, h), GNTST_okay);
	assert_int_equal(gd_free_pages() - before, 1);
	/* The test's domain still lists it: take it back for the teardown. */
	assert_int_equal(alloc_pages(0, 0), gd_pg(&a, 10));
	gd_pg(&a, 10)->owner = (u64)(uintptr_t)&a.d;

	gd_destroy(&a);
	gd_destroy(&b);
}

static void test_get_guest_page(void **state)
{
	struct gdom a;
	struct domain bare = {.domain_id = 9};
	mfn_t m;

	gd_init(&a, 1, false, 0);
	assert_int_equal(
		gnttab_get_guest_page(&a.d, gfn_init(GD_RAM_GFN + 2), &m), 0);
	assert_int_equal(mfn_val(m), gd_mfn(&a, 2));
	assert_int_equal(gd_map_count(&a, 2), 1);
	assert_int_equal(gnttab_get_guest_page(&a.d, gfn_init(GD_MAP_GFN), &m),
			 -EINVAL);
	spin_lock_init(&bare.lock);
	assert_int_equal(gnttab_get_guest_page(&bare, gfn_init(GD_RAM_GFN), &m),
			 -EINVAL);
	gd_destroy(&a);
	gnttab_put_page(mfn_init(gd_mfn(&a, 2)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_map_unmap),
		T(test_map_readonly),
		T(test_map_errors),
		T(test_map_batch_and_faults),
		T(test_pins),
		T(test_unmap_errors),
		T(test_self_map),
		T(test_many_mappings),
		T(test_hostile_granter),
		T(test_destroy_granter_while_mapped),
		T(test_destroy_granter_then_mapper),
		T(test_release_page),
		T(test_get_guest_page),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
