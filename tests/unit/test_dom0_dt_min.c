/* SPDX-License-Identifier: MIT */
/*
 * dom0's device tree (common/dom0_dt.c) from hand-made host trees: any
 * #address-cells / #size-cells, no /chosen, name clashes, clean failures
 * on missing GIC / timer / CPUs, malformed trees and bad configs, and
 * every filtering rule on a rich GICv3 host. Helpers:
 * dom0_dt_test_util.h, dom0_dt_test_hosts.h.
 */
/* hyp headers first: hyp/compiler.h must precede the libc headers. */
#include "dom0_dt_test_hosts.h"

static void test_min_cells(void **state)
{
	struct dom0_dt_config cfg;
	struct host h = {0};
	struct out o = {0};
	char *dts;

	/* Root cells 1 / 1: every generated reg uses them. */
	build_min(&h, 1, 1, 0);
	min_config(&cfg, &h);
	cfg.bootargs = "";
	build_ok(&h, &cfg, &o);
	assert_prop_cells(&o.fdt, "/hypervisor", "reg", 2, 0x38000000,
			  0x1000000);
	assert_prop_cells(&o.fdt, "/memory@40000000", "reg", 2, 0x40000000,
			  0x10000000);
	assert_prop_cells(&o.fdt, "/interrupt-controller@8000000", "reg", 4,
			  0x8000000, 0x10000, 0x8010000, 0x10000);
	/* An empty bootargs is still written (Xen writes what it chose). */
	assert_prop_str(&o.fdt, "/chosen", "bootargs", "");
	/* armv7-timer hosts get an armv8 timer, as from Xen. */
	assert_prop_str(&o.fdt, "/timer", "compatible", "arm,armv8-timer");
	assert_no_prop(&o.fdt, "/timer", "clock-frequency");
	assert_no_node(&o.fdt, "/serial@9000000");
	assert_prop_cells(&o.fdt, "/dev@a000000", "interrupts", 3, 0, 5, 4);
	dts = dom0_dtc(o.buf, o.len, "min11", NULL);
	free(dts);

	/* A value the root's cells cannot hold. */
	cfg.gnttab.start = pa_init(0x100000000ULL);
	build_fails(&h, &cfg, -ERANGE, "grant-table window 0 does not fit");
	min_config(&cfg, &h);
	cfg.ext_regions = &min_bank;
	cfg.nr_ext_regions = 1;
	build_ok(&h, &cfg, &o);
	assert_prop_cells(&o.fdt, "/hypervisor", "reg", 4, 0x38000000,
			  0x1000000, 0x40000000, 0x10000000);
	done(&h, &o);

	/* Root cells 2 / 1. */
	build_min(&h, 2, 1, 0);
	min_config(&cfg, &h);
	build_ok(&h, &cfg, &o);
	assert_prop_cells(&o.fdt, "/hypervisor", "reg", 3, 0, 0x38000000,
			  0x1000000);
	dts = dom0_dtc(o.buf, o.len, "min21", NULL);
	free(dts);
	done(&h, &o);
}

/* Without a host /chosen, one is made for the bootargs and initrd. */
static void test_min_no_chosen(void **state)
{
	struct dom0_dt_config cfg;
	struct host h = {0};
	struct out o = {0};

	build_min(&h, 2, 2, MIN_NO_CHOSEN);
	min_config(&cfg, &h);
	build_ok(&h, &cfg, &o);
	assert_no_node(&o.fdt, "/chosen");
	cfg.bootargs = "console=hvc0";
	cfg.initrd_start = 0x44000000;
	cfg.initrd_end = 0x44100000;
	build_ok(&h, &cfg, &o);
	assert_prop_str(&o.fdt, "/chosen", "bootargs", "console=hvc0");
	assert_prop_cells(&o.fdt, "/chosen", "linux,initrd-end", 2, 0,
			  0x44100000);
	done(&h, &o);
}

/* Host nodes with the names of generated nodes give way to them. */
static void test_min_name_clash(void **state)
{
	struct dom0_dt_config cfg;
	struct host h = {0};
	struct out o = {0};
	char *dts;

	build_min(&h, 2, 2, MIN_NAME_CLASH);
	min_config(&cfg, &h);
	build_ok(&h, &cfg, &o);
	assert_int_equal(count_named(&o.fdt, "hypervisor"), 1);
	assert_int_equal(count_named(&o.fdt, "psci"), 1);
	assert_int_equal(count_named(&o.fdt, "memory"), 1);
	assert_prop_str(&o.fdt, "/psci", "method", "hvc");
	assert_no_prop(&o.fdt, "/memory@40000000", "compatible");
	dts = dom0_dtc(o.buf, o.len, "clash", NULL);
	free(dts);
	done(&h, &o);
}

static void test_min_errors(void **state)
{
	struct dom0_dt_config cfg;
	struct host h = {0};
	struct out o = {0};
	static const unsigned int opts[] = {
		MIN_NO_GIC,	    MIN_NO_TIMER,	 MIN_NO_CPUS,
		MIN_BAD_IRQ_LEN,    MIN_DANGLING_PARENT, MIN_TIMER_SPI,
		MIN_GIC_NO_PHANDLE,
	};
	static const struct {
		int rc;
		const char *msg;
	} want[] = {
		{-ENOENT, "no GICv2 or GICv3 interrupt controller"},
		{-ENOENT, "no arm,armv8-timer or arm,armv7-timer node"},
		{-ENOENT, "no /cpus/cpu node"},
		{-EINVAL, "/dev@a000000: interrupts length does not match"},
		{-EINVAL, "/dev@a000000: interrupt-parent 0x77: no such"},
		{-EINVAL, "/timer: the timer needs its secure"},
		{-EINVAL, "/interrupt-controller@8000000: the GIC has no "
			  "phandle"},
	};
	struct membank bad;
	unsigned int i;
	char err[ERRLEN];
	size_t len;
	int n;

	for (i = 0; i < ARRAY_SIZE(opts); i++) {
		build_min(&h, 2, 2, opts[i]);
		min_config(&cfg, &h);
		build_fails(&h, &cfg, want[i].rc, want[i].msg);
		free(h.blob);
	}

	/* Bad configurations. */
	build_min(&h, 2, 2, 0);
	min_config(&cfg, &h);
	cfg.nr_vcpus = 0;
	build_fails(&h, &cfg, -EINVAL, "0 vCPUs");
	cfg.nr_vcpus = 9;
	build_fails(&h, &cfg, -EINVAL, "a GICv2 handles at most 8");
	min_config(&cfg, &h);
	cfg.nr_banks = 0;
	build_fails(&h, &cfg, -EINVAL, "no memory banks");
	min_config(&cfg, &h);
	bad = min_bank;
	bad.size = 0;
	cfg.banks = &bad;
	build_fails(&h, &cfg, -EINVAL, "memory bank 0 is empty");
	min_config(&cfg, &h);
	cfg.gnttab.size = 0;
	build_fails(&h, &cfg, -EINVAL, "grant-table window 0 is empty");
	min_config(&cfg, &h);
	cfg.nr_ext_regions = 1;
	build_fails(&h, &cfg, -EINVAL, "no extended regions array");
	min_config(&cfg, &h);
	cfg.evtchn_ppi = 32;
	build_fails(&h, &cfg, -EINVAL, "event-channel interrupt 32 is no PPI");
	cfg.evtchn_ppi = 27;
	build_fails(&h, &cfg, -EINVAL, "event-channel PPI 27 is a timer PPI");
	min_config(&cfg, &h);
	cfg.initrd_start = 2;
	cfg.initrd_end = 1;
	build_fails(&h, &cfg, -EINVAL, "initrd ends before it starts");
	min_config(&cfg, &h);
	cfg.hidden = NULL;
	build_fails(&h, &cfg, -EINVAL, "nr_hidden without hidden");

	/* Bad arguments. */
	min_config(&cfg, &h);
	o.buf = malloc(BUF_SIZE);
	assert_int_equal(dom0_build_dt(NULL, &cfg, o.buf, BUF_SIZE, &len, err,
				       sizeof(err)),
			 -EINVAL);
	assert_int_equal(dom0_build_dt(&h.fdt, NULL, o.buf, BUF_SIZE, &len, err,
				       sizeof(err)),
			 -EINVAL);
	assert_int_equal(dom0_build_dt(&h.fdt, &cfg, NULL, BUF_SIZE, &len, err,
				       sizeof(err)),
			 -EINVAL);
	assert_contains(err, "no buffer");
	/* No err buffer, no len: still fine. */
	assert_int_equal(
		dom0_build_dt(&h.fdt, &cfg, o.buf, BUF_SIZE, NULL, NULL, 0), 0);
	done(&h, &o);

	/* Malformed interrupt-map of a PCI host bridge (device list). */
	build_min(&h, 2, 2, MIN_BAD_PCI_MAP);
	min_config(&cfg, &h);
	assert_int_equal(dom0_dt_collect_devices(&h.fdt, &cfg, NULL, NULL, err,
						 sizeof(err)),
			 -EINVAL);
	assert_contains(err, "no callback");
	n = 0;
	assert_int_equal(dom0_dt_collect_devices(&h.fdt, &cfg, ignore_res, &n,
						 err, sizeof(err)),
			 -EINVAL);
	assert_contains(err, "/pcie@10000000: malformed interrupt-map");
	free(h.blob);
}

static void test_rich_filters(void **state)
{
	struct dom0_dt_config cfg;
	struct host h = {0};
	struct out o = {0};
	const struct fdt *f = &o.fdt;
	char *dts;

	build_rich(&h);
	rich_config(&cfg, &h, 3);
	build_ok(&h, &cfg, &o);

	/* /chosen: Xen's properties gone, domU node kept, modules gone. */
	assert_prop_str(f, "/chosen", "bootargs", "dom0 args");
	assert_no_prop(f, "/chosen", "xen,xen-bootargs");
	assert_no_prop(f, "/chosen", "xen,dom0-bootargs");
	assert_no_prop(f, "/chosen", "stdout-path");
	assert_no_prop(f, "/chosen", "linux,uefi-system-table");
	assert_no_prop(f, "/chosen", "linux,uefi-mmap-start");
	assert_no_prop(f, "/chosen", "linux,initrd-start");
	assert_no_prop(f, "/chosen", "linux,initrd-end");
	assert_prop_cells(f, "/chosen", "kaslr-seed", 2, 1, 2);
	assert_no_node(f, "/chosen/module@51000000");
	assert_no_node(f, "/chosen/module@52000000");
	assert_no_node(f, "/chosen/domU1/module@53000000");
	assert_prop_str(f, "/chosen/domU1", "compatible", "xen,domain");
	assert_same_path(&h.fdt, f, "/aliases");

	/* Nodes left out (memory@80000000 is dom0's, see below). */
	assert_no_node(f, "/bus@b0000000/memory@3000");
	assert_no_node(f, "/interrupt-controller@2c000000");
	assert_no_node(f, "/timer@2a810000");
	assert_no_node(f, "/pmu");
	assert_no_node(f, "/serial@9000000");
	assert_no_node(f, "/ppi@a0000000");
	assert_no_node(f, "/iommu@a5000000");
	assert_no_node(f, "/blob");
	assert_no_node(f, "/cpus/cpu-map");
	assert_int_equal(count_named(f, "hypervisor"), 1);
	assert_int_equal(count_named(f, "psci"), 1);
	assert_prop_str(f, "/psci", "method", "hvc");

	/* Nodes kept as they are. */
	assert_same_path(&h.fdt, f, "/ext@a1000000");
	assert_same_path(&h.fdt, f, "/gpio@a2000000");
	assert_same_path(&h.fdt, f, "/button");
	assert_same_path(&h.fdt, f, "/off@a4000000");
	assert_same_path(&h.fdt, f, "/reserved-memory");
	assert_same_path(&h.fdt, f, "/bus@b0000000/dev@1000");
	assert_same_path(&h.fdt, f, "/bus@b0000000/i2c@2000");

	/* Passthrough: disabled, and the marker is not copied. */
	assert_prop_str(f, "/pt@a3000000", "status", "disabled");
	assert_no_prop(f, "/pt@a3000000", "xen,passthrough");
	assert_prop_cells(f, "/pt@a3000000", "interrupts", 3, 0, 22, 4);

	/* A master behind the hidden IOMMU loses its IOMMU bindings. */
	assert_no_prop(f, "/dma@a6000000", "iommus");
	assert_prop_cells(f, "/dma@a6000000", "interrupts", 6, 0, 25, 4, 2, 3,
			  1);
	assert_no_prop(f, "/pcie@40000000", "iommu-map");
	assert_no_prop(f, "/pcie@40000000", "iommu-map-mask");
	assert_prop_cells(f, "/pcie@40000000", "#interrupt-cells", 1, 1);
	assert_int_equal(count_props(f, node_at(f, "/pcie@40000000")), 9);
	assert_same_path(&h.fdt, f, "/pcie@40000000/ep@0");

	/* GICv3: 3 vCPUs need two of the three regions; no ITS. */
	assert_prop_cells(f, "/interrupt-controller@8000000", "reg", 12, 0,
			  0x8000000, 0, 0x10000, 0, 0x80a0000, 0, 0x40000, 0,
			  0x9a00000, 0, 0x40000);
	assert_prop_cells(f, "/interrupt-controller@8000000",
			  "#redistributor-regions", 1, 2);
	assert_no_prop(f, "/interrupt-controller@8000000",
		       "redistributor-stride");
	assert_no_prop(f, "/interrupt-controller@8000000", "interrupts");
	assert_no_node(f, "/interrupt-controller@8000000/its@8080000");
	assert_int_equal(fdt_get_phandle(f, node_at(f, "/interrupt-controller"
						       "@8000000")),
			 1);

	/* Timer with the host's clock-frequency, without always-on. */
	assert_prop_cells(f, "/timer", "clock-frequency", 1, 62500000);
	assert_no_prop(f, "/timer", "always-on");
	assert_prop_cells(f, "/timer", "interrupts", 9, 1, 13, 0xf08, 1, 14,
			  0xf08, 1, 11, 0xf08);

	/* CPUs: the host's compatible list and clock-frequency. */
	assert_prop_bytes(f, "/cpus/cpu@2", "compatible",
			  "arm,cortex-a72\0arm,armv8", 25);
	assert_prop_cells(f, "/cpus/cpu@2", "clock-frequency", 1, 1000000000);
	assert_no_node(f, "/cpus/cpu@3");

	/* dom0's RAM, then a second memory node for /reserved-memory. */
	assert_prop_cells(f, "/memory@80000000", "reg", 4, 0, 0x80000000, 0,
			  0x20000000);
	assert_prop_cells(f, "/memory@c0000000", "reg", 12, 0, 0xc0000000, 0,
			  0x100000, 0, 0xc1000000, 0, 0x200000, 0, 0xc2000000,
			  0, 0x1000);
	assert_int_equal(count_memory_nodes(f), 2);

	/* /hypervisor with evtchn PPI 19. */
	assert_prop_cells(f, "/hypervisor", "reg", 4, 0, 0x38000000, 0,
			  0x40000);
	assert_prop_cells(f, "/hypervisor", "interrupts", 3, 1, 3, 0xf08);
	assert_prop_cells(f, "/hypervisor", "interrupt-parent", 1, 1);

	/* Aliases are copied as they are, even to the hidden UART. */
	dts = dom0_dtc(
		o.buf, o.len, "rich",
		"aliases property is not a valid node (/serial@9000000)");
	free(dts);

	/* Region counts follow the vCPUs; too many is an error. */
	rich_config(&cfg, &h, 2);
	build_ok(&h, &cfg, &o);
	assert_prop_cells(f, "/interrupt-controller@8000000",
			  "#redistributor-regions", 1, 1);
	assert_prop_cells(f, "/interrupt-controller@8000000", "reg", 8, 0,
			  0x8000000, 0, 0x10000, 0, 0x80a0000, 0, 0x40000);
	rich_config(&cfg, &h, 6);
	build_ok(&h, &cfg, &o);
	assert_prop_cells(f, "/interrupt-controller@8000000",
			  "#redistributor-regions", 1, 3);
	rich_config(&cfg, &h, 7);
	build_fails(&h, &cfg, -EINVAL,
		    "the redistributor regions hold 6 CPUs, dom0 has 7");

	/* Without hide_iommus the IOMMU and its bindings stay. */
	rich_config(&cfg, &h, 1);
	cfg.hide_iommus = false;
	build_ok(&h, &cfg, &o);
	assert_same_path(&h.fdt, f, "/iommu@a5000000");
	assert_same_path(&h.fdt, f, "/dma@a6000000");
	assert_prop_cells(f, "/pcie@40000000", "iommu-map", 4, 0, 6, 0,
			  0x10000);

	/* Hiding several nodes, one a bus with its children. */
	rich_config(&cfg, &h, 1);
	h.hidden[1] = node_at(&h.fdt, "/bus@b0000000");
	cfg.nr_hidden = 2;
	build_ok(&h, &cfg, &o);
	assert_no_node(f, "/bus@b0000000");
	assert_no_node(f, "/serial@9000000");
	done(&h, &o);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_min_cells),
		cmocka_unit_test(test_min_no_chosen),
		cmocka_unit_test(test_min_name_clash),
		cmocka_unit_test(test_min_errors),
		cmocka_unit_test(test_rich_filters),
	};

	tu_set_data_dir(argv[0]);
	return cmocka_run_group_tests_name("dom0_dt_min", tests, setup,
					   teardown);
}
