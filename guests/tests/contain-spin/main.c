/* SPDX-License-Identifier: MIT */
/*
 * Containment of a vCPU that never stops: domain 2 (contain-spin-irqoff)
 * announces itself, masks D, A, I and F and spins forever, so no interrupt
 * of its own ever stops it; only the hypervisor's timer (taken at EL2
 * whatever the guest masked) can.
 *
 * Domain 1 then makes 5000 hypercalls, for at least a second, with a
 * 10 ms periodic virtual timer, and checks it got that done within 10 s
 * and got timer interrupts (contain.h). The harness boots this with one
 * and two pCPUs (SMP in test.mk): on one, domain 1 only ever runs again
 * if the hypervisor preempts the spinner (without preemption the test
 * hangs and fails for want of a result), and it gets enough CPU time only
 * if the hypervisor does not hand the pCPU back to the spinner at each of
 * domain 1's exits. (The WFE/yield variant is contain-yield: with both
 * partners at once, 3 busy vCPUs on 2 pCPUs, Xen 4.17's credit2 now and
 * then left domain 1 waiting for several seconds.)
 */
#include "contain.h"

const char test_title[] = "Containment: a partner spinning with DAIF masked";

void test_main(void)
{
	if (!wait_for_partners(1, 30000000))
		return;
	check_progress("domain 2 spinning with DAIF masked");
	check_eq(irq_unhandled, 0, "no unexpected interrupt");
	test_success(NULL);
}
