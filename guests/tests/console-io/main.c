/* SPDX-License-Identifier: MIT */
/*
 * The console_io hypercall as a dom0less domU sees it. Xen 4.17 lets a
 * domain with is_console (every dom0less domU) use it
 * (xen/drivers/char/console.c, xsm dummy policy):
 *
 *  - CONSOLEIO_write returns 0 for any length, including 0 and strings
 *    without a newline (buffered until one comes) or with several lines;
 *    a buffer it cannot read is -EFAULT, unless the length is 0;
 *  - CONSOLEIO_read returns the number of bytes read (0: no input) and
 *    -E2BIG for a count above INT_MAX;
 *  - any other command is -ENOSYS.
 *
 * The runtime itself prints through CONSOLEIO_write, so the harness seeing
 * this test's lines at all is part of the check.
 */
#include <test.h>

const char test_title[] = "console_io write and read";

static char big[3000];

static void test_write(void)
{
	static const char line[] = "console-io: a whole line\n";
	static const char part1[] = "console-io: a line written ";
	static const char part2[] = "in two calls\n";
	static const char multi[] = "console-io: line 1 of 2\n"
				    "console-io: line 2 of 2\n";
	unsigned int i;
	long rc;

	rc = HYPERVISOR_console_io(CONSOLEIO_write, sizeof(line) - 1,
				   (void *)line);
	check_eq(rc, 0, "write one line");
	rc = HYPERVISOR_console_io(CONSOLEIO_write, sizeof(part1) - 1,
				   (void *)part1);
	check_eq(rc, 0, "write without a newline");
	rc = HYPERVISOR_console_io(CONSOLEIO_write, sizeof(part2) - 1,
				   (void *)part2);
	check_eq(rc, 0, "write the rest of the line");
	rc = HYPERVISOR_console_io(CONSOLEIO_write, sizeof(multi) - 1,
				   (void *)multi);
	check_eq(rc, 0, "write two lines at once");
	rc = HYPERVISOR_console_io(CONSOLEIO_write, 0, (void *)line);
	check_eq(rc, 0, "write of 0 bytes");

	/* Longer than any internal buffer: 60 lines of 49 characters. */
	for (i = 0; i + 50 <= sizeof(big); i += 50) {
		snprintf(big + i, 51,
			 "console-io: long write, line %02u ......."
			 "........\n",
			 i / 50);
	}
	rc = HYPERVISOR_console_io(CONSOLEIO_write, (unsigned int)i, big);
	check_eq(rc, 0, "write of %u bytes", i);

	rc = HYPERVISOR_console_io(CONSOLEIO_write, 16, (void *)UNMAPPED_VA);
	check_eq(rc, -XEN_EFAULT, "write from an unmapped VA");
	rc = HYPERVISOR_console_io(CONSOLEIO_write, 16, (void *)0x10000000UL);
	check_eq(rc, -XEN_EFAULT, "write from a VA whose IPA is not RAM");
	rc = HYPERVISOR_console_io(CONSOLEIO_write, 0, (void *)UNMAPPED_VA);
	check_eq(rc, 0, "write of 0 bytes from an unmapped VA");
}

static void test_read(void)
{
	static char buf[64];
	long rc;

	rc = HYPERVISOR_console_io(CONSOLEIO_read, 0, buf);
	check_eq(rc, 0, "read of 0 bytes");
	rc = HYPERVISOR_console_io(CONSOLEIO_read, sizeof(buf), buf);
	check(rc >= 0 && rc <= (long)sizeof(buf),
	      "read returns a byte count (%ld)", rc);
	rc = HYPERVISOR_console_io(CONSOLEIO_read, 0x80000000U, buf);
	check_eq(rc, -XEN_E2BIG, "read of more than INT_MAX bytes");
}

void test_main(void)
{
	static const int unknown[] = {2, 3, 100, 0x7fffffff};
	unsigned int i;

	test_write();
	test_read();
	for (i = 0; i < ARRAY_SIZE(unknown); i++)
		check_eq(HYPERVISOR_console_io(unknown[i], 0, NULL),
			 -XEN_ENOSYS, "console_io command %d", unknown[i]);
	test_success(NULL);
}
