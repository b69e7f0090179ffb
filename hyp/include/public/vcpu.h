/* SPDX-License-Identifier: MIT */
/*
 * __HYPERVISOR_vcpu_op(cmd, vcpuid, arg): per-vCPU operations.
 *
 * Arm implements only VCPUOP_register_runstate_memory_area and
 * VCPUOP_register_vcpu_info; every other command fails with -XEN_EINVAL
 * there (vCPUs are started and stopped with PSCI instead).
 */
#ifndef PUBLIC_VCPU_H
#define PUBLIC_VCPU_H

#include "xen.h"

/* Set the initial register state of a vCPU that was never started. */
#define VCPUOP_initialise 0
/* Start / stop a vCPU; is_up returns 1 if it runs. */
#define VCPUOP_up 1
#define VCPUOP_down 2
#define VCPUOP_is_up 3

/* Copy the vCPU's struct vcpu_runstate_info to arg. */
#define VCPUOP_get_runstate_info 4

/*
 * Scheduling state of a vCPU and the time it has spent in each state. The
 * times are nanoseconds of system time and add up to the vCPU's lifetime.
 */
struct vcpu_runstate_info {
	int32_t state;		   /* RUNSTATE_* */
	uint64_t state_entry_time; /* system time when state was entered */
	uint64_t time[4];	   /* time spent in each RUNSTATE_* */
};
typedef struct vcpu_runstate_info vcpu_runstate_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_runstate_info_t);

/*
 * Set in state_entry_time of a registered runstate area while the
 * hypervisor updates it, once the guest has enabled
 * VMASST_TYPE_runstate_update_flag.
 */
#define XEN_RUNSTATE_UPDATE (xen_mk_ullong(1) << 63)

XEN_ABI_SIZE(struct vcpu_runstate_info, 48);
XEN_ABI_OFFSET(struct vcpu_runstate_info, state, 0);
XEN_ABI_OFFSET(struct vcpu_runstate_info, state_entry_time, 8);
XEN_ABI_OFFSET(struct vcpu_runstate_info, time, 16);

#define RUNSTATE_running 0  /* on a physical CPU */
#define RUNSTATE_runnable 1 /* ready, waiting for a physical CPU */
#define RUNSTATE_blocked 2  /* waiting for an event */
#define RUNSTATE_offline 3  /* down, or preempted by the hypervisor */

/*
 * Ask the hypervisor to keep a copy of the vCPU's runstate at a guest
 * virtual address, rewritten whenever the vCPU is scheduled. The address
 * is translated with the vCPU's page tables at the time of each update.
 */
#define VCPUOP_register_runstate_memory_area 5
struct vcpu_register_runstate_memory_area {
	union {
		XEN_GUEST_HANDLE(vcpu_runstate_info_t) h;
		struct vcpu_runstate_info *v;
		uint64_t p;
	} addr;
};
typedef struct vcpu_register_runstate_memory_area
	vcpu_register_runstate_memory_area_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_runstate_memory_area_t);

XEN_ABI_SIZE(struct vcpu_register_runstate_memory_area, 8);
XEN_ABI_ALIGN(struct vcpu_register_runstate_memory_area, 8);

/* Periodic timer (x86 PV); arg is a struct vcpu_set_periodic_timer. */
#define VCPUOP_set_periodic_timer 6
#define VCPUOP_stop_periodic_timer 7
struct vcpu_set_periodic_timer {
	uint64_t period_ns;
};
typedef struct vcpu_set_periodic_timer vcpu_set_periodic_timer_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_set_periodic_timer_t);

XEN_ABI_SIZE(struct vcpu_set_periodic_timer, 8);

/* One-shot timer; arg is a struct vcpu_set_singleshot_timer. */
#define VCPUOP_set_singleshot_timer 8
#define VCPUOP_stop_singleshot_timer 9
struct vcpu_set_singleshot_timer {
	uint64_t timeout_abs_ns; /* absolute system time */
	uint32_t flags;		 /* VCPU_SSHOTTMR_* */
};
typedef struct vcpu_set_singleshot_timer vcpu_set_singleshot_timer_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_set_singleshot_timer_t);

/* Fail with -XEN_ETIME if the timeout is already in the past. */
#define _VCPU_SSHOTTMR_future 0
#define VCPU_SSHOTTMR_future (1U << _VCPU_SSHOTTMR_future)

XEN_ABI_SIZE(struct vcpu_set_singleshot_timer, 16);
XEN_ABI_OFFSET(struct vcpu_set_singleshot_timer, timeout_abs_ns, 0);
XEN_ABI_OFFSET(struct vcpu_set_singleshot_timer, flags, 8);

/*
 * Move the vCPU's vcpu_info out of shared_info, to byte offset of guest
 * frame mfn (a guest frame number on Arm, despite the name). The
 * vcpu_info must not cross a page boundary. Can be done once per vCPU.
 */
#define VCPUOP_register_vcpu_info 10
struct vcpu_register_vcpu_info {
	uint64_t mfn;
	uint32_t offset;
	uint32_t rsvd;
};
typedef struct vcpu_register_vcpu_info vcpu_register_vcpu_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_vcpu_info_t);

XEN_ABI_SIZE(struct vcpu_register_vcpu_info, 16);
XEN_ABI_OFFSET(struct vcpu_register_vcpu_info, mfn, 0);
XEN_ABI_OFFSET(struct vcpu_register_vcpu_info, offset, 8);
XEN_ABI_OFFSET(struct vcpu_register_vcpu_info, rsvd, 12);

/* Send a virtual NMI (x86); arg is NULL. */
#define VCPUOP_send_nmi 11

/* Physical CPU id of a pinned vCPU; arg is a struct vcpu_get_physid. */
#define VCPUOP_get_physid 12
struct vcpu_get_physid {
	uint64_t phys_id;
};
typedef struct vcpu_get_physid vcpu_get_physid_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_get_physid_t);

XEN_ABI_SIZE(struct vcpu_get_physid, 8);

/*
 * Keep a second copy of the vCPU's vcpu_time_info at a guest virtual
 * address (x86).
 */
#define VCPUOP_register_vcpu_time_memory_area 13
DEFINE_XEN_GUEST_HANDLE(vcpu_time_info_t);
struct vcpu_register_time_memory_area {
	union {
		XEN_GUEST_HANDLE(vcpu_time_info_t) h;
		struct vcpu_time_info *v;
		uint64_t p;
	} addr;
};
typedef struct vcpu_register_time_memory_area vcpu_register_time_memory_area_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_time_memory_area_t);

XEN_ABI_SIZE(struct vcpu_register_time_memory_area, 8);

#endif /* PUBLIC_VCPU_H */
