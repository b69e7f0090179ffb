/* SPDX-License-Identifier: MIT */
/*
 * Dom0less device passthrough (Xen's docs/misc/arm/passthrough.txt): the
 * host DT marks QEMU virt's PL061 GPIO "xen,passthrough" and the domain's
 * partial DT (partial.dts) assigns it with xen,reg (1:1 at 0x09030000) and
 * xen,path, so its SPI 7 (INTID 39) is routed 1:1. Checks:
 *
 *  - the guest DT has /passthrough/pl061@9030000 and /aliases from the
 *    partial DT, without the xen,* assignment properties, and its
 *    interrupt-parent is the guest GIC (the partial DT's /gic phandle);
 *  - the PL061's PrimeCell ID registers read through the mapping;
 *  - an interrupt the guest makes the device raise (a level-low
 *    interrupt on an input pin that reads 0: GPIOIS/GPIOIEV/GPIOIE) is
 *    delivered as INTID 39, and after GPIOIC clears it, it stays quiet;
 *  - the next page and the host UART (not passed through) fault.
 */
#include <test.h>

const char test_title[] = "Dom0less passthrough of a PL061: DT, MMIO, "
			  "interrupt, faults elsewhere";

#define PL061 0x09030000UL
#define PL061_SPI 39
#define GPIODIR 0x400
#define GPIOIS 0x404
#define GPIOIBE 0x408
#define GPIOIEV 0x40c
#define GPIOIE 0x410
#define GPIOMIS 0x418
#define GPIOIC 0x41c
#define PIN 0x01

static volatile unsigned int hits;
static volatile u32 mis_seen;

static void on_gpio(u32 intid, void *arg)
{
	(void)arg;
	if (intid != PL061_SPI)
		return;
	mis_seen = readl(PL061 + GPIOMIS);
	/* Quiet the line before the EOI, as a driver does. */
	writel(0, PL061 + GPIOIE);
	writel(PIN, PL061 + GPIOIEV); /* high level: an input at 0 is quiet */
	writel(0xff, PL061 + GPIOIC);
	hits++;
}

static void check_dt(void)
{
	int node = fdt_path("/passthrough/pl061@9030000");
	int gic_node = fdt_find_compatible(-1, "arm,gic-v3");
	u32 parent = 0, gic_ph = 0, len = 0;
	u64 addr = 0, size = 0;
	const char *alias;

	if (gic_node < 0)
		gic_node = fdt_find_compatible(-1, "arm,gic-400");
	if (gic_node < 0)
		gic_node = fdt_find_compatible(-1, "arm,cortex-a15-gic");
	if (!check(node >= 0, "guest DT has /passthrough/pl061@9030000"))
		return;
	check(fdt_reg(node, 0, &addr, &size) && addr == PL061 && size == 0x1000,
	      "its reg is 0x%lx+0x%lx", addr, size);
	check(!fdt_prop(node, "xen,reg", NULL) &&
		      !fdt_prop(node, "xen,path", NULL) &&
		      !fdt_prop(node, "xen,force-assign-without-iommu", NULL),
	      "xen,reg/xen,path/xen,force-assign-without-iommu are dropped");
	check(fdt_prop_has_string(node, "compatible", "arm,pl061"),
	      "other properties are copied");
	check(gic_node >= 0 && fdt_prop_u32(gic_node, "phandle", &gic_ph) &&
		      fdt_prop_u32(node, "interrupt-parent", &parent) &&
		      parent == gic_ph,
	      "interrupt-parent %u is the GIC's phandle %u", parent, gic_ph);
	alias = fdt_prop(fdt_path("/aliases"), "gpio0", &len);
	check(alias && len > 1 && !strcmp(alias, "/passthrough/pl061@9030000"),
	      "/aliases copied");
}

static void expect_fault(u64 addr, const char *what)
{
	u32 v = 0x5a5a5a5a;

	if (probe_read32(addr, &v))
		test_failure("FAIL: read of %s (0x%lx) did not fault: 0x%x",
			     what, addr, v);
	else
		check(ESR_EC(fault_last()->esr) == EC_DABT_CUR,
		      "read of %s (0x%lx) faults", what, addr);
}

void test_main(void)
{
	static const u8 pcell[4] = {0x0d, 0xf0, 0x05, 0xb1};
	unsigned int i;
	u64 t0;

	check_dt();

	/* PrimeCell ID (PL061 TRM: GPIOPCellID0-3 at 0xff0-0xffc). */
	for (i = 0; i < 4; i++)
		check_eq(readl(PL061 + 0xff0 + 4 * i) & 0xff, pcell[i],
			 "PL061 GPIOPCellID%u", i);
	check_eq(readl(PL061 + 0xfe0) & 0xff, 0x61, "PL061 GPIOPeriphID0");

	irq_register(PL061_SPI, on_gpio, NULL);
	gic_set_priority(PL061_SPI, 0x80);
	gic_enable_irq(PL061_SPI);
	local_irq_enable();

	/* Pin 0 an input (reads 0), level-sensitive, low: raises it. */
	writel(0, PL061 + GPIODIR);
	writel(0, PL061 + GPIOIBE);
	writel(0, PL061 + GPIOIEV);
	writel(PIN, PL061 + GPIOIS);
	writel(0xff, PL061 + GPIOIC);
	writel(PIN, PL061 + GPIOIE);
	t0 = uptime_us();
	while (!hits && uptime_us() - t0 < 2000000)
		udelay(100);
	check_eq(hits, 1, "the PL061 interrupt (INTID %u) arrived", PL061_SPI);
	check(mis_seen & PIN, "GPIOMIS showed pin 0 (0x%x)", mis_seen);
	/* Cleared at the device: nothing more comes. */
	udelay(20000);
	check_eq(hits, 1, "no further interrupt once cleared");

	/* A second round: the routing survives the first completion. */
	writel(0, PL061 + GPIOIEV);
	writel(PIN, PL061 + GPIOIE);
	t0 = uptime_us();
	while (hits < 2 && uptime_us() - t0 < 2000000)
		udelay(100);
	check_eq(hits, 2, "a second interrupt arrived");
	local_irq_disable();

	expect_fault(PL061 + 0x1000, "the page after the PL061");
	expect_fault(0x09000000UL, "the host UART (not passed through)");
	test_success(NULL);
}
