/* SPDX-License-Identifier: MIT */
/*
 * Helpers for the event-channel unit tests (test_evtchn.c, test_fifo.c):
 * fake domains with vCPUs, shared_info and guest RAM in fake host RAM, and
 * hypercall wrappers that run as a chosen vCPU.
 *
 * Each test domain gets TD_RAM_PAGES of guest RAM at guest frame
 * TD_GFN_BASE; its page 0 is the shared_info page. vCPU 0's vcpu_info is in
 * shared_info, the others' in the struct (as after register_vcpu_info).
 */
#ifndef EVTCHN_TEST_UTIL_H
#define EVTCHN_TEST_UTIL_H

/* hyp headers first: compiler.h defines names glibc also defines. */
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/event.h>
#include <hyp/hypercall.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <public/event_channel.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>

#include "host_fake.h"
#include "host_fake_guest.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define TD_MAX_VCPUS 4
#define TD_SLOTS 6
#define TD_RAM_PAGES 256
#define TD_RAM_BASE 0x100000000ULL
#define TD_GFN_BASE 0x40000ULL
#define TD_PPI EVTCHN_PPI_DEFAULT

struct tdom {
	struct domain d;
	struct vcpu vcpu[TD_MAX_VCPUS];
	struct vcpu *vcpus[TD_MAX_VCPUS];
	struct vcpu_info vinfo[TD_MAX_VCPUS];
	u8 *ram;
	u64 ram_mfn;
};

static inline void td_env_init(void)
{
	host_fake_guest_reset();
	host_fake_ram_init(pa_init(TD_RAM_BASE),
			   (u64)TD_SLOTS * TD_RAM_PAGES * PAGE_SIZE);
}

static inline void td_env_fini(void)
{
	host_fake_ram_fini();
	host_fake_guest_reset();
}

static inline void td_init(struct tdom *t, unsigned int slot, domid_t id,
			   unsigned int nr_vcpus, unsigned int max_port,
			   bool privileged)
{
	u64 pa = TD_RAM_BASE + (u64)slot * TD_RAM_PAGES * PAGE_SIZE;
	unsigned int i;

	assert_true(slot < TD_SLOTS && nr_vcpus <= TD_MAX_VCPUS);
	memset(t, 0, sizeof(*t));
	t->ram = maddr_to_virt(pa_init(pa));
	memset(t->ram, 0, TD_RAM_PAGES * PAGE_SIZE);
	t->ram_mfn = pa >> PAGE_SHIFT;
	t->d.domain_id = id;
	t->d.max_vcpus = nr_vcpus;
	t->d.vcpus = t->vcpus;
	t->d.is_privileged = privileged;
	t->d.shared_info = (struct shared_info *)t->ram;
	for (i = 0; i < nr_vcpus; i++) {
		t->vcpu[i].vcpu_id = i;
		t->vcpu[i].domain = &t->d;
		t->vcpu[i].vcpu_info =
			i ? &t->vinfo[i] : &t->d.shared_info->vcpu_info[0];
		t->vcpus[i] = &t->vcpu[i];
	}
	host_fake_gfn_map(&t->d, TD_GFN_BASE, t->ram_mfn, TD_RAM_PAGES);
	assert_int_equal(evtchn_domain_init(&t->d, max_port), 0);
	host_fake_domain_register(&t->d);
}

static inline void td_fini(struct tdom *t)
{
	host_fake_domain_unregister(&t->d);
	evtchn_domain_destroy(&t->d);
	assert_null(t->d.evtchn);
}

static inline void *td_page(struct tdom *t, unsigned int idx)
{
	return t->ram + (u64)idx * PAGE_SIZE;
}

static inline u64 td_gfn(unsigned int idx)
{
	return TD_GFN_BASE + idx;
}

/* ---- hypercalls, as vCPU vid of t ---- */

static inline long td_op(struct tdom *t, unsigned int vid, u64 cmd, void *arg)
{
	set_current_vcpu(&t->vcpu[vid]);
	return do_event_channel_op(cmd, (u64)(uintptr_t)arg);
}

static inline long td_alloc_unbound(struct tdom *t, domid_t dom, domid_t remote)
{
	struct evtchn_alloc_unbound a = {.dom = dom, .remote_dom = remote};
	long rc = td_op(t, 0, EVTCHNOP_alloc_unbound, &a);

	return rc ? rc : (long)a.port;
}

static inline long td_bind_interdomain(struct tdom *t, domid_t rdom, u32 rport)
{
	struct evtchn_bind_interdomain a = {.remote_dom = rdom,
					    .remote_port = rport};
	long rc = td_op(t, 0, EVTCHNOP_bind_interdomain, &a);

	return rc ? rc : (long)a.local_port;
}

static inline long td_bind_virq(struct tdom *t, u32 virq, u32 vcpu)
{
	struct evtchn_bind_virq a = {.virq = virq, .vcpu = vcpu};
	long rc = td_op(t, 0, EVTCHNOP_bind_virq, &a);

	return rc ? rc : (long)a.port;
}

static inline long td_bind_ipi(struct tdom *t, u32 vcpu)
{
	struct evtchn_bind_ipi a = {.vcpu = vcpu};
	long rc = td_op(t, 0, EVTCHNOP_bind_ipi, &a);

	return rc ? rc : (long)a.port;
}

static inline long td_close(struct tdom *t, u32 port)
{
	struct evtchn_close a = {.port = port};

	return td_op(t, 0, EVTCHNOP_close, &a);
}

static inline long td_send(struct tdom *t, u32 port)
{
	struct evtchn_send a = {.port = port};

	return td_op(t, 0, EVTCHNOP_send, &a);
}

static inline long td_unmask(struct tdom *t, u32 port)
{
	struct evtchn_unmask a = {.port = port};

	return td_op(t, 0, EVTCHNOP_unmask, &a);
}

static inline long td_bind_vcpu(struct tdom *t, u32 port, u32 vcpu)
{
	struct evtchn_bind_vcpu a = {.port = port, .vcpu = vcpu};

	return td_op(t, 0, EVTCHNOP_bind_vcpu, &a);
}

static inline long td_status(struct tdom *t, domid_t dom, u32 port,
			     struct evtchn_status *st)
{
	memset(st, 0, sizeof(*st));
	st->dom = dom;
	st->port = port;
	return td_op(t, 0, EVTCHNOP_status, st);
}

/* EVTCHNSTAT_* of a port, or the negative error. */
static inline long td_stat(struct tdom *t, domid_t dom, u32 port)
{
	struct evtchn_status st;
	long rc = td_status(t, dom, port, &st);

	return rc ? rc : (long)st.status;
}

static inline long td_reset(struct tdom *t, domid_t dom)
{
	struct evtchn_reset a = {.dom = dom};

	return td_op(t, 0, EVTCHNOP_reset, &a);
}

static inline long td_set_priority(struct tdom *t, u32 port, u32 prio)
{
	struct evtchn_set_priority a = {.port = port, .priority = prio};

	return td_op(t, 0, EVTCHNOP_set_priority, &a);
}

static inline long td_init_control(struct tdom *t, unsigned int page,
				   u32 offset, u32 vcpu)
{
	struct evtchn_init_control a = {
		.control_gfn = td_gfn(page), .offset = offset, .vcpu = vcpu};

	return td_op(t, 0, EVTCHNOP_init_control, &a);
}

static inline long td_expand(struct tdom *t, unsigned int page)
{
	struct evtchn_expand_array a = {.array_gfn = td_gfn(page)};

	return td_op(t, 0, EVTCHNOP_expand_array, &a);
}

/* ---- 2-level guest state ---- */

static inline bool td_2l_pending(struct tdom *t, u32 port)
{
	return (t->d.shared_info->evtchn_pending[port / 64] >> (port % 64)) & 1;
}

static inline void td_2l_set_mask(struct tdom *t, u32 port, bool masked)
{
	u64 bit = 1ULL << (port % 64);

	if (masked)
		t->d.shared_info->evtchn_mask[port / 64] |= bit;
	else
		t->d.shared_info->evtchn_mask[port / 64] &= ~bit;
}

static inline u64 td_sel(struct tdom *t, unsigned int vid)
{
	return t->vcpu[vid].vcpu_info->evtchn_pending_sel;
}

static inline bool td_upcall(struct tdom *t, unsigned int vid)
{
	return t->vcpu[vid].vcpu_info->evtchn_upcall_pending;
}

/* What the guest does on an upcall: clear the flag, then the selector. */
static inline void td_2l_ack(struct tdom *t, unsigned int vid)
{
	t->vcpu[vid].vcpu_info->evtchn_upcall_pending = 0;
	t->vcpu[vid].vcpu_info->evtchn_pending_sel = 0;
}

static inline void td_2l_clear_all_pending(struct tdom *t)
{
	memset(t->d.shared_info->evtchn_pending, 0,
	       sizeof(t->d.shared_info->evtchn_pending));
}

#endif
