/* SPDX-License-Identifier: MIT */
/*
 * libxc: privcmd hypercalls, hypercall buffers and the domctl/sysctl
 * wrappers (xc.h). Memory, foreign mapping and event channels are in
 * xc_mem.c and xc_evtchn.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <public/version.h>

#include "linux-xen-uapi.h"
#include "xc.h"
#include "xc_private.h"

struct xc *xc_open(void)
{
	struct xc *xc = calloc(1, sizeof(*xc));

	if (!xc)
		return NULL;
	xc->privcmd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
	if (xc->privcmd < 0) {
		int e = errno;

		free(xc);
		errno = e;
		return NULL;
	}
	/* Older kernels lack it: then locked anonymous memory is used. */
	xc->hcbuf = open("/dev/xen/hypercall", O_RDWR | O_CLOEXEC);
	return xc;
}

void xc_close(struct xc *xc)
{
	if (!xc)
		return;
	close(xc->privcmd);
	if (xc->hcbuf >= 0)
		close(xc->hcbuf);
	free(xc);
}

static size_t page_round(size_t size)
{
	return (size + XC_PAGE_SIZE - 1) & ~(XC_PAGE_SIZE - 1);
}

void *xc_buf_alloc(struct xc *xc, size_t size)
{
	size_t len = page_round(size ? size : 1);
	void *p = MAP_FAILED;

	if (xc->hcbuf >= 0)
		p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED,
			 xc->hcbuf, 0);
	if (p == MAP_FAILED)
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED |
				 MAP_POPULATE,
			 -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	memset(p, 0, len);
	return p;
}

void xc_buf_free(struct xc *xc, void *p, size_t size)
{
	(void)xc;
	if (p)
		munmap(p, page_round(size ? size : 1));
}

long xc_hypercall(struct xc *xc, unsigned int op, uint64_t a0, uint64_t a1,
		  uint64_t a2)
{
	struct privcmd_hypercall call = {.op = op, .arg = {a0, a1, a2}};
	long rc = ioctl(xc->privcmd, IOCTL_PRIVCMD_HYPERCALL, &call);

	return rc < 0 ? -errno : rc;
}

/* Run hypercall op with a copy of arg (len bytes) in a buffer. */
long xc_call_buf(struct xc *xc, unsigned int op, uint64_t a0, void *arg,
		 size_t len, int copy_back)
{
	void *buf = xc_buf_alloc(xc, len);
	long rc;

	if (!buf)
		return -ENOMEM;
	memcpy(buf, arg, len);
	rc = xc_hypercall(xc, op, a0, (uint64_t)(uintptr_t)buf, 0);
	if (copy_back)
		memcpy(arg, buf, len);
	xc_buf_free(xc, buf, len);
	return rc;
}

int xc_domctl(struct xc *xc, struct xen_domctl *d)
{
	void *buf = xc_buf_alloc(xc, sizeof(*d));
	long rc;

	if (!buf)
		return -ENOMEM;
	d->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	memcpy(buf, d, sizeof(*d));
	rc = xc_hypercall(xc, __HYPERVISOR_domctl, (uintptr_t)buf, 0, 0);
	memcpy(d, buf, sizeof(*d));
	xc_buf_free(xc, buf, sizeof(*d));
	return (int)rc;
}

int xc_sysctl(struct xc *xc, struct xen_sysctl *s)
{
	void *buf = xc_buf_alloc(xc, sizeof(*s));
	long rc;

	if (!buf)
		return -ENOMEM;
	s->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
	memcpy(buf, s, sizeof(*s));
	rc = xc_hypercall(xc, __HYPERVISOR_sysctl, (uintptr_t)buf, 0, 0);
	memcpy(s, buf, sizeof(*s));
	xc_buf_free(xc, buf, sizeof(*s));
	return (int)rc;
}

static int simple_domctl(struct xc *xc, uint32_t cmd, uint32_t domid)
{
	struct xen_domctl d = {.cmd = cmd, .domain = (domid_t)domid};

	return xc_domctl(xc, &d);
}

int xc_domain_create(struct xc *xc, uint32_t *domid,
		     struct xen_domctl_createdomain *cfg)
{
	struct xen_domctl d = {.cmd = XEN_DOMCTL_createdomain,
			       .domain = (domid_t)*domid};
	int rc;

	d.u.createdomain = *cfg;
	rc = xc_domctl(xc, &d);
	if (rc < 0)
		return rc;
	*domid = d.domain;
	*cfg = d.u.createdomain;
	return 0;
}

int xc_domain_destroy(struct xc *xc, uint32_t domid)
{
	int rc;

	/* Destroy is preemptible: Xen returns -ERESTART until it is done. */
	do {
		rc = simple_domctl(xc, XEN_DOMCTL_destroydomain, domid);
	} while (rc == -EAGAIN || rc == -EINTR);
	return rc;
}

int xc_domain_pause(struct xc *xc, uint32_t domid)
{
	return simple_domctl(xc, XEN_DOMCTL_pausedomain, domid);
}

int xc_domain_unpause(struct xc *xc, uint32_t domid)
{
	return simple_domctl(xc, XEN_DOMCTL_unpausedomain, domid);
}

int xc_domain_getinfo(struct xc *xc, uint32_t domid,
		      struct xen_domctl_getdomaininfo *info)
{
	struct xen_domctl d = {.cmd = XEN_DOMCTL_getdomaininfo,
			       .domain = (domid_t)domid};
	int rc = xc_domctl(xc, &d);

	if (rc < 0)
		return rc;
	/* Xen 4.17 answers with the next domain at or above domid. */
	if (d.u.getdomaininfo.domain != domid)
		return -ESRCH;
	*info = d.u.getdomaininfo;
	return 0;
}

int xc_domain_getinfolist(struct xc *xc, uint32_t first, unsigned int max,
			  struct xen_domctl_getdomaininfo *info)
{
	size_t len = max * sizeof(*info);
	struct xen_sysctl s = {.cmd = XEN_SYSCTL_getdomaininfolist};
	void *buf = xc_buf_alloc(xc, len);
	int rc;

	if (!buf)
		return -ENOMEM;
	s.u.getdomaininfolist.first_domain = (domid_t)first;
	s.u.getdomaininfolist.max_domains = max;
	set_xen_guest_handle(s.u.getdomaininfolist.buffer, buf);
	rc = xc_sysctl(xc, &s);
	if (rc >= 0) {
		rc = (int)s.u.getdomaininfolist.num_domains;
		if ((unsigned int)rc > max)
			rc = (int)max;
		memcpy(info, buf, rc * sizeof(*info));
	}
	xc_buf_free(xc, buf, len);
	return rc;
}

int xc_domain_max_vcpus(struct xc *xc, uint32_t domid, unsigned int max)
{
	struct xen_domctl d = {.cmd = XEN_DOMCTL_max_vcpus,
			       .domain = (domid_t)domid};

	d.u.max_vcpus.max = max;
	return xc_domctl(xc, &d);
}

int xc_domain_max_mem(struct xc *xc, uint32_t domid, uint64_t kb)
{
	struct xen_domctl d = {.cmd = XEN_DOMCTL_max_mem,
			       .domain = (domid_t)domid};

	d.u.max_mem.max_memkb = kb;
	return xc_domctl(xc, &d);
}

int xc_domain_set_address_size(struct xc *xc, uint32_t domid, unsigned bits)
{
	struct xen_domctl d = {.cmd = XEN_DOMCTL_set_address_size,
			       .domain = (domid_t)domid};

	d.u.address_size.size = bits;
	return xc_domctl(xc, &d);
}

int xc_domain_set_paging_mempool(struct xc *xc, uint32_t domid, uint64_t bytes)
{
	struct xen_domctl d = {.cmd = XEN_DOMCTL_set_paging_mempool_size,
			       .domain = (domid_t)domid};
	int rc;

	d.u.paging_mempool.size = bytes;
	do {
		rc = xc_domctl(xc, &d);
	} while (rc == -EAGAIN || rc == -EINTR);
	return rc;
}

int xc_domain_iomem_permission(struct xc *xc, uint32_t domid, uint64_t mfn,
			       uint64_t nr, int allow)
{
	struct xen_domctl d = {.cmd = XEN_DOMCTL_iomem_permission,
			       .domain = (domid_t)domid};

	d.u.iomem_permission.first_mfn = mfn;
	d.u.iomem_permission.nr_mfns = nr;
	d.u.iomem_permission.allow_access = allow ? 1 : 0;
	return xc_domctl(xc, &d);
}

int xc_domain_memory_mapping(struct xc *xc, uint32_t domid, uint64_t gfn,
			     uint64_t mfn, uint64_t nr, int add)
{
	struct xen_domctl d = {.cmd = XEN_DOMCTL_memory_mapping,
			       .domain = (domid_t)domid};

	d.u.memory_mapping.first_gfn = gfn;
	d.u.memory_mapping.first_mfn = mfn;
	d.u.memory_mapping.nr_mfns = nr;
	d.u.memory_mapping.add_mapping =
		add ? DPCI_ADD_MAPPING : DPCI_REMOVE_MAPPING;
	return xc_domctl(xc, &d);
}

int xc_domain_irq_permission(struct xc *xc, uint32_t domid, uint32_t irq,
			     int allow)
{
	struct xen_domctl d = {.cmd = XEN_DOMCTL_irq_permission,
			       .domain = (domid_t)domid};

	d.u.irq_permission.pirq = irq;
	d.u.irq_permission.allow_access = allow ? 1 : 0;
	return xc_domctl(xc, &d);
}

int xc_domain_bind_pt_spi_irq(struct xc *xc, uint32_t domid, uint32_t irq,
			      int bind)
{
	struct xen_domctl d = {.cmd = bind ? XEN_DOMCTL_bind_pt_irq
					   : XEN_DOMCTL_unbind_pt_irq,
			       .domain = (domid_t)domid};

	d.u.bind_pt_irq.irq_type = PT_IRQ_TYPE_SPI;
	d.u.bind_pt_irq.machine_irq = irq;
	d.u.bind_pt_irq.u.spi.spi = (uint16_t)irq;
	return xc_domctl(xc, &d);
}

int xc_domain_cacheflush(struct xc *xc, uint32_t domid, xen_pfn_t start,
			 xen_pfn_t nr)
{
	struct xen_domctl d = {.cmd = XEN_DOMCTL_cacheflush,
			       .domain = (domid_t)domid};

	d.u.cacheflush.start_pfn = start;
	d.u.cacheflush.nr_pfns = nr;
	return xc_domctl(xc, &d);
}

int xc_vcpu_setcontext(struct xc *xc, uint32_t domid, uint32_t vcpu,
		       const vcpu_guest_context_t *ctx)
{
	struct xen_domctl d = {.cmd = XEN_DOMCTL_setvcpucontext,
			       .domain = (domid_t)domid};
	vcpu_guest_context_t *buf = xc_buf_alloc(xc, sizeof(*buf));
	int rc;

	if (!buf)
		return -ENOMEM;
	*buf = *ctx;
	d.u.vcpucontext.vcpu = vcpu;
	set_xen_guest_handle(d.u.vcpucontext.ctxt, buf);
	rc = xc_domctl(xc, &d);
	xc_buf_free(xc, buf, sizeof(*buf));
	return rc;
}

int xc_vcpu_getinfo(struct xc *xc, uint32_t domid, uint32_t vcpu,
		    struct xen_domctl_getvcpuinfo *info)
{
	struct xen_domctl d = {.cmd = XEN_DOMCTL_getvcpuinfo,
			       .domain = (domid_t)domid};
	int rc;

	d.u.getvcpuinfo.vcpu = vcpu;
	rc = xc_domctl(xc, &d);
	if (rc == 0)
		*info = d.u.getvcpuinfo;
	return rc;
}

static int vcpu_affinity(struct xc *xc, uint32_t cmd, uint32_t domid,
			 uint32_t vcpu, const uint8_t *in, uint8_t *out,
			 unsigned int nr_cpus)
{
	struct xen_domctl d = {.cmd = cmd, .domain = (domid_t)domid};
	size_t len = (nr_cpus + 7) / 8;
	uint8_t *buf = xc_buf_alloc(xc, len);
	int rc;

	if (!buf)
		return -ENOMEM;
	if (in)
		memcpy(buf, in, len);
	d.u.vcpuaffinity.vcpu = vcpu;
	d.u.vcpuaffinity.flags = XEN_VCPUAFFINITY_HARD;
	set_xen_guest_handle(d.u.vcpuaffinity.cpumap_hard.bitmap, buf);
	d.u.vcpuaffinity.cpumap_hard.nr_bits = nr_cpus;
	rc = xc_domctl(xc, &d);
	if (out)
		memcpy(out, buf, len);
	xc_buf_free(xc, buf, len);
	return rc;
}

int xc_vcpu_setaffinity(struct xc *xc, uint32_t domid, uint32_t vcpu,
			const uint8_t *map, unsigned int nr_cpus)
{
	return vcpu_affinity(xc, XEN_DOMCTL_setvcpuaffinity, domid, vcpu, map,
			     NULL, nr_cpus);
}

int xc_vcpu_getaffinity(struct xc *xc, uint32_t domid, uint32_t vcpu,
			uint8_t *map, unsigned int nr_cpus)
{
	return vcpu_affinity(xc, XEN_DOMCTL_getvcpuaffinity, domid, vcpu, NULL,
			     map, nr_cpus);
}

int xc_physinfo(struct xc *xc, struct xen_sysctl_physinfo *info)
{
	struct xen_sysctl s = {.cmd = XEN_SYSCTL_physinfo};
	int rc = xc_sysctl(xc, &s);

	if (rc == 0)
		*info = s.u.physinfo;
	return rc;
}

int xc_sched_id(struct xc *xc, uint32_t *id)
{
	struct xen_sysctl s = {.cmd = XEN_SYSCTL_sched_id};
	int rc = xc_sysctl(xc, &s);

	if (rc == 0)
		*id = s.u.sched_id.sched_id;
	return rc;
}

int xc_readconsole(struct xc *xc, char *out, uint32_t *len, int clear)
{
	struct xen_sysctl s = {.cmd = XEN_SYSCTL_readconsole};
	char *buf = xc_buf_alloc(xc, *len);
	int rc;

	if (!buf)
		return -ENOMEM;
	s.u.readconsole.clear = clear ? 1 : 0;
	s.u.readconsole.count = *len;
	set_xen_guest_handle(s.u.readconsole.buffer, buf);
	rc = xc_sysctl(xc, &s);
	if (rc == 0) {
		if (s.u.readconsole.count < *len)
			*len = s.u.readconsole.count;
		memcpy(out, buf, *len);
	}
	xc_buf_free(xc, buf, *len);
	return rc;
}

int xc_debug_keys(struct xc *xc, const char *keys)
{
	struct xen_sysctl s = {.cmd = XEN_SYSCTL_debug_keys};
	size_t n = strlen(keys);
	char *buf = xc_buf_alloc(xc, n);
	int rc;

	if (!buf)
		return -ENOMEM;
	memcpy(buf, keys, n);
	set_xen_guest_handle(s.u.debug_keys.keys, buf);
	s.u.debug_keys.nr_keys = (uint32_t)n;
	rc = xc_sysctl(xc, &s);
	xc_buf_free(xc, buf, n);
	return rc;
}

long xc_version(struct xc *xc, unsigned int cmd, void *out, size_t len)
{
	void *buf = len ? xc_buf_alloc(xc, len) : NULL;
	long rc;

	if (len && !buf)
		return -ENOMEM;
	rc = xc_hypercall(xc, __HYPERVISOR_xen_version, cmd,
			  (uint64_t)(uintptr_t)buf, 0);
	if (len) {
		memcpy(out, buf, len);
		xc_buf_free(xc, buf, len);
	}
	return rc;
}
