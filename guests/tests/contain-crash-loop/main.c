/* SPDX-License-Identifier: MIT */
/*
 * Partner of contain-crash: tells domain 1 it is about to crash, then
 * turns its stage-1 MMU off, sets VBAR_EL1 to 0 and loads from IPA
 * 0x10000000, where nothing is mapped or emulated. The hypervisor injects
 * the data abort; the vector it lands on (IPA 0x200) is not mapped either,
 * so every instruction fetch there is a stage-2 abort the hypervisor
 * injects again: the vCPU loops through the hypervisor forever, with all
 * interrupts masked.
 */
#include "../contain-spin/contain.h"

const char test_title[] = "contain partner: endless abort loop";

void test_main(void)
{
	if (!partner_announce("crashing: MMU off, VBAR_EL1 0, load from an "
			      "unmapped IPA"))
		return;
	__asm__ __volatile__("msr daifset, #0xf\n\t"
			     "msr vbar_el1, xzr\n\t"
			     "mrs x0, sctlr_el1\n\t"
			     "bic x0, x0, #1\n\t"
			     "msr sctlr_el1, x0\n\t"
			     "isb\n\t"
			     "mov x1, #0x10000000\n\t"
			     "ldr x0, [x1]\n\t"
			     "1: b 1b" ::
				     : "x0", "x1", "memory");
	test_error("still running after the abort");
}
