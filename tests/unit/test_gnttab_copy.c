/* SPDX-License-Identifier: MIT */
/* Unit tests: GNTTABOP_copy (common/grant_table_copy.c). */
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

static struct gnttab_copy gref_ptr(struct gnttab_copy c, bool src,
				   grant_ref_t ref, domid_t dom, u16 off)
{
	struct gnttab_copy_ptr *p = src ? &c.source : &c.dest;

	p->u.ref = ref;
	p->domid = dom;
	p->offset = off;
	c.flags |= src ? GNTCOPY_source_gref : GNTCOPY_dest_gref;
	return c;
}

static struct gnttab_copy gmfn_ptr(struct gnttab_copy c, bool src, u64 gfn,
				   domid_t dom, u16 off)
{
	struct gnttab_copy_ptr *p = src ? &c.source : &c.dest;

	p->u.gmfn = gfn;
	p->domid = dom;
	p->offset = off;
	return c;
}

static s16 do_copy(struct gdom *g, struct gnttab_copy *c)
{
	c->status = 0x7777;
	assert_int_equal(gd_op(g, GNTTABOP_copy, c, 1), 0);
	return c->status;
}

/* netback's two directions and the two-granter case. */
static void test_copy_directions(void **state)
{
	struct gdom a, b, c;
	struct gnttab_copy op = {0};

	gd_init(&a, 1, false, 0);
	gd_init(&b, 0, true, 0);
	gd_init(&c, 3, false, 0);
	memcpy(gd_page(&a, 2) + 100, "from a's grant", 15);
	gd_grant(&a, 8, 0, 2, RO_FLAGS);
	gd_grant(&c, 9, 0, 5, RW_FLAGS);

	/* TX: source gref, destination a local frame of the caller. */
	op = gref_ptr(op, true, 8, 1, 100);
	op = gmfn_ptr(op, false, GD_RAM_GFN + 3, DOMID_SELF, 200);
	op.len = 15;
	assert_int_equal(do_copy(&b, &op), GNTST_okay);
	assert_string_equal((char *)gd_page(&b, 3) + 200, "from a's grant");
	assert_int_equal(gd_flags(&a, 8), RO_FLAGS);

	/* RX: local source frame, destination gref. */
	memset(&op, 0, sizeof(op));
	memcpy(gd_page(&b, 4), "to c", 5);
	op = gmfn_ptr(op, true, GD_RAM_GFN + 4, DOMID_SELF, 0);
	op = gref_ptr(op, false, 9, 3, 4090);
	op.len = 5;
	assert_int_equal(do_copy(&b, &op), GNTST_okay);
	assert_string_equal((char *)gd_page(&c, 5) + 4090, "to c");
	assert_int_equal(gd_flags(&c, 9), RW_FLAGS);

	/* Grant to grant, two granters. */
	memset(&op, 0, sizeof(op));
	op = gref_ptr(op, true, 8, 1, 100);
	op = gref_ptr(op, false, 9, 3, 0);
	op.len = PAGE_SIZE - 100;
	assert_int_equal(do_copy(&b, &op), GNTST_okay);
	assert_string_equal((char *)gd_page(&c, 5), "from a's grant");

	/* Frame to frame of the caller, overlapping in one page. */
	memset(&op, 0, sizeof(op));
	memcpy(gd_page(&b, 6), "abcdef", 7);
	op = gmfn_ptr(op, true, GD_RAM_GFN + 6, DOMID_SELF, 0);
	op = gmfn_ptr(op, false, GD_RAM_GFN + 6, DOMID_SELF, 2);
	op.len = 7;
	assert_int_equal(do_copy(&b, &op), GNTST_okay);
	assert_string_equal((char *)gd_page(&b, 6), "ababcdef");

	/* Zero length is fine (XSA-448). */
	op.len = 0;
	assert_int_equal(do_copy(&b, &op), GNTST_okay);

	assert_int_equal(gd_map_count(&a, 2), 0);
	assert_int_equal(gd_map_count(&b, 3), 0);
	assert_int_equal(gd_map_count(&c, 5), 0);
	gd_destroy(&a);
	gd_destroy(&b);
	gd_destroy(&c);
}

static void test_copy_errors(void **state)
{
	struct gdom a, b, c;
	struct gnttab_copy op, base;

	gd_init(&a, 1, false, 0);
	gd_init(&b, 2, false, 0);
	gd_init(&c, 3, false, 0);
	gd_grant(&a, 8, 2, 2, RO_FLAGS);
	gd_grant(&a, 9, 2, 3, RW_FLAGS);
	gd_grant(&a, 10, 3, 3, RW_FLAGS);
	memset(&base, 0, sizeof(base));
	base = gmfn_ptr(base, false, GD_RAM_GFN, DOMID_SELF, 0);
	base.len = 8;

	/* A frame must be the caller's, by DOMID_SELF. */
	op = gmfn_ptr(base, true, GD_RAM_GFN, 2, 0);
	assert_int_equal(do_copy(&b, &op), GNTST_permission_denied);
	op = gmfn_ptr(base, true, GD_RAM_GFN, 1, 0);
	assert_int_equal(do_copy(&b, &op), GNTST_permission_denied);
	/* Domains. */
	op = gref_ptr(base, true, 8, 7, 0);
	assert_int_equal(do_copy(&b, &op), GNTST_bad_domain);
	op = gref_ptr(base, true, 8, DOMID_IO, 0);
	assert_int_equal(do_copy(&b, &op), GNTST_bad_domain);
	op = gref_ptr(gref_ptr(base, true, 8, 1, 0), false, 9, 7, 0);
	assert_int_equal(do_copy(&b, &op), GNTST_bad_domain);
	/* Source domain checked before the destination. */
	op = gmfn_ptr(gref_ptr(base, false, 9, 7, 0), true, 0, 5, 0);
	assert_int_equal(do_copy(&b, &op), GNTST_permission_denied);
	/* Refs and entries. */
	op = gref_ptr(base, true, 600, 1, 0);
	assert_int_equal(do_copy(&b, &op), GNTST_bad_gntref);
	op = gref_ptr(base, true, 10, 1, 0); /* granted to c */
	assert_int_equal(do_copy(&b, &op), GNTST_general_error);
	op = gref_ptr(gmfn_ptr(base, true, GD_RAM_GFN, DOMID_SELF, 0), false, 8,
		      1, 0); /* read-only grant as destination */
	assert_int_equal(do_copy(&b, &op), GNTST_general_error);
	assert_int_equal(gd_flags(&a, 8), RO_FLAGS);
	/* Frames. */
	op = gmfn_ptr(base, true, GD_MAP_GFN, DOMID_SELF, 0);
	assert_int_equal(do_copy(&b, &op), GNTST_bad_page);
	op = gmfn_ptr(gref_ptr(base, true, 9, 1, 0), false, 0x10, DOMID_SELF,
		      0);
	assert_int_equal(do_copy(&b, &op), GNTST_bad_page);
	assert_int_equal(gd_flags(&a, 9), RW_FLAGS);
	gd_entry(&a, 9)->frame = 0xfffffff;
	op = gref_ptr(base, true, 9, 1, 0);
	assert_int_equal(do_copy(&b, &op), GNTST_bad_page);
	assert_int_equal(gd_flags(&a, 9), RW_FLAGS);
	gd_entry(&a, 9)->frame = (u32)(GD_RAM_GFN + 3);

	/* Bounds: after claiming, on each side (no u16 wrap). */
	op = gref_ptr(base, true, 9, 1, 4090);
	op.len = 7;
	assert_int_equal(do_copy(&b, &op), GNTST_bad_copy_arg);
	op.len = 6;
	assert_int_equal(do_copy(&b, &op), GNTST_okay);
	op = gref_ptr(base, true, 9, 1, 0);
	op.dest.offset = 0xffff;
	op.len = 0xffff;
	assert_int_equal(do_copy(&b, &op), GNTST_bad_copy_arg);
	op.dest.offset = 1;
	op.len = PAGE_SIZE;
	assert_int_equal(do_copy(&b, &op), GNTST_bad_copy_arg);
	op.source.offset = 0;
	op.dest.offset = 0;
	assert_int_equal(do_copy(&b, &op), GNTST_okay);
	/* A bad ref is reported before bad bounds, as Xen. */
	op = gref_ptr(base, true, 4000, 1, 4095);
	op.len = 100;
	assert_int_equal(do_copy(&b, &op), GNTST_bad_gntref);
	assert_int_equal(gd_flags(&a, 9), RW_FLAGS);
	assert_int_equal(gd_map_count(&a, 3), 0);

	gd_destroy(&a);
	gd_destroy(&b);
	gd_destroy(&c);
}

static void test_copy_with_mappings(void **state)
{
	struct gdom a, b, c;
	struct gnttab_copy op = {0};
	grant_handle_t h;

	gd_init(&a, 1, false, 0);
	gd_init(&b, 2, false, 0);
	gd_init(&c, 3, false, 0);
	gd_grant(&a, 8, 2, 2, RW_FLAGS);

	/* b maps it read-only, then copies into it: writing comes and goes. */
	assert_int_equal(gd_map(&b, 1, 8, GNTMAP_host_map | GNTMAP_readonly,
				GD_MAP_GFN, &h),
			 GNTST_okay);
	memcpy(gd_page(&b, 0), "via copy", 9);
	op = gmfn_ptr(op, true, GD_RAM_GFN, DOMID_SELF, 0);
	op = gref_ptr(op, false, 8, 1, 0);
	op.len = 9;
	assert_int_equal(do_copy(&b, &op), GNTST_okay);
	assert_string_equal((char *)gd_mapped(&b, GD_MAP_GFN, NULL),
			    "via copy");
	assert_int_equal(gd_flags(&a, 8), RW_FLAGS | GTF_reading);
	/* Pinned for b: c cannot copy from it. */
	memset(&op, 0, sizeof(op));
	op = gref_ptr(op, true, 8, 1, 0);
	op = gmfn_ptr(op, false, GD_RAM_GFN, DOMID_SELF, 0);
	op.len = 1;
	assert_int_equal(do_copy(&c, &op), GNTST_general_error);
	assert_int_equal(gd_map_count(&a, 2), 1);

	/* The granter goes: no more copies, the mapping keeps the page. */
	gd_destroy(&a);
	assert_int_equal(do_copy(&b, &op), GNTST_bad_domain);
	assert_int_equal(gd_unmap(&b, GD_MAP_GFN, h), GNTST_okay);
	gd_destroy(&b);
	gd_destroy(&c);
}

static void test_copy_batch_and_faults(void **state)
{
	struct gdom a, b;
	struct gnttab_copy ops[3];
	unsigned int i;

	gd_init(&a, 1, false, 0);
	gd_init(&b, 2, false, 0);
	memset(ops, 0, sizeof(ops));
	for (i = 0; i < 3; i++) {
		gd_grant(&a, 8 + i, 2, i, RW_FLAGS);
		gd_page(&a, i)[0] = 'x' + i;
		ops[i] = gref_ptr(ops[i], true, 8 + i, 1, 0);
		ops[i] = gmfn_ptr(ops[i], false, GD_RAM_GFN + i, DOMID_SELF, 0);
		ops[i].len = 1;
	}
	ops[1].source.u.ref = 9999;
	assert_int_equal(gd_op(&b, GNTTABOP_copy, ops, 3), 0);
	assert_int_equal(ops[0].status, GNTST_okay);
	assert_int_equal(ops[1].status, GNTST_bad_gntref);
	assert_int_equal(ops[2].status, GNTST_okay);
	assert_int_equal(gd_page(&b, 0)[0], 'x');
	assert_int_equal(gd_page(&b, 2)[0], 'z');
	/* Only the status is written back. */
	assert_int_equal(ops[1].source.u.ref, 9999);

	host_fake_fail_copy_from_guest(2);
	assert_int_equal(gd_op(&b, GNTTABOP_copy, ops, 3), -EFAULT);
	host_fake_fail_copy_from_guest(0);
	host_fake_fail_copy_to_guest(1);
	assert_int_equal(gd_op(&b, GNTTABOP_copy, ops, 3), -EFAULT);
	host_fake_fail_copy_to_guest(0);
	for (i = 0; i < 3; i++)
		assert_int_equal(gd_flags(&a, 8 + i), RW_FLAGS);
	assert_int_equal(gd_op(&b, GNTTABOP_copy, NULL, 1), -EFAULT);
	gd_destroy(&a);
	gd_destroy(&b);
}

static unsigned int race_calls;

static void revoke_hook(u32 *word)
{
	race_calls++;
	__atomic_store_n(word, 0, __ATOMIC_RELAXED);
}

static void test_copy_hostile(void **state)
{
	struct gdom a, b;
	struct gnttab_copy op = {0};

	gd_init(&a, 1, false, 0);
	gd_init(&b, 2, false, 0);
	gd_grant(&a, 8, 2, 2, RW_FLAGS);
	op = gref_ptr(op, true, 8, 1, 0);
	op = gmfn_ptr(op, false, GD_RAM_GFN, DOMID_SELF, 0);
	op.len = 64;
	gnttab_test_race_hook = revoke_hook;
	assert_int_equal(do_copy(&b, &op), GNTST_general_error);
	gnttab_test_race_hook = NULL;
	assert_int_equal(race_calls, 1);
	assert_int_equal(gd_flags(&a, 8), 0);
	assert_int_equal(gd_map_count(&a, 2), 0);
	gd_destroy(&a);
	gd_destroy(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_copy_directions),    T(test_copy_errors),
		T(test_copy_with_mappings), T(test_copy_batch_and_faults),
		T(test_copy_hostile),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
