/* SPDX-License-Identifier: MIT */
/*
 * dom0's device tree (common/dom0_dt.c) built from the QEMU virt DTBs
 * (GICv2, GICv3, guest-loader modules), read back with our reader and
 * decompiled by dtc without a warning: the regenerated nodes, the initrd,
 * tiny buffers, random corruption and the extended regions. Hand-made
 * hosts: test_dom0_dt_min.c; devices dom0 gets: test_dom0_dt_devices.c.
 * Helpers: dom0_dt_test_util.h.
 */
/* hyp headers first: hyp/compiler.h must precede the libc headers. */
#include "dom0_dt_test_util.h"
/* ---- the QEMU virt machine ---- */

/* What every dom0 DT built by qemu_config() from QEMU virt has. */
static void check_qemu_common(struct host *h, struct out *o, unsigned int vcpus)
{
	const struct fdt *f = &o->fdt, *hf = &h->fdt;
	static const char hyp_compat[] = "xen,xen-4.17\0xen,xen";
	static const char psci_compat[] =
		"arm,psci-1.0\0arm,psci-0.2\0arm,psci";
	static const char *const kept[] = {
		"/platform-bus@c000000",
		"/fw-cfg@9020000",
		"/gpio-keys",
		"/pl061@9030000",
		"/pcie@10000000",
		"/pl031@9010000",
		"/flash@0",
		"/apb-pclk",
		"/virtio_mmio@a000000",
		"/virtio_mmio@a003e00",
	};
	char name[32], *dts;
	unsigned int i;
	int cpus, n;

	/* /hypervisor: exactly Xen's four properties. */
	assert_prop_bytes(f, "/hypervisor", "compatible", hyp_compat,
			  sizeof(hyp_compat));
	assert_prop_cells(f, "/hypervisor", "reg", 12, 0, 0x7fe00000, 0,
			  0x40000, 0, 0x60000000, 0, 0x20000000, 1, 0x10000000,
			  0x3e, 0xf0000000);
	assert_prop_cells(f, "/hypervisor", "interrupts", 3, 1, 0, 0xf08);
	assert_prop_cells(f, "/hypervisor", "interrupt-parent", 1, 0x8005);
	assert_int_equal(count_props(f, node_at(f, "/hypervisor")), 4);
	assert_int_equal(count_subnodes(f, node_at(f, "/hypervisor")), 0);

	/* The hypervisor's UART, PMU and host PSCI are gone. */
	assert_no_node(f, "/pl011@9000000");
	assert_no_node(f, "/pmu");
	assert_int_equal(count_named(f, "psci"), 1);
	assert_prop_bytes(f, "/psci", "compatible", psci_compat,
			  sizeof(psci_compat));
	assert_prop_str(f, "/psci", "method", "hvc");
	assert_prop_cells(f, "/psci", "cpu_off", 1, 0x84000002);
	assert_prop_cells(f, "/psci", "cpu_on", 1, 0xc4000003);
	assert_int_equal(count_props(f, node_at(f, "/psci")), 4);

	/* Only our memory node, with dom0's banks. */
	assert_int_equal(count_memory_nodes(f), 1);
	assert_int_equal(count_named(f, "memory"), 1);
	assert_prop_cells(f, "/memory@40000000", "reg", 8, 0, 0x40000000, 0,
			  0x20000000, 1, 0, 0, 0x10000000);
	assert_prop_str(f, "/memory@40000000", "device_type", "memory");

	/* Our /cpus. */
	cpus = node_at(f, "/cpus");
	assert_int_equal(count_named(f, "cpus"), 1);
	assert_prop_cells(f, "/cpus", "#address-cells", 1, 1);
	assert_prop_cells(f, "/cpus", "#size-cells", 1, 0);
	assert_int_equal(count_subnodes(f, cpus), (int)vcpus);
	assert_no_node(f, "/cpus/cpu-map");
	for (i = 0; i < vcpus; i++) {
		u32 mpidr = ((i >> 4) << 8) | (i & 0xf);

		snprintf(name, sizeof(name), "/cpus/cpu@%x", mpidr);
		assert_prop_cells(f, name, "reg", 1, mpidr);
		assert_prop_str(f, name, "compatible", "arm,cortex-a57");
		assert_prop_str(f, name, "device_type", "cpu");
		assert_prop_str(f, name, "enable-method", "psci");
		assert_int_equal(count_props(f, node_at(f, name)), 4);
	}

	/* /chosen: the caller's bootargs and initrd, no stdout-path. */
	assert_prop_str(f, "/chosen", "bootargs",
			"console=hvc0 earlycon=xen root=/dev/vda");
	assert_prop_cells(f, "/chosen", "linux,initrd-start", 2, 0, 0x48000000);
	assert_prop_cells(f, "/chosen", "linux,initrd-end", 2, 0, 0x48123456);
	assert_no_prop(f, "/chosen", "stdout-path");
	assert_int_equal(count_subnodes(f, node_at(f, "/chosen")), 0);
	n = 0;
	fdt_getprop(f, node_at(f, "/chosen"), "rng-seed", &n);
	assert_int_equal(n, 32);

	/* The timer: Xen's three PPIs, level low, on all CPUs. */
	assert_prop_str(f, "/timer", "compatible", "arm,armv8-timer");
	assert_prop_cells(f, "/timer", "interrupts", 9, 1, 13, 0xf08, 1, 14,
			  0xf08, 1, 11, 0xf08);
	assert_prop_cells(f, "/timer", "interrupt-parent", 1, 0x8005);
	assert_int_equal(count_props(f, node_at(f, "/timer")), 3);

	/* The GIC keeps its name and phandle; no maintenance interrupt. */
	assert_int_equal(fdt_get_phandle(f, node_at(f, "/intc@8000000")),
			 0x8005);
	assert_prop_cells(f, "/intc@8000000", "#interrupt-cells", 1, 3);
	assert_prop_cells(f, "/intc@8000000", "#address-cells", 1, 2);
	assert_prop_cells(f, "/intc@8000000", "#size-cells", 1, 2);
	assert_prop_bytes(f, "/intc@8000000", "interrupt-controller", "", 0);
	assert_no_prop(f, "/intc@8000000", "interrupts");

	/* The devices dom0 keeps are exact copies; so is the root. */
	for (i = 0; i < ARRAY_SIZE(kept); i++)
		assert_same_path(hf, f, kept[i]);
	for (n = fdt_first_property(hf, fdt_root(hf)); n >= 0;
	     n = fdt_next_property(hf, n)) {
		const char *pname;
		int l;
		const void *v = fdt_getprop_by_offset(hf, n, &pname, &l);

		assert_prop_bytes(f, "/", pname, v, l);
	}
	assert_int_equal(count_props(f, fdt_root(f)),
			 count_props(hf, fdt_root(hf)));
	assert_int_equal(count_named(f, "virtio_mmio"), 32);

	/* And dtc accepts it all without a warning. */
	dts = dom0_dtc(o->buf, o->len, "qemu", NULL);
	if (dts) {
		assert_contains(dts, "hypervisor {");
		assert_lacks(dts, "pl011");
		assert_lacks(dts, "xen,passthrough");
		free(dts);
	}
}

static void test_qemu_gic3(void **state)
{
	struct dom0_dt_config cfg;
	struct host h = {0};
	struct out o = {0};
	const void *hreg;

	if (!load_qemu(&h, "qemu-virt-gic3.dtb"))
		skip();
	qemu_config(&cfg, &h, 4);
	build_ok(&h, &cfg, &o);
	check_qemu_common(&h, &o, 4);
	/* GICD and the one redistributor region, as the host has them. */
	hreg = prop_at(&h.fdt, "/intc@8000000", "reg", NULL);
	assert_prop_bytes(&o.fdt, "/intc@8000000", "reg", hreg, 32);
	assert_prop_str(&o.fdt, "/intc@8000000", "compatible", "arm,gic-v3");
	assert_prop_cells(&o.fdt, "/intc@8000000", "#redistributor-regions", 1,
			  1);
	/* No ITS (Xen 4.17 builds without it), no ranges for it either. */
	assert_int_equal(
		count_subnodes(&o.fdt, node_at(&o.fdt, "/intc@8000000")), 0);
	assert_no_prop(&o.fdt, "/intc@8000000", "ranges");
	assert_int_equal(count_props(&o.fdt, node_at(&o.fdt, "/intc@8000000")),
			 8);
	done(&h, &o);
}

static void test_qemu_gic2(void **state)
{
	struct dom0_dt_config cfg;
	struct host h = {0};
	struct out o = {0};
	const void *hreg;

	if (!load_qemu(&h, "qemu-virt-gic2.dtb"))
		skip();
	qemu_config(&cfg, &h, 2);
	cfg.evtchn_ppi = 31;
	build_ok(&h, &cfg, &o);
	/* The PPI is the only difference from evtchn 16 in the checks. */
	assert_prop_cells(&o.fdt, "/hypervisor", "interrupts", 3, 1, 15, 0xf08);
	cfg.evtchn_ppi = 16;
	build_ok(&h, &cfg, &o);
	check_qemu_common(&h, &o, 2);
	/* GICD and GICC only, with the host's cells. */
	hreg = prop_at(&h.fdt, "/intc@8000000", "reg", NULL);
	assert_prop_bytes(&o.fdt, "/intc@8000000", "reg", hreg, 32);
	assert_prop_str(&o.fdt, "/intc@8000000", "compatible",
			"arm,cortex-a15-gic");
	assert_no_prop(&o.fdt, "/intc@8000000", "#redistributor-regions");
	/* The v2m frame stays, so does the PCIe bridge's msi-map to it. */
	assert_same_path(&h.fdt, &o.fdt, "/intc@8000000/v2m@8020000");
	assert_prop_bytes(&o.fdt, "/intc@8000000", "ranges", "", 0);
	assert_same_path(&h.fdt, &o.fdt, "/pcie@10000000");
	done(&h, &o);
}

static void test_qemu_loader(void **state)
{
	struct dom0_dt_config cfg;
	struct host h = {0};
	struct out o = {0};

	if (!load_qemu(&h, "qemu-virt-loader.dtb"))
		skip();
	qemu_config(&cfg, &h, 4);
	build_ok(&h, &cfg, &o);
	check_qemu_common(&h, &o, 4);
	/* The modules are gone, the module's bootargs are not used. */
	assert_no_node(&o.fdt, "/chosen/module@0x4c000000");
	assert_no_node(&o.fdt, "/chosen/module@0x49000000");

	/* Without bootargs and initrd, /chosen keeps only the seeds. */
	cfg.bootargs = NULL;
	cfg.initrd_start = cfg.initrd_end = 0;
	build_ok(&h, &cfg, &o);
	assert_no_prop(&o.fdt, "/chosen", "bootargs");
	assert_no_prop(&o.fdt, "/chosen", "linux,initrd-start");
	assert_no_prop(&o.fdt, "/chosen", "linux,initrd-end");
	assert_int_equal(count_props(&o.fdt, node_at(&o.fdt, "/chosen")), 2);
	assert_int_equal(count_subnodes(&o.fdt, node_at(&o.fdt, "/chosen")), 0);
	done(&h, &o);
}

/* vMPIDRs beyond one cluster of 16. */
static void test_qemu_many_vcpus(void **state)
{
	struct dom0_dt_config cfg;
	struct host h = {0};
	struct out o = {0};
	char *dts;

	if (!load_qemu(&h, "qemu-virt-gic3.dtb"))
		skip();
	qemu_config(&cfg, &h, 20);
	build_ok(&h, &cfg, &o);
	check_qemu_common(&h, &o, 20);
	assert_prop_cells(&o.fdt, "/cpus/cpu@f", "reg", 1, 0xf);
	assert_prop_cells(&o.fdt, "/cpus/cpu@100", "reg", 1, 0x100);
	assert_prop_cells(&o.fdt, "/cpus/cpu@103", "reg", 1, 0x103);
	assert_no_node(&o.fdt, "/cpus/cpu@10");
	dts = dom0_dtc(o.buf, o.len, "vcpus", NULL);
	free(dts);
	/* More than the region's 123 redistributors. */
	cfg.nr_vcpus = 124;
	build_fails(&h, &cfg, -EINVAL, "redistributor regions hold 123 CPUs");
	done(&h, &o);
}

/* The event-channel PPI and the initrd can be patched. */
static void test_set_initrd(void **state)
{
	struct dom0_dt_config cfg;
	struct host h = {0};
	struct out o = {0};

	if (!load_qemu(&h, "qemu-virt-gic3.dtb"))
		skip();
	qemu_config(&cfg, &h, 1);
	/* A placeholder: both set, values to be patched. */
	cfg.initrd_start = 0;
	cfg.initrd_end = 1;
	build_ok(&h, &cfg, &o);
	assert_int_equal(dom0_dt_set_initrd(o.buf, o.len, 0x123456789ULL,
					    0x123999999ULL),
			 0);
	tu_open_ok(&o.fdt, o.buf, o.len);
	assert_prop_cells(&o.fdt, "/chosen", "linux,initrd-start", 2, 1,
			  0x23456789);
	assert_prop_cells(&o.fdt, "/chosen", "linux,initrd-end", 2, 1,
			  0x23999999);
	/* Without an initrd there is nothing to patch. */
	cfg.initrd_end = 0;
	build_ok(&h, &cfg, &o);
	assert_int_equal(dom0_dt_set_initrd(o.buf, o.len, 1, 2), -ENOENT);
	assert_int_equal(dom0_dt_set_initrd(o.buf, 16, 1, 2), -EINVAL);
	assert_int_equal(dom0_dt_set_initrd(NULL, 0, 1, 2), -EINVAL);
	done(&h, &o);
}

/* Every buffer too small fails with -ENOSPC, writing nothing beyond it. */
static void test_small_buffers(void **state)
{
	struct dom0_dt_config cfg;
	struct host h = {0};
	struct out o = {0};
	char err[ERRLEN];
	size_t size, len, i;
	uint8_t *buf;
	int rc;

	if (!load_qemu(&h, "qemu-virt-gic2.dtb"))
		skip();
	qemu_config(&cfg, &h, 2);
	build_ok(&h, &cfg, &o);
	buf = malloc(o.len + 64);
	assert_non_null(buf);
	for (size = 0; size < o.len; size += size < 128 ? 1 : 97) {
		memset(buf, CANARY, o.len + 64);
		len = 99;
		rc = dom0_build_dt(&h.fdt, &cfg, buf, size, &len, err,
				   sizeof(err));
		assert_int_equal(rc, -ENOSPC);
		assert_int_equal(len, 0);
		assert_contains(err, "does not fit");
		for (i = size; i < o.len + 64; i++)
			assert_int_equal(buf[i], CANARY);
		if (size >= 4)
			assert_int_not_equal(tu_get32(buf), FDT_MAGIC);
	}
	/* The exact size suffices, and gives the same blob. */
	rc = dom0_build_dt(&h.fdt, &cfg, buf, o.len, &len, err, sizeof(err));
	assert_int_equal(rc, 0);
	assert_int_equal(len, o.len);
	assert_memory_equal(buf, o.buf, o.len);
	rc = dom0_build_dt(&h.fdt, &cfg, buf, o.len - 1, &len, NULL, 0);
	assert_int_equal(rc, -ENOSPC);
	free(buf);
	done(&h, &o);
}

/* ---- corruption ---- */

/*
 * Random byte changes to the QEMU DTB: whatever fdt_open accepts gives a
 * valid dom0 DT or a reason, never a crash (ASan watches).
 */
static void test_corruption(void **state)
{
	struct dom0_dt_config cfg;
	struct host h = {0};
	uint8_t *m, *buf;
	uint64_t seed = 0x5eed0d0dULL;
	int iter, k, built = 0, failed = 0, n;
	char err[ERRLEN];
	struct fdt f, out;
	size_t len;
	int rc;

	if (!load_qemu(&h, "qemu-virt-gic2.dtb"))
		skip();
	qemu_config(&cfg, &h, 2);
	buf = malloc(BUF_SIZE);
	assert_non_null(buf);
	for (iter = 0; iter < 300; iter++) {
		m = tu_dup(h.blob, h.len);
		for (k = 0; k < 1 + iter % 4; k++) {
			/* In the structure and strings blocks. */
			size_t at = h.fdt.off_struct +
				    tu_rand(&seed) % (h.fdt.off_strings +
						      h.fdt.size_strings -
						      h.fdt.off_struct);

			m[at] = (uint8_t)tu_rand(&seed);
		}
		if (fdt_open(&f, m, h.len)) {
			free(m);
			continue;
		}
		err[0] = 'x';
		rc = dom0_build_dt(&f, &cfg, buf, BUF_SIZE, &len, err,
				   sizeof(err));
		if (rc == 0) {
			tu_open_ok(&out, buf, len);
			built++;
		} else {
			assert_true(rc < 0);
			assert_true(err[0] != '\0' && err[0] != 'x');
			failed++;
		}
		n = 0;
		rc = dom0_dt_collect_devices(&f, &cfg, ignore_res, &n, err,
					     sizeof(err));
		assert_true(rc <= 0);
		free(m);
	}
	/* Both outcomes were exercised. */
	assert_true(built > 0);
	assert_true(failed > 0);
	free(buf);
	free(h.blob);
}

/* ---- extended regions ---- */

/*
 * QEMU virt, 4 GiB of RAM at 1 GiB, a grant window just above it: the
 * holes up to the PCIe ECAM, between ECAM and the 64-bit PCIe window, and
 * above that window up to Linux's limit.
 */
static void test_ext_regions_qemu(void **state)
{
	const struct membank extra[] = {
		{.start = {0x40000000}, .size = 0x100000000ULL},
		{.start = {0x140000000ULL}, .size = 0x1000000},
	};
	struct membank scratch[128], out[8];
	struct host h = {0};
	int n, i;

	if (!load_qemu(&h, "qemu-virt-gic3.dtb"))
		skip();
	n = dom0_dt_ext_regions(&h.fdt, extra, 2, 0x40000000, 0x800040000000ULL,
				scratch, 128, out, 8);
	assert_int_equal(n, 3);
	assert_int_equal(pa_val(out[0].start), 0x141000000ULL);
	assert_int_equal(out[0].size, 0x4010000000ULL - 0x141000000ULL);
	assert_int_equal(pa_val(out[1].start), 0x4020000000ULL);
	assert_int_equal(out[1].size, 0x8000000000ULL - 0x4020000000ULL);
	assert_int_equal(pa_val(out[2].start), 0x10000000000ULL);
	assert_int_equal(out[2].size, 0x800040000000ULL - 0x10000000000ULL);
	for (i = 0; i < n; i++) {
		assert_int_equal(pa_val(out[i].start) % MB(2), 0);
		assert_int_equal(out[i].size % MB(2), 0);
		assert_true(out[i].size >= DOM0_EXT_REGION_MIN);
	}

	/* A lower limit inside a device, an upper one inside a hole. */
	n = dom0_dt_ext_regions(&h.fdt, extra, 2, 0x4010001000ULL,
				0x4030000000ULL, scratch, 128, out, 8);
	assert_int_equal(n, 1);
	assert_int_equal(pa_val(out[0].start), 0x4020000000ULL);
	assert_int_equal(out[0].size, 0x10000000);
	/* Below RAM the holes are small: under 64 MiB or none at all. */
	n = dom0_dt_ext_regions(&h.fdt, extra, 2, 0x0, 0x10000000, scratch, 128,
				out, 8);
	assert_int_equal(n, 1); /* 0x0a200000..0x10000000, 94 MiB */
	assert_int_equal(pa_val(out[0].start), 0x0a200000);
	/* Only max stored; too little scratch; bad arguments. */
	n = dom0_dt_ext_regions(&h.fdt, extra, 2, 0x40000000, 0x800040000000ULL,
				scratch, 128, out, 1);
	assert_int_equal(n, 1);
	assert_int_equal(pa_val(out[0].start), 0x141000000ULL);
	assert_int_equal(dom0_dt_ext_regions(&h.fdt, extra, 2, 0, 1ULL << 40,
					     scratch, 8, out, 8),
			 -E2BIG);
	assert_int_equal(dom0_dt_ext_regions(&h.fdt, extra, 2, 5, 5, scratch,
					     128, out, 8),
			 -EINVAL);
	free(h.blob);
}

/* Ranges ending at 2^64 and regions that only fit after 2 MiB cuts. */
static void test_ext_regions_edges(void **state)
{
	const struct membank extra[] = {
		{.start = {0x140100000ULL}, .size = 0x100000}, /* 1 MiB */
		{.start = {0x148300000ULL}, .size = 0x100000},
		{.start = {0x150000000ULL}, .size = 0ULL - 0x150000000ULL},
	};
	struct membank scratch[128], out[8];
	struct host h = {0};
	int n;

	if (!load_qemu(&h, "qemu-virt-gic3.dtb"))
		skip();
	/*
	 * Above QEMU's RAM: [0x140000000, 0x140100000): 1 MiB; then
	 * [0x140200000, 0x148300000) cut to 128 MiB; [0x148400000,
	 * 0x150000000): 124 MiB; nothing after the range reaching 2^64.
	 */
	n = dom0_dt_ext_regions(&h.fdt, extra, 3, 0x140000000ULL, ~0ULL,
				scratch, 128, out, 8);
	assert_int_equal(n, 2);
	assert_int_equal(pa_val(out[0].start), 0x140200000ULL);
	assert_int_equal(out[0].size, 0x8000000);
	assert_int_equal(pa_val(out[1].start), 0x148400000ULL);
	assert_int_equal(out[1].size, 0x7c00000);
	free(h.blob);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qemu_gic3),
		cmocka_unit_test(test_qemu_gic2),
		cmocka_unit_test(test_qemu_loader),
		cmocka_unit_test(test_qemu_many_vcpus),
		cmocka_unit_test(test_set_initrd),
		cmocka_unit_test(test_small_buffers),
		cmocka_unit_test(test_corruption),
		cmocka_unit_test(test_ext_regions_qemu),
		cmocka_unit_test(test_ext_regions_edges),
	};

	tu_set_data_dir(argv[0]);
	return cmocka_run_group_tests_name("dom0_dt", tests, setup, teardown);
}
