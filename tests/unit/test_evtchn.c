/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: event channels with the 2-level ABI (common/event_channel*.c,
 * event_2l.c), upcalls, polling hooks, and HVMOP params (common/hvm.c).
 * Binding, sending and closing: test_evtchn_bind.c. The FIFO ABI and the
 * fuzzers are in test_evtchn_fifo.c.
 */
#include "evtchn_2l_test_util.h"

static void test_init_state(void **state)
{
	struct evtchn_status st;

	/* Port 0 is reserved and reads as closed. */
	assert_int_equal(td_status(&t1, DOMID_SELF, 0, &st), 0);
	assert_int_equal(st.status, EVTCHNSTAT_closed);
	/* Free ports of the first bucket read as closed too. */
	assert_int_equal(td_stat(&t1, DOMID_SELF, 5), EVTCHNSTAT_closed);
	/* Beyond the allocated table: invalid. */
	assert_int_equal(td_stat(&t1, DOMID_SELF, 100000), -EINVAL);
	assert_int_equal(td_close(&t1, 0), -EINVAL);
	assert_int_equal(td_send(&t1, 0), -EINVAL);
	assert_int_equal(evtchn_domain_init(&t1.d, 10), -EEXIST);
	assert_int_equal(evtchn_upcall_ppi(&t1.d), EVTCHN_PPI_DEFAULT);
}

static void test_init_bad(void **state)
{
	struct domain d;

	memset(&d, 0, sizeof(d));
	d.max_vcpus = 0;
	assert_int_equal(evtchn_domain_init(&d, 10), -EINVAL);
	d.max_vcpus = MAX_VIRT_CPUS + 1;
	assert_int_equal(evtchn_domain_init(&d, 10), -EINVAL);
	/* Destroying a domain without event channels is a no-op. */
	evtchn_domain_destroy(&d);
}

static void test_alloc_unbound(void **state)
{
	struct evtchn_status st;
	long p;

	p = td_alloc_unbound(&t1, DOMID_SELF, 2);
	assert_int_equal(p, 1);
	assert_int_equal(td_alloc_unbound(&t1, 1, 2), 2);
	assert_int_equal(td_status(&t1, DOMID_SELF, 1, &st), 0);
	assert_int_equal(st.status, EVTCHNSTAT_unbound);
	assert_int_equal(st.u.unbound.dom, 2);
	assert_int_equal(st.vcpu, 0);

	/* remote DOMID_SELF means the caller. */
	p = td_alloc_unbound(&t1, DOMID_SELF, DOMID_SELF);
	assert_int_equal(td_status(&t1, DOMID_SELF, p, &st), 0);
	assert_int_equal(st.u.unbound.dom, 1);

	/* A port of another domain: only for the control domain. */
	assert_int_equal(td_alloc_unbound(&t1, 2, 1), -EPERM);
	p = td_alloc_unbound(&t0, 2, 1);
	assert_true(p > 0);
	assert_int_equal(td_status(&t2, DOMID_SELF, p, &st), 0);
	assert_int_equal(st.status, EVTCHNSTAT_unbound);
	assert_int_equal(st.u.unbound.dom, 1);
	/* DOMID_SELF as remote is dom0 (the caller), not dom 2. */
	p = td_alloc_unbound(&t0, 2, DOMID_SELF);
	assert_int_equal(td_status(&t2, DOMID_SELF, p, &st), 0);
	assert_int_equal(st.u.unbound.dom, 0);

	/* Unknown and reserved domains. */
	assert_int_equal(td_alloc_unbound(&t1, 42, 2), -ESRCH);
	assert_int_equal(td_alloc_unbound(&t1, DOMID_IO, 2), -ESRCH);
	assert_int_equal(td_alloc_unbound(&t0, DOMID_IDLE, 2), -ESRCH);
}

static void test_port_limit(void **state)
{
	unsigned int i;

	/* t3: max_port 7, so ports 1..7. */
	for (i = 1; i <= 7; i++)
		assert_int_equal(td_alloc_unbound(&t3, DOMID_SELF, 0), i);
	assert_int_equal(td_alloc_unbound(&t3, DOMID_SELF, 0), -ENOSPC);
	assert_int_equal(td_bind_ipi(&t3, 0), -ENOSPC);
	assert_int_equal(td_bind_virq(&t3, VIRQ_TIMER, 0), -ENOSPC);
	/* Lowest free port is reused. */
	assert_int_equal(td_close(&t3, 4), 0);
	assert_int_equal(td_bind_ipi(&t3, 0), 4);
	assert_int_equal(evtchn_alloc_unbound_port(&t3.d, 0), -ENOSPC);
}

static void test_2l_port_limit(void **state)
{
	struct tdom big;
	unsigned int i;

	/* A large max_port is still bounded by the 2-level ABI. */
	td_init(&big, 4, 9, 1, 100000, false);
	for (i = 1; i < 4096; i++)
		assert_int_equal(td_bind_ipi(&big, 0), i);
	assert_int_equal(td_bind_ipi(&big, 0), -ENOSPC);
	assert_int_equal(td_send(&big, 4095), 0);
	assert_true(td_2l_pending(&big, 4095));
	assert_true(td_sel(&big, 0) & (1ULL << 63));
	td_fini(&big);
}

static void test_status_perm(void **state)
{
	struct evtchn_status st;
	long p = td_bind_ipi(&t2, 1);

	assert_int_equal(td_status(&t1, 2, p, &st), -EPERM);
	assert_int_equal(td_status(&t0, 2, p, &st), 0);
	assert_int_equal(st.status, EVTCHNSTAT_ipi);
	assert_int_equal(st.vcpu, 1);
	assert_int_equal(td_status(&t2, 2, p, &st), 0);
	assert_int_equal(td_status(&t1, 2, 99999, &st), -EINVAL);
	assert_int_equal(td_status(&t1, 55, p, &st), -ESRCH);
}

static void test_reset(void **state)
{
	struct evtchn_status st;
	u32 b, a = connect(&t1, &t2, &b);
	long ipi = td_bind_ipi(&t1, 1), virq = td_bind_virq(&t1, VIRQ_TIMER, 0);

	/* Another domain: controller only, and only while paused. */
	assert_int_equal(td_reset(&t2, 1), -EPERM);
	assert_int_equal(td_reset(&t0, 1), -EINVAL);
	assert_int_equal(td_reset(&t0, 66), -ESRCH);
	{
		struct evtchn_reset r = {.dom = DOMID_SELF};

		/* Nothing to continue. */
		assert_int_equal(td_op(&t1, 0, EVTCHNOP_reset_cont, &r),
				 -EBUSY);
	}

	assert_int_equal(td_reset(&t1, DOMID_SELF), 0);
	assert_int_equal(td_stat(&t1, DOMID_SELF, a), EVTCHNSTAT_closed);
	assert_int_equal(td_stat(&t1, DOMID_SELF, ipi), EVTCHNSTAT_closed);
	assert_int_equal(td_stat(&t1, DOMID_SELF, virq), EVTCHNSTAT_closed);
	assert_int_equal(td_status(&t2, DOMID_SELF, b, &st), 0);
	assert_int_equal(st.status, EVTCHNSTAT_unbound);
	assert_int_equal(st.u.unbound.dom, 1);
	/* The VIRQ can be bound again, ports start from 1 again. */
	assert_int_equal(td_bind_virq(&t1, VIRQ_TIMER, 0), 1);

	/* The control domain resets a paused domain. */
	t2.d.pause_count = 1;
	assert_int_equal(td_reset(&t0, 2), 0);
	assert_int_equal(td_stat(&t2, DOMID_SELF, b), EVTCHNSTAT_closed);
	t2.d.pause_count = 0;
}

static void test_faults(void **state)
{
	struct evtchn_alloc_unbound a = {.dom = DOMID_SELF, .remote_dom = 2};
	struct evtchn_status st;

	set_current_vcpu(&t1.vcpu[0]);
	assert_int_equal(do_event_channel_op(EVTCHNOP_alloc_unbound, 0),
			 -EFAULT);
	assert_int_equal(do_event_channel_op(EVTCHNOP_send, 8), -EFAULT);
	assert_int_equal(do_event_channel_op(EVTCHNOP_init_control, 16),
			 -EFAULT);
	host_fake_fail_copy_from_guest(1);
	assert_int_equal(td_op(&t1, 0, EVTCHNOP_alloc_unbound, &a), -EFAULT);
	assert_int_equal(td_stat(&t1, DOMID_SELF, 1), EVTCHNSTAT_closed);

	/* Failing copy-back: -EFAULT, but the port exists (as in Xen). */
	host_fake_fail_copy_to_guest(1);
	assert_int_equal(td_op(&t1, 0, EVTCHNOP_alloc_unbound, &a), -EFAULT);
	assert_int_equal(td_stat(&t1, DOMID_SELF, 1), EVTCHNSTAT_unbound);
	host_fake_fail_copy_to_guest(1);
	assert_int_equal(td_status(&t1, DOMID_SELF, 1, &st), -EFAULT);
}

static void test_unknown_ops(void **state)
{
	struct evtchn_bind_pirq p = {0};
	u32 dummy[8] = {0};

	assert_int_equal(td_op(&t1, 0, EVTCHNOP_bind_pirq, &p), -ENOSYS);
	assert_int_equal(td_op(&t1, 0, 15, dummy), -ENOSYS);
	assert_int_equal(td_op(&t1, 0, 0xffffffffULL, dummy), -ENOSYS);
	/* Only the low 32 bits of the command count, as in Xen. */
	assert_int_equal(td_op(&t1, 0, (1ULL << 32) | EVTCHNOP_bind_pirq, &p),
			 -ENOSYS);
	/* 2-level: no priorities, no event array. */
	assert_int_equal(td_set_priority(&t1, 99999, 3), -EINVAL);
	assert_int_equal(td_set_priority(&t1, 1, 3), -ENOSYS);
	assert_int_equal(td_bind_ipi(&t1, 0), 1);
	assert_int_equal(td_set_priority(&t1, 1, 3), -ENOSYS);
	assert_int_equal(td_expand(&t1, 10), -EOPNOTSUPP);
	/* No current vCPU / no event-channel state. */
	set_current_vcpu(NULL);
	assert_int_equal(do_event_channel_op(EVTCHNOP_send, 0x20000), -ENOSYS);
}

static void test_upcall_line(void **state)
{
	struct vcpu *v = &t1.vcpu[1];
	unsigned long raises = host_fake_nr_raises(v, TD_PPI);

	assert_false(vcpu_events_pending(v));
	vcpu_mark_events_pending(v);
	assert_true(vcpu_events_pending(v));
	assert_true(host_fake_vgic_level(v, TD_PPI));
	assert_int_equal(host_fake_nr_raises(v, TD_PPI), raises + 1);
	/* Already pending: not raised again. */
	vcpu_mark_events_pending(v);
	assert_int_equal(host_fake_nr_raises(v, TD_PPI), raises + 1);
	/* Still pending at entry: the line stays up, no new call. */
	evtchn_check_upcall(v);
	assert_true(host_fake_vgic_level(v, TD_PPI));
	assert_int_equal(host_fake_nr_raises(v, TD_PPI), raises + 1);
	/* The guest cleared it: the line drops. */
	v->vcpu_info->evtchn_upcall_pending = 0;
	assert_false(vcpu_events_pending(v));
	evtchn_check_upcall(v);
	assert_false(host_fake_vgic_level(v, TD_PPI));
	/* Set behind our back (e.g. a register_vcpu_info copy): raised. */
	v->vcpu_info->evtchn_upcall_pending = 1;
	evtchn_check_upcall(v);
	assert_true(host_fake_vgic_level(v, TD_PPI));
	assert_int_equal(host_fake_nr_raises(v, TD_PPI), raises + 2);
	/* Other vCPUs untouched. */
	assert_false(host_fake_vgic_level(&t1.vcpu[0], TD_PPI));
}

static void test_upcall_ppi(void **state)
{
	struct vcpu *v = &t1.vcpu[0];
	long p = td_bind_ipi(&t1, 0);

	vcpu_mark_events_pending(v);
	assert_true(host_fake_vgic_level(v, TD_PPI));
	assert_int_equal(evtchn_set_upcall_ppi(&t1.d, 15), -EINVAL);
	assert_int_equal(evtchn_set_upcall_ppi(&t1.d, 32), -EINVAL);
	assert_int_equal(evtchn_set_upcall_ppi(&t1.d, 20), 0);
	assert_int_equal(evtchn_upcall_ppi(&t1.d), 20);
	assert_int_equal(t1.d.hvm_params[HVM_PARAM_CALLBACK_IRQ],
			 HVM_PARAM_CALLBACK_PPI(20, 2));
	/* The old line is lowered, the new one follows the flag. */
	assert_false(host_fake_vgic_level(v, TD_PPI));
	evtchn_check_upcall(v);
	assert_true(host_fake_vgic_level(v, 20));
	td_2l_ack(&t1, 0);
	evtchn_check_upcall(v);
	assert_false(host_fake_vgic_level(v, 20));
	assert_int_equal(td_send(&t1, p), 0);
	assert_true(host_fake_vgic_level(v, 20));
	assert_false(host_fake_vgic_level(v, TD_PPI));
}

static void test_poll(void **state)
{
	u32 b, a = connect(&t1, &t2, &b);
	long other = td_bind_ipi(&t2, 0);
	struct vcpu *v0 = &t2.vcpu[0], *v1 = &t2.vcpu[1];

	td_2l_clear_all_pending(&t2);
	assert_int_equal(evtchn_port_poll(&t2.d, b), 0);
	assert_false(evtchn_port_is_pending(&t2.d, b));
	assert_int_equal(evtchn_port_poll(&t2.d, 77), -EINVAL); /* free */
	assert_int_equal(evtchn_port_poll(&t2.d, 0), -EINVAL);
	assert_int_equal(evtchn_port_poll(&t2.d, 1U << 30), -EINVAL);

	v0->poll_evtchn = b + 1;
	v0->pause_flags = VPF_BLOCKED;
	v1->poll_evtchn = POLL_ANY_PORT;
	v1->pause_flags = VPF_BLOCKED;
	/* Another port: only the "any" poller wakes. */
	assert_int_equal(td_send(&t2, other), 0);
	assert_int_equal(host_fake_nr_wakes(v0), 0);
	assert_int_equal(host_fake_nr_wakes(v1), 1);
	assert_int_equal(v1->poll_evtchn, 0);
	assert_int_equal(v1->pause_flags, 0);
	/* Masked ports wake pollers too. */
	td_2l_set_mask(&t2, b, true);
	assert_int_equal(td_send(&t1, a), 0);
	assert_int_equal(host_fake_nr_wakes(v0), 1);
	assert_int_equal(v0->poll_evtchn, 0);
	assert_int_equal(v0->pause_flags, 0);
	assert_int_equal(evtchn_port_poll(&t2.d, b), 1);
	assert_true(evtchn_port_is_pending(&t2.d, b));
	/* Already pending: no second wake. */
	v0->poll_evtchn = b + 1;
	assert_int_equal(td_send(&t1, a), 0);
	assert_int_equal(host_fake_nr_wakes(v0), 1);
	v0->poll_evtchn = 0;
	td_2l_set_mask(&t2, b, false);
}

static void test_builder_port(void **state)
{
	struct evtchn_status st;
	int p = evtchn_alloc_unbound_port(&t2.d, 0);
	long b;

	assert_true(p > 0);
	assert_int_equal(td_status(&t2, DOMID_SELF, p, &st), 0);
	assert_int_equal(st.status, EVTCHNSTAT_unbound);
	assert_int_equal(st.u.unbound.dom, 0);
	b = td_bind_interdomain(&t0, 2, p);
	assert_true(b > 0);
	p = evtchn_alloc_unbound_port(&t2.d, DOMID_SELF);
	assert_int_equal(td_status(&t2, DOMID_SELF, p, &st), 0);
	assert_int_equal(st.u.unbound.dom, 2);
}

static void test_destroy_with_peers(void **state)
{
	struct evtchn_status st;
	struct tdom t9, t20;
	u32 p1, p20, q;
	long u;

	/* Domain 9 has peers with a lower (1) and a higher (20) id. */
	td_init(&t9, 4, 9, 1, 100, false);
	td_init(&t20, 5, 20, 1, 100, false);
	connect(&t9, &t1, &p1);
	p20 = connect(&t20, &t9, &q);
	connect(&t9, &t9, &q); /* and one with itself */
	u = td_alloc_unbound(&t1, DOMID_SELF, 9);
	td_fini(&t9);

	assert_int_equal(td_status(&t1, DOMID_SELF, p1, &st), 0);
	assert_int_equal(st.status, EVTCHNSTAT_unbound);
	assert_int_equal(st.u.unbound.dom, 9);
	assert_int_equal(td_status(&t20, DOMID_SELF, p20, &st), 0);
	assert_int_equal(st.status, EVTCHNSTAT_unbound);
	assert_int_equal(st.u.unbound.dom, 9);
	/* Sends to a gone domain are dropped, bindings to it fail. */
	assert_int_equal(td_send(&t1, p1), 0);
	assert_int_equal(td_send(&t20, p20), 0);
	assert_int_equal(td_bind_interdomain(&t1, 9, 1), -ESRCH);
	assert_int_equal(td_stat(&t1, DOMID_SELF, u), EVTCHNSTAT_unbound);
	td_fini(&t20);
}

static void test_enomem(void **state)
{
	struct domain d;
	struct tdom big;
	unsigned int i;

	memset(&d, 0, sizeof(d));
	d.max_vcpus = 1;
	for (i = 1; i <= 5; i++) {
		/* Fails at the i-th allocation; nothing leaks (ASan). */
		host_fake_fail_alloc(i);
		assert_int_equal(evtchn_domain_init(&d, 100), -ENOMEM);
		assert_null(d.evtchn);
	}
	host_fake_fail_alloc(0);

	/* Growing the port table. */
	td_init(&big, 4, 9, 1, 1000, false);
	for (i = 1; i < 128; i++)
		assert_int_equal(td_bind_ipi(&big, 0), i);
	host_fake_fail_alloc(1);
	assert_int_equal(td_bind_ipi(&big, 0), -ENOMEM);
	assert_int_equal(td_bind_ipi(&big, 0), 128);
	/* FIFO set-up: stays 2-level. */
	host_fake_fail_alloc(1);
	assert_int_equal(td_init_control(&big, 1, 0, 0), -ENOMEM);
	assert_int_equal(td_expand(&big, 2), -EOPNOTSUPP);
	assert_int_equal(td_init_control(&big, 1, 0, 0), 0);
	assert_int_equal(td_expand(&big, 2), 0);
	td_fini(&big);
}

static void test_maps_mfn(void **state)
{
	assert_false(evtchn_maps_mfn(&t1.d, mfn_init(t1.ram_mfn + 3)));
	assert_int_equal(td_init_control(&t1, 3, 0, 0), 0);
	assert_true(evtchn_maps_mfn(&t1.d, mfn_init(t1.ram_mfn + 3)));
	assert_false(evtchn_maps_mfn(&t1.d, mfn_init(t1.ram_mfn + 4)));
	assert_int_equal(td_expand(&t1, 4), 0);
	assert_true(evtchn_maps_mfn(&t1.d, mfn_init(t1.ram_mfn + 4)));
	assert_false(evtchn_maps_mfn(&t2.d, mfn_init(t1.ram_mfn + 4)));
}

/* ---- HVMOP params ---- */

static long hvm(struct tdom *t, u64 cmd, domid_t dom, u32 index, u64 *value)
{
	struct xen_hvm_param a = {.domid = dom, .index = index};
	long rc;

	a.value = value ? *value : 0;
	set_current_vcpu(&t->vcpu[0]);
	rc = do_hvm_op(cmd, (u64)(uintptr_t)&a);
	if (value)
		*value = a.value;
	return rc;
}

static void test_hvm_params(void **state)
{
	static const u32 readable[] = {
		HVM_PARAM_CALLBACK_IRQ, HVM_PARAM_STORE_PFN,
		HVM_PARAM_STORE_EVTCHN, HVM_PARAM_CONSOLE_PFN,
		HVM_PARAM_CONSOLE_EVTCHN};
	unsigned int i;
	u64 v;

	/* The toolstack sets, the guest reads. */
	for (i = 0; i < ARRAY_SIZE(readable); i++) {
		v = 0x1000 + i;
		assert_int_equal(hvm(&t0, HVMOP_set_param, 1, readable[i], &v),
				 0);
		v = 0;
		assert_int_equal(
			hvm(&t1, HVMOP_get_param, DOMID_SELF, readable[i], &v),
			0);
		assert_int_equal(v, 0x1000 + i);
		v = 0;
		assert_int_equal(hvm(&t1, HVMOP_get_param, 1, readable[i], &v),
				 0);
		assert_int_equal(v, 0x1000 + i);
		/* The guest may not set its own. */
		assert_int_equal(
			hvm(&t1, HVMOP_set_param, DOMID_SELF, readable[i], &v),
			-EPERM);
	}
	/* Monitor ring: toolstack only, both ways. */
	v = 77;
	assert_int_equal(
		hvm(&t0, HVMOP_set_param, 1, HVM_PARAM_MONITOR_RING_PFN, &v),
		0);
	assert_int_equal(hvm(&t1, HVMOP_get_param, DOMID_SELF,
			     HVM_PARAM_MONITOR_RING_PFN, &v),
			 -EPERM);
	v = 0;
	assert_int_equal(
		hvm(&t0, HVMOP_get_param, 1, HVM_PARAM_MONITOR_RING_PFN, &v),
		0);
	assert_int_equal(v, 77);
	/* Even the control domain may not set its own. */
	assert_int_equal(
		hvm(&t0, HVMOP_set_param, DOMID_SELF, HVM_PARAM_STORE_PFN, &v),
		-EPERM);
	/* Unknown indices. */
	assert_int_equal(hvm(&t0, HVMOP_get_param, 1, HVM_PARAM_IOREQ_PFN, &v),
			 -EINVAL);
	assert_int_equal(hvm(&t0, HVMOP_set_param, 1, HVM_NR_PARAMS, &v),
			 -EINVAL);
	assert_int_equal(hvm(&t1, HVMOP_get_param, DOMID_SELF, 0xffffffffU, &v),
			 -EINVAL);
	/* Other domains: -EPERM unless privileged, -ESRCH if absent. */
	assert_int_equal(hvm(&t2, HVMOP_get_param, 1, HVM_PARAM_STORE_PFN, &v),
			 -EPERM);
	assert_int_equal(hvm(&t2, HVMOP_set_param, 1, 99, &v), -EPERM);
	assert_int_equal(hvm(&t0, HVMOP_get_param, 33, HVM_PARAM_STORE_PFN, &v),
			 -ESRCH);
	assert_int_equal(
		hvm(&t0, HVMOP_get_param, DOMID_XEN, HVM_PARAM_STORE_PFN, &v),
		-ESRCH);
	/* Other commands, bad buffers. */
	assert_int_equal(hvm(&t0, 2, 1, 0, &v), -ENOSYS);
	/* A monitor request: nobody listens, so 0; with an argument -EINVAL. */
	assert_int_equal(hvm(&t0, HVMOP_guest_request_vm_event, 1, 0, &v),
			 -EINVAL);
	set_current_vcpu(&t1.vcpu[0]);
	assert_int_equal(do_hvm_op(HVMOP_guest_request_vm_event, 0), 0);
	assert_int_equal(hvm(&t0, (1ULL << 32) | HVMOP_get_param, 1, 0, &v),
			 -ENOSYS);
	set_current_vcpu(&t1.vcpu[0]);
	assert_int_equal(do_hvm_op(HVMOP_get_param, 0), -EFAULT);
	host_fake_fail_copy_to_guest(1);
	assert_int_equal(
		hvm(&t1, HVMOP_get_param, DOMID_SELF, HVM_PARAM_STORE_PFN, &v),
		-EFAULT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_init_state),    T(test_init_bad),
		T(test_alloc_unbound), T(test_port_limit),
		T(test_2l_port_limit), T(test_status_perm),
		T(test_reset),	       T(test_faults),
		T(test_unknown_ops),   T(test_upcall_line),
		T(test_upcall_ppi),    T(test_poll),
		T(test_builder_port),  T(test_destroy_with_peers),
		T(test_maps_mfn),      T(test_enomem),
		T(test_hvm_params),
	};

	return cmocka_run_group_tests_name("evtchn", tests, NULL, NULL);
}
