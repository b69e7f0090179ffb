/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: the FIFO event-channel ABI (common/event_fifo.c), hostile
 * guests scribbling over their event array and control blocks, and random
 * operation fuzzing over both ABIs with a fixed seed.
 *
 * Guest layout used here: vCPU n's control block at page 1 + n, event
 * array page k at page ARRAY_PAGE + k; pages from CANARY_PAGE up are
 * never shared with the hypervisor and must never change.
 */
#include "evtchn_test_util.h"

#include <pthread.h>

#define ARRAY_PAGE 10
#define CANARY_PAGE 200
#define CANARY 0x5a

static struct tdom t0, t1, t2;

/* What Linux keeps per vCPU while consuming: a local head per queue. */
struct guest_q {
	u32 head[EVTCHN_FIFO_MAX_QUEUES];
};
static struct guest_q gq[3][TD_MAX_VCPUS];

static void fill_canary(struct tdom *t)
{
	memset(td_page(t, CANARY_PAGE), CANARY,
	       (TD_RAM_PAGES - CANARY_PAGE) * PAGE_SIZE);
}

static void check_canary(struct tdom *t)
{
	const u8 *p = td_page(t, CANARY_PAGE);
	size_t i;

	for (i = 0; i < (TD_RAM_PAGES - CANARY_PAGE) * PAGE_SIZE; i++)
		if (p[i] != CANARY)
			fail_msg("d%u: byte %zu of the canary pages changed",
				 t->d.domain_id, i);
}

static int setup(void **state)
{
	td_env_init();
	td_init(&t0, 0, 0, 2, 4095, true);
	td_init(&t1, 1, 1, 2, EVTCHN_FIFO_NR_CHANNELS, false);
	td_init(&t2, 2, 2, 2, 4095, false);
	fill_canary(&t0);
	fill_canary(&t1);
	fill_canary(&t2);
	memset(gq, 0, sizeof(gq));
	return 0;
}

static int teardown(void **state)
{
	check_canary(&t0);
	check_canary(&t1);
	check_canary(&t2);
	td_fini(&t2);
	td_fini(&t1);
	td_fini(&t0);
	td_env_fini();
	return 0;
}

static struct evtchn_fifo_control_block *cb(struct tdom *t, unsigned int vid)
{
	return td_page(t, 1 + vid);
}

static event_word_t *word(struct tdom *t, u32 port)
{
	return (event_word_t *)td_page(t, ARRAY_PAGE + port / 1024) +
	       port % 1024;
}

#define W(b) (1U << EVTCHN_FIFO_##b)

/* Switch t to FIFO with control blocks for all vCPUs and pages array. */
static void fifo_on(struct tdom *t, unsigned int pages)
{
	unsigned int i;

	for (i = 0; i < t->d.max_vcpus; i++)
		assert_int_equal(td_init_control(t, 1 + i, 0, i), 0);
	for (i = 0; i < pages; i++)
		assert_int_equal(td_expand(t, ARRAY_PAGE + i), 0);
}

/*
 * The guest's side, as Linux does it: take the ready bits, then walk each
 * queue from its head, unlinking as it goes and handling (and clearing)
 * events that are pending and unmasked. Returns how many were handled,
 * their ports in out[]. Bounded, whatever the words say.
 */
static unsigned int consume(struct tdom *t, unsigned int vid, u32 *out,
			    unsigned int max, unsigned int nr_pages)
{
	struct evtchn_fifo_control_block *c = cb(t, vid);
	struct guest_q *g = &gq[t->d.domain_id % 3][vid];
	unsigned int n = 0, guard = 0;
	u32 ready = __atomic_exchange_n(&c->ready, 0, __ATOMIC_SEQ_CST);

	while (ready && guard++ < 4 * EVTCHN_FIFO_NR_CHANNELS) {
		unsigned int q = __builtin_ctz(ready);
		u32 port = g->head[q] ? g->head[q] : c->head[q];
		event_word_t *w, old, new;

		if (q >= EVTCHN_FIFO_MAX_QUEUES)
			break;
		if (port >= nr_pages * 1024) {
			ready &= ~(1U << q);
			g->head[q] = 0;
			continue;
		}
		w = word(t, port);
		old = __atomic_load_n(w, __ATOMIC_SEQ_CST);
		do {
			new = old & ~(W(LINKED) | EVTCHN_FIFO_LINK_MASK);
		} while (!__atomic_compare_exchange_n(w, &old, new, false,
						      __ATOMIC_SEQ_CST,
						      __ATOMIC_SEQ_CST));
		g->head[q] = old & EVTCHN_FIFO_LINK_MASK;
		if (!g->head[q])
			ready &= ~(1U << q);
		if ((old & W(PENDING)) && !(old & W(MASKED))) {
			__atomic_fetch_and(w, ~W(PENDING), __ATOMIC_SEQ_CST);
			if (n < max)
				out[n] = port;
			n++;
		}
		ready |= __atomic_exchange_n(&c->ready, 0, __ATOMIC_SEQ_CST);
	}
	t->vcpu[vid].vcpu_info->evtchn_upcall_pending = 0;
	return n;
}

static void test_init_control(void **state)
{
	struct evtchn_init_control ic = {.control_gfn = td_gfn(1), .vcpu = 0};

	/* Bad vCPU, offsets, frames: nothing changes. */
	assert_int_equal(td_init_control(&t1, 1, 0, 2), -ENOENT);
	assert_int_equal(td_init_control(&t1, 1, 0, 0xffffffffU), -ENOENT);
	assert_int_equal(td_init_control(&t1, 1, 4, 0), -EINVAL);
	assert_int_equal(td_init_control(&t1, 1, 4096 - 64, 0), -EINVAL);
	assert_int_equal(td_init_control(&t1, 1, 0xfffffff8U, 0), -EINVAL);
	assert_int_equal(td_init_control(&t1, TD_RAM_PAGES, 0, 0), -EINVAL);
	{
		struct evtchn_init_control bad = {.control_gfn = ~0ULL};

		assert_int_equal(td_op(&t1, 0, EVTCHNOP_init_control, &bad),
				 -EINVAL);
	}
	/* Still 2-level. */
	assert_int_equal(td_expand(&t1, ARRAY_PAGE), -EOPNOTSUPP);
	assert_int_equal(td_set_priority(&t1, 1, 0), -ENOSYS);

	/* The last offset that fits; link_bits comes back. */
	ic.offset = 4096 - 72;
	assert_int_equal(td_op(&t1, 0, EVTCHNOP_init_control, &ic), 0);
	assert_int_equal(ic.link_bits, EVTCHN_FIFO_LINK_BITS);
	/* Once per vCPU. */
	ic.offset = 0;
	assert_int_equal(td_op(&t1, 0, EVTCHNOP_init_control, &ic), -EINVAL);
	/* vCPU 1, not running yet, from vCPU 0 (Linux does this). */
	assert_int_equal(td_init_control(&t1, 2, 8, 1), 0);
	assert_int_equal(td_init_control(&t1, 2, 8, 1), -EINVAL);
	assert_int_equal(td_expand(&t1, ARRAY_PAGE), 0);
}

static void test_expand(void **state)
{
	unsigned int i;

	assert_int_equal(td_init_control(&t1, 1, 0, 0), 0);
	assert_int_equal(td_expand(&t1, TD_RAM_PAGES + 5), -EINVAL);
	for (i = 0; i < EVTCHN_FIFO_NR_CHANNELS / 1024; i++)
		assert_int_equal(td_expand(&t1, ARRAY_PAGE + i), 0);
	assert_int_equal(td_expand(&t1, ARRAY_PAGE), -ENOSPC);
	/* The highest port works. */
	for (i = 1; i < 2000; i++)
		assert_true(td_bind_ipi(&t1, 0) > 0);
}

static void test_deliver_order(void **state)
{
	u32 p[3], got[8];
	unsigned int i;
	unsigned long raises;

	fifo_on(&t1, 1);
	for (i = 0; i < 3; i++)
		p[i] = td_bind_ipi(&t1, 0);
	raises = host_fake_nr_raises(&t1.vcpu[0], TD_PPI);

	assert_int_equal(td_send(&t1, p[2]), 0);
	assert_int_equal(td_send(&t1, p[0]), 0);
	assert_int_equal(td_send(&t1, p[1]), 0);
	/* One upcall, one ready queue, head = first sent, linked chain. */
	assert_int_equal(host_fake_nr_raises(&t1.vcpu[0], TD_PPI), raises + 1);
	assert_int_equal(cb(&t1, 0)->ready, 1U << EVTCHN_FIFO_PRIORITY_DEFAULT);
	assert_int_equal(cb(&t1, 0)->head[EVTCHN_FIFO_PRIORITY_DEFAULT], p[2]);
	assert_int_equal(*word(&t1, p[2]), W(PENDING) | W(LINKED) | p[0]);
	assert_int_equal(*word(&t1, p[0]), W(PENDING) | W(LINKED) | p[1]);
	assert_int_equal(*word(&t1, p[1]), W(PENDING) | W(LINKED));
	/* Sending again while pending changes nothing. */
	assert_int_equal(td_send(&t1, p[0]), 0);
	assert_int_equal(*word(&t1, p[0]), W(PENDING) | W(LINKED) | p[1]);

	assert_int_equal(consume(&t1, 0, got, 8, 1), 3);
	assert_int_equal(got[0], p[2]);
	assert_int_equal(got[1], p[0]);
	assert_int_equal(got[2], p[1]);

	/* The queue emptied: the next event is a new head. */
	assert_int_equal(td_send(&t1, p[1]), 0);
	assert_int_equal(cb(&t1, 0)->head[EVTCHN_FIFO_PRIORITY_DEFAULT], p[1]);
	assert_int_equal(consume(&t1, 0, got, 8, 1), 1);
	assert_int_equal(got[0], p[1]);
	/* Partly consumed queue: links onto the live tail. */
	assert_int_equal(td_send(&t1, p[0]), 0);
	assert_int_equal(td_send(&t1, p[2]), 0);
	assert_int_equal(*word(&t1, p[0]), W(PENDING) | W(LINKED) | p[2]);
}

static void test_priorities(void **state)
{
	u32 hi, mid, lo, got[8];

	fifo_on(&t1, 1);
	hi = td_bind_ipi(&t1, 0);
	mid = td_bind_ipi(&t1, 0);
	lo = td_bind_ipi(&t1, 0);
	assert_int_equal(td_set_priority(&t1, hi, EVTCHN_FIFO_PRIORITY_MAX), 0);
	assert_int_equal(td_set_priority(&t1, lo, EVTCHN_FIFO_PRIORITY_MIN), 0);
	assert_int_equal(td_set_priority(&t1, lo, 16), -EINVAL);
	assert_int_equal(td_set_priority(&t1, lo, 0xffffffffU), -EINVAL);
	assert_int_equal(td_set_priority(&t1, 100, 1), -EACCES);
	assert_int_equal(td_set_priority(&t1, 0, 1), -EACCES);
	assert_int_equal(td_set_priority(&t1, 1U << 20, 1), -EINVAL);

	assert_int_equal(td_send(&t1, lo), 0);
	assert_int_equal(td_send(&t1, mid), 0);
	assert_int_equal(td_send(&t1, hi), 0);
	assert_int_equal(cb(&t1, 0)->ready, (1U << 0) | (1U << 7) | (1U << 15));
	assert_int_equal(cb(&t1, 0)->head[0], hi);
	assert_int_equal(cb(&t1, 0)->head[7], mid);
	assert_int_equal(cb(&t1, 0)->head[15], lo);
	assert_int_equal(consume(&t1, 0, got, 8, 1), 3);
	assert_int_equal(got[0], hi);
	assert_int_equal(got[1], mid);
	assert_int_equal(got[2], lo);

	/* A queued event changing queue: the old tail is forgotten. */
	assert_int_equal(td_send(&t1, mid), 0);
	assert_int_equal(td_set_priority(&t1, mid, 3), 0);
	assert_int_equal(consume(&t1, 0, got, 8, 1), 1);
	assert_int_equal(td_send(&t1, mid), 0);
	assert_int_equal(cb(&t1, 0)->head[3], mid);
	assert_int_equal(td_send(&t1, lo), 0);
	assert_int_equal(td_set_priority(&t1, lo, 7), 0);
	assert_int_equal(consume(&t1, 0, got, 8, 1), 2);
	assert_int_equal(td_send(&t1, lo), 0);
	assert_int_equal(cb(&t1, 0)->head[7], lo);
	assert_int_equal(*word(&t1, lo), W(PENDING) | W(LINKED));
}

static void test_masked(void **state)
{
	u32 p, got[4];

	fifo_on(&t1, 1);
	p = td_bind_ipi(&t1, 1);
	*word(&t1, p) = W(MASKED);
	assert_int_equal(td_send(&t1, p), 0);
	assert_int_equal(*word(&t1, p), W(MASKED) | W(PENDING));
	assert_int_equal(cb(&t1, 1)->ready, 0);
	assert_false(td_upcall(&t1, 1));
	assert_int_equal(evtchn_port_poll(&t1.d, p), 1);

	/* Unmask (the guest saw PENDING): queued and raised. */
	assert_int_equal(td_unmask(&t1, p), 0);
	assert_int_equal(*word(&t1, p), W(PENDING) | W(LINKED));
	assert_true(td_upcall(&t1, 1));
	assert_int_equal(consume(&t1, 1, got, 4, 1), 1);
	assert_int_equal(got[0], p);
	/* Unmasking a non-pending port just clears MASKED. */
	*word(&t1, p) = W(MASKED);
	assert_int_equal(td_unmask(&t1, p), 0);
	assert_int_equal(*word(&t1, p), 0);
	assert_int_equal(cb(&t1, 1)->ready, 0);
}

static void test_deferred(void **state)
{
	u32 p, q, got[4];

	fifo_on(&t1, 1);
	/* A port in the second page, which does not exist yet. */
	while ((p = td_bind_ipi(&t1, 0)) < 1030)
		;
	q = td_alloc_unbound(&t1, DOMID_SELF, 2);
	assert_int_equal(td_send(&t1, p), 0);
	assert_int_equal(cb(&t1, 0)->ready, 0);
	assert_int_equal(evtchn_port_poll(&t1.d, p), 0);
	assert_int_equal(td_unmask(&t1, p), 0);
	assert_int_equal(td_set_priority(&t1, p, 2), 0);

	/* Linux zeroes new pages to MASKED; ours are unmasked. */
	assert_int_equal(td_expand(&t1, ARRAY_PAGE + 1), 0);
	assert_int_equal(*word(&t1, p), W(PENDING) | W(LINKED));
	assert_int_equal(cb(&t1, 0)->head[2], p);
	assert_int_equal(*word(&t1, q), 0);
	assert_int_equal(consume(&t1, 0, got, 4, 2), 1);
	assert_int_equal(got[0], p);
}

static void test_tail_consumed(void **state)
{
	u32 a, b, got[4];

	fifo_on(&t1, 1);
	a = td_bind_ipi(&t1, 0);
	b = td_bind_ipi(&t1, 0);
	assert_int_equal(td_send(&t1, a), 0);
	/* The guest took a off the queue but has not cleared PENDING. */
	__atomic_fetch_and(word(&t1, a), ~W(LINKED), __ATOMIC_SEQ_CST);
	cb(&t1, 0)->ready = 0;
	assert_int_equal(td_send(&t1, b), 0);
	assert_int_equal(cb(&t1, 0)->head[7], b);
	assert_int_equal(*word(&t1, a), W(PENDING));
	assert_int_equal(cb(&t1, 0)->ready, 1U << 7);
	memset(&gq, 0, sizeof(gq));
	assert_int_equal(consume(&t1, 0, got, 4, 1), 1);
	assert_int_equal(got[0], b);
}

static void test_bind_vcpu_fifo(void **state)
{
	u32 a, b, got[4];

	fifo_on(&t1, 1);
	fifo_on(&t2, 1);
	a = td_alloc_unbound(&t1, DOMID_SELF, 2);
	b = td_bind_interdomain(&t2, 1, a);
	assert_int_equal(consume(&t2, 0, got, 4, 1), 1); /* bind's event */
	assert_int_equal(got[0], b);
	assert_int_equal(td_bind_vcpu(&t2, b, 1), 0);
	assert_int_equal(td_send(&t1, a), 0);
	assert_int_equal(cb(&t2, 0)->ready, 0);
	assert_int_equal(cb(&t2, 1)->ready, 1U << 7);
	assert_int_equal(cb(&t2, 1)->head[7], b);
	assert_true(td_upcall(&t2, 1));
	assert_int_equal(consume(&t2, 1, got, 4, 1), 1);
	assert_int_equal(got[0], b);
}

static void test_busy_port(void **state)
{
	struct evtchn_status st;
	u32 p, got[4];

	fifo_on(&t1, 1);
	p = td_bind_ipi(&t1, 0);
	assert_int_equal(td_send(&t1, p), 0);
	assert_int_equal(td_close(&t1, p), 0);
	/* Closing cleared PENDING but the word is still on the queue. */
	assert_int_equal(*word(&t1, p), W(LINKED));
	assert_int_equal(td_status(&t1, DOMID_SELF, p, &st), 0);
	assert_int_equal(st.status, EVTCHNSTAT_closed);
	assert_int_equal(td_bind_ipi(&t1, 0), p + 1);
	/* Once the guest unlinks it, the port is reused. */
	assert_int_equal(consume(&t1, 0, got, 4, 1), 0);
	assert_int_equal(td_bind_ipi(&t1, 0), p);
}

static void test_switch_keeps_pending(void **state)
{
	u32 a, b, got[4];

	a = td_alloc_unbound(&t1, DOMID_SELF, 2);
	b = td_bind_interdomain(&t2, 1, a);
	assert_int_equal(td_send(&t2, b), 0);
	assert_true(td_2l_pending(&t1, a));
	fifo_on(&t1, 1);
	/* The 2-level bitmaps are no longer used. */
	td_2l_clear_all_pending(&t1);
	assert_int_equal(consume(&t1, 0, got, 4, 1), 1);
	assert_int_equal(got[0], a);
	assert_int_equal(td_send(&t2, b), 0);
	assert_false(td_2l_pending(&t1, a));
	assert_int_equal(consume(&t1, 0, got, 4, 1), 1);
}

static void test_reset_to_2l(void **state)
{
	u32 p;

	fifo_on(&t1, 1);
	p = td_bind_ipi(&t1, 0);
	assert_int_equal(td_reset(&t1, DOMID_SELF), 0);
	assert_int_equal(td_expand(&t1, ARRAY_PAGE), -EOPNOTSUPP);
	assert_int_equal(td_set_priority(&t1, 1, 3), -ENOSYS);
	p = td_bind_ipi(&t1, 0);
	assert_int_equal(td_send(&t1, p), 0);
	assert_true(td_2l_pending(&t1, p));
	/* And FIFO again, same pages. */
	td_2l_clear_all_pending(&t1);
	memset(cb(&t1, 0), 0, PAGE_SIZE);
	memset(cb(&t1, 1), 0, PAGE_SIZE);
	memset(word(&t1, 0), 0, PAGE_SIZE);
	fifo_on(&t1, 1);
	assert_int_equal(td_send(&t1, p), 0);
	assert_int_equal(cb(&t1, 0)->head[7], p);
}

static void test_no_control_block(void **state)
{
	u32 p;

	assert_int_equal(td_init_control(&t1, 1, 0, 0), 0);
	assert_int_equal(td_expand(&t1, ARRAY_PAGE), 0);
	p = td_bind_ipi(&t1, 1);
	/* vCPU 1 has no control block: the event is dropped. */
	assert_int_equal(td_send(&t1, p), 0);
	assert_int_equal(*word(&t1, p), 0);
	assert_false(td_upcall(&t1, 1));
}

/* ---- hostile guests ---- */

static u64 rng_state;

static u32 rnd(void)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return rng_state >> 33;
}

static void scribble(struct tdom *t, unsigned int pages, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		u32 *w;

		switch (rnd() % 4) {
		case 0: /* any word of the array */
			*word(t, rnd() % (pages * 1024)) = rnd();
			break;
		case 1: /* LINKED + a link, maybe to itself */
			w = word(t, rnd() % (pages * 1024));
			*w = W(LINKED) |
			     (rnd() & 1 ? rnd() : (u32)(w - word(t, 0))) %
				     (1U << 17);
			break;
		case 2: /* control blocks */
			((u32 *)cb(t, rnd() % t->d.max_vcpus))[rnd() % 18] =
				rnd();
			break;
		default: /* flip one flag */
			__atomic_fetch_xor(word(t, rnd() % (pages * 1024)),
					   1U << (28 + rnd() % 4),
					   __ATOMIC_SEQ_CST);
			break;
		}
	}
}

static void test_garbage(void **state)
{
	unsigned int i, pages = 3;
	u32 ports[64];

	rng_state = 42;
	fifo_on(&t1, pages);
	for (i = 0; i < 64; i++)
		ports[i] = td_bind_ipi(&t1, i % 2);
	for (i = 0; i < 64; i++)
		assert_int_equal(td_set_priority(&t1, ports[i], i % 16), 0);
	/* Everything garbage, then operate. */
	for (i = 0; i < 3 * 1024; i++)
		*word(&t1, i) = rnd();
	for (i = 0; i < 20000; i++) {
		u32 p = ports[rnd() % 64];

		switch (rnd() % 6) {
		case 0:
		case 1:
			td_send(&t1, p);
			break;
		case 2:
			td_unmask(&t1, p);
			break;
		case 3:
			scribble(&t1, pages, 4);
			break;
		case 4: {
			u32 got[16];

			consume(&t1, rnd() % 2, got, 16, pages);
			break;
		}
		default:
			td_set_priority(&t1, p, rnd() % 17);
			break;
		}
	}
}

static void test_self_links(void **state)
{
	unsigned int i;
	u32 p, q;

	fifo_on(&t1, 1);
	p = td_bind_ipi(&t1, 0);
	q = td_bind_ipi(&t1, 0);
	/* Every word LINKED and linked to itself, heads pointing anywhere. */
	for (i = 0; i < 1024; i++)
		*word(&t1, i) = W(LINKED) | i;
	for (i = 0; i < EVTCHN_FIFO_MAX_QUEUES; i++)
		cb(&t1, 0)->head[i] = 0x1ffff;
	/* Already LINKED: sends only set PENDING, nothing loops. */
	assert_int_equal(td_send(&t1, p), 0);
	assert_int_equal(*word(&t1, p), W(LINKED) | W(PENDING) | p);

	/* A loop a -> b -> a on the live queue: we only write the tail. */
	*word(&t1, p) = 0;
	*word(&t1, q) = 0;
	assert_int_equal(td_send(&t1, p), 0);
	*word(&t1, p) = W(PENDING) | W(LINKED) | q;
	*word(&t1, q) = W(PENDING) | W(LINKED) | p;
	assert_int_equal(td_send(&t1, q), 0);
	assert_int_equal(td_send(&t1, p), 0);
	/* Busy left set by the guest is cleared by a successful link. */
	*word(&t1, p) = W(LINKED) | W(BUSY);
	*word(&t1, q) = 0;
	assert_int_equal(td_send(&t1, q), 0);
	assert_int_equal(*word(&t1, p), W(LINKED) | q);
	/* Ports beyond the array in LINK fields are never followed. */
	*word(&t1, q) = W(LINKED) | 0x1ffff;
	assert_int_equal(td_close(&t1, p), 0);
	assert_true(td_bind_ipi(&t1, 0) > 0);
}

static void test_shared_pages(void **state)
{
	u32 p, i;

	/* Control blocks and event array all in the same page. */
	assert_int_equal(td_init_control(&t1, 5, 0, 0), 0);
	assert_int_equal(td_init_control(&t1, 5, 0x800, 1), 0);
	assert_int_equal(td_expand(&t1, 5), 0);
	assert_int_equal(td_expand(&t1, 5), 0);
	for (i = 0; i < 300; i++) {
		p = td_bind_ipi(&t1, i % 2);
		td_send(&t1, p);
	}
}

/*
 * Another vCPU of the guest keeps flipping MASKED on the queue's tail
 * while we link onto it: the compare-and-swap keeps failing, the retries
 * are bounded, and BUSY never stays set.
 */
static event_word_t *volatile flip_word;
static volatile bool flip_stop;

static void *flipper(void *arg)
{
	while (!flip_stop) {
		event_word_t *w = flip_word;

		if (w)
			__atomic_fetch_xor(w, W(MASKED), __ATOMIC_SEQ_CST);
	}
	return NULL;
}

static void test_tail_hammered(void **state)
{
	static u32 ports[1000];
	unsigned int i, round, linked = 0;
	pthread_t th;

	fifo_on(&t1, 1);
	for (i = 0; i < ARRAY_SIZE(ports); i++)
		ports[i] = td_bind_ipi(&t1, 0);
	flip_stop = false;
	flip_word = NULL;
	assert_int_equal(pthread_create(&th, NULL, flipper, NULL), 0);
	for (round = 0; round < 10; round++) {
		/* The guest consumed everything: start a new chain. */
		flip_word = NULL;
		memset(word(&t1, 0), 0, PAGE_SIZE);
		memset(cb(&t1, 0), 0, PAGE_SIZE);
		for (i = 0; i < ARRAY_SIZE(ports); i++) {
			assert_int_equal(td_send(&t1, ports[i]), 0);
			flip_word = word(&t1, ports[i]);
		}
	}
	flip_stop = true;
	pthread_join(th, NULL);

	for (i = 0; i < ARRAY_SIZE(ports); i++) {
		event_word_t w = *word(&t1, ports[i]);

		assert_false(w & W(BUSY));
		if (i + 1 < ARRAY_SIZE(ports) &&
		    (w & EVTCHN_FIFO_LINK_MASK) == ports[i + 1])
			linked++;
	}
	/* Most links still get through. */
	assert_true(linked > ARRAY_SIZE(ports) / 2);
}

/* ---- random operations over three domains and both ABIs ---- */

static struct tdom *dom_of(unsigned int i)
{
	return i == 0 ? &t0 : i == 1 ? &t1 : &t2;
}

/* Both ends of every interdomain channel point at each other. */
static void check_links(void)
{
	unsigned int i;
	u32 port;

	for (i = 0; i < 3; i++) {
		struct tdom *t = dom_of(i);

		for (port = 1;; port++) {
			struct evtchn_status st, rst;

			if (td_status(&t0, t->d.domain_id, port, &st))
				break; /* past the port table */
			if (st.status != EVTCHNSTAT_interdomain)
				continue;
			assert_int_equal(td_status(&t0, st.u.interdomain.dom,
						   st.u.interdomain.port, &rst),
					 0);
			assert_int_equal(rst.status, EVTCHNSTAT_interdomain);
			assert_int_equal(rst.u.interdomain.dom, t->d.domain_id);
			assert_int_equal(rst.u.interdomain.port, port);
		}
	}
}

static void fuzz_one(void)
{
	struct tdom *t = dom_of(rnd() % 3), *o = dom_of(rnd() % 3);
	u32 port = rnd() % 70, vid = rnd() % 3;
	unsigned int pages = 1 + rnd() % 2;

	switch (rnd() % 20) {
	case 0:
		td_alloc_unbound(t, DOMID_SELF, o->d.domain_id);
		break;
	case 1:
		td_alloc_unbound(t, rnd() % 4, rnd() % 4);
		break;
	case 2:
		td_bind_interdomain(t, o->d.domain_id, port);
		break;
	case 3:
		td_bind_virq(t, rnd() % 26, vid);
		break;
	case 4:
		td_bind_ipi(t, vid);
		break;
	case 5:
	case 6:
		td_close(t, port);
		break;
	case 7:
	case 8:
	case 9:
		td_send(t, port);
		break;
	case 10:
		td_unmask(t, port);
		break;
	case 11:
		td_bind_vcpu(t, port, vid);
		break;
	case 12:
		td_set_priority(t, port, rnd() % 17);
		break;
	case 13:
		td_init_control(t, 1 + rnd() % 3, (rnd() % 3) * 8, vid);
		break;
	case 14:
		td_expand(t, ARRAY_PAGE + rnd() % 3);
		break;
	case 15:
		if (rnd() % 8 == 0) {
			if (t != &t0 && rnd() % 2)
				t->d.pause_count = 1;
			td_reset(rnd() % 2 ? &t0 : t,
				 rnd() % 2 ? t->d.domain_id : DOMID_SELF);
			t->d.pause_count = 0;
		}
		break;
	case 16:
		scribble(t, pages, 2);
		break;
	case 17: {
		u32 got[32];

		if (vid < t->d.max_vcpus)
			consume(t, vid, got, 32, pages);
		td_2l_ack(t, 0);
		td_2l_set_mask(t, port, rnd() % 2);
		break;
	}
	case 18:
		if (vid < t->d.max_vcpus) {
			send_guest_vcpu_virq(&t->vcpu[vid], VIRQ_TIMER);
			evtchn_check_upcall(&t->vcpu[vid]);
		}
		send_guest_global_virq(&t->d, VIRQ_DOM_EXC);
		break;
	default: {
		struct evtchn_status st;

		td_status(t, o->d.domain_id, port, &st);
		evtchn_port_poll(&t->d, port);
		break;
	}
	}
}

static void test_fuzz(void **state)
{
	unsigned int i;

	rng_state = 0x5eed;
	for (i = 0; i < 60000; i++) {
		fuzz_one();
		if (i % 5000 == 0)
			check_links();
	}
	check_links();
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_init_control),  T(test_expand),
		T(test_deliver_order), T(test_priorities),
		T(test_masked),	       T(test_deferred),
		T(test_tail_consumed), T(test_bind_vcpu_fifo),
		T(test_busy_port),     T(test_switch_keeps_pending),
		T(test_reset_to_2l),   T(test_no_control_block),
		T(test_garbage),       T(test_self_links),
		T(test_shared_pages),  T(test_tail_hammered),
		T(test_fuzz),
	};

	return cmocka_run_group_tests_name("evtchn_fifo", tests, NULL, NULL);
}
