/* SPDX-License-Identifier: MIT */
/*
 * The 2-level event-channel ABI: one pending and one mask bit per port in
 * shared_info (64 words of 64 bits, so ports 0..4095), and in each vCPU's
 * vcpu_info a selector with one bit per pending word.
 *
 * Order of a delivery (the guest relies on it): set the pending bit; if it
 * was clear and the port is not masked, set the selector bit; if that was
 * clear, mark the upcall pending. Unmask replays the same steps.
 *
 * Called with the domain's event-channel lock held (event_channel.c).
 */
#include <hyp/lib.h>

#include "event_channel_internal.h"

static u64 *pending_map(struct evtchn_domain *ed)
{
	struct shared_info *si = ed->d->shared_info;

	return si ? si->evtchn_pending : NULL;
}

static u64 *mask_map(struct evtchn_domain *ed)
{
	struct shared_info *si = ed->d->shared_info;

	return si ? si->evtchn_mask : NULL;
}

/* Port p's word is pending: flag it in v's selector and upcall. */
static void evtchn_2l_notify(struct vcpu *v, u32 port)
{
	u64 *sel = &v->vcpu_info->evtchn_pending_sel;

	if (!guest_test_and_set_bit64(v->domain, sel, port / 64))
		vcpu_mark_events_pending(v);
}

static void evtchn_2l_set_pending(struct evtchn_domain *ed, struct vcpu *v,
				  struct evtchn *ch, u32 port)
{
	u64 *pending = pending_map(ed);
	u64 *mask = mask_map(ed);

	if (!pending || port >= EVTCHN_2L_PORTS)
		return;

	if (guest_test_and_set_bit64(ed->d, pending, port))
		return;

	if (!guest_test_bit64(mask, port))
		evtchn_2l_notify(v, port);

	evtchn_check_pollers(ed, port);
}

static void evtchn_2l_clear_pending(struct evtchn_domain *ed, u32 port)
{
	u64 *pending = pending_map(ed);

	if (pending && port < EVTCHN_2L_PORTS)
		guest_clear_bit64(ed->d, pending, port);
}

static void evtchn_2l_unmask(struct evtchn_domain *ed, struct evtchn *ch,
			     u32 port)
{
	u64 *pending = pending_map(ed);
	u64 *mask = mask_map(ed);
	struct vcpu *v = evtchn_vcpu(ed, ch->notify_vcpu);

	if (!pending || !v || port >= EVTCHN_2L_PORTS)
		return;

	if (guest_test_and_clear_bit64(ed->d, mask, port) &&
	    guest_test_bit64(pending, port))
		evtchn_2l_notify(v, port);
}

static bool evtchn_2l_is_pending(struct evtchn_domain *ed, u32 port)
{
	u64 *pending = pending_map(ed);

	return pending && port < EVTCHN_2L_PORTS &&
	       guest_test_bit64(pending, port);
}

const struct evtchn_port_ops evtchn_2l_ops = {
	.set_pending = evtchn_2l_set_pending,
	.clear_pending = evtchn_2l_clear_pending,
	.unmask = evtchn_2l_unmask,
	.is_pending = evtchn_2l_is_pending,
	.is_busy = NULL,
	.set_priority = NULL,
	.max_ports = EVTCHN_2L_PORTS,
};
