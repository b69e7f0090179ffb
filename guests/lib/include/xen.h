/* SPDX-License-Identifier: MIT */
/*
 * Helpers for Xen interfaces: shared_info, per-vCPU vcpu_info, 2-level
 * event channels and the event-channel upcall interrupt.
 */
#ifndef GUEST_XEN_H
#define GUEST_XEN_H

#include <hypercall.h>
#include <lib.h>
#include <xen/abi.h>

/* shared_info, once xen_map_shared_info() succeeded (else NULL). */
extern struct shared_info *xen_shared_info;

/*
 * Map shared_info over a page of the guest's RAM with
 * XENMEM_add_to_physmap(XENMAPSPACE_shared_info); returns the hypercall's
 * result.
 */
long xen_map_shared_info(void);
/* The gfn the runtime uses for shared_info. */
u64 xen_shared_info_gfn(void);

/* This vCPU's vcpu_info (vCPU 0: the one in shared_info). */
struct vcpu_info *xen_vcpu_info(unsigned int cpu);
/* VCPUOP_register_vcpu_info for the calling vCPU (a runtime page). */
long xen_register_vcpu_info(void);

/*
 * This domain's id: the remote end of a port allocated for DOMID_SELF is
 * reported as the caller's own id (EVTCHNOP_alloc_unbound + status).
 */
long xen_own_domid(domid_t *id);

long evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port);
/* EVTCHNOP_bind_interdomain to (remote, rport): the new local port. */
long evtchn_bind_interdomain(domid_t remote, evtchn_port_t rport,
			     evtchn_port_t *port);
long evtchn_bind_ipi(unsigned int vcpu, evtchn_port_t *port);
long evtchn_bind_virq(u32 virq, unsigned int vcpu, evtchn_port_t *port);
long evtchn_bind_vcpu(evtchn_port_t port, unsigned int vcpu);
long evtchn_send(evtchn_port_t port);
long evtchn_close(evtchn_port_t port);
long evtchn_unmask(evtchn_port_t port);
long evtchn_get_status(domid_t dom, evtchn_port_t port,
		       struct evtchn_status *st);
/*
 * FIFO ABI: EVTCHNOP_init_control (control block at offset of frame gfn
 * for vcpu; *link_bits filled in if not NULL), expand_array, set_priority.
 */
long evtchn_init_control(u64 gfn, u32 offset, u32 vcpu, u8 *link_bits);
long evtchn_expand_array(u64 gfn);
long evtchn_set_priority(evtchn_port_t port, u32 prio);

/* Direct access to the 2-level bitmaps in shared_info. */
bool evtchn_pending(evtchn_port_t port);
bool evtchn_masked(evtchn_port_t port);
void evtchn_mask(evtchn_port_t port);
void evtchn_clear_pending(evtchn_port_t port);

typedef void (*evtchn_handler_t)(evtchn_port_t port, void *arg);
void evtchn_bind_handler(evtchn_port_t port, evtchn_handler_t fn, void *arg);

/*
 * Register the upcall handler for platform.evtchn_ppi and enable the PPI on
 * the calling vCPU. Needs shared_info mapped and a GIC.
 */
bool xen_evtchn_upcall_init(void);
/* Enable the upcall PPI on the calling vCPU (secondaries). */
void xen_evtchn_upcall_enable_cpu(void);
/* Upcalls taken, per vCPU. */
extern volatile u32 evtchn_upcalls[];

#endif /* GUEST_XEN_H */
