/* SPDX-License-Identifier: MIT */
/*
 * dom0's device tree (common/dom0_dt.c): the list of devices whose MMIO
 * and SPIs dom0 gets (QEMU virt with GICv2 and GICv3, the rich hand-made
 * host, GICv2m frames) and the GICv3 redistributor regions. Helpers:
 * dom0_dt_test_util.h, dom0_dt_test_hosts.h.
 */
/* hyp headers first: hyp/compiler.h must precede the libc headers. */
#include "dom0_dt_test_hosts.h"

static void test_redist_regions(void **state)
{
	struct membank r[4];
	struct host h = {0};
	char err[ERRLEN];

	build_rich(&h);
	assert_int_equal(
		dom0_dt_redist_regions(&h.fdt, 3, r, 4, err, sizeof(err)), 2);
	assert_int_equal(pa_val(r[0].start), 0x80a0000);
	assert_int_equal(r[0].size, 0x40000);
	assert_int_equal(pa_val(r[1].start), 0x9a00000);
	assert_int_equal(
		dom0_dt_redist_regions(&h.fdt, 5, r, 1, err, sizeof(err)), 3);
	assert_int_equal(
		dom0_dt_redist_regions(&h.fdt, 1, NULL, 0, err, sizeof(err)),
		1);
	assert_int_equal(
		dom0_dt_redist_regions(&h.fdt, 7, r, 4, err, sizeof(err)),
		-EINVAL);
	assert_contains(err, "hold 6 CPUs");
	free(h.blob);

	build_min(&h, 2, 2, 0);
	assert_int_equal(
		dom0_dt_redist_regions(&h.fdt, 1, r, 4, err, sizeof(err)),
		-ENODEV);
	assert_contains(err, "not a GICv3");
	free(h.blob);
}

/* ---- devices ---- */

#define MAX_RES 256

struct res_log {
	const struct fdt *fdt;
	int n;
	struct dom0_dt_resource r[MAX_RES];
	char name[MAX_RES][32];
	int stop_at; /* return 42 at this call, if > 0 */
};

static int log_res(const struct fdt *host, const struct dom0_dt_resource *res,
		   void *arg)
{
	struct res_log *l = arg;

	assert_ptr_equal(host, l->fdt);
	assert_true(l->n < MAX_RES);
	l->r[l->n] = *res;
	snprintf(l->name[l->n], sizeof(l->name[0]), "%s",
		 fdt_get_name(host, res->node, NULL));
	l->n++;
	return l->n == l->stop_at ? 42 : 0;
}

static void collect(struct host *h, const struct dom0_dt_config *cfg,
		    struct res_log *l)
{
	char err[ERRLEN];
	int rc;

	memset(l, 0, sizeof(*l));
	l->fdt = &h->fdt;
	rc = dom0_dt_collect_devices(&h->fdt, cfg, log_res, l, err,
				     sizeof(err));
	if (rc)
		fail_msg("dom0_dt_collect_devices: %d: %s", rc, err);
	assert_string_equal(err, "");
}

/* Number of resources of node name: MMIO and SPIs. */
static void count_res(const struct res_log *l, const char *name, int *mmio,
		      int *spi)
{
	int i;

	*mmio = *spi = 0;
	for (i = 0; i < l->n; i++)
		if (strcmp(l->name[i], name) == 0) {
			if (l->r[i].kind == DOM0_RES_MMIO)
				(*mmio)++;
			else
				(*spi)++;
		}
}

static const struct dom0_dt_resource *find_mmio(const struct res_log *l,
						u64 addr)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (l->r[i].kind == DOM0_RES_MMIO && l->r[i].addr == addr)
			return &l->r[i];
	return NULL;
}

static const struct dom0_dt_resource *
find_spi(const struct res_log *l, const char *name, unsigned int intid)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (l->r[i].kind == DOM0_RES_SPI && l->r[i].intid == intid &&
		    strcmp(l->name[i], name) == 0)
			return &l->r[i];
	return NULL;
}

static void assert_mmio(const struct res_log *l, const char *name, u64 addr,
			u64 size, unsigned int flags)
{
	const struct dom0_dt_resource *r = find_mmio(l, addr);

	if (!r)
		fail_msg("no MMIO at %#llx", (unsigned long long)addr);
	assert_string_equal(l->name[r - l->r], name);
	assert_int_equal(r->size, size);
	assert_int_equal(r->flags, flags);
}

static void assert_spi(const struct res_log *l, const char *name,
		       unsigned int intid, unsigned int type,
		       unsigned int flags)
{
	const struct dom0_dt_resource *r = find_spi(l, name, intid);

	if (!r)
		fail_msg("no SPI %u for %s", intid, name);
	assert_int_equal(r->irq_type, type);
	assert_int_equal(r->flags, flags);
}

/* Distinct nodes in the log, each one's resources consecutive. */
static int count_nodes(const struct res_log *l)
{
	int i, j, n = 0;

	for (i = 0; i < l->n; i++) {
		if (i && l->r[i].node == l->r[i - 1].node)
			continue;
		for (j = 0; j < i; j++)
			assert_int_not_equal(l->r[j].node, l->r[i].node);
		n++;
	}
	return n;
}

static void check_qemu_devices(struct res_log *l)
{
	char name[32];
	int i, mmio, spi;

	for (i = 0; i < 32; i++) {
		snprintf(name, sizeof(name), "virtio_mmio@%x",
			 0xa000000 + 0x200 * i);
		count_res(l, name, &mmio, &spi);
		assert_int_equal(mmio, 1);
		assert_int_equal(spi, 1);
		assert_mmio(l, name, 0xa000000 + 0x200 * i, 0x200, 0);
		assert_spi(l, name, 48 + i, 1, 0);
	}
	/* PCIe: ECAM, then the I/O, 32-bit and 64-bit windows, INTx. */
	count_res(l, "pcie@10000000", &mmio, &spi);
	assert_int_equal(mmio, 4);
	assert_int_equal(spi, 4);
	assert_mmio(l, "pcie@10000000", 0x4010000000ULL, 0x10000000, 0);
	assert_mmio(l, "pcie@10000000", 0x3eff0000, 0x10000,
		    DOM0_RES_PCI_WINDOW);
	assert_mmio(l, "pcie@10000000", 0x10000000, 0x2eff0000,
		    DOM0_RES_PCI_WINDOW);
	assert_mmio(l, "pcie@10000000", 0x8000000000ULL, 0x8000000000ULL,
		    DOM0_RES_PCI_WINDOW);
	for (i = 35; i <= 38; i++)
		assert_spi(l, "pcie@10000000", (unsigned int)i, 4,
			   DOM0_RES_PCI_INTX);
	assert_mmio(l, "pl031@9010000", 0x9010000, 0x1000, 0);
	assert_spi(l, "pl031@9010000", 34, 4, 0);
	assert_mmio(l, "pl061@9030000", 0x9030000, 0x1000, 0);
	assert_spi(l, "pl061@9030000", 39, 4, 0);
	count_res(l, "fw-cfg@9020000", &mmio, &spi);
	assert_int_equal(mmio, 1);
	assert_int_equal(spi, 0);
	assert_mmio(l, "fw-cfg@9020000", 0x9020000, 0x18, 0);
	count_res(l, "flash@0", &mmio, &spi);
	assert_int_equal(mmio, 2);
	assert_mmio(l, "flash@0", 0, 0x4000000, 0);
	assert_mmio(l, "flash@0", 0x4000000, 0x4000000, 0);
	/* Not the hidden UART, the GIC or the timer. */
	assert_null(find_mmio(l, 0x9000000));
	assert_null(find_mmio(l, 0x8000000));
	assert_null(find_spi(l, "pl011@9000000", 33));
}

static void test_devices_qemu_gic3(void **state)
{
	struct dom0_dt_config cfg;
	struct host h = {0};
	struct res_log *l = malloc(sizeof(*l));

	if (!load_qemu(&h, "qemu-virt-gic3.dtb")) {
		free(l);
		skip();
	}
	qemu_config(&cfg, &h, 4);
	collect(&h, &cfg, l);
	check_qemu_devices(l);
	assert_int_equal(count_nodes(l), 32 + 5);
	assert_int_equal(l->n, 32 * 2 + 8 + 2 + 2 + 1 + 2);
	/* No ITS frame (dom0 gets no ITS). */
	assert_null(find_mmio(l, 0x8080000));

	/* The walk stops at the callback's first non-zero return. */
	memset(l, 0, sizeof(*l));
	l->fdt = &h.fdt;
	l->stop_at = 3;
	assert_int_equal(
		dom0_dt_collect_devices(&h.fdt, &cfg, log_res, l, NULL, 0), 42);
	assert_int_equal(l->n, 3);

	/* Without hiding the UART, it is listed. */
	cfg.nr_hidden = 0;
	collect(&h, &cfg, l);
	assert_mmio(l, "pl011@9000000", 0x9000000, 0x1000, 0);
	assert_spi(l, "pl011@9000000", 33, 4, 0);
	free(l);
	free(h.blob);
}

static void test_devices_qemu_gic2(void **state)
{
	struct dom0_dt_config cfg;
	struct host h = {0};
	struct res_log *l = malloc(sizeof(*l));
	int mmio, spi;

	if (!load_qemu(&h, "qemu-virt-gic2.dtb")) {
		free(l);
		skip();
	}
	qemu_config(&cfg, &h, 2);
	collect(&h, &cfg, l);
	check_qemu_devices(l);
	/* The v2m frame: its SPIs come from its MSI_TYPER. */
	assert_mmio(l, "v2m@8020000", 0x8020000, 0x1000, DOM0_RES_MSI_FRAME);
	count_res(l, "v2m@8020000", &mmio, &spi);
	assert_int_equal(spi, 0);
	assert_int_equal(count_nodes(l), 32 + 5 + 1);
	free(l);
	free(h.blob);
}

static void test_devices_rich(void **state)
{
	struct dom0_dt_config cfg;
	struct host h = {0};
	struct res_log *l = malloc(sizeof(*l));
	int mmio, spi;

	build_rich(&h);
	rich_config(&cfg, &h, 2);
	collect(&h, &cfg, l);

	/* Reserved memory as given; the disabled region is skipped. */
	assert_mmio(l, "shm@c0000000", 0xc0000000, 0x100000,
		    DOM0_RES_RESERVED_MEM);
	assert_mmio(l, "fw@c1000000", 0xc1000000, 0x200000,
		    DOM0_RES_RESERVED_MEM);
	assert_mmio(l, "fw@c1000000", 0xc2000000, 0x1000,
		    DOM0_RES_RESERVED_MEM);
	assert_null(find_mmio(l, 0xc3000000));
	/* interrupts-extended: the GIC one only. */
	count_res(l, "ext@a1000000", &mmio, &spi);
	assert_int_equal(mmio, 1);
	assert_int_equal(spi, 1);
	assert_spi(l, "ext@a1000000", 52, 4, 0);
	assert_spi(l, "gpio@a2000000", 53, 4, 0);
	count_res(l, "button", &mmio, &spi);
	assert_int_equal(mmio + spi, 0);
	/*
	 * Disabled devices are not dom0's; passthrough ones are listed
	 * flagged (permission to hand on only), with their SPI.
	 */
	assert_mmio(l, "pt@a3000000", 0xa3000000, 0x1000, DOM0_RES_PASSTHROUGH);
	assert_spi(l, "pt@a3000000", 54, 4, DOM0_RES_PASSTHROUGH);
	assert_null(find_mmio(l, 0xa4000000));
	/* Hidden IOMMU left out, its master listed (with an extended SPI). */
	assert_null(find_mmio(l, 0xa5000000));
	assert_mmio(l, "dma@a6000000", 0xa6000000, 0x1000, 0);
	assert_spi(l, "dma@a6000000", 57, 4, 0);
	assert_spi(l, "dma@a6000000", 4096 + 3, 1, 0);
	/* Through the bus's ranges; the I2C device is not memory-mapped. */
	assert_mmio(l, "dev@1000", 0xb0001000, 0x100, 0);
	assert_spi(l, "dev@1000", 58, 4, 0);
	assert_mmio(l, "i2c@2000", 0xb0002000, 0x100, 0);
	count_res(l, "eeprom@50", &mmio, &spi);
	assert_int_equal(mmio + spi, 0);
	assert_null(find_mmio(l, 0xb0003000));
	/* PCIe: the GIC INTx once, not the GPIO one, no endpoint. */
	count_res(l, "pcie@40000000", &mmio, &spi);
	assert_int_equal(mmio, 3);
	assert_int_equal(spi, 1);
	assert_spi(l, "pcie@40000000", 35, 4, DOM0_RES_PCI_INTX);
	assert_mmio(l, "pcie@40000000", 0x20000000, 0x10000000,
		    DOM0_RES_PCI_WINDOW);
	count_res(l, "ep@0", &mmio, &spi);
	assert_int_equal(mmio + spi, 0);
	/* Nothing of what dom0 does not get. */
	assert_null(find_mmio(l, 0x9000000));
	assert_null(find_mmio(l, 0x8000000));
	assert_null(find_mmio(l, 0x8080000));
	assert_null(find_mmio(l, 0x2c000000));
	assert_null(find_mmio(l, 0x2a810000));
	assert_null(find_mmio(l, 0xa0000000));
	assert_null(find_mmio(l, 0x80000000));
	assert_null(find_mmio(l, 0x51000000));
	assert_int_equal(count_nodes(l), 9); /* with pt@a3000000 */

	/* Without hide_iommus the SMMU is dom0's. */
	cfg.hide_iommus = false;
	collect(&h, &cfg, l);
	assert_mmio(l, "iommu@a5000000", 0xa5000000, 0x20000, 0);
	assert_spi(l, "iommu@a5000000", 56, 1, 0);
	free(l);
	free(h.blob);
}

/* GICv2m frames that name their SPIs. */
static void test_devices_v2m(void **state)
{
	struct dom0_dt_config cfg;
	struct host h = {0};
	struct out o = {0};
	struct res_log *l = malloc(sizeof(*l));
	struct tb *b = tb_new();
	int i;

	tb_begin(b, "");
	tb_prop_cells(b, "#address-cells", 1, 1);
	tb_prop_cells(b, "#size-cells", 1, 1);
	tb_prop_cells(b, "interrupt-parent", 1, 1);
	tb_begin(b, "cpus");
	tb_prop_cells(b, "#address-cells", 1, 1);
	tb_prop_cells(b, "#size-cells", 1, 0);
	tb_begin(b, "cpu@0");
	tb_prop_str(b, "device_type", "cpu");
	tb_prop_str(b, "compatible", "arm,cortex-a53");
	tb_prop_cells(b, "reg", 1, 0);
	tb_end(b);
	tb_end(b);
	tb_begin(b, "gic@2f000000");
	tb_prop_str(b, "compatible", "arm,gic-400");
	tb_prop_cells(b, "#interrupt-cells", 1, 3);
	tb_prop_cells(b, "#address-cells", 1, 1);
	tb_prop_cells(b, "#size-cells", 1, 1);
	tb_prop_cells(b, "ranges", 3, 0, 0x2f000000, 0x100000);
	tb_prop(b, "interrupt-controller", NULL, 0);
	REG(b, 1, 1, 0x2f000000, 0x1000, 0x2f002000, 0x2000);
	tb_prop_cells(b, "phandle", 1, 1);
	tb_begin(b, "v2m@80000");
	tb_prop_str(b, "compatible", "arm,gic-v2m-frame");
	tb_prop(b, "msi-controller", NULL, 0);
	REG(b, 1, 1, 0x80000, 0x1000);
	tb_prop_cells(b, "arm,msi-base-spi", 1, 64);
	tb_prop_cells(b, "arm,msi-num-spis", 1, 4);
	tb_end(b);
	tb_begin(b, "other@90000");
	tb_prop_str(b, "compatible", "test,other");
	REG(b, 1, 1, 0x90000, 0x1000);
	tb_end(b);
	tb_end(b);
	tb_begin(b, "timer");
	tb_prop_str(b, "compatible", "arm,armv8-timer");
	tb_prop_cells(b, "interrupts", 9, 1, 13, 0xff08, 1, 14, 0xff08, 1, 11,
		      0xff08);
	tb_end(b);
	tb_end(b);
	host_from_tb(&h, b);
	tb_free(b);

	memset(&cfg, 0, sizeof(cfg));
	cfg.banks = &min_bank;
	cfg.nr_banks = 1;
	cfg.nr_vcpus = 1;
	cfg.evtchn_ppi = 16;
	cfg.gnttab = min_bank;
	build_ok(&h, &cfg, &o);
	/* The frame is copied, the GIC's other children are not. */
	assert_same_path(&h.fdt, &o.fdt, "/gic@2f000000/v2m@80000");
	assert_no_node(&o.fdt, "/gic@2f000000/other@90000");
	assert_prop_cells(&o.fdt, "/gic@2f000000", "ranges", 3, 0, 0x2f000000,
			  0x100000);
	free(dom0_dtc(o.buf, o.len, "v2m", NULL));

	collect(&h, &cfg, l);
	assert_mmio(l, "v2m@80000", 0x2f080000, 0x1000, DOM0_RES_MSI_FRAME);
	for (i = 64; i < 68; i++)
		assert_spi(l, "v2m@80000", (unsigned int)i, 1,
			   DOM0_RES_MSI_FRAME);
	assert_int_equal(l->n, 5);
	free(l);
	done(&h, &o);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_redist_regions),
		cmocka_unit_test(test_devices_qemu_gic3),
		cmocka_unit_test(test_devices_qemu_gic2),
		cmocka_unit_test(test_devices_rich),
		cmocka_unit_test(test_devices_v2m),
	};

	tu_set_data_dir(argv[0]);
	return cmocka_run_group_tests_name("dom0_dt_devices", tests, setup,
					   teardown);
}
