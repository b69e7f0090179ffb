/* SPDX-License-Identifier: MIT */
/*
 * PSCI CPU_ON with bad arguments (no single XSA: the vPSCI surface where
 * XSA-102/103-style trap mistakes would show; Xen 4.17 xen/arch/arm/
 * vpsci.c).
 *
 * Bad input: CPU_ON and AFFINITY_INFO for MPIDRs with no vCPU (Aff0
 * past the last vCPU, Aff1/Aff2/Aff3 set, all ones), for ourselves,
 * AFFINITY_INFO with levels 1-3 and huge; then CPU_ON that succeeds but
 * starts vCPU 1 at an IPA with nothing behind it and vCPU 2 at the
 * emulated GIC distributor: each takes an instruction abort, and with
 * VBAR_EL1 = 0 (an unmapped vector), again and again, forever.
 *
 * What must happen: no bad target starts a vCPU: CPU_ON gives
 * INVALID_PARAMETERS (or ALREADY_ON where Xen 4.17, ignoring Aff2/Aff3,
 * finds the running vCPU 0), AFFINITY_INFO INVALID_PARAMETERS or OFF
 * (Xen's answer for an affinity with no vCPU); a level the hypervisor
 * does not model gives INVALID_PARAMETERS or an answer; CPU_ON of a
 * running vCPU is ALREADY_ON; instruction fetches from MMIO are
 * never emulated; while vCPUs 1 and 2 loop in aborts the hypervisor and
 * vCPU 0 carry on (hypercalls and PSCI still answer, AFFINITY_INFO says
 * ON, CPU_ON says ALREADY_ON), and the domain still shuts down at the end.
 */
#include <test.h>

const char test_title[] = "PSCI CPU_ON: bad targets and entry points";

static long cpu_on64(u64 mpidr, u64 entry, u64 ctx)
{
	return psci_call(PSCI_0_2_FN64_CPU_ON, mpidr, entry, ctx);
}

void test_main(void)
{
	u64 m1 = cpu_mpidr(1), m2 = cpu_mpidr(2);
	u64 ram_end = platform.ram_base + platform.ram_size;
	static const u64 no_vcpu[] = {
		3,
		15,
		0x10,
		0xff,
		0x100,
		0x103,
		0x10000,
		0x100000000UL,
		0xff00ffffffUL,
		0xffffffffffffffffUL,
	};
	unsigned int i;
	long rc;

	if (nr_cpus() < 3) {
		test_error("needs 3 vCPUs");
		return;
	}
	for (i = 0; i < ARRAY_SIZE(no_vcpu); i++) {
		/*
		 * Xen 4.17 ignores Aff2/Aff3 (so 0x10000 is vCPU 0,
		 * running) and says OFF for affinities with no vCPU;
		 * armvisor refuses both. Never may one start anything.
		 */
		rc = cpu_on64(no_vcpu[i], (u64)(uintptr_t)secondary_entry, 0);
		check(rc == PSCI_INVALID_PARAMETERS || rc == PSCI_ALREADY_ON,
		      "CPU_ON of MPIDR %#lx: %s", no_vcpu[i], psci_errname(rc));
		rc = psci_affinity_info(no_vcpu[i], 0);
		check(rc == PSCI_INVALID_PARAMETERS ||
			      rc == PSCI_AFFINITY_OFF ||
			      (rc == PSCI_AFFINITY_ON &&
			       (no_vcpu[i] & 0xff00ffffUL) == cpu_mpidr(0)),
		      "AFFINITY_INFO of MPIDR %#lx: %s", no_vcpu[i],
		      psci_errname(rc));
	}
	check_eq(psci_affinity_info(m1, 0), PSCI_AFFINITY_OFF,
		 "vCPU 1 is OFF: nothing started it");
	check_eq(cpu_on64(cpu_mpidr(0), (u64)(uintptr_t)secondary_entry, 0),
		 PSCI_ALREADY_ON, "CPU_ON of ourselves");
	for (i = 1; i < 4; i++) {
		rc = psci_affinity_info(m1, i);
		check(rc == PSCI_INVALID_PARAMETERS || rc == PSCI_AFFINITY_ON ||
			      rc == PSCI_AFFINITY_OFF,
		      "AFFINITY_INFO level %u: %s", i, psci_errname(rc));
	}
	rc = psci_call(PSCI_0_2_FN64_AFFINITY_INFO, m1, 0xffffffffffffUL, 0);
	check(rc == PSCI_INVALID_PARAMETERS || rc >= 0,
	      "AFFINITY_INFO level 2^48-1: %s", psci_errname(rc));
	check_eq(psci_affinity_info(m1, 0), PSCI_AFFINITY_OFF,
		 "vCPU 1 is still OFF");

	/*
	 * Entry points nothing is mapped at, then the emulated GICD: the
	 * calls succeed (the address is the guest's business) and the
	 * vCPUs fault at their first fetch, forever.
	 */
	rc = cpu_on64(m1, ram_end + MiB(16), 0x1234);
	check_eq(rc, PSCI_SUCCESS, "CPU_ON vCPU 1 at an unmapped IPA");
	rc = cpu_on64(m2, platform.gicd_base + 0x100, 0x5678);
	check_eq(rc, PSCI_SUCCESS, "CPU_ON vCPU 2 at the emulated GICD");

	udelay(200000); /* let them fault a while */
	report_set_verbose(false);
	for (i = 0; i < 50; i++) {
		check_eq(HYPERVISOR_xen_version(XENVER_version, NULL), 0x40011,
			 "the hypervisor answers (%u)", i);
		udelay(2000);
	}
	report_set_verbose(true);
	printk("the hypervisor answered 50 times meanwhile\n");
	check_eq(psci_affinity_info(m1, 0), PSCI_AFFINITY_ON,
		 "vCPU 1 is ON (and faulting)");
	check_eq(psci_affinity_info(m2, 0), PSCI_AFFINITY_ON,
		 "vCPU 2 is ON (and faulting)");
	check_eq(cpu_on64(m1, (u64)(uintptr_t)secondary_entry, 1),
		 PSCI_ALREADY_ON, "CPU_ON of faulting vCPU 1");
	check_eq(psci_version(), 0x10001, "PSCI_VERSION still answers");
	test_success("the domain is shut down with two vCPUs in abort loops");
}
