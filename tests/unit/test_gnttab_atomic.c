/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: grant entries a granter keeps busy (XSA-295). Setting and
 * clearing GTF_reading / GTF_writing go through the bounded guest atomics
 * (hyp/guest_atomic.h); when the fake arch's store-exclusive keeps
 * failing, the granter is crashed, the mapper or copier gets an error or
 * its result, and no pin, page reference or lock is left behind.
 */
/* hyp headers first: compiler.h defines names glibc also defines. */
#include <hyp/guest_atomic.h>

#include "gnttab_test_util.h"

#define RO_FLAGS (GTF_permit_access | GTF_readonly)
#define RW_FLAGS (GTF_permit_access)

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

static void stxr_fail(unsigned long ok_first, unsigned long n)
{
	host_fake_stxr_ok_first = ok_first;
	host_fake_stxr_fail = n;
	host_fake_stxr_attempts = 0;
}

/* b copies 16 bytes from a's grant ref 8 (a's page 2) to its page 3. */
static s16 copy_from_a(struct gdom *a, struct gdom *b)
{
	struct gnttab_copy op = {0};

	op.source.u.ref = 8;
	op.source.domid = a->d.domain_id;
	op.dest.u.gmfn = GD_RAM_GFN + 3;
	op.dest.domid = DOMID_SELF;
	op.len = 16;
	op.flags = GNTCOPY_source_gref;
	op.status = 0x7777;
	assert_int_equal(gd_op(b, GNTTABOP_copy, &op, 1), 0);
	return op.status;
}

static void pins_gone(struct gdom *a, grant_ref_t ref, unsigned int idx)
{
	struct gnttab_active *act = gnttab_act(a->d.grant_table, ref);

	assert_int_equal(act->pin_ro, 0);
	assert_int_equal(act->pin_rw, 0);
	assert_int_equal(gd_map_count(a, idx), 0);
}

static void test_copy_granter_busy(void **state)
{
	struct gdom a, b;

	gd_init(&a, 1, false, 0);
	gd_init(&b, 0, true, 0);
	memcpy(gd_page(&a, 2), "granted by a ...", 16);
	gd_grant(&a, 8, 0, 2, RO_FLAGS);

	/* Setting GTF_reading never succeeds: an error, a crashed. */
	stxr_fail(0, ~0UL);
	assert_int_equal(copy_from_a(&a, &b), GNTST_general_error);
	assert_int_equal(host_fake_stxr_attempts, GUEST_ATOMIC_TRIES);
	assert_ptr_equal(host_fake_last_crash_deferred(), &a.d);
	assert_int_equal(host_fake_nr_crash_deferred(), 1);
	assert_false(b.d.crash_deferred);
	assert_int_equal(gd_flags(&a, 8), RO_FLAGS);
	assert_int_equal(gd_page(&b, 3)[0], 0);
	pins_gone(&a, 8, 2);

	/* Locks were released: the same copy works once a lets go. */
	stxr_fail(0, 0);
	assert_int_equal(copy_from_a(&a, &b), GNTST_okay);
	assert_memory_equal(gd_page(&b, 3), "granted by a ...", 16);
	assert_int_equal(gd_flags(&a, 8), RO_FLAGS);
	pins_gone(&a, 8, 2);
	gd_destroy(&a);
	gd_destroy(&b);
}

static void test_copy_clear_busy(void **state)
{
	struct gdom a, b;

	gd_init(&a, 1, false, 0);
	gd_init(&b, 0, true, 0);
	memcpy(gd_page(&a, 2), "granted by a ...", 16);
	gd_grant(&a, 8, 0, 2, RO_FLAGS);

	/*
	 * GTF_reading is set, the copy is done, clearing it never succeeds:
	 * the copy stands, a is crashed, its flag stays set (only a's loss),
	 * and the pin and page reference are gone.
	 */
	stxr_fail(1, ~0UL);
	assert_int_equal(copy_from_a(&a, &b), GNTST_okay);
	assert_int_equal(host_fake_stxr_attempts, 1 + GUEST_ATOMIC_TRIES);
	assert_memory_equal(gd_page(&b, 3), "granted by a ...", 16);
	assert_ptr_equal(host_fake_last_crash_deferred(), &a.d);
	assert_int_equal(gd_flags(&a, 8), RO_FLAGS | GTF_reading);
	pins_gone(&a, 8, 2);
	stxr_fail(0, 0);
	gd_destroy(&a);
	gd_destroy(&b);
}

static void test_copy_contended_completes(void **state)
{
	struct gdom a, b;

	gd_init(&a, 1, false, 0);
	gd_init(&b, 0, true, 0);
	memcpy(gd_page(&a, 2), "granted by a ...", 16);
	gd_grant(&a, 8, 0, 2, RO_FLAGS);

	/* Busy short of the bound, for both the set and the clear. */
	stxr_fail(0, GUEST_ATOMIC_TRIES - 1);
	assert_int_equal(copy_from_a(&a, &b), GNTST_okay);
	stxr_fail(1, GUEST_ATOMIC_TRIES - 1);
	assert_int_equal(copy_from_a(&a, &b), GNTST_okay);
	assert_int_equal(host_fake_nr_crash_deferred(), 0);
	assert_int_equal(gd_flags(&a, 8), RO_FLAGS);
	pins_gone(&a, 8, 2);
	gd_destroy(&a);
	gd_destroy(&b);
}

static void test_map_unmap_busy(void **state)
{
	struct gdom a, b;
	grant_handle_t h;
	unsigned int maps;

	gd_init(&a, 1, false, 0);
	gd_init(&b, 0, true, 0);
	maps = host_fake_p2m_count(&b.d);
	gd_grant(&a, 8, 0, 2, RW_FLAGS);

	/* Mapping: GTF_reading | GTF_writing cannot be set. */
	stxr_fail(0, ~0UL);
	assert_int_equal(gd_map(&b, 1, 8, GNTMAP_host_map, GD_MAP_GFN, &h),
			 GNTST_general_error);
	assert_ptr_equal(host_fake_last_crash_deferred(), &a.d);
	assert_int_equal(host_fake_p2m_count(&b.d), maps);
	assert_int_equal(gd_flags(&a, 8), RW_FLAGS);
	pins_gone(&a, 8, 2);

	/* Mapped fine; the unmap cannot clear the flags: still unmapped. */
	stxr_fail(0, 0);
	assert_int_equal(gd_map(&b, 1, 8, GNTMAP_host_map, GD_MAP_GFN, &h),
			 GNTST_okay);
	assert_int_equal(gd_flags(&a, 8), RW_FLAGS | GTF_reading | GTF_writing);
	stxr_fail(0, ~0UL);
	assert_int_equal(gd_unmap(&b, GD_MAP_GFN, h), GNTST_okay);
	assert_int_equal(host_fake_p2m_count(&b.d), maps);
	pins_gone(&a, 8, 2);
	stxr_fail(0, 0);
	gd_destroy(&a);
	gd_destroy(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_copy_granter_busy, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_copy_clear_busy, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_copy_contended_completes,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_map_unmap_busy, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
