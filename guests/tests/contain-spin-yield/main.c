/* SPDX-License-Identifier: MIT */
/*
 * Partner of contain-yield: tells domain 1 it is about to spin, then loops
 * forever in WFE (trapped by the hypervisor) and SCHEDOP_yield.
 */
#include "../contain-spin/contain.h"

const char test_title[] = "contain partner: loop in WFE and yield";

void test_main(void)
{
	if (!partner_announce("looping in WFE and yield"))
		return;
	for (;;) {
		wfe();
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
}
