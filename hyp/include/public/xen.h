/* SPDX-License-Identifier: MIT */
/*
 * Core of the Xen 4.17 guest ABI: hypercall numbers, domain ids, virtual
 * IRQs, and the shared_info / vcpu_info pages through which the hypervisor
 * delivers events to a guest.
 */
#ifndef PUBLIC_XEN_H
#define PUBLIC_XEN_H

#include "arch-arm.h"

/*
 * These headers describe one interface version only: the newest one of
 * Xen 4.17. There are no compatibility variants for older guests.
 */
#define __XEN_LATEST_INTERFACE_VERSION__ 0x00040e00

#if !XEN_ABI_ASSEMBLY

/* Handles to arrays of the basic C types. */
DEFINE_XEN_GUEST_HANDLE(char);
__DEFINE_XEN_GUEST_HANDLE(uchar, unsigned char);
DEFINE_XEN_GUEST_HANDLE(int);
__DEFINE_XEN_GUEST_HANDLE(uint, uint32_t);
DEFINE_XEN_GUEST_HANDLE(void);
DEFINE_XEN_GUEST_HANDLE(uint64_t);
DEFINE_XEN_GUEST_HANDLE(xen_pfn_t);
DEFINE_XEN_GUEST_HANDLE(xen_ulong_t);
__DEFINE_XEN_GUEST_HANDLE(uint8, uint8_t);
__DEFINE_XEN_GUEST_HANDLE(uint16, uint16_t);
__DEFINE_XEN_GUEST_HANDLE(uint32, uint32_t);
__DEFINE_XEN_GUEST_HANDLE(uint64, uint64_t);

XEN_ABI_SIZE(XEN_GUEST_HANDLE(void), 8);
XEN_ABI_ALIGN(XEN_GUEST_HANDLE(void), 8);
XEN_ABI_SIZE(XEN_GUEST_HANDLE(const_char), 8);
XEN_ABI_ALIGN(XEN_GUEST_HANDLE(const_char), 8);

#endif /* !XEN_ABI_ASSEMBLY */

/*
 * Hypercall numbers (the value in x16). Many are x86-only or obsolete; a
 * number Arm does not implement returns -XEN_ENOSYS.
 */
#define __HYPERVISOR_set_trap_table 0
#define __HYPERVISOR_mmu_update 1
#define __HYPERVISOR_set_gdt 2
#define __HYPERVISOR_stack_switch 3
#define __HYPERVISOR_set_callbacks 4
#define __HYPERVISOR_fpu_taskswitch 5
#define __HYPERVISOR_sched_op_compat 6 /* obsolete */
#define __HYPERVISOR_platform_op 7
#define __HYPERVISOR_set_debugreg 8
#define __HYPERVISOR_get_debugreg 9
#define __HYPERVISOR_update_descriptor 10
#define __HYPERVISOR_memory_op 12
#define __HYPERVISOR_multicall 13
#define __HYPERVISOR_update_va_mapping 14
#define __HYPERVISOR_set_timer_op 15
#define __HYPERVISOR_event_channel_op_compat 16 /* obsolete */
#define __HYPERVISOR_xen_version 17
#define __HYPERVISOR_console_io 18
#define __HYPERVISOR_physdev_op_compat 19 /* obsolete */
#define __HYPERVISOR_grant_table_op 20
#define __HYPERVISOR_vm_assist 21
#define __HYPERVISOR_update_va_mapping_otherdomain 22
#define __HYPERVISOR_iret 23
#define __HYPERVISOR_vcpu_op 24
#define __HYPERVISOR_set_segment_base 25
#define __HYPERVISOR_mmuext_op 26
#define __HYPERVISOR_xsm_op 27
#define __HYPERVISOR_nmi_op 28
#define __HYPERVISOR_sched_op 29
#define __HYPERVISOR_callback_op 30
#define __HYPERVISOR_xenoprof_op 31
#define __HYPERVISOR_event_channel_op 32
#define __HYPERVISOR_physdev_op 33
#define __HYPERVISOR_hvm_op 34
#define __HYPERVISOR_sysctl 35
#define __HYPERVISOR_domctl 36
#define __HYPERVISOR_kexec_op 37
#define __HYPERVISOR_tmem_op 38
#define __HYPERVISOR_argo_op 39
#define __HYPERVISOR_xenpmu_op 40
#define __HYPERVISOR_dm_op 41
#define __HYPERVISOR_hypfs_op 42

/* Reserved for architecture-specific hypercalls. */
#define __HYPERVISOR_arch_0 48
#define __HYPERVISOR_arch_1 49
#define __HYPERVISOR_arch_2 50
#define __HYPERVISOR_arch_3 51
#define __HYPERVISOR_arch_4 52
#define __HYPERVISOR_arch_5 53
#define __HYPERVISOR_arch_6 54
#define __HYPERVISOR_arch_7 55

/*
 * Virtual IRQs, bound to event channels with EVTCHNOP_bind_virq. Per-vCPU
 * ones (TIMER, DEBUG, XENOPROF, XENPMU) may be bound on any vCPU; the
 * others are global and may only be bound on vCPU 0.
 */
#define VIRQ_TIMER 0	  /* per-vCPU: timer tick or timeout */
#define VIRQ_DEBUG 1	  /* per-vCPU: dump debug state */
#define VIRQ_CONSOLE 2	  /* dom0: input on the hypervisor console */
#define VIRQ_DOM_EXC 3	  /* dom0: a domain changed state (died, ...) */
#define VIRQ_TBUF 4	  /* dom0: trace records available */
#define VIRQ_DEBUGGER 6	  /* dom0: a domain paused for the debugger */
#define VIRQ_XENOPROF 7	  /* per-vCPU: profiling sample available */
#define VIRQ_CON_RING 8	  /* dom0: hypervisor console ring has data */
#define VIRQ_PCPU_STATE 9 /* dom0: a physical CPU changed state */
#define VIRQ_MEM_EVENT 10 /* dom0: memory event */
#define VIRQ_ARGO 11	  /* Argo message notification */
#define VIRQ_ENOMEM 12	  /* dom0: hypervisor heap running low */
#define VIRQ_XENPMU 13	  /* per-vCPU: PMU interrupt */

#define VIRQ_ARCH_0 16
#define VIRQ_ARCH_1 17
#define VIRQ_ARCH_2 18
#define VIRQ_ARCH_3 19
#define VIRQ_ARCH_4 20
#define VIRQ_ARCH_5 21
#define VIRQ_ARCH_6 22
#define VIRQ_ARCH_7 23

#define NR_VIRQS 24

/*
 * __HYPERVISOR_console_io(cmd, count, buffer): write count bytes to, or
 * read up to count bytes from, the hypervisor console. A read returns the
 * number of bytes read.
 */
#define CONSOLEIO_write 0
#define CONSOLEIO_read 1

/* __HYPERVISOR_vm_assist(cmd, type) */
#define VMASST_CMD_enable 0
#define VMASST_CMD_disable 1

/* x86 PV only */
#define VMASST_TYPE_4gb_segments 0
#define VMASST_TYPE_4gb_segments_notify 1
#define VMASST_TYPE_writable_pagetables 2
#define VMASST_TYPE_pae_extended_cr3 3
#define VMASST_TYPE_architectural_iopl 4
/*
 * The only type valid on Arm: while the hypervisor updates a registered
 * vcpu_runstate_info it sets XEN_RUNSTATE_UPDATE in state_entry_time.
 */
#define VMASST_TYPE_runstate_update_flag 5
#define VMASST_TYPE_m2p_strict 32 /* x86 PV only */

/*
 * Domain ids. Ids from DOMID_FIRST_RESERVED up never name an ordinary
 * domain.
 */
#define DOMID_FIRST_RESERVED xen_mk_uint(0x7FF0)
#define DOMID_SELF xen_mk_uint(0x7FF0)	  /* the calling domain */
#define DOMID_IO xen_mk_uint(0x7FF1)	  /* owner of I/O memory */
#define DOMID_XEN xen_mk_uint(0x7FF2)	  /* the hypervisor itself */
#define DOMID_COW xen_mk_uint(0x7FF3)	  /* owner of shared (CoW) pages */
#define DOMID_INVALID xen_mk_uint(0x7FF4) /* no owner / unknown */
#define DOMID_IDLE xen_mk_uint(0x7FFF)	  /* the idle domain */
#define DOMID_MASK xen_mk_uint(0x7FFF)

/* Flags of the initial domain (Linux keeps these as xen_start_flags). */
#define SIF_PRIVILEGED (1 << 0)
#define SIF_INITDOMAIN (1 << 1)
#define SIF_MULTIBOOT_MOD (1 << 2)
#define SIF_MOD_START_PFN (1 << 3)
#define SIF_VIRT_P2M_4TOOLS (1 << 4)
#define SIF_PM_MASK (0xFF << 8)

#if !XEN_ABI_ASSEMBLY

typedef uint16_t domid_t;

/*
 * __HYPERVISOR_multicall(calls, nr_calls): run several hypercalls in one
 * trap. Each entry's result is stored in its own result field.
 */
struct multicall_entry {
	xen_ulong_t op;	    /* hypercall number */
	xen_ulong_t result; /* OUT */
	xen_ulong_t args[6];
};
typedef struct multicall_entry multicall_entry_t;
DEFINE_XEN_GUEST_HANDLE(multicall_entry_t);

XEN_ABI_SIZE(struct multicall_entry, 64);
XEN_ABI_OFFSET(struct multicall_entry, op, 0);
XEN_ABI_OFFSET(struct multicall_entry, result, 8);
XEN_ABI_OFFSET(struct multicall_entry, args, 16);

/*
 * Per-vCPU time information (pvclock). The writer bumps version to an odd
 * value before an update and to an even value after it; readers retry
 * while it is odd or changed under them. On Arm the hypervisor never fills
 * it in: guests use the architected timer.
 */
struct vcpu_time_info {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp; /* counter value at the last update */
	uint64_t system_time;	/* ns since boot at tsc_timestamp */
	/* ns = ((counter delta << tsc_shift) * tsc_to_system_mul) >> 32 */
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags; /* XEN_PVCLOCK_* */
	uint8_t pad1[2];
};
typedef struct vcpu_time_info vcpu_time_info_t;

#define XEN_PVCLOCK_TSC_STABLE_BIT (1 << 0)
#define XEN_PVCLOCK_GUEST_STOPPED (1 << 1)

XEN_ABI_SIZE(struct vcpu_time_info, 32);
XEN_ABI_OFFSET(struct vcpu_time_info, version, 0);
XEN_ABI_OFFSET(struct vcpu_time_info, pad0, 4);
XEN_ABI_OFFSET(struct vcpu_time_info, tsc_timestamp, 8);
XEN_ABI_OFFSET(struct vcpu_time_info, system_time, 16);
XEN_ABI_OFFSET(struct vcpu_time_info, tsc_to_system_mul, 24);
XEN_ABI_OFFSET(struct vcpu_time_info, tsc_shift, 28);
XEN_ABI_OFFSET(struct vcpu_time_info, flags, 29);
XEN_ABI_OFFSET(struct vcpu_time_info, pad1, 30);

/*
 * Per-vCPU event state. To deliver an event the hypervisor sets the word's
 * bit in evtchn_pending_sel, then sets evtchn_upcall_pending; on that
 * 0->1 transition it raises the event-channel PPI. The guest clears
 * evtchn_upcall_pending before it scans for work.
 *
 * There is no upcall mask on Arm (the PPI is masked in the GIC instead);
 * Linux still calls the byte evtchn_upcall_mask.
 */
struct vcpu_info {
	uint8_t evtchn_upcall_pending;
	union {
		uint8_t pad0;
		uint8_t evtchn_upcall_mask; /* unused on Arm */
	};
	xen_ulong_t evtchn_pending_sel; /* one bit per evtchn_pending word */
	struct arch_vcpu_info arch;
	struct vcpu_time_info time;
};
typedef struct vcpu_info vcpu_info_t;

XEN_ABI_SIZE(struct vcpu_info, 48);
XEN_ABI_ALIGN(struct vcpu_info, 8);
XEN_ABI_OFFSET(struct vcpu_info, evtchn_upcall_pending, 0);
XEN_ABI_OFFSET(struct vcpu_info, pad0, 1);
XEN_ABI_OFFSET(struct vcpu_info, evtchn_pending_sel, 8);
XEN_ABI_OFFSET(struct vcpu_info, arch, 16);
XEN_ABI_OFFSET(struct vcpu_info, time, 16);

/*
 * The shared_info page, mapped by a guest with XENMEM_add_to_physmap
 * (XENMAPSPACE_shared_info).
 *
 * With the 2-level event ABI, port p is pending when bit p of
 * evtchn_pending is set and masked when bit p of evtchn_mask is set; the
 * guest owns the mask bits, the hypervisor only reads them. A pending bit
 * set on an unmasked port also sets bit (p / 64) of the vCPU's
 * evtchn_pending_sel. 64 words of 64 bits give 4096 ports.
 *
 * The wall clock (wc_*) is the UTC time at system time 0, protected by
 * wc_version in the same way as vcpu_time_info.version.
 */
struct shared_info {
	struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];

	xen_ulong_t evtchn_pending[sizeof(xen_ulong_t) * 8];
	xen_ulong_t evtchn_mask[sizeof(xen_ulong_t) * 8];

	uint32_t wc_version;
	uint32_t wc_sec; /* low 32 bits of the seconds */
	uint32_t wc_nsec;
	uint32_t wc_sec_hi; /* high 32 bits of the seconds */

	struct arch_shared_info arch;
};
typedef struct shared_info shared_info_t;

#define xen_wc_sec_hi wc_sec_hi

XEN_ABI_SIZE(struct shared_info, 1088);
XEN_ABI_OFFSET(struct shared_info, vcpu_info, 0);
XEN_ABI_OFFSET(struct shared_info, evtchn_pending, 48);
XEN_ABI_OFFSET(struct shared_info, evtchn_mask, 560);
XEN_ABI_OFFSET(struct shared_info, wc_version, 1072);
XEN_ABI_OFFSET(struct shared_info, wc_sec, 1076);
XEN_ABI_OFFSET(struct shared_info, wc_nsec, 1080);
XEN_ABI_OFFSET(struct shared_info, wc_sec_hi, 1084);
XEN_ABI_OFFSET(struct shared_info, arch, 1088);

/* A domain's UUID, as given by the toolstack at creation. */
typedef uint8_t xen_domain_handle_t[16];

typedef struct {
	uint8_t a[16];
} xen_uuid_t;

XEN_ABI_SIZE(xen_domain_handle_t, 16);
XEN_ABI_SIZE(xen_uuid_t, 16);

/* A bitmap (of CPUs or NUMA nodes) passed to and from the toolstack. */
struct xenctl_bitmap {
	XEN_GUEST_HANDLE_64(uint8) bitmap;
	uint32_t nr_bits;
};
typedef struct xenctl_bitmap xenctl_bitmap_t;

XEN_ABI_SIZE(struct xenctl_bitmap, 16);
XEN_ABI_OFFSET(struct xenctl_bitmap, bitmap, 0);
XEN_ABI_OFFSET(struct xenctl_bitmap, nr_bits, 8);

#endif /* !XEN_ABI_ASSEMBLY */

#endif /* PUBLIC_XEN_H */
