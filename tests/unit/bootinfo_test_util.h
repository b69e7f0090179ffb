/* SPDX-License-Identifier: MIT */
/*
 * Helpers for the bootinfo_parse() tests (test_bootinfo.c,
 * test_bootinfo_errors.c): the parsed result, parsing a data DTB, and
 * checks of its modules and memory banks. Include from exactly one file
 * per test binary.
 */
#ifndef BOOTINFO_TEST_UTIL_H
#define BOOTINFO_TEST_UTIL_H

#include "fdt_test_util.h"

#include <hyp/bootinfo.h>
#include <hyp/errno.h>
#include <hyp/fdt.h>

static struct bootinfo bi;
static char err[256];

struct loaded {
	void *blob;
	struct fdt fdt;
};

/* Parse a data file into bi; returns false if the file is optional+absent. */
static inline bool parse_file(const char *name, struct loaded *l)
{
	size_t len;
	int rc;

	l->blob = tu_load_data(name, &len);
	if (!l->blob)
		return false;
	tu_open_ok(&l->fdt, l->blob, len);
	rc = bootinfo_parse(&bi, &l->fdt, err, sizeof(err));
	if (rc)
		fail_msg("bootinfo_parse(%s): %d %s", name, rc, err);
	assert_string_equal(err, "");
	return true;
}

static inline void check_module(unsigned int i, enum bootmod_kind kind,
				u64 start, u64 size, const char *cmdline)
{
	const struct bootmodule *m = &bi.modules[i];

	assert_true(i < bi.nr_modules);
	assert_int_equal(m->kind, kind);
	assert_int_equal(pa_val(m->start), start);
	assert_int_equal(m->size, size);
	if (cmdline) {
		assert_true(m->has_cmdline);
		assert_string_equal(m->cmdline, cmdline);
	} else {
		assert_false(m->has_cmdline);
	}
}

static inline void check_bank(const struct membank *b, u64 start, u64 size)
{
	assert_int_equal(pa_val(b->start), start);
	assert_int_equal(b->size, size);
}

#endif
