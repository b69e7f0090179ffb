// SPDX-License-Identifier: MIT
/*
 * bootinfo_check_layout(): the boot layouts it must refuse (found by the
 * bad-boot tests, tests/integration/test_bad_boot.py: each of these
 * crashed or silently went on before) and the ones it must accept.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <hyp/bootinfo.h>
#include <hyp/errno.h>

#define IMAGE 0x40200000UL
#define IMAGE_SIZE 0x200000UL
#define FDT 0x48000000UL
#define FDT_SIZE 0x10000UL

static struct bootinfo bi;
static char err[160];

/* 1 GiB of RAM at 0x40000000, one kernel module at 0x50000000. */
static int setup(void **state)
{
	memset(&bi, 0, sizeof(bi));
	bi.mem.nr = 1;
	bi.mem.bank[0].start = pa_init(0x40000000);
	bi.mem.bank[0].size = 0x40000000;
	bi.nr_modules = 1;
	bi.modules[0].kind = BOOTMOD_KERNEL;
	bi.modules[0].start = pa_init(0x50000000);
	bi.modules[0].size = 0x100000;
	err[0] = '\0';
	(void)state;
	return 0;
}

static int check(unsigned int pa_bits)
{
	return bootinfo_check_layout(&bi, pa_init(IMAGE), IMAGE_SIZE,
				     pa_init(FDT), FDT_SIZE, pa_bits, err,
				     sizeof(err));
}

static void add_module(enum bootmod_kind kind, u64 start, u64 size)
{
	struct bootmodule *m = &bi.modules[bi.nr_modules++];

	m->kind = kind;
	m->start = pa_init(start);
	m->size = size;
}

static void refused(const char *why)
{
	assert_int_equal(check(44), -EINVAL);
	if (!strstr(err, why))
		fail_msg("expected \"%s\" in \"%s\"", why, err);
}

static void test_good_layout(void **state)
{
	/* Modules touching each other, the image and the end of RAM. */
	add_module(BOOTMOD_RAMDISK, 0x50100000, 0x1000);
	add_module(BOOTMOD_KERNEL, IMAGE + IMAGE_SIZE, 0x1000);
	add_module(BOOTMOD_KERNEL, 0x7ffff000, 0x1000);
	add_module(BOOTMOD_KERNEL, 0x60000000, 0); /* empty: no overlap */
	bi.reserved.nr = 1;
	bi.reserved.bank[0].start = pa_init(0x50101000);
	bi.reserved.bank[0].size = 0x1000;
	assert_int_equal(check(44), 0);
	assert_string_equal(err, "");
	/* A bank ending exactly at the top of the PA range is fine. */
	bi.mem.bank[1].start = pa_init((1UL << 44) - 0x1000);
	bi.mem.bank[1].size = 0x1000;
	bi.mem.nr = 2;
	assert_int_equal(check(44), 0);
	(void)state;
}

static void test_memory_beyond_pa_range(void **state)
{
	bi.mem.bank[1].start = pa_init(1UL << 48);
	bi.mem.bank[1].size = 0x40000000;
	bi.mem.nr = 2;
	refused("beyond the CPU's 44-bit physical address range");
	/* Starts inside, ends outside. */
	bi.mem.bank[1].start = pa_init((1UL << 44) - 0x1000);
	bi.mem.bank[1].size = 0x2000;
	refused("44-bit");
	assert_int_equal(check(48), 0);
	(void)state;
}

static void test_module_outside_ram(void **state)
{
	add_module(BOOTMOD_KERNEL, 0x100000000UL, 0x10000);
	refused("is not in RAM");
	(void)state;
}

static void test_module_across_ram_end(void **state)
{
	add_module(BOOTMOD_RAMDISK, 0x7ffff000, 0x2000);
	refused("is not in RAM");
	(void)state;
}

static void test_modules_overlap(void **state)
{
	add_module(BOOTMOD_RAMDISK, 0x500ff000, 0x2000);
	refused("overlaps Kernel module 0x50000000");
	(void)state;
}

static void test_module_over_image(void **state)
{
	add_module(BOOTMOD_KERNEL, IMAGE + 0x1000, 0x1000);
	refused("overlaps the hypervisor image");
	add_module(BOOTMOD_KERNEL, IMAGE - 0x1000, 0x2000);
	bi.modules[1].size = 0; /* only the second one now */
	refused("overlaps the hypervisor image");
	(void)state;
}

static void test_module_over_fdt(void **state)
{
	add_module(BOOTMOD_GUEST_DTB, FDT + FDT_SIZE - 1, 0x1000);
	refused("overlaps the device tree");
	(void)state;
}

static void test_module_over_reserved(void **state)
{
	bi.reserved.nr = 2;
	bi.reserved.bank[0].start = pa_init(0x60000000);
	bi.reserved.bank[0].size = 0x1000;
	bi.reserved.bank[1].start = pa_init(0x500ff000);
	bi.reserved.bank[1].size = 0x1000;
	refused("overlaps reserved memory 0x500ff000-0x50100000");
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_good_layout, setup),
		cmocka_unit_test_setup(test_memory_beyond_pa_range, setup),
		cmocka_unit_test_setup(test_module_outside_ram, setup),
		cmocka_unit_test_setup(test_module_across_ram_end, setup),
		cmocka_unit_test_setup(test_modules_overlap, setup),
		cmocka_unit_test_setup(test_module_over_image, setup),
		cmocka_unit_test_setup(test_module_over_fdt, setup),
		cmocka_unit_test_setup(test_module_over_reserved, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
