/* SPDX-License-Identifier: MIT */
/*
 * The domain builder's guest device tree (tools/xl/dom_dt.c over the FDT
 * writer tools/libs/fdt): decompiled with dtc, it must describe what
 * Linux looks for on Xen's Arm guest layout.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "dombuild.h"
#include "fdtpartial.h"
#include "fdtw.h"

/* dtc's DTS text for blob (string lists print as "a\\0b"). */
static char *decompile(const void *blob, size_t len)
{
	char path[] = "/tmp/test_domdt.XXXXXX";
	char cmd[128], *out = NULL;
	size_t cap = 0;
	int fd = mkstemp(path);
	FILE *p;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, blob, len), (ssize_t)len);
	close(fd);
	snprintf(cmd, sizeof(cmd), "dtc -q -I dtb -O dts %s 2>&1", path);
	p = popen(cmd, "r");
	assert_non_null(p);
	if (getdelim(&out, &cap, '\0', p) < 0) {
		free(out);
		out = NULL;
	}
	if (pclose(p) != 0) {
		fail_msg("dtc rejected the blob: %s", out ? out : "");
	}
	unlink(path);
	return out;
}

static void has(const char *dts, const char *want)
{
	if (!strstr(dts, want))
		fail_msg("device tree lacks '%s':\n%s", want, dts);
}

static struct xl_domcfg cfg(unsigned vcpus, int vuart)
{
	struct xl_domcfg c;

	memset(&c, 0, sizeof(c));
	c.memory_mb = 128;
	c.vcpus = c.maxvcpus = vcpus;
	c.vuart = vuart;
	snprintf(c.cmdline, sizeof(c.cmdline), "console=hvc0 rdinit=/init");
	return c;
}

static void test_gicv3(void **state)
{
	struct xl_domcfg c = cfg(2, 0);
	struct dom_result r = {.gic_version = 3,
			       .ramdisk_addr = 0x47e00000,
			       .ramdisk_size = 0x1000};
	size_t len;
	void *blob = dombuild_dt(&c, &r, 62500000, NULL, &len);
	char *dts;

	(void)state;
	assert_non_null(blob);
	dts = decompile(blob, len);
	has(dts, "compatible = \"xen,xenvm-4.17\\0xen,xenvm\";");
	has(dts, "bootargs = \"console=hvc0 rdinit=/init\";");
	has(dts, "linux,initrd-start = <0x00 0x47e00000>;");
	has(dts, "linux,initrd-end = <0x00 0x47e01000>;");
	has(dts, "cpu@0 {");
	has(dts, "cpu@1 {");
	has(dts, "enable-method = \"psci\";");
	has(dts, "method = \"hvc\";");
	has(dts, "memory@40000000 {");
	has(dts, "reg = <0x00 0x40000000 0x00 0x8000000>;");
	has(dts, "compatible = \"arm,gic-v3\";");
	has(dts, "reg = <0x00 0x3001000 0x00 0x10000 0x00 0x3020000 0x00 "
		 "0x1000000>;");
	has(dts, "interrupts = <0x01 0x0d 0xf08 0x01 0x0e 0xf08 0x01 0x0b "
		 "0xf08 0x01 0x0a 0xf08>;");
	has(dts, "clock-frequency = <0x3b9aca0>;");
	/* Linux matches the node by this exact name. */
	has(dts, "\thypervisor {");
	has(dts, "compatible = \"xen,xen-4.17\\0xen,xen\";");
	has(dts, "reg = <0x00 0x38000000 0x00 0x1000000>;");
	has(dts, "interrupts = <0x01 0x0f 0xf08>;");
	assert_null(strstr(dts, "sbsa-uart"));
	free(dts);
	free(blob);
}

static void test_gicv2_vuart(void **state)
{
	struct xl_domcfg c = cfg(17, 1);
	struct dom_result r = {.gic_version = 2};
	size_t len;
	void *blob = dombuild_dt(&c, &r, 0, NULL, &len);
	char *dts;

	(void)state;
	assert_non_null(blob);
	dts = decompile(blob, len);
	has(dts, "compatible = \"arm,cortex-a15-gic\\0arm,cortex-a9-gic\";");
	has(dts, "reg = <0x00 0x3001000 0x00 0x1000 0x00 0x3002000 0x00 "
		 "0x2000>;");
	/* vCPU 16 is Aff1 1, Aff0 0 in Xen's vMPIDR. */
	has(dts, "cpu@100 {");
	has(dts, "sbsa-uart@22000000 {");
	has(dts, "interrupts = <0x00 0x00 0x04>;");
	assert_null(strstr(dts, "initrd"));
	assert_null(strstr(dts, "clock-frequency"));
	free(dts);
	free(blob);
}

static void test_ram_banks(void **state)
{
	uint64_t base[GUEST_RAM_BANKS], size[GUEST_RAM_BANKS];

	(void)state;
	/* Up to 3 GiB: bank 0 only. */
	assert_int_equal(dombuild_ram_banks(128, base, size), 1);
	assert_int_equal(base[0], GUEST_RAM0_BASE);
	assert_int_equal(size[0], 128ULL << 20);
	assert_int_equal(base[1], 0);
	assert_int_equal(size[1], 0);
	assert_int_equal(dombuild_ram_banks(3072, base, size), 1);
	assert_int_equal(size[0], GUEST_RAM0_SIZE);
	/* Past it, the rest at GUEST_RAM1_BASE (8 GiB), as libxl. */
	assert_int_equal(dombuild_ram_banks(3073, base, size), 2);
	assert_int_equal(size[0], GUEST_RAM0_SIZE);
	assert_int_equal(base[1], 0x200000000ULL);
	assert_int_equal(size[1], 1ULL << 20);
	assert_int_equal(dombuild_ram_banks(8192, base, size), 2);
	assert_int_equal(size[1], 5ULL << 30);
	assert_int_equal(dombuild_ram_banks(GUEST_RAM_MAX >> 20, base, size),
			 2);
	assert_int_equal(size[1], GUEST_RAM1_SIZE);
	/* Nothing, or more than both banks: none. */
	assert_int_equal(dombuild_ram_banks(0, base, size), 0);
	assert_int_equal(
		dombuild_ram_banks((GUEST_RAM_MAX >> 20) + 1, base, size), 0);
	assert_int_equal(size[0], 0);
}

static void test_two_memory_nodes(void **state)
{
	struct xl_domcfg c = cfg(1, 0);
	struct dom_result r = {.gic_version = 3};
	size_t len;
	void *blob;
	char *dts;

	(void)state;
	c.memory_mb = 4096;
	blob = dombuild_dt(&c, &r, 0, NULL, &len);
	assert_non_null(blob);
	dts = decompile(blob, len);
	/* A node per bank, as libxl's make_memory_nodes. */
	has(dts, "memory@40000000 {");
	has(dts, "reg = <0x00 0x40000000 0x00 0xc0000000>;");
	has(dts, "memory@200000000 {");
	has(dts, "reg = <0x02 0x00 0x00 0x40000000>;");
	free(dts);
	free(blob);
	/* 3 GiB exactly: no second node. */
	c.memory_mb = 3072;
	blob = dombuild_dt(&c, &r, 0, NULL, &len);
	dts = decompile(blob, len);
	assert_null(strstr(dts, "memory@200000000"));
	has(dts, "reg = <0x00 0x40000000 0x00 0xc0000000>;");
	free(dts);
	free(blob);
}

static void test_writer_errors(void **state)
{
	struct fdtw w;
	size_t len;
	int err;

	(void)state;
	fdtw_init(&w);
	fdtw_begin_node(&w, "");
	assert_null(fdtw_finish(&w, &len, &err)); /* node left open */
	assert_int_not_equal(err, 0);
	fdtw_init(&w);
	fdtw_end_node(&w);
	assert_null(fdtw_finish(&w, &len, &err)); /* closed too often */
	fdtw_init(&w);
	fdtw_prop_u32(&w, "x", 1); /* property outside any node */
	assert_null(fdtw_finish(&w, &len, &err));
}

/* dtc's DTB for dts (malloc'd, *len bytes). */
static void *compile(const char *dts, size_t *len)
{
	char src[] = "/tmp/test_domdt_src.XXXXXX";
	char dst[] = "/tmp/test_domdt_dtb.XXXXXX";
	char cmd[160];
	int fs = mkstemp(src), fd = mkstemp(dst);
	void *blob;
	long n;
	FILE *f;

	assert_true(fs >= 0 && fd >= 0);
	assert_int_equal(write(fs, dts, strlen(dts)), (ssize_t)strlen(dts));
	close(fs);
	close(fd);
	snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb -o %s %s", dst, src);
	assert_int_equal(system(cmd), 0);
	f = fopen(dst, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	blob = malloc((size_t)n);
	assert_int_equal(fread(blob, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	unlink(src);
	unlink(dst);
	*len = (size_t)n;
	return blob;
}

static const char partial_dts[] =
	"/dts-v1/;\n/ {\n#address-cells = <2>; #size-cells = <2>;\n"
	"aliases { gpio0 = \"/passthrough/pl061@9030000\"; };\n"
	"ignored { foo = <1>; };\n"
	"passthrough { compatible = \"simple-bus\"; ranges;\n"
	"#address-cells = <2>; #size-cells = <2>;\n"
	"pl061@9030000 { compatible = \"arm,pl061\", \"arm,primecell\";\n"
	"reg = <0 0x9030000 0 0x1000>; interrupts = <0 7 4>;\n"
	"sub { x = <5>; }; }; }; };\n";

/* device_tree=: /passthrough and /aliases copied, the rest not (libxl). */
static void test_partial(void **state)
{
	struct xl_domcfg c = cfg(1, 0);
	struct dom_result r = {.gic_version = 3};
	struct dom_partial p;
	char why[128];
	size_t plen, len;
	void *pblob = compile(partial_dts, &plen), *blob;
	char *dts;

	(void)state;
	assert_int_equal(fdt_partial_check(pblob, plen, why, sizeof(why)), 0);
	p = (struct dom_partial){pblob, plen};
	blob = dombuild_dt(&c, &r, 0, &p, &len);
	assert_non_null(blob);
	dts = decompile(blob, len);
	has(dts, "passthrough {");
	has(dts, "compatible = \"simple-bus\";");
	has(dts, "pl061@9030000 {");
	has(dts, "reg = <0x00 0x9030000 0x00 0x1000>;");
	has(dts, "interrupts = <0x00 0x07 0x04>;");
	has(dts, "sub {");
	has(dts, "aliases {");
	has(dts, "gpio0 = \"/passthrough/pl061@9030000\";");
	/* The root's interrupt-parent (GIC 65000) serves the copied nodes. */
	has(dts, "interrupt-parent = <0xfde8>;");
	assert_null(strstr(dts, "ignored"));
	free(dts);
	free(blob);
	free(pblob);
}

/* Malformed partial trees are refused with a reason, never overrun. */
static void test_partial_bad(void **state)
{
	size_t plen;
	uint8_t *pblob = compile(partial_dts, &plen), *m;
	void *nopt;
	size_t nlen;
	char why[128];
	unsigned int seed = 1;

	(void)state;
	why[0] = 0;
	assert_int_equal(fdt_partial_check(pblob, 20, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "not a flattened"));
	assert_int_equal(fdt_partial_check(pblob, plen - 4, why, sizeof(why)),
			 -1);
	assert_non_null(strstr(why, "totalsize"));
	nopt = compile("/dts-v1/;\n/ { aliases { a = \"/x\"; }; };\n", &nlen);
	assert_int_equal(fdt_partial_check(nopt, nlen, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "/passthrough"));
	free(nopt);

	/* Random corruption: checked or refused, and copy agrees. */
	m = malloc(plen);
	assert_non_null(m);
	for (int i = 0; i < 3000; i++) {
		struct fdtw w;
		size_t len;
		int err, ok;
		void *out;

		memcpy(m, pblob, plen);
		for (int k = 0; k < 1 + i % 4; k++)
			m[rand_r(&seed) % plen] = (uint8_t)rand_r(&seed);
		ok = fdt_partial_check(m, plen, why, sizeof(why)) == 0;
		fdtw_init(&w);
		fdtw_begin_node(&w, "");
		assert_int_equal(fdt_partial_copy(&w, m, plen) == 0, ok);
		fdtw_end_node(&w);
		out = fdtw_finish(&w, &len, &err);
		assert_true(ok ? out != NULL : out == NULL);
		free(out);
	}
	free(m);
	free(pblob);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gicv3),
		cmocka_unit_test(test_gicv2_vuart),
		cmocka_unit_test(test_ram_banks),
		cmocka_unit_test(test_two_memory_nodes),
		cmocka_unit_test(test_writer_errors),
		cmocka_unit_test(test_partial),
		cmocka_unit_test(test_partial_bad),
	};

	return cmocka_run_group_tests_name("domdt", tests, NULL, NULL);
}
