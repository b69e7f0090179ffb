/* SPDX-License-Identifier: MIT */
/*
 * FDT writer: trees built with fdtw_*() must open with our reader and
 * round-trip, and pass the real dtc (and fdtget when installed); strings
 * are shared; every misuse and every too-small buffer fails cleanly and
 * stickily. Copying from a source tree: test_fdt_wr_copy.c. Helpers:
 * fdt_wr_test_util.h.
 */
#include "fdt_wr_test_util.h"

static void test_build_roundtrip(void **state)
{
	static const u8 wide[16] = {0, 0, 0, 0x12, 0x34, 0x56, 0x78, 0x9a,
				    0, 0, 0, 0,	   0,	 0,    0,    1};
	u8 *buf = malloc(BIG);
	struct fdtw w;
	struct fdt fdt;
	size_t total;
	const char *str;
	const u8 *p;
	void *ph;
	u64 a, sz;
	u32 u;
	int node, len;

	assert_int_equal(build_sample(&w, buf, BIG, &total, &ph), 0);
	assert_int_equal(w.err, 0);
	/* Filled in after fdtw_finish(): the struct block never moves. */
	memcpy(ph, "\0\0\0\0\x4c\0\0\0", 8);
	tu_open_ok(&fdt, buf, total);

	/* Spec 5.2 header. */
	assert_int_equal(tu_get32(buf + 4), total);
	assert_int_equal(fdt.version, 17);
	assert_int_equal(tu_get32(buf + 24), 16);
	assert_int_equal(tu_get32(buf + 28), 3);
	assert_int_equal(fdt.off_rsvmap, 40);
	assert_int_equal(fdt.off_struct + fdt.size_struct, fdt.off_strings);
	assert_int_equal(fdt.off_strings + fdt.size_strings, total);

	assert_int_equal(fdt_num_mem_rsv(&fdt), 2);
	assert_int_equal(fdt_get_mem_rsv(&fdt, 0, &a, &sz), 0);
	assert_true(a == 0x48000000 && sz == 0x100000);
	assert_int_equal(fdt_get_mem_rsv(&fdt, 1, &a, &sz), 0);
	assert_true(a == 0xffff000000000000ULL && sz == 0x1000);

	node = fdt_root(&fdt);
	assert_int_equal(fdt_getprop_str(&fdt, node, "model", &str), 13);
	assert_string_equal(str, "armvisor test");
	assert_int_equal(fdt_address_cells(&fdt, node), 2);

	node = fdt_path_offset(&fdt, "/chosen");
	assert_true(node >= 0);
	assert_int_equal(fdt_getprop_str(&fdt, node, "bootargs", &str), 26);
	assert_string_equal(str, "console=hvc0 root=/dev/vda");
	p = fdt_getprop(&fdt, node, "linux,initrd-start", &len);
	assert_int_equal(len, 8);
	assert_true(fdt64_ld(p) == 0x4c000000);
	p = fdt_getprop(&fdt, node, "linux,initrd-end", &len);
	assert_int_equal(len, 8);
	assert_true(fdt64_ld(p) == 0xeeeeeeeeeeeeeeeeULL);

	node = fdt_path_offset(&fdt, "/hypervisor");
	assert_true(node >= 0);
	assert_true(fdt_node_check_compatible(&fdt, node, "xen,xen-4.19"));
	assert_true(fdt_node_check_compatible(&fdt, node, "xen,xen"));
	p = fdt_getprop(&fdt, node, "compatible", &len);
	assert_int_equal(len, 21);
	assert_memory_equal(p, "xen,xen-4.19\0xen,xen", 21);
	p = fdt_getprop(&fdt, node, "big", &len);
	assert_int_equal(len, 8);
	assert_true(fdt64_ld(p) == 0x0123456789abcdefULL);
	p = fdt_getprop(&fdt, node, "cells", &len);
	assert_int_equal(len, 12);
	assert_int_equal(fdt32_ld(p), 1);
	assert_int_equal(fdt32_ld(p + 4), 27);
	assert_int_equal(fdt32_ld(p + 8), 0xf08);
	p = fdt_getprop(&fdt, node, "wide", &len);
	assert_int_equal(len, 16);
	assert_memory_equal(p, wide, 16);
	p = fdt_getprop(&fdt, node, "dma-coherent", &len);
	assert_non_null(p);
	assert_int_equal(len, 0);
	p = fdt_getprop(&fdt, node, "raw", &len);
	assert_int_equal(len, 5);
	assert_memory_equal(p, raw, 5);

	node = fdt_path_offset(&fdt, "/memory@40000000");
	assert_int_equal(fdt_num_reg(&fdt, node), 2);
	assert_int_equal(fdt_read_reg(&fdt, node, 1, &a, &sz), 0);
	assert_true(a == 0x80000000ULL && sz == 0x200000000ULL);

	node = fdt_path_offset(&fdt, "/soc@0/serial");
	assert_true(node >= 0);
	assert_int_equal(fdt_read_reg(&fdt, node, 0, &a, &sz), 0);
	assert_true(a == 0x9000000 && sz == 0x1000);
	assert_true(fdt_node_is_available(&fdt, node));
	assert_int_equal(fdt_getprop_u32(&fdt, fdt_parent_offset(&fdt, node),
					 "#size-cells", &u),
			 0);
	assert_int_equal(u, 1);

	/* Writer is done: later calls fail and leave the blob alone. */
	assert_int_equal(fdtw_begin_node(&w, "x"), -EINVAL);
	assert_int_equal(fdtw_finish(&w, &total), -EINVAL);
	tu_open_ok(&fdt, buf, total);
	free(buf);
}

static void test_dtc_and_fdtget(void **state)
{
	u8 *buf = malloc(BIG);
	struct fdtw w;
	size_t total;
	char *dts, *out;
	void *ph;

	assert_int_equal(build_sample(&w, buf, BIG, &total, &ph), 0);
	memcpy(ph, "\0\0\0\0\x4c\0\0\0", 8);
	dts = dtc_dts(buf, total, "sample", NULL);
	if (!dts) {
		free(buf);
		skip();
	}
	assert_contains(dts, "/memreserve/\t0x0000000048000000 "
			     "0x0000000000100000;");
	assert_contains(dts, "/memreserve/\t0xffff000000000000 "
			     "0x0000000000001000;");
	assert_contains(dts, "bootargs = \"console=hvc0 root=/dev/vda\";");
	assert_contains(dts, "linux,initrd-start = <0x00 0x4c000000>;");
	assert_contains(dts, "compatible = \"xen,xen-4.19\\0xen,xen\";");
	assert_contains(dts, "big = <0x1234567 0x89abcdef>;");
	assert_contains(dts, "cells = <0x01 0x1b 0xf08>;");
	assert_contains(dts, "wide = <0x12 0x3456789a 0x00 0x01>;");
	assert_contains(dts, "dma-coherent;");
	assert_contains(dts, "raw = [01 02 03 04 05];");
	assert_contains(dts, "reg = <0x00 0x40000000 0x00 0x10000000 0x00 "
			     "0x80000000 0x02 0x00>;");
	assert_contains(dts, "serial@9000000 {");
	assert_contains(dts, "reg = <0x9000000 0x1000>;");
	free(dts);

	out = fdtget(buf, total, "-t s", "/chosen bootargs");
	if (out) {
		assert_string_equal(out, "console=hvc0 root=/dev/vda\n");
		free(out);
		out = fdtget(buf, total, "-t x", "/soc@0/serial@9000000 reg");
		assert_string_equal(out, "9000000 1000\n");
		free(out);
		out = fdtget(buf, total, "-l", "/soc@0");
		assert_string_equal(out, "serial@9000000\n");
		free(out);
	}
	free(buf);
}

/* Two-cell values are stored most significant cell first. */
static void test_cells_layout(void **state)
{
	static const u64 v[] = {0x123456789aULL, 1};
	u8 buf[256];
	struct fdtw w;
	struct fdt fdt;
	size_t total;
	const u8 *p;
	int len;

	fdtw_init(&w, buf, sizeof(buf));
	fdtw_begin_node(&w, "");
	fdtw_property_cells(&w, "w", v, 2, 2);
	fdtw_end_node(&w);
	assert_int_equal(fdtw_finish(&w, &total), 0);
	tu_open_ok(&fdt, buf, total);
	p = fdt_getprop(&fdt, fdt_root(&fdt), "w", &len);
	assert_int_equal(len, 16);
	assert_true(fdt64_ld(p) == 0x123456789aULL);
	assert_true(fdt64_ld(p + 8) == 1);
}

static void test_string_dedup(void **state)
{
	u8 buf[1024];
	struct fdtw w;
	struct fdt fdt;
	size_t total;
	const char *name;
	int node, prop, n = 0;

	fdtw_init(&w, buf, sizeof(buf));
	fdtw_begin_node(&w, "");
	fdtw_property_string(&w, "compatible", "a");
	fdtw_property_u32(&w, "linux,phandle", 1);
	/* A tail of an existing string is reused too. */
	fdtw_property_u32(&w, "phandle", 1);
	fdtw_begin_node(&w, "n1");
	fdtw_property_string(&w, "compatible", "b");
	fdtw_property_u32(&w, "phandle", 2);
	fdtw_end_node(&w);
	fdtw_begin_node(&w, "n2");
	fdtw_property_string(&w, "compatible", "c");
	fdtw_property_empty(&w, "handle");
	fdtw_end_node(&w);
	fdtw_end_node(&w);
	assert_int_equal(fdtw_finish(&w, &total), 0);
	tu_open_ok(&fdt, buf, total);
	assert_int_equal(fdt.size_strings,
			 sizeof("compatible") + sizeof("linux,phandle"));
	assert_int_equal(fdt_get_phandle(&fdt, fdt_root(&fdt)), 1);
	node = fdt_path_offset(&fdt, "/n1");
	assert_int_equal(fdt_get_phandle(&fdt, node), 2);
	assert_int_equal(fdt_node_offset_by_phandle(&fdt, 2), node);
	node = fdt_path_offset(&fdt, "/n2");
	fdt_for_each_property (prop, &fdt, node) {
		assert_non_null(fdt_getprop_by_offset(&fdt, prop, &name, NULL));
		assert_string_equal(name, n++ ? "handle" : "compatible");
	}
	assert_int_equal(n, 2);
	free(dtc_dts(buf, total, "dedup", NULL));
}

static void test_placeholder(void **state)
{
	u8 buf[512];
	struct fdtw w;
	struct fdt fdt;
	size_t total;
	void *a, *b, *c;
	const u8 *p;
	int len;

	memset(buf, 0xff, sizeof(buf));
	fdtw_init(&w, buf, sizeof(buf));
	fdtw_begin_node(&w, "");
	assert_int_equal(fdtw_placeholder(&w, "a", 6, &a), 0);
	assert_int_equal(fdtw_placeholder(&w, "b", 0, &b), 0);
	assert_int_equal(fdtw_placeholder(&w, "c", 4, &c), 0);
	assert_non_null(a);
	assert_non_null(b);
	/* Reserved values start zeroed, padding included. */
	assert_memory_equal(a, "\0\0\0\0\0\0\0\0", 8);
	memcpy(a, "before", 6);
	fdtw_end_node(&w);
	assert_int_equal(fdtw_finish(&w, &total), 0);
	memcpy(c, "late", 4);
	tu_open_ok(&fdt, buf, total);
	p = fdt_getprop(&fdt, fdt_root(&fdt), "a", &len);
	assert_ptr_equal(p, a);
	assert_int_equal(len, 6);
	assert_memory_equal(p, "before", 6);
	p = fdt_getprop(&fdt, fdt_root(&fdt), "b", &len);
	assert_int_equal(len, 0);
	p = fdt_getprop(&fdt, fdt_root(&fdt), "c", &len);
	assert_memory_equal(p, "late", 4);

	/* On error *valp is NULL. */
	fdtw_init(&w, buf, sizeof(buf));
	a = buf;
	assert_int_equal(fdtw_placeholder(&w, "a", 4, &a), -EINVAL);
	assert_null(a);
	a = buf;
	assert_int_equal(fdtw_placeholder(&w, "a", 4, &a), -EINVAL);
	assert_null(a);
}

/* ---- misuse ---- */

/* Each misuse alone, on a fresh writer with the root and /n open. */
static void test_misuse(void **state)
{
	static const char *const bad_nodes[] = {
		"",
		"a b",
		"a/b",
		"a:b",
		"a@",
		"@1",
		"a@1@2",
		"a@1 2",
		"a#b",
		"a?b",
		"0123456789012345678901234567890x",
		"\xc3\xa9",
	};
	static const char *const bad_props[] = {
		"",    "a b", "a@b",
		"a/b", "a:b", "0123456789012345678901234567890x",
		"\t",
	};
	static const u64 huge = 0x100000000ULL;
	u8 buf[1024];
	struct fdtw w;
	size_t i, total;
	void *v;

	for (i = 0; i < ARRAY_SIZE(bad_nodes); i++) {
		open_root(&w, buf, sizeof(buf), true);
		assert_int_equal(fdtw_begin_node(&w, bad_nodes[i]), -EINVAL);
		assert_stuck(&w, -EINVAL);
	}
	for (i = 0; i < ARRAY_SIZE(bad_props); i++) {
		open_root(&w, buf, sizeof(buf), true);
		assert_int_equal(fdtw_property_empty(&w, bad_props[i]),
				 -EINVAL);
		assert_stuck(&w, -EINVAL);
	}

	/* Property after a subnode of the same node (spec 5.4.2). */
	open_root(&w, buf, sizeof(buf), true);
	fdtw_end_node(&w);
	assert_int_equal(fdtw_property_u32(&w, "late", 1), -EINVAL);
	assert_stuck(&w, -EINVAL);

	/* Property outside any node. */
	fdtw_init(&w, buf, sizeof(buf));
	assert_int_equal(fdtw_property_u32(&w, "p", 1), -EINVAL);
	assert_stuck(&w, -EINVAL);

	/* Duplicate property name. */
	open_root(&w, buf, sizeof(buf), true);
	fdtw_property_u32(&w, "p", 1);
	fdtw_property_u32(&w, "q", 1);
	assert_int_equal(fdtw_property_string(&w, "p", "x"), -EINVAL);
	assert_stuck(&w, -EINVAL);

	/* End without begin. */
	fdtw_init(&w, buf, sizeof(buf));
	assert_int_equal(fdtw_end_node(&w), -EINVAL);
	assert_stuck(&w, -EINVAL);

	/* Finish with open nodes, or without any root. */
	open_root(&w, buf, sizeof(buf), true);
	fdtw_end_node(&w);
	assert_int_equal(fdtw_finish(&w, NULL), -EINVAL);
	assert_stuck(&w, -EINVAL);
	fdtw_init(&w, buf, sizeof(buf));
	assert_int_equal(fdtw_finish(&w, NULL), -EINVAL);
	assert_stuck(&w, -EINVAL);

	/* Root with a name, second root, root-less node. */
	fdtw_init(&w, buf, sizeof(buf));
	assert_int_equal(fdtw_begin_node(&w, "root"), -EINVAL);
	assert_stuck(&w, -EINVAL);
	open_root(&w, buf, sizeof(buf), false);
	fdtw_end_node(&w);
	assert_int_equal(fdtw_begin_node(&w, ""), -EINVAL);
	assert_stuck(&w, -EINVAL);
	open_root(&w, buf, sizeof(buf), false);
	assert_int_equal(fdtw_begin_node(&w, NULL), -EINVAL);
	assert_stuck(&w, -EINVAL);

	/* Reservations: after the root, empty, wrapping. */
	open_root(&w, buf, sizeof(buf), false);
	assert_int_equal(fdtw_add_reserve(&w, 0, 0x1000), -EINVAL);
	assert_stuck(&w, -EINVAL);
	fdtw_init(&w, buf, sizeof(buf));
	assert_int_equal(fdtw_add_reserve(&w, 0x1000, 0), -EINVAL);
	assert_stuck(&w, -EINVAL);
	fdtw_init(&w, buf, sizeof(buf));
	assert_int_equal(fdtw_add_reserve(&w, ~0ULL, 2), -EINVAL);
	assert_stuck(&w, -EINVAL);

	/* Bad arguments. */
	open_root(&w, buf, sizeof(buf), true);
	assert_int_equal(fdtw_property(&w, "p", NULL, 4), -EINVAL);
	assert_stuck(&w, -EINVAL);
	open_root(&w, buf, sizeof(buf), true);
	assert_int_equal(fdtw_property(&w, "p", raw, -1), -EINVAL);
	assert_stuck(&w, -EINVAL);
	open_root(&w, buf, sizeof(buf), true);
	assert_int_equal(fdtw_placeholder(&w, "p", 4, NULL), -EINVAL);
	assert_stuck(&w, -EINVAL);
	open_root(&w, buf, sizeof(buf), true);
	assert_int_equal(fdtw_placeholder(&w, "p", -4, &v), -EINVAL);
	assert_stuck(&w, -EINVAL);
	open_root(&w, buf, sizeof(buf), true);
	assert_int_equal(fdtw_property_string(&w, "p", NULL), -EINVAL);
	assert_stuck(&w, -EINVAL);
	open_root(&w, buf, sizeof(buf), true);
	assert_int_equal(fdtw_property_stringlist(
				 &w, "p", (const char *const[]){"a", NULL}, 2),
			 -EINVAL);
	assert_stuck(&w, -EINVAL);
	open_root(&w, buf, sizeof(buf), true);
	assert_int_equal(fdtw_property_cells(&w, "p", &huge, 1, 3), -EINVAL);
	assert_stuck(&w, -EINVAL);
	open_root(&w, buf, sizeof(buf), true);
	assert_int_equal(fdtw_property_reg(&w, 0, 1, &huge, 1), -EINVAL);
	assert_stuck(&w, -EINVAL);
	open_root(&w, buf, sizeof(buf), true);
	assert_int_equal(fdtw_property_reg(&w, 2, 3, &huge, 1), -EINVAL);
	assert_stuck(&w, -EINVAL);

	/* Values too big for their cells. */
	open_root(&w, buf, sizeof(buf), true);
	assert_int_equal(fdtw_property_cells(&w, "p", &huge, 1, 1), -ERANGE);
	assert_stuck(&w, -ERANGE);
	open_root(&w, buf, sizeof(buf), true);
	assert_int_equal(fdtw_property_reg(&w, 1, 2, (const u64[]){huge, 1}, 1),
			 -ERANGE);
	assert_stuck(&w, -ERANGE);
	open_root(&w, buf, sizeof(buf), true);
	assert_int_equal(fdtw_property_reg(&w, 2, 0, (const u64[]){huge, 1}, 1),
			 -ERANGE);
	assert_stuck(&w, -ERANGE);

	/* No buffer. */
	assert_int_equal(fdtw_init(&w, NULL, 100), -EINVAL);
	assert_int_equal(fdtw_begin_node(&w, ""), -EINVAL);
	assert_int_equal(fdtw_finish(&w, &total), -EINVAL);
}

/* Names at the limits of spec 2.2.1 and 2.2.4 are accepted. */
static void test_valid_names(void **state)
{
	static const char *const nodes[] = {
		"a",
		"0123456789012345678901234567890",
		"az,AZ._+-09",
		"__symbols__",
		"pci@0,0",
		"n@a.b_c+d-e,F",
		"0123456789012345678901234567890@"
		"123456789abcdef0123456789abcdef",
	};
	static const char *const props[] = {
		"a",
		"0123456789012345678901234567890",
		"#address-cells",
		"az,AZ._+?#-09",
	};
	u8 buf[2048];
	struct fdtw w;
	struct fdt fdt;
	size_t i, total;

	open_root(&w, buf, sizeof(buf), false);
	for (i = 0; i < ARRAY_SIZE(props); i++)
		assert_int_equal(fdtw_property_empty(&w, props[i]), 0);
	for (i = 0; i < ARRAY_SIZE(nodes); i++) {
		assert_int_equal(fdtw_begin_node(&w, nodes[i]), 0);
		assert_int_equal(fdtw_end_node(&w), 0);
	}
	assert_int_equal(fdtw_end_node(&w), 0);
	assert_int_equal(fdtw_finish(&w, &total), 0);
	tu_open_ok(&fdt, buf, total);
	for (i = 0; i < ARRAY_SIZE(props); i++)
		assert_non_null(
			fdt_getprop(&fdt, fdt_root(&fdt), props[i], NULL));
	/* dtc may warn about these unusual names: only check it parses. */
}

/* The reader's depth limit is the writer's. */
static void test_depth_limit(void **state)
{
	u8 buf[4096];
	struct fdtw w;
	struct fdt fdt;
	size_t total;
	int i;

	open_root(&w, buf, sizeof(buf), false);
	for (i = 1; i < FDT_MAX_DEPTH; i++)
		assert_int_equal(fdtw_begin_node(&w, "d"), 0);
	assert_int_equal(fdtw_begin_node(&w, "d"), -EINVAL);
	assert_stuck(&w, -EINVAL);

	open_root(&w, buf, sizeof(buf), false);
	for (i = 1; i < FDT_MAX_DEPTH; i++)
		fdtw_begin_node(&w, "d");
	for (i = 0; i < FDT_MAX_DEPTH; i++)
		fdtw_end_node(&w);
	assert_int_equal(fdtw_finish(&w, &total), 0);
	tu_open_ok(&fdt, buf, total);
	assert_int_equal(
		fdt_node_depth(&fdt, fdt_path_offset(
					     &fdt, "/d/d/d/d/d/d/d/d/d/d/d/d/d/"
						   "d/d/d/d/d/d/d/d/d/d/d/d/d/d"
						   "/d/d/d/d/d/d/d/d/d/d/d/d/d/"
						   "d/d/d/d/d/d/d/d/d/d/d/d/d/d"
						   "/d/d/d/d/d/d/d/d/d")),
		FDT_MAX_DEPTH - 1);
}

static int build_sample_fn(struct fdtw *w, void *buf, size_t size,
			   size_t *total, void *arg)
{
	void *ph;

	return build_sample(w, buf, size, total, &ph);
}

static void test_small_buffers(void **state)
{
	sweep_sizes(build_sample_fn, NULL);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_roundtrip),
		cmocka_unit_test(test_dtc_and_fdtget),
		cmocka_unit_test(test_cells_layout),
		cmocka_unit_test(test_string_dedup),
		cmocka_unit_test(test_placeholder),
		cmocka_unit_test(test_misuse),
		cmocka_unit_test(test_valid_names),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_small_buffers),
	};

	tu_set_data_dir(argv[0]);
	return cmocka_run_group_tests_name("fdt_wr", tests, setup, teardown);
}
