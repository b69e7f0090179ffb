/* SPDX-License-Identifier: MIT */
/*
 * The control domain (dom0), built from the /chosen modules as Xen does
 * (docs/misc/arm/device-tree/booting.txt): RAM mapped 1:1 so devices can
 * DMA without an IOMMU, every device the hypervisor does not own passed
 * through (MMIO 1:1, SPIs hardware-linked), and a device tree derived
 * from the host's (common/dom0_dt.c).
 */
#include <hyp/boot_params.h>
#include <hyp/bootinfo.h>
#include <hyp/console.h>
#include <hyp/dom0.h>
#include <hyp/dom0_dt.h>
#include <hyp/domain.h>
#include <hyp/domctl.h>
#include <hyp/errno.h>
#include <hyp/event.h>
#include <hyp/fdt.h>
#include <hyp/guest_access.h>
#include <hyp/irq.h>
#include <hyp/kernel_image.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/p2m.h>
#include <hyp/percpu.h>
#include <hyp/vcpu_arch.h>
#include <hyp/vgic.h>

#define DOM0_MEM_DEFAULT MB(512)
#define DOM0_DT_MAX KB(256)
/* A GICv3 redistributor: RD_base and SGI_base frames, 64 KiB each. */
#define GICV3_RDIST_STRIDE KB(128)
/* Grant-table window: 16 MiB, as Xen gives domUs (4096 frames). */
#define GNTTAB_WINDOW MB(16)

#define DOM0_MAX_BANKS 8
#define MAX_HOLE_RANGES 256
/* Plenty for any board; Linux takes as many as the node lists. */
#define DOM0_MAX_EXT_REGIONS 32
/*
 * Linux adds extended regions to its linear map (unpopulated-alloc); with
 * 48-bit VAs that spans [1 GiB, 1 GiB + 128 TiB). Xen 4.17 bounds its
 * regions the same way (EXT_REGION_START / EXT_REGION_END).
 */
#define EXT_REGION_LO GB(1)
#define EXT_REGION_HI 0x800040000000ULL

struct dom0_layout {
	struct dom0_dt_config dt; /* points into the fields below */
	struct membank banks[DOM0_MAX_BANKS];
	int hidden[1];
	char bootargs[BOOT_CMDLINE_SIZE];
	const struct bootmodule *kernel, *ramdisk;
	struct kernel_image kimg; /* the kernel module's Image */
	struct membank ext[DOM0_MAX_EXT_REGIONS];
	u64 kernel_pa, dtb_pa, initrd_pa;
};

/*
 * Allocate RAM in as few, as large blocks as possible and map each 1:1
 * (guest physical == host physical). Banks end up sorted by address.
 */
static int allocate_memory_11(struct domain *d, u64 size, struct dom0_layout *l)
{
	unsigned int order = MAX_ORDER - 1;
	u64 left = size;
	struct dom0_dt_config *c = &l->dt;

	c->nr_banks = 0;
	while (left) {
		struct page_info *pg;
		u64 bytes;
		unsigned int i, j;

		while (order && (1UL << (order + PAGE_SHIFT)) > left)
			order--;
		pg = alloc_pages(order, ALLOC_ZERO);
		if (!pg) {
			if (!order)
				return -ENOMEM;
			order--;
			continue;
		}
		bytes = 1UL << (order + PAGE_SHIFT);
		pg->order = order;
		for (u64 k = 0; k < (1UL << order); k++)
			pg[k].owner = (u64)(uintptr_t)d;
		list_add_tail(&pg->list, &d->page_list);
		d->tot_pages += 1UL << order;
		if (p2m_map(d, gfn_init(mfn_val(page_to_mfn(pg))),
			    page_to_mfn(pg), 1UL << order, P2M_RAM_RW))
			return -ENOMEM;
		left -= bytes;

		/* Insert sorted, merging with a neighbour when contiguous. */
		{
			u64 start = pa_val(mfn_to_pa(page_to_mfn(pg)));

			for (i = 0; i < c->nr_banks; i++) {
				struct membank *b = &l->banks[i];

				if (pa_val(b->start) + b->size == start) {
					b->size += bytes;
					goto merged;
				}
				if (start + bytes == pa_val(b->start)) {
					b->start = pa_init(start);
					b->size += bytes;
					goto merged;
				}
			}
			if (c->nr_banks == DOM0_MAX_BANKS)
				return -E2BIG;
			for (i = 0; i < c->nr_banks &&
				    pa_val(l->banks[i].start) < start;
			     i++)
				;
			for (j = c->nr_banks; j > i; j--)
				l->banks[j] = l->banks[j - 1];
			l->banks[i] = (struct membank){pa_init(start), bytes};
			c->nr_banks++;
		merged:;
		}
	}
	return 0;
}

/*
 * Kernel at the start of the largest bank + text_offset; DT and initrd
 * 128 MiB in when they fit there, else at the bank's top (Xen's choice).
 */
static int place_images(struct dom0_layout *l)
{
	const struct membank *bank = &l->banks[0];
	u64 text_offset, image_size, mods, base, end, kend;
	unsigned int i;
	int rc;

	for (i = 1; i < l->dt.nr_banks; i++)
		if (l->banks[i].size > bank->size)
			bank = &l->banks[i];
	rc = kernel_image_load(l->kernel, "dom0", &l->kimg);
	if (rc)
		return rc;
	text_offset = l->kimg.text_offset;
	image_size = l->kimg.image_size;
	end = pa_val(bank->start) + bank->size;
	l->kernel_pa = pa_val(bank->start) + text_offset;
	kend = ALIGN_UP(l->kernel_pa + image_size, MB(2));
	mods = ALIGN_UP(DOM0_DT_MAX, MB(2)) +
	       ALIGN_UP(l->ramdisk ? l->ramdisk->size : 0, MB(2));
	if (text_offset >= bank->size || kend > end)
		goto nofit;
	base = pa_val(bank->start) + MB(128);
	if (base < kend || base + mods > end)
		base = ALIGN_DOWN(end - MIN(mods, end), MB(2));
	if (base < kend)
		goto nofit;
	l->dtb_pa = base;
	l->initrd_pa = base + ALIGN_UP(DOM0_DT_MAX, MB(2));
	return 0;
nofit:
	printk(HYPLOG_ERR "dom0: kernel, ramdisk and device tree do not fit "
			  "in a %lu MiB bank\n",
	       bank->size >> 20);
	return -ENOMEM;
}

/* A passed-through SPI fired: hand it to dom0 (the vGIC links it). */
static void dom0_spi(unsigned int irq, void *data)
{
	vgic_inject(data, NULL, irq, true);
}

/*
 * A xen,passthrough device: not mapped or routed for dom0, which only gets
 * the right to give it to a guest (XEN_DOMCTL_iomem/irq_permission).
 */
static int passthrough_permit(const struct dom0_dt_resource *res,
			      struct domain *d)
{
	int rc = 0;

	if (res->kind == DOM0_RES_MMIO) {
		u64 first = res->addr >> PAGE_SHIFT;
		u64 last = (res->addr + res->size - 1) >> PAGE_SHIFT;

		if (!domctl_iomem_allowed(d, first, last))
			rc = domctl_iomem_permit(d, first, last);
	} else if (res->intid >= 32 && res->intid < gic->nr_lines) {
		rc = domctl_irq_permit(d, res->intid);
		irq_set_dt_type(res->intid, (res->irq_type & 3)
						    ? IRQ_TYPE_EDGE
						    : IRQ_TYPE_LEVEL);
	}
	if (rc)
		printk(HYPLOG_WARNING "dom0: no passthrough permission for "
				      "%s %#lx: %d\n",
		       res->kind == DOM0_RES_MMIO ? "MMIO" : "IRQ",
		       res->kind == DOM0_RES_MMIO ? res->addr : (u64)res->intid,
		       rc);
	return 0;
}

static int passthrough(const struct fdt *host,
		       const struct dom0_dt_resource *res, void *arg)
{
	struct domain *d = arg;
	int rc;

	if (res->flags & DOM0_RES_PASSTHROUGH)
		return passthrough_permit(res, d);
	if (res->kind == DOM0_RES_MMIO) {
		u64 start = ALIGN_DOWN(res->addr, PAGE_SIZE);
		u64 end = ALIGN_UP(res->addr + res->size, PAGE_SIZE);
		/* Reserved memory is RAM: map it as such, not as a device. */
		enum p2m_type t = (res->flags & DOM0_RES_RESERVED_MEM)
					  ? P2M_RAM_RW
					  : P2M_MMIO_DEV;

		if (end <= start || end > (1UL << p2m_ipa_bits()))
			return 0; /* beyond the IPA space: cannot be reached */
		rc = p2m_map(d, gfn_init(start >> PAGE_SHIFT),
			     mfn_init(start >> PAGE_SHIFT),
			     (end - start) >> PAGE_SHIFT, t);
		if (rc)
			printk(HYPLOG_ERR "dom0: cannot map MMIO %#lx-%#lx: "
					  "%d\n",
			       start, end, rc);
		return rc;
	}
	if (res->intid < 32 || res->intid >= gic->nr_lines)
		return 0;
	/* Xen's irq_permit_access: dom0 may hand it on (XEN_DOMCTL_*). */
	domctl_irq_permit(d, res->intid);
	rc = vgic_map_hw_irq(d, res->intid, res->intid);
	if (rc == -EBUSY)
		return 0; /* shared by two nodes: already routed */
	if (!rc)
		rc = request_irq_forwarded(res->intid,
					   (res->irq_type & 3) ? IRQ_TYPE_EDGE
							       : IRQ_TYPE_LEVEL,
					   dom0_spi, d);
	if (rc)
		printk(HYPLOG_ERR "dom0: cannot route IRQ %u: %d\n", res->intid,
		       rc);
	return rc;
}

struct hole_search {
	unsigned int n;
	struct membank r[MAX_HOLE_RANGES];
};

static int collect_mmio(const struct fdt *host,
			const struct dom0_dt_resource *res, void *arg)
{
	struct hole_search *h = arg;

	if (res->kind == DOM0_RES_MMIO && h->n < MAX_HOLE_RANGES)
		h->r[h->n++] = (struct membank){pa_init(res->addr), res->size};
	return 0;
}

/*
 * An IPA window for grant frames that no RAM or device uses: the first
 * place above all RAM that stays clear of every device range.
 */
static u64 find_gnttab_window(const struct fdt *fdt, struct dom0_layout *l)
{
	struct hole_search *h = xzalloc(struct hole_search);
	u64 base = 0;
	unsigned int i;
	bool moved = true;

	for (i = 0; i < bootinfo.mem.nr; i++)
		base = MAX(base, pa_val(bootinfo.mem.bank[i].start) +
					 bootinfo.mem.bank[i].size);
	base = ALIGN_UP(base, MB(2));
	if (!h)
		return base;
	dom0_dt_collect_devices(fdt, &l->dt, collect_mmio, h, NULL, 0);
	while (moved) {
		moved = false;
		for (i = 0; i < h->n; i++) {
			u64 s = pa_val(h->r[i].start), e = s + h->r[i].size;

			if (s < base + GNTTAB_WINDOW && base < e) {
				base = ALIGN_UP(e, MB(2));
				moved = true;
			}
		}
	}
	xfree(h);
	return base;
}

struct ext_scratch {
	struct membank extra[BOOT_MAX_MEM_BANKS + 1];
	struct membank used[MAX_HOLE_RANGES];
};

/*
 * /hypervisor's extended regions: holes in the host's address map, clear
 * of all RAM (dom0's, the hypervisor's, other domains'), every device and
 * the grant window. None (Linux then balloons) with ext_regions=0 or when
 * they cannot be computed.
 */
static void find_ext_regions(const struct fdt *fdt, struct dom0_layout *l)
{
	struct ext_scratch *x;
	u64 hi = MIN(1ULL << p2m_ipa_bits(), EXT_REGION_HI);
	unsigned int i, n = 0;
	int rc;

	l->dt.ext_regions = l->ext;
	l->dt.nr_ext_regions = 0;
	if (!opt_ext_regions)
		return;
	x = xzalloc(struct ext_scratch);
	if (!x) {
		printk(HYPLOG_WARNING "dom0: no memory for extended regions\n");
		return;
	}
	for (i = 0; i < bootinfo.mem.nr; i++)
		x->extra[n++] = bootinfo.mem.bank[i];
	x->extra[n++] = l->dt.gnttab;
	rc = dom0_dt_ext_regions(fdt, x->extra, n, EXT_REGION_LO, hi, x->used,
				 MAX_HOLE_RANGES, l->ext, DOM0_MAX_EXT_REGIONS);
	xfree(x);
	if (rc < 0) {
		printk(HYPLOG_WARNING "dom0: no extended regions (error %d)\n",
		       rc);
		return;
	}
	l->dt.nr_ext_regions = (unsigned int)rc;
}

static const char *dom0_cmdline(const struct fdt *fdt,
				const struct bootmodule *k)
{
	int chosen, len;
	const char *args;

	if (bootinfo.has_dom0_bootargs)
		return bootinfo.dom0_bootargs;
	if (k->has_cmdline && k->cmdline[0])
		return k->cmdline;
	/* Not claimed by the hypervisor (bootinfo.c): the bootargs are ours. */
	chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen >= 0 &&
	    !fdt_getprop(fdt, chosen, "xen,xen-bootargs", &len) &&
	    !bootinfo.cmdline[0]) {
		args = fdt_getprop(fdt, chosen, "bootargs", &len);
		if (args && len > 0 && !args[len - 1])
			return args;
	}
	return "";
}

static const struct bootmodule *dom0_module(enum bootmod_kind k)
{
	unsigned int i;

	for (i = 0; i < bootinfo.nr_modules; i++)
		if (bootinfo.modules[i].kind == k &&
		    bootinfo.modules[i].domain_node < 0)
			return &bootinfo.modules[i];
	return NULL;
}

bool dom0_kernel_given(void)
{
	return dom0_module(BOOTMOD_KERNEL) != NULL;
}

static int build(const struct fdt *fdt, struct domain *d, struct dom0_layout *l,
		 unsigned int nr_vcpus)
{
	struct vgic_config vc = {0};
	const struct boot_gic *g = &bootinfo.gic;
	char err[128];
	void *dt;
	size_t dt_len;
	unsigned int i;
	int rc;

	vc.version = g->version;
	vc.nr_spis = ALIGN_UP(gic->nr_lines - 32, 32);
	vc.dist_base = pa_val(g->dist_base);
	vc.cpu_base = pa_val(g->cpu_base);
	vc.cpu_size = MAX(g->cpu_size, KB(8));
	vc.redist_base = pa_val(g->redist[0].start);
	vc.redist_size = (u64)nr_vcpus * GICV3_RDIST_STRIDE;
	if (g->version == 3 && vc.redist_size > g->redist[0].size)
		return -E2BIG;
	rc = vgic_domain_init(d, &vc);
	for (i = 0; !rc && i < nr_vcpus; i++)
		rc = vgic_vcpu_init(d->vcpus[i]);
	if (!rc)
		rc = evtchn_set_upcall_ppi(d, l->dt.evtchn_ppi);
	if (!rc)
		rc = dom0_dt_collect_devices(fdt, &l->dt, passthrough, d, err,
					     sizeof(err));
	if (rc)
		return rc;

	rc = copy_to_gpa(d, l->kernel_pa, l->kimg.data, l->kimg.size);
	if (!rc && l->ramdisk)
		rc = copy_to_gpa(d, l->initrd_pa,
				 maddr_to_virt(l->ramdisk->start),
				 l->ramdisk->size);
	if (rc)
		return rc;
	dt = xzalloc_bytes(DOM0_DT_MAX);
	if (!dt)
		return -ENOMEM;
	rc = dom0_build_dt(fdt, &l->dt, dt, DOM0_DT_MAX, &dt_len, err,
			   sizeof(err));
	if (rc)
		printk(HYPLOG_ERR "dom0: device tree: %s\n", err);
	else
		rc = copy_to_gpa(d, l->dtb_pa, dt, dt_len);
	xfree(dt);
	return rc;
}

struct domain *dom0_create(const struct fdt *fdt)
{
	struct dom0_layout l = {0};
	struct domain_config cfg = {0};
	struct domain *d;
	unsigned int nr_vcpus, i;
	u64 mem = boot_params.dom0_mem;
	int rc;

	l.kernel = dom0_module(BOOTMOD_KERNEL);
	l.ramdisk = dom0_module(BOOTMOD_RAMDISK);
	if (!l.kernel)
		return NULL;
	if (!mem) {
		printk(HYPLOG_WARNING "dom0_mem= not given: dom0 gets %lu "
				      "MiB (as Xen does)\n",
		       DOM0_MEM_DEFAULT >> 20);
		mem = DOM0_MEM_DEFAULT;
	}
	mem = ALIGN_UP(mem, MB(2));
	nr_vcpus = boot_params.dom0_max_vcpus ? boot_params.dom0_max_vcpus
					      : nr_cpus_online;

	cfg.name = "Domain-0";
	cfg.max_vcpus = nr_vcpus;
	cfg.max_pages = mem >> PAGE_SHIFT;
	cfg.is_privileged = true;
	cfg.is_console = true;
	cfg.direct_map = true;
	d = domain_create(0, &cfg, &rc);
	if (!d)
		goto fail;

	l.dt.banks = l.banks;
	l.dt.nr_vcpus = nr_vcpus;
	l.dt.evtchn_ppi = EVTCHN_PPI_DEFAULT;
	l.hidden[0] = console_uart_node();
	l.dt.hidden = l.hidden;
	l.dt.nr_hidden = l.hidden[0] >= 0 ? 1 : 0;
	l.dt.hide_iommus = true;
	hyp_strlcpy(l.bootargs, dom0_cmdline(fdt, l.kernel),
		    sizeof(l.bootargs));
	l.dt.bootargs = l.bootargs;
	rc = allocate_memory_11(d, mem, &l);
	if (!rc)
		rc = place_images(&l);
	if (rc)
		goto fail_destroy;
	if (l.ramdisk) {
		l.dt.initrd_start = l.initrd_pa;
		l.dt.initrd_end = l.initrd_pa + l.ramdisk->size;
	}
	l.dt.gnttab.start = pa_init(find_gnttab_window(fdt, &l));
	l.dt.gnttab.size = GNTTAB_WINDOW;
	find_ext_regions(fdt, &l);
	rc = build(fdt, d, &l, nr_vcpus);
	kernel_image_release(&l.kimg);
	if (rc)
		goto fail_destroy;
	/* Zeroes and images, once each, before dom0 runs (XSA-364). */
	domain_clean_ram(d);

	if (opt_dom0_vcpus_pin)
		for (i = 0; i < nr_vcpus; i++)
			vcpu_set_affinity(d->vcpus[i],
					  1UL << (i % nr_cpus_online));
	printk("Domain 0: %u vCPU(s), %lu MiB in %u bank(s), kernel at %#lx, "
	       "DT at %#lx%s\n",
	       nr_vcpus, mem >> 20, l.dt.nr_banks, l.kernel_pa, l.dtb_pa,
	       l.ramdisk ? ", initrd" : "");
	for (i = 0; i < l.dt.nr_banks; i++)
		printk("  bank %u: %#014lx-%#014lx\n", i,
		       pa_val(l.banks[i].start),
		       pa_val(l.banks[i].start) + l.banks[i].size);
	for (i = 0; i < l.dt.nr_ext_regions; i++)
		printk("  extended region %u: %#014lx-%#014lx\n", i,
		       pa_val(l.ext[i].start),
		       pa_val(l.ext[i].start) + l.ext[i].size);
	printk("  command line: %s\n", l.bootargs);
	arch_vcpu_reset(d->vcpus[0], l.kernel_pa, l.dtb_pa);
	d->vcpus[0]->initialised = true;
	vcpu_wake(d->vcpus[0], VPF_DOWN);
	return d;

fail_destroy:
	kernel_image_release(&l.kimg);
	domain_destroy(d);
fail:
	printk(HYPLOG_ERR "Cannot build dom0 (error %d)\n", rc);
	return NULL;
}
