/* SPDX-License-Identifier: MIT */
/*
 * __HYPERVISOR_hvm_op(cmd, arg). On Arm only HVMOP_set_param and
 * HVMOP_get_param exist; other commands fail with -XEN_ENOSYS.
 */
#ifndef PUBLIC_HVM_HVM_OP_H
#define PUBLIC_HVM_HVM_OP_H

#include "../xen.h"

/* Set or read one HVM_PARAM_* of a domain; arg is a struct xen_hvm_param. */
#define HVMOP_set_param 0
#define HVMOP_get_param 1
struct xen_hvm_param {
	domid_t domid; /* IN: DOMID_SELF or a domain the caller controls */
	uint16_t pad;
	uint32_t index; /* IN: HVM_PARAM_* */
	uint64_t value; /* IN (set) or OUT (get) */
};
typedef struct xen_hvm_param xen_hvm_param_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_param_t);

XEN_ABI_SIZE(struct xen_hvm_param, 16);
XEN_ABI_OFFSET(struct xen_hvm_param, domid, 0);
XEN_ABI_OFFSET(struct xen_hvm_param, pad, 2);
XEN_ABI_OFFSET(struct xen_hvm_param, index, 4);
XEN_ABI_OFFSET(struct xen_hvm_param, value, 8);

/* x86 HVM commands, listed so the numbers are never reused */
#define HVMOP_flush_tlbs 5
#define HVMOP_pagetable_dying 9
#define HVMOP_get_time 10
#define HVMOP_xentrace 11
#define HVMOP_set_mem_access 12
#define HVMOP_get_mem_access 13
#define HVMOP_get_mem_type 15
#define HVMOP_set_evtchn_upcall_vector 23
#define HVMOP_guest_request_vm_event 24
#define HVMOP_altp2m 25

#endif /* PUBLIC_HVM_HVM_OP_H */
