/* SPDX-License-Identifier: MIT */
/*
 * Partner of the hc-* tests: a domain 2 that exists and does nothing, so
 * domain 1 can name another live domain in hypercalls. It idles in WFI
 * with all interrupts masked and none enabled: it never wakes.
 */
#include <test.h>

const char test_title[] = "hc partner: an idle domain 2";

void test_main(void)
{
	printk("idling\n");
	__asm__ __volatile__("msr daifset, #0xf" ::: "memory");
	for (;;)
		wfi();
}
