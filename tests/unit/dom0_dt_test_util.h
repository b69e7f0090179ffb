/* SPDX-License-Identifier: MIT */
/*
 * Helpers for the dom0 device tree tests (test_dom0_dt*.c): running dtc
 * on a result, reading it back, the QEMU virt host and config, and
 * dom0_build_dt() with its checks on every result. Include from exactly
 * one file per test binary, after the hyp headers.
 */
#ifndef DOM0_DT_TEST_UTIL_H
#define DOM0_DT_TEST_UTIL_H

#include <hyp/dom0_dt.h>
#include <hyp/errno.h>
#include <hyp/fdt.h>
#include <hyp/fdt_wr.h>
#include <hyp/lib.h>

#include <unistd.h>

#include "dtc_test_util.h"
#include "fdt_test_util.h"

#define BUF_SIZE (256 * 1024)
#define CANARY 0xa5
#define ERRLEN 160

/*
 * Drop the lines of dtc's stderr text containing what; returns text.
 */
static inline char *drop_lines(char *text, const char *what)
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
static inline char *dom0_dtc(const void *blob, size_t len, const char *tag,
			     const char *allow)
{
	char *warn = NULL;
	char *dts = dtc_dts(blob, len, tag, &warn);

	if (warn) {
		drop_lines(drop_lines(warn, HYPERVISOR_WARNING), allow);
		if (warn[0])
			fail_msg("dtc on %s: %s", tag, warn);
		free(warn);
	}
	return dts;
}

/* ---- reading the result ---- */

static inline int node_at(const struct fdt *f, const char *path)
{
	int n = fdt_path_offset(f, path);

	if (n < 0)
		fail_msg("no node %s (%d)", path, n);
	return n;
}

static inline void assert_no_node(const struct fdt *f, const char *path)
{
	int n = fdt_path_offset(f, path);

	if (n >= 0)
		fail_msg("unexpected node %s", path);
}

static inline const void *prop_at(const struct fdt *f, const char *path,
				  const char *name, int *len)
{
	const void *p = fdt_getprop(f, node_at(f, path), name, len);

	if (!p)
		fail_msg("no property %s in %s", name, path);
	return p;
}

static inline void assert_no_prop(const struct fdt *f, const char *path,
				  const char *name)
{
	if (fdt_getprop(f, node_at(f, path), name, NULL))
		fail_msg("unexpected property %s in %s", name, path);
}

static inline void assert_prop_bytes(const struct fdt *f, const char *path,
				     const char *name, const void *val, int len)
{
	int l;
	const void *p = prop_at(f, path, name, &l);

	if (l != len || memcmp(p, val, (size_t)len) != 0)
		fail_msg("%s:%s: length %d, expected %d, or other bytes", path,
			 name, l, len);
}

/* A property of n big-endian cells. */
static inline void assert_prop_cells(const struct fdt *f, const char *path,
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

static inline void assert_prop_str(const struct fdt *f, const char *path,
				   const char *name, const char *s)
{
	assert_prop_bytes(f, path, name, s, (int)strlen(s) + 1);
}

static inline int count_props(const struct fdt *f, int node)
{
	int prop, n = 0;

	fdt_for_each_property (prop, f, node)
		n++;
	return n;
}

static inline int count_subnodes(const struct fdt *f, int node)
{
	int child, n = 0;

	fdt_for_each_subnode (child, f, node)
		n++;
	return n;
}

/* Root children named name, or starting with name + "@". */
static inline int count_named(const struct fdt *f, const char *name)
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
static inline int count_memory_nodes(const struct fdt *f)
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
static inline void assert_same_node(const struct fdt *a, int na,
				    const struct fdt *b, int nb)
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

static inline void assert_same_path(const struct fdt *host,
				    const struct fdt *dom0, const char *path)
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
static inline bool load_qemu(struct host *h, const char *name)
{
	h->blob = tu_load_data(name, &h->len);
	if (!h->blob)
		return false;
	tu_open_ok(&h->fdt, h->blob, h->len);
	return true;
}

static inline void host_from_tb(struct host *h, struct tb *b)
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

static inline void qemu_config(struct dom0_dt_config *cfg, struct host *h,
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

static inline int build(struct host *h, const struct dom0_dt_config *cfg,
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

static inline void build_ok(struct host *h, const struct dom0_dt_config *cfg,
			    struct out *o)
{
	int rc = build(h, cfg, o);

	if (rc)
		fail_msg("dom0_build_dt: %d: %s", rc, o->err);
}

static inline void build_fails(struct host *h, const struct dom0_dt_config *cfg,
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

static inline void done(struct host *h, struct out *o)
{
	free(h->blob);
	free(o->buf);
	h->blob = NULL;
	o->buf = NULL;
}

/* A dom0_dt_collect_devices() callback that only counts. */
static inline int ignore_res(const struct fdt *host,
			     const struct dom0_dt_resource *res, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

static inline int setup(void **state)
{
	return tmpdir_make("test_dom0_dt");
}

static inline int teardown(void **state)
{
	return tmpdir_remove();
}

#endif
