/* SPDX-License-Identifier: MIT */
/*
 * FDT writer: trees built with fdtw_*() must open with our reader and
 * round-trip, and pass the real dtc (and fdtget when installed); strings
 * are shared; every misuse and every too-small buffer fails cleanly and
 * stickily; the QEMU virt DTB copied node by node decompiles identically.
 */
/* hyp headers first: hyp/compiler.h must precede the libc headers. */
#include <hyp/errno.h>
#include <hyp/fdt.h>
#include <hyp/fdt_wr.h>
#include <hyp/lib.h>

#include <unistd.h>
#include <sys/stat.h>

#include "fdt_test_util.h"

#define BIG 65536
#define CANARY_LEN 64
#define CANARY 0xa5

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

/* The whole file as a NUL-terminated string (caller frees). */
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
 * Decompile blob with dtc, which must succeed. Its warnings go to *warn
 * (caller frees) or, with warn NULL, must not occur. Returns the DTS text
 * (caller frees), or NULL when dtc is missing.
 */
static char *dtc_dts(const void *blob, size_t len, const char *tag, char **warn)
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
	if (rc != 0 || (!warn && errtext[0]))
		fail_msg("dtc on %s: status %d: %s", in, rc, errtext);
	if (warn)
		*warn = errtext;
	else
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

/*
 * Output of "fdtget opts FILE args" on blob, or NULL if fdtget is not
 * installed.
 */
static char *fdtget(const void *blob, size_t len, const char *opts,
		    const char *args)
{
	char in[512], out[512], cmd[2048];

	if (!have_tool("fdtget"))
		return NULL;
	snprintf(in, sizeof(in), "%s/fdtget.dtb", tmpdir);
	snprintf(out, sizeof(out), "%s/fdtget.out", tmpdir);
	write_file(in, blob, len);
	snprintf(cmd, sizeof(cmd), "fdtget %s %s %s >%s 2>&1", opts, in, args,
		 out);
	if (system(cmd) != 0)
		fail_msg("fdtget %s failed: %s", args, read_text(out));
	return read_text(out);
}

/* ---- a sample tree exercising every writer call ---- */

static const u8 raw[5] = {1, 2, 3, 4, 5};

/*
 * First error of a call sequence; every call after it must return it too
 * (the sticky-error promise).
 */
struct seq {
	int first;
};

static int step(struct seq *s, int rc)
{
	if (s->first)
		assert_int_equal(rc, s->first);
	else
		s->first = rc;
	return rc;
}

/* Builds the sample tree; returns fdtw_finish()'s result. */
static int build_sample(struct fdtw *w, void *buf, size_t size, size_t *total,
			void **ph)
{
	static const char *const compat[] = {"xen,xen-4.19", "xen,xen"};
	static const u64 irqs[] = {1, 27, 0xf08};
	static const u64 big[] = {0x123456789aULL, 1};
	static const u64 reg[] = {0x40000000, 0x10000000, 0x80000000ULL,
				  0x200000000ULL};
	struct seq s = {0};
	void *v;

	step(&s, fdtw_init(w, buf, size));
	step(&s, fdtw_set_boot_cpuid(w, 3));
	step(&s, fdtw_add_reserve(w, 0x48000000, 0x100000));
	step(&s, fdtw_add_reserve(w, 0xffff000000000000ULL, 0x1000));
	step(&s, fdtw_begin_node(w, ""));
	step(&s, fdtw_property_u32(w, "#address-cells", 2));
	step(&s, fdtw_property_u32(w, "#size-cells", 2));
	step(&s, fdtw_property_string(w, "compatible", "linux,dummy-virt"));
	step(&s, fdtw_property_string(w, "model", "armvisor test"));

	step(&s, fdtw_begin_node(w, "chosen"));
	step(&s,
	     fdtw_property_string(w, "bootargs", "console=hvc0 root=/dev/vda"));
	v = NULL;
	step(&s, fdtw_placeholder(w, "linux,initrd-start", 8, &v));
	*ph = v;
	step(&s, fdtw_placeholder(w, "linux,initrd-end", 8, &v));
	if (v)
		memset(v, 0xee, 8);
	step(&s, fdtw_end_node(w));

	step(&s, fdtw_begin_node(w, "hypervisor"));
	step(&s, fdtw_property_stringlist(w, "compatible", compat, 2));
	step(&s, fdtw_property_u64(w, "big", 0x0123456789abcdefULL));
	step(&s, fdtw_property_cells(w, "cells", irqs, 3, 1));
	step(&s, fdtw_property_cells(w, "wide", big, 2, 2));
	step(&s, fdtw_property_empty(w, "dma-coherent"));
	step(&s, fdtw_property(w, "raw", raw, sizeof(raw)));
	step(&s, fdtw_end_node(w));

	step(&s, fdtw_begin_node(w, "memory@40000000"));
	step(&s, fdtw_property_string(w, "device_type", "memory"));
	step(&s, fdtw_property_reg(w, 2, 2, reg, 2));
	step(&s, fdtw_end_node(w));

	step(&s, fdtw_begin_node(w, "soc@0"));
	step(&s, fdtw_property_u32(w, "#address-cells", 1));
	step(&s, fdtw_property_u32(w, "#size-cells", 1));
	step(&s, fdtw_property_cells(w, "ranges",
				     (const u64[]){0, 0, 0, 0x40000000}, 4, 1));
	step(&s, fdtw_property_string(w, "compatible", "simple-bus"));
	step(&s, fdtw_begin_node(w, "serial@9000000"));
	step(&s, fdtw_property_string(w, "compatible", "arm,pl011"));
	step(&s,
	     fdtw_property_reg(w, 1, 1, (const u64[]){0x9000000, 0x1000}, 1));
	step(&s, fdtw_property_string(w, "status", "okay"));
	step(&s, fdtw_end_node(w));
	step(&s, fdtw_end_node(w));

	step(&s, fdtw_end_node(w));
	return step(&s, fdtw_finish(w, total));
}

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

/* A writer with the root (and, with child, /n) open. */
static void open_root(struct fdtw *w, u8 *buf, size_t size, bool child)
{
	assert_int_equal(fdtw_init(w, buf, size), 0);
	assert_int_equal(fdtw_begin_node(w, ""), 0);
	if (child)
		assert_int_equal(fdtw_begin_node(w, "n"), 0);
}

/* w has just failed with err: it must keep failing, nothing written. */
static void assert_stuck(struct fdtw *w, int err)
{
	u8 snap[4096];
	size_t total = 12345;
	u32 size = w->size;
	void *v = w;

	assert_true(size <= sizeof(snap));
	memcpy(snap, w->buf, size);
	assert_int_equal(w->err, err);
	assert_int_equal(fdtw_set_boot_cpuid(w, 1), err);
	assert_int_equal(fdtw_add_reserve(w, 0x1000, 0x1000), err);
	assert_int_equal(fdtw_begin_node(w, "ok"), err);
	assert_int_equal(fdtw_property_u32(w, "ok", 1), err);
	assert_int_equal(fdtw_property_empty(w, "ok2"), err);
	assert_int_equal(fdtw_property_string(w, "ok3", "x"), err);
	assert_int_equal(fdtw_placeholder(w, "ok4", 4, &v), err);
	assert_null(v);
	assert_int_equal(fdtw_end_node(w), err);
	assert_int_equal(fdtw_finish(w, &total), err);
	assert_int_equal(total, 12345);
	assert_memory_equal(snap, w->buf, size);
	assert_int_equal(w->err, err);
	/* Nothing that looks like a blob was left behind. */
	assert_int_equal(tu_get32(w->buf), 0);
}

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

/* ---- small buffers ---- */

typedef int (*builder_fn)(struct fdtw *w, void *buf, size_t size, size_t *total,
			  void *arg);

/*
 * Build into buffers of every size from 0 to the needed one: each too
 * small one must fail with -ENOSPC (stickily) and leave the bytes after
 * it untouched; the needed one must give the same blob as a big buffer.
 */
static void sweep_sizes(builder_fn build, void *arg)
{
	u8 *ref = malloc(BIG), *buf;
	size_t need, size, total, i;
	struct fdtw w;
	struct fdt fdt;

	assert_int_equal(build(&w, ref, BIG, &need, arg), 0);
	for (size = 0; size <= need; size++) {
		buf = malloc(size + CANARY_LEN);
		assert_non_null(buf);
		memset(buf, CANARY, size + CANARY_LEN);
		total = 0;
		if (size < need) {
			assert_int_equal(build(&w, buf, size, &total, arg),
					 -ENOSPC);
			assert_int_equal(w.err, -ENOSPC);
			assert_int_equal(total, 0);
			assert_int_not_equal(fdt_open(&fdt, buf, size), 0);
		} else {
			assert_int_equal(build(&w, buf, size, &total, arg), 0);
			assert_int_equal(total, need);
			assert_memory_equal(buf, ref, need);
		}
		for (i = size; i < size + CANARY_LEN; i++)
			if (buf[i] != CANARY)
				fail_msg("size %zu: byte %zu overwritten", size,
					 i);
		free(buf);
	}
	free(ref);
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

static int setup(void **state)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_fdt_wr.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
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
		cmocka_unit_test(test_copy_qemu_gic3),
		cmocka_unit_test(test_copy_qemu_gic2),
		cmocka_unit_test(test_copy_qemu_loader),
		cmocka_unit_test(test_copy_small_buffers),
		cmocka_unit_test(test_copy_filters),
		cmocka_unit_test(test_copy_flat),
		cmocka_unit_test(test_copy_misuse),
	};

	tu_set_data_dir(argv[0]);
	return cmocka_run_group_tests_name("fdt_wr", tests, setup, teardown);
}
