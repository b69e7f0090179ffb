/* SPDX-License-Identifier: MIT */
/*
 * dom0's device tree (common/dom0_dt.c): built from the QEMU virt DTBs
 * (GICv2, GICv3, guest-loader modules) and from hand-made host trees,
 * read back with our reader and decompiled by dtc without a warning;
 * every filtering rule, the regenerated nodes, clean failures (tiny
 * buffers, missing GIC / timer / CPUs, malformed trees, bad configs,
 * random corruption), and the list of devices whose MMIO and SPIs dom0
 * gets.
 */
/* hyp headers first: hyp/compiler.h must precede the libc headers. */
#include <hyp/dom0_dt.h>
#include <hyp/errno.h>
#include <hyp/fdt.h>
#include <hyp/fdt_wr.h>
#include <hyp/lib.h>

#include <unistd.h>

#include "fdt_test_util.h"

#define BUF_SIZE (256 * 1024)
#define CANARY 0xa5
#define ERRLEN 160

static char tmpdir[256];

/* ---- external tools ---- */

static bool have_tool(const char *tool)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", tool);
	return system(cmd) == 0;
}

static void write_file(const char *path, const void *p, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s;
	long len;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	rewind(f);
	s = calloc(1, (size_t)len + 1);
	assert_non_null(s);
	assert_int_equal(fread(s, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	return s;
}

/*
 * Drop the lines of dtc's stderr text containing what; returns text.
 */
static char *drop_lines(char *text, const char *what)
{
	char *w, *line, *next;

	while (what && (w = strstr(text, what))) {
		for (line = w; line > text && line[-1] != '\n'; line--)
			;
		next = strchr(w, '\n');
		next = next ? next + 1 : w + strlen(w);
		memmove(line, next, strlen(next) + 1);
	}
	return text;
}

/*
 * dtc's one complaint about what Linux requires: /hypervisor has a reg but
 * must be named exactly "hypervisor" (bindings/arm/xen.txt); Xen's dom0 DT
 * draws it too.
 */
#define HYPERVISOR_WARNING                                              \
	"(unit_address_vs_reg): /hypervisor: node has a reg or ranges " \
	"property, but no unit name"

/*
 * Decompile blob with dtc, which must succeed without a warning but the
 * one above and those containing allow (if not NULL). Returns the DTS
 * text (caller frees), or NULL when dtc is not installed.
 */
static char *dtc_dts(const void *blob, size_t len, const char *tag,
		     const char *allow)
{
	char in[512], out[512], err[512], cmd[2048];
	char *errtext;
	int rc;

	if (!have_tool("dtc"))
		return NULL;
	snprintf(in, sizeof(in), "%s/%s.dtb", tmpdir, tag);
	snprintf(out, sizeof(out), "%s/%s.dts", tmpdir, tag);
	snprintf(err, sizeof(err), "%s/%s.err", tmpdir, tag);
	write_file(in, blob, len);
	snprintf(cmd, sizeof(cmd), "dtc -I dtb -O dts -o %s %s 2>%s", out, in,
		 err);
	rc = system(cmd);
	errtext = read_text(err);
	drop_lines(drop_lines(errtext, HYPERVISOR_WARNING), allow);
	if (rc != 0 || errtext[0])
		fail_msg("dtc on %s: status %d: %s", in, rc, errtext);
	free(errtext);
	return read_text(out);
}

static void assert_contains(const char *text, const char *needle)
{
	if (!strstr(text, needle))
		fail_msg("expected \"%s\" in:\n%s", needle, text);
}

static void assert_lacks(const char *text, const char *needle)
{
	if (strstr(text, needle))
		fail_msg("unexpected \"%s\" in:\n%s", needle, text);
}

/* ---- reading the result ---- */

static int node_at(const struct fdt *f, const char *path)
{
	int n = fdt_path_offset(f, path);

	if (n < 0)
		fail_msg("no node %s (%d)", path, n);
	return n;
}

static void assert_no_node(const struct fdt *f, const char *path)
{
	int n = fdt_path_offset(f, path);

	if (n >= 0)
		fail_msg("unexpected node %s", path);
}

static const void *prop_at(const struct fdt *f, const char *path,
			   const char *name, int *len)
{
	const void *p = fdt_getprop(f, node_at(f, path), name, len);

	if (!p)
		fail_msg("no property %s in %s", name, path);
	return p;
}

static void assert_no_prop(const struct fdt *f, const char *path,
			   const char *name)
{
	if (fdt_getprop(f, node_at(f, path), name, NULL))
		fail_msg("unexpected property %s in %s", name, path);
}

static void assert_prop_bytes(const struct fdt *f, const char *path,
			      const char *name, const void *val, int len)
{
	int l;
	const void *p = prop_at(f, path, name, &l);

	if (l != len || memcmp(p, val, (size_t)len) != 0)
		fail_msg("%s:%s: length %d, expected %d, or other bytes", path,
			 name, l, len);
}

/* A property of n big-endian cells. */
static void assert_prop_cells(const struct fdt *f, const char *path,
			      const char *name, int n, ...)
{
	uint8_t buf[512];
	va_list ap;
	int i;

	assert_true(n * 4 <= (int)sizeof(buf));
	va_start(ap, n);
	for (i = 0; i < n; i++)
		tu_put32(buf + 4 * i, va_arg(ap, uint32_t));
	va_end(ap);
	assert_prop_bytes(f, path, name, buf, n * 4);
}

static void assert_prop_str(const struct fdt *f, const char *path,
			    const char *name, const char *s)
{
	assert_prop_bytes(f, path, name, s, (int)strlen(s) + 1);
}

static int count_props(const struct fdt *f, int node)
{
	int prop, n = 0;

	fdt_for_each_property (prop, f, node)
		n++;
	return n;
}

static int count_subnodes(const struct fdt *f, int node)
{
	int child, n = 0;

	fdt_for_each_subnode (child, f, node)
		n++;
	return n;
}

/* Root children named name, or starting with name + "@". */
static int count_named(const struct fdt *f, const char *name)
{
	size_t l = strlen(name);
	const char *n;
	int child, count = 0;

	fdt_for_each_subnode (child, f, fdt_root(f)) {
		n = fdt_get_name(f, child, NULL);
		if (strncmp(n, name, l) == 0 && (n[l] == '\0' || n[l] == '@'))
			count++;
	}
	return count;
}

/* Every node whose device_type is "memory". */
static int count_memory_nodes(const struct fdt *f)
{
	const char *s;
	int n, count = 0;

	for (n = fdt_root(f); n >= 0; n = fdt_next_node(f, n, NULL))
		if (fdt_getprop_str(f, n, "device_type", &s) >= 0 &&
		    strcmp(s, "memory") == 0)
			count++;
	return count;
}

/* Same properties (order, names, values) and subtrees in a and b. */
static void assert_same_node(const struct fdt *a, int na, const struct fdt *b,
			     int nb)
{
	int pa = fdt_first_property(a, na), pb = fdt_first_property(b, nb);
	const char *name_a, *name_b;
	const void *va, *vb;
	int la, lb, ca, cb;

	for (; pa >= 0 && pb >= 0;
	     pa = fdt_next_property(a, pa), pb = fdt_next_property(b, pb)) {
		va = fdt_getprop_by_offset(a, pa, &name_a, &la);
		vb = fdt_getprop_by_offset(b, pb, &name_b, &lb);
		if (strcmp(name_a, name_b) || la != lb ||
		    memcmp(va, vb, (size_t)la))
			fail_msg("%s: property %s / %s differs",
				 fdt_get_name(a, na, NULL), name_a, name_b);
	}
	if (pa >= 0 || pb >= 0)
		fail_msg("%s: property counts differ",
			 fdt_get_name(a, na, NULL));
	ca = fdt_first_subnode(a, na);
	cb = fdt_first_subnode(b, nb);
	for (; ca >= 0 && cb >= 0;
	     ca = fdt_next_subnode(a, ca), cb = fdt_next_subnode(b, cb)) {
		assert_string_equal(fdt_get_name(a, ca, NULL),
				    fdt_get_name(b, cb, NULL));
		assert_same_node(a, ca, b, cb);
	}
	if (ca >= 0 || cb >= 0)
		fail_msg("%s: subnode counts differ",
			 fdt_get_name(a, na, NULL));
}

static void assert_same_path(const struct fdt *host, const struct fdt *dom0,
			     const char *path)
{
	assert_same_node(host, node_at(host, path), dom0, node_at(dom0, path));
}

/* ---- hosts and configs ---- */

struct host {
	void *blob;
	size_t len;
	struct fdt fdt;
	int hidden[2];
};

/* A QEMU dump; false (the test skips) when QEMU was not installed. */
static bool load_qemu(struct host *h, const char *name)
{
	h->blob = tu_load_data(name, &h->len);
	if (!h->blob)
		return false;
	tu_open_ok(&h->fdt, h->blob, h->len);
	return true;
}

static void host_from_tb(struct host *h, struct tb *b)
{
	size_t len;
	uint8_t *blob = tb_finish(b, &len);

	h->blob = tu_dup(blob, len);
	h->len = len;
	tu_open_ok(&h->fdt, h->blob, h->len);
}

static const struct membank qemu_banks[] = {
	{.start = {0x40000000}, .size = 0x20000000},
	{.start = {0x100000000ULL}, .size = 0x10000000},
};
static const struct membank qemu_ext[] = {
	{.start = {0x60000000}, .size = 0x20000000},
	{.start = {0x110000000ULL}, .size = 0x3ef0000000ULL},
};

static void qemu_config(struct dom0_dt_config *cfg, struct host *h,
			unsigned int vcpus)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->banks = qemu_banks;
	cfg->nr_banks = 2;
	cfg->nr_vcpus = vcpus;
	cfg->bootargs = "console=hvc0 earlycon=xen root=/dev/vda";
	cfg->initrd_start = 0x48000000;
	cfg->initrd_end = 0x48123456;
	cfg->evtchn_ppi = 16;
	cfg->gnttab.start = pa_init(0x7fe00000);
	cfg->gnttab.size = 0x40000;
	cfg->ext_regions = qemu_ext;
	cfg->nr_ext_regions = 2;
	h->hidden[0] = node_at(&h->fdt, "/pl011@9000000");
	cfg->hidden = h->hidden;
	cfg->nr_hidden = 1;
	cfg->hide_iommus = true;
}

struct out {
	uint8_t *buf;
	size_t len;
	struct fdt fdt;
	char err[ERRLEN];
};

static int build(struct host *h, const struct dom0_dt_config *cfg,
		 struct out *o)
{
	int rc;

	if (!o->buf)
		o->buf = malloc(BUF_SIZE);
	assert_non_null(o->buf);
	o->len = 12345;
	rc = dom0_build_dt(&h->fdt, cfg, o->buf, BUF_SIZE, &o->len, o->err,
			   sizeof(o->err));
	if (rc == 0) {
		assert_string_equal(o->err, "");
		tu_open_ok(&o->fdt, o->buf, o->len);
	} else {
		/* A clear reason, and no valid blob left behind. */
		assert_true(o->err[0] != '\0');
		assert_int_equal(o->len, 0);
		assert_int_not_equal(tu_get32(o->buf), FDT_MAGIC);
	}
	return rc;
}

static void build_ok(struct host *h, const struct dom0_dt_config *cfg,
		     struct out *o)
{
	int rc = build(h, cfg, o);

	if (rc)
		fail_msg("dom0_build_dt: %d: %s", rc, o->err);
}

static void build_fails(struct host *h, const struct dom0_dt_config *cfg,
			int want, const char *msg)
{
	struct out o = {0};
	int rc = build(h, cfg, &o);

	if (rc != want)
		fail_msg("dom0_build_dt: %d (%s), expected %d", rc, o.err,
			 want);
	assert_contains(o.err, msg);
	free(o.buf);
}

static void done(struct host *h, struct out *o)
{
	free(h->blob);
	free(o->buf);
	h->blob = NULL;
	o->buf = NULL;
}

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
	dts = dtc_dts(o->buf, o->len, "qemu", NULL);
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
	dts = dtc_dts(o.buf, o.len, "vcpus", NULL);
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

/* ---- hand-made hosts ---- */

/* A reg property of n <address size> pairs with ac / sc cells. */
static void tb_reg(struct tb *b, const char *name, int ac, int sc, int n,
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
static void build_min(struct host *h, int ac, int sc, unsigned int opts)
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

static void min_config(struct dom0_dt_config *cfg, struct host *h)
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
	dts = dtc_dts(o.buf, o.len, "min11", NULL);
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
	dts = dtc_dts(o.buf, o.len, "min21", NULL);
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
	dts = dtc_dts(o.buf, o.len, "clash", NULL);
	free(dts);
	done(&h, &o);
}

static int ignore_res(const struct fdt *host,
		      const struct dom0_dt_resource *res, void *arg)
{
	(*(int *)arg)++;
	return 0;
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

/*
 * A GICv3 host with every kind of node the rules are about; ac / sc 2.
 * Phandles: 1 GIC, 2 ITS, 5 GPIO, 6 SMMU.
 */
static void build_rich(struct host *h)
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

static void rich_config(struct dom0_dt_config *cfg, struct host *h,
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
	dts = dtc_dts(o.buf, o.len, "rich",
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
	free(dtc_dts(o.buf, o.len, "v2m", NULL));

	collect(&h, &cfg, l);
	assert_mmio(l, "v2m@80000", 0x2f080000, 0x1000, DOM0_RES_MSI_FRAME);
	for (i = 64; i < 68; i++)
		assert_spi(l, "v2m@80000", (unsigned int)i, 1,
			   DOM0_RES_MSI_FRAME);
	assert_int_equal(l->n, 5);
	free(l);
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

static int setup(void **state)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_dom0_dt.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
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
		cmocka_unit_test(test_min_cells),
		cmocka_unit_test(test_min_no_chosen),
		cmocka_unit_test(test_min_name_clash),
		cmocka_unit_test(test_min_errors),
		cmocka_unit_test(test_rich_filters),
		cmocka_unit_test(test_redist_regions),
		cmocka_unit_test(test_devices_qemu_gic3),
		cmocka_unit_test(test_devices_qemu_gic2),
		cmocka_unit_test(test_devices_rich),
		cmocka_unit_test(test_devices_v2m),
		cmocka_unit_test(test_corruption),
		cmocka_unit_test(test_ext_regions_qemu),
		cmocka_unit_test(test_ext_regions_edges),
	};

	tu_set_data_dir(argv[0]);
	return cmocka_run_group_tests_name("dom0_dt", tests, setup, teardown);
}
