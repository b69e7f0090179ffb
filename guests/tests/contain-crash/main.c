/* SPDX-License-Identifier: MIT */
/*
 * Containment of crashed domains. Two partners announce themselves and
 * crash:
 *
 *   domain 2 (contain-crash-loop):     MMU off, VBAR_EL1 = 0, a load from
 *            an unmapped IPA: every exception it takes is a stage-2 abort
 *            at the unmapped vector, injected again by the hypervisor, an
 *            endless loop through it with interrupts masked;
 *   domain 3 (contain-crash-shutdown): SCHEDOP_shutdown(SHUTDOWN_crash).
 *
 * Domain 1 then checks, as the other contain-* tests do (contain.h), that
 * it still gets its work done and its timer interrupts, on one pCPU and on
 * two (SMP in test.mk).
 */
#include "../contain-spin/contain.h"

const char test_title[] = "Containment: crashing partners";

void test_main(void)
{
	if (!wait_for_partners(2, 30000000))
		return;
	check_progress("domain 2 in an abort loop, domain 3 crashed");
	check_eq(irq_unhandled, 0, "no unexpected interrupt");
	test_success(NULL);
}
