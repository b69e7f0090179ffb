/* SPDX-License-Identifier: MIT */
/*
 * The external device tree tools for the FDT tests (test_fdt_wr*.c,
 * test_dom0_dt*.c): dtc decompiling a blob, fdtget reading it, in a
 * temporary directory made by the test's group setup. Include from
 * exactly one file per test binary.
 */
#ifndef DTC_TEST_UTIL_H
#define DTC_TEST_UTIL_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <setjmp.h>
#include <cmocka.h>

static char tmpdir[256];

/* ---- external tools ---- */

static inline bool have_tool(const char *tool)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", tool);
	return system(cmd) == 0;
}

static inline void write_file(const char *path, const void *p, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* The whole file as a NUL-terminated string (caller frees). */
static inline char *read_text(const char *path)
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
static inline char *dtc_dts(const void *blob, size_t len, const char *tag,
			    char **warn)
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

static inline void assert_contains(const char *text, const char *needle)
{
	if (!strstr(text, needle))
		fail_msg("expected \"%s\" in:\n%s", needle, text);
}

static inline void assert_lacks(const char *text, const char *needle)
{
	if (strstr(text, needle))
		fail_msg("unexpected \"%s\" in:\n%s", needle, text);
}

/*
 * Output of "fdtget opts FILE args" on blob, or NULL if fdtget is not
 * installed.
 */
static inline char *fdtget(const void *blob, size_t len, const char *opts,
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

/* Group setup / teardown: make the directory /tmp/<name>.XXXXXX, remove it. */
static inline int tmpdir_make(const char *name)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/%s.XXXXXX", name);
	return mkdtemp(tmpdir) ? 0 : -1;
}

static inline int tmpdir_remove(void)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

#endif
