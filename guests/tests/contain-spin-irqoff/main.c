/* SPDX-License-Identifier: MIT */
/*
 * Partner of contain-spin: tells domain 1 it is about to
 * spin, masks D, A, I and F and loops forever (no interrupt can stop it;
 * only the hypervisor's own timer, taken at EL2, can).
 */
#include "../contain-spin/contain.h"

const char test_title[] = "contain partner: spin with DAIF masked";

void test_main(void)
{
	volatile u64 spins = 0;

	if (!partner_announce("spinning with DAIF masked"))
		return;
	__asm__ __volatile__("msr daifset, #0xf" ::: "memory");
	for (;;)
		spins++;
}
