/* SPDX-License-Identifier: MIT */
/*
 * Event channels (common/event_channel*.c): Xen's 2-level and FIFO ABIs,
 * upcalls through the vCPU's vcpu_info and the event-channel PPI.
 *
 * The guest interface is __HYPERVISOR_event_channel_op (do_event_channel_op
 * in hypercall.h). This header is the hypervisor-internal side: domain
 * setup and teardown, VIRQs, builder ports, upcall delivery and the hooks
 * the scheduler needs for SCHEDOP_poll and WFI.
 *
 * Locking: every function here takes the locks it needs and may be called
 * with interrupts on or off. Callers must not hold a vgic or scheduler lock
 * (those nest inside the event-channel locks), nor another domain's
 * event-channel state. A struct domain passed in must stay alive for the
 * call, as with any hypercall target.
 */
#ifndef HYP_EVENT_H
#define HYP_EVENT_H

#include <hyp/types.h>

struct domain;
struct vcpu;

#define EVTCHN_PPI_DEFAULT 31 /* GUEST_EVTCHN_PPI */

/*
 * Create the domain's event-channel state: 2-level ABI, ports 1..max_port
 * usable (max_port is clamped to what the FIFO ABI can address; the 2-level
 * ABI further limits ports to 4095), upcalls on EVTCHN_PPI_DEFAULT.
 * d->domain_id and d->max_vcpus must be set; the vCPUs themselves may be
 * created later. 0, -EINVAL, -EEXIST (already done) or -ENOMEM.
 */
int evtchn_domain_init(struct domain *d, unsigned int max_port);
/*
 * Close every port (the remote ends of interdomain channels become unbound
 * again, as on EVTCHNOP_close) and free the state. No event is delivered to
 * d once it returns, but until then other domains may still deliver into
 * d's vCPUs, vcpu_info, shared_info and FIFO pages: call it first in the
 * teardown, before any of those go. d's own vCPUs must have stopped. Safe
 * on a domain whose evtchn_domain_init failed or never ran.
 */
void evtchn_domain_destroy(struct domain *d);

/*
 * The PPI that signals upcalls to d's vCPUs (16..31). Domain builders
 * choose it (dom0 may need another than 31); it also records it in
 * d->hvm_params[HVM_PARAM_CALLBACK_IRQ] as an active-low level PPI, as Xen
 * does for dom0. Meant for before the domain runs. 0 or -EINVAL (bad PPI,
 * or no event-channel state).
 */
int evtchn_set_upcall_ppi(struct domain *d, unsigned int ppi);
unsigned int evtchn_upcall_ppi(const struct domain *d);

/*
 * Send a virtual IRQ (VIRQ_*) bound by the guest; nothing happens if it is
 * not bound. Per-vCPU VIRQs (TIMER, DEBUG, XENOPROF, XENPMU) go to v; the
 * others are global and go to the vCPU the guest bound them to. Callable
 * from interrupt context (timer callbacks).
 */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);
void send_guest_global_virq(struct domain *d, unsigned int virq);

/*
 * Allocate an unbound port of d that remote_domid may connect to with
 * EVTCHNOP_bind_interdomain (console and xenstore rings). Returns the port
 * or -ENOSPC, -ENOMEM, -EINVAL (d dying or without event channels).
 */
int evtchn_alloc_unbound_port(struct domain *d, u16 remote_domid);

/*
 * Ports whose d-side end is the hypervisor (Xen's "Xen consumer" ports),
 * for device models with a back end in another domain (the vpl011's
 * console ring). The port starts unbound for remote_domid; events sent to
 * it from there call fn(data) with d's event-channel lock held (fn may
 * take its own lock and inject interrupts, but not call back in here).
 * The guest cannot close it (-EINVAL). One fn per domain. Returns the
 * port, -EBUSY (another fn), or evtchn_alloc_unbound_port's errors.
 *
 * evtchn_notify_remote() raises the event at the far end, as if d had
 * sent on port; nothing happens while unbound. Not with fn's lock held.
 */
int evtchn_alloc_consumer_port(struct domain *d, u16 remote_domid,
			       void (*fn)(void *data), void *data);
void evtchn_notify_remote(struct domain *d, u32 port);

/*
 * Upcalls.
 *
 * vcpu_mark_events_pending() sets vcpu_info->evtchn_upcall_pending and, on
 * its 0 -> 1 transition, raises the domain's upcall PPI on v through
 * vgic_inject(level = true).
 *
 * The PPI is a level interrupt whose line follows evtchn_upcall_pending,
 * which the guest clears in memory. evtchn_check_upcall() re-samples that
 * flag and raises or lowers the line to match (calling vgic_inject only on
 * a change). Call it on every entry to the guest, after vgic_sync and before
 * vgic_flush, and before deciding whether a WFI may block: then
 * vgic_vcpu_pending(v) reports an upcall the guest can take.
 *
 * vcpu_events_pending() is the raw flag: whether v has an upcall pending,
 * whatever the state of the PPI in the vGIC (SCHEDOP_block, SCHEDOP_poll).
 * It takes no lock and may be called anywhere.
 */
void vcpu_mark_events_pending(struct vcpu *v);
bool vcpu_events_pending(struct vcpu *v);
void evtchn_check_upcall(struct vcpu *v);

/*
 * SCHEDOP_poll.
 *
 * evtchn_port_poll(): as Xen's, -EINVAL if port is not a port of d in use
 * (out of range, free, or port 0), else 1 if it is pending, 0 if not.
 *
 * A poller publishes what it waits for in v->poll_evtchn: port + 1 for one
 * port, POLL_ANY_PORT for several (any event on the domain wakes it), 0
 * when not polling. It sets the field, then (after a full barrier) checks
 * the ports with evtchn_port_poll(), then blocks. When a port becomes
 * pending this code clears a matching v->poll_evtchn to 0 with an atomic
 * compare-and-swap and, if it did, calls vcpu_wake(v, VPF_BLOCKED). The
 * poller clears the field itself on timeout.
 */
int evtchn_port_poll(struct domain *d, u32 port);
bool evtchn_port_is_pending(struct domain *d, u32 port);

/*
 * Whether the event-channel code keeps a long-lived mapping of frame mfn
 * of d (a FIFO control block or event-array page). Such pages must not be
 * freed or reused while mapped: memory_op paths that release guest pages
 * should refuse (or defer) them.
 */
bool evtchn_maps_mfn(struct domain *d, mfn_t mfn);

#endif
