/* SPDX-License-Identifier: MIT */
/*
 * Grant tables: how a domain lets another domain map or copy some of its
 * pages.
 *
 * Each domain has a table of grant entries in pages it shares with the
 * hypervisor (on Arm the guest maps them with XENMAPSPACE_grant_table).
 * To share a page, the granting domain fills an entry with the grantee's
 * id and the page's frame number, then sets flags (after a write barrier).
 * The grantee then names the page by (granting domain, grant reference)
 * in __HYPERVISOR_grant_table_op(cmd, uop, count) calls, where uop is an
 * array of count argument structs and each entry gets its own status.
 *
 * Only version 1 of the entry format exists on Arm.
 */
#ifndef PUBLIC_GRANT_TABLE_H
#define PUBLIC_GRANT_TABLE_H

#include "xen.h"

/* Index of an entry in a grant table. */
typedef uint32_t grant_ref_t;

/*
 * A version 1 grant entry, 512 per 4 KiB frame. The granting domain owns
 * it, except for GTF_reading and GTF_writing, which the hypervisor sets
 * and clears while the page is mapped or being copied. flags is updated
 * with 16-bit atomic operations.
 */
struct grant_entry_v1 {
	uint16_t flags; /* GTF_* */
	domid_t domid;	/* the domain allowed to use the entry */
	uint32_t frame; /* the granted guest frame */
};
typedef struct grant_entry_v1 grant_entry_v1_t;

XEN_ABI_SIZE(struct grant_entry_v1, 8);
XEN_ABI_ALIGN(struct grant_entry_v1, 4);
XEN_ABI_OFFSET(struct grant_entry_v1, flags, 0);
XEN_ABI_OFFSET(struct grant_entry_v1, domid, 2);
XEN_ABI_OFFSET(struct grant_entry_v1, frame, 4);

/* The first entries are reserved for the toolstack. */
#define GNTTAB_NR_RESERVED_ENTRIES 8
#define GNTTAB_RESERVED_CONSOLE 0  /* console ring, for the console backend */
#define GNTTAB_RESERVED_XENSTORE 1 /* xenstore ring, for xenstored */

/* Entry type, in the low two bits of flags */
#define GTF_invalid (0U << 0)	      /* unused entry */
#define GTF_permit_access (1U << 0)   /* domid may map or copy frame */
#define GTF_accept_transfer (2U << 0) /* domid may give a page to us */
#define GTF_transitive (3U << 0)      /* v2 only */
#define GTF_type_mask (3U << 0)

/* Flags of a GTF_permit_access entry */
#define _GTF_readonly 2
#define GTF_readonly (1U << _GTF_readonly) /* grantee may only read */
#define _GTF_reading 3
#define GTF_reading (1U << _GTF_reading) /* set while mapped or read */
#define _GTF_writing 4
#define GTF_writing (1U << _GTF_writing) /* set while mapped writable */
#define _GTF_PWT 5
#define GTF_PWT (1U << _GTF_PWT) /* x86 cache attributes */
#define _GTF_PCD 6
#define GTF_PCD (1U << _GTF_PCD)
#define _GTF_PAT 7
#define GTF_PAT (1U << _GTF_PAT)
#define _GTF_sub_page 8
#define GTF_sub_page (1U << _GTF_sub_page) /* v2 only */

/* Flags of a GTF_accept_transfer entry */
#define _GTF_transfer_committed 2
#define GTF_transfer_committed (1U << _GTF_transfer_committed)
#define _GTF_transfer_completed 3
#define GTF_transfer_completed (1U << _GTF_transfer_completed)

/* grant_table_op commands */
#define GNTTABOP_map_grant_ref 0
#define GNTTABOP_unmap_grant_ref 1
#define GNTTABOP_setup_table 2
#define GNTTABOP_dump_table 3
#define GNTTABOP_transfer 4
#define GNTTABOP_copy 5
#define GNTTABOP_query_size 6
#define GNTTABOP_unmap_and_replace 7
#define GNTTABOP_set_version 8
#define GNTTABOP_get_status_frames 9
#define GNTTABOP_get_version 10
#define GNTTABOP_swap_grant_ref 11
#define GNTTABOP_cache_flush 12

/* Names a mapping made by GNTTABOP_map_grant_ref, for the unmap. */
typedef uint32_t grant_handle_t;

/*
 * GNTTABOP_map_grant_ref: map grant ref of domain dom. On Arm the flags
 * are GNTMAP_host_map, optionally with GNTMAP_readonly; the page appears
 * at guest-physical address host_addr, and dev_bus_addr returns its
 * machine address.
 */
struct gnttab_map_grant_ref {
	uint64_t host_addr;    /* IN */
	uint32_t flags;	       /* IN: GNTMAP_* */
	grant_ref_t ref;       /* IN */
	domid_t dom;	       /* IN */
	int16_t status;	       /* OUT: GNTST_* */
	grant_handle_t handle; /* OUT */
	uint64_t dev_bus_addr; /* OUT */
};
typedef struct gnttab_map_grant_ref gnttab_map_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_map_grant_ref_t);

XEN_ABI_SIZE(struct gnttab_map_grant_ref, 32);
XEN_ABI_OFFSET(struct gnttab_map_grant_ref, host_addr, 0);
XEN_ABI_OFFSET(struct gnttab_map_grant_ref, flags, 8);
XEN_ABI_OFFSET(struct gnttab_map_grant_ref, ref, 12);
XEN_ABI_OFFSET(struct gnttab_map_grant_ref, dom, 16);
XEN_ABI_OFFSET(struct gnttab_map_grant_ref, status, 18);
XEN_ABI_OFFSET(struct gnttab_map_grant_ref, handle, 20);
XEN_ABI_OFFSET(struct gnttab_map_grant_ref, dev_bus_addr, 24);

/* GNTTABOP_unmap_grant_ref: undo a mapping, named by its handle. */
struct gnttab_unmap_grant_ref {
	uint64_t host_addr;    /* IN */
	uint64_t dev_bus_addr; /* IN */
	grant_handle_t handle; /* IN */
	int16_t status;	       /* OUT: GNTST_* */
};
typedef struct gnttab_unmap_grant_ref gnttab_unmap_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_unmap_grant_ref_t);

XEN_ABI_SIZE(struct gnttab_unmap_grant_ref, 24);
XEN_ABI_OFFSET(struct gnttab_unmap_grant_ref, host_addr, 0);
XEN_ABI_OFFSET(struct gnttab_unmap_grant_ref, dev_bus_addr, 8);
XEN_ABI_OFFSET(struct gnttab_unmap_grant_ref, handle, 16);
XEN_ABI_OFFSET(struct gnttab_unmap_grant_ref, status, 20);

/*
 * GNTTABOP_setup_table: grow dom's grant table to nr_frames frames and
 * return their frame numbers in frame_list.
 */
struct gnttab_setup_table {
	domid_t dom;				/* IN */
	uint32_t nr_frames;			/* IN */
	int16_t status;				/* OUT: GNTST_* */
	XEN_GUEST_HANDLE(xen_pfn_t) frame_list; /* OUT */
};
typedef struct gnttab_setup_table gnttab_setup_table_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_setup_table_t);

XEN_ABI_SIZE(struct gnttab_setup_table, 24);
XEN_ABI_OFFSET(struct gnttab_setup_table, dom, 0);
XEN_ABI_OFFSET(struct gnttab_setup_table, nr_frames, 4);
XEN_ABI_OFFSET(struct gnttab_setup_table, status, 8);
XEN_ABI_OFFSET(struct gnttab_setup_table, frame_list, 16);

/* GNTTABOP_dump_table: print dom's grant table on the console. */
struct gnttab_dump_table {
	domid_t dom;	/* IN */
	int16_t status; /* OUT: GNTST_* */
};
typedef struct gnttab_dump_table gnttab_dump_table_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_dump_table_t);

XEN_ABI_SIZE(struct gnttab_dump_table, 4);
XEN_ABI_OFFSET(struct gnttab_dump_table, status, 2);

/* GNTTABOP_transfer: give page mfn to domid through its entry ref (PV). */
struct gnttab_transfer {
	xen_pfn_t mfn;	 /* IN */
	domid_t domid;	 /* IN */
	grant_ref_t ref; /* IN */
	int16_t status;	 /* OUT: GNTST_* */
};
typedef struct gnttab_transfer gnttab_transfer_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_transfer_t);

XEN_ABI_SIZE(struct gnttab_transfer, 24);
XEN_ABI_OFFSET(struct gnttab_transfer, mfn, 0);
XEN_ABI_OFFSET(struct gnttab_transfer, domid, 8);
XEN_ABI_OFFSET(struct gnttab_transfer, ref, 12);
XEN_ABI_OFFSET(struct gnttab_transfer, status, 16);

/*
 * GNTTABOP_copy: copy len bytes between two pages, each named either by
 * a grant reference of domid (flag GNTCOPY_{source,dest}_gref) or by a
 * guest frame of the caller (domid DOMID_SELF). offset + len must stay
 * within one page on each side.
 */
#define _GNTCOPY_source_gref 0
#define GNTCOPY_source_gref (1 << _GNTCOPY_source_gref)
#define _GNTCOPY_dest_gref 1
#define GNTCOPY_dest_gref (1 << _GNTCOPY_dest_gref)

struct gnttab_copy {
	struct gnttab_copy_ptr {
		union {
			grant_ref_t ref;
			xen_pfn_t gmfn;
		} u;
		domid_t domid;
		uint16_t offset;
	} source, dest; /* IN */
	uint16_t len;	/* IN */
	uint16_t flags; /* IN: GNTCOPY_* */
	int16_t status; /* OUT: GNTST_* */
};
typedef struct gnttab_copy gnttab_copy_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_copy_t);

XEN_ABI_SIZE(struct gnttab_copy_ptr, 16);
XEN_ABI_OFFSET(struct gnttab_copy_ptr, u, 0);
XEN_ABI_OFFSET(struct gnttab_copy_ptr, domid, 8);
XEN_ABI_OFFSET(struct gnttab_copy_ptr, offset, 10);
XEN_ABI_SIZE(struct gnttab_copy, 40);
XEN_ABI_OFFSET(struct gnttab_copy, source, 0);
XEN_ABI_OFFSET(struct gnttab_copy, dest, 16);
XEN_ABI_OFFSET(struct gnttab_copy, len, 32);
XEN_ABI_OFFSET(struct gnttab_copy, flags, 34);
XEN_ABI_OFFSET(struct gnttab_copy, status, 36);

/* GNTTABOP_query_size: current and maximum size of dom's grant table. */
struct gnttab_query_size {
	domid_t dom;		/* IN */
	uint32_t nr_frames;	/* OUT */
	uint32_t max_nr_frames; /* OUT */
	int16_t status;		/* OUT: GNTST_* */
};
typedef struct gnttab_query_size gnttab_query_size_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_query_size_t);

XEN_ABI_SIZE(struct gnttab_query_size, 16);
XEN_ABI_OFFSET(struct gnttab_query_size, dom, 0);
XEN_ABI_OFFSET(struct gnttab_query_size, nr_frames, 4);
XEN_ABI_OFFSET(struct gnttab_query_size, max_nr_frames, 8);
XEN_ABI_OFFSET(struct gnttab_query_size, status, 12);

/*
 * GNTTABOP_unmap_and_replace: unmap handle at host_addr and move the
 * mapping at new_addr there (x86 PV).
 */
struct gnttab_unmap_and_replace {
	uint64_t host_addr;    /* IN */
	uint64_t new_addr;     /* IN */
	grant_handle_t handle; /* IN */
	int16_t status;	       /* OUT: GNTST_* */
};
typedef struct gnttab_unmap_and_replace gnttab_unmap_and_replace_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_unmap_and_replace_t);

XEN_ABI_SIZE(struct gnttab_unmap_and_replace, 24);
XEN_ABI_OFFSET(struct gnttab_unmap_and_replace, new_addr, 8);
XEN_ABI_OFFSET(struct gnttab_unmap_and_replace, handle, 16);
XEN_ABI_OFFSET(struct gnttab_unmap_and_replace, status, 20);

/*
 * GNTTABOP_set_version: choose the entry format. Returns the version in
 * force in version (always 1 on Arm).
 */
struct gnttab_set_version {
	uint32_t version; /* IN/OUT */
};
typedef struct gnttab_set_version gnttab_set_version_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_set_version_t);

XEN_ABI_SIZE(struct gnttab_set_version, 4);

/* GNTTABOP_get_status_frames: frames of the v2 status table. */
struct gnttab_get_status_frames {
	uint32_t nr_frames;		       /* IN */
	domid_t dom;			       /* IN */
	int16_t status;			       /* OUT: GNTST_* */
	XEN_GUEST_HANDLE(uint64_t) frame_list; /* OUT */
};
typedef struct gnttab_get_status_frames gnttab_get_status_frames_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_get_status_frames_t);

XEN_ABI_SIZE(struct gnttab_get_status_frames, 16);
XEN_ABI_OFFSET(struct gnttab_get_status_frames, nr_frames, 0);
XEN_ABI_OFFSET(struct gnttab_get_status_frames, dom, 4);
XEN_ABI_OFFSET(struct gnttab_get_status_frames, status, 6);
XEN_ABI_OFFSET(struct gnttab_get_status_frames, frame_list, 8);

/* GNTTABOP_get_version: the entry format dom uses. */
struct gnttab_get_version {
	domid_t dom; /* IN */
	uint16_t pad;
	uint32_t version; /* OUT */
};
typedef struct gnttab_get_version gnttab_get_version_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_get_version_t);

XEN_ABI_SIZE(struct gnttab_get_version, 8);
XEN_ABI_OFFSET(struct gnttab_get_version, dom, 0);
XEN_ABI_OFFSET(struct gnttab_get_version, pad, 2);
XEN_ABI_OFFSET(struct gnttab_get_version, version, 4);

/* GNTTABOP_swap_grant_ref: exchange two entries of the caller's table. */
struct gnttab_swap_grant_ref {
	grant_ref_t ref_a; /* IN */
	grant_ref_t ref_b; /* IN */
	int16_t status;	   /* OUT: GNTST_* */
};
typedef struct gnttab_swap_grant_ref gnttab_swap_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_swap_grant_ref_t);

XEN_ABI_SIZE(struct gnttab_swap_grant_ref, 12);
XEN_ABI_OFFSET(struct gnttab_swap_grant_ref, status, 8);

/*
 * GNTTABOP_cache_flush: clean and/or invalidate the data cache for
 * length bytes at offset of a page, named by its machine address or, with
 * GNTTAB_CACHE_SOURCE_GREF, by a grant reference. A zero length or op is
 * a successful no-op (Linux uses that to probe for the call).
 */
struct gnttab_cache_flush {
	union {
		uint64_t dev_bus_addr;
		grant_ref_t ref;
	} a;		 /* IN */
	uint16_t offset; /* IN: within the page */
	uint16_t length; /* IN: offset + length must not pass the page end */
#define GNTTAB_CACHE_CLEAN (1u << 0)
#define GNTTAB_CACHE_INVAL (1u << 1)
#define GNTTAB_CACHE_SOURCE_GREF (1u << 31)
	uint32_t op; /* IN: GNTTAB_CACHE_* */
};
typedef struct gnttab_cache_flush gnttab_cache_flush_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_cache_flush_t);

XEN_ABI_SIZE(struct gnttab_cache_flush, 16);
XEN_ABI_OFFSET(struct gnttab_cache_flush, a, 0);
XEN_ABI_OFFSET(struct gnttab_cache_flush, offset, 8);
XEN_ABI_OFFSET(struct gnttab_cache_flush, length, 10);
XEN_ABI_OFFSET(struct gnttab_cache_flush, op, 12);

/* gnttab_map_grant_ref.flags */
#define _GNTMAP_device_map 0
#define GNTMAP_device_map (1 << _GNTMAP_device_map) /* for device DMA */
#define _GNTMAP_host_map 1
#define GNTMAP_host_map (1 << _GNTMAP_host_map) /* for CPU access */
#define _GNTMAP_readonly 2
#define GNTMAP_readonly (1 << _GNTMAP_readonly)
#define _GNTMAP_application_map 3
#define GNTMAP_application_map (1 << _GNTMAP_application_map) /* x86 PV */
#define _GNTMAP_contains_pte 4
#define GNTMAP_contains_pte (1 << _GNTMAP_contains_pte) /* x86 PV */
/* Bits the guest may use for itself in x86 PV PTEs */
#define _GNTMAP_guest_avail0 16
#define GNTMAP_guest_avail_mask ((uint32_t)~0 << _GNTMAP_guest_avail0)

/* Per-entry status codes */
#define GNTST_okay 0
#define GNTST_general_error (-1)
#define GNTST_bad_domain (-2)	   /* no such domain */
#define GNTST_bad_gntref (-3)	   /* bad or unusable grant reference */
#define GNTST_bad_handle (-4)	   /* bad mapping handle */
#define GNTST_bad_virt_addr (-5)   /* bad host_addr */
#define GNTST_bad_dev_addr (-6)	   /* bad dev_bus_addr */
#define GNTST_no_device_space (-7) /* IOMMU out of space */
#define GNTST_permission_denied (-8)
#define GNTST_bad_page (-9)	    /* bad page to transfer or copy */
#define GNTST_bad_copy_arg (-10)    /* copy crosses a page boundary */
#define GNTST_address_too_big (-11) /* transferred page too high */
#define GNTST_eagain (-12)	    /* try again later */
#define GNTST_no_space (-13)	    /* out of space (e.g. maptrack) */

#endif /* PUBLIC_GRANT_TABLE_H */
