/* SPDX-License-Identifier: MIT */
/*
 * The interface Linux's Xen drivers give dom0 user space: the ioctls of
 * /dev/xen/privcmd, /dev/xen/evtchn, /dev/xen/gntalloc, /dev/xen/gntdev and
 * /dev/xen/xenbus_backend
 * (Linux 6.1; the numbers and layouts have not changed since they first
 * appeared). Our own definitions, written from the facts of Linux's
 * include/uapi/xen/{privcmd,evtchn,gntalloc,gntdev}.h; the Xen types they
 * carry (domid_t, xen_pfn_t, grant_ref_t, evtchn_port_t) come from the
 * project's ABI headers, hyp/include/public/.
 *
 * Shared by every dom0 tool (tools/dom0-tests/ now, a toolstack later):
 * build with -I tools/include -I hyp/include. It includes nothing of Linux's
 * own headers, only <stdint.h> and the public ABI; every struct has the
 * arm64 (LP64) layout pinned with static assertions, and every ioctl number
 * is checked against its known value.
 *
 * Conventions of the devices (how the drivers behave, not just types):
 *  - privcmd: IOCTL_PRIVCMD_HYPERCALL returns the hypercall's return value
 *    (a negative Xen errno becomes -1 with errno set). Pointers in the
 *    arguments are user virtual addresses of the calling process.
 *  - evtchn: each bound port starts enabled; when it fires, the driver
 *    masks it and queues the port number; read() returns whole 32-bit port
 *    numbers (blocking unless O_NONBLOCK); write() of port numbers
 *    re-enables (unmasks) them. The bind ioctls return the local port.
 *  - gntalloc / gntdev: the ioctl returns an `index`, to be used as the
 *    mmap() offset (count pages, MAP_SHARED) on the same fd.
 */
#ifndef TOOLS_LINUX_XEN_UAPI_H
#define TOOLS_LINUX_XEN_UAPI_H

#include <stdint.h>

#include <public/xen.h>
#include <public/event_channel.h>
#include <public/grant_table.h>

/*
 * Linux's ioctl number encoding (asm-generic, used by arm64):
 * dir (2 bits) << 30 | size (14 bits) << 16 | type << 8 | nr.
 * All Xen device ioctls use direction "none" (0).
 */
#define XEN_UAPI_IOC_NONE 0U
#define XEN_UAPI_IOC(dir, type, nr, size)                           \
	((unsigned long)(((dir) << 30) | ((unsigned)(size) << 16) | \
			 ((unsigned)(type) << 8) | (unsigned)(nr)))
#define XEN_UAPI_IO(type, nr, size) \
	XEN_UAPI_IOC(XEN_UAPI_IOC_NONE, type, nr, size)

#define XEN_UAPI_CHECK_IOCTL(name, value) \
	_Static_assert((name) == (value), #name " is not " #value)
#define XEN_UAPI_SIZE(type, size)              \
	_Static_assert(sizeof(type) == (size), \
		       "size of " #type " is not " #size)
#define XEN_UAPI_OFFSET(type, field, off)                        \
	_Static_assert(__builtin_offsetof(type, field) == (off), \
		       "offset of " #type "." #field " is not " #off)

/* ------------------------------------------------------------------------
 * /dev/xen/privcmd (also /proc/xen/privcmd with xenfs mounted)
 */

/* Any hypercall: op is the number (x16), arg[] go in x0..x4. */
struct privcmd_hypercall {
	uint64_t op;
	uint64_t arg[5];
};
XEN_UAPI_SIZE(struct privcmd_hypercall, 48);

/* Legacy foreign mapping: npages frames from mfn (a GFN) at va. */
struct privcmd_mmap_entry {
	uint64_t va;
	uint64_t mfn;
	uint64_t npages;
};
XEN_UAPI_SIZE(struct privcmd_mmap_entry, 24);

struct privcmd_mmap {
	int num;
	domid_t dom;
	struct privcmd_mmap_entry *entry;
};
XEN_UAPI_SIZE(struct privcmd_mmap, 16);
XEN_UAPI_OFFSET(struct privcmd_mmap, entry, 8);

/* Map num frames of domain dom at addr; failed entries get or'd flags. */
struct privcmd_mmapbatch {
	int num;
	domid_t dom;
	uint64_t addr;
	xen_pfn_t *arr;
};
XEN_UAPI_SIZE(struct privcmd_mmapbatch, 24);
XEN_UAPI_OFFSET(struct privcmd_mmapbatch, addr, 8);
XEN_UAPI_OFFSET(struct privcmd_mmapbatch, arr, 16);

#define PRIVCMD_MMAPBATCH_MFN_ERROR 0xf0000000U
#define PRIVCMD_MMAPBATCH_PAGED_ERROR 0x80000000U

/* As privcmd_mmapbatch, with a separate per-frame error array. */
struct privcmd_mmapbatch_v2 {
	unsigned int num;
	domid_t dom;
	uint64_t addr;
	const xen_pfn_t *arr;
	int *err;
};
XEN_UAPI_SIZE(struct privcmd_mmapbatch_v2, 32);
XEN_UAPI_OFFSET(struct privcmd_mmapbatch_v2, arr, 16);
XEN_UAPI_OFFSET(struct privcmd_mmapbatch_v2, err, 24);

struct privcmd_dm_op_buf {
	void *uptr;
	uint64_t size; /* size_t */
};
XEN_UAPI_SIZE(struct privcmd_dm_op_buf, 16);

struct privcmd_dm_op {
	domid_t dom;
	uint16_t num;
	const struct privcmd_dm_op_buf *ubufs;
};
XEN_UAPI_SIZE(struct privcmd_dm_op, 16);
XEN_UAPI_OFFSET(struct privcmd_dm_op, ubufs, 8);

/* Map resource (type, id) frames [idx, idx + num) at addr. */
struct privcmd_mmap_resource {
	domid_t dom;
	uint32_t type;
	uint32_t id;
	uint32_t idx;
	uint64_t num;
	uint64_t addr;
};
XEN_UAPI_SIZE(struct privcmd_mmap_resource, 32);
XEN_UAPI_OFFSET(struct privcmd_mmap_resource, type, 4);
XEN_UAPI_OFFSET(struct privcmd_mmap_resource, num, 16);
XEN_UAPI_OFFSET(struct privcmd_mmap_resource, addr, 24);

#define IOCTL_PRIVCMD_HYPERCALL \
	XEN_UAPI_IO('P', 0, sizeof(struct privcmd_hypercall))
#define IOCTL_PRIVCMD_MMAP XEN_UAPI_IO('P', 2, sizeof(struct privcmd_mmap))
#define IOCTL_PRIVCMD_MMAPBATCH \
	XEN_UAPI_IO('P', 3, sizeof(struct privcmd_mmapbatch))
#define IOCTL_PRIVCMD_MMAPBATCH_V2 \
	XEN_UAPI_IO('P', 4, sizeof(struct privcmd_mmapbatch_v2))
#define IOCTL_PRIVCMD_DM_OP XEN_UAPI_IO('P', 5, sizeof(struct privcmd_dm_op))
/* Restrict the fd to one target domain (argument: a domid_t). */
#define IOCTL_PRIVCMD_RESTRICT XEN_UAPI_IO('P', 6, sizeof(domid_t))
#define IOCTL_PRIVCMD_MMAP_RESOURCE \
	XEN_UAPI_IO('P', 7, sizeof(struct privcmd_mmap_resource))

XEN_UAPI_CHECK_IOCTL(IOCTL_PRIVCMD_HYPERCALL, 0x00305000UL);
XEN_UAPI_CHECK_IOCTL(IOCTL_PRIVCMD_MMAP, 0x00105002UL);
XEN_UAPI_CHECK_IOCTL(IOCTL_PRIVCMD_MMAPBATCH, 0x00185003UL);
XEN_UAPI_CHECK_IOCTL(IOCTL_PRIVCMD_MMAPBATCH_V2, 0x00205004UL);
XEN_UAPI_CHECK_IOCTL(IOCTL_PRIVCMD_DM_OP, 0x00105005UL);
XEN_UAPI_CHECK_IOCTL(IOCTL_PRIVCMD_RESTRICT, 0x00025006UL);
XEN_UAPI_CHECK_IOCTL(IOCTL_PRIVCMD_MMAP_RESOURCE, 0x00205007UL);

/* ------------------------------------------------------------------------
 * /dev/xen/evtchn. Every bind ioctl returns the new local port (>= 0).
 */

/* Bind a new port to VIRQ virq (on vCPU 0). */
struct ioctl_evtchn_bind_virq {
	uint32_t virq;
};
XEN_UAPI_SIZE(struct ioctl_evtchn_bind_virq, 4);

/* Bind a new port to <remote_domain, remote_port>, which must be unbound
 * and offered to us. remote_domain may be DOMID_SELF. */
struct ioctl_evtchn_bind_interdomain {
	uint32_t remote_domain;
	uint32_t remote_port;
};
XEN_UAPI_SIZE(struct ioctl_evtchn_bind_interdomain, 8);

/* Allocate a new unbound port that remote_domain (or DOMID_SELF) may bind. */
struct ioctl_evtchn_bind_unbound_port {
	uint32_t remote_domain;
};
XEN_UAPI_SIZE(struct ioctl_evtchn_bind_unbound_port, 4);

struct ioctl_evtchn_unbind {
	uint32_t port;
};
XEN_UAPI_SIZE(struct ioctl_evtchn_unbind, 4);

/* Send an event on a port bound through this fd. */
struct ioctl_evtchn_notify {
	uint32_t port;
};
XEN_UAPI_SIZE(struct ioctl_evtchn_notify, 4);

/* Only allow interdomain binds to domid from now on. */
struct ioctl_evtchn_restrict_domid {
	domid_t domid;
};
XEN_UAPI_SIZE(struct ioctl_evtchn_restrict_domid, 2);

#define IOCTL_EVTCHN_BIND_VIRQ \
	XEN_UAPI_IO('E', 0, sizeof(struct ioctl_evtchn_bind_virq))
#define IOCTL_EVTCHN_BIND_INTERDOMAIN \
	XEN_UAPI_IO('E', 1, sizeof(struct ioctl_evtchn_bind_interdomain))
#define IOCTL_EVTCHN_BIND_UNBOUND_PORT \
	XEN_UAPI_IO('E', 2, sizeof(struct ioctl_evtchn_bind_unbound_port))
#define IOCTL_EVTCHN_UNBIND \
	XEN_UAPI_IO('E', 3, sizeof(struct ioctl_evtchn_unbind))
#define IOCTL_EVTCHN_NOTIFY \
	XEN_UAPI_IO('E', 4, sizeof(struct ioctl_evtchn_notify))
/* Empty the queue of pending ports and clear its overflow flag. */
#define IOCTL_EVTCHN_RESET XEN_UAPI_IO('E', 5, 0)
#define IOCTL_EVTCHN_RESTRICT_DOMID \
	XEN_UAPI_IO('E', 6, sizeof(struct ioctl_evtchn_restrict_domid))

XEN_UAPI_CHECK_IOCTL(IOCTL_EVTCHN_BIND_VIRQ, 0x00044500UL);
XEN_UAPI_CHECK_IOCTL(IOCTL_EVTCHN_BIND_INTERDOMAIN, 0x00084501UL);
XEN_UAPI_CHECK_IOCTL(IOCTL_EVTCHN_BIND_UNBOUND_PORT, 0x00044502UL);
XEN_UAPI_CHECK_IOCTL(IOCTL_EVTCHN_UNBIND, 0x00044503UL);
XEN_UAPI_CHECK_IOCTL(IOCTL_EVTCHN_NOTIFY, 0x00044504UL);
XEN_UAPI_CHECK_IOCTL(IOCTL_EVTCHN_RESET, 0x00004505UL);
XEN_UAPI_CHECK_IOCTL(IOCTL_EVTCHN_RESTRICT_DOMID, 0x00024506UL);

/* ------------------------------------------------------------------------
 * /dev/xen/gntalloc: pages of our own, granted to another domain.
 */

/*
 * Allocate count zeroed pages and grant each to domid. The struct is
 * followed by count - 1 more gref_ids (the size in the ioctl number counts
 * one). The ioctl fills index (the mmap offset) and gref_ids.
 */
struct ioctl_gntalloc_alloc_gref {
	uint16_t domid;	      /* IN: grantee */
	uint16_t flags;	      /* IN: GNTALLOC_FLAG_* */
	uint32_t count;	      /* IN: pages */
	uint64_t index;	      /* OUT: mmap offset */
	uint32_t gref_ids[1]; /* OUT: count grant references */
};
XEN_UAPI_SIZE(struct ioctl_gntalloc_alloc_gref, 24);
XEN_UAPI_OFFSET(struct ioctl_gntalloc_alloc_gref, count, 4);
XEN_UAPI_OFFSET(struct ioctl_gntalloc_alloc_gref, index, 8);
XEN_UAPI_OFFSET(struct ioctl_gntalloc_alloc_gref, gref_ids, 16);

/* The grantee may write (else read-only). */
#define GNTALLOC_FLAG_WRITABLE 1

/* Release the grants (pages are freed once nobody maps them). */
struct ioctl_gntalloc_dealloc_gref {
	uint64_t index;
	uint32_t count;
};
XEN_UAPI_SIZE(struct ioctl_gntalloc_dealloc_gref, 16);

/* On unmap (or process death) clear a byte and/or notify a port. */
struct ioctl_gntalloc_unmap_notify {
	uint64_t index;
	uint32_t action; /* UNMAP_NOTIFY_* */
	uint32_t event_channel_port;
};
XEN_UAPI_SIZE(struct ioctl_gntalloc_unmap_notify, 16);

#define UNMAP_NOTIFY_CLEAR_BYTE 0x1
#define UNMAP_NOTIFY_SEND_EVENT 0x2

#define IOCTL_GNTALLOC_ALLOC_GREF \
	XEN_UAPI_IO('G', 5, sizeof(struct ioctl_gntalloc_alloc_gref))
#define IOCTL_GNTALLOC_DEALLOC_GREF \
	XEN_UAPI_IO('G', 6, sizeof(struct ioctl_gntalloc_dealloc_gref))
#define IOCTL_GNTALLOC_SET_UNMAP_NOTIFY \
	XEN_UAPI_IO('G', 7, sizeof(struct ioctl_gntalloc_unmap_notify))

XEN_UAPI_CHECK_IOCTL(IOCTL_GNTALLOC_ALLOC_GREF, 0x00184705UL);
XEN_UAPI_CHECK_IOCTL(IOCTL_GNTALLOC_DEALLOC_GREF, 0x00104706UL);
XEN_UAPI_CHECK_IOCTL(IOCTL_GNTALLOC_SET_UNMAP_NOTIFY, 0x00104707UL);

/* ------------------------------------------------------------------------
 * /dev/xen/gntdev: map other domains' (or our own) grants.
 */

struct ioctl_gntdev_grant_ref {
	uint32_t domid; /* granting domain */
	uint32_t ref;
};
XEN_UAPI_SIZE(struct ioctl_gntdev_grant_ref, 8);

/*
 * Register count grants (refs[] extends past the struct for count > 1);
 * the ioctl fills index. The mapping itself happens at mmap(index).
 */
struct ioctl_gntdev_map_grant_ref {
	uint32_t count;
	uint32_t pad;
	uint64_t index; /* OUT */
	struct ioctl_gntdev_grant_ref refs[1];
};
XEN_UAPI_SIZE(struct ioctl_gntdev_map_grant_ref, 24);
XEN_UAPI_OFFSET(struct ioctl_gntdev_map_grant_ref, index, 8);
XEN_UAPI_OFFSET(struct ioctl_gntdev_map_grant_ref, refs, 16);

/* Forget grants registered at index (munmap them first). */
struct ioctl_gntdev_unmap_grant_ref {
	uint64_t index;
	uint32_t count;
	uint32_t pad;
};
XEN_UAPI_SIZE(struct ioctl_gntdev_unmap_grant_ref, 16);

struct ioctl_gntdev_get_offset_for_vaddr {
	uint64_t vaddr;	 /* IN */
	uint64_t offset; /* OUT */
	uint32_t count;	 /* OUT */
	uint32_t pad;
};
XEN_UAPI_SIZE(struct ioctl_gntdev_get_offset_for_vaddr, 24);

/* Obsolete: accepted and ignored by current drivers. */
struct ioctl_gntdev_set_max_grants {
	uint32_t count;
};
XEN_UAPI_SIZE(struct ioctl_gntdev_set_max_grants, 4);

/* Same layout (and number) as the gntalloc one. */
struct ioctl_gntdev_unmap_notify {
	uint64_t index;
	uint32_t action;
	uint32_t event_channel_port;
};
XEN_UAPI_SIZE(struct ioctl_gntdev_unmap_notify, 16);

/* One segment of a grant copy: exactly one side may be a local buffer. */
struct gntdev_grant_copy_segment {
	union {
		void *virt;
		struct {
			grant_ref_t ref;
			uint16_t offset;
			domid_t domid;
		} foreign;
	} source, dest;
	uint16_t len;
	uint16_t flags; /* GNTCOPY_source_gref / GNTCOPY_dest_gref */
	int16_t status; /* OUT: GNTST_* */
};
XEN_UAPI_SIZE(struct gntdev_grant_copy_segment, 24);
XEN_UAPI_OFFSET(struct gntdev_grant_copy_segment, dest, 8);
XEN_UAPI_OFFSET(struct gntdev_grant_copy_segment, len, 16);
XEN_UAPI_OFFSET(struct gntdev_grant_copy_segment, status, 20);

struct ioctl_gntdev_grant_copy {
	unsigned int count;
	struct gntdev_grant_copy_segment *segments;
};
XEN_UAPI_SIZE(struct ioctl_gntdev_grant_copy, 16);

#define IOCTL_GNTDEV_MAP_GRANT_REF \
	XEN_UAPI_IO('G', 0, sizeof(struct ioctl_gntdev_map_grant_ref))
#define IOCTL_GNTDEV_UNMAP_GRANT_REF \
	XEN_UAPI_IO('G', 1, sizeof(struct ioctl_gntdev_unmap_grant_ref))
#define IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR \
	XEN_UAPI_IO('G', 2, sizeof(struct ioctl_gntdev_get_offset_for_vaddr))
#define IOCTL_GNTDEV_SET_MAX_GRANTS \
	XEN_UAPI_IO('G', 3, sizeof(struct ioctl_gntdev_set_max_grants))
#define IOCTL_GNTDEV_SET_UNMAP_NOTIFY \
	XEN_UAPI_IO('G', 7, sizeof(struct ioctl_gntdev_unmap_notify))
#define IOCTL_GNTDEV_GRANT_COPY \
	XEN_UAPI_IO('G', 8, sizeof(struct ioctl_gntdev_grant_copy))

XEN_UAPI_CHECK_IOCTL(IOCTL_GNTDEV_MAP_GRANT_REF, 0x00184700UL);
XEN_UAPI_CHECK_IOCTL(IOCTL_GNTDEV_UNMAP_GRANT_REF, 0x00104701UL);
XEN_UAPI_CHECK_IOCTL(IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR, 0x00184702UL);
XEN_UAPI_CHECK_IOCTL(IOCTL_GNTDEV_SET_MAX_GRANTS, 0x00044703UL);
XEN_UAPI_CHECK_IOCTL(IOCTL_GNTDEV_SET_UNMAP_NOTIFY, 0x00104707UL);
XEN_UAPI_CHECK_IOCTL(IOCTL_GNTDEV_GRANT_COPY, 0x00104708UL);

/* ------------------------------------------------------------------------
 * /dev/xen/xenbus_backend: for a xenstore daemon in dom0 (Linux's
 * drivers/xen/xenbus/xenbus_dev_backend.c). mmap() of one page at offset 0
 * maps dom0's own xenstore ring; IOCTL_XENBUS_BACKEND_EVTCHN returns dom0's
 * xenstore event channel port (unbound, for remote domain 0). SETUP (arg: a
 * stub domain's id) is for a xenstore domain, not used here.
 */
#define IOCTL_XENBUS_BACKEND_EVTCHN XEN_UAPI_IO('B', 0, 0)
#define IOCTL_XENBUS_BACKEND_SETUP XEN_UAPI_IO('B', 1, 0)

XEN_UAPI_CHECK_IOCTL(IOCTL_XENBUS_BACKEND_EVTCHN, 0x00004200UL);
XEN_UAPI_CHECK_IOCTL(IOCTL_XENBUS_BACKEND_SETUP, 0x00004201UL);

#endif /* TOOLS_LINUX_XEN_UAPI_H */
