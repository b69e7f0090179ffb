/* SPDX-License-Identifier: MIT */
/*
 * Partner of contain-flood: tells domain 1 it is about to flood, then
 * writes 100-byte lines with CONSOLEIO_write in a tight loop, forever.
 */
#include "../contain-spin/contain.h"

const char test_title[] = "contain partner: console_io flood";

void test_main(void)
{
	static char line[] =
		"flood 0000000000 "
		"ccccccccccccccccccccccccccccccccccccccccccccccccccc"
		"ccccccccccccccccccccccccccccccc\n";
	u64 n;
	int i;

	if (!partner_announce("flooding console_io"))
		return;
	for (n = 0;; n++) {
		u64 v = n;

		for (i = 15; i >= 6; i--, v /= 10)
			line[i] = (char)('0' + v % 10);
		HYPERVISOR_console_io(CONSOLEIO_write, sizeof(line) - 1, line);
	}
}
