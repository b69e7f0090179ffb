/* SPDX-License-Identifier: MIT */
/*
 * Containment of a vCPU that keeps giving the pCPU away and taking it
 * back: domain 2 (contain-spin-yield) announces itself and loops forever
 * in WFE (trapped by the hypervisor) and SCHEDOP_yield. Domain 1 then
 * checks, as contain-spin does (contain.h), that it still gets its work
 * done and its timer interrupts; on one pCPU both domains share it.
 */
#include "../contain-spin/contain.h"

const char test_title[] = "Containment: a partner looping in WFE and yield";

void test_main(void)
{
	if (!wait_for_partners(1, 30000000))
		return;
	check_progress("domain 2 looping in WFE and yield");
	check_eq(irq_unhandled, 0, "no unexpected interrupt");
	test_success(NULL);
}
