/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: bounded atomics on guest-writable memory (XSA-295,
 * hyp/guest_atomic.h) over the fake arch, whose store-exclusive a test can
 * make fail, and their users in event delivery (event_2l.c, event_fifo.c,
 * the upcall flag in event_channel.c). A guest keeping a word busy must
 * cost a bounded number of attempts, get the owner of the word crashed,
 * leave no lock held and not fail the sender; contention short of the
 * bound must change nothing. Grant entries: test_gnttab_atomic.c.
 */
/* hyp headers first: compiler.h defines names glibc also defines. */
#include <hyp/guest_atomic.h>

#include "evtchn_test_util.h"

#define ARRAY_PAGE 10

static struct tdom t0, t1;

static int setup(void **state)
{
	td_env_init();
	td_init(&t0, 0, 0, 2, 1023, true);
	td_init(&t1, 1, 1, 2, 4095, false);
	return 0;
}

static int teardown(void **state)
{
	td_fini(&t1);
	td_fini(&t0);
	td_env_fini();
	return 0;
}

static void stxr_fail(unsigned long ok_first, unsigned long n)
{
	host_fake_stxr_ok_first = ok_first;
	host_fake_stxr_fail = n;
	host_fake_stxr_attempts = 0;
}

/* An interdomain channel a -> b; returns a's port, *bport b's. */
static u32 connect(struct tdom *a, struct tdom *b, u32 *bport)
{
	long bp = td_alloc_unbound(b, DOMID_SELF, a->d.domain_id);
	long ap;

	assert_true(bp > 0);
	ap = td_bind_interdomain(a, b->d.domain_id, bp);
	assert_true(ap > 0);
	*bport = bp;
	return ap;
}

/* ---- the arch operations themselves ---- */

static void test_fetch_ops_bounded(void **state)
{
	u32 w = 0x10, o32;
	u64 q = 0x10, o64;

	/* Every store-exclusive fails: exactly the bound, memory unchanged. */
	stxr_fail(0, ~0UL);
	assert_false(arch_guest_fetch_or32(&w, 1, &o32));
	assert_int_equal(host_fake_stxr_attempts, GUEST_ATOMIC_TRIES);
	assert_int_equal(w, 0x10);
	stxr_fail(0, ~0UL);
	assert_false(arch_guest_fetch_and32(&w, 0, &o32));
	assert_int_equal(host_fake_stxr_attempts, GUEST_ATOMIC_TRIES);
	assert_int_equal(w, 0x10);
	stxr_fail(0, ~0UL);
	assert_false(arch_guest_fetch_or64(&q, 1ULL << 40, &o64));
	assert_int_equal(host_fake_stxr_attempts, GUEST_ATOMIC_TRIES);
	stxr_fail(0, ~0UL);
	assert_false(arch_guest_fetch_and64(&q, 0, &o64));
	assert_int_equal(host_fake_stxr_attempts, GUEST_ATOMIC_TRIES);
	assert_int_equal(q, 0x10);

	/* One short of the bound: the last attempt goes through. */
	stxr_fail(0, GUEST_ATOMIC_TRIES - 1);
	assert_true(arch_guest_fetch_or32(&w, 1, &o32));
	assert_int_equal(host_fake_stxr_attempts, GUEST_ATOMIC_TRIES);
	assert_int_equal(o32, 0x10);
	assert_int_equal(w, 0x11);
	stxr_fail(0, GUEST_ATOMIC_TRIES - 1);
	assert_true(arch_guest_fetch_and64(&q, ~0x10ULL, &o64));
	assert_int_equal(o64, 0x10);
	assert_int_equal(q, 0);

	/* Uncontended: one attempt. */
	stxr_fail(0, 0);
	assert_true(arch_guest_fetch_or64(&q, 1ULL << 63, &o64));
	assert_int_equal(host_fake_stxr_attempts, 1);
	assert_int_equal(q, 1ULL << 63);
	assert_int_equal(host_fake_nr_crash_deferred(), 0);
}

static void test_cmpxchg_bounded(void **state)
{
	u8 b = 1, sb;
	u16 h = 2, sh;
	u32 w = 3, sw;
	u64 q = 4, sq;

	stxr_fail(0, ~0UL);
	assert_false(arch_guest_cmpxchg8(&b, 1, 9, &sb));
	assert_false(arch_guest_cmpxchg16(&h, 2, 9, &sh));
	assert_false(arch_guest_cmpxchg32(&w, 3, 9, &sw));
	assert_false(arch_guest_cmpxchg64(&q, 4, 9, &sq));
	assert_int_equal(host_fake_stxr_attempts, 4 * GUEST_ATOMIC_TRIES);
	assert_true(b == 1 && h == 2 && w == 3 && q == 4);

	/* A mismatch needs no store: done at once, even if busy. */
	stxr_fail(0, ~0UL);
	assert_true(arch_guest_cmpxchg8(&b, 7, 9, &sb));
	assert_true(arch_guest_cmpxchg64(&q, 7, 9, &sq));
	assert_int_equal(host_fake_stxr_attempts, 0);
	assert_true(sb == 1 && sq == 4 && b == 1 && q == 4);

	stxr_fail(0, GUEST_ATOMIC_TRIES - 1);
	assert_true(arch_guest_cmpxchg16(&h, 2, 0xbeef, &sh));
	assert_int_equal(sh, 2);
	assert_int_equal(h, 0xbeef);
	stxr_fail(0, 0);
	assert_true(arch_guest_cmpxchg32(&w, 3, 0xdead, &sw));
	assert_int_equal(host_fake_stxr_attempts, 1);
	assert_int_equal(w, 0xdead);
}

static void test_wrappers_crash_owner(void **state)
{
	u64 map[2] = {0, 0};
	u32 w = 0, seen;

	stxr_fail(0, ~0UL);
	/* Gave up: answers "nothing left to do" and crashes the owner. */
	assert_true(guest_test_and_set_bit64(&t1.d, map, 70));
	assert_int_equal(map[1], 0);
	assert_int_equal(host_fake_nr_crash_deferred(), 1);
	assert_ptr_equal(host_fake_last_crash_deferred(), &t1.d);
	map[0] = 1;
	assert_false(guest_test_and_clear_bit64(&t1.d, map, 0));
	assert_int_equal(map[0], 1);
	assert_int_equal(guest_cmpxchg32(&t1.d, &w, 0, 1, &seen), -EBUSY);
	assert_int_equal(w, 0);
	assert_int_equal(host_fake_nr_crash_deferred(), 3);

	stxr_fail(0, 0);
	assert_false(guest_test_and_set_bit64(&t0.d, map, 70));
	assert_true(guest_test_and_set_bit64(&t0.d, map, 70));
	assert_int_equal(map[1], 1ULL << 6);
	assert_true(guest_test_and_clear_bit32(&t0.d, (u32 *)map, 0));
	assert_int_equal(map[0], 0);
	assert_int_equal(guest_cmpxchg32(&t0.d, &w, 0, 1, &seen), 0);
	assert_int_equal(w, 1);
	assert_int_equal(host_fake_nr_crash_deferred(), 3);
	assert_false(t0.d.crash_deferred);
}

/* ---- event delivery ---- */

static void test_send_receiver_busy(void **state)
{
	u32 bport, aport = connect(&t0, &t1, &bport);
	unsigned long injects = host_fake_nr_injects();

	/* t1 keeps its pending word busy: t1 is crashed, t0 is not failed. */
	stxr_fail(0, ~0UL);
	assert_int_equal(td_send(&t0, aport), 0);
	assert_int_equal(host_fake_stxr_attempts, GUEST_ATOMIC_TRIES);
	assert_int_equal(host_fake_nr_crash_deferred(), 1);
	assert_ptr_equal(host_fake_last_crash_deferred(), &t1.d);
	assert_false(t0.d.crash_deferred);
	assert_false(td_2l_pending(&t1, bport));
	assert_int_equal(host_fake_nr_injects(), injects);

	/* No lock was left held (the fake lock would catch a relock). */
	stxr_fail(0, 0);
	assert_int_equal(td_send(&t0, aport), 0);
	assert_true(td_2l_pending(&t1, bport));
	assert_true(td_upcall(&t1, 0));
	assert_int_equal(host_fake_nr_injects(), injects + 1);
}

static void test_send_contended_completes(void **state)
{
	u32 bport, aport = connect(&t0, &t1, &bport);

	/* Contention short of the bound on each word: delivered as usual. */
	stxr_fail(0, GUEST_ATOMIC_TRIES - 1);
	assert_int_equal(td_send(&t0, aport), 0);
	assert_true(td_2l_pending(&t1, bport));
	stxr_fail(0, 0);
	td_2l_ack(&t1, 0);
	td_2l_clear_all_pending(&t1);
	stxr_fail(2, GUEST_ATOMIC_TRIES - 1);
	assert_int_equal(td_send(&t0, aport), 0);
	assert_true(td_2l_pending(&t1, bport));
	assert_true(td_sel(&t1, 0) & (1ULL << (bport / 64)));
	assert_true(td_upcall(&t1, 0));
	assert_int_equal(host_fake_nr_crash_deferred(), 0);
}

static void test_upcall_flag_busy(void **state)
{
	u32 bport, aport = connect(&t0, &t1, &bport);
	unsigned long injects = host_fake_nr_injects();

	/* Pending and selector bits go through, the upcall byte is busy. */
	stxr_fail(2, ~0UL);
	assert_int_equal(td_send(&t0, aport), 0);
	assert_int_equal(host_fake_stxr_attempts, 2 + GUEST_ATOMIC_TRIES);
	assert_true(td_2l_pending(&t1, bport));
	assert_false(td_upcall(&t1, 0));
	assert_int_equal(host_fake_nr_injects(), injects);
	assert_ptr_equal(host_fake_last_crash_deferred(), &t1.d);
}

static void test_unmask_busy(void **state)
{
	long port = td_bind_ipi(&t1, 0);

	assert_true(port > 0);
	td_2l_set_mask(&t1, port, true);
	assert_int_equal(td_send(&t1, port), 0);
	assert_true(td_2l_pending(&t1, port));
	assert_false(td_upcall(&t1, 0));

	stxr_fail(0, ~0UL);
	assert_int_equal(td_unmask(&t1, port), 0);
	assert_int_equal(host_fake_stxr_attempts, GUEST_ATOMIC_TRIES);
	assert_ptr_equal(host_fake_last_crash_deferred(), &t1.d);
	assert_false(td_upcall(&t1, 0));

	stxr_fail(0, 0);
	assert_int_equal(td_unmask(&t1, port), 0);
	assert_true(td_upcall(&t1, 0));
}

static void test_fifo_word_busy(void **state)
{
	struct evtchn_fifo_control_block *cb = td_page(&t1, 1);
	event_word_t *words = td_page(&t1, ARRAY_PAGE);
	long port;

	assert_int_equal(td_init_control(&t1, 1, 0, 0), 0);
	assert_int_equal(td_expand(&t1, ARRAY_PAGE), 0);
	port = td_bind_ipi(&t1, 0);
	assert_true(port > 0 && port < 1024);

	stxr_fail(0, ~0UL);
	assert_int_equal(td_send(&t1, port), 0);
	assert_ptr_equal(host_fake_last_crash_deferred(), &t1.d);
	assert_int_equal(words[port] & (1U << EVTCHN_FIFO_PENDING), 0);
	/* Bounded: each guest word touched costs at most the bound. */
	assert_true(host_fake_stxr_attempts <= 4 * GUEST_ATOMIC_TRIES);

	stxr_fail(0, 0);
	assert_int_equal(td_send(&t1, port), 0);
	assert_true(words[port] & (1U << EVTCHN_FIFO_PENDING));
	assert_true(words[port] & (1U << EVTCHN_FIFO_LINKED));
	assert_int_equal(cb->head[EVTCHN_FIFO_PRIORITY_DEFAULT], port);
	assert_true(cb->ready & (1U << EVTCHN_FIFO_PRIORITY_DEFAULT));
	assert_true(td_upcall(&t1, 0));
}

/* Linking onto a tail word the guest keeps busy. */
static void test_fifo_link_busy(void **state)
{
	event_word_t *words = td_page(&t1, ARRAY_PAGE);
	long p1, p2;

	assert_int_equal(td_init_control(&t1, 1, 0, 0), 0);
	assert_int_equal(td_expand(&t1, ARRAY_PAGE), 0);
	p1 = td_bind_ipi(&t1, 0);
	p2 = td_bind_ipi(&t1, 0);
	assert_true(p1 > 0 && p2 > 0);
	assert_int_equal(td_send(&t1, p1), 0);
	assert_true(words[p1] & (1U << EVTCHN_FIFO_LINKED));

	/* p2's PENDING and LINKED go through; the link CAS on p1 does not. */
	stxr_fail(2, ~0UL);
	assert_int_equal(td_send(&t1, p2), 0);
	assert_ptr_equal(host_fake_last_crash_deferred(), &t1.d);
	assert_int_equal(words[p1] & EVTCHN_FIFO_LINK_MASK, 0);
	assert_true(host_fake_stxr_attempts <= 2 + 4 * GUEST_ATOMIC_TRIES);
	/* The lock was released: the next send goes through. */
	stxr_fail(0, 0);
	assert_int_equal(td_send(&t1, p1), 0);
	assert_true(words[p1] & (1U << EVTCHN_FIFO_PENDING));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fetch_ops_bounded, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cmpxchg_bounded, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_wrappers_crash_owner,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_send_receiver_busy, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_send_contended_completes,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_upcall_flag_busy, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unmask_busy, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_fifo_word_busy, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_fifo_link_busy, setup,
						teardown),
	};

	return cmocka_run_group_tests_name("guest_atomic", tests, NULL, NULL);
}
