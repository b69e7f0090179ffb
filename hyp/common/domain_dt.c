/* SPDX-License-Identifier: MIT */
/*
 * Device trees for guests built by the hypervisor (dom0less domUs), with
 * Xen's guest layout and bindings (docs/misc/arm/device-tree/guest.txt):
 * memory, cpus, psci, GIC (phandle 65000), timer, /hypervisor, vpl011,
 * and a dom0less partial DT's /aliases and /passthrough.
 */
#include <hyp/domain_build.h>
#include <hyp/errno.h>
#include <hyp/fdt.h>
#include <hyp/fdt_wr.h>
#include <hyp/lib.h>
#include <hyp/vcpu_arch.h>
#include <public/arch-arm.h>
#include <public/device_tree_defs.h>

/* PPI specifier cells: <1 (intid - 16) flags>, flags 0xf08 = all CPUs,
 * level low, as Xen writes them. */
#define PPI_FLAGS 0xf08

/* A partial DT's /gic names the GIC's phandle (dom0less passthrough). */
static u32 gic_phandle(const struct domain_build *b)
{
	return b->gic_phandle ? b->gic_phandle : GUEST_PHANDLE_GIC;
}

static void ppi(u32 *cells, unsigned int intid)
{
	cells[0] = cpu_to_fdt32(1);
	cells[1] = cpu_to_fdt32(intid - 16);
	cells[2] = cpu_to_fdt32(PPI_FLAGS);
}

static int write_cpus(struct fdtw *w, const struct domain_build *b)
{
	unsigned int i;
	char name[32];

	fdtw_begin_node(w, "cpus");
	fdtw_property_u32(w, "#address-cells", 1);
	fdtw_property_u32(w, "#size-cells", 0);
	for (i = 0; i < b->vcpus; i++) {
		u32 mpidr = (u32)(vcpuid_to_vmpidr(i) & 0xffffff);

		snprintf(name, sizeof(name), "cpu@%x", mpidr);
		fdtw_begin_node(w, name);
		fdtw_property_string(w, "device_type", "cpu");
		fdtw_property_string(w, "compatible", "arm,armv8");
		fdtw_property_string(w, "enable-method", "psci");
		fdtw_property_u32(w, "reg", mpidr);
		fdtw_end_node(w);
	}
	return fdtw_end_node(w);
}

static int write_gic(struct fdtw *w, const struct domain_build *b)
{
	u64 reg[4];
	char name[48];

	snprintf(name, sizeof(name), "interrupt-controller@%lx",
		 (unsigned long)b->vgic.dist_base);
	fdtw_begin_node(w, name);
	if (b->vgic.version == 3) {
		fdtw_property_string(w, "compatible", "arm,gic-v3");
		reg[0] = b->vgic.dist_base;
		reg[1] = GUEST_GICV3_GICD_SIZE;
		reg[2] = b->vgic.redist_base;
		reg[3] = b->vgic.redist_size;
		fdtw_property_u32(w, "#redistributor-regions", 1);
	} else {
		const char *const compat[] = {"arm,gic-400"};

		fdtw_property_stringlist(w, "compatible", compat, 1);
		reg[0] = b->vgic.dist_base;
		reg[1] = GUEST_GICD_SIZE;
		reg[2] = b->vgic.cpu_base;
		reg[3] = b->vgic.cpu_size;
	}
	fdtw_property_u32(w, "#interrupt-cells", 3);
	fdtw_property_u32(w, "#address-cells", 0);
	fdtw_property_empty(w, "interrupt-controller");
	fdtw_property_reg(w, 2, 2, reg, 2);
	fdtw_property_u32(w, "phandle", gic_phandle(b));
	fdtw_property_u32(w, "linux,phandle", gic_phandle(b));
	return fdtw_end_node(w);
}

static int write_timer(struct fdtw *w, const struct domain_build *b)
{
	u32 irqs[9];

	fdtw_begin_node(w, "timer");
	fdtw_property_string(w, "compatible", "arm,armv8-timer");
	ppi(&irqs[0], GUEST_TIMER_PHYS_S_PPI);
	ppi(&irqs[3], GUEST_TIMER_PHYS_NS_PPI);
	ppi(&irqs[6], GUEST_TIMER_VIRT_PPI);
	fdtw_property(w, "interrupts", irqs, sizeof(irqs));
	fdtw_property_u32(w, "interrupt-parent", gic_phandle(b));
	return fdtw_end_node(w);
}

static int write_hypervisor(struct fdtw *w, const struct domain_build *b)
{
	const char *const compat[] = {"xen,xen-4.17", "xen,xen"};
	u64 reg[4] = {GUEST_GNTTAB_BASE, GUEST_GNTTAB_SIZE};
	int n = 1;
	u32 irq[3];

	/* An extended region: the rest of RAM bank 0's window, if large. */
	if (GUEST_RAM0_SIZE - b->ram0_size >= MB(64)) {
		reg[2] = GUEST_RAM0_BASE + ALIGN_UP(b->ram0_size, MB(2));
		reg[3] = GUEST_RAM0_BASE + GUEST_RAM0_SIZE - reg[2];
		n = 2;
	}
	fdtw_begin_node(w, "hypervisor");
	fdtw_property_stringlist(w, "compatible", compat, 2);
	fdtw_property_reg(w, 2, 2, reg, n);
	ppi(irq, GUEST_EVTCHN_PPI);
	fdtw_property(w, "interrupts", irq, sizeof(irq));
	fdtw_property_u32(w, "interrupt-parent", gic_phandle(b));
	return fdtw_end_node(w);
}

static int write_vpl011(struct fdtw *w, const struct domain_build *b)
{
	u64 reg[2] = {GUEST_PL011_BASE, GUEST_PL011_SIZE};
	u32 irq[3] = {cpu_to_fdt32(0), cpu_to_fdt32(GUEST_VPL011_SPI - 32),
		      cpu_to_fdt32(4)}; /* SPI, level high */
	char name[32];

	snprintf(name, sizeof(name), "sbsa-uart@%lx",
		 (unsigned long)GUEST_PL011_BASE);
	fdtw_begin_node(w, name);
	fdtw_property_string(w, "compatible", "arm,sbsa-uart");
	fdtw_property_reg(w, 2, 2, reg, 1);
	fdtw_property(w, "interrupts", irq, sizeof(irq));
	fdtw_property_u32(w, "interrupt-parent", gic_phandle(b));
	fdtw_property_u32(w, "current-speed", 115200);
	return fdtw_end_node(w);
}

static bool drop_xen_props(struct fdtw *w, const struct fdt *src, int node,
			   const char *name, const void *val, int len,
			   void *arg)
{
	return strcmp(name, "xen,reg") && strcmp(name, "xen,path") &&
	       strcmp(name, "xen,force-assign-without-iommu");
}

static int copy_root_node(struct fdtw *w, const struct domain_build *b,
			  int node, const struct fdtw_copy_ops *ops)
{
	int rc = fdtw_begin_node(w, fdt_get_name(&b->pfdt, node, NULL));

	if (!rc)
		rc = fdtw_copy_node(w, &b->pfdt, node, ops);
	if (!rc)
		rc = fdtw_end_node(w);
	return rc;
}

/*
 * The partial DT's /aliases and /passthrough (Xen's libxl and dom0less
 * builder copy these two), without the xen,* assignment properties.
 */
static int write_partial(struct fdtw *w, const struct domain_build *b)
{
	static const struct fdtw_copy_ops pt_ops = {
		.prop = drop_xen_props,
		.recurse = true,
	};
	static const struct fdtw_copy_ops alias_ops = {.recurse = true};
	int rc = 0;

	if (!b->has_pfdt)
		return 0;
	if (b->pfdt_aliases >= 0)
		rc = copy_root_node(w, b, b->pfdt_aliases, &alias_ops);
	if (!rc && b->pfdt_passthrough >= 0)
		rc = copy_root_node(w, b, b->pfdt_passthrough, &pt_ops);
	return rc;
}

int domain_build_dt(struct domain_build *b, void *buf, size_t size, size_t *len)
{
	const char *const psci_compat[] = {"arm,psci-1.0", "arm,psci-0.2",
					   "arm,psci"};
	struct fdtw w;
	u64 mem[4];
	int nmem = 1;

	fdtw_init(&w, buf, size);
	fdtw_begin_node(&w, "");
	fdtw_property_u32(&w, "#address-cells", 2);
	fdtw_property_u32(&w, "#size-cells", 2);
	fdtw_property_u32(&w, "interrupt-parent", gic_phandle(b));

	fdtw_begin_node(&w, "chosen");
	if (b->cmdline[0])
		fdtw_property_string(&w, "bootargs", b->cmdline);
	if (b->ramdisk_size) {
		fdtw_property_u64(&w, "linux,initrd-start", b->ramdisk_gpa);
		fdtw_property_u64(&w, "linux,initrd-end",
				  b->ramdisk_gpa + b->ramdisk_size);
	}
	fdtw_end_node(&w);

	fdtw_begin_node(&w, "psci");
	fdtw_property_stringlist(&w, "compatible", psci_compat, 3);
	fdtw_property_string(&w, "method", "hvc");
	fdtw_property_u32(&w, "cpu_off", 0x84000002);
	fdtw_property_u32(&w, "cpu_on", 0xc4000003);
	fdtw_end_node(&w);

	write_cpus(&w, b);

	mem[0] = GUEST_RAM0_BASE;
	mem[1] = b->ram0_size;
	if (b->ram1_size) {
		mem[2] = GUEST_RAM1_BASE;
		mem[3] = b->ram1_size;
		nmem = 2;
	}
	fdtw_begin_node(&w, "memory@40000000");
	fdtw_property_string(&w, "device_type", "memory");
	fdtw_property_reg(&w, 2, 2, mem, nmem);
	fdtw_end_node(&w);

	write_gic(&w, b);
	write_timer(&w, b);
	if (b->vpl011)
		write_vpl011(&w, b);
	if (b->enhanced)
		write_hypervisor(&w, b);
	write_partial(&w, b);
	fdtw_end_node(&w);
	return fdtw_finish(&w, len);
}
