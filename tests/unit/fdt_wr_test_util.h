/* SPDX-License-Identifier: MIT */
/*
 * Helpers for the FDT writer tests (test_fdt_wr.c, test_fdt_wr_copy.c):
 * a sample tree exercising every writer call,
 * the check that a failed writer stays failed, and the sweep over every
 * too-small buffer. Include from exactly one file per test binary.
 */
#ifndef FDT_WR_TEST_UTIL_H
#define FDT_WR_TEST_UTIL_H

/* hyp headers first: hyp/compiler.h must precede the libc headers. */
#include <hyp/errno.h>
#include <hyp/fdt.h>
#include <hyp/fdt_wr.h>
#include <hyp/lib.h>

#include <unistd.h>
#include <sys/stat.h>

#include "dtc_test_util.h"
#include "fdt_test_util.h"

#define BIG 65536
#define CANARY_LEN 64
#define CANARY 0xa5

/* ---- a sample tree exercising every writer call ---- */

static const u8 raw[5] = {1, 2, 3, 4, 5};

/*
 * First error of a call sequence; every call after it must return it too
 * (the sticky-error promise).
 */
struct seq {
	int first;
};

static inline int step(struct seq *s, int rc)
{
	if (s->first)
		assert_int_equal(rc, s->first);
	else
		s->first = rc;
	return rc;
}

/* Builds the sample tree; returns fdtw_finish()'s result. */
static inline int build_sample(struct fdtw *w, void *buf, size_t size,
			       size_t *total, void **ph)
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

/* A writer with the root (and, with child, /n) open. */
static inline void open_root(struct fdtw *w, u8 *buf, size_t size, bool child)
{
	assert_int_equal(fdtw_init(w, buf, size), 0);
	assert_int_equal(fdtw_begin_node(w, ""), 0);
	if (child)
		assert_int_equal(fdtw_begin_node(w, "n"), 0);
}

/* w has just failed with err: it must keep failing, nothing written. */
static inline void assert_stuck(struct fdtw *w, int err)
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

/* ---- small buffers ---- */

typedef int (*builder_fn)(struct fdtw *w, void *buf, size_t size, size_t *total,
			  void *arg);

/*
 * Build into buffers of every size from 0 to the needed one: each too
 * small one must fail with -ENOSPC (stickily) and leave the bytes after
 * it untouched; the needed one must give the same blob as a big buffer.
 */
static inline void sweep_sizes(builder_fn build, void *arg)
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

static inline int setup(void **state)
{
	return tmpdir_make("test_fdt_wr");
}

static inline int teardown(void **state)
{
	return tmpdir_remove();
}

#endif
