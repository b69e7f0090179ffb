/* SPDX-License-Identifier: MIT */
/*
 * FDT writer, copying from a source tree: the QEMU virt DTBs copied node
 * by node decompile identically, also into every too-small buffer; the
 * copy callbacks deriving dom0's DT from the host's filter, flatten and
 * fail cleanly when misused. Helpers: fdt_wr_test_util.h.
 */
#include "fdt_wr_test_util.h"

/* ---- copying from a source tree ---- */

struct copy_arg {
	const struct fdt *src;
	const struct fdtw_copy_ops *ops;
};

/* The whole of src, header fields and reservations included. */
static int copy_tree(struct fdtw *w, void *buf, size_t size, size_t *total,
		     void *argp)
{
	struct copy_arg *arg = argp;
	const struct fdt *src = arg->src;
	struct fdtw_copy_ops all = {.recurse = true};
	struct seq s = {0};
	u64 a, sz;
	int i;

	step(&s, fdtw_init(w, buf, size));
	step(&s, fdtw_set_boot_cpuid(w, tu_get32(src->blob + 28)));
	for (i = 0; i < fdt_num_mem_rsv(src); i++) {
		assert_int_equal(fdt_get_mem_rsv(src, i, &a, &sz), 0);
		step(&s, fdtw_add_reserve(w, a, sz));
	}
	step(&s, fdtw_begin_node(w, ""));
	step(&s,
	     fdtw_copy_node(w, src, fdt_root(src), arg->ops ? arg->ops : &all));
	step(&s, fdtw_end_node(w));
	return step(&s, fdtw_finish(w, total));
}

/* Node by node, via fdtw_begin_node() and non-recursive copies. */
static int copy_by_hand(struct fdtw *w, const struct fdt *src, int node)
{
	const char *name = fdt_get_name(src, node, NULL);
	int child, rc;

	rc = fdtw_begin_node(w, name);
	if (!rc)
		rc = fdtw_copy_node(w, src, node, NULL);
	fdt_for_each_subnode (child, src, node)
		if (!rc)
			rc = copy_by_hand(w, src, child);
	return rc ? rc : fdtw_end_node(w);
}

/* Total length of the distinct property names in fdt, NULs included. */
static size_t unique_names_size(const struct fdt *fdt)
{
	const char *names[1024], *name;
	int node = fdt_root(fdt), depth = 0, prop, n = 0, i;
	size_t total = 0;

	for (; node >= 0; node = fdt_next_node(fdt, node, &depth)) {
		fdt_for_each_property (prop, fdt, node) {
			fdt_getprop_by_offset(fdt, prop, &name, NULL);
			for (i = 0; i < n && strcmp(names[i], name); i++)
				;
			if (i < n)
				continue;
			assert_true(n < (int)ARRAY_SIZE(names));
			names[n++] = name;
			total += strlen(name) + 1;
		}
	}
	return total;
}

static void check_copy(const char *file)
{
	size_t len, total, total2;
	u8 *orig, *out = malloc(BIG), *out2 = malloc(BIG);
	char *dts_orig, *dts_copy, *dts_copy2;
	char *warn_orig, *warn_copy, *warn_copy2;
	struct fdt src, copy;
	struct fdtw w;
	struct copy_arg arg;

	orig = tu_load(file, &len);
	if (!orig) {
		free(out);
		free(out2);
		skip();
	}
	tu_open_ok(&src, orig, len);
	arg.src = &src;
	arg.ops = NULL;
	assert_int_equal(copy_tree(&w, out, BIG, &total, &arg), 0);
	tu_open_ok(&copy, out, total);
	/* Same structure block; each property name stored at most once. */
	assert_int_equal(copy.size_struct, src.size_struct);
	assert_true(copy.size_strings <= unique_names_size(&src));

	fdtw_init(&w, out2, BIG);
	assert_int_equal(copy_by_hand(&w, &src, fdt_root(&src)), 0);
	assert_int_equal(fdtw_finish(&w, &total2), 0);

	/*
	 * The same file name each time, so that dtc's warnings (QEMU's
	 * guest-loader modules have some) can be compared too.
	 */
	dts_orig = dtc_dts(orig, len, "virt", &warn_orig);
	if (dts_orig) {
		dts_copy = dtc_dts(out, total, "virt", &warn_copy);
		dts_copy2 = dtc_dts(out2, total2, "virt", &warn_copy2);
		assert_string_equal(dts_orig, dts_copy);
		assert_string_equal(warn_orig, warn_copy);
		assert_string_equal(warn_orig, warn_copy2);
		/* The hand copy has no /memreserve/ entries: compare trees. */
		assert_string_equal(strstr(dts_orig, "\n/ {"),
				    strstr(dts_copy2, "\n/ {"));
		free(dts_copy);
		free(dts_copy2);
		free(dts_orig);
		free(warn_orig);
		free(warn_copy);
		free(warn_copy2);
	}
	free(orig);
	free(out);
	free(out2);
}

static void test_copy_qemu_gic3(void **state)
{
	check_copy("qemu-virt-gic3.dtb");
}

static void test_copy_qemu_gic2(void **state)
{
	check_copy("qemu-virt-gic2.dtb");
}

static void test_copy_qemu_loader(void **state)
{
	check_copy("qemu-virt-loader.dtb");
}

/* Every buffer size with a whole QEMU tree: the copy path's ENOSPC. */
static void test_copy_small_buffers(void **state)
{
	struct copy_arg arg = {0};
	struct fdt src;
	size_t len;
	u8 *orig = tu_load("qemu-virt-gic3.dtb", &len);

	if (!orig)
		skip();
	tu_open_ok(&src, orig, len);
	arg.src = &src;
	sweep_sizes(copy_tree, &arg);
	free(orig);
}

/* ---- copy callbacks: what deriving dom0's DT from the host's needs ---- */

static int nr_props_done;

static bool host_prop(struct fdtw *w, const struct fdt *src, int node,
		      const char *name, const void *val, int len, void *arg)
{
	if (strcmp(name, "xen,passthrough") == 0)
		return false;
	if (strcmp(name, "status") == 0) {
		fdtw_property_string(w, "status", "okay");
		return false;
	}
	return true;
}

static void host_props_done(struct fdtw *w, const struct fdt *src, int node,
			    void *arg)
{
	nr_props_done++;
	if (fdt_node_check_compatible(src, node, "acme,dev"))
		fdtw_property_u32(w, "added", 7);
}

static bool host_node(struct fdtw *w, const struct fdt *src, int node,
		      void *arg)
{
	const char *name = fdt_get_name(src, node, NULL);

	if (strcmp(name, "chosen") == 0)
		return false;
	/* Replace a node by one of our own, in the same place. */
	if (strncmp(name, "memory", 6) == 0) {
		fdtw_begin_node(w, "memory@80000000");
		fdtw_property_string(w, "device_type", "memory");
		fdtw_property_reg(w, 2, 2,
				  (const u64[]){0x80000000, 0x20000000}, 1);
		fdtw_end_node(w);
		return false;
	}
	return !fdt_node_check_compatible(src, node, "acme,private");
}

/* A host-like source tree, itself built with the writer. */
static size_t build_host(u8 *buf, size_t size)
{
	struct fdtw w;
	size_t total;

	fdtw_init(&w, buf, size);
	fdtw_begin_node(&w, "");
	fdtw_property_u32(&w, "#address-cells", 2);
	fdtw_property_u32(&w, "#size-cells", 2);
	fdtw_begin_node(&w, "chosen");
	fdtw_property_string(&w, "bootargs", "host");
	fdtw_end_node(&w);
	fdtw_begin_node(&w, "memory@40000000");
	fdtw_property_string(&w, "device_type", "memory");
	fdtw_end_node(&w);
	fdtw_begin_node(&w, "dev@1000");
	fdtw_property_string(&w, "compatible", "acme,dev");
	fdtw_property_reg(&w, 2, 2, (const u64[]){0x1000, 0x100}, 1);
	fdtw_property_string(&w, "status", "disabled");
	fdtw_property_empty(&w, "xen,passthrough");
	fdtw_property_u32(&w, "keep", 1);
	fdtw_begin_node(&w, "sub");
	fdtw_property_string(&w, "status", "fail");
	fdtw_end_node(&w);
	fdtw_end_node(&w);
	fdtw_begin_node(&w, "private@2000");
	fdtw_property_string(&w, "compatible", "acme,private");
	fdtw_property_reg(&w, 2, 2, (const u64[]){0x2000, 0x100}, 1);
	fdtw_begin_node(&w, "inner");
	fdtw_begin_node(&w, "deeper");
	fdtw_end_node(&w);
	fdtw_end_node(&w);
	fdtw_end_node(&w);
	fdtw_begin_node(&w, "tail");
	fdtw_end_node(&w);
	fdtw_end_node(&w);
	assert_int_equal(fdtw_finish(&w, &total), 0);
	return total;
}

static void test_copy_filters(void **state)
{
	static const struct fdtw_copy_ops ops = {
		.prop = host_prop,
		.props_done = host_props_done,
		.node = host_node,
		.recurse = true,
	};
	u8 host[2048], buf[2048];
	struct fdt src, fdt;
	struct fdtw w;
	size_t hlen, total;
	const char *str;
	char *dts;
	int node;
	u32 n;

	hlen = build_host(host, sizeof(host));
	tu_open_ok(&src, host, hlen);
	nr_props_done = 0;
	fdtw_init(&w, buf, sizeof(buf));
	fdtw_begin_node(&w, "");
	assert_int_equal(fdtw_copy_node(&w, &src, fdt_root(&src), &ops), 0);
	/* Subnodes can still be added to the node copied into. */
	fdtw_begin_node(&w, "hypervisor");
	fdtw_end_node(&w);
	fdtw_end_node(&w);
	assert_int_equal(fdtw_finish(&w, &total), 0);
	/* root, dev@1000, sub, tail */
	assert_int_equal(nr_props_done, 4);

	tu_open_ok(&fdt, buf, total);
	assert_int_equal(fdt_path_offset(&fdt, "/chosen"), -ENOENT);
	assert_int_equal(fdt_path_offset(&fdt, "/private@2000"), -ENOENT);
	assert_int_equal(fdt_path_offset(&fdt, "/memory@40000000"), -ENOENT);
	assert_true(fdt_path_offset(&fdt, "/memory@80000000") >= 0);
	assert_true(fdt_path_offset(&fdt, "/tail") >= 0);
	assert_true(fdt_path_offset(&fdt, "/hypervisor") >= 0);
	node = fdt_path_offset(&fdt, "/dev@1000");
	assert_null(fdt_getprop(&fdt, node, "xen,passthrough", NULL));
	assert_int_equal(fdt_getprop_str(&fdt, node, "status", &str), 4);
	assert_string_equal(str, "okay");
	assert_int_equal(fdt_getprop_u32(&fdt, node, "added", &n), 0);
	assert_int_equal(n, 7);
	node = fdt_path_offset(&fdt, "/dev@1000/sub");
	assert_int_equal(fdt_getprop_str(&fdt, node, "status", &str), 4);
	assert_null(fdt_getprop(&fdt, node, "added", NULL));

	dts = dtc_dts(buf, total, "filtered", NULL);
	if (dts) {
		assert_contains(dts, "status = \"okay\";");
		assert_lacks(dts, "passthrough");
		assert_lacks(dts, "private");
		assert_lacks(dts, "deeper");
		assert_lacks(dts, "disabled");
		assert_contains(dts,
				"reg = <0x00 0x80000000 0x00 0x20000000>;");
		free(dts);
	}
}

/* Rename a node, copy its properties, add more and a subnode. */
static void test_copy_flat(void **state)
{
	u8 host[2048], buf[1024];
	struct fdt src, fdt;
	struct fdtw w;
	size_t hlen, total;
	int node;

	hlen = build_host(host, sizeof(host));
	tu_open_ok(&src, host, hlen);
	fdtw_init(&w, buf, sizeof(buf));
	fdtw_begin_node(&w, "");
	fdtw_begin_node(&w, "renamed@1000");
	fdtw_copy_node(&w, &src, fdt_path_offset(&src, "/dev@1000"), NULL);
	fdtw_property_u32(&w, "extra", 1);
	fdtw_begin_node(&w, "child");
	fdtw_end_node(&w);
	fdtw_end_node(&w);
	fdtw_end_node(&w);
	assert_int_equal(fdtw_finish(&w, &total), 0);
	tu_open_ok(&fdt, buf, total);
	node = fdt_path_offset(&fdt, "/renamed@1000");
	assert_true(fdt_node_check_compatible(&fdt, node, "acme,dev"));
	assert_non_null(fdt_getprop(&fdt, node, "xen,passthrough", NULL));
	assert_non_null(fdt_getprop(&fdt, node, "extra", NULL));
	assert_true(fdt_path_offset(&fdt, "/renamed@1000/child") >= 0);
	assert_int_equal(fdt_path_offset(&fdt, "/renamed@1000/sub"), -ENOENT);
}

static bool keep_dup(struct fdtw *w, const struct fdt *src, int node,
		     const char *name, const void *val, int len, void *arg)
{
	/* Wrong: rewrites but also keeps the original. */
	if (strcmp(name, "keep") == 0)
		fdtw_property_u32(w, "keep", 2);
	return true;
}

static bool close_node(struct fdtw *w, const struct fdt *src, int node,
		       const char *name, const void *val, int len, void *arg)
{
	fdtw_end_node(w);
	return true;
}

static bool open_node(struct fdtw *w, const struct fdt *src, int node,
		      void *arg)
{
	fdtw_begin_node(w, "x");
	return true;
}

static void test_copy_misuse(void **state)
{
	const struct fdtw_copy_ops dup = {.prop = keep_dup, .recurse = true};
	const struct fdtw_copy_ops closes = {.prop = close_node};
	const struct fdtw_copy_ops opens = {.node = open_node, .recurse = true};
	u8 host[2048], buf[1024];
	struct fdt src;
	struct fdtw w;
	size_t hlen;

	hlen = build_host(host, sizeof(host));
	tu_open_ok(&src, host, hlen);

	/* No open node to copy into. */
	fdtw_init(&w, buf, sizeof(buf));
	assert_int_equal(fdtw_copy_node(&w, &src, fdt_root(&src), NULL),
			 -EINVAL);
	assert_stuck(&w, -EINVAL);
	/* Bad node offsets. */
	open_root(&w, buf, sizeof(buf), false);
	assert_int_equal(fdtw_copy_node(&w, &src, 3, NULL), -EINVAL);
	assert_stuck(&w, -EINVAL);
	open_root(&w, buf, sizeof(buf), false);
	assert_int_equal(fdtw_copy_node(&w, &src, -1, NULL), -EINVAL);
	assert_stuck(&w, -EINVAL);
	open_root(&w, buf, sizeof(buf), false);
	assert_int_equal(fdtw_copy_node(&w, NULL, 0, NULL), -EINVAL);
	assert_stuck(&w, -EINVAL);
	/* Callbacks that break the structure. */
	open_root(&w, buf, sizeof(buf), false);
	assert_int_equal(fdtw_copy_node(&w, &src, fdt_root(&src), &dup),
			 -EINVAL);
	assert_stuck(&w, -EINVAL);
	open_root(&w, buf, sizeof(buf), true);
	assert_int_equal(fdtw_copy_node(&w, &src, fdt_root(&src), &closes),
			 -EINVAL);
	assert_stuck(&w, -EINVAL);
	open_root(&w, buf, sizeof(buf), false);
	assert_int_equal(fdtw_copy_node(&w, &src, fdt_root(&src), &opens),
			 -EINVAL);
	assert_stuck(&w, -EINVAL);
	/* Already failed: the copy does nothing. */
	open_root(&w, buf, sizeof(buf), false);
	fdtw_end_node(&w);
	fdtw_end_node(&w);
	assert_int_equal(fdtw_copy_node(&w, &src, fdt_root(&src), NULL),
			 -EINVAL);
	assert_stuck(&w, -EINVAL);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_copy_qemu_gic3),
		cmocka_unit_test(test_copy_qemu_gic2),
		cmocka_unit_test(test_copy_qemu_loader),
		cmocka_unit_test(test_copy_small_buffers),
		cmocka_unit_test(test_copy_filters),
		cmocka_unit_test(test_copy_flat),
		cmocka_unit_test(test_copy_misuse),
	};

	tu_set_data_dir(argv[0]);
	return cmocka_run_group_tests_name("fdt_wr_copy", tests, setup,
					   teardown);
}
