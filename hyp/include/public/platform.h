/* SPDX-License-Identifier: MIT */
/*
 * __HYPERVISOR_platform_op(op): platform control by dom0. Arm implements
 * only XENPF_settime64.
 */
#ifndef PUBLIC_PLATFORM_H
#define PUBLIC_PLATFORM_H

#include "xen.h"

/* xen_platform_op.interface_version must hold this, or -XEN_EACCES. */
#define XENPF_INTERFACE_VERSION 0x03000001

/*
 * Set the wall clock: secs.nsecs is the UTC time at hypervisor system
 * time system_time. Every domain's shared_info wc_* fields follow.
 */
#define XENPF_settime32 17
struct xenpf_settime32 {
	uint32_t secs;
	uint32_t nsecs;
	uint64_t system_time;
};
typedef struct xenpf_settime32 xenpf_settime32_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_settime32_t);

XEN_ABI_SIZE(struct xenpf_settime32, 16);
XEN_ABI_OFFSET(struct xenpf_settime32, secs, 0);
XEN_ABI_OFFSET(struct xenpf_settime32, nsecs, 4);
XEN_ABI_OFFSET(struct xenpf_settime32, system_time, 8);

#define XENPF_settime64 62
struct xenpf_settime64 {
	uint64_t secs;
	uint32_t nsecs;
	uint32_t mbz; /* must be zero */
	uint64_t system_time;
};
typedef struct xenpf_settime64 xenpf_settime64_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_settime64_t);

XEN_ABI_SIZE(struct xenpf_settime64, 24);
XEN_ABI_OFFSET(struct xenpf_settime64, secs, 0);
XEN_ABI_OFFSET(struct xenpf_settime64, nsecs, 8);
XEN_ABI_OFFSET(struct xenpf_settime64, mbz, 12);
XEN_ABI_OFFSET(struct xenpf_settime64, system_time, 16);

/* The current names */
#define XENPF_settime XENPF_settime64
#define xenpf_settime xenpf_settime64
typedef struct xenpf_settime xenpf_settime_t;

/* x86 and firmware commands, listed so the numbers are never reused */
#define XENPF_add_memtype 31
#define XENPF_del_memtype 32
#define XENPF_read_memtype 33
#define XENPF_microcode_update 35
#define XENPF_platform_quirk 39
#define XENPF_get_cpu_version 48
#define XENPF_efi_runtime_call 49
#define XENPF_firmware_info 50
#define XENPF_enter_acpi_sleep 51
#define XENPF_change_freq 52
#define XENPF_getidletime 53
#define XENPF_set_processor_pminfo 54
#define XENPF_get_cpuinfo 55
#define XENPF_cpu_online 56
#define XENPF_cpu_offline 57
#define XENPF_cpu_hotadd 58
#define XENPF_mem_hotadd 59
#define XENPF_core_parking 60
#define XENPF_resource_op 61
#define XENPF_get_symbol 63

/*
 * The argument of platform_op: a command, the interface version and the
 * command's argument in a union padded to 128 bytes (only the commands
 * armvisor knows are listed).
 */
struct xen_platform_op {
	uint32_t cmd;		    /* XENPF_* */
	uint32_t interface_version; /* XENPF_INTERFACE_VERSION */
	union {
		xenpf_settime_t settime;
		xenpf_settime32_t settime32;
		xenpf_settime64_t settime64;
		uint8_t pad[128];
	} u;
};
typedef struct xen_platform_op xen_platform_op_t;
DEFINE_XEN_GUEST_HANDLE(xen_platform_op_t);

XEN_ABI_SIZE(struct xen_platform_op, 136);
XEN_ABI_OFFSET(struct xen_platform_op, cmd, 0);
XEN_ABI_OFFSET(struct xen_platform_op, interface_version, 4);
XEN_ABI_OFFSET(struct xen_platform_op, u, 8);

#endif /* PUBLIC_PLATFORM_H */
