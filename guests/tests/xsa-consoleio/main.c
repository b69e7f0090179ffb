/* SPDX-License-Identifier: MIT */
/*
 * console_io count and buffer checks (the XTF test "xsa-consoleio-write"
 * and Xen's CONSOLEIO_read -E2BIG fix: the count is an unsigned int that
 * Xen once used as a signed chunk length, so a count with the top bit set
 * made a negative copy size).
 *
 * Bad input: CONSOLEIO_write with counts 0x80000000, 0xffffffff and
 * 0x7fffffff over a zeroed buffer that ends where the domain's RAM ends,
 * over unmapped, MMIO and NULL addresses, a buffer whose end wraps the
 * address space, counts with bits above 31 set (the count is 32-bit);
 * CONSOLEIO_read with counts above INT_MAX and into bad buffers; unknown
 * sub-commands.
 *
 * What must happen: every call returns (in well under a second), with 0,
 * -EFAULT or, for reads above INT_MAX, -E2BIG; nothing printable reaches
 * the console; unknown commands give -ENOSYS; the console still works.
 */
#include <test.h>

const char test_title[] = "console_io: huge and negative counts, bad buffers";

static long conio(u64 cmd, u64 count, u64 buf, u64 *us)
{
	u64 t0 = uptime_us();
	long rc = hypercall3(__HYPERVISOR_console_io, cmd, count, buf);

	*us = uptime_us() - t0;
	return rc;
}

static void expect(const char *what, u64 cmd, u64 count, u64 buf, long want1,
		   long want2)
{
	u64 us;
	long rc = conio(cmd, count, buf, &us);

	check(rc == want1 || rc == want2, "%s: %s (%lu us)", what, errname(rc),
	      us);
	check(us < 2000000, "%s returns within 2 s", what);
}

void test_main(void)
{
	/* The last 64 KiB of RAM: zeros, then nothing (no stage-2). */
	u64 ram_end = platform.ram_base + platform.ram_size;
	u64 zeros = ram_end - KiB(64);
	const u64 W = CONSOLEIO_write, R = CONSOLEIO_read;

	if (zeros < ALIGN_UP((u64)(uintptr_t)_end, PAGE_SIZE)) {
		test_error("RAM too small");
		return;
	}
	memset((void *)(uintptr_t)zeros, 0, KiB(64));

	expect("write count 0", W, 0, zeros, 0, 0);
	expect("write count 0, NULL buffer", W, 0, 0, 0, 0);
	expect("write 16 zero bytes", W, 16, zeros, 0, 0);
	/* Longer than what is there: Xen -EFAULT, armvisor cuts at 16 KiB. */
	expect("write count 0x7fffffff from RAM's last 64 KiB", W, 0x7fffffff,
	       zeros, -XEN_EFAULT, 0);
	expect("write count 0x80000000", W, 0x80000000UL, zeros, -XEN_EFAULT,
	       0);
	expect("write count 0xffffffff", W, 0xffffffffUL, zeros, -XEN_EFAULT,
	       0);
	expect("write count 0xfffffff0 at RAM's last byte", W, 0xfffffff0UL,
	       ram_end - 1, -XEN_EFAULT, -XEN_EFAULT);
	expect("write 2 bytes across the end of RAM", W, 2, ram_end - 1,
	       -XEN_EFAULT, -XEN_EFAULT);
	expect("write to an unmapped VA", W, 64, UNMAPPED_VA, -XEN_EFAULT,
	       -XEN_EFAULT);
	expect("write from NULL", W, 1, 0, -XEN_EFAULT, -XEN_EFAULT);
	expect("write from the emulated GICD", W, 64, platform.gicd_base,
	       -XEN_EFAULT, -XEN_EFAULT);
	expect("write from past the end of RAM", W, 64, ram_end, -XEN_EFAULT,
	       -XEN_EFAULT);
	expect("write whose end wraps the address space", W, 0x1000,
	       0xfffffffffffff800UL, -XEN_EFAULT, -XEN_EFAULT);
	/* The count is 32-bit: 0x100000000 is 0, 0x100000010 is 16. */
	expect("write count 0x100000000 (32-bit: 0)", W, 0x100000000UL, 0, 0,
	       0);
	expect("write count 0x100000010 (32-bit: 16)", W, 0x100000010UL, zeros,
	       0, 0);
	/* The command is 32-bit too. */
	expect("command 0x100000000 (32-bit: write), count 0", 0x100000000UL, 0,
	       zeros, 0, 0);

	expect("read count 0x80000000", R, 0x80000000UL, zeros, -XEN_E2BIG,
	       -XEN_E2BIG);
	expect("read count 0xffffffff", R, 0xffffffffUL, zeros, -XEN_E2BIG,
	       -XEN_E2BIG);
	/* Nothing was typed: 0 bytes, whatever the buffer. */
	expect("read 16 into an unmapped VA", R, 16, UNMAPPED_VA, 0,
	       -XEN_EFAULT);
	expect("read 16 into the GICD", R, 16, platform.gicd_base, 0,
	       -XEN_EFAULT);
	expect("read 0x7fffffff into RAM's last 64 KiB", R, 0x7fffffff, zeros,
	       0, 0);

	expect("unknown command 2", 2, 16, zeros, -XEN_ENOSYS, -XEN_ENOSYS);
	expect("unknown command 0x7fffffff", 0x7fffffff, 16, zeros, -XEN_ENOSYS,
	       -XEN_ENOSYS);
	expect("unknown command -1", 0xffffffffUL, 16, zeros, -XEN_ENOSYS,
	       -XEN_ENOSYS);

	printk("the console still works after all that\n");
	test_success(NULL);
}
