/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: 2-level event channels bound interdomain, loopback, to VIRQs,
 * IPIs and other vCPUs; sending on them in every state, masked or not;
 * closing them. Fixtures: evtchn_2l_test_util.h.
 */
#include "evtchn_2l_test_util.h"

static void test_bind_interdomain(void **state)
{
	struct evtchn_status st;
	long a, b;

	a = td_alloc_unbound(&t1, DOMID_SELF, 2);
	b = td_bind_interdomain(&t2, 1, a);
	assert_true(b > 0);

	assert_int_equal(td_status(&t1, DOMID_SELF, a, &st), 0);
	assert_int_equal(st.status, EVTCHNSTAT_interdomain);
	assert_int_equal(st.u.interdomain.dom, 2);
	assert_int_equal(st.u.interdomain.port, b);
	assert_int_equal(td_status(&t2, DOMID_SELF, b, &st), 0);
	assert_int_equal(st.status, EVTCHNSTAT_interdomain);
	assert_int_equal(st.u.interdomain.dom, 1);
	assert_int_equal(st.u.interdomain.port, a);

	/* Binding raises an event on the new local port (lost ones). */
	assert_true(td_2l_pending(&t2, b));
	assert_true(td_upcall(&t2, 0));
	assert_false(td_2l_pending(&t1, a));

	/* Not unbound any more. */
	assert_int_equal(td_bind_interdomain(&t2, 1, a), -EINVAL);
	assert_int_equal(td_bind_interdomain(&t3, 1, a), -EINVAL);
	/* Offered to someone else. */
	a = td_alloc_unbound(&t1, DOMID_SELF, 3);
	assert_int_equal(td_bind_interdomain(&t2, 1, a), -EINVAL);
	assert_true(td_bind_interdomain(&t3, 1, a) > 0);
	/* Bad ports, bad domains, wrong state. */
	assert_int_equal(td_bind_interdomain(&t2, 1, 0), -EINVAL);
	assert_int_equal(td_bind_interdomain(&t2, 1, 1000), -EINVAL);
	assert_int_equal(td_bind_interdomain(&t2, 1, 0xffffffffU), -EINVAL);
	assert_int_equal(td_bind_interdomain(&t2, 77, 1), -ESRCH);
	assert_int_equal(td_bind_interdomain(&t2, DOMID_XEN, 1), -ESRCH);
	a = td_bind_ipi(&t1, 0);
	assert_int_equal(td_bind_interdomain(&t2, 1, a), -EINVAL);
	/* Any domain may bind what was offered to it (no SILO). */
	a = td_alloc_unbound(&t2, DOMID_SELF, 3);
	assert_true(td_bind_interdomain(&t3, 2, a) > 0);
}

static void test_loopback(void **state)
{
	struct evtchn_status st;
	long a, b;

	a = td_alloc_unbound(&t1, DOMID_SELF, DOMID_SELF);
	b = td_bind_interdomain(&t1, DOMID_SELF, a);
	assert_true(b > 0 && b != a);
	assert_int_equal(td_status(&t1, DOMID_SELF, a, &st), 0);
	assert_int_equal(st.u.interdomain.dom, 1);
	assert_int_equal(st.u.interdomain.port, b);

	td_2l_clear_all_pending(&t1);
	assert_int_equal(td_send(&t1, a), 0);
	assert_true(td_2l_pending(&t1, b));
	assert_false(td_2l_pending(&t1, a));
	assert_int_equal(td_send(&t1, b), 0);
	assert_true(td_2l_pending(&t1, a));

	assert_int_equal(td_close(&t1, b), 0);
	assert_int_equal(td_stat(&t1, DOMID_SELF, a), EVTCHNSTAT_unbound);
	assert_int_equal(td_close(&t1, a), 0);
}

static void test_send_2l(void **state)
{
	u32 b, a = connect(&t1, &t2, &b);
	unsigned long raises;

	td_2l_clear_all_pending(&t2);
	td_2l_ack(&t2, 0);
	evtchn_check_upcall(&t2.vcpu[0]);
	raises = host_fake_nr_raises(&t2.vcpu[0], TD_PPI);

	assert_int_equal(td_send(&t1, a), 0);
	assert_true(td_2l_pending(&t2, b));
	assert_true(td_sel(&t2, 0) & (1ULL << (b / 64)));
	assert_true(td_upcall(&t2, 0));
	assert_false(td_upcall(&t2, 1));
	assert_int_equal(host_fake_nr_raises(&t2.vcpu[0], TD_PPI), raises + 1);
	assert_true(host_fake_vgic_level(&t2.vcpu[0], TD_PPI));
	assert_false(td_2l_pending(&t1, a));

	/* Already pending: nothing more is raised. */
	assert_int_equal(td_send(&t1, a), 0);
	assert_int_equal(host_fake_nr_raises(&t2.vcpu[0], TD_PPI), raises + 1);

	/* And back the other way. */
	td_2l_clear_all_pending(&t1);
	assert_int_equal(td_send(&t2, b), 0);
	assert_true(td_2l_pending(&t1, a));
	assert_true(td_upcall(&t1, 0));
}

static void test_send_masked(void **state)
{
	u32 b, a = connect(&t1, &t2, &b);

	td_2l_clear_all_pending(&t2);
	td_2l_ack(&t2, 0);
	td_2l_set_mask(&t2, b, true);
	assert_int_equal(td_send(&t1, a), 0);
	assert_true(td_2l_pending(&t2, b));
	assert_int_equal(td_sel(&t2, 0), 0);
	assert_false(td_upcall(&t2, 0));

	/* Unmask by hypercall delivers it. */
	assert_int_equal(td_unmask(&t2, b), 0);
	assert_true(td_sel(&t2, 0) & (1ULL << (b / 64)));
	assert_true(td_upcall(&t2, 0));
	assert_false(t2.d.shared_info->evtchn_mask[b / 64] &
		     (1ULL << (b % 64)));

	/* Unmask of an unmasked or non-pending port does nothing. */
	td_2l_ack(&t2, 0);
	assert_int_equal(td_unmask(&t2, b), 0);
	assert_false(td_upcall(&t2, 0));
	td_2l_clear_all_pending(&t2);
	td_2l_set_mask(&t2, b, true);
	assert_int_equal(td_unmask(&t2, b), 0);
	assert_false(td_upcall(&t2, 0));

	/* Bad and free ports. */
	assert_int_equal(td_unmask(&t2, 99999), -EINVAL);
	assert_int_equal(td_unmask(&t2, 100), 0);
}

static void test_send_states(void **state)
{
	long ipi, virq, unb;

	td_2l_clear_all_pending(&t1);
	td_2l_ack(&t1, 0);
	td_2l_ack(&t1, 1);

	/* IPI: to the bound vCPU of the same domain. */
	ipi = td_bind_ipi(&t1, 1);
	assert_true(ipi > 0);
	assert_int_equal(td_send(&t1, ipi), 0);
	assert_true(td_2l_pending(&t1, ipi));
	assert_true(td_upcall(&t1, 1));
	assert_false(td_upcall(&t1, 0));
	assert_true(host_fake_vgic_level(&t1.vcpu[1], TD_PPI));

	/* Unbound: succeeds, nothing happens. */
	unb = td_alloc_unbound(&t1, DOMID_SELF, 2);
	assert_int_equal(td_send(&t1, unb), 0);
	assert_false(td_2l_pending(&t1, unb));

	/* VIRQ: -EINVAL as in Xen. */
	virq = td_bind_virq(&t1, VIRQ_TIMER, 0);
	assert_int_equal(td_send(&t1, virq), -EINVAL);
	assert_false(td_2l_pending(&t1, virq));

	/* Free, reserved and out-of-range ports. */
	assert_int_equal(td_send(&t1, 50), -EINVAL);
	assert_int_equal(td_send(&t1, 0), -EINVAL);
	assert_int_equal(td_send(&t1, 1U << 20), -EINVAL);
}

static void test_close_interdomain(void **state)
{
	struct evtchn_status st;
	u32 b, a;
	long b2;

	/* Closing from the lower domain id and from the higher one. */
	a = connect(&t1, &t2, &b);
	assert_int_equal(td_close(&t1, a), 0);
	assert_int_equal(td_stat(&t1, DOMID_SELF, a), EVTCHNSTAT_closed);
	assert_int_equal(td_status(&t2, DOMID_SELF, b, &st), 0);
	assert_int_equal(st.status, EVTCHNSTAT_unbound);
	assert_int_equal(st.u.unbound.dom, 1);
	/* The peer's port can be bound again by domain 1. */
	b2 = td_bind_interdomain(&t1, 2, b);
	assert_true(b2 > 0);
	assert_int_equal(td_close(&t2, b), 0);
	assert_int_equal(td_status(&t1, DOMID_SELF, b2, &st), 0);
	assert_int_equal(st.status, EVTCHNSTAT_unbound);
	assert_int_equal(st.u.unbound.dom, 2);
	assert_int_equal(td_close(&t1, b2), 0);

	/* Sending on the reverted end is a silent no-op. */
	a = connect(&t2, &t1, &b);
	assert_int_equal(td_close(&t2, a), 0);
	assert_int_equal(td_send(&t1, b), 0);

	/* Double close, free, reserved, out of range. */
	assert_int_equal(td_close(&t2, a), -EINVAL);
	assert_int_equal(td_close(&t2, 0), -EINVAL);
	assert_int_equal(td_close(&t2, 12345678), -EINVAL);
	assert_int_equal(td_close(&t1, b), 0);
}

static void test_close_clears_pending(void **state)
{
	long p = td_bind_ipi(&t1, 0);

	assert_int_equal(td_send(&t1, p), 0);
	assert_true(td_2l_pending(&t1, p));
	assert_int_equal(td_close(&t1, p), 0);
	assert_false(td_2l_pending(&t1, p));
}

static void test_bind_virq(void **state)
{
	struct evtchn_status st;
	long p0, p1, g;

	p0 = td_bind_virq(&t1, VIRQ_TIMER, 0);
	p1 = td_bind_virq(&t1, VIRQ_TIMER, 1);
	assert_true(p0 > 0 && p1 > 0 && p0 != p1);
	assert_int_equal(td_bind_virq(&t1, VIRQ_TIMER, 1), -EEXIST);
	assert_int_equal(td_bind_virq(&t1, VIRQ_DEBUG, 1), p1 + 1);
	assert_true(td_bind_virq(&t1, VIRQ_XENOPROF, 1) > 0);
	assert_true(td_bind_virq(&t1, VIRQ_XENPMU, 1) > 0);
	assert_int_equal(td_status(&t1, DOMID_SELF, p1, &st), 0);
	assert_int_equal(st.status, EVTCHNSTAT_virq);
	assert_int_equal(st.u.virq, VIRQ_TIMER);
	assert_int_equal(st.vcpu, 1);

	/* Global VIRQs: vCPU 0 only. */
	assert_int_equal(td_bind_virq(&t1, VIRQ_CONSOLE, 1), -EINVAL);
	assert_int_equal(td_bind_virq(&t1, VIRQ_ARCH_0, 1), -EINVAL);
	g = td_bind_virq(&t1, VIRQ_CONSOLE, 0);
	assert_true(g > 0);
	assert_int_equal(td_bind_virq(&t1, VIRQ_CONSOLE, 0), -EEXIST);

	/* Bad VIRQs and vCPUs. */
	assert_int_equal(td_bind_virq(&t1, NR_VIRQS, 0), -EINVAL);
	assert_int_equal(td_bind_virq(&t1, 0xffffffffU, 0), -EINVAL);
	assert_int_equal(td_bind_virq(&t1, VIRQ_TIMER, 2), -ENOENT);
	assert_int_equal(td_bind_virq(&t1, VIRQ_TIMER, 0xffffffffU), -ENOENT);

	/* Close, then bind again. */
	assert_int_equal(td_close(&t1, p1), 0);
	assert_int_equal(td_bind_virq(&t1, VIRQ_TIMER, 1), p1);
	assert_int_equal(td_close(&t1, g), 0);
	assert_int_equal(td_bind_virq(&t1, VIRQ_CONSOLE, 0), g);
}

static void test_send_virq(void **state)
{
	long p0, p1, g;

	td_2l_clear_all_pending(&t1);
	td_2l_ack(&t1, 0);
	td_2l_ack(&t1, 1);

	/* Unbound VIRQs are dropped. */
	send_guest_vcpu_virq(&t1.vcpu[0], VIRQ_TIMER);
	send_guest_global_virq(&t1.d, VIRQ_DOM_EXC);
	assert_false(td_upcall(&t1, 0) || td_upcall(&t1, 1));

	p0 = td_bind_virq(&t1, VIRQ_TIMER, 0);
	p1 = td_bind_virq(&t1, VIRQ_TIMER, 1);
	send_guest_vcpu_virq(&t1.vcpu[1], VIRQ_TIMER);
	assert_true(td_2l_pending(&t1, p1));
	assert_false(td_2l_pending(&t1, p0));
	assert_true(td_upcall(&t1, 1));
	assert_false(td_upcall(&t1, 0));

	/* A global VIRQ goes where bind_vcpu moved it. */
	g = td_bind_virq(&t1, VIRQ_DOM_EXC, 0);
	assert_int_equal(td_bind_vcpu(&t1, g, 1), 0);
	td_2l_ack(&t1, 1);
	send_guest_global_virq(&t1.d, VIRQ_DOM_EXC);
	assert_true(td_2l_pending(&t1, g));
	assert_true(td_upcall(&t1, 1));
	assert_false(td_upcall(&t1, 0));
	/* Closing it still finds the binding on vCPU 0. */
	assert_int_equal(td_close(&t1, g), 0);
	assert_int_equal(td_bind_virq(&t1, VIRQ_DOM_EXC, 0), g);

	/* After close nothing is delivered. */
	td_2l_clear_all_pending(&t1);
	assert_int_equal(td_close(&t1, p0), 0);
	send_guest_vcpu_virq(&t1.vcpu[0], VIRQ_TIMER);
	assert_false(td_2l_pending(&t1, p0));

	/* No domain, no state: ignored. */
	send_guest_global_virq(NULL, VIRQ_DOM_EXC);
}

static void test_bind_ipi(void **state)
{
	struct evtchn_status st;
	long p = td_bind_ipi(&t1, 1);

	assert_true(p > 0);
	assert_int_equal(td_status(&t1, DOMID_SELF, p, &st), 0);
	assert_int_equal(st.status, EVTCHNSTAT_ipi);
	assert_int_equal(st.vcpu, 1);
	assert_int_equal(td_bind_ipi(&t1, 2), -ENOENT);
	assert_int_equal(td_bind_ipi(&t1, 0x80000000U), -ENOENT);
}

static void test_bind_vcpu(void **state)
{
	struct evtchn_status st;
	u32 b, a = connect(&t1, &t2, &b);
	long ipi, timer, unb;

	td_2l_clear_all_pending(&t2);
	td_2l_ack(&t2, 0);
	td_2l_ack(&t2, 1);
	assert_int_equal(td_bind_vcpu(&t2, b, 1), 0);
	assert_int_equal(td_status(&t2, DOMID_SELF, b, &st), 0);
	assert_int_equal(st.vcpu, 1);
	assert_int_equal(td_send(&t1, a), 0);
	assert_true(td_upcall(&t2, 1));
	assert_false(td_upcall(&t2, 0));
	assert_true(td_sel(&t2, 1) & (1ULL << (b / 64)));
	assert_int_equal(td_sel(&t2, 0), 0);
	assert_true(host_fake_vgic_level(&t2.vcpu[1], TD_PPI));

	/* Unbound ports may be moved too; the binding survives close. */
	unb = td_alloc_unbound(&t2, DOMID_SELF, 1);
	assert_int_equal(td_bind_vcpu(&t2, unb, 1), 0);
	/* IPIs and per-vCPU VIRQs may not. */
	ipi = td_bind_ipi(&t2, 0);
	assert_int_equal(td_bind_vcpu(&t2, ipi, 1), -EINVAL);
	timer = td_bind_virq(&t2, VIRQ_TIMER, 0);
	assert_int_equal(td_bind_vcpu(&t2, timer, 1), -EINVAL);
	/* Nor free ports. */
	assert_int_equal(td_bind_vcpu(&t2, 200, 1), -EINVAL);
	assert_int_equal(td_bind_vcpu(&t2, 99999, 1), -EINVAL);
	assert_int_equal(td_bind_vcpu(&t2, 0, 1), -EINVAL);
	/* Bad vCPU first. */
	assert_int_equal(td_bind_vcpu(&t2, 99999, 2), -ENOENT);
	assert_int_equal(td_bind_vcpu(&t2, b, 7), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_bind_interdomain),
		T(test_loopback),
		T(test_send_2l),
		T(test_send_masked),
		T(test_send_states),
		T(test_close_interdomain),
		T(test_close_clears_pending),
		T(test_bind_virq),
		T(test_send_virq),
		T(test_bind_ipi),
		T(test_bind_vcpu),
	};

	return cmocka_run_group_tests_name("evtchn_bind", tests, NULL, NULL);
}
