// SPDX-License-Identifier: MIT
/*
 * bootinfo_parse()'s error reporting on trees built by hand with one bad
 * value each (memory, reservations, CPUs, PSCI, GIC, timer, modules,
 * /chosen), the edge cases it accepts, and a big tree. Helpers:
 * bootinfo_test_util.h.
 */
#include "bootinfo_test_util.h"

#include <time.h>

/* ---- error cases, on trees built by hand ---- */

static u32 root_sc = 2;

/* Root with 2/root_sc cells; fn adds the nodes under test. */
static int parse_built(void (*fn)(struct tb *), int *rc)
{
	struct tb *b = tb_new();
	struct fdt fdt;
	size_t len;
	u8 *blob;

	tb_begin(b, "");
	tb_prop_cells(b, "#address-cells", 1, 2);
	tb_prop_cells(b, "#size-cells", 1, root_sc);
	fn(b);
	tb_end(b);
	blob = tb_finish(b, &len);
	tu_open_ok(&fdt, blob, len);
	memset(err, 0, sizeof(err));
	*rc = bootinfo_parse(&bi, &fdt, err, sizeof(err));
	tb_free(b);
	return *rc;
}

static void expect_error(void (*fn)(struct tb *), int want, const char *msg)
{
	int rc;

	parse_built(fn, &rc);
	if (rc != want)
		fail_msg("rc %d, want %d (err \"%s\", want \"%s\")", rc, want,
			 err, msg);
	if (!strstr(err, msg))
		fail_msg("error \"%s\" does not mention \"%s\"", err, msg);
}

static void memory_node(struct tb *b, const char *name)
{
	tb_begin(b, name);
	tb_prop_str(b, "device_type", "memory");
}

static void e_mem_overflow(struct tb *b)
{
	memory_node(b, "memory@fffffffffffff000");
	tb_prop_cells(b, "reg", 4, 0xffffffff, 0xfffff000, 0, 0x2000);
	tb_end(b);
}
static void ok_mem_top(struct tb *b)
{
	/* Ends exactly at 2^64: allowed. */
	memory_node(b, "memory@fffffffffffff000");
	tb_prop_cells(b, "reg", 4, 0xffffffff, 0xfffff000, 0, 0x1000);
	tb_end(b);
}
static void e_mem_reg_len(struct tb *b)
{
	memory_node(b, "memory@0");
	tb_prop_cells(b, "reg", 3, 0, 0x40000000, 0x1000);
	tb_end(b);
}
static void e_mem_no_reg(struct tb *b)
{
	memory_node(b, "memory@0");
	tb_end(b);
}
static void e_mem_no_size_cells(struct tb *b)
{
	/* Run with root_sc = 0: memory needs a size. */
	memory_node(b, "memory@0");
	tb_prop_cells(b, "reg", 2, 0, 0x40000000);
	tb_end(b);
}
static void e_mem_too_many(struct tb *b)
{
	u8 reg[16 * (BOOT_MAX_MEM_BANKS + 1)];
	int i;

	for (i = 0; i <= BOOT_MAX_MEM_BANKS; i++) {
		tu_put32(reg + 16 * i, (u32)i);
		tu_put32(reg + 16 * i + 4, 0);
		tu_put32(reg + 16 * i + 8, 0);
		tu_put32(reg + 16 * i + 12, 0x1000);
	}
	memory_node(b, "memory");
	tb_prop(b, "reg", reg, sizeof(reg));
	tb_end(b);
}
static void e_mem_overlap(struct tb *b)
{
	memory_node(b, "memory@80000000");
	tb_prop_cells(b, "reg", 4, 0, 0x80000000, 0, 0x1000);
	tb_end(b);
	memory_node(b, "memory@40000000");
	tb_prop_cells(b, "reg", 4, 0, 0x40000000, 0, 0x40001000);
	tb_end(b);
}
static void e_resv_cells(struct tb *b)
{
	tb_begin(b, "reserved-memory");
	tb_prop_cells(b, "#address-cells", 1, 7);
	tb_prop_cells(b, "#size-cells", 1, 1);
	tb_begin(b, "r@0");
	tb_prop_cells(b, "reg", 2, 0, 0x1000);
	tb_end(b);
	tb_end(b);
}
static void e_resv_range(struct tb *b)
{
	tb_begin(b, "reserved-memory");
	tb_prop_cells(b, "#address-cells", 1, 3);
	tb_prop_cells(b, "#size-cells", 1, 1);
	tb_begin(b, "r@0");
	tb_prop_cells(b, "reg", 4, 1, 0, 0x1000, 0x1000);
	tb_end(b);
	tb_end(b);
}
static void ok_resv_cells(struct tb *b)
{
	/* reserved-memory's own 1/1 cells, not the root's 2/2. */
	tb_begin(b, "reserved-memory");
	tb_prop_cells(b, "#address-cells", 1, 1);
	tb_prop_cells(b, "#size-cells", 1, 1);
	tb_begin(b, "r@1000");
	tb_prop_cells(b, "reg", 4, 0x1000, 0x100, 0x3000, 0x200);
	tb_end(b);
	tb_end(b);
}
static void e_memreserve_overflow(struct tb *b)
{
	tb_memrsv(b, 0xfffffffffffff000ULL, 0x2000);
}
static void cpus_begin(struct tb *b, int ac)
{
	tb_begin(b, "cpus");
	tb_prop_cells(b, "#address-cells", 1, ac);
	tb_prop_cells(b, "#size-cells", 1, 0);
}
static void cpu(struct tb *b, u32 mpidr)
{
	tb_begin(b, "cpu");
	tb_prop_str(b, "device_type", "cpu");
	tb_prop_cells(b, "reg", 1, mpidr);
	tb_end(b);
}
static void e_cpu_bad_mpidr(struct tb *b)
{
	cpus_begin(b, 1);
	cpu(b, 0x1000000);
	tb_end(b);
}
static void e_cpu_dup(struct tb *b)
{
	cpus_begin(b, 1);
	cpu(b, 0x1);
	cpu(b, 0x1);
	tb_end(b);
}
static void e_cpu_no_reg(struct tb *b)
{
	cpus_begin(b, 1);
	tb_begin(b, "cpu@0");
	tb_prop_str(b, "device_type", "cpu");
	tb_end(b);
	tb_end(b);
}
static void e_cpu_empty_reg(struct tb *b)
{
	cpus_begin(b, 1);
	tb_begin(b, "cpu@0");
	tb_prop_str(b, "device_type", "cpu");
	tb_prop(b, "reg", NULL, 0);
	tb_end(b);
	tb_end(b);
}
static void ok_many_cpus(struct tb *b)
{
	u32 i;

	cpus_begin(b, 1);
	for (i = 0; i < BOOT_MAX_CPUS + 5; i++)
		cpu(b, (i / 16) << 8 | (i % 16));
	tb_end(b);
}
static void psci(struct tb *b, const char *method)
{
	tb_begin(b, "psci");
	tb_prop_str(b, "compatible", "arm,psci-0.2");
	if (method)
		tb_prop_str(b, "method", method);
	tb_end(b);
}
static void e_psci_method(struct tb *b)
{
	psci(b, "svc");
}
static void e_psci_no_method(struct tb *b)
{
	psci(b, NULL);
}
static void e_psci_method_unterminated(struct tb *b)
{
	tb_begin(b, "psci");
	tb_prop_str(b, "compatible", "arm,psci");
	tb_prop(b, "method", "smc", 3);
	tb_end(b);
}
static void gic3(struct tb *b, int nregs, u32 nredist)
{
	u8 reg[16 * 16];
	int i;

	for (i = 0; i < nregs; i++) {
		tu_put32(reg + 16 * i, 0);
		tu_put32(reg + 16 * i + 4, 0x08000000 + 0x100000 * (u32)i);
		tu_put32(reg + 16 * i + 8, 0);
		tu_put32(reg + 16 * i + 12, 0x10000);
	}
	tb_begin(b, "gic");
	tb_prop_str(b, "compatible", "arm,gic-v3");
	tb_prop(b, "interrupt-controller", NULL, 0);
	tb_prop_cells(b, "#interrupt-cells", 1, 3);
	tb_prop(b, "reg", reg, 16 * (size_t)nregs);
	if (nredist)
		tb_prop_cells(b, "#redistributor-regions", 1, nredist);
}
static void e_gic_few_regs(struct tb *b)
{
	gic3(b, 2, 2);
	tb_end(b);
}
static void e_gic_many_redist(struct tb *b)
{
	gic3(b, 10, BOOT_MAX_REDIST_REGIONS + 1);
	tb_end(b);
}
static void e_gic_stride(struct tb *b)
{
	gic3(b, 2, 0);
	tb_prop_cells(b, "redistributor-stride", 2, 0, 0x1000);
	tb_end(b);
}
static void e_gic_maint_spi(struct tb *b)
{
	gic3(b, 2, 0);
	tb_prop_cells(b, "interrupts", 3, 0, 9, 4);
	tb_end(b);
}
static void e_gic_icells(struct tb *b)
{
	tb_begin(b, "gic");
	tb_prop_str(b, "compatible", "arm,gic-400");
	tb_prop(b, "interrupt-controller", NULL, 0);
	tb_prop_cells(b, "#interrupt-cells", 1, 2);
	tb_end(b);
}
static void e_gic2_one_reg(struct tb *b)
{
	tb_begin(b, "gic");
	tb_prop_str(b, "compatible", "arm,gic-400");
	tb_prop(b, "interrupt-controller", NULL, 0);
	tb_prop_cells(b, "reg", 4, 0, 0x08000000, 0, 0x1000);
	tb_end(b);
}
static void e_gic_untranslatable(struct tb *b)
{
	/* A bus without ranges: its children are not memory-mapped. */
	tb_begin(b, "bus");
	tb_prop_cells(b, "#address-cells", 1, 2);
	tb_prop_cells(b, "#size-cells", 1, 2);
	gic3(b, 2, 0);
	tb_end(b);
	tb_end(b);
}
static void ok_gic_not_ic(struct tb *b)
{
	/* Without interrupt-controller, a GIC-compatible node is ignored. */
	tb_begin(b, "gic");
	tb_prop_str(b, "compatible", "arm,gic-400");
	tb_end(b);
}
/* Leaves the node open. */
static void timer_begin(struct tb *b, int n, u32 type)
{
	u8 irqs[12 * 5];
	int i;

	/* QEMU's: secure 13, non-secure 14, virtual 11, hyp 10. */
	static const u32 num[] = {13, 14, 11, 10, 12};

	for (i = 0; i < n; i++) {
		tu_put32(irqs + 12 * i, type);
		tu_put32(irqs + 12 * i + 4, num[i]);
		tu_put32(irqs + 12 * i + 8, 4);
	}
	tb_begin(b, "timer");
	tb_prop_str(b, "compatible", "arm,armv8-timer");
	tb_prop(b, "interrupts", irqs, 12 * (size_t)n);
}
static void e_timer_three(struct tb *b)
{
	timer_begin(b, 3, 1);
	tb_end(b);
}
static void e_timer_spi(struct tb *b)
{
	timer_begin(b, 4, 0);
	tb_end(b);
}
static void e_timer_bad_type(struct tb *b)
{
	timer_begin(b, 4, 7);
	tb_end(b);
}
static void e_timer_none(struct tb *b)
{
	tb_begin(b, "timer");
	tb_prop_str(b, "compatible", "arm,armv7-timer");
	tb_end(b);
}
static void e_timer_freq(struct tb *b)
{
	timer_begin(b, 4, 1);
	tb_prop_cells(b, "clock-frequency", 2, 0, 1000000);
	tb_end(b);
}
static void ok_timer_disabled(struct tb *b)
{
	/* A disabled timer is skipped; the next one is used. */
	timer_begin(b, 3, 0);
	tb_prop_str(b, "status", "disabled");
	tb_end(b);
	timer_begin(b, 4, 1);
	tb_prop_cells(b, "clock-frequency", 1, 1000000);
	tb_end(b);
}
static void chosen_begin(struct tb *b)
{
	tb_begin(b, "chosen");
}
static void module(struct tb *b, const char *compat, bool reg)
{
	tb_begin(b, "module");
	tb_prop(b, "compatible", compat, strlen(compat) + 1);
	if (reg)
		tb_prop_cells(b, "reg", 4, 0, 0x48000000, 0, 0x1000);
}
static void e_module_no_reg(struct tb *b)
{
	chosen_begin(b);
	module(b, "multiboot,module", false);
	tb_end(b);
	tb_end(b);
}
static void e_module_reg_short(struct tb *b)
{
	chosen_begin(b);
	module(b, "multiboot,module", false);
	tb_prop_cells(b, "reg", 2, 0, 0x48000000);
	tb_end(b);
	tb_end(b);
}
static void e_module_overflow(struct tb *b)
{
	chosen_begin(b);
	module(b, "multiboot,module", false);
	tb_prop_cells(b, "reg", 4, 0xffffffff, 0xffffffff, 0, 2);
	tb_end(b);
	tb_end(b);
}
static void e_too_many_modules(struct tb *b)
{
	int i;

	chosen_begin(b);
	for (i = 0; i <= BOOT_MAX_MODULES; i++) {
		module(b, "multiboot,module", true);
		tb_end(b);
	}
	tb_end(b);
}
static void e_module_args_unterminated(struct tb *b)
{
	chosen_begin(b);
	module(b, "multiboot,module", true);
	tb_prop(b, "bootargs", "console=hvc0", 12);
	tb_end(b);
	tb_end(b);
}
static void e_module_args_long(struct tb *b)
{
	char args[BOOT_CMDLINE_SIZE + 1];

	memset(args, 'a', sizeof(args) - 1);
	args[sizeof(args) - 1] = '\0';
	chosen_begin(b);
	module(b, "multiboot,module", true);
	tb_prop_str(b, "bootargs", args);
	tb_end(b);
	tb_end(b);
}
static void ok_module_args_max(struct tb *b)
{
	char args[BOOT_CMDLINE_SIZE];

	memset(args, 'a', sizeof(args) - 1);
	args[sizeof(args) - 1] = '\0';
	chosen_begin(b);
	module(b, "multiboot,module", true);
	tb_prop_str(b, "bootargs", args);
	tb_end(b);
	tb_end(b);
}
static void e_xen_args_long(struct tb *b)
{
	char args[BOOT_CMDLINE_SIZE + 10];

	memset(args, 'x', sizeof(args) - 1);
	args[sizeof(args) - 1] = '\0';
	chosen_begin(b);
	tb_prop_str(b, "xen,xen-bootargs", args);
	tb_end(b);
}
static void e_stdout_long(struct tb *b)
{
	char path[BOOT_PATH_SIZE + 1];

	memset(path, 'p', sizeof(path) - 1);
	path[0] = '/';
	path[sizeof(path) - 1] = '\0';
	chosen_begin(b);
	tb_prop_str(b, "stdout-path", path);
	tb_end(b);
}
static void ok_stdout_long_options(struct tb *b)
{
	char path[BOOT_PATH_SIZE + 40];

	/* Only the part before ':' has to fit. */
	memset(path, 'o', sizeof(path) - 1);
	memcpy(path, "/uart:", 6);
	path[sizeof(path) - 1] = '\0';
	chosen_begin(b);
	tb_prop_str(b, "stdout-path", path);
	tb_end(b);
}
static void e_bootargs_not_string(struct tb *b)
{
	chosen_begin(b);
	tb_prop_cells(b, "xen,dom0-bootargs", 1, 0x41424344);
	tb_end(b);
}
static void e_initrd_order(struct tb *b)
{
	chosen_begin(b);
	tb_prop_cells(b, "linux,initrd-start", 1, 0x2000);
	tb_prop_cells(b, "linux,initrd-end", 1, 0x1000);
	tb_end(b);
}
static void e_initrd_no_end(struct tb *b)
{
	chosen_begin(b);
	tb_prop_cells(b, "linux,initrd-start", 2, 0, 0x2000);
	tb_end(b);
}
static void e_initrd_len(struct tb *b)
{
	chosen_begin(b);
	tb_prop_cells(b, "linux,initrd-start", 3, 0, 0, 0x2000);
	tb_prop_cells(b, "linux,initrd-end", 1, 0x3000);
	tb_end(b);
}

static void test_errors(void **state)
{
	expect_error(e_mem_overflow, -ERANGE, "wraps past the end");
	expect_error(e_mem_reg_len, -EINVAL, "memory@0: malformed reg");
	expect_error(e_mem_no_reg, -ENOENT, "memory@0 has no reg");
	expect_error(e_mem_too_many, -ENOSPC, "more than 32 memory regions");
	expect_error(e_mem_overlap, -EINVAL, "overlap");
	expect_error(e_resv_cells, -EINVAL,
		     "reserved-memory: bad #address-cells");
	expect_error(e_resv_range, -ERANGE, "r@0: reg entry 0 exceeds 64");
	expect_error(e_memreserve_overflow, -ERANGE, "/memreserve/ entry 0");
	expect_error(e_cpu_bad_mpidr, -EINVAL, "not an MPIDR affinity value");
	expect_error(e_cpu_dup, -EINVAL, "MPIDR 0x1 listed twice");
	expect_error(e_cpu_no_reg, -ENOENT, "node cpu@0 has no reg");
	expect_error(e_cpu_empty_reg, -ENOENT, "cpu@0: reg has no entry 0");
	expect_error(e_psci_method, -EINVAL, "unknown method \"svc\"");
	expect_error(e_psci_no_method, -EINVAL, "psci node psci has no method");
	expect_error(e_psci_method_unterminated, -EINVAL,
		     "method is not a string");
	expect_error(e_gic_few_regs, -EINVAL, "need GICD and 2 redist");
	expect_error(e_gic_many_redist, -EINVAL, "9 redistributor regions");
	expect_error(e_gic_stride, -EINVAL, "bad redistributor-stride");
	expect_error(e_gic_maint_spi, -EINVAL, "maintenance interrupt not a");
	expect_error(e_gic_icells, -EINVAL, "#interrupt-cells must be 3 or 4");
	expect_error(e_gic_untranslatable, -EINVAL,
		     "gic: reg entry 0 cannot be translated");
	expect_error(e_gic2_one_reg, -EINVAL, "GICD and GICC regions, has 1");
	expect_error(e_timer_three, -EINVAL, "at least 4 specifiers");
	expect_error(e_timer_spi, -EINVAL, "timer: interrupt 0 is not a PPI");
	expect_error(e_timer_bad_type, -EINVAL, "unsupported interrupt <7 13>");
	expect_error(e_timer_none, -EINVAL, "has no interrupts property");
	expect_error(e_module_no_reg, -ENOENT, "module has no reg");
	expect_error(e_module_reg_short, -EINVAL, "module: malformed reg");
	expect_error(e_module_overflow, -ERANGE, "wraps past the end");
	expect_error(e_too_many_modules, -ENOSPC, "more than 32 boot modules");
	expect_error(e_module_args_unterminated, -EINVAL,
		     "bootargs is not a string");
	expect_error(e_module_args_long, -ENAMETOOLONG,
		     "module bootargs is 1024 bytes long, the limit is 1023");
	expect_error(e_xen_args_long, -ENAMETOOLONG, "xen,xen-bootargs is");
	expect_error(e_stdout_long, -ENAMETOOLONG, "stdout-path is 256 bytes");
	expect_error(e_bootargs_not_string, -EINVAL,
		     "xen,dom0-bootargs is not a string");
	expect_error(e_initrd_order, -EINVAL, "initrd start 0x2000 >= end");
	expect_error(e_initrd_no_end, -ENOENT, "without -end");
	expect_error(e_initrd_len, -EINVAL, "linux,initrd-start has length 12");
	expect_error(e_timer_freq, -EINVAL, "clock-frequency is not one cell");
	root_sc = 0;
	expect_error(e_mem_no_size_cells, -EINVAL,
		     "memory@0: invalid #address-cells or #size-cells");
	root_sc = 2;
}

static void test_accepted_edge_cases(void **state)
{
	int rc;

	assert_int_equal(parse_built(ok_mem_top, &rc), 0);
	assert_int_equal(bi.mem.nr, 1);
	check_bank(&bi.mem.bank[0], 0xfffffffffffff000ULL, 0x1000);

	assert_int_equal(parse_built(ok_resv_cells, &rc), 0);
	assert_int_equal(bi.reserved.nr, 2);
	check_bank(&bi.reserved.bank[0], 0x1000, 0x100);
	check_bank(&bi.reserved.bank[1], 0x3000, 0x200);

	assert_int_equal(parse_built(ok_many_cpus, &rc), 0);
	assert_int_equal(bi.nr_cpus, BOOT_MAX_CPUS);
	assert_int_equal(bi.nr_cpus_ignored, 5);
	assert_int_equal(bi.cpu_mpidr[17], 0x101);

	assert_int_equal(parse_built(ok_timer_disabled, &rc), 0);
	assert_true(bi.timer.present);
	assert_int_equal(bi.timer.phys_irq, 30);
	assert_int_equal(bi.timer.clock_frequency, 1000000);

	assert_int_equal(parse_built(ok_gic_not_ic, &rc), 0);
	assert_int_equal(bi.gic.version, 0);

	assert_int_equal(parse_built(ok_module_args_max, &rc), 0);
	assert_int_equal(strlen(bi.modules[0].cmdline), BOOT_CMDLINE_SIZE - 1);
	/* The first unknown dom0 module is the kernel. */
	assert_int_equal(bi.modules[0].kind, BOOTMOD_KERNEL);

	assert_int_equal(parse_built(ok_stdout_long_options, &rc), 0);
	assert_string_equal(bi.stdout_path, "/uart");
}

static void test_not_opened(void **state)
{
	struct fdt fdt;

	assert_int_equal(fdt_open(&fdt, "junk", 4), -EINVAL);
	assert_int_equal(bootinfo_parse(&bi, &fdt, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "device tree not opened");
	/* No error buffer at all is fine too. */
	assert_int_equal(bootinfo_parse(&bi, &fdt, NULL, 0), -EINVAL);
}

/*
 * Big but valid inputs must parse in linear time: many zero-sized memory
 * entries (which count against no limit), many CPUs and /chosen nodes.
 */
static void test_big_tree(void **state)
{
	enum { ENTRIES = 60000, NODES = 20000 };
	struct tb *b = tb_new_cap(4u << 20);
	u8 *reg = calloc(ENTRIES, 16);
	struct fdt fdt;
	clock_t t0;
	size_t len;
	u8 *blob;
	int i;

	assert_non_null(reg);
	tb_begin(b, "");
	tb_prop_cells(b, "#address-cells", 1, 2);
	tb_prop_cells(b, "#size-cells", 1, 2);
	tu_put32(reg + 16 * (ENTRIES - 1) + 4, 0x40000000);
	tu_put32(reg + 16 * (ENTRIES - 1) + 12, 0x1000);
	tb_begin(b, "memory");
	tb_prop_str(b, "device_type", "memory");
	tb_prop(b, "reg", reg, 16 * (size_t)ENTRIES);
	tb_end(b);
	cpus_begin(b, 1);
	for (i = 0; i < NODES; i++)
		cpu(b, (u32)(i / 256) << 8 | (u32)(i % 256));
	tb_end(b);
	tb_begin(b, "chosen");
	for (i = 0; i < NODES; i++) {
		tb_begin(b, "n");
		tb_prop_str(b, "compatible", "not,a-module");
		tb_end(b);
	}
	tb_end(b);
	tb_end(b);
	blob = tb_finish(b, &len);
	tu_open_ok(&fdt, blob, len);
	t0 = clock();
	assert_int_equal(bootinfo_parse(&bi, &fdt, err, sizeof(err)), 0);
	/* Generous: a quadratic walk would take minutes. */
	assert_true(clock() - t0 < 10 * CLOCKS_PER_SEC);
	assert_int_equal(bi.mem.nr, 1);
	assert_int_equal(bi.nr_cpus, BOOT_MAX_CPUS);
	assert_int_equal(bi.nr_cpus_ignored, NODES - BOOT_MAX_CPUS);
	free(reg);
	tb_free(b);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_accepted_edge_cases),
		cmocka_unit_test(test_not_opened),
		cmocka_unit_test(test_big_tree),
	};

	tu_set_data_dir(argv[0]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
