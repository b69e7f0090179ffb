/* SPDX-License-Identifier: MIT */
/*
 * For the FDT reader tests (test_fdt.c, test_fdt_malformed.c): the DTBs
 * tests.mk builds, and a walk calling every accessor over a whole tree.
 * Include from exactly one file per test binary.
 */
#ifndef FDT_WALK_TEST_UTIL_H
#define FDT_WALK_TEST_UTIL_H

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
static inline int walk_all(const struct fdt *fdt)
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

#endif
