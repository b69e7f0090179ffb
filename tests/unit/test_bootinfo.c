// SPDX-License-Identifier: MIT
/*
 * bootinfo_parse() on DTBs from dtc and from QEMU's virt machine, and its
 * robustness on mutated blobs. Errors on hand-made trees:
 * test_bootinfo_errors.c. Helpers: bootinfo_test_util.h.
 */
#include "bootinfo_test_util.h"

static void test_virt_gicv3(void **state)
{
	struct loaded l;

	parse_file("virt-gicv3.dtb", &l);
	/* Sorted; the zero-sized and disabled banks are left out. */
	assert_int_equal(bi.mem.nr, 3);
	check_bank(&bi.mem.bank[0], 0x40000000, GB(4));
	check_bank(&bi.mem.bank[1], 0x200000000, GB(1));
	check_bank(&bi.mem.bank[2], 0x300000000, MB(1));
	/* /memreserve/ first (zero-sized one dropped), then reserved-memory. */
	assert_int_equal(bi.reserved.nr, 2);
	check_bank(&bi.reserved.bank[0], 0x48000000, MB(1));
	check_bank(&bi.reserved.bank[1], 0x4f000000, MB(1));

	assert_int_equal(bi.nr_cpus, 3);
	assert_int_equal(bi.cpu_mpidr[0], 0);
	assert_int_equal(bi.cpu_mpidr[1], 1);
	assert_int_equal(bi.cpu_mpidr[2], 0x100);
	assert_int_equal(bi.nr_cpus_ignored, 0);

	assert_int_equal(bi.psci, PSCI_CONDUIT_HVC);
	assert_true(bi.psci_v02);
	assert_int_equal(bi.psci_cpu_on_id, 0xc4000003);

	assert_int_equal(bi.gic.version, 3);
	assert_int_equal(bi.gic.node, fdt_path_offset(&l.fdt, "/intc"));
	assert_int_equal(pa_val(bi.gic.dist_base), 0x08000000);
	assert_int_equal(bi.gic.dist_size, 0x10000);
	assert_int_equal(bi.gic.nr_redist_regions, 2);
	check_bank(&bi.gic.redist[0], 0x080a0000, 0xf60000);
	check_bank(&bi.gic.redist[1], 0x10000000, 0x200000);
	assert_int_equal(bi.gic.redist_stride, 0x40000);
	assert_int_equal(bi.gic.maintenance_irq, 25);

	assert_true(bi.timer.present);
	assert_int_equal(bi.timer.node, fdt_path_offset(&l.fdt, "/timer"));
	assert_int_equal(bi.timer.secure_phys_irq, 29);
	assert_int_equal(bi.timer.phys_irq, 30);
	assert_int_equal(bi.timer.virt_irq, 27);
	assert_int_equal(bi.timer.hyp_irq, 26);
	assert_int_equal(bi.timer.clock_frequency, 62500000);

	assert_string_equal(bi.cmdline,
			    "console=dtuart dtuart=serial0 loglvl=all");
	assert_true(bi.has_dom0_bootargs);
	assert_string_equal(bi.dom0_bootargs, "console=hvc0 earlycon");
	assert_string_equal(bi.stdout_path, "serial0");

	assert_int_equal(bi.nr_modules, 2);
	check_module(0, BOOTMOD_KERNEL, 0x49000000, 0x1000000,
		     "console=hvc0 rw");
	check_module(1, BOOTMOD_RAMDISK, 0x4c000000, 0x200000, NULL);
	assert_int_equal(bi.modules[0].domain_node, -1);
	assert_int_equal(bi.modules[1].domain_node, -1);
	free(l.blob);
}

static void test_virt_gicv2(void **state)
{
	struct loaded l;

	parse_file("virt-gicv2.dtb", &l);
	assert_int_equal(bi.mem.nr, 1);
	check_bank(&bi.mem.bank[0], 0x40000000, GB(2));
	assert_int_equal(bi.reserved.nr, 0);
	assert_int_equal(bi.nr_cpus, 2);
	assert_int_equal(bi.cpu_mpidr[1], 0x100000000ULL);

	assert_int_equal(bi.psci, PSCI_CONDUIT_SMC);
	assert_false(bi.psci_v02);
	assert_int_equal(bi.psci_cpu_on_id, 0x84000003);

	assert_int_equal(bi.gic.version, 2);
	assert_int_equal(pa_val(bi.gic.dist_base), 0x08000000);
	assert_int_equal(pa_val(bi.gic.cpu_base), 0x08010000);
	assert_int_equal(pa_val(bi.gic.hyp_base), 0x08030000);
	assert_int_equal(pa_val(bi.gic.vcpu_base), 0x08040000);
	assert_int_equal(bi.gic.vcpu_size, 0x10000);
	assert_int_equal(bi.gic.nr_redist_regions, 0);
	assert_int_equal(bi.gic.maintenance_irq, 25);

	assert_int_equal(bi.timer.phys_irq, 30);
	assert_int_equal(bi.timer.hyp_irq, 26);
	assert_int_equal(bi.timer.clock_frequency, 0);

	/* The kernel has bootargs, so /chosen/bootargs is the hypervisor's. */
	assert_string_equal(bi.cmdline, "console=dtuart dom0_mem=512M");
	assert_false(bi.has_dom0_bootargs);
	assert_string_equal(bi.stdout_path, "/pl011@9000000");
	/* linux,initrd-* first (as Xen sees /chosen before its children). */
	assert_int_equal(bi.nr_modules, 2);
	check_module(0, BOOTMOD_RAMDISK, 0x48000000, 0x100000, NULL);
	check_module(1, BOOTMOD_KERNEL, 0x47000000, 0x800000, "console=hvc0");
	free(l.blob);
}

static void test_dom0less(void **state)
{
	struct loaded l;
	int d1, d2;

	parse_file("dom0less.dtb", &l);
	d1 = fdt_path_offset(&l.fdt, "/chosen/domU1");
	d2 = fdt_path_offset(&l.fdt, "/chosen/domU2");
	assert_true(d1 > 0 && d2 > 0);
	/* The depth-4 module under domU1/group is beyond Xen's reach. */
	assert_int_equal(bi.nr_modules, 7);
	check_module(0, BOOTMOD_KERNEL, 0x40400000, 0x1000000, NULL);
	assert_int_equal(bi.modules[0].domain_node, -1);
	check_module(1, BOOTMOD_KERNEL, 0x50000000, 0x800000,
		     "console=ttyAMA0 init=/bin/sh");
	check_module(2, BOOTMOD_RAMDISK, 0x51000000, 0x400000, NULL);
	check_module(3, BOOTMOD_GUEST_DTB, 0x52000000, 0x1000, NULL);
	/* domU unknowns are not guessed. */
	check_module(4, BOOTMOD_UNKNOWN, 0x53000000, 0x1000, NULL);
	for (int i = 1; i <= 4; i++)
		assert_int_equal(bi.modules[i].domain_node, d1);
	check_module(5, BOOTMOD_KERNEL, 0x60000000, 0x800000, NULL);
	assert_int_equal(bi.modules[5].domain_node, d2);
	/* A module under a non-domain node at depth 3 is dom0's. */
	check_module(6, BOOTMOD_RAMDISK, 0x58000000, 0x1000, NULL);
	assert_int_equal(bi.modules[6].domain_node, -1);
	/* Nothing else claims dom0's command line: bootargs stays dom0's. */
	assert_string_equal(bi.cmdline, "");
	assert_false(bi.has_dom0_bootargs);
	/* No GIC, timer, PSCI or memory in this tree: not errors here. */
	assert_int_equal(bi.gic.version, 0);
	assert_int_equal(bi.gic.node, -1);
	assert_false(bi.timer.present);
	assert_int_equal(bi.psci, PSCI_CONDUIT_NONE);
	assert_int_equal(bi.mem.nr, 0);
	free(l.blob);
}

static void test_unknown_kinds(void **state)
{
	struct loaded l;

	parse_file("unknown-kinds.dtb", &l);
	assert_int_equal(bi.nr_modules, 4);
	check_module(0, BOOTMOD_KERNEL, 0x41000000, 0x1000, "");
	check_module(1, BOOTMOD_RAMDISK, 0x42000000, 0x2000, NULL);
	check_module(2, BOOTMOD_UNKNOWN, 0x43000000, 0x3000, NULL);
	check_module(3, BOOTMOD_XSM, 0x44000000, 0x4000, NULL);
	/* An empty kernel bootargs does not claim dom0's command line. */
	assert_string_equal(bi.cmdline, "");
	assert_string_equal(bi.stdout_path, "/uart@1000");
	free(l.blob);
}

static void test_bootargs_without_dom0(void **state)
{
	struct loaded l;

	/* Unlike Xen, bootargs are ours when no dom0 kernel could own them. */
	parse_file("no-dom0-bootargs.dtb", &l);
	assert_int_equal(bi.nr_modules, 0);
	assert_string_equal(bi.cmdline, "loglvl=all noreboot");
	assert_false(bi.has_dom0_bootargs);
	free(l.blob);
}

static void check_qemu_common(const struct fdt *fdt)
{
	assert_int_equal(bi.mem.nr, 1);
	check_bank(&bi.mem.bank[0], 0x40000000, GB(4));
	assert_int_equal(bi.nr_cpus, 4);
	for (unsigned int i = 0; i < 4; i++)
		assert_int_equal(bi.cpu_mpidr[i], i);
	assert_int_equal(bi.psci, PSCI_CONDUIT_SMC);
	assert_true(bi.psci_v02);
	assert_true(bi.timer.present);
	assert_int_equal(bi.timer.secure_phys_irq, 29);
	assert_int_equal(bi.timer.phys_irq, 30);
	assert_int_equal(bi.timer.virt_irq, 27);
	assert_int_equal(bi.timer.hyp_irq, 26);
	assert_int_equal(pa_val(bi.gic.dist_base), 0x08000000);
	assert_int_equal(bi.gic.maintenance_irq, 25);
	assert_string_equal(bi.stdout_path, "/pl011@9000000");
}

static void test_qemu_gic3(void **state)
{
	struct loaded l;
	paddr_t base;
	u64 size;

	if (!parse_file("qemu-virt-gic3.dtb", &l))
		skip();
	check_qemu_common(&l.fdt);
	assert_int_equal(bi.gic.version, 3);
	assert_int_equal(bi.gic.nr_redist_regions, 1);
	assert_int_equal(pa_val(bi.gic.redist[0].start), 0x080a0000);
	assert_int_equal(bi.nr_modules, 0);
	assert_int_equal(
		bootinfo_find_uart(&l.fdt, bi.stdout_path, &base, &size),
		fdt_path_offset(&l.fdt, "/pl011@9000000"));
	assert_int_equal(pa_val(base), 0x09000000);
	assert_int_equal(size, 0x1000);
	free(l.blob);
}

static void test_qemu_gic2(void **state)
{
	struct loaded l;

	if (!parse_file("qemu-virt-gic2.dtb", &l))
		skip();
	check_qemu_common(&l.fdt);
	assert_int_equal(bi.gic.version, 2);
	assert_int_equal(pa_val(bi.gic.cpu_base), 0x08010000);
	assert_int_equal(pa_val(bi.gic.hyp_base), 0x08030000);
	assert_int_equal(pa_val(bi.gic.vcpu_base), 0x08040000);
	free(l.blob);
}

/* QEMU's guest-loader: modules under /chosen, cells inherited from /. */
static void test_qemu_guest_loader(void **state)
{
	struct loaded l;

	if (!parse_file("qemu-virt-loader.dtb", &l))
		skip();
	check_qemu_common(&l.fdt);
	assert_int_equal(bi.nr_modules, 2);
	/* QEMU writes the nodes in reverse order of the -device options. */
	check_module(0, BOOTMOD_RAMDISK, 0x4c000000, sizeof("ramdisk") - 1,
		     NULL);
	check_module(1, BOOTMOD_KERNEL, 0x49000000, sizeof("kernel") - 1,
		     "console=hvc0");
	/* No Xen bootargs anywhere: the kernel's bootargs make /chosen's
	 * bootargs Xen's, and QEMU writes none, so it stays empty. */
	assert_string_equal(bi.cmdline, "");
	free(l.blob);
}

/* GIC and UART behind a bus whose ranges move them (Raspberry Pi 4). */
static void test_soc_gic400(void **state)
{
	struct loaded l;
	paddr_t base;
	u64 size;

	parse_file("soc-gic400.dtb", &l);
	assert_int_equal(bi.mem.nr, 2);
	check_bank(&bi.mem.bank[0], 0, 0x3b400000);
	check_bank(&bi.mem.bank[1], 0x40000000, 0xbc000000);
	assert_int_equal(bi.gic.version, 2);
	assert_int_equal(pa_val(bi.gic.dist_base), 0xff841000);
	assert_int_equal(bi.gic.dist_size, 0x1000);
	assert_int_equal(pa_val(bi.gic.cpu_base), 0xff842000);
	assert_int_equal(pa_val(bi.gic.hyp_base), 0xff844000);
	assert_int_equal(pa_val(bi.gic.vcpu_base), 0xff846000);
	assert_int_equal(bi.timer.hyp_irq, 26);
	assert_string_equal(bi.stdout_path, "serial0");
	assert_int_equal(
		bootinfo_find_uart(&l.fdt, bi.stdout_path, &base, &size),
		fdt_path_offset(&l.fdt, "/soc/serial@7e201000"));
	assert_int_equal(pa_val(base), 0xfe201000);
	assert_int_equal(size, 0x200);
	free(l.blob);
}

static void test_find_uart(void **state)
{
	struct loaded l;
	paddr_t base;
	u64 size;
	int pl011;

	parse_file("virt-gicv3.dtb", &l);
	pl011 = fdt_path_offset(&l.fdt, "/pl011@9000000");
	assert_int_equal(bootinfo_find_uart(&l.fdt, "serial0", &base, &size),
			 pl011);
	assert_int_equal(pa_val(base), 0x09000000);
	assert_int_equal(size, 0x1000);
	assert_int_equal(bootinfo_find_uart(&l.fdt, "/pl011@9000000:115200n8",
					    &base, &size),
			 pl011);
	assert_int_equal(
		bootinfo_find_uart(&l.fdt, "serial0:9600", &base, &size),
		pl011);
	assert_int_equal(
		bootinfo_find_uart(&l.fdt, "/soc/serial@1000", &base, &size),
		-ENODEV);
	assert_int_equal(bootinfo_find_uart(&l.fdt, "/nope", &base, &size),
			 -ENOENT);
	assert_int_equal(bootinfo_find_uart(&l.fdt, "serial1", &base, &size),
			 -ENOENT);
	assert_int_equal(bootinfo_find_uart(&l.fdt, "/psci", &base, &size),
			 -ENOENT);
	assert_int_equal(
		bootinfo_find_uart(&l.fdt, "/soc/uart@2000", &base, &size),
		fdt_path_offset(&l.fdt, "/soc/uart@2000"));
	assert_int_equal(pa_val(base), 0x20002000);
	/* Not memory-mapped: the bus above has no ranges. */
	assert_int_equal(
		bootinfo_find_uart(&l.fdt, "/soc/bus3/dev@0", &base, &size),
		-EINVAL);
	assert_int_equal(bootinfo_find_uart(&l.fdt, "", &base, &size), -EINVAL);
	assert_int_equal(bootinfo_find_uart(&l.fdt, NULL, &base, &size),
			 -EINVAL);
	free(l.blob);
}

static void test_kind_names(void **state)
{
	assert_string_equal(bootmod_kind_name(BOOTMOD_KERNEL), "Kernel");
	assert_string_equal(bootmod_kind_name(BOOTMOD_RAMDISK), "Ramdisk");
	assert_string_equal(bootmod_kind_name(BOOTMOD_XSM), "XSM");
	assert_string_equal(bootmod_kind_name(BOOTMOD_GUEST_DTB),
			    "Device Tree");
	assert_string_equal(bootmod_kind_name(BOOTMOD_UNKNOWN), "Unknown");
	assert_string_equal(bootmod_kind_name((enum bootmod_kind)99),
			    "Unknown");
}

/* ---- robustness: mutated and truncated blobs ---- */

static void parse_mutant(const u8 *blob, size_t len, int *accepted, int *parsed)
{
	struct fdt fdt;
	u8 *copy = tu_dup(blob, len);
	int rc;

	if (fdt_open(&fdt, copy, len) == 0) {
		(*accepted)++;
		err[0] = '\0';
		rc = bootinfo_parse(&bi, &fdt, err, sizeof(err));
		if (rc == 0) {
			(*parsed)++;
			assert_true(bi.mem.nr <= BOOT_MAX_MEM_BANKS);
			assert_true(bi.nr_modules <= BOOT_MAX_MODULES);
			assert_true(bi.nr_cpus <= BOOT_MAX_CPUS);
			assert_true(strlen(bi.cmdline) < BOOT_CMDLINE_SIZE);
		} else {
			assert_true(rc < 0);
			assert_true(err[0] != '\0');
		}
	}
	free(copy);
}

static void mutate(const char *name, int rounds, u64 seed)
{
	int r, k, accepted = 0, parsed = 0;
	size_t len, used;
	u8 *f = tu_load_data(name, &len), *m;

	if (!f)
		return;
	used = MAX(tu_get32(f + 8) + tu_get32(f + 36),
		   tu_get32(f + 12) + tu_get32(f + 32));
	m = malloc(len);
	for (r = 0; r < rounds; r++) {
		int flips = 1 + (int)(tu_rand(&seed) % 3);

		memcpy(m, f, len);
		for (k = 0; k < flips; k++) {
			u64 x = tu_rand(&seed);
			size_t pos = (size_t)(x % used);

			if (x & (1ULL << 63))
				m[pos] ^= (u8)(1u << ((x >> 40) % 8));
			else
				m[pos] = (u8)(x >> 48);
		}
		parse_mutant(m, len, &accepted, &parsed);
	}
	print_message("%s: %d of %d mutants accepted, %d parsed\n", name,
		      accepted, rounds, parsed);
	assert_true(parsed > 0 && parsed < rounds);
	free(m);
	free(f);
}

static void test_mutations(void **state)
{
	mutate("virt-gicv3.dtb", 5000, 1);
	mutate("virt-gicv2.dtb", 3000, 2);
	mutate("dom0less.dtb", 3000, 3);
	mutate("qemu-virt-loader.dtb", 1000, 4);
	mutate("soc-gic400.dtb", 2000, 5);
}

static void test_truncation(void **state)
{
	int accepted = 0, parsed = 0;
	size_t len, cut;
	u8 *f = tu_must_load("virt-gicv3.dtb", &len);
	u8 *m = malloc(len);

	/* Header claiming the truncated size: whatever opens must parse. */
	for (cut = 40; cut <= len; cut++) {
		memcpy(m, f, cut);
		tu_put32(m + 4, (u32)cut);
		tu_shrink_header(m, cut);
		parse_mutant(m, cut, &accepted, &parsed);
	}
	assert_true(parsed >= 1);
	free(m);
	free(f);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_virt_gicv3),
		cmocka_unit_test(test_virt_gicv2),
		cmocka_unit_test(test_dom0less),
		cmocka_unit_test(test_unknown_kinds),
		cmocka_unit_test(test_bootargs_without_dom0),
		cmocka_unit_test(test_qemu_gic3),
		cmocka_unit_test(test_qemu_gic2),
		cmocka_unit_test(test_qemu_guest_loader),
		cmocka_unit_test(test_soc_gic400),
		cmocka_unit_test(test_find_uart),
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_truncation),
	};

	tu_set_data_dir(argv[0]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
