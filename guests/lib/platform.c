/* SPDX-License-Identifier: MIT */
/* Collect RAM, vCPUs, GIC, UART and Xen details from the DT. */
#include <fdt.h>
#include <lib.h>
#include <platform.h>
#include <xen/abi.h>

struct platform platform;

static void find_memory(void)
{
	int n;

	for (n = fdt_first_child(fdt_root()); n >= 0; n = fdt_next_sibling(n)) {
		u32 len;
		const char *type = fdt_prop(n, "device_type", &len);
		unsigned int i;
		u64 base, size;

		if (!type || strcmp(type, "memory"))
			continue;
		for (i = 0; fdt_reg(n, i, &base, &size); i++) {
			if (!size)
				continue;
			if (!platform.ram_size) {
				platform.ram_base = base;
				platform.ram_size = size;
			}
			platform.ram_total += size;
		}
	}
}

static void find_cpus(void)
{
	int cpus = fdt_path("/cpus"), n;
	u32 ac = fdt_address_cells(cpus);

	for (n = fdt_first_child(cpus); n >= 0; n = fdt_next_sibling(n)) {
		u32 len;
		const char *type = fdt_prop(n, "device_type", &len);
		const u8 *reg = fdt_prop(n, "reg", &len);
		u64 mpidr;

		if (!type || strcmp(type, "cpu") || !reg || len < 4 * ac)
			continue;
		mpidr = fdt32(reg);
		if (ac == 2)
			mpidr = (mpidr << 32) | fdt32(reg + 4);
		if (platform.nr_cpus < MAX_CPUS)
			platform.mpidr[platform.nr_cpus++] = mpidr;
		platform.nr_cpus_dt++;
	}
}

static void find_gic(void)
{
	static const char *const v2[] = {"arm,gic-400", "arm,cortex-a15-gic",
					 "arm,cortex-a9-gic"};
	unsigned int i;
	int n = fdt_find_compatible(-1, "arm,gic-v3");

	if (n >= 0) {
		platform.gic_version = 3;
		fdt_reg(n, 0, &platform.gicd_base, &platform.gicd_size);
		fdt_reg(n, 1, &platform.gicr_base, &platform.gicr_size);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(v2); i++) {
		n = fdt_find_compatible(-1, v2[i]);
		if (n >= 0) {
			platform.gic_version = 2;
			fdt_reg(n, 0, &platform.gicd_base, &platform.gicd_size);
			fdt_reg(n, 1, &platform.gicc_base, &platform.gicc_size);
			return;
		}
	}
}

static void find_uart(void)
{
	u64 size;
	u32 len;
	int n = fdt_find_compatible(-1, "arm,sbsa-uart");
	const u8 *irq;

	if (n < 0)
		n = fdt_find_compatible(-1, "arm,pl011");
	if (n < 0 || !fdt_reg(n, 0, &platform.uart_base, &size))
		return;
	irq = fdt_prop(n, "interrupts", &len);
	if (irq && len >= 12 && fdt32(irq) == 0)
		platform.uart_spi = fdt32(irq + 4) + 32;
}

static void find_xen(void)
{
	int n = fdt_path("/hypervisor");
	u32 len;
	const u8 *irq;

	platform.evtchn_ppi = GUEST_EVTCHN_PPI;
	if (n < 0 || !fdt_prop_has_string(n, "compatible", "xen,xen"))
		return;
	platform.hypervisor_node = true;
	fdt_reg(n, 0, &platform.gnttab_base, &platform.gnttab_size);
	irq = fdt_prop(n, "interrupts", &len);
	if (irq && len >= 12 && fdt32(irq) == 1)
		platform.evtchn_ppi = fdt32(irq + 4) + 16;
}

bool platform_init(const void *dtb)
{
	int psci;
	u32 freq;
	int timer;

	if (!fdt_init(dtb))
		return false;
	platform.dtb = dtb;
	platform.dtb_size = fdt_totalsize();
	find_memory();
	find_cpus();
	find_gic();
	find_uart();
	find_xen();
	psci = fdt_path("/psci");
	platform.psci_hvc =
		psci >= 0 && fdt_prop_has_string(psci, "method", "hvc");
	platform.timer_freq = timer_freq();
	timer = fdt_find_compatible(-1, "arm,armv8-timer");
	if (timer >= 0 && fdt_prop_u32(timer, "clock-frequency", &freq))
		platform.timer_freq = freq;
	return true;
}

void platform_print(void)
{
	printk("RAM: 0x%lx-0x%lx (%lu MiB), %lu MiB in all; DTB at %p (%u "
	       "bytes)\n",
	       platform.ram_base, platform.ram_base + platform.ram_size - 1,
	       platform.ram_size >> 20, platform.ram_total >> 20, platform.dtb,
	       platform.dtb_size);
	if (platform.gic_version == 3)
		printk("vCPUs: %u; GICv3: GICD 0x%lx, GICR 0x%lx (0x%lx)\n",
		       platform.nr_cpus_dt, platform.gicd_base,
		       platform.gicr_base, platform.gicr_size);
	else if (platform.gic_version == 2)
		printk("vCPUs: %u; GICv2: GICD 0x%lx, GICC 0x%lx\n",
		       platform.nr_cpus_dt, platform.gicd_base,
		       platform.gicc_base);
	else
		printk("vCPUs: %u; no GIC in the DT\n", platform.nr_cpus_dt);
	printk("UART: 0x%lx (0: none); /hypervisor node: %s; event-channel "
	       "PPI %u; timer %lu Hz\n",
	       platform.uart_base, platform.hypervisor_node ? "yes" : "no",
	       platform.evtchn_ppi, platform.timer_freq);
}
