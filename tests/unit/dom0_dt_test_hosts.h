/* SPDX-License-Identifier: MIT */
/*
 * Hand-made host trees for the dom0 device tree tests: a minimal one with
 * options that break it in one way each (build_min), and a rich GICv3 one
 * with every kind of node the filtering rules are about (build_rich).
 * Include after dom0_dt_test_util.h.
 */
#ifndef DOM0_DT_TEST_HOSTS_H
#define DOM0_DT_TEST_HOSTS_H

#include "dom0_dt_test_util.h"

/* ---- hand-made hosts ---- */

/* A reg property of n <address size> pairs with ac / sc cells. */
static inline void tb_reg(struct tb *b, const char *name, int ac, int sc, int n,
			  const uint64_t *v)
{
	uint8_t buf[512];
	int i, j, p = 0;

	for (i = 0; i < 2 * n; i++)
		for (j = (i % 2 ? sc : ac) - 1; j >= 0; j--, p += 4)
			tu_put32(buf + p, (uint32_t)(v[i] >> (32 * j)));
	tb_prop(b, name, buf, (size_t)p);
}

#define REG(b, ac, sc, ...)                                            \
	do {                                                           \
		const uint64_t v_[] = {__VA_ARGS__};                   \
		tb_reg(b, "reg", ac, sc, (int)ARRAY_SIZE(v_) / 2, v_); \
	} while (0)

/* Options of the small host tree. */
#define MIN_NO_GIC (1U << 0)
#define MIN_NO_TIMER (1U << 1)
#define MIN_NO_CPUS (1U << 2)
#define MIN_NO_CHOSEN (1U << 3)
#define MIN_BAD_IRQ_LEN (1U << 4)
#define MIN_DANGLING_PARENT (1U << 5)
#define MIN_TIMER_SPI (1U << 6)
#define MIN_GIC_NO_PHANDLE (1U << 7)
#define MIN_BAD_PCI_MAP (1U << 8)
#define MIN_NAME_CLASH (1U << 9)

/*
 * A small GICv2 host with root cells ac / sc: /chosen, one CPU, a GIC at
 * 0x8000000, a timer, a UART and a device.
 */
static inline void build_min(struct host *h, int ac, int sc, unsigned int opts)
{
	struct tb *b = tb_new();

	tb_begin(b, "");
	tb_prop_cells(b, "#address-cells", 1, ac);
	tb_prop_cells(b, "#size-cells", 1, sc);
	tb_prop_str(b, "compatible", "test,min");
	tb_prop_cells(b, "interrupt-parent", 1, 1);
	if (!(opts & MIN_NO_CHOSEN)) {
		tb_begin(b, "chosen");
		tb_prop_str(b, "bootargs", "host args");
		tb_end(b);
	}
	if (!(opts & MIN_NO_CPUS)) {
		tb_begin(b, "cpus");
		tb_prop_cells(b, "#address-cells", 1, 1);
		tb_prop_cells(b, "#size-cells", 1, 0);
		tb_begin(b, "cpu@0");
		tb_prop_str(b, "device_type", "cpu");
		tb_prop_str(b, "compatible", "arm,cortex-a53");
		tb_prop_cells(b, "reg", 1, 0);
		tb_end(b);
		tb_end(b);
	}
	if (!(opts & MIN_NO_GIC)) {
		tb_begin(b, "interrupt-controller@8000000");
		tb_prop_str(b, "compatible", "arm,gic-400");
		tb_prop_cells(b, "#interrupt-cells", 1, 3);
		tb_prop_cells(b, "#address-cells", 1, 0);
		tb_prop(b, "interrupt-controller", NULL, 0);
		REG(b, ac, sc, 0x8000000, 0x10000, 0x8010000, 0x10000,
		    0x8030000, 0x10000, 0x8040000, 0x10000);
		if (!(opts & MIN_GIC_NO_PHANDLE))
			tb_prop_cells(b, "phandle", 1, 1);
		tb_end(b);
	}
	if (!(opts & MIN_NO_TIMER)) {
		tb_begin(b, "timer");
		tb_prop_str(b, "compatible", "arm,armv7-timer");
		if (opts & MIN_TIMER_SPI)
			tb_prop_cells(b, "interrupts", 9, 1, 13, 8, 0, 14, 8, 1,
				      11, 8);
		else
			tb_prop_cells(b, "interrupts", 12, 1, 13, 8, 1, 14, 8,
				      1, 11, 8, 1, 10, 8);
		tb_end(b);
	}
	tb_begin(b, "serial@9000000");
	tb_prop_str(b, "compatible", "arm,pl011");
	REG(b, ac, sc, 0x9000000, 0x1000);
	tb_prop_cells(b, "interrupts", 3, 0, 1, 4);
	tb_end(b);
	tb_begin(b, "dev@a000000");
	tb_prop_str(b, "compatible", "test,dev");
	REG(b, ac, sc, 0xa000000, 0x1000);
	if (opts & MIN_BAD_IRQ_LEN)
		tb_prop_cells(b, "interrupts", 2, 0, 5);
	else
		tb_prop_cells(b, "interrupts", 3, 0, 5, 4);
	if (opts & MIN_DANGLING_PARENT)
		tb_prop_cells(b, "interrupt-parent", 1, 0x77);
	tb_end(b);
	if (opts & MIN_BAD_PCI_MAP) {
		tb_begin(b, "pcie@10000000");
		tb_prop_str(b, "device_type", "pci");
		tb_prop_cells(b, "#address-cells", 1, 3);
		tb_prop_cells(b, "#size-cells", 1, 2);
		tb_prop_cells(b, "#interrupt-cells", 1, 1);
		tb_prop_cells(b, "interrupt-map", 5, 0, 0, 0, 1, 1);
		tb_end(b);
	}
	if (opts & MIN_NAME_CLASH) {
		/* Names the generated nodes take; none is what it says. */
		tb_begin(b, "hypervisor");
		tb_prop_str(b, "compatible", "test,not-xen");
		tb_end(b);
		tb_begin(b, "psci");
		tb_prop_str(b, "compatible", "test,not-psci");
		tb_end(b);
		tb_begin(b, "memory@40000000");
		tb_prop_str(b, "compatible", "test,not-memory");
		tb_end(b);
	}
	tb_end(b);
	host_from_tb(h, b);
	tb_free(b);
}

static const struct membank min_bank = {.start = {0x40000000},
					.size = 0x10000000};

static inline void min_config(struct dom0_dt_config *cfg, struct host *h)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->banks = &min_bank;
	cfg->nr_banks = 1;
	cfg->nr_vcpus = 1;
	cfg->evtchn_ppi = 16;
	cfg->gnttab.start = pa_init(0x38000000);
	cfg->gnttab.size = 0x1000000;
	h->hidden[0] = node_at(&h->fdt, "/serial@9000000");
	cfg->hidden = h->hidden;
	cfg->nr_hidden = 1;
}

/*
 * A GICv3 host with every kind of node the rules are about; ac / sc 2.
 * Phandles: 1 GIC, 2 ITS, 5 GPIO, 6 SMMU.
 */
static inline void build_rich(struct host *h)
{
	struct tb *b = tb_new();

	tb_begin(b, "");
	tb_prop_cells(b, "#address-cells", 1, 2);
	tb_prop_cells(b, "#size-cells", 1, 2);
	tb_prop_str(b, "compatible", "test,rich");
	tb_prop_str(b, "model", "rich");
	tb_prop_cells(b, "interrupt-parent", 1, 1);

	tb_begin(b, "chosen");
	tb_prop_str(b, "bootargs", "host");
	tb_prop_str(b, "xen,xen-bootargs", "xen");
	tb_prop_str(b, "xen,dom0-bootargs", "dom0");
	tb_prop_str(b, "stdout-path", "serial0:115200n8");
	tb_prop_cells(b, "linux,initrd-start", 2, 0, 0x50000000);
	tb_prop_cells(b, "linux,initrd-end", 2, 0, 0x50100000);
	tb_prop_cells(b, "linux,uefi-system-table", 2, 0, 0x1000);
	tb_prop_cells(b, "linux,uefi-mmap-start", 2, 0, 0x2000);
	tb_prop_cells(b, "kaslr-seed", 2, 1, 2);
	tb_begin(b, "module@51000000");
	tb_prop(b, "compatible", "multiboot,kernel\0multiboot,module", 34);
	REG(b, 2, 2, 0x51000000, 0x1000);
	tb_end(b);
	tb_begin(b, "module@52000000");
	tb_prop_str(b, "compatible", "xen,multiboot-module");
	REG(b, 2, 2, 0x52000000, 0x1000);
	tb_end(b);
	tb_begin(b, "domU1");
	tb_prop_str(b, "compatible", "xen,domain");
	tb_prop_cells(b, "cpus", 1, 1);
	tb_prop_cells(b, "#address-cells", 1, 2);
	tb_prop_cells(b, "#size-cells", 1, 2);
	tb_begin(b, "module@53000000");
	tb_prop(b, "compatible", "multiboot,kernel\0multiboot,module", 34);
	REG(b, 2, 2, 0x53000000, 0x1000);
	tb_end(b);
	tb_end(b);
	tb_end(b);

	tb_begin(b, "aliases");
	tb_prop_str(b, "serial0", "/serial@9000000");
	tb_end(b);

	tb_begin(b, "cpus");
	tb_prop_cells(b, "#address-cells", 1, 1);
	tb_prop_cells(b, "#size-cells", 1, 0);
	tb_begin(b, "cpu-map");
	tb_end(b);
	tb_begin(b, "cpu@0");
	tb_prop_str(b, "device_type", "cpu");
	tb_prop(b, "compatible", "arm,cortex-a72\0arm,armv8", 25);
	tb_prop_cells(b, "reg", 1, 0);
	tb_prop_cells(b, "clock-frequency", 1, 1000000000);
	tb_prop_str(b, "enable-method", "psci");
	tb_end(b);
	tb_end(b);

	tb_begin(b, "memory@80000000");
	tb_prop_str(b, "device_type", "memory");
	REG(b, 2, 2, 0x80000000, 0x80000000);
	tb_end(b);

	tb_begin(b, "reserved-memory");
	tb_prop_cells(b, "#address-cells", 1, 2);
	tb_prop_cells(b, "#size-cells", 1, 2);
	tb_prop(b, "ranges", NULL, 0);
	tb_begin(b, "shm@c0000000");
	REG(b, 2, 2, 0xc0000000, 0x100000);
	tb_prop(b, "no-map", NULL, 0);
	tb_end(b);
	tb_begin(b, "fw@c1000000");
	REG(b, 2, 2, 0xc1000000, 0x200000, 0xc2000000, 0x1000);
	tb_end(b);
	tb_begin(b, "off@c3000000");
	REG(b, 2, 2, 0xc3000000, 0x1000);
	tb_prop_str(b, "status", "disabled");
	tb_end(b);
	tb_end(b);

	tb_begin(b, "psci");
	tb_prop_str(b, "compatible", "arm,psci-0.2");
	tb_prop_str(b, "method", "smc");
	tb_end(b);

	tb_begin(b, "hypervisor");
	tb_prop(b, "compatible", "xen,xen-4.17\0xen,xen", 21);
	tb_end(b);

	tb_begin(b, "interrupt-controller@8000000");
	tb_prop_str(b, "compatible", "arm,gic-v3");
	tb_prop_cells(b, "#interrupt-cells", 1, 3);
	tb_prop_cells(b, "#address-cells", 1, 2);
	tb_prop_cells(b, "#size-cells", 1, 2);
	tb_prop(b, "ranges", NULL, 0);
	tb_prop(b, "interrupt-controller", NULL, 0);
	/* GICD, three regions of two redistributors, GICC, GICH, GICV. */
	REG(b, 2, 2, 0x8000000, 0x10000, 0x80a0000, 0x40000, 0x9a00000, 0x40000,
	    0x9b00000, 0x40000, 0x8100000, 0x2000, 0x8110000, 0x2000, 0x8120000,
	    0x2000);
	tb_prop_cells(b, "#redistributor-regions", 1, 3);
	tb_prop_cells(b, "redistributor-stride", 2, 0, 0x20000);
	tb_prop_cells(b, "interrupts", 3, 1, 9, 4);
	tb_prop_cells(b, "phandle", 1, 1);
	tb_begin(b, "its@8080000");
	tb_prop_str(b, "compatible", "arm,gic-v3-its");
	tb_prop(b, "msi-controller", NULL, 0);
	REG(b, 2, 2, 0x8080000, 0x20000);
	tb_prop_cells(b, "phandle", 1, 2);
	tb_end(b);
	tb_end(b);

	tb_begin(b, "interrupt-controller@2c000000");
	tb_prop_str(b, "compatible", "arm,gic-400");
	tb_prop_cells(b, "#interrupt-cells", 1, 3);
	tb_prop(b, "interrupt-controller", NULL, 0);
	REG(b, 2, 2, 0x2c000000, 0x1000, 0x2c002000, 0x2000);
	tb_end(b);

	tb_begin(b, "timer");
	tb_prop(b, "compatible", "arm,armv8-timer\0arm,armv7-timer", 32);
	tb_prop_cells(b, "interrupts", 12, 1, 13, 8, 1, 14, 8, 1, 11, 8, 1, 10,
		      8);
	tb_prop_cells(b, "clock-frequency", 1, 62500000);
	tb_prop(b, "always-on", NULL, 0);
	tb_end(b);

	tb_begin(b, "timer@2a810000");
	tb_prop_str(b, "compatible", "arm,armv7-timer-mem");
	REG(b, 2, 2, 0x2a810000, 0x10000);
	tb_end(b);

	/* SPI-based PMU: dropped by compatible, not by PPI. */
	tb_begin(b, "pmu");
	tb_prop_str(b, "compatible", "arm,cortex-a72-pmu");
	tb_prop_cells(b, "interrupts", 3, 0, 7, 4);
	tb_end(b);

	tb_begin(b, "serial@9000000");
	tb_prop_str(b, "compatible", "arm,pl011");
	REG(b, 2, 2, 0x9000000, 0x1000);
	tb_prop_cells(b, "interrupts", 3, 0, 1, 4);
	tb_end(b);

	tb_begin(b, "ppi@a0000000");
	tb_prop_str(b, "compatible", "test,ppi");
	REG(b, 2, 2, 0xa0000000, 0x1000);
	tb_prop_cells(b, "interrupts", 6, 0, 3, 4, 1, 5, 4);
	tb_end(b);

	tb_begin(b, "ext@a1000000");
	tb_prop_str(b, "compatible", "test,ext");
	REG(b, 2, 2, 0xa1000000, 0x1000);
	/* GIC SPI 20, a GPIO line, the same SPI again. */
	tb_prop_cells(b, "interrupts-extended", 11, 1, 0, 20, 4, 5, 3, 1, 1, 0,
		      20, 4);
	tb_end(b);

	tb_begin(b, "gpio@a2000000");
	tb_prop_str(b, "compatible", "test,gpio");
	REG(b, 2, 2, 0xa2000000, 0x1000);
	tb_prop(b, "interrupt-controller", NULL, 0);
	tb_prop_cells(b, "#interrupt-cells", 1, 2);
	tb_prop_cells(b, "#address-cells", 1, 0);
	tb_prop_cells(b, "interrupts", 3, 0, 21, 4);
	tb_prop_cells(b, "phandle", 1, 5);
	tb_end(b);

	tb_begin(b, "button");
	tb_prop_str(b, "compatible", "test,button");
	tb_prop_cells(b, "interrupt-parent", 1, 5);
	tb_prop_cells(b, "interrupts", 2, 3, 1);
	tb_end(b);

	tb_begin(b, "pt@a3000000");
	tb_prop_str(b, "compatible", "test,pt");
	REG(b, 2, 2, 0xa3000000, 0x1000);
	tb_prop_cells(b, "interrupts", 3, 0, 22, 4);
	tb_prop(b, "xen,passthrough", NULL, 0);
	tb_prop_str(b, "status", "okay");
	tb_end(b);

	tb_begin(b, "off@a4000000");
	tb_prop_str(b, "compatible", "test,off");
	REG(b, 2, 2, 0xa4000000, 0x1000);
	tb_prop_cells(b, "interrupts", 3, 0, 23, 4);
	tb_prop_str(b, "status", "disabled");
	tb_end(b);

	tb_begin(b, "iommu@a5000000");
	tb_prop_str(b, "compatible", "arm,smmu-v3");
	REG(b, 2, 2, 0xa5000000, 0x20000);
	tb_prop_cells(b, "interrupts", 3, 0, 24, 1);
	tb_prop_cells(b, "#iommu-cells", 1, 1);
	tb_prop_cells(b, "phandle", 1, 6);
	tb_end(b);

	tb_begin(b, "dma@a6000000");
	tb_prop_str(b, "compatible", "test,dma");
	REG(b, 2, 2, 0xa6000000, 0x1000);
	tb_prop_cells(b, "iommus", 2, 6, 0x10);
	tb_prop_cells(b, "interrupts", 6, 0, 25, 4, 2, 3, 1);
	tb_end(b);

	tb_begin(b, "bus@b0000000");
	tb_prop(b, "compatible", "simple-bus", 11);
	tb_prop_cells(b, "#address-cells", 1, 1);
	tb_prop_cells(b, "#size-cells", 1, 1);
	tb_prop_cells(b, "ranges", 4, 0, 0, 0xb0000000, 0x100000);
	tb_begin(b, "dev@1000");
	tb_prop_str(b, "compatible", "test,busdev");
	REG(b, 1, 1, 0x1000, 0x100);
	tb_prop_cells(b, "interrupts", 3, 0, 26, 4);
	tb_end(b);
	tb_begin(b, "i2c@2000");
	tb_prop_str(b, "compatible", "test,i2c");
	REG(b, 1, 1, 0x2000, 0x100);
	tb_prop_cells(b, "#address-cells", 1, 1);
	tb_prop_cells(b, "#size-cells", 1, 0);
	tb_begin(b, "eeprom@50");
	tb_prop_str(b, "compatible", "test,eeprom");
	tb_prop_cells(b, "reg", 1, 0x50);
	tb_end(b);
	tb_end(b);
	tb_begin(b, "memory@3000");
	tb_prop_str(b, "device_type", "memory");
	REG(b, 1, 1, 0x3000, 0x1000);
	tb_end(b);
	tb_end(b);

	tb_begin(b, "pcie@40000000");
	tb_prop_str(b, "compatible", "pci-host-ecam-generic");
	tb_prop_str(b, "device_type", "pci");
	tb_prop_cells(b, "#address-cells", 1, 3);
	tb_prop_cells(b, "#size-cells", 1, 2);
	tb_prop_cells(b, "#interrupt-cells", 1, 1);
	REG(b, 2, 2, 0x40000000, 0x1000000);
	tb_prop_cells(b, "ranges", 14, 0x1000000, 0, 0, 0, 0x3eff0000, 0,
		      0x10000, 0x2000000, 0, 0x20000000, 0, 0x20000000, 0,
		      0x10000000);
	tb_prop_cells(b, "interrupt-map-mask", 4, 0x1800, 0, 0, 7);
	/* Two entries on the GIC (one SPI twice), one on the GPIO. */
	tb_prop_cells(b, "interrupt-map", 27, 0, 0, 0, 1, 1, 0, 0, 0, 3, 4,
		      0x800, 0, 0, 1, 1, 0, 0, 0, 3, 4, 0x1000, 0, 0, 1, 5, 7,
		      1);
	tb_prop_cells(b, "iommu-map", 4, 0, 6, 0, 0x10000);
	tb_prop_cells(b, "iommu-map-mask", 1, 0);
	tb_begin(b, "ep@0");
	tb_prop_cells(b, "reg", 5, 0, 0, 0, 0, 0);
	tb_end(b);
	tb_end(b);

	tb_begin(b, "blob");
	tb_prop_str(b, "compatible", "xen,xen");
	tb_end(b);
	tb_end(b);
	host_from_tb(h, b);
	tb_free(b);
}

static const struct membank rich_banks[] = {
	{.start = {0x80000000}, .size = 0x20000000},
};

static inline void rich_config(struct dom0_dt_config *cfg, struct host *h,
			       unsigned int vcpus)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->banks = rich_banks;
	cfg->nr_banks = 1;
	cfg->nr_vcpus = vcpus;
	cfg->bootargs = "dom0 args";
	cfg->evtchn_ppi = 19;
	cfg->gnttab.start = pa_init(0x38000000);
	cfg->gnttab.size = 0x40000;
	h->hidden[0] = node_at(&h->fdt, "/serial@9000000");
	cfg->hidden = h->hidden;
	cfg->nr_hidden = 1;
	cfg->hide_iommus = true;
}

#endif
