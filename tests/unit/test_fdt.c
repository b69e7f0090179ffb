// SPDX-License-Identifier: MIT
/*
 * FDT reader: accessors on dtc-built and QEMU-dumped DTBs, and fdt_open()
 * against malformed blobs (hand-built, truncated, randomly mutated), which
 * must fail cleanly or, when accepted, be safe to walk.
 */
#include "fdt_test_util.h"

#include <hyp/errno.h>
#include <hyp/fdt.h>

static const char *const data_files[] = {
	"virt-gicv3.dtb",	"virt-gicv2.dtb",     "dom0less.dtb",
	"unknown-kinds.dtb",	"qemu-virt-gic3.dtb", "qemu-virt-gic2.dtb",
	"qemu-virt-loader.dtb", "soc-gic400.dtb",
};

/*
 * Exercise every accessor over the whole tree; used on blobs that
 * fdt_open() accepted, including mutated ones. Returns the node count.
 */
static int walk_all(const struct fdt *fdt)
{
	int node, depth = 0, count = 0;

	for (node = fdt_root(fdt); node >= 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		const char *name, *pname, *s;
		int len, prop, child, parent, ac, sc, i, n;
		u64 a, sz;
		u32 v;

		count++;
		assert_true(count < 100000);
		name = fdt_get_name(fdt, node, &len);
		assert_non_null(name);
		assert_int_equal((int)strlen(name), len);
		assert_int_equal(fdt_node_depth(fdt, node), depth);
		parent = fdt_parent_offset(fdt, node);
		if (depth == 0)
			assert_int_equal(parent, -ENOENT);
		else
			assert_true(parent >= 0 && parent < node);
		fdt_for_each_property (prop, fdt, node) {
			const void *val =
				fdt_getprop_by_offset(fdt, prop, &pname, &len);
			const void *again;
			int len2;

			assert_non_null(val);
			assert_true(len >= 0);
			again = fdt_getprop(fdt, node, pname, &len2);
			assert_non_null(again);
		}
		assert_true(prop == -ENOENT);
		fdt_for_each_subnode (child, fdt, node) {
			assert_int_equal(fdt_parent_offset(fdt, child), node);
		}
		assert_int_equal(child, -ENOENT);
		fdt_getprop_u32(fdt, node, "#address-cells", &v);
		fdt_getprop_str(fdt, node, "compatible", &s);
		fdt_node_check_compatible(fdt, node, "arm,gic-v3");
		fdt_node_is_available(fdt, node);
		fdt_get_phandle(fdt, node);
		fdt_address_cells(fdt, node);
		fdt_size_cells(fdt, node);
		if (fdt_reg_cells(fdt, node, &ac, &sc) == 0)
			assert_true(ac >= 0 && ac <= FDT_MAX_CELLS && sc >= 0 &&
				    sc <= FDT_MAX_CELLS);
		n = fdt_num_reg(fdt, node);
		for (i = 0; i < n && i < 64; i++)
			if (fdt_read_reg(fdt, node, i, &a, &sz) == 0)
				fdt_translate_address(fdt, node, &a);
	}
	assert_true(node == -ENOENT);
	fdt_path_offset(fdt, "/chosen");
	fdt_path_offset(fdt, "serial0");
	fdt_path_offset(fdt, "/cpus/cpu@0");
	fdt_node_offset_by_compatible(fdt, -1, "arm,pl011");
	fdt_node_offset_by_phandle(fdt, 1);
	for (int i = 0; i < fdt_num_mem_rsv(fdt); i++) {
		u64 a, s;

		assert_int_equal(fdt_get_mem_rsv(fdt, i, &a, &s), 0);
	}
	return count;
}

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

/* A small valid tree built by hand; callers may corrupt pieces of it. */
static struct tb *small_tree(void)
{
	struct tb *b = tb_new();

	tb_memrsv(b, 0x1000, 0x2000);
	tb_begin(b, "");
	tb_prop_cells(b, "#address-cells", 1, 2);
	tb_prop_str(b, "compatible", "test");
	tb_begin(b, "child@1");
	tb_prop_cells(b, "reg", 4, 0, 1, 0, 2);
	tb_end(b);
	tb_end(b);
	return b;
}

static void expect_open_fail(const u8 *blob, size_t len, const char *what)
{
	struct fdt fdt;
	u8 *copy = tu_dup(blob, len);
	int rc = fdt_open(&fdt, copy, len);

	if (rc != -EINVAL)
		fail_msg("fdt_open accepted a blob (expected \"%s\")", what);
	if (!strstr(fdt.err, what))
		fail_msg("error \"%s\" does not mention \"%s\"", fdt.err, what);
	/* A failed open leaves nothing walkable behind. */
	assert_null(fdt.blob);
	assert_true(fdt_path_offset(&fdt, "/") < 0);
	free(copy);
}

static void test_header_errors(void **state)
{
	struct tb *b = small_tree();
	size_t len;
	u8 *blob = tb_finish(b, &len);
	u8 *m = malloc(len);
	struct fdt fdt;

	tu_open_ok(&fdt, blob, len);
	assert_int_equal(fdt_num_mem_rsv(&fdt), 1);

#define MUT(field_off, value, what)                 \
	do {                                        \
		memcpy(m, blob, len);               \
		tu_put32(m + (field_off), (value)); \
		expect_open_fail(m, len, (what));   \
	} while (0)

	MUT(0, 0x12345678, "bad magic 0x12345678");
	MUT(0, 0xedfe0dd0, "bad magic");
	MUT(20, 15, "version 15 too old");
	MUT(24, 18, "last_comp_version 18 not supported");
	MUT(4, (u32)len + 1, "exceeds the");
	MUT(4, 20, "smaller than the header");
	MUT(4, 0xffffffff, "exceeds the");
	MUT(8, (u32)len, "struct block offset");
	MUT(8, 0x2a, "struct block offset");
	MUT(8, 8, "struct block offset");
	MUT(36, (u32)len, "struct block exceeds totalsize");
	MUT(36, 0xfffffff0, "struct block exceeds totalsize");
	MUT(12, (u32)len + 1, "strings block offset");
	MUT(32, (u32)len, "strings block exceeds totalsize");
	MUT(32, 0xffffffff, "strings block exceeds totalsize");
	MUT(16, 44, "memory reservation block offset 44");
	MUT(16, 0, "memory reservation block offset 0");
	MUT(16, (u32)len, "memory reservation block offset");
#undef MUT

	/* last_comp_version may not exceed version. */
	memcpy(m, blob, len);
	tu_put32(m + 20, 16);
	tu_put32(m + 24, 17);
	expect_open_fail(m, len, "last_comp_version 17 > version 16");

	/* Struct and strings overlapping. */
	memcpy(m, blob, len);
	tu_put32(m + 12, tu_get32(m + 8) + 4);
	tu_put32(m + 32, 8);
	expect_open_fail(m, len, "overlap");

	/* Reservation block running into the struct block. */
	memcpy(m, blob, len);
	memset(m + 40 + 16, 0xff, 16);
	expect_open_fail(m, len, "reservation block");

	/* Too small for a header, and no blob at all. */
	expect_open_fail(blob, 35, "too small for a header");
	expect_open_fail(blob, 0, "too small for a header");
	assert_int_equal(fdt_open(&fdt, NULL, 100), -EINVAL);
	assert_string_equal(fdt.err, "no device tree");

	/* Version 16 header (no size_dt_struct): still accepted. */
	memcpy(m, blob, len);
	tu_put32(m + 20, 16);
	tu_put32(m + 24, 16);
	tu_put32(m + 36, 0xdeadbeef);
	tu_open_ok(&fdt, m, len);
	assert_int_equal(walk_all(&fdt), 2);
	free(m);
	tb_free(b);
}

/* Build a tree, let fn damage it, and expect fdt_open to say "what". */
static void struct_case(void (*fn)(struct tb *), const char *what)
{
	struct tb *b = tb_new();
	size_t len;
	u8 *blob;

	fn(b);
	blob = tb_finish(b, &len);
	expect_open_fail(blob, len, what);
	tb_free(b);
}

static void s_no_root(struct tb *b)
{
}
static void s_two_roots(struct tb *b)
{
	tb_begin(b, "");
	tb_end(b);
	tb_begin(b, "");
	tb_end(b);
}
static void s_unclosed(struct tb *b)
{
	tb_begin(b, "");
	tb_begin(b, "a");
	tb_end(b);
}
static void s_extra_end(struct tb *b)
{
	tb_begin(b, "");
	tb_end(b);
	tb_end(b);
}
static void s_prop_outside(struct tb *b)
{
	tb_prop_str(b, "x", "y");
	tb_begin(b, "");
	tb_end(b);
}
static void s_prop_after_child(struct tb *b)
{
	tb_begin(b, "");
	tb_begin(b, "a");
	tb_end(b);
	tb_prop_str(b, "late", "y");
	tb_end(b);
}
static void s_bad_token(struct tb *b)
{
	tb_begin(b, "");
	tb_raw32(b, 0x5);
	tb_end(b);
}
static void s_huge_prop(struct tb *b)
{
	tb_begin(b, "");
	tb_raw32(b, FDT_PROP);
	tb_raw32(b, 0xfffffff0);
	tb_raw32(b, tb_string(b, "x"));
	tb_end(b);
}
static void s_prop_len_past_end(struct tb *b)
{
	tb_begin(b, "");
	tb_raw32(b, FDT_PROP);
	tb_raw32(b, 13);
	tb_raw32(b, tb_string(b, "x"));
	tb_raw32(b, 0);
	tb_end(b);
}
static void s_nameoff(struct tb *b)
{
	tb_begin(b, "");
	tb_raw32(b, FDT_PROP);
	tb_raw32(b, 0);
	tb_raw32(b, 1000);
	tb_end(b);
}
static void s_nameoff_edge(struct tb *b)
{
	tb_begin(b, "");
	tb_prop_str(b, "ab", "v");
	tb_raw32(b, FDT_PROP);
	tb_raw32(b, 0);
	/* One past the last string byte. */
	tb_raw32(b, 3);
	tb_end(b);
}
static void s_deep(struct tb *b)
{
	int i;

	for (i = 0; i <= FDT_MAX_DEPTH; i++)
		tb_begin(b, i ? "n" : "");
	for (i = 0; i <= FDT_MAX_DEPTH; i++)
		tb_end(b);
}

static void test_struct_errors(void **state)
{
	struct_case(s_no_root, "no root node");
	struct_case(s_two_roots, "second root node");
	struct_case(s_unclosed, "END token inside a node");
	struct_case(s_extra_end, "unbalanced END_NODE");
	struct_case(s_prop_outside, "property outside any node");
	struct_case(s_prop_after_child, "property after a subnode");
	struct_case(s_bad_token, "unknown token");
	struct_case(s_huge_prop, "property length exceeds the struct block");
	struct_case(s_prop_len_past_end,
		    "property length exceeds the struct block");
	struct_case(s_nameoff, "property name offset out of bounds");
	struct_case(s_nameoff_edge, "property name offset out of bounds");
	struct_case(s_deep, "nested deeper than 64");
}

/* Depth 63 is the deepest accepted node. */
static void test_max_depth_ok(void **state)
{
	struct tb *b = tb_new();
	struct fdt fdt;
	size_t len;
	u8 *blob;
	int i, off, depth = 0;
	char path[4 * FDT_MAX_DEPTH + 2] = "";

	for (i = 0; i < FDT_MAX_DEPTH; i++) {
		tb_begin(b, i ? "n" : "");
		if (i)
			strcat(path, "/n");
	}
	for (i = 0; i < FDT_MAX_DEPTH; i++)
		tb_end(b);
	blob = tb_finish(b, &len);
	tu_open_ok(&fdt, blob, len);
	off = fdt_path_offset(&fdt, path);
	assert_true(off > 0);
	assert_int_equal(fdt_node_depth(&fdt, off), FDT_MAX_DEPTH - 1);
	assert_int_equal(fdt_node_depth(&fdt, fdt_parent_offset(&fdt, off)),
			 FDT_MAX_DEPTH - 2);
	for (off = fdt_root(&fdt), i = 0; off >= 0;
	     off = fdt_next_node(&fdt, off, &depth))
		i++;
	assert_int_equal(i, FDT_MAX_DEPTH);
	tb_free(b);
}

/* Names and strings that run to the very end of their block. */
static void test_unterminated(void **state)
{
	struct tb *b = small_tree();
	size_t len, st_off, st_len, str_len;
	u8 *blob = tb_finish(b, &len);
	u8 *m = tu_dup(blob, len);

	st_off = tu_get32(m + 8);
	st_len = tu_get32(m + 36);
	str_len = tu_get32(m + 32);

	/* Strings block without its final NUL. */
	tu_put32(m + 32, (u32)str_len - 1);
	expect_open_fail(m, len, "property name not terminated");

	/* Node name filling the struct block with no NUL. */
	memcpy(m, blob, len);
	memset(m + st_off + 4, 'x', st_len - 4);
	expect_open_fail(m, len, "node name not terminated");

	/* Struct block cut in the middle of a property header. */
	memcpy(m, blob, len);
	tu_put32(m + 36, 4 + 4 + 4 + 4);
	expect_open_fail(m, len, "property header runs past");

	/* Missing END token: the block ends right after the root. */
	memcpy(m, blob, len);
	tu_put32(m + 36, (u32)st_len - 4);
	expect_open_fail(m, len, "token runs past the end");
	free(m);
	tb_free(b);
}

/*
 * Accepted blobs must be fully walkable; rejected ones must say why.
 * Returns whether the blob was accepted.
 */
static bool check_mutant(const u8 *blob, size_t len)
{
	struct fdt fdt;
	u8 *copy = tu_dup(blob, len);
	bool ok = fdt_open(&fdt, copy, len) == 0;

	if (ok)
		walk_all(&fdt);
	else
		assert_true(fdt.err[0] != '\0');
	free(copy);
	return ok;
}

static void truncate_all(const u8 *blob, size_t len)
{
	size_t cut;
	u8 *m = malloc(len);

	for (cut = 0; cut <= len; cut++) {
		struct fdt fdt;
		u8 *copy = tu_dup(blob, cut);

		/* As given: totalsize is larger than what is available. */
		assert_int_equal(fdt_open(&fdt, copy, cut),
				 cut == len ? 0 : -EINVAL);
		free(copy);
		/* Lying header: totalsize (and size_dt_struct) say cut. */
		if (cut >= 40) {
			memcpy(m, blob, cut);
			tu_put32(m + 4, (u32)cut);
			check_mutant(m, cut);
			tu_shrink_header(m, cut);
			check_mutant(m, cut);
		}
	}
	free(m);
}

static void test_truncation(void **state)
{
	struct tb *b = small_tree();
	size_t len, i;
	u8 *blob = tb_finish(b, &len);

	truncate_all(blob, len);
	tb_free(b);
	for (i = 0; i < 2; i++) {
		void *f = tu_must_load(data_files[i], &len);

		truncate_all(f, len);
		free(f);
	}
}

static void mutate_file(const char *name, int rounds, u64 seed)
{
	size_t len, used;
	void *f = tu_load_data(name, &len);
	int r, k, accepted = 0;
	u8 *m;

	if (!f)
		return;
	/* Aim at the bytes in use, not at QEMU's free space padding. */
	m = f;
	used = MAX(tu_get32(m + 8) + tu_get32(m + 36),
		   tu_get32(m + 12) + tu_get32(m + 32));
	assert_true(used <= len);
	m = malloc(len);
	for (r = 0; r < rounds; r++) {
		int flips = 1 + (int)(tu_rand(&seed) % 8);

		memcpy(m, f, len);
		for (k = 0; k < flips; k++) {
			u64 x = tu_rand(&seed);
			size_t pos = (size_t)(x % used);

			switch ((x >> 32) % 4) {
			case 0: /* flip one bit */
				m[pos] ^= (u8)(1u << ((x >> 40) % 8));
				break;
			case 1: /* random byte */
				m[pos] = (u8)(x >> 48);
				break;
			case 2: /* small value into an aligned word */
				pos &= ~(size_t)3;
				if (pos + 4 <= len)
					tu_put32(m + pos, (u32)(x >> 40) % 16);
				break;
			default: /* random header field */
				pos = 4 * ((x >> 40) % 10);
				tu_put32(m + pos, (u32)(x >> 8));
				break;
			}
		}
		accepted += check_mutant(m, len);
	}
	print_message("%s: %d of %d mutants accepted\n", name, accepted,
		      rounds);
	/* Both outcomes must occur, or the mutations test nothing. */
	assert_true(accepted > 0 && accepted < rounds);
	free(m);
	free(f);
}

static void test_mutations(void **state)
{
	mutate_file("virt-gicv3.dtb", 10000, 0x1234567);
	mutate_file("dom0less.dtb", 3000, 42);
	mutate_file("soc-gic400.dtb", 3000, 43);
	mutate_file("qemu-virt-gic2.dtb", 1000, 7);
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
		cmocka_unit_test(test_header_errors),
		cmocka_unit_test(test_struct_errors),
		cmocka_unit_test(test_max_depth_ok),
		cmocka_unit_test(test_unterminated),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_mutations),
	};

	tu_set_data_dir(argv[0]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
