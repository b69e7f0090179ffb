/* SPDX-License-Identifier: MIT */
/*
 * __HYPERVISOR_memory_op(cmd, arg): a domain's memory reservation and its
 * guest-physical (p2m) map.
 *
 * The low 6 bits of cmd are the XENMEM_* command; the hypervisor may keep
 * continuation state in the bits above them, so callers pass zero there.
 */
#ifndef PUBLIC_MEMORY_H
#define PUBLIC_MEMORY_H

#include "xen.h"

/*
 * Grow or shrink a domain's memory, or fill holes of its guest-physical
 * space with new pages; arg is a struct xen_memory_reservation. Returns
 * the number of extents done.
 */
#define XENMEM_increase_reservation 0
#define XENMEM_decrease_reservation 1
#define XENMEM_populate_physmap 6

/* xen_memory_reservation.mem_flags */
#define XENMEMF_address_bits(x) (x) /* highest usable address bit; 0: any */
#define XENMEMF_get_address_bits(x) ((x)&0xffu)
#define XENMEMF_node(x) (((x) + 1) << 8) /* NUMA node to allocate from */
#define XENMEMF_get_node(x) ((((x) >> 8) - 1) & 0xffu)
#define XENMEMF_populate_on_demand (1 << 16)
#define XENMEMF_exact_node_request (1 << 17) /* only from that node */
#define XENMEMF_exact_node(n) (XENMEMF_node(n) | XENMEMF_exact_node_request)
#define XENMEMF_vnode (1 << 18) /* the node is a virtual node */

struct xen_memory_reservation {
	/*
	 * First frame of each extent: frames to free (decrease), frames to
	 * populate (populate_physmap), frames allocated (increase, OUT).
	 */
	XEN_GUEST_HANDLE(xen_pfn_t) extent_start;
	xen_ulong_t nr_extents;
	uint32_t extent_order; /* each extent is 2^extent_order pages */
	uint32_t mem_flags;    /* XENMEMF_* */
	domid_t domid;	       /* DOMID_SELF unless privileged */
};
typedef struct xen_memory_reservation xen_memory_reservation_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_reservation_t);

XEN_ABI_SIZE(struct xen_memory_reservation, 32);
XEN_ABI_OFFSET(struct xen_memory_reservation, extent_start, 0);
XEN_ABI_OFFSET(struct xen_memory_reservation, nr_extents, 8);
XEN_ABI_OFFSET(struct xen_memory_reservation, extent_order, 16);
XEN_ABI_OFFSET(struct xen_memory_reservation, mem_flags, 20);
XEN_ABI_OFFSET(struct xen_memory_reservation, domid, 24);

/* Swap pages for others (x86 PV only); arg is a xen_memory_exchange. */
#define XENMEM_exchange 11
struct xen_memory_exchange {
	struct xen_memory_reservation in;
	struct xen_memory_reservation out;
	xen_ulong_t nr_exchanged; /* OUT; the caller must zero it */
};
typedef struct xen_memory_exchange xen_memory_exchange_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_exchange_t);

XEN_ABI_SIZE(struct xen_memory_exchange, 72);
XEN_ABI_OFFSET(struct xen_memory_exchange, in, 0);
XEN_ABI_OFFSET(struct xen_memory_exchange, out, 32);
XEN_ABI_OFFSET(struct xen_memory_exchange, nr_exchanged, 64);

/* Highest machine frame of RAM; arg is NULL. */
#define XENMEM_maximum_ram_page 2

/*
 * Current or maximum reservation in pages, or highest populated guest
 * frame, of a domain; arg points to a domid_t (a struct xen_memory_domain).
 */
#define XENMEM_current_reservation 3
#define XENMEM_maximum_reservation 4
#define XENMEM_maximum_gpfn 14
struct xen_memory_domain {
	domid_t domid;
};

XEN_ABI_SIZE(struct xen_memory_domain, 2);

/* x86 PV machine-to-physical table queries */
#define XENMEM_machphys_mfn_list 5
#define XENMEM_machphys_mapping 12
#define XENMEM_machphys_compat_mfn_list 25

/* E820-style memory maps (x86) */
#define XENMEM_memory_map 9
#define XENMEM_machine_memory_map 10
#define XENMEM_set_memory_map 13

/* Populate-on-demand target (x86 HVM) */
#define XENMEM_set_pod_target 16
#define XENMEM_get_pod_target 17

/* Memory sharing, paging and access (toolstack, x86 mostly) */
#define XENMEM_get_sharing_freed_pages 18
#define XENMEM_get_sharing_shared_pages 19
#define XENMEM_paging_op 20
#define XENMEM_access_op 21
#define XENMEM_sharing_op 22

/*
 * Reserve memory for a domain about to be built; arg is a struct
 * xen_memory_reservation with extent_start NULL.
 */
#define XENMEM_claim_pages 24

/* Virtual NUMA layout of the caller */
#define XENMEM_get_vnumainfo 26

/* Reserved device memory of a PCI device (x86) */
#define XENMEM_reserved_device_memory_map 27

/* Address spaces that XENMEM_add_to_physmap{,_batch} take pages from */
#define XENMAPSPACE_shared_info 0  /* the domain's shared_info page */
#define XENMAPSPACE_grant_table 1  /* a frame of the domain's grant table */
#define XENMAPSPACE_gmfn 2	   /* move a page from another gfn */
#define XENMAPSPACE_gmfn_range 3   /* move size pages; add_to_physmap only */
#define XENMAPSPACE_gmfn_foreign 4 /* page of another domain; batch only */
#define XENMAPSPACE_dev_mmio 5	   /* device MMIO, mapped Normal WB (Arm) */

/*
 * Make a page appear at guest frame gpfn of domain domid; arg is a struct
 * xen_add_to_physmap. size is only read for XENMAPSPACE_gmfn_range (Linux
 * leaves it uninitialised otherwise).
 */
#define XENMEM_add_to_physmap 7
struct xen_add_to_physmap {
	domid_t domid;
	uint16_t size;
	uint32_t space; /* XENMAPSPACE_* */
/* OR'd into idx for XENMAPSPACE_grant_table: a status frame (v2 only) */
#define XENMAPIDX_grant_table_status 0x80000000
	xen_ulong_t idx; /* which page of the space */
	xen_pfn_t gpfn;	 /* where it appears */
};
typedef struct xen_add_to_physmap xen_add_to_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_t);

XEN_ABI_SIZE(struct xen_add_to_physmap, 24);
XEN_ABI_OFFSET(struct xen_add_to_physmap, domid, 0);
XEN_ABI_OFFSET(struct xen_add_to_physmap, size, 2);
XEN_ABI_OFFSET(struct xen_add_to_physmap, space, 4);
XEN_ABI_OFFSET(struct xen_add_to_physmap, idx, 8);
XEN_ABI_OFFSET(struct xen_add_to_physmap, gpfn, 16);

/*
 * Many XENMEM_add_to_physmap at once; arg is a struct
 * xen_add_to_physmap_batch. The call itself succeeds even when entries
 * fail: each entry's result goes to errs[]. Linux calls it
 * XENMEM_add_to_physmap_range.
 */
#define XENMEM_add_to_physmap_batch 23
struct xen_add_to_physmap_batch {
	domid_t domid;
	uint16_t space; /* XENMAPSPACE_* */
	uint16_t size;	/* number of entries */
	union xen_add_to_physmap_batch_extra {
		domid_t foreign_domid; /* XENMAPSPACE_gmfn_foreign */
		uint16_t res0;	       /* other spaces: must be 0 */
	} u;
	XEN_GUEST_HANDLE(xen_ulong_t) idxs;
	XEN_GUEST_HANDLE(xen_pfn_t) gpfns;
	XEN_GUEST_HANDLE(int) errs; /* OUT */
};
typedef struct xen_add_to_physmap_batch xen_add_to_physmap_batch_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_batch_t);

XEN_ABI_SIZE(struct xen_add_to_physmap_batch, 32);
XEN_ABI_OFFSET(struct xen_add_to_physmap_batch, domid, 0);
XEN_ABI_OFFSET(struct xen_add_to_physmap_batch, space, 2);
XEN_ABI_OFFSET(struct xen_add_to_physmap_batch, size, 4);
XEN_ABI_OFFSET(struct xen_add_to_physmap_batch, u.foreign_domid, 6);
XEN_ABI_OFFSET(struct xen_add_to_physmap_batch, idxs, 8);
XEN_ABI_OFFSET(struct xen_add_to_physmap_batch, gpfns, 16);
XEN_ABI_OFFSET(struct xen_add_to_physmap_batch, errs, 24);

/* Unmap whatever is at guest frame gpfn of domid. */
#define XENMEM_remove_from_physmap 15
struct xen_remove_from_physmap {
	domid_t domid;
	xen_pfn_t gpfn;
};
typedef struct xen_remove_from_physmap xen_remove_from_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_remove_from_physmap_t);

XEN_ABI_SIZE(struct xen_remove_from_physmap, 16);
XEN_ABI_OFFSET(struct xen_remove_from_physmap, domid, 0);
XEN_ABI_OFFSET(struct xen_remove_from_physmap, gpfn, 8);

/*
 * Map frames of a domain's resource (e.g. its grant table) into the
 * caller; arg is a struct xen_mem_acquire_resource. A translated caller
 * (every Arm domain) lists in frame_list the gfns where the frames should
 * appear. frame_list NULL with nr_frames 0 asks for the resource's size,
 * returned in nr_frames.
 */
#define XENMEM_acquire_resource 28
struct xen_mem_acquire_resource {
	domid_t domid; /* whose resource */
	uint16_t type; /* XENMEM_resource_* */
#define XENMEM_resource_ioreq_server 0
#define XENMEM_resource_grant_table 1
#define XENMEM_resource_vmtrace_buf 2
	uint32_t id; /* type-specific; 0 unless listed below */
#define XENMEM_resource_grant_table_id_shared 0
#define XENMEM_resource_grant_table_id_status 1
	uint32_t nr_frames; /* IN/OUT */
	uint32_t pad;	    /* must be 0 (Linux calls it flags) */
	uint64_t frame;	    /* index of the first frame */
#define XENMEM_resource_ioreq_server_frame_bufioreq 0
#define XENMEM_resource_ioreq_server_frame_ioreq(n) (1 + (n))
	XEN_GUEST_HANDLE(xen_pfn_t) frame_list;
};
typedef struct xen_mem_acquire_resource xen_mem_acquire_resource_t;
DEFINE_XEN_GUEST_HANDLE(xen_mem_acquire_resource_t);

XEN_ABI_SIZE(struct xen_mem_acquire_resource, 32);
XEN_ABI_OFFSET(struct xen_mem_acquire_resource, domid, 0);
XEN_ABI_OFFSET(struct xen_mem_acquire_resource, type, 2);
XEN_ABI_OFFSET(struct xen_mem_acquire_resource, id, 4);
XEN_ABI_OFFSET(struct xen_mem_acquire_resource, nr_frames, 8);
XEN_ABI_OFFSET(struct xen_mem_acquire_resource, pad, 12);
XEN_ABI_OFFSET(struct xen_mem_acquire_resource, frame, 16);
XEN_ABI_OFFSET(struct xen_mem_acquire_resource, frame_list, 24);

#endif /* PUBLIC_MEMORY_H */
