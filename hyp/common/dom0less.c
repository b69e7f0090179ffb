/* SPDX-License-Identifier: MIT */
/*
 * Boot-time domains from the device tree, with Xen's dom0less bindings
 * (docs/misc/arm/device-tree/booting.txt): "xen,domain" nodes under
 * /chosen with cpus, memory (KiB), vpl011, xen,enhanced and kernel /
 * ramdisk modules, and a partial device tree module for passthrough
 * (dom0less_pt.c). A bad node is reported and skipped; the others boot.
 */
#include <hyp/bootinfo.h>
#include <hyp/domain.h>
#include <hyp/domain_build.h>
#include <hyp/errno.h>
#include <hyp/event.h>
#include <hyp/fdt.h>
#include <hyp/guest_access.h>
#include <hyp/irq.h>
#include <hyp/kernel_image.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/p2m.h>
#include <hyp/p2m_pool.h>
#include <hyp/vcpu_arch.h>
#include <hyp/vgic.h>
#include <hyp/vpl011.h>
#include <public/arch-arm.h>
#include <public/device_tree_defs.h>

#define DT_MAX_SIZE KB(64)

static domid_t next_domid = 1;

static const struct bootmodule *find_module(int node, enum bootmod_kind k)
{
	unsigned int i;

	for (i = 0; i < bootinfo.nr_modules; i++)
		if (bootinfo.modules[i].domain_node == node &&
		    bootinfo.modules[i].kind == k)
			return &bootinfo.modules[i];
	return NULL;
}

/* A u32 or u64 property (Xen's "memory" is 64-bit, but accept both). */
static int read_num(const struct fdt *fdt, int node, const char *name, u64 *val)
{
	int len;
	const void *p = fdt_getprop(fdt, node, name, &len);

	if (!p)
		return -ENOENT;
	if (len == 4)
		*val = fdt32_ld(p);
	else if (len == 8)
		*val = fdt64_ld(p);
	else
		return -EINVAL;
	return 0;
}

static int parse_node(const struct fdt *fdt, int node, struct domain_build *b)
{
	u64 cpus, mem_kib, p2m_mb;
	const char *enhanced;
	int len;
	const char *name = fdt_get_name(fdt, node, &len);

	memset(b, 0, sizeof(*b));
	hyp_strlcpy(b->name, name ? name : "domU", sizeof(b->name));
	if (read_num(fdt, node, "cpus", &cpus) || !cpus ||
	    cpus > MAX_VIRT_CPUS) {
		printk(HYPLOG_ERR "%s: missing or bad \"cpus\"\n", b->name);
		return -EINVAL;
	}
	if (read_num(fdt, node, "memory", &mem_kib) || mem_kib < 1024 ||
	    mem_kib > (GUEST_RAM0_SIZE + GB(64)) / 1024) {
		printk(HYPLOG_ERR "%s: missing or bad \"memory\" (KiB)\n",
		       b->name);
		return -EINVAL;
	}
	b->vcpus = (unsigned int)cpus;
	b->ram0_size = MIN(ALIGN_UP(mem_kib * 1024, MB(2)), GUEST_RAM0_SIZE);
	b->ram1_size = ALIGN_UP(mem_kib * 1024, MB(2)) - b->ram0_size;
	/* Xen 4.17: xen,domain-p2m-mem-mb (u32), else domain_p2m_pages(). */
	if (!read_num(fdt, node, "xen,domain-p2m-mem-mb", &p2m_mb)) {
		if (p2m_mb > 0xffffffffULL || p2m_mb > (GB(64) >> 20)) {
			printk(HYPLOG_ERR "%s: bad \"xen,domain-p2m-mem-mb\"\n",
			       b->name);
			return -EINVAL;
		}
		b->p2m_pages = p2m_mb << (20 - PAGE_SHIFT);
	} else {
		b->p2m_pages = p2m_pool_default_pages(mem_kib, b->vcpus);
	}
	b->vpl011 = fdt_getprop(fdt, node, "vpl011", &len) != NULL;
	/* Absent or "disabled": no /hypervisor node (Xen 4.17 semantics). */
	enhanced = fdt_getprop(fdt, node, "xen,enhanced", &len);
	b->enhanced = enhanced &&
		      (len == 0 || strncmp(enhanced, "disabled", len) != 0);

	b->kernel = find_module(node, BOOTMOD_KERNEL);
	b->ramdisk = find_module(node, BOOTMOD_RAMDISK);
	if (!b->kernel) {
		printk(HYPLOG_ERR "%s: no kernel module\n", b->name);
		return -EINVAL;
	}
	b->gic_phandle = GUEST_PHANDLE_GIC;
	if (find_module(node, BOOTMOD_GUEST_DTB) &&
	    dom0less_pt_prepare(b, find_module(node, BOOTMOD_GUEST_DTB), fdt))
		return -EINVAL;
	if (b->kernel->has_cmdline)
		hyp_strlcpy(b->cmdline, b->kernel->cmdline, sizeof(b->cmdline));
	else if (fdt_getprop(fdt, node, "bootargs", &len))
		hyp_strlcpy(b->cmdline,
			    fdt_getprop(fdt, node, "bootargs", &len),
			    MIN((size_t)len + 1, sizeof(b->cmdline)));
	return 0;
}

/*
 * Place the kernel at RAM0 + text_offset, then the DTB and ramdisk: 128 MiB
 * into RAM when they fit there (Xen's choice), else at the top of RAM0.
 */
static int place_images(struct domain_build *b, const struct kernel_image *ki)
{
	u64 image_size = ki->image_size, mods, base, ram_end;

	ram_end = GUEST_RAM0_BASE + b->ram0_size;
	b->kernel_gpa = GUEST_RAM0_BASE + ki->text_offset;
	b->kernel_entry = b->kernel_gpa;
	if (ki->text_offset >= b->ram0_size ||
	    image_size > ram_end - b->kernel_gpa)
		goto nofit;

	mods = ALIGN_UP(DT_MAX_SIZE, MB(2)) +
	       ALIGN_UP(b->ramdisk ? b->ramdisk->size : 0, MB(2));
	base = GUEST_RAM0_BASE + MB(128);
	if (base < b->kernel_gpa + image_size || base + mods > ram_end)
		base = ALIGN_DOWN(ram_end - MIN(mods, ram_end), MB(2));
	if (base < ALIGN_UP(b->kernel_gpa + image_size, MB(2)))
		goto nofit;
	b->dtb_gpa = base;
	if (b->ramdisk) {
		b->ramdisk_gpa = base + ALIGN_UP(DT_MAX_SIZE, MB(2));
		b->ramdisk_size = b->ramdisk->size;
	}
	return 0;
nofit:
	printk(HYPLOG_ERR "%s: kernel, ramdisk and device tree do not fit in "
			  "%lu MiB of RAM\n",
	       b->name, b->ram0_size >> 20);
	return -ENOMEM;
}

static int load_images(struct domain *d, struct domain_build *b,
		       const struct kernel_image *ki)
{
	void *dt;
	size_t dt_len;
	int rc;

	rc = copy_to_gpa(d, b->kernel_gpa, ki->data, ki->size);
	if (!rc && b->ramdisk)
		rc = copy_to_gpa(d, b->ramdisk_gpa,
				 maddr_to_virt(b->ramdisk->start),
				 b->ramdisk->size);
	if (rc)
		return rc;
	dt = xzalloc_bytes(DT_MAX_SIZE);
	if (!dt)
		return -ENOMEM;
	rc = domain_build_dt(b, dt, DT_MAX_SIZE, &dt_len);
	if (!rc)
		rc = copy_to_gpa(d, b->dtb_gpa, dt, dt_len);
	xfree(dt);
	return rc;
}

static int build_one(const struct fdt *fdt, int node)
{
	struct domain_build b;
	struct kernel_image ki = {0};
	struct domain_config cfg = {0};
	struct domain *d;
	int rc;

	rc = parse_node(fdt, node, &b);
	if (rc)
		return rc;
	rc = kernel_image_load(b.kernel, b.name, &ki);
	if (rc)
		goto fail;
	rc = place_images(&b, &ki);
	if (rc)
		goto fail;

	cfg.name = b.name;
	cfg.max_vcpus = b.vcpus;
	cfg.max_pages = (b.ram0_size + b.ram1_size) >> PAGE_SHIFT;
	cfg.is_console = true; /* dom0less domUs may use console_io */
	d = domain_create(next_domid, &cfg, &rc);
	if (!d)
		goto fail;

	/* Before anything is mapped, as Xen's construct_domU. */
	rc = p2m_set_pool_size(d, b.p2m_pages);
	if (!rc)
		rc = domain_vgic_setup(d, domain_vgic_default_spis(), &b.vgic);
	if (!rc && b.vpl011)
		rc = vpl011_init(d, GUEST_PL011_BASE, GUEST_VPL011_SPI);
	if (!rc)
		rc = dom0less_pt_assign(d, &b);
	if (!rc)
		rc = domain_populate_ram(d, GUEST_RAM0_BASE, b.ram0_size, true);
	if (!rc && b.ram1_size)
		rc = domain_populate_ram(d, GUEST_RAM1_BASE, b.ram1_size, true);
	if (!rc)
		rc = load_images(d, &b, &ki);
	/* Zeroes and images, once each, before the guest runs (XSA-364). */
	if (!rc)
		domain_clean_ram(d);
	kernel_image_release(&ki);
	if (rc) {
		domain_destroy(d);
		goto fail;
	}
	next_domid++;
	printk("Domain %u (%s): %u vCPU(s), %lu MiB, p2m pool %lu KiB, kernel "
	       "at %#lx, DT at %#lx%s%s\n",
	       d->domain_id, d->name, b.vcpus,
	       (b.ram0_size + b.ram1_size) >> 20, b.p2m_pages << 2,
	       b.kernel_gpa, b.dtb_gpa, b.vpl011 ? ", vpl011" : "",
	       b.enhanced ? ", xen,enhanced" : "");
	arch_vcpu_reset(d->vcpus[0], b.kernel_entry, b.dtb_gpa);
	d->vcpus[0]->initialised = true;
	vcpu_wake(d->vcpus[0], VPF_DOWN);
	return 0;
fail:
	kernel_image_release(&ki);
	printk(HYPLOG_ERR "%s: cannot create the domain (error %d)\n", b.name,
	       rc);
	return rc;
}

unsigned int dom0less_create_domains(const struct fdt *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	unsigned int n = 0;
	int node;

	if (chosen < 0)
		return 0;
	fdt_for_each_subnode (node, fdt, chosen) {
		if (!fdt_node_check_compatible(fdt, node, "xen,domain"))
			continue;
		if (!build_one(fdt, node))
			n++;
	}
	return n;
}
