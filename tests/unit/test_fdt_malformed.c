// SPDX-License-Identifier: MIT
/*
 * FDT reader: fdt_open() against malformed blobs (hand-built, truncated,
 * randomly mutated), which must fail cleanly or, when accepted, be safe to
 * walk. Helpers: fdt_walk_test_util.h.
 */
#include "fdt_walk_test_util.h"

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
