/* SPDX-License-Identifier: MIT */
/*
 * The guest device tree, as libxl writes it for an Arm domU (Xen's guest
 * layout, public/arch-arm.h): memory (a node per RAM bank), cpus, psci (hvc), the GIC of the
 * domain's version, the architected timer, /hypervisor (grant-table
 * window and event-channel PPI), chosen (bootargs, initrd), the vpl011
 * and a device_tree= partial DT's /passthrough and /aliases.
 * Interrupt specifiers use the GIC binding's three cells: type (0 SPI,
 * 1 PPI), number relative to the type, flags (trigger | CPU mask << 8).
 */
#include <stdio.h>

#include "dombuild.h"
#include "fdtpartial.h"
#include "fdtw.h"

#define GIC_PHANDLE 65000
#define DT_IRQ_TYPE_EDGE_RISING 1
#define DT_IRQ_TYPE_LEVEL_HIGH 4
#define DT_IRQ_TYPE_LEVEL_LOW 8
#define PPI_FLAGS (0xf00 | DT_IRQ_TYPE_LEVEL_LOW)

/* PSCI 0.2 function ids (SMCCC 64-bit where it matters). */
#define PSCI_CPU_OFF 0x84000002U
#define PSCI_CPU_ON_64 0xc4000003U

static void reg2(struct fdtw *w, uint64_t a, uint64_t s)
{
	uint32_t c[4] = {(uint32_t)(a >> 32), (uint32_t)a, (uint32_t)(s >> 32),
			 (uint32_t)s};

	fdtw_prop_cells(w, "reg", c, 4);
}

static void ppi(uint32_t *c, unsigned int intid)
{
	c[0] = 1;
	c[1] = intid - 16;
	c[2] = PPI_FLAGS;
}

static void gic_node(struct fdtw *w, unsigned int version)
{
	char name[64];

	snprintf(name, sizeof(name), "interrupt-controller@%llx",
		 (unsigned long long)GUEST_GICD_BASE);
	fdtw_begin_node(w, name);
	if (version == 3) {
		static const char *const compat[] = {"arm,gic-v3", NULL};
		uint32_t c[8] = {
			(uint32_t)(GUEST_GICV3_GICD_BASE >> 32),
			(uint32_t)GUEST_GICV3_GICD_BASE,
			(uint32_t)(GUEST_GICV3_GICD_SIZE >> 32),
			(uint32_t)GUEST_GICV3_GICD_SIZE,
			(uint32_t)(GUEST_GICV3_GICR0_BASE >> 32),
			(uint32_t)GUEST_GICV3_GICR0_BASE,
			(uint32_t)(GUEST_GICV3_GICR0_SIZE >> 32),
			(uint32_t)GUEST_GICV3_GICR0_SIZE,
		};

		fdtw_prop_strs(w, "compatible", compat);
		fdtw_prop_u32(w, "#redistributor-regions",
			      GUEST_GICV3_RDIST_REGIONS);
		fdtw_prop_cells(w, "reg", c, 8);
	} else {
		static const char *const compat[] = {"arm,cortex-a15-gic",
						     "arm,cortex-a9-gic", NULL};
		uint32_t c[8] = {
			(uint32_t)(GUEST_GICD_BASE >> 32),
			(uint32_t)GUEST_GICD_BASE,
			(uint32_t)(GUEST_GICD_SIZE >> 32),
			(uint32_t)GUEST_GICD_SIZE,
			(uint32_t)(GUEST_GICC_BASE >> 32),
			(uint32_t)GUEST_GICC_BASE,
			(uint32_t)(GUEST_GICC_SIZE >> 32),
			(uint32_t)GUEST_GICC_SIZE,
		};

		fdtw_prop_strs(w, "compatible", compat);
		fdtw_prop_cells(w, "reg", c, 8);
	}
	fdtw_prop_u32(w, "#interrupt-cells", 3);
	fdtw_prop_u32(w, "#address-cells", 0);
	fdtw_prop_empty(w, "interrupt-controller");
	fdtw_prop_u32(w, "linux,phandle", GIC_PHANDLE);
	fdtw_prop_u32(w, "phandle", GIC_PHANDLE);
	fdtw_end_node(w);
}

unsigned int dombuild_ram_banks(uint64_t memory_mb,
				uint64_t base[GUEST_RAM_BANKS],
				uint64_t size[GUEST_RAM_BANKS])
{
	static const uint64_t bases[] = GUEST_RAM_BANK_BASES;
	static const uint64_t sizes[] = GUEST_RAM_BANK_SIZES;
	uint64_t left = memory_mb << 20;
	unsigned int n = 0;

	for (unsigned int i = 0; i < GUEST_RAM_BANKS; i++)
		base[i] = size[i] = 0;
	if (!memory_mb || memory_mb > (GUEST_RAM_MAX >> 20))
		return 0;
	for (unsigned int i = 0; i < GUEST_RAM_BANKS && left; i++) {
		base[i] = bases[i];
		size[i] = left < sizes[i] ? left : sizes[i];
		left -= size[i];
		n++;
	}
	return n;
}

void *dombuild_dt(const struct xl_domcfg *cfg, const struct dom_result *r,
		  uint32_t clock_frequency, const struct dom_partial *pfdt,
		  size_t *len)
{
	static const char *const root_compat[] = {"xen,xenvm-4.17", "xen,xenvm",
						  NULL};
	static const char *const psci_compat[] = {
		"arm,psci-1.0", "arm,psci-0.2", "arm,psci", NULL};
	static const char *const hyp_compat[] = {"xen,xen-4.17", "xen,xen",
						 NULL};
	struct fdtw w;
	char name[64];
	uint32_t ints[12];
	uint64_t bank_base[GUEST_RAM_BANKS], bank_size[GUEST_RAM_BANKS];
	unsigned int nbanks;
	int err;

	fdtw_init(&w);
	fdtw_begin_node(&w, "");
	fdtw_prop_strs(&w, "compatible", root_compat);
	fdtw_prop_str(&w, "model", "XENVM-4.17");
	fdtw_prop_u32(&w, "interrupt-parent", GIC_PHANDLE);
	fdtw_prop_u32(&w, "#address-cells", 2);
	fdtw_prop_u32(&w, "#size-cells", 2);

	fdtw_begin_node(&w, "chosen");
	if (cfg->cmdline[0])
		fdtw_prop_str(&w, "bootargs", cfg->cmdline);
	if (r->ramdisk_size) {
		fdtw_prop_u64(&w, "linux,initrd-start", r->ramdisk_addr);
		fdtw_prop_u64(&w, "linux,initrd-end",
			      r->ramdisk_addr + r->ramdisk_size);
	}
	fdtw_end_node(&w);

	fdtw_begin_node(&w, "cpus");
	fdtw_prop_u32(&w, "#address-cells", 1);
	fdtw_prop_u32(&w, "#size-cells", 0);
	for (unsigned int i = 0; i < cfg->maxvcpus; i++) {
		/* Xen's vMPIDR: 16 vCPUs per cluster (Aff0 = id % 16). */
		uint32_t mpidr = ((i / 16) << 8) | (i % 16);

		snprintf(name, sizeof(name), "cpu@%x", mpidr);
		fdtw_begin_node(&w, name);
		fdtw_prop_str(&w, "device_type", "cpu");
		fdtw_prop_str(&w, "compatible", "arm,armv8");
		fdtw_prop_str(&w, "enable-method", "psci");
		fdtw_prop_u32(&w, "reg", mpidr);
		fdtw_end_node(&w);
	}
	fdtw_end_node(&w);

	fdtw_begin_node(&w, "psci");
	fdtw_prop_strs(&w, "compatible", psci_compat);
	fdtw_prop_str(&w, "method", "hvc");
	fdtw_prop_u32(&w, "cpu_off", PSCI_CPU_OFF);
	fdtw_prop_u32(&w, "cpu_on", PSCI_CPU_ON_64);
	fdtw_end_node(&w);

	/* A node per bank in use, as libxl's make_memory_nodes. */
	nbanks = dombuild_ram_banks(cfg->memory_mb, bank_base, bank_size);
	for (unsigned int i = 0; i < nbanks; i++) {
		snprintf(name, sizeof(name), "memory@%llx",
			 (unsigned long long)bank_base[i]);
		fdtw_begin_node(&w, name);
		fdtw_prop_str(&w, "device_type", "memory");
		reg2(&w, bank_base[i], bank_size[i]);
		fdtw_end_node(&w);
	}

	gic_node(&w, r->gic_version);

	fdtw_begin_node(&w, "timer");
	fdtw_prop_str(&w, "compatible", "arm,armv8-timer");
	ppi(&ints[0], GUEST_TIMER_PHYS_S_PPI);
	ppi(&ints[3], GUEST_TIMER_PHYS_NS_PPI);
	ppi(&ints[6], GUEST_TIMER_VIRT_PPI);
	ppi(&ints[9], 26); /* EL2 physical timer: never used by a guest */
	fdtw_prop_cells(&w, "interrupts", ints, 12);
	if (clock_frequency)
		fdtw_prop_u32(&w, "clock-frequency", clock_frequency);
	fdtw_end_node(&w);

	/* Linux finds Xen by this exact node name (no unit address). */
	fdtw_begin_node(&w, "hypervisor");
	fdtw_prop_strs(&w, "compatible", hyp_compat);
	reg2(&w, GUEST_GNTTAB_BASE, GUEST_GNTTAB_SIZE);
	ppi(ints, GUEST_EVTCHN_PPI);
	fdtw_prop_cells(&w, "interrupts", ints, 3);
	fdtw_end_node(&w);

	if (cfg->vuart) {
		snprintf(name, sizeof(name), "sbsa-uart@%llx",
			 (unsigned long long)GUEST_PL011_BASE);
		fdtw_begin_node(&w, name);
		fdtw_prop_str(&w, "compatible", "arm,sbsa-uart");
		reg2(&w, GUEST_PL011_BASE, GUEST_PL011_SIZE);
		ints[0] = 0;
		ints[1] = GUEST_VPL011_SPI - 32;
		ints[2] = DT_IRQ_TYPE_LEVEL_HIGH;
		fdtw_prop_cells(&w, "interrupts", ints, 3);
		fdtw_prop_u32(&w, "current-speed", 115200);
		fdtw_end_node(&w);
	}

	/* Last, as libxl: the nodes rely on the root's interrupt-parent. */
	if (pfdt && pfdt->blob)
		fdt_partial_copy(&w, pfdt->blob, pfdt->len);

	fdtw_end_node(&w);
	return fdtw_finish(&w, len, &err);
}
