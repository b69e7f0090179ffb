/* SPDX-License-Identifier: MIT */
/*
 * Partner of contain-flood: tells domain 1 it is about to flood, then
 * writes its vpl011's data register in a tight loop, forever, without
 * looking at the FIFO status (a full FIFO drops the byte).
 */
#include "../contain-spin/contain.h"

const char test_title[] = "contain partner: vpl011 flood";

#define UART_DR 0x00

void test_main(void)
{
	static const char line[] =
		"uart flood uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu"
		"uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu\n";
	u64 base = platform.uart_base;
	unsigned int i;

	if (!base) {
		test_error("no vpl011 in the DT");
		return;
	}
	if (!partner_announce("flooding the vpl011"))
		return;
	for (i = 0;; i = (i + 1) % (sizeof(line) - 1))
		writel((u8)line[i], base + UART_DR);
}
