/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the boot device tree path on arbitrary bytes.
 *
 * fdt_open() must refuse anything malformed with a reason; on anything it
 * accepts, every accessor must stay inside the blob: walk every node in
 * document order and every property of each, ask each node for what the
 * boot code asks (name, parent, depth, reg in every cell layout, address
 * translation, compatible, status, phandle), look paths and aliases up,
 * read the memory reservation block, then run bootinfo_parse(),
 * bootinfo_check_layout() and bootinfo_find_uart() as start_hyp() does.
 * The sanitizers (ASan, UBSan) turn any out-of-bounds access, overflow or
 * misaligned load into a crash.
 *
 * The real sources (hyp/lib/fdt.c, fdt_ro.c, hyp/common/bootinfo*.c) are
 * linked against the host fake arch (hyp/arch/host).
 */
#include <hyp/bootinfo.h>
#include <hyp/errno.h>
#include <hyp/fdt.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Nodes and properties visited per input, so huge trees stay fast. */
#define MAX_NODES 4096
#define MAX_PROPS 65536

static volatile u64 sink; /* keeps results alive */

static void use(u64 v)
{
	sink ^= v;
}

static void visit_props(const struct fdt *fdt, int node, unsigned int *props)
{
	int prop;

	fdt_for_each_property (prop, fdt, node) {
		const char *name = NULL;
		int len = -1;
		const void *val = fdt_getprop_by_offset(fdt, prop, &name, &len);
		const void *again;
		int len2;

		if (++*props > MAX_PROPS)
			return;
		if (!val || !name)
			continue;
		use((u64)len + strlen(name));
		if (len > 0)
			use(((const u8 *)val)[0] ^ ((const u8 *)val)[len - 1]);
		/* The same property looked up by name. */
		again = fdt_getprop(fdt, node, name, &len2);
		if (again)
			use((u64)len2);
		if (len >= 4)
			use(fdt32_ld(val));
		if (len >= 8)
			use(fdt64_ld(val));
		if (len > 0)
			use(fdt_stringlist_contains(val, len, "okay"));
	}
}

static void visit_node(const struct fdt *fdt, int node)
{
	u64 addr, size;
	int len, ac, sc, i, parent;
	u32 u;
	const char *s;

	s = fdt_get_name(fdt, node, &len);
	if (s)
		use((u64)len + (len > 0 ? (u8)s[len - 1] : 0));
	parent = fdt_parent_offset(fdt, node);
	use((u64)parent);
	use((u64)fdt_node_depth(fdt, node));
	use((u64)fdt_address_cells(fdt, node));
	use((u64)fdt_size_cells(fdt, node));
	if (!fdt_reg_cells(fdt, node, &ac, &sc))
		use((u64)(ac + sc));
	use((u64)fdt_num_reg(fdt, node));
	for (i = 0; i < 4; i++) {
		if (fdt_read_reg(fdt, node, i, &addr, &size))
			break;
		use(addr ^ size);
		if (!fdt_translate_address(fdt, node, &addr))
			use(addr);
	}
	if (!fdt_getprop_u32(fdt, node, "#interrupt-cells", &u))
		use(u);
	if (fdt_getprop_str(fdt, node, "device_type", &s) >= 0)
		use((u8)s[0]);
	use(fdt_node_check_compatible(fdt, node, "xen,domain"));
	use(fdt_node_check_compatible(fdt, node, "multiboot,module"));
	use(fdt_node_is_available(fdt, node));
	u = fdt_get_phandle(fdt, node);
	if (u)
		use((u64)fdt_node_offset_by_phandle(fdt, u));
	if (parent >= 0)
		use((u64)fdt_child_reg_cells(fdt, parent, &ac, &sc));
}

static void walk(const struct fdt *fdt)
{
	static const char *const paths[] = {
		"/",	       "/cpus",
		"/chosen",     "/memory",
		"/psci",       "/timer",
		"/intc",       "serial0",
		"/aliases",    "/reserved-memory",
		"/cpus/cpu@0", "/chosen/module@0",
		"nope/x",      "/a/b/c/d/e",
	};
	unsigned int nodes = 0, props = 0, i;
	int node, depth = 0, sub;
	u64 a, s;

	for (node = fdt_root(fdt); node >= 0 && nodes < MAX_NODES;
	     node = fdt_next_node(fdt, node, NULL), nodes++) {
		visit_node(fdt, node);
		visit_props(fdt, node, &props);
	}
	/* Depth-limited walk and subnode iteration from the root. */
	for (node = fdt_root(fdt); node >= 0 && nodes < 2 * MAX_NODES;
	     node = fdt_next_node(fdt, node, &depth), nodes++)
		use((u64)depth);
	fdt_for_each_subnode (sub, fdt, fdt_root(fdt))
		use((u64)sub);
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		use((u64)fdt_path_offset(fdt, paths[i]));
	use((u64)fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3"));
	for (i = 0; i < 64 && (int)i < fdt_num_mem_rsv(fdt); i++)
		if (!fdt_get_mem_rsv(fdt, (int)i, &a, &s))
			use(a ^ s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/*
	 * A copy in its own allocation: ASan sees any read past the end.
	 * Aligned like a boot DTB (8 bytes), as start_hyp() requires.
	 */
	static struct bootinfo bi;
	struct fdt fdt;
	char err[160];
	paddr_t base;
	u64 len;
	u8 *blob = malloc(size ? size : 1);

	if (!blob)
		return 0;
	memcpy(blob, data, size);
	if (fdt_open(&fdt, blob, size) == 0) {
		walk(&fdt);
		memset(&bi, 0, sizeof(bi));
		if (bootinfo_parse(&bi, &fdt, err, sizeof(err)) == 0) {
			use(bi.nr_cpus + bi.mem.nr + bi.nr_modules);
			/* As start_hyp(): image at 0x40200000, DTB at 0x48000000. */
			err[0] = '\0';
			if (bootinfo_check_layout(&bi, pa_init(0x40200000),
						  0x200000, pa_init(0x48000000),
						  size, 44, err, sizeof(err)) &&
			    (!err[0] || !memchr(err, '\0', sizeof(err))))
				abort();
			if (bi.stdout_path[0])
				use((u64)bootinfo_find_uart(
					&fdt, bi.stdout_path, &base, &len));
		} else {
			/* A refusal must say why, in one line. */
			if (!err[0] || !memchr(err, '\0', sizeof(err)))
				abort();
		}
		use((u64)bootinfo_find_uart(&fdt, "serial0", &base, &len));
	} else if (!fdt.err[0]) {
		abort(); /* refused without a reason */
	}
	free(blob);
	return 0;
}
