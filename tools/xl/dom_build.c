/* SPDX-License-Identifier: MIT */
/* The domain builder (dombuild.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <public/grant_table.h>
#include <public/hvm/params.h>
#include <public/memory.h>

#include "dom_gunzip.h"
#include "dombuild.h"
#include "fdtpartial.h"

#define MB (1ULL << 20)
#define SZ_2M (2 * MB)
#define PAGES_PER_2M 512
/* Frames mapped at once while copying into the domain. */
#define COPY_CHUNK 256U
/* Arm64 Image header (Linux Documentation/arch/arm64/booting.rst). */
#define IMAGE_MAGIC_OFF 56
#define IMAGE_MAGIC 0x644d5241U /* "ARM\x64" little-endian */
/* libxl's defaults for event channels and grant frames. */
#define DEFAULT_MAX_EVTCHN 1023
#define DEFAULT_GRANT_FRAMES 64
#define DEFAULT_MAPTRACK_FRAMES 1024
/* Slack libxl adds to max_mem (LIBXL_MAXMEM_CONSTANT), KiB. */
#define MAXMEM_SLACK_KB 1024

struct blob {
	uint8_t *data;
	size_t len;
};

static void logf_(FILE *log, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void logf_(FILE *log, const char *fmt, ...)
{
	va_list ap;

	if (!log)
		return;
	va_start(ap, fmt);
	vfprintf(log, fmt, ap);
	va_end(ap);
}

static int read_file(const char *path, struct blob *b, FILE *log)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t got = 0;

	b->data = NULL;
	b->len = 0;
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		logf_(log, "xl: cannot read %s: %s\n", path,
		      fd < 0 ? strerror(errno) : "not a regular file");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	b->len = (size_t)st.st_size;
	b->data = malloc(b->len ? b->len : 1);
	if (!b->data) {
		close(fd);
		logf_(log, "xl: %s: out of memory\n", path);
		return -1;
	}
	while (got < b->len) {
		ssize_t n = read(fd, b->data + got, b->len - got);

		if (n <= 0) {
			logf_(log, "xl: reading %s failed\n", path);
			close(fd);
			free(b->data);
			b->data = NULL;
			return -1;
		}
		got += (size_t)n;
	}
	close(fd);
	return 0;
}

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* A gzip'd kernel (Image.gz) is inflated in place, within the RAM size. */
static int maybe_gunzip(struct blob *k, const char *path, uint64_t ram,
			FILE *log)
{
	uint8_t *out;
	size_t out_len;
	char err[128];

	if (!dom_is_gzip(k->data, k->len))
		return 0;
	if (dom_gunzip(k->data, k->len, (size_t)ram, &out, &out_len, err,
		       sizeof(err))) {
		logf_(log, "xl: kernel %s: %s\n", path, err);
		return -1;
	}
	free(k->data);
	k->data = out;
	k->len = out_len;
	return 0;
}

/* Check an arm64 Image; text_offset and image_size from its header. */
static int image_header(const struct blob *k, const char *path,
			uint64_t *text_offset, uint64_t *image_size, FILE *log)
{
	if (k->len < 64 ||
	    (uint32_t)le64(k->data + IMAGE_MAGIC_OFF) != IMAGE_MAGIC) {
		logf_(log, "xl: %s is not an arm64 Image\n", path);
		return -1;
	}
	*text_offset = le64(k->data + 8);
	*image_size = le64(k->data + 16);
	if (*image_size < k->len)
		*image_size = k->len; /* pre-3.17 kernels leave it 0 */
	return 0;
}

/* Copy len bytes to guest physical address gpa of domid. */
static int copy_to_guest(struct xc *xc, uint32_t domid, uint64_t gpa,
			 const void *src, size_t len, FILE *log)
{
	const uint8_t *s = src;
	xen_pfn_t pfns[COPY_CHUNK];
	int errs[COPY_CHUNK];
	uint64_t first = gpa >> XC_PAGE_SHIFT;
	uint64_t last = (gpa + len + XC_PAGE_SIZE - 1) >> XC_PAGE_SHIFT;
	size_t off = gpa & (XC_PAGE_SIZE - 1);

	for (uint64_t pfn = first; pfn < last; pfn += COPY_CHUNK) {
		unsigned int n =
			(unsigned int)(last - pfn < COPY_CHUNK ? last - pfn
							       : COPY_CHUNK);
		size_t room = n * XC_PAGE_SIZE - off;
		size_t chunk = len < room ? len : room;
		uint8_t *map;
		int rc;

		for (unsigned int i = 0; i < n; i++)
			pfns[i] = pfn + i;
		map = xc_map_foreign(xc, domid, pfns, n, errs);
		for (unsigned int i = 0; map && i < n; i++) {
			if (errs[i]) {
				logf_(log, "xl: guest frame %#llx: %s\n",
				      (unsigned long long)pfns[i],
				      strerror(-errs[i]));
				xc_unmap(map, n);
				map = NULL;
				errno = -errs[i];
			}
		}
		if (!map) {
			logf_(log, "xl: mapping guest frames %#llx+%u: %s\n",
			      (unsigned long long)pfn, n, strerror(errno));
			return -1;
		}
		memcpy(map + off, s, chunk);
		xc_unmap(map, n);
		/* The guest starts with its MMU and caches off. */
		rc = xc_domain_cacheflush(xc, domid, pfn, n);
		if (rc < 0) {
			logf_(log, "xl: cacheflush: %s\n", strerror(-rc));
			return -1;
		}
		s += chunk;
		len -= chunk;
		off = 0;
	}
	return 0;
}

static int populate(struct xc *xc, uint32_t domid, uint64_t base_pfn,
		    uint64_t nr, FILE *log)
{
	xen_pfn_t *pfns = malloc(sizeof(*pfns) * (nr ? nr : 1));
	uint64_t big = (base_pfn % PAGES_PER_2M) ? 0 : nr / PAGES_PER_2M;
	uint64_t done = 0;
	long rc;

	if (!pfns)
		return -1;
	/* 2 MiB extents first: block mappings in stage 2, fewer calls. */
	for (uint64_t i = 0; i < big; i++)
		pfns[i] = base_pfn + i * PAGES_PER_2M;
	rc = big ? xc_populate_physmap(xc, domid, 9, pfns, big) : 0;
	if (rc > 0)
		done = (uint64_t)rc * PAGES_PER_2M;
	for (uint64_t i = 0; done + i < nr; i++)
		pfns[i] = base_pfn + done + i;
	if (done < nr) {
		rc = xc_populate_physmap(xc, domid, 0, pfns, nr - done);
		if (rc < 0 || (uint64_t)rc != nr - done) {
			logf_(log, "xl: populating guest RAM failed (%s)\n",
			      rc < 0 ? strerror((int)-rc) : "short");
			free(pfns);
			return -1;
		}
	}
	free(pfns);
	return 0;
}

static int random_uuid(uint8_t u[16])
{
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, u, 16) : -1;

	if (fd >= 0)
		close(fd);
	if (n != 16)
		return -1;
	u[6] = (u[6] & 0x0f) | 0x40; /* RFC 4122 version 4 */
	u[8] = (u[8] & 0x3f) | 0x80;
	return 0;
}

static int create(struct xc *xc, const struct xl_domcfg *cfg,
		  struct dom_result *r, uint32_t *clock_frequency, FILE *log)
{
	struct xen_domctl_createdomain c = {
		.flags = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap,
		.max_vcpus = cfg->maxvcpus,
		.max_evtchn_port = DEFAULT_MAX_EVTCHN,
		.max_grant_frames = DEFAULT_GRANT_FRAMES,
		.max_maptrack_frames = DEFAULT_MAPTRACK_FRAMES,
		.grant_opts = XEN_DOMCTL_GRANT_version(1),
	};
	uint32_t spis = 0;
	int rc;

	if (cfg->have_uuid)
		memcpy(r->uuid, cfg->uuid, 16);
	else if (random_uuid(r->uuid))
		return -1;
	memcpy(c.handle, r->uuid, 16);
	c.arch.gic_version = cfg->gic_version == 2 ? XEN_DOMCTL_CONFIG_GIC_V2
			     : cfg->gic_version == 3
				     ? XEN_DOMCTL_CONFIG_GIC_V3
				     : XEN_DOMCTL_CONFIG_GIC_NATIVE;
	c.arch.tee_type = XEN_DOMCTL_CONFIG_TEE_NONE;
	/* As libxl: enough SPIs for the vpl011 and passed-through IRQs. */
	if (cfg->vuart)
		spis = GUEST_VPL011_SPI - 32 + 1;
	for (size_t i = 0; i < cfg->nirqs; i++) {
		if (cfg->irqs[i] - 32 + 1 > spis)
			spis = cfg->irqs[i] - 32 + 1;
	}
	c.arch.nr_spis = cfg->have_nr_spis ? cfg->nr_spis : spis;
	r->domid = 0;
	rc = xc_domain_create(xc, &r->domid, &c);
	if (rc < 0) {
		logf_(log, "xl: createdomain failed: %s\n", strerror(-rc));
		return -1;
	}
	r->gic_version = c.arch.gic_version == XEN_DOMCTL_CONFIG_GIC_V3 ? 3 : 2;
	*clock_frequency = c.arch.clock_frequency;
	return 0;
}

/* Sizes and limits of the domain before any memory goes in. */
static int limits(struct xc *xc, const struct xl_domcfg *cfg, uint32_t domid,
		  FILE *log)
{
	/* libxl_get_required_shadow_memory(): 1 MiB per vCPU + 8 KiB/MiB. */
	uint64_t pool_kb = 4 * (256 * cfg->maxvcpus + 2 * cfg->maxmem_mb);
	int rc;

	/* Xen 4.17 creates the vCPUs here; armvisor may at createdomain. */
	rc = xc_domain_max_vcpus(xc, domid, cfg->maxvcpus);
	if (rc < 0 && rc != -ENOSYS && rc != -EOPNOTSUPP) {
		logf_(log, "xl: max_vcpus: %s\n", strerror(-rc));
		return -1;
	}
	rc = xc_domain_max_mem(xc, domid,
			       cfg->maxmem_mb * 1024 + MAXMEM_SLACK_KB);
	if (rc < 0) {
		logf_(log, "xl: max_mem: %s\n", strerror(-rc));
		return -1;
	}
	rc = xc_domain_set_address_size(xc, domid, 64);
	if (rc < 0) {
		logf_(log, "xl: set_address_size: %s\n", strerror(-rc));
		return -1;
	}
	rc = xc_domain_set_paging_mempool(xc, domid, pool_kb * 1024);
	if (rc < 0 && rc != -ENOSYS && rc != -EOPNOTSUPP) {
		logf_(log, "xl: set_paging_mempool_size: %s\n", strerror(-rc));
		return -1;
	}
	if (cfg->have_cpus) {
		for (unsigned int v = 0; v < cfg->maxvcpus; v++) {
			rc = xc_vcpu_setaffinity(xc, domid, v, cfg->cpus,
						 XL_MAX_CPUS);
			if (rc < 0) {
				logf_(log, "xl: vCPU %u affinity: %s\n", v,
				      strerror(-rc));
				return -1;
			}
		}
	}
	return 0;
}

static int magic_pages(struct xc *xc, uint32_t domid, struct dom_result *r,
		       const struct xl_domcfg *cfg, FILE *log)
{
	xen_pfn_t base = GUEST_MAGIC_BASE >> XC_PAGE_SHIFT;
	xen_pfn_t pfns[NR_MAGIC_PAGES];
	void *map;
	int rc;

	for (unsigned int i = 0; i < NR_MAGIC_PAGES; i++)
		pfns[i] = base + i;
	if (xc_populate_physmap(xc, domid, 0, pfns, NR_MAGIC_PAGES) !=
	    NR_MAGIC_PAGES) {
		logf_(log, "xl: populating the magic pages failed\n");
		return -1;
	}
	map = xc_map_foreign(xc, domid, pfns, NR_MAGIC_PAGES, NULL);
	if (!map) {
		logf_(log, "xl: mapping the magic pages: %s\n",
		      strerror(errno));
		return -1;
	}
	memset(map, 0, NR_MAGIC_PAGES * XC_PAGE_SIZE);
	xc_unmap(map, NR_MAGIC_PAGES);
	xc_domain_cacheflush(xc, domid, base, NR_MAGIC_PAGES);
	r->console_gfn = base + MAGIC_CONSOLE;
	r->store_gfn = base + MAGIC_XENSTORE;
	r->vuart_gfn = base + MAGIC_VUART;

	rc = xc_evtchn_alloc_unbound(xc, domid, 0);
	if (rc < 0)
		goto evtchn_fail;
	r->console_port = (uint32_t)rc;
	rc = xc_evtchn_alloc_unbound(xc, domid, 0);
	if (rc < 0)
		goto evtchn_fail;
	r->store_port = (uint32_t)rc;
	if ((rc = xc_hvm_param_set(xc, domid, HVM_PARAM_CONSOLE_PFN,
				   r->console_gfn)) < 0 ||
	    (rc = xc_hvm_param_set(xc, domid, HVM_PARAM_CONSOLE_EVTCHN,
				   r->console_port)) < 0 ||
	    (rc = xc_hvm_param_set(xc, domid, HVM_PARAM_STORE_PFN,
				   r->store_gfn)) < 0 ||
	    (rc = xc_hvm_param_set(xc, domid, HVM_PARAM_STORE_EVTCHN,
				   r->store_port)) < 0) {
		logf_(log, "xl: setting HVM params: %s\n", strerror(-rc));
		return -1;
	}
	if (cfg->vuart) {
		struct xen_domctl d = {.cmd = XEN_DOMCTL_vuart_op,
				       .domain = (domid_t)domid};

		d.u.vuart_op.cmd = XEN_DOMCTL_VUART_OP_INIT;
		d.u.vuart_op.type = XEN_DOMCTL_VUART_TYPE_VPL011;
		d.u.vuart_op.gfn = r->vuart_gfn;
		d.u.vuart_op.console_domid = 0;
		rc = xc_domctl(xc, &d);
		if (rc < 0) {
			logf_(log, "xl: vuart_op: %s\n", strerror(-rc));
			return -1;
		}
		r->vuart_port = d.u.vuart_op.evtchn;
	}
	return 0;
evtchn_fail:
	logf_(log, "xl: alloc_unbound: %s\n", strerror(-rc));
	return -1;
}

/*
 * iomem= and irqs= as libxl does them on Arm: permission first, then the
 * stage-2 mapping (device memory) or the 1:1 SPI routing. The hypervisor
 * refuses what dom0 may not hand on; the error names the key.
 */
static int passthrough(struct xc *xc, const struct xl_domcfg *cfg,
		       uint32_t domid, FILE *log)
{
	int rc;

	for (size_t i = 0; i < cfg->niomem; i++) {
		const struct xl_iomem *io = &cfg->iomem[i];

		rc = xc_domain_iomem_permission(xc, domid, io->mfn, io->nr, 1);
		if (!rc)
			rc = xc_domain_memory_mapping(xc, domid, io->gfn,
						      io->mfn, io->nr, 1);
		if (rc) {
			logf_(log,
			      "xl: iomem \"%llx,%llx@%llx\": cannot give it "
			      "to the domain: %s\n",
			      (unsigned long long)io->mfn,
			      (unsigned long long)io->nr,
			      (unsigned long long)io->gfn, strerror(-rc));
			return -1;
		}
	}
	for (size_t i = 0; i < cfg->nirqs; i++) {
		rc = xc_domain_irq_permission(xc, domid, cfg->irqs[i], 1);
		if (!rc)
			rc = xc_domain_bind_pt_spi_irq(xc, domid, cfg->irqs[i],
						       1);
		if (rc) {
			logf_(log,
			      "xl: irqs: %u: cannot route it to the domain: "
			      "%s%s\n",
			      cfg->irqs[i], strerror(-rc),
			      rc == -EBUSY ? " (in use: mark the host device "
					     "xen,passthrough)"
					   : "");
			return -1;
		}
	}
	return 0;
}

static int load(struct xc *xc, const struct xl_domcfg *cfg,
		struct dom_result *r, uint32_t clock_frequency,
		const struct dom_partial *pfdt, FILE *log)
{
	struct blob kernel = {0}, ramdisk = {0};
	uint64_t text_offset, image_size, ram_end, modsize, modbase, kend;
	void *dtb = NULL;
	size_t dtb_len = 0;
	int ret = -1;

	if (read_file(cfg->kernel, &kernel, log) ||
	    maybe_gunzip(&kernel, cfg->kernel, cfg->memory_mb << 20, log) ||
	    image_header(&kernel, cfg->kernel, &text_offset, &image_size, log))
		goto out;
	if (cfg->ramdisk[0] && read_file(cfg->ramdisk, &ramdisk, log))
		goto out;
	r->kernel_addr = GUEST_RAM0_BASE + text_offset;
	kend = r->kernel_addr + image_size;
	/* Kernel, device tree and ramdisk all go in bank 0, as libxc's. */
	ram_end = GUEST_RAM0_BASE + (cfg->memory_mb << 20);
	if (ram_end > GUEST_RAM0_BASE + GUEST_RAM0_SIZE)
		ram_end = GUEST_RAM0_BASE + GUEST_RAM0_SIZE;
	/* The device tree gets a 2 MiB slot of its own (arm64 boot rule). */
	modsize = SZ_2M + ((ramdisk.len + XC_PAGE_SIZE - 1) &
			   ~(uint64_t)(XC_PAGE_SIZE - 1));
	if (GUEST_RAM0_BASE + 128 * MB + modsize <= ram_end &&
	    kend <= GUEST_RAM0_BASE + 128 * MB)
		modbase = GUEST_RAM0_BASE + 128 * MB;
	else
		modbase = (ram_end - modsize) & ~(SZ_2M - 1);
	if (modbase < kend || modsize > ram_end - GUEST_RAM0_BASE) {
		logf_(log,
		      "xl: %llu MiB of memory is too little for the "
		      "kernel, device tree and ramdisk\n",
		      (unsigned long long)cfg->memory_mb);
		goto out;
	}
	r->dtb_addr = modbase;
	r->ramdisk_addr = modbase + SZ_2M;
	r->ramdisk_size = ramdisk.len;
	dtb = dombuild_dt(cfg, r, clock_frequency, pfdt, &dtb_len);
	if (!dtb || dtb_len > SZ_2M) {
		logf_(log, "xl: building the device tree failed\n");
		goto out;
	}
	if (copy_to_guest(xc, r->domid, r->kernel_addr, kernel.data, kernel.len,
			  log) ||
	    copy_to_guest(xc, r->domid, r->dtb_addr, dtb, dtb_len, log) ||
	    (ramdisk.len && copy_to_guest(xc, r->domid, r->ramdisk_addr,
					  ramdisk.data, ramdisk.len, log)))
		goto out;
	ret = 0;
out:
	free(kernel.data);
	free(ramdisk.data);
	free(dtb);
	return ret;
}

/*
 * As libxl: grant dom0 the console and xenstore rings in the reserved
 * entries of the domain's grant table, so back ends may map them by grant
 * (xenstored does). Optional: without acquire_resource they map the
 * frames directly instead, so a failure is only reported.
 */
static void seed_grants(struct xc *xc, const struct dom_result *r, FILE *log)
{
	grant_entry_v1_t *g =
		xc_map_resource(xc, r->domid, XENMEM_resource_grant_table,
				XENMEM_resource_grant_table_id_shared, 0, 1);

	if (!g) {
		logf_(log, "xl: note: grant table not seeded (%s)\n",
		      strerror(errno));
		return;
	}
	g[GNTTAB_RESERVED_CONSOLE].domid = 0;
	g[GNTTAB_RESERVED_CONSOLE].frame = (uint32_t)r->console_gfn;
	g[GNTTAB_RESERVED_XENSTORE].domid = 0;
	g[GNTTAB_RESERVED_XENSTORE].frame = (uint32_t)r->store_gfn;
	/* Flags last: the entry is valid once they say so. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	g[GNTTAB_RESERVED_CONSOLE].flags = GTF_permit_access;
	g[GNTTAB_RESERVED_XENSTORE].flags = GTF_permit_access;
	xc_unmap(g, 1);
}

static int boot_vcpu(struct xc *xc, const struct dom_result *r, FILE *log)
{
	vcpu_guest_context_t ctx;
	int rc;

	memset(&ctx, 0, sizeof(ctx));
	/* Linux arm64 boot protocol: x0 = DT, x1..x3 = 0, MMU off. */
	ctx.user_regs.pc64 = r->kernel_addr;
	ctx.user_regs.x0 = r->dtb_addr;
	ctx.user_regs.cpsr = PSR_GUEST64_INIT;
	ctx.sctlr = SCTLR_GUEST_INIT;
	ctx.flags = VGCF_online;
	rc = xc_vcpu_setcontext(xc, r->domid, 0, &ctx);
	if (rc < 0) {
		logf_(log, "xl: setvcpucontext: %s\n", strerror(-rc));
		return -1;
	}
	return 0;
}

/* device_tree=: read and checked before anything is created. */
static int read_partial(const struct xl_domcfg *cfg, struct blob *b, FILE *log)
{
	char why[128];

	if (!cfg->device_tree[0])
		return 0;
	if (read_file(cfg->device_tree, b, log))
		return -1;
	if (fdt_partial_check(b->data, b->len, why, sizeof(why))) {
		logf_(log, "xl: device_tree \"%s\": %s\n", cfg->device_tree,
		      why);
		free(b->data);
		b->data = NULL;
		return -1;
	}
	return 0;
}

int dombuild(struct xc *xc, const struct xl_domcfg *cfg, struct dom_result *r,
	     FILE *log)
{
	uint32_t clock_frequency = 0;
	uint64_t bank_base[GUEST_RAM_BANKS], bank_size[GUEST_RAM_BANKS];
	unsigned int nbanks =
		dombuild_ram_banks(cfg->memory_mb, bank_base, bank_size);
	int failed = 0;
	struct blob partial = {0};
	struct dom_partial pfdt;
	int ret = -1;

	memset(r, 0, sizeof(*r));
	if (!nbanks) {
		logf_(log, "xl: memory must be 1 .. %llu MiB\n",
		      (unsigned long long)(GUEST_RAM_MAX >> 20));
		return -1;
	}
	/* Xen assigns DT devices through the IOMMU; there is none here. */
	if (cfg->ndtdev) {
		logf_(log,
		      "xl: dtdev \"%s\": assigning a device needs an "
		      "IOMMU and this system has none; give it with "
		      "iomem=, irqs= and device_tree= only\n",
		      cfg->dtdev[0]);
		return -1;
	}
	if (read_partial(cfg, &partial, log))
		return -1;
	pfdt = (struct dom_partial){partial.data, partial.len};
	if (create(xc, cfg, r, &clock_frequency, log))
		goto out;
	failed = limits(xc, cfg, r->domid, log);
	for (unsigned int i = 0; i < nbanks && !failed; i++)
		failed = populate(xc, r->domid, bank_base[i] >> XC_PAGE_SHIFT,
				  bank_size[i] >> XC_PAGE_SHIFT, log);
	if (failed || magic_pages(xc, r->domid, r, cfg, log) ||
	    passthrough(xc, cfg, r->domid, log) ||
	    load(xc, cfg, r, clock_frequency, &pfdt, log) ||
	    boot_vcpu(xc, r, log)) {
		xc_domain_destroy(xc, r->domid);
		goto out;
	}
	seed_grants(xc, r, log);
	ret = 0;
out:
	free(partial.data);
	return ret;
}
