/* SPDX-License-Identifier: MIT */
/*
 * libxc (armvisor): the control-domain calls a toolstack makes, over
 * Linux's /dev/xen/privcmd (hypercalls, foreign mappings) and
 * /dev/xen/evtchn. Only the public ABI (hyp/include/public) and
 * tools/include/linux-xen-uapi.h are used.
 *
 * Hypercall buffers: the hypervisor reads and writes arguments through
 * dom0's stage-1 page tables while the vCPU is in the hypercall, so every
 * buffer must be mapped and must not move: they come from
 * /dev/xen/hypercall (pages the privcmd driver allocates and pins), or, on
 * kernels without it, from locked anonymous memory (mmap MAP_LOCKED +
 * MAP_POPULATE). The xc_* wrappers copy their arguments into such buffers.
 *
 * Every function returns 0 (or a count, a port) on success and -errno
 * (a Linux errno, which privcmd translates from Xen's) on failure.
 */
#ifndef TOOLS_XC_H
#define TOOLS_XC_H

#include <stddef.h>
#include <stdint.h>

#include <public/xen.h>
#include <public/domctl.h>
#include <public/sysctl.h>
#include <public/arch-arm.h>

struct xc;

struct xc *xc_open(void);
void xc_close(struct xc *xc);

/* Locked hypercall memory (see above), zeroed; size rounded to pages. */
void *xc_buf_alloc(struct xc *xc, size_t size);
void xc_buf_free(struct xc *xc, void *p, size_t size);

long xc_hypercall(struct xc *xc, unsigned int op, uint64_t a0, uint64_t a1,
		  uint64_t a2);
/* domctl/sysctl with the interface version filled in; *d is in/out. */
int xc_domctl(struct xc *xc, struct xen_domctl *d);
int xc_sysctl(struct xc *xc, struct xen_sysctl *s);

/* ---- domains ---- */
int xc_domain_create(struct xc *xc, uint32_t *domid,
		     struct xen_domctl_createdomain *cfg);
int xc_domain_destroy(struct xc *xc, uint32_t domid);
int xc_domain_pause(struct xc *xc, uint32_t domid);
int xc_domain_unpause(struct xc *xc, uint32_t domid);
/* Info of domid exactly (-ESRCH if it does not exist). */
int xc_domain_getinfo(struct xc *xc, uint32_t domid,
		      struct xen_domctl_getdomaininfo *info);
/* Up to max domains with id >= first; returns the number found. */
int xc_domain_getinfolist(struct xc *xc, uint32_t first, unsigned int max,
			  struct xen_domctl_getdomaininfo *info);
/* Create the vCPUs (max must equal createdomain's max_vcpus). */
int xc_domain_max_vcpus(struct xc *xc, uint32_t domid, unsigned int max);
int xc_domain_max_mem(struct xc *xc, uint32_t domid, uint64_t kb);
int xc_domain_set_address_size(struct xc *xc, uint32_t domid, unsigned bits);
int xc_domain_set_paging_mempool(struct xc *xc, uint32_t domid, uint64_t bytes);
/* Passthrough (Xen's xc_domain_* of the same names; SPIs routed 1:1). */
int xc_domain_iomem_permission(struct xc *xc, uint32_t domid, uint64_t mfn,
			       uint64_t nr, int allow);
int xc_domain_memory_mapping(struct xc *xc, uint32_t domid, uint64_t gfn,
			     uint64_t mfn, uint64_t nr, int add);
int xc_domain_irq_permission(struct xc *xc, uint32_t domid, uint32_t irq,
			     int allow);
int xc_domain_bind_pt_spi_irq(struct xc *xc, uint32_t domid, uint32_t irq,
			      int bind);
int xc_domain_cacheflush(struct xc *xc, uint32_t domid, xen_pfn_t start,
			 xen_pfn_t nr);
int xc_vcpu_setcontext(struct xc *xc, uint32_t domid, uint32_t vcpu,
		       const vcpu_guest_context_t *ctx);
int xc_vcpu_getinfo(struct xc *xc, uint32_t domid, uint32_t vcpu,
		    struct xen_domctl_getvcpuinfo *info);
/* Hard affinity as a bitmap of nr_cpus bits (bytes: (nr_cpus + 7) / 8). */
int xc_vcpu_setaffinity(struct xc *xc, uint32_t domid, uint32_t vcpu,
			const uint8_t *map, unsigned int nr_cpus);
int xc_vcpu_getaffinity(struct xc *xc, uint32_t domid, uint32_t vcpu,
			uint8_t *map, unsigned int nr_cpus);
int xc_domain_remote_shutdown(struct xc *xc, uint32_t domid, unsigned reason);

/* ---- memory ---- */
/* Populate n extents of 2^order pages at gpfns[] in domid: count done. */
long xc_populate_physmap(struct xc *xc, uint32_t domid, unsigned int order,
			 const xen_pfn_t *gpfns, unsigned long n);
/*
 * Give back n extents of 2^order pages at gpfns[] of domid (balloon):
 * count done.
 */
long xc_decrease_reservation(struct xc *xc, uint32_t domid, unsigned int order,
			     const xen_pfn_t *gpfns, unsigned long n);
/*
 * Map n frames of domid at gpfns[] into our address space (read/write).
 * errs[] (may be NULL) gets each frame's result. Returns NULL on failure.
 */
void *xc_map_foreign(struct xc *xc, uint32_t domid, const xen_pfn_t *gpfns,
		     unsigned int n, int *errs);
void xc_unmap(void *addr, unsigned int n);
/*
 * Map frames [idx, idx + n) of domid's resource (XENMEM_resource_*, id)
 * read/write (IOCTL_PRIVCMD_MMAP_RESOURCE); NULL with errno on failure.
 */
void *xc_map_resource(struct xc *xc, uint32_t domid, unsigned int type,
		      unsigned int id, unsigned long idx, unsigned int n);

/* ---- event channels and HVM params ---- */
/* A port of domid that remote may bind; returns the port or -errno. */
int xc_evtchn_alloc_unbound(struct xc *xc, uint32_t domid, uint32_t remote);
int xc_hvm_param_set(struct xc *xc, uint32_t domid, uint32_t idx,
		     uint64_t value);
int xc_hvm_param_get(struct xc *xc, uint32_t domid, uint32_t idx,
		     uint64_t *value);

/* ---- host ---- */
int xc_physinfo(struct xc *xc, struct xen_sysctl_physinfo *info);
int xc_sched_id(struct xc *xc, uint32_t *id);
/* Read up to len bytes of the console ring (clear: empty it after). */
int xc_readconsole(struct xc *xc, char *buf, uint32_t *len, int clear);
int xc_debug_keys(struct xc *xc, const char *keys);
/* XENVER_* query into buf (len bytes); returns the hypercall's value. */
long xc_version(struct xc *xc, unsigned int cmd, void *buf, size_t len);

/* ---- /dev/xen/evtchn ---- */
struct xc_evtchn;
struct xc_evtchn *xc_evtchn_open(void);
void xc_evtchn_close(struct xc_evtchn *e);
int xc_evtchn_fd(struct xc_evtchn *e);
/* These return the local port or -errno. */
int xc_evtchn_bind_interdomain(struct xc_evtchn *e, uint32_t domid,
			       uint32_t port);
int xc_evtchn_bind_virq(struct xc_evtchn *e, uint32_t virq);
int xc_evtchn_unbind(struct xc_evtchn *e, uint32_t port);
int xc_evtchn_notify(struct xc_evtchn *e, uint32_t port);
/* Next pending port (blocking unless the fd is non-blocking), or -errno. */
int xc_evtchn_pending(struct xc_evtchn *e);
int xc_evtchn_unmask(struct xc_evtchn *e, uint32_t port);

#define XC_PAGE_SHIFT 12
#define XC_PAGE_SIZE (1UL << XC_PAGE_SHIFT)

#endif /* TOOLS_XC_H */
