/* SPDX-License-Identifier: MIT */
/*
 * __HYPERVISOR_sysctl(op): host-wide control and information for the
 * toolstack in a privileged domain. op is a struct xen_sysctl naming the
 * command, the interface version and the command's argument.
 *
 * Only the commands an Arm toolstack uses have their argument structs
 * here; the other command numbers are listed so they are never reused.
 */
#ifndef PUBLIC_SYSCTL_H
#define PUBLIC_SYSCTL_H

#include "xen.h"
#include "domctl.h"

/* xen_sysctl.interface_version must hold this, or -XEN_EACCES. */
#define XEN_SYSCTL_INTERFACE_VERSION 0x00000015

/*
 * XEN_SYSCTL_readconsole: read the hypervisor console ring into buffer.
 * count is the buffer size on input and the bytes read on output. With
 * incremental, reading starts at index (and index is updated) instead of
 * at the oldest byte; with clear, the ring is emptied afterwards.
 */
struct xen_sysctl_readconsole {
	uint8_t clear;	     /* IN */
	uint8_t incremental; /* IN */
	uint8_t pad0;
	uint8_t pad1;
	uint32_t index;			  /* IN/OUT */
	XEN_GUEST_HANDLE_64(char) buffer; /* IN */
	uint32_t count;			  /* IN/OUT */
};

XEN_ABI_SIZE(struct xen_sysctl_readconsole, 24);
XEN_ABI_OFFSET(struct xen_sysctl_readconsole, clear, 0);
XEN_ABI_OFFSET(struct xen_sysctl_readconsole, incremental, 1);
XEN_ABI_OFFSET(struct xen_sysctl_readconsole, index, 4);
XEN_ABI_OFFSET(struct xen_sysctl_readconsole, buffer, 8);
XEN_ABI_OFFSET(struct xen_sysctl_readconsole, count, 16);

/* xen_sysctl_physinfo.capabilities */
#define _XEN_SYSCTL_PHYSCAP_hvm 0
#define XEN_SYSCTL_PHYSCAP_hvm (1u << _XEN_SYSCTL_PHYSCAP_hvm)
#define _XEN_SYSCTL_PHYSCAP_pv 1
#define XEN_SYSCTL_PHYSCAP_pv (1u << _XEN_SYSCTL_PHYSCAP_pv)
#define _XEN_SYSCTL_PHYSCAP_directio 2
#define XEN_SYSCTL_PHYSCAP_directio (1u << _XEN_SYSCTL_PHYSCAP_directio)
#define _XEN_SYSCTL_PHYSCAP_hap 3
#define XEN_SYSCTL_PHYSCAP_hap (1u << _XEN_SYSCTL_PHYSCAP_hap)
#define _XEN_SYSCTL_PHYSCAP_shadow 4
#define XEN_SYSCTL_PHYSCAP_shadow (1u << _XEN_SYSCTL_PHYSCAP_shadow)
#define _XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share 5
#define XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share \
	(1u << _XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share)
#define XEN_SYSCTL_PHYSCAP_vmtrace (1u << 6)
#define XEN_SYSCTL_PHYSCAP_vpmu (1u << 7)
#define XEN_SYSCTL_PHYSCAP_gnttab_v1 (1u << 8)
#define XEN_SYSCTL_PHYSCAP_gnttab_v2 (1u << 9)
#define XEN_SYSCTL_PHYSCAP_MAX XEN_SYSCTL_PHYSCAP_gnttab_v2

/* XEN_SYSCTL_physinfo: the host's CPUs and memory (all OUT). */
struct xen_sysctl_physinfo {
	uint32_t threads_per_core;
	uint32_t cores_per_socket;
	uint32_t nr_cpus; /* online CPUs */
	uint32_t max_cpu_id;
	uint32_t nr_nodes;
	uint32_t max_node_id;
	uint32_t cpu_khz;
	uint32_t capabilities;	    /* XEN_SYSCTL_PHYSCAP_* */
	uint32_t arch_capabilities; /* none defined on Arm */
	uint32_t pad;
	uint64_aligned_t total_pages;
	uint64_aligned_t free_pages;
	uint64_aligned_t scrub_pages;
	uint64_aligned_t outstanding_pages;
	uint64_aligned_t max_mfn; /* highest machine frame of RAM */
	uint32_t hw_cap[8];
};

XEN_ABI_SIZE(struct xen_sysctl_physinfo, 112);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, threads_per_core, 0);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, cores_per_socket, 4);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, nr_cpus, 8);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, max_cpu_id, 12);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, nr_nodes, 16);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, max_node_id, 20);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, cpu_khz, 24);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, capabilities, 28);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, arch_capabilities, 32);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, pad, 36);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, total_pages, 40);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, free_pages, 48);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, scrub_pages, 56);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, outstanding_pages, 64);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, max_mfn, 72);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, hw_cap, 80);

/* XEN_SYSCTL_sched_id: the default scheduler (XEN_SCHEDULER_*). */
struct xen_sysctl_sched_id {
	uint32_t sched_id; /* OUT */
};

XEN_ABI_SIZE(struct xen_sysctl_sched_id, 4);

/*
 * XEN_SYSCTL_getdomaininfolist: the state of up to max_domains domains
 * with ids from first_domain up, in id order.
 */
struct xen_sysctl_getdomaininfolist {
	domid_t first_domain;					/* IN */
	uint32_t max_domains;					/* IN */
	XEN_GUEST_HANDLE_64(xen_domctl_getdomaininfo_t) buffer; /* IN */
	uint32_t num_domains;					/* OUT */
};

XEN_ABI_SIZE(struct xen_sysctl_getdomaininfolist, 24);
XEN_ABI_OFFSET(struct xen_sysctl_getdomaininfolist, first_domain, 0);
XEN_ABI_OFFSET(struct xen_sysctl_getdomaininfolist, max_domains, 4);
XEN_ABI_OFFSET(struct xen_sysctl_getdomaininfolist, buffer, 8);
XEN_ABI_OFFSET(struct xen_sysctl_getdomaininfolist, num_domains, 16);

/* XEN_SYSCTL_debug_keys: act as if keys were typed on the serial console. */
struct xen_sysctl_debug_keys {
	XEN_GUEST_HANDLE_64(const_char) keys; /* IN */
	uint32_t nr_keys;		      /* IN */
};

XEN_ABI_SIZE(struct xen_sysctl_debug_keys, 16);
XEN_ABI_OFFSET(struct xen_sysctl_debug_keys, keys, 0);
XEN_ABI_OFFSET(struct xen_sysctl_debug_keys, nr_keys, 8);

/* XEN_SYSCTL_getcpuinfo: idle time of the first max_cpus CPUs. */
struct xen_sysctl_cpuinfo {
	uint64_aligned_t idletime; /* ns */
};
typedef struct xen_sysctl_cpuinfo xen_sysctl_cpuinfo_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_cpuinfo_t);

XEN_ABI_SIZE(struct xen_sysctl_cpuinfo, 8);

struct xen_sysctl_getcpuinfo {
	uint32_t max_cpus;				/* IN */
	XEN_GUEST_HANDLE_64(xen_sysctl_cpuinfo_t) info; /* IN */
	uint32_t nr_cpus;				/* OUT */
};

XEN_ABI_SIZE(struct xen_sysctl_getcpuinfo, 24);
XEN_ABI_OFFSET(struct xen_sysctl_getcpuinfo, max_cpus, 0);
XEN_ABI_OFFSET(struct xen_sysctl_getcpuinfo, info, 8);
XEN_ABI_OFFSET(struct xen_sysctl_getcpuinfo, nr_cpus, 16);

/* XEN_SYSCTL_cputopoinfo: core, socket and node of each CPU. */
#define XEN_INVALID_CORE_ID (~0U)
#define XEN_INVALID_SOCKET_ID (~0U)
#define XEN_INVALID_NODE_ID (~0U)
struct xen_sysctl_cputopo {
	uint32_t core;
	uint32_t socket;
	uint32_t node;
};
typedef struct xen_sysctl_cputopo xen_sysctl_cputopo_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_cputopo_t);

XEN_ABI_SIZE(struct xen_sysctl_cputopo, 12);

/*
 * num_cpus: IN, entries in cputopo; OUT, CPUs that exist. A NULL cputopo
 * only asks for the count.
 */
struct xen_sysctl_cputopoinfo {
	uint32_t num_cpus;
	XEN_GUEST_HANDLE_64(xen_sysctl_cputopo_t) cputopo;
};

XEN_ABI_SIZE(struct xen_sysctl_cputopoinfo, 16);
XEN_ABI_OFFSET(struct xen_sysctl_cputopoinfo, cputopo, 8);

/* XEN_SYSCTL_numainfo: memory of each node and the node distances. */
#define XEN_INVALID_MEM_SZ (~0U)
#define XEN_INVALID_NODE_DIST (~0U)
struct xen_sysctl_meminfo {
	uint64_t memsize;
	uint64_t memfree;
};
typedef struct xen_sysctl_meminfo xen_sysctl_meminfo_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_meminfo_t);

XEN_ABI_SIZE(struct xen_sysctl_meminfo, 16);

struct xen_sysctl_numainfo {
	uint32_t num_nodes; /* IN/OUT, as num_cpus of cputopoinfo */
	XEN_GUEST_HANDLE_64(xen_sysctl_meminfo_t) meminfo;
	XEN_GUEST_HANDLE_64(uint32) distance; /* num_nodes * num_nodes */
};

XEN_ABI_SIZE(struct xen_sysctl_numainfo, 24);
XEN_ABI_OFFSET(struct xen_sysctl_numainfo, meminfo, 8);
XEN_ABI_OFFSET(struct xen_sysctl_numainfo, distance, 16);

/* XEN_SYSCTL_cpupool_op: manage CPU pools. */
#define XEN_SYSCTL_CPUPOOL_OP_CREATE 1
#define XEN_SYSCTL_CPUPOOL_OP_DESTROY 2
#define XEN_SYSCTL_CPUPOOL_OP_INFO 3
#define XEN_SYSCTL_CPUPOOL_OP_ADDCPU 4
#define XEN_SYSCTL_CPUPOOL_OP_RMCPU 5
#define XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN 6
#define XEN_SYSCTL_CPUPOOL_OP_FREEINFO 7
#define XEN_SYSCTL_CPUPOOL_PAR_ANY 0xFFFFFFFF
struct xen_sysctl_cpupool_op {
	uint32_t op; /* XEN_SYSCTL_CPUPOOL_OP_* */
	uint32_t cpupool_id;
	uint32_t sched_id;
	uint32_t domid;
	uint32_t cpu;
	uint32_t n_dom;
	struct xenctl_bitmap cpumap;
};

XEN_ABI_SIZE(struct xen_sysctl_cpupool_op, 40);
XEN_ABI_OFFSET(struct xen_sysctl_cpupool_op, n_dom, 20);
XEN_ABI_OFFSET(struct xen_sysctl_cpupool_op, cpumap, 24);

/* XEN_SYSCTL_scheduler_op: scheduler-wide parameters of a CPU pool. */
#define XEN_SYSCTL_SCHED_RATELIMIT_MAX 500000
#define XEN_SYSCTL_SCHED_RATELIMIT_MIN 100
struct xen_sysctl_credit_schedule {
#define XEN_SYSCTL_CSCHED_TSLICE_MAX 1000
#define XEN_SYSCTL_CSCHED_TSLICE_MIN 1
	uint32_t tslice_ms;
	uint32_t ratelimit_us;
#define XEN_SYSCTL_CSCHED_MGR_DLY_MAX_US (100 * 1000)
	uint32_t vcpu_migr_delay_us;
};

struct xen_sysctl_credit2_schedule {
	uint32_t ratelimit_us;
};

XEN_ABI_SIZE(struct xen_sysctl_credit_schedule, 12);
XEN_ABI_SIZE(struct xen_sysctl_credit2_schedule, 4);

#define XEN_SYSCTL_SCHEDOP_putinfo 0
#define XEN_SYSCTL_SCHEDOP_getinfo 1
struct xen_sysctl_scheduler_op {
	uint32_t cpupool_id;
	uint32_t sched_id; /* XEN_SCHEDULER_* */
	uint32_t cmd;	   /* XEN_SYSCTL_SCHEDOP_* */
	union {
		struct xen_sysctl_sched_arinc653 {
			/* a struct xen_sysctl_arinc653_schedule, not given here */
			XEN_GUEST_HANDLE_64(void) schedule;
		} sched_arinc653;
		struct xen_sysctl_credit_schedule sched_credit;
		struct xen_sysctl_credit2_schedule sched_credit2;
	} u;
};

XEN_ABI_SIZE(struct xen_sysctl_scheduler_op, 32);
XEN_ABI_OFFSET(struct xen_sysctl_scheduler_op, cmd, 8);
XEN_ABI_OFFSET(struct xen_sysctl_scheduler_op, u, 16);

/* The argument of __HYPERVISOR_sysctl. */
struct xen_sysctl {
	uint32_t cmd;
#define XEN_SYSCTL_readconsole 1
#define XEN_SYSCTL_tbuf_op 2
#define XEN_SYSCTL_physinfo 3
#define XEN_SYSCTL_sched_id 4
#define XEN_SYSCTL_perfc_op 5
#define XEN_SYSCTL_getdomaininfolist 6
#define XEN_SYSCTL_debug_keys 7
#define XEN_SYSCTL_getcpuinfo 8
#define XEN_SYSCTL_availheap 9
#define XEN_SYSCTL_get_pmstat 10
#define XEN_SYSCTL_cpu_hotplug 11
#define XEN_SYSCTL_pm_op 12
#define XEN_SYSCTL_page_offline_op 14
#define XEN_SYSCTL_lockprof_op 15
#define XEN_SYSCTL_cputopoinfo 16
#define XEN_SYSCTL_numainfo 17
#define XEN_SYSCTL_cpupool_op 18
#define XEN_SYSCTL_scheduler_op 19
#define XEN_SYSCTL_coverage_op 20
#define XEN_SYSCTL_psr_cmt_op 21
#define XEN_SYSCTL_pcitopoinfo 22
#define XEN_SYSCTL_psr_alloc 23
#define XEN_SYSCTL_get_cpu_levelling_caps 25
#define XEN_SYSCTL_get_cpu_featureset 26
#define XEN_SYSCTL_livepatch_op 27
#define XEN_SYSCTL_get_cpu_policy 29
	uint32_t interface_version; /* XEN_SYSCTL_INTERFACE_VERSION */
	union {
		struct xen_sysctl_readconsole readconsole;
		struct xen_sysctl_physinfo physinfo;
		struct xen_sysctl_cputopoinfo cputopoinfo;
		struct xen_sysctl_numainfo numainfo;
		struct xen_sysctl_sched_id sched_id;
		struct xen_sysctl_getdomaininfolist getdomaininfolist;
		struct xen_sysctl_debug_keys debug_keys;
		struct xen_sysctl_getcpuinfo getcpuinfo;
		struct xen_sysctl_cpupool_op cpupool_op;
		struct xen_sysctl_scheduler_op scheduler_op;
		uint8_t pad[128];
	} u;
};
typedef struct xen_sysctl xen_sysctl_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_t);

XEN_ABI_SIZE(struct xen_sysctl, 136);
XEN_ABI_OFFSET(struct xen_sysctl, cmd, 0);
XEN_ABI_OFFSET(struct xen_sysctl, interface_version, 4);
XEN_ABI_OFFSET(struct xen_sysctl, u, 8);

#endif /* PUBLIC_SYSCTL_H */
