// SPDX-License-Identifier: MIT
/*
 * FDT reader: accessors on dtc-built and QEMU-dumped DTBs. Malformed
 * blobs: test_fdt_malformed.c. Helpers: fdt_walk_test_util.h.
 */
#include "fdt_walk_test_util.h"

static void test_open_data_files(void **state)
{
	size_t i, len;

	for (i = 0; i < ARRAY_SIZE(data_files); i++) {
		struct fdt fdt;
		void *blob = tu_load_data(data_files[i], &len);

		if (!blob)
			continue;
		tu_open_ok(&fdt, blob, len);
		assert_string_equal(fdt.err, "");
		assert_true(walk_all(&fdt) > 3);
		free(blob);
	}
}

static void test_paths_and_names(void **state)
{
	struct fdt fdt;
	size_t len;
	void *blob = tu_must_load("virt-gicv3.dtb", &len);
	int root, gic, its, cpu1, off, nlen;
	const char *name;

	tu_open_ok(&fdt, blob, len);
	root = fdt_root(&fdt);
	assert_int_equal(fdt_path_offset(&fdt, "/"), root);
	assert_int_equal(fdt_path_offset(&fdt, "//"), root);
	name = fdt_get_name(&fdt, root, &nlen);
	assert_string_equal(name, "");
	assert_int_equal(nlen, 0);
	assert_int_equal(fdt_node_depth(&fdt, root), 0);

	gic = fdt_path_offset(&fdt, "/intc@8000000");
	assert_true(gic > 0);
	/* A name without unit address matches one with it. */
	assert_int_equal(fdt_path_offset(&fdt, "/intc"), gic);
	assert_int_equal(fdt_path_offset(&fdt, "/intc@8000001"), -ENOENT);
	assert_int_equal(fdt_path_offset(&fdt, "/int"), -ENOENT);
	assert_int_equal(fdt_path_offset(&fdt, "/intc@8000000/"), gic);
	its = fdt_path_offset(&fdt, "/intc/its@8080000");
	assert_true(its > gic);
	assert_int_equal(fdt_parent_offset(&fdt, its), gic);
	assert_int_equal(fdt_node_depth(&fdt, its), 2);
	assert_string_equal(fdt_get_name(&fdt, its, NULL), "its@8080000");

	/* Aliases, with and without a trailing sub-path. */
	assert_int_equal(fdt_path_offset(&fdt, "gic"), gic);
	assert_int_equal(fdt_path_offset(&fdt, "gic/its"), its);
	off = fdt_path_offset(&fdt, "serial0");
	assert_string_equal(fdt_get_name(&fdt, off, NULL), "pl011@9000000");
	assert_int_equal(fdt_path_offset(&fdt, "nosuchalias"), -ENOENT);
	/* An alias must hold an absolute path. */
	assert_int_equal(fdt_path_offset(&fdt, "bad"), -EINVAL);
	assert_int_equal(fdt_path_offset(&fdt, ""), -EINVAL);
	assert_int_equal(fdt_path_offset(&fdt, NULL), -EINVAL);
	/* namelen stops before ":options". */
	assert_int_equal(fdt_path_offset_namelen(&fdt, "serial0:115200", 7),
			 off);

	cpu1 = fdt_path_offset(&fdt, "/cpus/cpu@1");
	assert_true(cpu1 > 0);
	assert_int_equal(fdt_node_depth(&fdt, cpu1), 2);
	assert_int_equal(
		fdt_path_offset(&fdt, "/cpus/cpu-map/cluster0/core0"),
		fdt_path_offset(&fdt, "/cpus/cpu-map/cluster0/core0/"));
	assert_int_equal(
		fdt_node_depth(&fdt, fdt_path_offset(&fdt, "/cpus/cpu-map/"
							   "cluster0/core0")),
		4);
	free(blob);
}

static void test_subnodes(void **state)
{
	struct fdt fdt;
	size_t len;
	void *blob = tu_must_load("virt-gicv3.dtb", &len);
	static const char *const expect[] = {"cpu-map", "cpu@0", "cpu@1",
					     "cpu@100", "cpu@101"};
	int cpus, child, n = 0, depth, off;

	tu_open_ok(&fdt, blob, len);
	cpus = fdt_path_offset(&fdt, "/cpus");
	fdt_for_each_subnode (child, &fdt, cpus) {
		assert_true(n < (int)ARRAY_SIZE(expect));
		assert_string_equal(fdt_get_name(&fdt, child, NULL), expect[n]);
		n++;
	}
	assert_int_equal(n, ARRAY_SIZE(expect));
	assert_int_equal(child, -ENOENT);

	/* A leaf has no subnodes; walking its subtree ends at once. */
	off = fdt_path_offset(&fdt, "/cpus/cpu@1");
	assert_int_equal(fdt_first_subnode(&fdt, off), -ENOENT);
	depth = 0;
	assert_int_equal(fdt_next_node(&fdt, off, &depth), -ENOENT);
	/* Without depth the walk continues to the next node. */
	assert_int_equal(fdt_next_node(&fdt, off, NULL),
			 fdt_path_offset(&fdt, "/cpus/cpu@100"));
	free(blob);
}

static void test_properties(void **state)
{
	struct fdt fdt;
	size_t len;
	void *blob = tu_must_load("virt-gicv3.dtb", &len);
	int psci, prop, plen, n = 0, pl011, off;
	const char *name, *s;
	const void *val;
	u32 v;

	tu_open_ok(&fdt, blob, len);
	psci = fdt_path_offset(&fdt, "/psci");
	fdt_for_each_property (prop, &fdt, psci) {
		val = fdt_getprop_by_offset(&fdt, prop, &name, &plen);
		assert_non_null(val);
		if (n == 0) {
			assert_string_equal(name, "compatible");
			assert_int_equal(plen,
					 sizeof("arm,psci-1.0\0arm,psci-0.2"
						"\0arm,psci"));
		}
		n++;
	}
	assert_int_equal(n, 4);

	val = fdt_getprop(&fdt, psci, "method", &plen);
	assert_non_null(val);
	assert_int_equal(plen, 4);
	assert_string_equal(val, "hvc");
	assert_null(fdt_getprop(&fdt, psci, "nope", &plen));
	assert_int_equal(plen, -ENOENT);
	assert_null(fdt_getprop(&fdt, psci, "method_", NULL));
	assert_null(fdt_getprop(&fdt, psci, "metho", NULL));

	assert_int_equal(fdt_getprop_u32(&fdt, psci, "cpu_on", &v), 0);
	assert_int_equal(v, 0xc4000003);
	assert_int_equal(fdt_getprop_u32(&fdt, psci, "compatible", &v),
			 -EINVAL);
	assert_int_equal(fdt_getprop_u32(&fdt, psci, "nope", &v), -ENOENT);
	assert_int_equal(fdt_getprop_str(&fdt, psci, "method", &s), 3);
	assert_string_equal(s, "hvc");
	/* A cell value is not NUL-terminated at its end: not a string. */
	assert_int_equal(fdt_getprop_str(&fdt, psci, "cpu_on", &s), -EINVAL);

	assert_true(fdt_node_check_compatible(&fdt, psci, "arm,psci-0.2"));
	assert_true(fdt_node_check_compatible(&fdt, psci, "arm,psci"));
	assert_false(fdt_node_check_compatible(&fdt, psci, "arm,psc"));
	assert_false(fdt_node_check_compatible(&fdt, psci, "arm,psci-0."));

	/* Boolean property: present, zero length. */
	off = fdt_path_offset(&fdt, "/intc");
	val = fdt_getprop(&fdt, off, "interrupt-controller", &plen);
	assert_non_null(val);
	assert_int_equal(plen, 0);
	assert_int_equal(fdt_getprop_str(&fdt, off, "interrupt-controller", &s),
			 -EINVAL);

	pl011 = fdt_node_offset_by_compatible(&fdt, -1, "arm,pl011");
	assert_int_equal(pl011, fdt_path_offset(&fdt, "/pl011@9000000"));
	off = fdt_node_offset_by_compatible(&fdt, pl011, "arm,pl011");
	assert_int_equal(off, fdt_path_offset(&fdt, "/soc/serial@1000"));
	assert_int_equal(fdt_node_offset_by_compatible(&fdt, off, "arm,pl011"),
			 -ENOENT);
	assert_int_equal(
		fdt_node_offset_by_compatible(&fdt, -1, "linux,dummy-virt"),
		fdt_root(&fdt));
	assert_true(fdt_node_is_available(&fdt, pl011));
	assert_false(fdt_node_is_available(&fdt, off));

	off = fdt_path_offset(&fdt, "/intc");
	v = fdt_get_phandle(&fdt, off);
	assert_true(v != 0);
	assert_int_equal(fdt_node_offset_by_phandle(&fdt, v), off);
	assert_int_equal(fdt_node_offset_by_phandle(&fdt, 0), -EINVAL);
	assert_int_equal(fdt_node_offset_by_phandle(&fdt, ~0U), -EINVAL);
	assert_int_equal(fdt_node_offset_by_phandle(&fdt, 0x12345), -ENOENT);
	assert_int_equal(fdt_get_phandle(&fdt, pl011), 0);
	free(blob);
}

static void test_stringlist(void **state)
{
	static const char list[] = "abc\0de\0\0f";

	assert_true(fdt_stringlist_contains(list, sizeof(list), "abc"));
	assert_true(fdt_stringlist_contains(list, sizeof(list), "de"));
	assert_true(fdt_stringlist_contains(list, sizeof(list), ""));
	assert_true(fdt_stringlist_contains(list, sizeof(list), "f"));
	assert_false(fdt_stringlist_contains(list, sizeof(list), "ab"));
	/* Unterminated last string: never matched, never overrun. */
	assert_false(fdt_stringlist_contains(list, sizeof(list) - 1, "f"));
	assert_false(fdt_stringlist_contains(list, 3, "abc"));
	assert_false(fdt_stringlist_contains(list, 0, "abc"));
	assert_false(fdt_stringlist_contains(list, -5, "abc"));
	assert_false(fdt_stringlist_contains(NULL, 4, "abc"));
}

static void test_reg(void **state)
{
	struct fdt fdt;
	size_t len;
	void *blob = tu_must_load("virt-gicv3.dtb", &len);
	int node, ac, sc;
	u64 a, s;

	tu_open_ok(&fdt, blob, len);
	/* Spec 2.3.5 defaults for a node without the properties. */
	node = fdt_path_offset(&fdt, "/psci");
	assert_int_equal(fdt_address_cells(&fdt, node), 2);
	assert_int_equal(fdt_size_cells(&fdt, node), 1);
	node = fdt_path_offset(&fdt, "/cpus");
	assert_int_equal(fdt_address_cells(&fdt, node), 1);
	assert_int_equal(fdt_size_cells(&fdt, node), 0);

	node = fdt_path_offset(&fdt, "/intc");
	assert_int_equal(fdt_num_reg(&fdt, node), 3);
	assert_int_equal(fdt_read_reg(&fdt, node, 1, &a, &s), 0);
	assert_int_equal(a, 0x080a0000);
	assert_int_equal(s, 0xf60000);
	assert_int_equal(fdt_read_reg(&fdt, node, 3, &a, &s), -ENOENT);
	assert_int_equal(fdt_read_reg(&fdt, node, -1, &a, &s), -ENOENT);

	/* /cpus has 1 address cell and no size cells. */
	node = fdt_path_offset(&fdt, "/cpus/cpu@100");
	assert_int_equal(fdt_reg_cells(&fdt, node, &ac, &sc), 0);
	assert_int_equal(ac, 1);
	assert_int_equal(sc, 0);
	assert_int_equal(fdt_read_reg(&fdt, node, 0, &a, &s), 0);
	assert_int_equal(a, 0x100);
	assert_int_equal(s, 0);

	/* Modules under /chosen (no cells there) inherit the root's 2/2. */
	node = fdt_path_offset(&fdt, "/chosen/module@49000000");
	assert_int_equal(fdt_reg_cells(&fdt, node, &ac, &sc), 0);
	assert_int_equal(ac, 2);
	assert_int_equal(sc, 2);
	assert_int_equal(fdt_read_reg(&fdt, node, 0, &a, &s), 0);
	assert_int_equal(a, 0x49000000);
	assert_int_equal(s, 0x1000000);

	/* The root's reg cells: the spec defaults. */
	assert_int_equal(fdt_reg_cells(&fdt, fdt_root(&fdt), &ac, &sc), 0);
	assert_int_equal(ac, 2);
	assert_int_equal(sc, 1);

	/* Three address cells: fits when the top cell is zero. */
	node = fdt_path_offset(&fdt, "/soc/bus3/dev@0");
	assert_int_equal(fdt_num_reg(&fdt, node), 2);
	assert_int_equal(fdt_read_reg(&fdt, node, 0, &a, &s), 0);
	assert_int_equal(a, 0x2000);
	assert_int_equal(s, 0x10);
	assert_int_equal(fdt_read_reg(&fdt, node, 1, &a, &s), -ERANGE);

	node = fdt_path_offset(&fdt, "/soc/nocells/leaf");
	assert_int_equal(fdt_num_reg(&fdt, node), -EINVAL);
	assert_int_equal(fdt_read_reg(&fdt, node, 0, &a, &s), -EINVAL);
	node = fdt_path_offset(&fdt, "/soc/badcells/leaf");
	assert_int_equal(fdt_address_cells(&fdt, fdt_parent_offset(&fdt, node)),
			 -EINVAL);
	assert_int_equal(fdt_reg_cells(&fdt, node, &ac, &sc), -EINVAL);
	assert_int_equal(fdt_read_reg(&fdt, node, 0, &a, &s), -EINVAL);

	/* No reg at all. */
	assert_int_equal(fdt_num_reg(&fdt, fdt_path_offset(&fdt, "/psci")),
			 -ENOENT);
	free(blob);
}

static void test_translate(void **state)
{
	struct fdt fdt;
	size_t len;
	void *blob = tu_must_load("virt-gicv3.dtb", &len);
	u64 a, s;
	int node;

#define XLATE(path, in, rc_want, out)                                   \
	do {                                                            \
		node = fdt_path_offset(&fdt, (path));                   \
		assert_true(node >= 0);                                 \
		a = (in);                                               \
		assert_int_equal(fdt_translate_address(&fdt, node, &a), \
				 (rc_want));                            \
		if (!(rc_want))                                         \
			assert_int_equal(a, (out));                     \
	} while (0)

	tu_open_ok(&fdt, blob, len);
	/* Children of the root: already CPU addresses. */
	XLATE("/pl011@9000000", 0x09000000, 0, 0x09000000);
	XLATE("/", 0x1234, 0, 0x1234);
	/* /soc maps its 0..1M to 0x20000000. */
	XLATE("/soc/uart@2000", 0x2000, 0, 0x20002000);
	XLATE("/soc/uart@2000", 0xfffff, 0, 0x200fffff);
	XLATE("/soc/far@200000", 0x200000, -ENOENT, 0);
	/* Through an empty ranges (identity), then /soc's. */
	XLATE("/soc/sub/dev@3000", 0x3000, 0, 0x20003000);
	/* bus3 has no ranges: its children are not memory-mapped. */
	XLATE("/soc/bus3/dev@0", 0x2000, -EINVAL, 0);
	/* badcells has #address-cells 5. */
	XLATE("/soc/badcells/leaf", 0, -EINVAL, 0);
#undef XLATE

	node = fdt_path_offset(&fdt, "/soc/uart@2000");
	assert_int_equal(fdt_read_reg(&fdt, node, 0, &a, &s), 0);
	assert_int_equal(fdt_translate_address(&fdt, node, &a), 0);
	assert_int_equal(a, 0x20002000);
	assert_int_equal(fdt_translate_address(&fdt, -1, &a), -EINVAL);
	free(blob);

	/* Several ranges entries; the matching one is used. */
	blob = tu_must_load("soc-gic400.dtb", &len);
	tu_open_ok(&fdt, blob, len);
	node = fdt_path_offset(&fdt, "serial0");
	a = 0x7e201000;
	assert_int_equal(fdt_translate_address(&fdt, node, &a), 0);
	assert_int_equal(a, 0xfe201000);
	a = 0x40041000;
	assert_int_equal(fdt_translate_address(&fdt, node, &a), 0);
	assert_int_equal(a, 0xff841000);
	a = 0x7dffffff;
	assert_int_equal(fdt_translate_address(&fdt, node, &a), 0);
	assert_int_equal(a, 0xfdffffff);
	a = 0x7f800000;
	assert_int_equal(fdt_translate_address(&fdt, node, &a), -ENOENT);
	free(blob);
}

static void test_read_cells(void **state)
{
	static const u8 c[16] = {0,    0,    0,	   0,	 0,    0,
				 0,    1,    0x12, 0x34, 0x56, 0x78,
				 0x9a, 0xbc, 0xde, 0xf0};
	u64 v;

	assert_int_equal(fdt_read_cells(c + 4, 1), 1);
	assert_int_equal(fdt_read_cells(c + 8, 2), 0x123456789abcdef0ULL);
	assert_int_equal(fdt_read_cells(c, 0), 0);
	/* Unaligned source. */
	assert_int_equal(fdt_read_cells(c + 7, 1), 0x01123456);
	assert_int_equal(fdt_read_cells_checked(c, 2, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(fdt_read_cells_checked(c, 4, &v), -ERANGE);
	assert_int_equal(fdt_read_cells_checked(c + 4, 3, &v), -ERANGE);
	assert_int_equal(fdt_read_cells_checked(c, 3, &v), 0);
	assert_int_equal(v, 0x0000000112345678ULL);
	assert_int_equal(fdt_read_cells_checked(c, 5, &v), -EINVAL);
	assert_int_equal(fdt_read_cells_checked(c, -1, &v), -EINVAL);
}

static void test_memrsv(void **state)
{
	struct fdt fdt;
	size_t len;
	void *blob = tu_must_load("virt-gicv3.dtb", &len);
	u64 a, s;

	tu_open_ok(&fdt, blob, len);
	assert_int_equal(fdt_num_mem_rsv(&fdt), 2);
	assert_int_equal(fdt_get_mem_rsv(&fdt, 0, &a, &s), 0);
	assert_int_equal(a, 0x48000000);
	assert_int_equal(s, 0x100000);
	assert_int_equal(fdt_get_mem_rsv(&fdt, 1, &a, &s), 0);
	assert_int_equal(a, 0x4a000000);
	assert_int_equal(s, 0);
	assert_int_equal(fdt_get_mem_rsv(&fdt, 2, &a, &s), -ENOENT);
	assert_int_equal(fdt_get_mem_rsv(&fdt, -1, &a, &s), -ENOENT);
	free(blob);
}

/* Offsets that are not nodes or properties must be refused, not followed. */
static void test_bad_offsets(void **state)
{
	static const int bad[] = {-1, -EINVAL, 1,	   2,
				  3,  4,       0x7ffffff0, 0x40000000};
	struct fdt fdt;
	size_t len, i;
	void *blob = tu_must_load("virt-gicv3.dtb", &len);
	int psci, prop, l, next, ac, sc;
	const char *name;
	u64 a, s;
	u32 v;

	tu_open_ok(&fdt, blob, len);
	psci = fdt_path_offset(&fdt, "/psci");
	prop = fdt_first_property(&fdt, psci);
	assert_true(prop > psci);
	for (i = 0; i < ARRAY_SIZE(bad) + 1; i++) {
		/* The last "bad" offset is a property, not a node. */
		int off = i < ARRAY_SIZE(bad) ? bad[i] : prop;

		assert_null(fdt_get_name(&fdt, off, &l));
		assert_int_equal(l, -EINVAL);
		assert_true(fdt_next_node(&fdt, off, NULL) < 0);
		assert_true(fdt_first_subnode(&fdt, off) < 0);
		assert_true(fdt_parent_offset(&fdt, off) < 0);
		assert_true(fdt_node_depth(&fdt, off) < 0);
		assert_true(fdt_first_property(&fdt, off) < 0);
		assert_null(fdt_getprop(&fdt, off, "reg", &l));
		assert_true(l < 0);
		assert_true(fdt_getprop_u32(&fdt, off, "reg", &v) < 0);
		assert_false(fdt_node_check_compatible(&fdt, off, "x"));
		assert_true(fdt_reg_cells(&fdt, off, &ac, &sc) < 0);
		assert_true(fdt_read_reg(&fdt, off, 0, &a, &s) < 0);
		assert_true(fdt_address_cells(&fdt, off) < 0);
		assert_true(fdt_subnode_offset_namelen(&fdt, off, "a", 1) < 0);
	}
	/* A node offset is not a property offset. */
	assert_null(fdt_getprop_by_offset(&fdt, psci, &name, &l));
	assert_int_equal(l, -EINVAL);
	assert_true(fdt_next_property(&fdt, psci) < 0);
	assert_true(fdt_next_tag(&fdt, -4, &next) < 0);
	assert_true(fdt_next_tag(&fdt, 2, &next) < 0);
	free(blob);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_data_files),
		cmocka_unit_test(test_paths_and_names),
		cmocka_unit_test(test_subnodes),
		cmocka_unit_test(test_properties),
		cmocka_unit_test(test_stringlist),
		cmocka_unit_test(test_reg),
		cmocka_unit_test(test_translate),
		cmocka_unit_test(test_read_cells),
		cmocka_unit_test(test_memrsv),
		cmocka_unit_test(test_bad_offsets),
	};

	tu_set_data_dir(argv[0]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
