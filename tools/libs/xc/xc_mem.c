/* SPDX-License-Identifier: MIT */
/*
 * libxc: memory of other domains (populate, give back, map), event
 * channels allocated for them, their HVM params and remote shutdown.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <public/memory.h>
#include <public/event_channel.h>
#include <public/hvm/hvm_op.h>
#include <public/sched.h>

#include "linux-xen-uapi.h"
#include "xc.h"
#include "xc_private.h"

/* Extents per hypercall: bounds the buffer, Xen preempts long ones. */
#define RESERVATION_BATCH 512UL

static long reservation(struct xc *xc, unsigned int cmd, uint32_t domid,
			unsigned int order, const xen_pfn_t *gpfns,
			unsigned long n)
{
	size_t len = RESERVATION_BATCH * sizeof(xen_pfn_t);
	xen_pfn_t *buf = xc_buf_alloc(xc, len);
	unsigned long done = 0;

	if (!buf)
		return -ENOMEM;
	while (done < n) {
		unsigned long chunk = n - done;
		struct xen_memory_reservation r = {
			.extent_order = order,
			.domid = (domid_t)domid,
		};
		long rc;

		if (chunk > RESERVATION_BATCH)
			chunk = RESERVATION_BATCH;
		memcpy(buf, gpfns + done, chunk * sizeof(*buf));
		set_xen_guest_handle(r.extent_start, buf);
		r.nr_extents = chunk;
		rc = xc_call_buf(xc, __HYPERVISOR_memory_op, cmd, &r, sizeof(r),
				 0);
		if (rc < 0) {
			xc_buf_free(xc, buf, len);
			return done ? (long)done : rc;
		}
		done += (unsigned long)rc;
		if ((unsigned long)rc < chunk)
			break;
	}
	xc_buf_free(xc, buf, len);
	return (long)done;
}

long xc_populate_physmap(struct xc *xc, uint32_t domid, unsigned int order,
			 const xen_pfn_t *gpfns, unsigned long n)
{
	return reservation(xc, XENMEM_populate_physmap, domid, order, gpfns, n);
}

long xc_decrease_reservation(struct xc *xc, uint32_t domid, unsigned int order,
			     const xen_pfn_t *gpfns, unsigned long n)
{
	return reservation(xc, XENMEM_decrease_reservation, domid, order, gpfns,
			   n);
}

void *xc_map_foreign(struct xc *xc, uint32_t domid, const xen_pfn_t *gpfns,
		     unsigned int n, int *errs)
{
	struct privcmd_mmapbatch_v2 batch = {
		.num = n,
		.dom = (domid_t)domid,
		.arr = gpfns,
	};
	int *err = errs ? errs : calloc(n ? n : 1, sizeof(int));
	void *addr;

	if (!err)
		return NULL;
	/* privcmd fills a VMA of its own device with the foreign frames. */
	addr = mmap(NULL, n * XC_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		    xc->privcmd, 0);
	if (addr == MAP_FAILED) {
		if (!errs)
			free(err);
		return NULL;
	}
	batch.addr = (uint64_t)(uintptr_t)addr;
	batch.err = err;
	if (ioctl(xc->privcmd, IOCTL_PRIVCMD_MMAPBATCH_V2, &batch) < 0) {
		int e = errno;

		munmap(addr, n * XC_PAGE_SIZE);
		if (!errs)
			free(err);
		errno = e;
		return NULL;
	}
	if (errs)
		return addr;
	/* Without an errs array every frame must have been mapped. */
	for (unsigned int i = 0; i < n; i++) {
		if (err[i]) {
			int e = -err[i];

			munmap(addr, n * XC_PAGE_SIZE);
			free(err);
			errno = e;
			return NULL;
		}
	}
	free(err);
	return addr;
}

void xc_unmap(void *addr, unsigned int n)
{
	if (addr)
		munmap(addr, n * XC_PAGE_SIZE);
}

void *xc_map_resource(struct xc *xc, uint32_t domid, unsigned int type,
		      unsigned int id, unsigned long idx, unsigned int n)
{
	struct privcmd_mmap_resource r = {
		.dom = (domid_t)domid,
		.type = type,
		.id = id,
		.idx = (uint32_t)idx,
		.num = n,
	};
	void *addr = mmap(NULL, n * XC_PAGE_SIZE, PROT_READ | PROT_WRITE,
			  MAP_SHARED, xc->privcmd, 0);

	if (addr == MAP_FAILED)
		return NULL;
	r.addr = (uint64_t)(uintptr_t)addr;
	if (ioctl(xc->privcmd, IOCTL_PRIVCMD_MMAP_RESOURCE, &r) < 0) {
		int e = errno;

		munmap(addr, n * XC_PAGE_SIZE);
		errno = e;
		return NULL;
	}
	return addr;
}

int xc_evtchn_alloc_unbound(struct xc *xc, uint32_t domid, uint32_t remote)
{
	struct evtchn_alloc_unbound a = {
		.dom = (domid_t)domid,
		.remote_dom = (domid_t)remote,
	};
	long rc = xc_call_buf(xc, __HYPERVISOR_event_channel_op,
			      EVTCHNOP_alloc_unbound, &a, sizeof(a), 1);

	return rc < 0 ? (int)rc : (int)a.port;
}

int xc_hvm_param_set(struct xc *xc, uint32_t domid, uint32_t idx,
		     uint64_t value)
{
	struct xen_hvm_param p = {
		.domid = (domid_t)domid,
		.index = idx,
		.value = value,
	};

	return (int)xc_call_buf(xc, __HYPERVISOR_hvm_op, HVMOP_set_param, &p,
				sizeof(p), 0);
}

int xc_hvm_param_get(struct xc *xc, uint32_t domid, uint32_t idx,
		     uint64_t *value)
{
	struct xen_hvm_param p = {.domid = (domid_t)domid, .index = idx};
	long rc = xc_call_buf(xc, __HYPERVISOR_hvm_op, HVMOP_get_param, &p,
			      sizeof(p), 1);

	if (rc == 0)
		*value = p.value;
	return (int)rc;
}

int xc_domain_remote_shutdown(struct xc *xc, uint32_t domid, unsigned reason)
{
	struct sched_remote_shutdown s = {
		.domain_id = (domid_t)domid,
		.reason = reason,
	};

	return (int)xc_call_buf(xc, __HYPERVISOR_sched_op,
				SCHEDOP_remote_shutdown, &s, sizeof(s), 0);
}
