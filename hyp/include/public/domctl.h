/* SPDX-License-Identifier: MIT */
/*
 * __HYPERVISOR_domctl(op): domain control by the toolstack in a privileged
 * domain. op is a struct xen_domctl naming the command, the interface
 * version, the target domain and the command's argument.
 *
 * Only the commands an Arm toolstack uses have their argument structs
 * here; the other command numbers are listed so they are never reused.
 */
#ifndef PUBLIC_DOMCTL_H
#define PUBLIC_DOMCTL_H

#include "xen.h"
#include "event_channel.h"
#include "grant_table.h"
#include "memory.h"

/* xen_domctl.interface_version must hold this, or -XEN_EACCES. */
#define XEN_DOMCTL_INTERFACE_VERSION 0x00000015

/*
 * XEN_DOMCTL_createdomain: create a domain. The domain field of xen_domctl
 * is the wanted id, or 0 (or a reserved id) to let the hypervisor choose;
 * the new id is written back there.
 */
struct xen_domctl_createdomain {
	uint32_t ssidref;	    /* XSM security label */
	xen_domain_handle_t handle; /* UUID */
#define _XEN_DOMCTL_CDF_hvm 0
#define XEN_DOMCTL_CDF_hvm (1U << _XEN_DOMCTL_CDF_hvm)
#define _XEN_DOMCTL_CDF_hap 1
#define XEN_DOMCTL_CDF_hap (1U << _XEN_DOMCTL_CDF_hap)
#define _XEN_DOMCTL_CDF_s3_integrity 2
#define XEN_DOMCTL_CDF_s3_integrity (1U << _XEN_DOMCTL_CDF_s3_integrity)
#define _XEN_DOMCTL_CDF_oos_off 3
#define XEN_DOMCTL_CDF_oos_off (1U << _XEN_DOMCTL_CDF_oos_off)
#define _XEN_DOMCTL_CDF_xs_domain 4
#define XEN_DOMCTL_CDF_xs_domain (1U << _XEN_DOMCTL_CDF_xs_domain)
#define _XEN_DOMCTL_CDF_iommu 5
#define XEN_DOMCTL_CDF_iommu (1U << _XEN_DOMCTL_CDF_iommu)
#define _XEN_DOMCTL_CDF_nested_virt 6
#define XEN_DOMCTL_CDF_nested_virt (1U << _XEN_DOMCTL_CDF_nested_virt)
#define XEN_DOMCTL_CDF_vpmu (1U << 7)
#define XEN_DOMCTL_CDF_MAX XEN_DOMCTL_CDF_vpmu
	/* XEN_DOMCTL_CDF_*: on Arm hvm and hap are required */
	uint32_t flags;
#define _XEN_DOMCTL_IOMMU_no_sharept 0
#define XEN_DOMCTL_IOMMU_no_sharept (1U << _XEN_DOMCTL_IOMMU_no_sharept)
#define XEN_DOMCTL_IOMMU_MAX XEN_DOMCTL_IOMMU_no_sharept
	uint32_t iommu_opts; /* XEN_DOMCTL_IOMMU_* */
	uint32_t max_vcpus;
	uint32_t max_evtchn_port;
	int32_t max_grant_frames;    /* -1: hypervisor default */
	int32_t max_maptrack_frames; /* -1: hypervisor default */
#define XEN_DOMCTL_GRANT_version_mask 0xf
#define XEN_DOMCTL_GRANT_version(v) ((v)&XEN_DOMCTL_GRANT_version_mask)
	uint32_t grant_opts;   /* highest grant-table version allowed */
	uint32_t vmtrace_size; /* per-vCPU trace buffer size, 0: none */
	uint32_t cpupool_id;
	struct xen_arch_domainconfig arch;
};

XEN_ABI_SIZE(struct xen_domctl_createdomain, 68);
XEN_ABI_OFFSET(struct xen_domctl_createdomain, ssidref, 0);
XEN_ABI_OFFSET(struct xen_domctl_createdomain, handle, 4);
XEN_ABI_OFFSET(struct xen_domctl_createdomain, flags, 20);
XEN_ABI_OFFSET(struct xen_domctl_createdomain, iommu_opts, 24);
XEN_ABI_OFFSET(struct xen_domctl_createdomain, max_vcpus, 28);
XEN_ABI_OFFSET(struct xen_domctl_createdomain, max_evtchn_port, 32);
XEN_ABI_OFFSET(struct xen_domctl_createdomain, max_grant_frames, 36);
XEN_ABI_OFFSET(struct xen_domctl_createdomain, max_maptrack_frames, 40);
XEN_ABI_OFFSET(struct xen_domctl_createdomain, grant_opts, 44);
XEN_ABI_OFFSET(struct xen_domctl_createdomain, vmtrace_size, 48);
XEN_ABI_OFFSET(struct xen_domctl_createdomain, cpupool_id, 52);
XEN_ABI_OFFSET(struct xen_domctl_createdomain, arch, 56);

/*
 * XEN_DOMCTL_getdomaininfo: state of the domain named in xen_domctl, or of
 * the next existing one above it (the id found is in the domain field).
 * Also the element type of XEN_SYSCTL_getdomaininfolist.
 */
struct xen_domctl_getdomaininfo {
	domid_t domain;
	uint16_t pad1;
#define _XEN_DOMINF_dying 0
#define XEN_DOMINF_dying (1U << _XEN_DOMINF_dying)
#define _XEN_DOMINF_hvm_guest 1
#define XEN_DOMINF_hvm_guest (1U << _XEN_DOMINF_hvm_guest)
#define _XEN_DOMINF_shutdown 2
#define XEN_DOMINF_shutdown (1U << _XEN_DOMINF_shutdown)
#define _XEN_DOMINF_paused 3
#define XEN_DOMINF_paused (1U << _XEN_DOMINF_paused)
#define _XEN_DOMINF_blocked 4
#define XEN_DOMINF_blocked (1U << _XEN_DOMINF_blocked)
#define _XEN_DOMINF_running 5
#define XEN_DOMINF_running (1U << _XEN_DOMINF_running)
#define _XEN_DOMINF_debugged 6
#define XEN_DOMINF_debugged (1U << _XEN_DOMINF_debugged)
#define _XEN_DOMINF_xs_domain 7
#define XEN_DOMINF_xs_domain (1U << _XEN_DOMINF_xs_domain)
#define _XEN_DOMINF_hap 8
#define XEN_DOMINF_hap (1U << _XEN_DOMINF_hap)
/* The SHUTDOWN_* reason sits in bits 23:16 of flags */
#define XEN_DOMINF_shutdownmask 255
#define XEN_DOMINF_shutdownshift 16
	uint32_t flags; /* XEN_DOMINF_* */
	uint64_aligned_t tot_pages;
	uint64_aligned_t max_pages;
	uint64_aligned_t outstanding_pages;
	uint64_aligned_t shr_pages;
	uint64_aligned_t paged_pages;
	uint64_aligned_t shared_info_frame; /* gfn of shared_info */
	uint64_aligned_t cpu_time;	    /* ns of CPU time used */
	uint32_t nr_online_vcpus;
#define XEN_INVALID_MAX_VCPU_ID (~0U) /* no vCPU yet */
	uint32_t max_vcpu_id;
	uint32_t ssidref;
	xen_domain_handle_t handle;
	uint32_t cpupool;
	uint8_t gpaddr_bits; /* guest physical address width */
	uint8_t pad2[7];
	struct xen_arch_domainconfig arch_config;
};
typedef struct xen_domctl_getdomaininfo xen_domctl_getdomaininfo_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_getdomaininfo_t);

XEN_ABI_SIZE(struct xen_domctl_getdomaininfo, 120);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, domain, 0);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, flags, 4);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, tot_pages, 8);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, max_pages, 16);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, outstanding_pages, 24);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, shr_pages, 32);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, paged_pages, 40);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, shared_info_frame, 48);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, cpu_time, 56);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, nr_online_vcpus, 64);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, max_vcpu_id, 68);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, ssidref, 72);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, handle, 76);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, cpupool, 92);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, gpaddr_bits, 96);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, pad2, 97);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, arch_config, 104);

/* XEN_DOMCTL_max_mem: cap the domain's memory. */
struct xen_domctl_max_mem {
	uint64_aligned_t max_memkb;
};

XEN_ABI_SIZE(struct xen_domctl_max_mem, 8);

/* XEN_DOMCTL_{set,get}vcpucontext: register state of one vCPU. */
struct xen_domctl_vcpucontext {
	uint32_t vcpu;
	XEN_GUEST_HANDLE_64(vcpu_guest_context_t) ctxt;
};

XEN_ABI_SIZE(struct xen_domctl_vcpucontext, 16);
XEN_ABI_OFFSET(struct xen_domctl_vcpucontext, vcpu, 0);
XEN_ABI_OFFSET(struct xen_domctl_vcpucontext, ctxt, 8);

/* XEN_DOMCTL_getvcpuinfo: scheduling state of one vCPU. */
struct xen_domctl_getvcpuinfo {
	uint32_t vcpu;		   /* IN */
	uint8_t online;		   /* OUT */
	uint8_t blocked;	   /* OUT */
	uint8_t running;	   /* OUT */
	uint64_aligned_t cpu_time; /* OUT: ns */
	uint32_t cpu;		   /* OUT: physical CPU it last ran on */
};

XEN_ABI_SIZE(struct xen_domctl_getvcpuinfo, 24);
XEN_ABI_OFFSET(struct xen_domctl_getvcpuinfo, vcpu, 0);
XEN_ABI_OFFSET(struct xen_domctl_getvcpuinfo, online, 4);
XEN_ABI_OFFSET(struct xen_domctl_getvcpuinfo, blocked, 5);
XEN_ABI_OFFSET(struct xen_domctl_getvcpuinfo, running, 6);
XEN_ABI_OFFSET(struct xen_domctl_getvcpuinfo, cpu_time, 8);
XEN_ABI_OFFSET(struct xen_domctl_getvcpuinfo, cpu, 16);

/* XEN_DOMCTL_{set,get}nodeaffinity: NUMA nodes to allocate memory from. */
struct xen_domctl_nodeaffinity {
	struct xenctl_bitmap nodemap;
};

XEN_ABI_SIZE(struct xen_domctl_nodeaffinity, 16);

/* XEN_DOMCTL_{set,get}vcpuaffinity: physical CPUs a vCPU may run on. */
struct xen_domctl_vcpuaffinity {
	uint32_t vcpu;
#define _XEN_VCPUAFFINITY_HARD 0
#define XEN_VCPUAFFINITY_HARD (1U << _XEN_VCPUAFFINITY_HARD)
#define _XEN_VCPUAFFINITY_SOFT 1
#define XEN_VCPUAFFINITY_SOFT (1U << _XEN_VCPUAFFINITY_SOFT)
#define _XEN_VCPUAFFINITY_FORCE 2
#define XEN_VCPUAFFINITY_FORCE (1U << _XEN_VCPUAFFINITY_FORCE)
	uint32_t flags; /* XEN_VCPUAFFINITY_*: which maps to act on */
	struct xenctl_bitmap cpumap_hard;
	struct xenctl_bitmap cpumap_soft;
};

XEN_ABI_SIZE(struct xen_domctl_vcpuaffinity, 40);
XEN_ABI_OFFSET(struct xen_domctl_vcpuaffinity, vcpu, 0);
XEN_ABI_OFFSET(struct xen_domctl_vcpuaffinity, flags, 4);
XEN_ABI_OFFSET(struct xen_domctl_vcpuaffinity, cpumap_hard, 8);
XEN_ABI_OFFSET(struct xen_domctl_vcpuaffinity, cpumap_soft, 24);

/* XEN_DOMCTL_max_vcpus: set the number of vCPUs. */
struct xen_domctl_max_vcpus {
	uint32_t max;
};

XEN_ABI_SIZE(struct xen_domctl_max_vcpus, 4);

/* Scheduler ids (xen_domctl_scheduler_op.sched_id, XEN_SYSCTL_sched_id) */
#define XEN_SCHEDULER_CREDIT 5
#define XEN_SCHEDULER_CREDIT2 6
#define XEN_SCHEDULER_ARINC653 7
#define XEN_SCHEDULER_RTDS 8
#define XEN_SCHEDULER_NULL 9

struct xen_domctl_sched_credit {
	uint16_t weight;
	uint16_t cap;
};

struct xen_domctl_sched_credit2 {
	uint16_t weight;
	uint16_t cap;
};

struct xen_domctl_sched_rtds {
	uint32_t period;
	uint32_t budget;
#define _XEN_DOMCTL_SCHEDRT_extra 0
#define XEN_DOMCTL_SCHEDRT_extra (1U << _XEN_DOMCTL_SCHEDRT_extra)
	uint32_t flags;
};

XEN_ABI_SIZE(struct xen_domctl_sched_credit, 4);
XEN_ABI_SIZE(struct xen_domctl_sched_credit2, 4);
XEN_ABI_SIZE(struct xen_domctl_sched_rtds, 12);

/* Per-vCPU scheduling parameters */
typedef struct xen_domctl_schedparam_vcpu {
	union {
		struct xen_domctl_sched_credit credit;
		struct xen_domctl_sched_credit2 credit2;
		struct xen_domctl_sched_rtds rtds;
	} u;
	uint32_t vcpuid;
} xen_domctl_schedparam_vcpu_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_schedparam_vcpu_t);

XEN_ABI_SIZE(struct xen_domctl_schedparam_vcpu, 16);
XEN_ABI_OFFSET(struct xen_domctl_schedparam_vcpu, vcpuid, 12);

/*
 * XEN_DOMCTL_scheduler_op: read or write the domain's (put/getinfo) or
 * some vCPUs' (put/getvcpuinfo) parameters for scheduler sched_id.
 */
#define XEN_DOMCTL_SCHEDOP_putinfo 0
#define XEN_DOMCTL_SCHEDOP_getinfo 1
#define XEN_DOMCTL_SCHEDOP_putvcpuinfo 2
#define XEN_DOMCTL_SCHEDOP_getvcpuinfo 3
struct xen_domctl_scheduler_op {
	uint32_t sched_id; /* XEN_SCHEDULER_* */
	uint32_t cmd;	   /* XEN_DOMCTL_SCHEDOP_* */
	union {
		struct xen_domctl_sched_credit credit;
		struct xen_domctl_sched_credit2 credit2;
		struct xen_domctl_sched_rtds rtds;
		struct {
			XEN_GUEST_HANDLE_64(xen_domctl_schedparam_vcpu_t) vcpus;
			uint32_t nr_vcpus; /* IN/OUT: entries done */
			uint32_t padding;
		} v;
	} u;
};

XEN_ABI_SIZE(struct xen_domctl_scheduler_op, 24);
XEN_ABI_OFFSET(struct xen_domctl_scheduler_op, sched_id, 0);
XEN_ABI_OFFSET(struct xen_domctl_scheduler_op, cmd, 4);
XEN_ABI_OFFSET(struct xen_domctl_scheduler_op, u, 8);
XEN_ABI_OFFSET(struct xen_domctl_scheduler_op, u.v.nr_vcpus, 16);

/* XEN_DOMCTL_setdomainhandle: change the domain's UUID. */
struct xen_domctl_setdomainhandle {
	xen_domain_handle_t handle;
};

XEN_ABI_SIZE(struct xen_domctl_setdomainhandle, 16);

/* XEN_DOMCTL_setdebugging: mark the domain as being debugged. */
struct xen_domctl_setdebugging {
	uint8_t enable;
};

XEN_ABI_SIZE(struct xen_domctl_setdebugging, 1);

/* XEN_DOMCTL_irq_permission: let the domain use a physical IRQ (or not). */
struct xen_domctl_irq_permission {
	uint32_t pirq; /* the physical IRQ (GIC INTID on Arm) */
	uint8_t allow_access;
	uint8_t pad[3];
};

XEN_ABI_SIZE(struct xen_domctl_irq_permission, 8);
XEN_ABI_OFFSET(struct xen_domctl_irq_permission, pirq, 0);
XEN_ABI_OFFSET(struct xen_domctl_irq_permission, allow_access, 4);

/*
 * XEN_DOMCTL_iomem_permission: let the domain map a range of machine
 * frames (or not). The mapping itself is XEN_DOMCTL_memory_mapping.
 */
struct xen_domctl_iomem_permission {
	uint64_aligned_t first_mfn;
	uint64_aligned_t nr_mfns;
	uint8_t allow_access;
};

XEN_ABI_SIZE(struct xen_domctl_iomem_permission, 24);
XEN_ABI_OFFSET(struct xen_domctl_iomem_permission, first_mfn, 0);
XEN_ABI_OFFSET(struct xen_domctl_iomem_permission, nr_mfns, 8);
XEN_ABI_OFFSET(struct xen_domctl_iomem_permission, allow_access, 16);

/* XEN_DOMCTL_ioport_permission (x86) */
struct xen_domctl_ioport_permission {
	uint32_t first_port;
	uint32_t nr_ports;
	uint8_t allow_access;
};

XEN_ABI_SIZE(struct xen_domctl_ioport_permission, 12);

/* XEN_DOMCTL_hypercall_init (x86 PV) */
struct xen_domctl_hypercall_init {
	uint64_aligned_t gmfn;
};

XEN_ABI_SIZE(struct xen_domctl_hypercall_init, 8);

/* XEN_DOMCTL_settimeoffset: the domain's wall clock offset from UTC. */
struct xen_domctl_settimeoffset {
	int64_aligned_t time_offset_seconds;
};

XEN_ABI_SIZE(struct xen_domctl_settimeoffset, 8);

/* XEN_DOMCTL_{get,set}hvmcontext: saved domain state (x86 HVM). */
struct xen_domctl_hvmcontext {
	uint32_t size;
	XEN_GUEST_HANDLE_64(uint8) buffer;
};

XEN_ABI_SIZE(struct xen_domctl_hvmcontext, 16);

/* XEN_DOMCTL_{set,get}_address_size: guest word size in bits. */
struct xen_domctl_address_size {
	uint32_t size;
};

XEN_ABI_SIZE(struct xen_domctl_address_size, 4);

/* XEN_DOMCTL_sendtrigger: inject an event (x86). */
#define XEN_DOMCTL_SENDTRIGGER_NMI 0
#define XEN_DOMCTL_SENDTRIGGER_RESET 1
#define XEN_DOMCTL_SENDTRIGGER_INIT 2
#define XEN_DOMCTL_SENDTRIGGER_POWER 3
#define XEN_DOMCTL_SENDTRIGGER_SLEEP 4
struct xen_domctl_sendtrigger {
	uint32_t trigger;
	uint32_t vcpu;
};

XEN_ABI_SIZE(struct xen_domctl_sendtrigger, 8);

/*
 * XEN_DOMCTL_{assign,test_assign,deassign}_device: pass a device through
 * to the domain. On Arm the device is named by its host DT path.
 */
#define XEN_DOMCTL_DEV_PCI 0
#define XEN_DOMCTL_DEV_DT 1
struct xen_domctl_assign_device {
	uint32_t dev; /* XEN_DOMCTL_DEV_* */
#define XEN_DOMCTL_DEV_RDM_RELAXED 1
	uint32_t flags;
	union {
		struct {
			uint32_t machine_sbdf;
		} pci;
		struct {
			uint32_t size; /* length of path */
			XEN_GUEST_HANDLE_64(char) path;
		} dt;
	} u;
};

XEN_ABI_SIZE(struct xen_domctl_assign_device, 24);
XEN_ABI_OFFSET(struct xen_domctl_assign_device, dev, 0);
XEN_ABI_OFFSET(struct xen_domctl_assign_device, flags, 4);
XEN_ABI_OFFSET(struct xen_domctl_assign_device, u, 8);
XEN_ABI_OFFSET(struct xen_domctl_assign_device, u.dt.size, 8);
XEN_ABI_OFFSET(struct xen_domctl_assign_device, u.dt.path, 16);

/* XEN_DOMCTL_get_device_group (x86 PCI) */
struct xen_domctl_get_device_group {
	uint32_t machine_sbdf;
	uint32_t max_sdevs;
	uint32_t num_sdevs;
	XEN_GUEST_HANDLE_64(uint32) sdev_array;
};

XEN_ABI_SIZE(struct xen_domctl_get_device_group, 24);

/*
 * XEN_DOMCTL_{bind,unbind}_pt_irq: route a physical interrupt to the
 * domain. On Arm the type is PT_IRQ_TYPE_SPI and the guest SPI must equal
 * machine_irq.
 */
enum pt_irq_type {
	PT_IRQ_TYPE_PCI,
	PT_IRQ_TYPE_ISA,
	PT_IRQ_TYPE_MSI,
	PT_IRQ_TYPE_MSI_TRANSLATE,
	PT_IRQ_TYPE_SPI,
};
struct xen_domctl_bind_pt_irq {
	uint32_t machine_irq;
	uint32_t irq_type; /* enum pt_irq_type */
	union {
		struct {
			uint8_t isa_irq;
		} isa;
		struct {
			uint8_t bus;
			uint8_t device;
			uint8_t intx;
		} pci;
		struct {
			uint8_t gvec;
			uint32_t gflags;
#define XEN_DOMCTL_VMSI_X86_DEST_ID_MASK 0x0000ff
#define XEN_DOMCTL_VMSI_X86_RH_MASK 0x000100
#define XEN_DOMCTL_VMSI_X86_DM_MASK 0x000200
#define XEN_DOMCTL_VMSI_X86_DELIV_MASK 0x007000
#define XEN_DOMCTL_VMSI_X86_TRIG_MASK 0x008000
#define XEN_DOMCTL_VMSI_X86_UNMASKED 0x010000
			uint64_aligned_t gtable;
		} msi;
		struct {
			uint16_t spi;
		} spi;
	} u;
};

XEN_ABI_SIZE(struct xen_domctl_bind_pt_irq, 24);
XEN_ABI_OFFSET(struct xen_domctl_bind_pt_irq, machine_irq, 0);
XEN_ABI_OFFSET(struct xen_domctl_bind_pt_irq, irq_type, 4);
XEN_ABI_OFFSET(struct xen_domctl_bind_pt_irq, u, 8);
XEN_ABI_OFFSET(struct xen_domctl_bind_pt_irq, u.spi.spi, 8);
XEN_ABI_OFFSET(struct xen_domctl_bind_pt_irq, u.msi.gflags, 12);
XEN_ABI_OFFSET(struct xen_domctl_bind_pt_irq, u.msi.gtable, 16);

/*
 * XEN_DOMCTL_memory_mapping: map (or unmap) nr_mfns machine frames of
 * device memory at first_gfn of the domain. The caller must have been
 * given iomem permission for them.
 */
#define DPCI_ADD_MAPPING 1
#define DPCI_REMOVE_MAPPING 0
struct xen_domctl_memory_mapping {
	uint64_aligned_t first_gfn;
	uint64_aligned_t first_mfn;
	uint64_aligned_t nr_mfns;
	uint32_t add_mapping; /* DPCI_*_MAPPING */
	uint32_t padding;
};

XEN_ABI_SIZE(struct xen_domctl_memory_mapping, 32);
XEN_ABI_OFFSET(struct xen_domctl_memory_mapping, first_gfn, 0);
XEN_ABI_OFFSET(struct xen_domctl_memory_mapping, first_mfn, 8);
XEN_ABI_OFFSET(struct xen_domctl_memory_mapping, nr_mfns, 16);
XEN_ABI_OFFSET(struct xen_domctl_memory_mapping, add_mapping, 24);
XEN_ABI_OFFSET(struct xen_domctl_memory_mapping, padding, 28);

/* XEN_DOMCTL_ioport_mapping (x86) */
struct xen_domctl_ioport_mapping {
	uint32_t first_gport;
	uint32_t first_mport;
	uint32_t nr_ports;
	uint32_t add_mapping;
};

XEN_ABI_SIZE(struct xen_domctl_ioport_mapping, 16);

/* XEN_DOMCTL_{set,get}_ext_vcpucontext: nothing beyond the header on Arm. */
struct xen_domctl_ext_vcpucontext {
	uint32_t vcpu;
	uint32_t size;
};

XEN_ABI_SIZE(struct xen_domctl_ext_vcpucontext, 8);

/* XEN_DOMCTL_set_target: let the domain control domain target. */
struct xen_domctl_set_target {
	domid_t target;
};

XEN_ABI_SIZE(struct xen_domctl_set_target, 2);

/* XEN_DOMCTL_subscribe: event channel for the domain's suspend notice. */
struct xen_domctl_subscribe {
	uint32_t port;
};

XEN_ABI_SIZE(struct xen_domctl_subscribe, 4);

/* XEN_DOMCTL_debug_op */
#define XEN_DOMCTL_DEBUG_OP_SINGLE_STEP_OFF 0
#define XEN_DOMCTL_DEBUG_OP_SINGLE_STEP_ON 1
struct xen_domctl_debug_op {
	uint32_t op;
	uint32_t vcpu;
};

XEN_ABI_SIZE(struct xen_domctl_debug_op, 8);

/* XEN_DOMCTL_set_virq_handler: the domain that handles a global VIRQ. */
struct xen_domctl_set_virq_handler {
	uint32_t virq;
};

XEN_ABI_SIZE(struct xen_domctl_set_virq_handler, 4);

/*
 * XEN_DOMCTL_cacheflush: clean and invalidate the data cache for a range
 * of the domain's guest frames (after the toolstack wrote into them).
 */
struct xen_domctl_cacheflush {
	xen_pfn_t start_pfn;
	xen_pfn_t nr_pfns;
};

XEN_ABI_SIZE(struct xen_domctl_cacheflush, 16);
XEN_ABI_OFFSET(struct xen_domctl_cacheflush, start_pfn, 0);
XEN_ABI_OFFSET(struct xen_domctl_cacheflush, nr_pfns, 8);

/*
 * XEN_DOMCTL_vuart_op: set up the domain's emulated SBSA UART, whose ring
 * page at gfn is served by console_domid through event channel evtchn
 * (OUT).
 */
struct xen_domctl_vuart_op {
#define XEN_DOMCTL_VUART_OP_INIT 0
	uint32_t cmd; /* XEN_DOMCTL_VUART_OP_* */
#define XEN_DOMCTL_VUART_TYPE_VPL011 0
	uint32_t type; /* XEN_DOMCTL_VUART_TYPE_* */
	uint64_aligned_t gfn;
	domid_t console_domid;
	uint8_t pad[2];
	evtchn_port_t evtchn; /* OUT */
};

XEN_ABI_SIZE(struct xen_domctl_vuart_op, 24);
XEN_ABI_OFFSET(struct xen_domctl_vuart_op, cmd, 0);
XEN_ABI_OFFSET(struct xen_domctl_vuart_op, type, 4);
XEN_ABI_OFFSET(struct xen_domctl_vuart_op, gfn, 8);
XEN_ABI_OFFSET(struct xen_domctl_vuart_op, console_domid, 16);
XEN_ABI_OFFSET(struct xen_domctl_vuart_op, pad, 18);
XEN_ABI_OFFSET(struct xen_domctl_vuart_op, evtchn, 20);

/*
 * XEN_DOMCTL_{get,set}_paging_mempool_size: bytes reserved for the
 * domain's stage-2 page tables.
 */
struct xen_domctl_paging_mempool {
	uint64_aligned_t size;
};

XEN_ABI_SIZE(struct xen_domctl_paging_mempool, 8);

/* The argument of __HYPERVISOR_domctl. */
struct xen_domctl {
	uint32_t cmd;
#define XEN_DOMCTL_createdomain 1
#define XEN_DOMCTL_destroydomain 2
#define XEN_DOMCTL_pausedomain 3
#define XEN_DOMCTL_unpausedomain 4
#define XEN_DOMCTL_getdomaininfo 5
#define XEN_DOMCTL_setvcpuaffinity 9
#define XEN_DOMCTL_shadow_op 10
#define XEN_DOMCTL_max_mem 11
#define XEN_DOMCTL_setvcpucontext 12
#define XEN_DOMCTL_getvcpucontext 13
#define XEN_DOMCTL_getvcpuinfo 14
#define XEN_DOMCTL_max_vcpus 15
#define XEN_DOMCTL_scheduler_op 16
#define XEN_DOMCTL_setdomainhandle 17
#define XEN_DOMCTL_setdebugging 18
#define XEN_DOMCTL_irq_permission 19
#define XEN_DOMCTL_iomem_permission 20
#define XEN_DOMCTL_ioport_permission 21
#define XEN_DOMCTL_hypercall_init 22
#define XEN_DOMCTL_soft_reset_cont 23 /* hypervisor-internal */
#define XEN_DOMCTL_settimeoffset 24
#define XEN_DOMCTL_getvcpuaffinity 25
#define XEN_DOMCTL_real_mode_area 26 /* obsolete */
#define XEN_DOMCTL_resumedomain 27
#define XEN_DOMCTL_sendtrigger 28
#define XEN_DOMCTL_subscribe 29
#define XEN_DOMCTL_gethvmcontext 33
#define XEN_DOMCTL_sethvmcontext 34
#define XEN_DOMCTL_set_address_size 35
#define XEN_DOMCTL_get_address_size 36
#define XEN_DOMCTL_assign_device 37
#define XEN_DOMCTL_bind_pt_irq 38
#define XEN_DOMCTL_memory_mapping 39
#define XEN_DOMCTL_ioport_mapping 40
#define XEN_DOMCTL_set_ext_vcpucontext 42
#define XEN_DOMCTL_get_ext_vcpucontext 43
#define XEN_DOMCTL_set_opt_feature 44 /* obsolete */
#define XEN_DOMCTL_test_assign_device 45
#define XEN_DOMCTL_set_target 46
#define XEN_DOMCTL_deassign_device 47
#define XEN_DOMCTL_unbind_pt_irq 48
#define XEN_DOMCTL_get_device_group 50
#define XEN_DOMCTL_debug_op 54
#define XEN_DOMCTL_gethvmcontext_partial 55
#define XEN_DOMCTL_vm_event_op 56
#define XEN_DOMCTL_mem_sharing_op 57
#define XEN_DOMCTL_gettscinfo 59
#define XEN_DOMCTL_settscinfo 60
#define XEN_DOMCTL_getpageframeinfo3 61
#define XEN_DOMCTL_setvcpuextstate 62
#define XEN_DOMCTL_getvcpuextstate 63
#define XEN_DOMCTL_set_access_required 64
#define XEN_DOMCTL_audit_p2m 65
#define XEN_DOMCTL_set_virq_handler 66
#define XEN_DOMCTL_set_broken_page_p2m 67
#define XEN_DOMCTL_setnodeaffinity 68
#define XEN_DOMCTL_getnodeaffinity 69
#define XEN_DOMCTL_cacheflush 71
#define XEN_DOMCTL_get_vcpu_msrs 72
#define XEN_DOMCTL_set_vcpu_msrs 73
#define XEN_DOMCTL_setvnumainfo 74
#define XEN_DOMCTL_psr_cmt_op 75
#define XEN_DOMCTL_monitor_op 77
#define XEN_DOMCTL_psr_alloc 78
#define XEN_DOMCTL_soft_reset 79
#define XEN_DOMCTL_vuart_op 81
#define XEN_DOMCTL_get_cpu_policy 82
#define XEN_DOMCTL_set_cpu_policy 83
#define XEN_DOMCTL_vmtrace_op 84
#define XEN_DOMCTL_get_paging_mempool_size 85
#define XEN_DOMCTL_set_paging_mempool_size 86
#define XEN_DOMCTL_gdbsx_guestmemio 1000
#define XEN_DOMCTL_gdbsx_pausevcpu 1001
#define XEN_DOMCTL_gdbsx_unpausevcpu 1002
#define XEN_DOMCTL_gdbsx_domstatus 1003
	uint32_t interface_version; /* XEN_DOMCTL_INTERFACE_VERSION */
	domid_t domain;
	uint16_t _pad[3];
	union {
		struct xen_domctl_createdomain createdomain;
		struct xen_domctl_getdomaininfo getdomaininfo;
		struct xen_domctl_nodeaffinity nodeaffinity;
		struct xen_domctl_vcpuaffinity vcpuaffinity;
		struct xen_domctl_max_mem max_mem;
		struct xen_domctl_vcpucontext vcpucontext;
		struct xen_domctl_getvcpuinfo getvcpuinfo;
		struct xen_domctl_max_vcpus max_vcpus;
		struct xen_domctl_scheduler_op scheduler_op;
		struct xen_domctl_setdomainhandle setdomainhandle;
		struct xen_domctl_setdebugging setdebugging;
		struct xen_domctl_irq_permission irq_permission;
		struct xen_domctl_iomem_permission iomem_permission;
		struct xen_domctl_ioport_permission ioport_permission;
		struct xen_domctl_hypercall_init hypercall_init;
		struct xen_domctl_settimeoffset settimeoffset;
		struct xen_domctl_hvmcontext hvmcontext;
		struct xen_domctl_address_size address_size;
		struct xen_domctl_sendtrigger sendtrigger;
		struct xen_domctl_get_device_group get_device_group;
		struct xen_domctl_assign_device assign_device;
		struct xen_domctl_bind_pt_irq bind_pt_irq;
		struct xen_domctl_memory_mapping memory_mapping;
		struct xen_domctl_ioport_mapping ioport_mapping;
		struct xen_domctl_ext_vcpucontext ext_vcpucontext;
		struct xen_domctl_set_target set_target;
		struct xen_domctl_subscribe subscribe;
		struct xen_domctl_debug_op debug_op;
		struct xen_domctl_set_virq_handler set_virq_handler;
		struct xen_domctl_cacheflush cacheflush;
		struct xen_domctl_vuart_op vuart_op;
		struct xen_domctl_paging_mempool paging_mempool;
		uint8_t pad[128];
	} u;
};
typedef struct xen_domctl xen_domctl_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_t);

XEN_ABI_SIZE(struct xen_domctl, 144);
XEN_ABI_OFFSET(struct xen_domctl, cmd, 0);
XEN_ABI_OFFSET(struct xen_domctl, interface_version, 4);
XEN_ABI_OFFSET(struct xen_domctl, domain, 8);
XEN_ABI_OFFSET(struct xen_domctl, _pad, 10);
XEN_ABI_OFFSET(struct xen_domctl, u, 16);

#endif /* PUBLIC_DOMCTL_H */
