/* SPDX-License-Identifier: MIT */
/*
 * domctl-build: the hypervisor side of building a guest, driven from dom0
 * through /dev/xen/privcmd as libxl/libxc would (Xen 4.17 domctl and
 * sysctl, interface version 0x15):
 *
 *  1. sysctl physinfo (free pages before); wrong interface versions give
 *     -EACCES, an unknown domctl -ENOSYS.
 *  2. createdomain (hvm|hap, 1 vCPU, GIC "native": the version actually
 *     used is written back); max_mem; populate_physmap of PAGES pages.
 *  3. mmapbatch (XENMAPSPACE_gmfn_foreign) of the first page: write a
 *     pattern, unmap, map again, read it back; the second page is zero.
 *  4. mmap_resource of grant frame 0 (XENMEM_acquire_resource), a write
 *     and read back (it stays mapped to step 5); alloc_unbound in the domain for dom0; HVM params set
 *     by dom0 read back; setvcpucontext / getvcpucontext; getvcpuinfo;
 *     getdomaininfo and sysctl getdomaininfolist show the domain.
 *  5. destroydomain while the first page and the grant frame are still
 *     mapped: the mappings keep them (contents intact); unmap them; the
 *     domain is gone and physinfo's free pages equal the count from
 *     step 1 (cycles 2-4; see main()).
 *
 *   domctl-build [-p PAGES]
 *
 * Prints key=value lines: domctl_domid, domctl_gic, domctl_free_before,
 * domctl_free_after, ... and exits 0 when every step passed.
 */
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>

#include <public/domctl.h>
#include <public/event_channel.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/memory.h>
#include <public/sysctl.h>
#include <public/xen.h>

#include "linux-xen-uapi.h"
#include "dom0test.h"

#define PAGE 4096UL
#define RAM_PFN (GUEST_RAM0_BASE >> 12)
#define MAX_PAGES 256

static int fd;

static long hypercall(uint64_t op, uint64_t a0, uint64_t a1)
{
	struct privcmd_hypercall call = {.op = op, .arg = {a0, a1}};
	long rc = ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &call);

	return rc < 0 ? -errno : rc;
}

static long domctl(struct xen_domctl *d)
{
	if (!d->interface_version)
		d->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	return hypercall(__HYPERVISOR_domctl, (uintptr_t)d, 0);
}

static long sysctl(struct xen_sysctl *s)
{
	if (!s->interface_version)
		s->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
	return hypercall(__HYPERVISOR_sysctl, (uintptr_t)s, 0);
}

static uint64_t free_pages(void)
{
	struct xen_sysctl s = {.cmd = XEN_SYSCTL_physinfo};
	long rc = sysctl(&s);

	if (rc)
		fail("sysctl physinfo: %ld", rc);
	return s.u.physinfo.free_pages;
}

/* Map PAGE of domain dom's gfn at a fresh address; NULL on error. */
static volatile uint32_t *map_gfn(domid_t dom, xen_pfn_t gfn, int *err)
{
	void *va = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	struct privcmd_mmapbatch_v2 b = {.num = 1,
					 .dom = dom,
					 .addr = (uintptr_t)va,
					 .arr = &gfn,
					 .err = err};

	if (va == MAP_FAILED)
		fail("mmap privcmd: %s", strerror(errno));
	*err = 0;
	/* Per-frame errors may come with a 0 return (Linux privcmd). */
	if (ioctl(fd, IOCTL_PRIVCMD_MMAPBATCH_V2, &b) < 0 || *err) {
		if (!*err)
			*err = -errno;
		munmap(va, PAGE);
		return NULL;
	}
	return va;
}

static void expect_rc(const char *what, long rc, long want)
{
	if (rc != want)
		fail("%s: got %ld, expected %ld", what, rc, want);
}

static void getinfo(domid_t dom, struct xen_domctl *d)
{
	long rc;

	memset(d, 0, sizeof(*d));
	d->cmd = XEN_DOMCTL_getdomaininfo;
	d->domain = dom;
	rc = domctl(d);
	if (rc)
		fail("getdomaininfo(%u): %ld", dom, rc);
}

static void check_interface(void)
{
	struct xen_domctl d = {.cmd = XEN_DOMCTL_getdomaininfo};
	struct xen_sysctl s = {.cmd = XEN_SYSCTL_physinfo};

	d.interface_version = XEN_DOMCTL_INTERFACE_VERSION - 1;
	expect_rc("domctl with version 0x14", domctl(&d), -EACCES);
	s.interface_version = XEN_SYSCTL_INTERFACE_VERSION + 1;
	expect_rc("sysctl with version 0x16", sysctl(&s), -EACCES);
	memset(&d, 0, sizeof(d));
	d.cmd = 9999;
	d.domain = 0;
	expect_rc("domctl 9999 on dom0", domctl(&d), -ENOSYS);
	memset(&s, 0, sizeof(s));
	s.cmd = 9999;
	expect_rc("sysctl 9999", sysctl(&s), -ENOSYS);
	result("domctl_interface", "ok");

	/* The hypervisor's console ring has its boot messages. */
	{
		static char buf[4096];

		memset(&s, 0, sizeof(s));
		s.cmd = XEN_SYSCTL_readconsole;
		set_xen_guest_handle(s.u.readconsole.buffer, buf);
		s.u.readconsole.count = sizeof(buf);
		expect_rc("sysctl readconsole", sysctl(&s), 0);
		if (!s.u.readconsole.count)
			fail("readconsole returned nothing");
		result("domctl_readconsole_bytes", "%u", s.u.readconsole.count);
	}
	{
		struct xen_sysctl_cpuinfo ci[16];

		memset(&s, 0, sizeof(s));
		s.cmd = XEN_SYSCTL_getcpuinfo;
		s.u.getcpuinfo.max_cpus = 16;
		set_xen_guest_handle(s.u.getcpuinfo.info, ci);
		expect_rc("sysctl getcpuinfo", sysctl(&s), 0);
		if (!s.u.getcpuinfo.nr_cpus)
			fail("getcpuinfo: no CPUs");
		result("domctl_cpuinfo", "%u cpus, cpu0 idle %lu ns",
		       s.u.getcpuinfo.nr_cpus, (unsigned long)ci[0].idletime);
	}
	memset(&s, 0, sizeof(s));
	s.cmd = XEN_SYSCTL_physinfo;
	expect_rc("sysctl physinfo", sysctl(&s), 0);
	result("domctl_physinfo",
	       "cpus %u max_cpu_id %u threads/core %u cores/socket %u nodes "
	       "%u khz %u caps %#x total %lu max_mfn %#lx",
	       s.u.physinfo.nr_cpus, s.u.physinfo.max_cpu_id,
	       s.u.physinfo.threads_per_core, s.u.physinfo.cores_per_socket,
	       s.u.physinfo.nr_nodes, s.u.physinfo.cpu_khz,
	       s.u.physinfo.capabilities,
	       (unsigned long)s.u.physinfo.total_pages,
	       (unsigned long)s.u.physinfo.max_mfn);
	if (!s.u.physinfo.nr_cpus || !s.u.physinfo.total_pages ||
	    s.u.physinfo.free_pages > s.u.physinfo.total_pages)
		fail("physinfo does not describe a machine");
	memset(&s, 0, sizeof(s));
	s.cmd = XEN_SYSCTL_sched_id;
	expect_rc("sysctl sched_id", sysctl(&s), 0);
	result("domctl_sched_id", "%u", s.u.sched_id.sched_id);
}

static domid_t create(void)
{
	struct xen_domctl d = {.cmd = XEN_DOMCTL_createdomain};
	struct xen_domctl_createdomain *c = &d.u.createdomain;
	domid_t dom;
	long rc;

	c->flags = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap;
	c->max_vcpus = 1;
	c->max_evtchn_port = 1023;
	c->max_grant_frames = -1;
	c->max_maptrack_frames = -1;
	c->grant_opts = XEN_DOMCTL_GRANT_version(1);
	c->arch.gic_version = XEN_DOMCTL_CONFIG_GIC_NATIVE;
	c->arch.tee_type = XEN_DOMCTL_CONFIG_TEE_NONE;
	c->arch.nr_spis = 32;
	memcpy(c->handle, "domctl-build-uid", 16);
	rc = domctl(&d);
	if (rc)
		fail("createdomain: %ld", rc);
	if (c->arch.gic_version != XEN_DOMCTL_CONFIG_GIC_V2 &&
	    c->arch.gic_version != XEN_DOMCTL_CONFIG_GIC_V3)
		fail("createdomain wrote back gic_version %u",
		     c->arch.gic_version);
	dom = d.domain;
	result("domctl_domid", "%u", dom);
	result("domctl_gic", "v%u", c->arch.gic_version + 1);
	/*
	 * Xen's domains are AArch32 until told otherwise, and only while
	 * they have no memory (libxc's set_mode before meminit).
	 */
	memset(&d, 0, sizeof(d));
	d.cmd = XEN_DOMCTL_set_address_size;
	d.domain = dom;
	d.u.address_size.size = 64;
	rc = domctl(&d);
	if (rc)
		fail("set_address_size 64: %ld", rc);
	return dom;
}

static void populate(domid_t dom, unsigned int pages)
{
	xen_pfn_t pfns[MAX_PAGES];
	struct xen_domctl d = {.cmd = XEN_DOMCTL_max_mem, .domain = dom};
	struct xen_memory_reservation r = {
		.nr_extents = pages, .extent_order = 0, .domid = dom};
	unsigned int i;
	long rc;

	d.u.max_mem.max_memkb = (uint64_t)pages * (PAGE / 1024);
	rc = domctl(&d);
	if (rc)
		fail("max_mem: %ld", rc);
	for (i = 0; i < pages; i++)
		pfns[i] = RAM_PFN + i;
	set_xen_guest_handle(r.extent_start, pfns);
	rc = hypercall(__HYPERVISOR_memory_op, XENMEM_populate_physmap,
		       (uintptr_t)&r);
	if (rc != (long)pages)
		fail("populate_physmap of %u pages: %ld", pages, rc);
	/* max_mem holds: one page more is refused. */
	pfns[0] = RAM_PFN + pages;
	r.nr_extents = 1;
	rc = hypercall(__HYPERVISOR_memory_op, XENMEM_populate_physmap,
		       (uintptr_t)&r);
	if (rc != 0)
		fail("populate_physmap beyond max_mem: %ld, expected 0", rc);
	result("domctl_populated", "%u", pages);
	/* With memory, the word size can no longer change. */
	memset(&d, 0, sizeof(d));
	d.cmd = XEN_DOMCTL_set_address_size;
	d.domain = dom;
	d.u.address_size.size = 64;
	expect_rc("set_address_size with memory", domctl(&d), -EBUSY);
}

static uint32_t pattern(unsigned long i)
{
	return 0x5eed0000u ^ (uint32_t)(i * 2654435761u);
}

static void check_pattern(const volatile uint32_t *p, const char *what)
{
	for (unsigned long i = 0; i < PAGE / 4; i++)
		if (p[i] != pattern(i))
			fail("%s: word %lu is %#x, expected %#x", what, i, p[i],
			     pattern(i));
}

static volatile uint32_t *foreign_map(domid_t dom)
{
	volatile uint32_t *p, *q;
	int err;
	unsigned long i;

	p = map_gfn(dom, RAM_PFN, &err);
	if (!p)
		fail("mmapbatch of gfn %#lx: %d", (unsigned long)RAM_PFN, err);
	for (i = 0; i < PAGE / 4; i++)
		if (p[i])
			fail("fresh page word %lu is %#x", i, p[i]);
	for (i = 0; i < PAGE / 4; i++)
		p[i] = pattern(i);
	munmap((void *)p, PAGE);
	p = map_gfn(dom, RAM_PFN, &err);
	if (!p)
		fail("second mmapbatch: %d", err);
	check_pattern(p, "page mapped again");
	q = map_gfn(dom, RAM_PFN + 1, &err);
	if (!q)
		fail("mmapbatch of the second page: %d", err);
	for (i = 0; i < PAGE / 4; i++)
		if (q[i])
			fail("second page word %lu is %#x", i, q[i]);
	munmap((void *)q, PAGE);
	/* A hole of the domain cannot be mapped. */
	q = map_gfn(dom, RAM_PFN + MAX_PAGES + 16, &err);
	if (q)
		fail("mmapbatch of an unpopulated gfn succeeded");
	result("domctl_foreign_map", "ok");
	result("domctl_foreign_hole_err", "%d", err);
	return p;
}

/* Grant frame 0 of dom through acquire_resource; stays mapped. */
static volatile uint32_t *grant_resource(domid_t dom)
{
	struct privcmd_mmap_resource r = {
		.dom = dom, .type = XENMEM_resource_grant_table, .id = 0};
	volatile uint32_t *g;

	if (ioctl(fd, IOCTL_PRIVCMD_MMAP_RESOURCE, &r) < 0)
		fail("mmap_resource size query: %s", strerror(errno));
	result("domctl_gnttab_frames", "%lu", (unsigned long)r.num);
	if (!r.num)
		fail("grant table has no frames");
	g = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (g == MAP_FAILED)
		fail("mmap privcmd: %s", strerror(errno));
	r.num = 1;
	r.idx = 0;
	r.addr = (uintptr_t)g;
	if (ioctl(fd, IOCTL_PRIVCMD_MMAP_RESOURCE, &r) < 0)
		fail("mmap_resource of grant frame 0: %s", strerror(errno));
	/* Entry 0 (console), as a builder seeds it: read back. */
	g[0] = 0x00000001; /* flags GTF_permit_access, domid 0 */
	g[1] = 0x12345;
	if (g[0] != 1 || g[1] != 0x12345)
		fail("grant frame 0 does not keep what was written");
	result("domctl_gnttab_map", "ok");
	return g;
}

static void evtchn_and_params(domid_t dom)
{
	struct evtchn_alloc_unbound a = {.dom = dom, .remote_dom = 0};
	struct xen_hvm_param p = {.domid = dom,
				  .index = HVM_PARAM_CONSOLE_EVTCHN};
	long rc;

	rc = hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_alloc_unbound,
		       (uintptr_t)&a);
	if (rc || !a.port)
		fail("alloc_unbound in d%u for dom0: %ld port %u", dom, rc,
		     a.port);
	p.value = a.port;
	rc = hypercall(__HYPERVISOR_hvm_op, HVMOP_set_param, (uintptr_t)&p);
	if (rc)
		fail("HVMOP_set_param CONSOLE_EVTCHN: %ld", rc);
	p.value = 0;
	rc = hypercall(__HYPERVISOR_hvm_op, HVMOP_get_param, (uintptr_t)&p);
	if (rc || p.value != a.port)
		fail("HVMOP_get_param CONSOLE_EVTCHN: %ld value %lu", rc,
		     (unsigned long)p.value);
	result("domctl_evtchn_port", "%u", a.port);
}

static void vcpu_context(domid_t dom)
{
	struct vcpu_guest_context c = {0}, got;
	struct xen_domctl d = {.cmd = XEN_DOMCTL_setvcpucontext, .domain = dom};
	long rc;

	c.flags = VGCF_online;
	c.user_regs.pc64 = GUEST_RAM0_BASE + 0x80000;
	c.user_regs.x0 = GUEST_RAM0_BASE + 0x8000000; /* the DTB */
	c.user_regs.cpsr = PSR_GUEST64_INIT;
	c.sctlr = SCTLR_GUEST_INIT;
	d.u.vcpucontext.vcpu = 0;
	/* Xen 4.17 creates the vCPUs here (libxl's xc_domain_max_vcpus). */
	{
		struct xen_domctl g = {.cmd = XEN_DOMCTL_getvcpucontext,
				       .domain = dom};
		struct xen_domctl m = {.cmd = XEN_DOMCTL_max_vcpus,
				       .domain = dom};

		set_xen_guest_handle(g.u.vcpucontext.ctxt, &got);
		expect_rc("getvcpucontext before max_vcpus", domctl(&g),
			  -EINVAL);
		m.u.max_vcpus.max = 2;
		expect_rc("max_vcpus 2 (created with 1)", domctl(&m), -EINVAL);
		m.u.max_vcpus.max = 1;
		expect_rc("max_vcpus 1", domctl(&m), 0);
		expect_rc("getvcpucontext before setvcpucontext", domctl(&g),
			  -ENODATA);
	}
	set_xen_guest_handle(d.u.vcpucontext.ctxt, &c);
	rc = domctl(&d);
	if (rc)
		fail("setvcpucontext: %ld", rc);
	/* An EL2 PSTATE is refused. */
	c.user_regs.cpsr = PSR_MODE_EL2h;
	expect_rc("setvcpucontext with EL2h", domctl(&d), -EINVAL);
	d.cmd = XEN_DOMCTL_getvcpucontext;
	memset(&got, 0, sizeof(got));
	set_xen_guest_handle(d.u.vcpucontext.ctxt, &got);
	rc = domctl(&d);
	if (rc)
		fail("getvcpucontext: %ld", rc);
	if (got.user_regs.pc64 != GUEST_RAM0_BASE + 0x80000 ||
	    got.user_regs.x0 != GUEST_RAM0_BASE + 0x8000000 ||
	    got.user_regs.cpsr != PSR_GUEST64_INIT)
		fail("getvcpucontext: pc %#lx x0 %#lx cpsr %#lx",
		     (unsigned long)got.user_regs.pc64,
		     (unsigned long)got.user_regs.x0,
		     (unsigned long)got.user_regs.cpsr);
	memset(&d, 0, sizeof(d));
	d.cmd = XEN_DOMCTL_getvcpuinfo;
	d.domain = dom;
	rc = domctl(&d);
	if (rc || !d.u.getvcpuinfo.online)
		fail("getvcpuinfo: %ld online %u", rc, d.u.getvcpuinfo.online);
	result("domctl_vcpu_context", "ok");
}

static void check_info(domid_t dom, unsigned int pages)
{
	struct xen_domctl d;
	struct xen_domctl_getdomaininfo list[8];
	struct xen_sysctl s = {.cmd = XEN_SYSCTL_getdomaininfolist};
	const struct xen_domctl_getdomaininfo *i = &d.u.getdomaininfo;
	unsigned int k;
	long rc;

	getinfo(dom, &d);
	if (d.domain != dom || i->domain != dom)
		fail("getdomaininfo(%u) answered for %u", dom, i->domain);
	if (i->tot_pages != pages || i->max_pages != pages ||
	    !(i->flags & XEN_DOMINF_paused) || (i->flags & XEN_DOMINF_dying) ||
	    i->max_vcpu_id != 0 || i->nr_online_vcpus != 1 ||
	    memcmp(i->handle, "domctl-build-uid", 16))
		fail("getdomaininfo: tot %lu max %lu flags %#x max_vcpu_id %u "
		     "online %u",
		     (unsigned long)i->tot_pages, (unsigned long)i->max_pages,
		     i->flags, i->max_vcpu_id, i->nr_online_vcpus);
	result("domctl_info_flags", "%#x", i->flags);
	result("domctl_info_gic", "v%u", i->arch_config.gic_version + 1);

	s.u.getdomaininfolist.first_domain = 0;
	s.u.getdomaininfolist.max_domains = 8;
	set_xen_guest_handle(s.u.getdomaininfolist.buffer, list);
	rc = sysctl(&s);
	if (rc)
		fail("getdomaininfolist: %ld", rc);
	for (k = 0; k < s.u.getdomaininfolist.num_domains; k++)
		if (list[k].domain == dom && list[k].tot_pages == pages)
			break;
	if (k == s.u.getdomaininfolist.num_domains)
		fail("getdomaininfolist (%u entries) lacks d%u",
		     s.u.getdomaininfolist.num_domains, dom);
	result("domctl_list", "%u", s.u.getdomaininfolist.num_domains);
}

static void destroy(domid_t dom)
{
	struct xen_domctl d = {.cmd = XEN_DOMCTL_destroydomain, .domain = dom};
	long rc;
	int tries = 0;

	/* libxc's xc_domain_destroy retries on -EAGAIN. */
	do {
		memset(&d, 0, sizeof(d));
		d.cmd = XEN_DOMCTL_destroydomain;
		d.domain = dom;
		rc = domctl(&d);
	} while (rc == -EAGAIN && ++tries < 100000);
	if (rc)
		fail("destroydomain: %ld after %d tries", rc, tries);
	result("domctl_destroy_tries", "%d", tries);
}

/*
 * Linux backs foreign mappings with ballooned-out pages, taken from its
 * balloon list first. Xen frees a ballooned page to its heap, armvisor
 * keeps it dom0's (dom0 is mapped 1:1): fill the list before counting, so
 * neither count moves because of dom0's balloon.
 */
static void warm_balloon(void)
{
	enum { N = 4 };
	void *va =
		mmap(NULL, N * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	xen_pfn_t gfns[N] = {0};
	int errs[N];
	struct privcmd_mmapbatch_v2 b = {.num = N,
					 .dom = DOMID_INVALID,
					 .addr = (uintptr_t)va,
					 .arr = gfns,
					 .err = errs};

	if (va == MAP_FAILED)
		fail("mmap privcmd: %s", strerror(errno));
	/* Fails frame by frame (no such domain); the pages were taken. */
	(void)ioctl(fd, IOCTL_PRIVCMD_MMAPBATCH_V2, &b);
	munmap(va, N * PAGE);
}

/* Free pages settle once the hypervisor has freed everything. */
static uint64_t wait_free(uint64_t want)
{
	uint64_t now = free_pages();

	for (int i = 0; i < 20 && now != want; i++) {
		struct timespec ts = {0, 100 * 1000 * 1000};

		nanosleep(&ts, NULL);
		now = free_pages();
	}
	return now;
}

/*
 * One build and destroy. Returns how many free pages the hypervisor lost
 * (allocator caches may keep a few on the first cycle: Xen's and ours).
 */
static long cycle(unsigned int pages)
{
	volatile uint32_t *p, *g;
	uint64_t before, after;
	struct xen_domctl d;
	domid_t dom;

	before = free_pages();
	result("domctl_free_before", "%lu", (unsigned long)before);
	dom = create();
	populate(dom, pages);
	p = foreign_map(dom);
	g = grant_resource(dom);
	evtchn_and_params(dom);
	vcpu_context(dom);
	check_info(dom, pages);

	destroy(dom);
	/* The mapping still holds the page: nobody else got it. */
	check_pattern(p, "page mapped across destroydomain");
	munmap((void *)p, PAGE);
	/* So does the grant frame. */
	if (g[0] != 1 || g[1] != 0x12345)
		fail("grant frame changed across destroydomain");
	munmap((void *)g, PAGE);
	result("domctl_map_survives_destroy", "ok");
	/* Gone (getdomaininfo answers for the next domain up, or none). */
	memset(&d, 0, sizeof(d));
	d.cmd = XEN_DOMCTL_getdomaininfo;
	d.domain = dom;
	if (!domctl(&d) && d.domain == dom)
		fail("d%u still exists after destroydomain (flags %#x)", dom,
		     d.u.getdomaininfo.flags);
	after = wait_free(before);
	result("domctl_free_after", "%lu", (unsigned long)after);
	return (long)(before - after);
}

int main(int argc, char **argv)
{
	unsigned int pages = 16;
	long lost, total = 0;
	int opt, exact = 0;

	dom0test_prog = "domctl-build";
	while ((opt = getopt(argc, argv, "p:")) != -1) {
		if (opt != 'p')
			return 2;
		pages = (unsigned int)strtoul(optarg, NULL, 0);
	}
	if (pages < 2 || pages > MAX_PAGES)
		return 2;
	fd = open_dev("/dev/xen/privcmd");

	check_interface();
	warm_balloon();
	/*
	 * Allocator caches (ours keeps an empty slab per size class) and
	 * dom0's own stage-2 tables (armvisor takes them from the heap, Xen
	 * from dom0's preallocated pool) may keep a page or two once; a
	 * leak repeats every cycle. So: cycle 1 warms up and must lose less
	 * than the domain's RAM; cycles 2-4 must lose nothing in at least
	 * one cycle, hence under one page per cycle.
	 */
	lost = cycle(pages);
	result("domctl_cycle1_lost", "%ld", lost);
	if (lost < 0 || lost >= (long)pages)
		fail("first cycle: %ld pages not returned", lost);
	for (int i = 2; i <= 4; i++) {
		long l = cycle(pages);

		result("domctl_cycle_lost", "%d:%ld", i, l);
		/* Fewer: a cache let go of a page. */
		if (l <= 0)
			exact++;
		total += l;
	}
	result("domctl_cycles_exact", "%d of 3 (pages lost %ld)", exact, total);
	if (!exact)
		fail("cycles 2-4 lost %ld pages, none returned everything",
		     total);
	return 0;
}
