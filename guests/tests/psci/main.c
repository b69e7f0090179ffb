/* SPDX-License-Identifier: MIT */
/*
 * The virtual PSCI/SMCCC firmware (Xen 4.17: xen/arch/arm/vpsci.c, vsmc.c),
 * called over HVC #0 from a 4-vCPU domain:
 *
 *  - PSCI_VERSION and SMCCC_VERSION are 1.1; MIGRATE_INFO_TYPE is 2 (no
 *    Trusted OS to migrate);
 *  - PSCI_FEATURES is 0 for the functions Xen implements and NOT_SUPPORTED
 *    for the others;
 *  - unknown SMCCC functions of any owner return -1 in the whole of x0;
 *  - AFFINITY_INFO: vCPU 0 ON, others OFF until started; a bad level is
 *    INVALID_PARAMETERS;
 *  - CPU_ON starts each secondary at the entry point with x0 = context id,
 *    EL1, MMU off and DAIF masked, at the MPIDR the DT gives it; a second
 *    CPU_ON is ALREADY_ON; a MPIDR with no vCPU is INVALID_PARAMETERS;
 *  - CPU_OFF stops a vCPU (AFFINITY_INFO OFF) and CPU_ON restarts it, with
 *    the 32-bit function ids too;
 *  - SMC #0 reaches the same firmware as HVC #0 on Xen.
 */
#include <test.h>

const char test_title[] = "PSCI and SMCCC over HVC #0";

#define NR_VCPUS 4

static volatile u64 seen_mpidr[MAX_CPUS];
static volatile u32 ran[MAX_CPUS];

static void whoami(void *arg)
{
	unsigned int cpu = smp_processor_id();

	seen_mpidr[cpu] = read_sysreg(mpidr_el1);
	ran[cpu]++;
}

static long smc_psci_version(void)
{
	register u64 x0 __asm__("x0") = PSCI_0_2_FN_VERSION;

	__asm__ __volatile__("smc #0"
			     : "+r"(x0)
			     :
			     : "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8",
			       "x9", "x10", "x11", "x12", "x13", "x14", "x15",
			       "x16", "x17", "memory");
	return (s32)x0;
}

static void test_versions_and_features(void)
{
	static const u32 supported[] = {
		PSCI_0_2_FN_VERSION,
		PSCI_0_2_FN_CPU_SUSPEND,
		PSCI_0_2_FN64_CPU_SUSPEND,
		PSCI_0_2_FN_CPU_OFF,
		PSCI_0_2_FN_CPU_ON,
		PSCI_0_2_FN64_CPU_ON,
		PSCI_0_2_FN_AFFINITY_INFO,
		PSCI_0_2_FN64_AFFINITY_INFO,
		PSCI_0_2_FN_MIGRATE_INFO_TYPE,
		PSCI_0_2_FN_SYSTEM_OFF,
		PSCI_0_2_FN_SYSTEM_RESET,
		PSCI_1_0_FN_PSCI_FEATURES,
		SMCCC_VERSION,
	};
	static const u32 unsupported[] = {
		PSCI_0_2_FN_MIGRATE,
		PSCI_0_2_FN64_MIGRATE,
		PSCI_0_2_FN_MIGRATE_INFO_UP_CPU,
		PSCI_1_0_FN_CPU_FREEZE,
		PSCI_1_0_FN_SYSTEM_SUSPEND,
		PSCI_1_1_FN_SYSTEM_RESET2,
		PSCI_1_1_FN_MEM_PROTECT,
		0x84001234,
		0x12345678,
	};
	unsigned int i;
	u64 res[4];

	check_eq(psci_version(), 0x10001, "PSCI_VERSION is 1.1");
	check_eq(psci_call(SMCCC_VERSION, 0, 0, 0), 0x10001,
		 "SMCCC_VERSION is 1.1");
	check_eq(psci_call(PSCI_0_2_FN_MIGRATE_INFO_TYPE, 0, 0, 0), 2,
		 "MIGRATE_INFO_TYPE is 2 (no Trusted OS)");
	for (i = 0; i < ARRAY_SIZE(supported); i++)
		check_eq(psci_features(supported[i]), 0,
			 "PSCI_FEATURES(%#x) is supported", supported[i]);
	for (i = 0; i < ARRAY_SIZE(unsupported); i++)
		check_eq(psci_features(unsupported[i]), PSCI_NOT_SUPPORTED,
			 "PSCI_FEATURES(%#x) is NOT_SUPPORTED", unsupported[i]);

	smccc_hvc(SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_1, 0, 0, res);
	printk("SMCCC_ARCH_FEATURES(WORKAROUND_1): %ld\n", (long)res[0]);
	smccc_hvc(SMCCC_ARCH_FEATURES, 0x80001234, 0, 0, res);
	check_eq((s32)res[0], SMCCC_NOT_SUPPORTED,
		 "SMCCC_ARCH_FEATURES(unknown arch function)");

	check_eq(smc_psci_version(), 0x10001, "SMC #0 PSCI_VERSION is 1.1");
}

static void test_unknown_functions(void)
{
	static const u32 fns[] = {
		0x84000100,		/* standard service, not PSCI */
		0xc4000100, 0x82000000, /* SiP */
		0xc2000001, 0x83000000, /* OEM */
		0x86000100,		/* hypervisor service */
		0xb0000000,		/* trusted application */
		0xbf00ff01,		/* trusted OS */
		0x04000000,		/* a yielding call */
		0x8000ff00,		/* arch */
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fns); i++) {
		u64 res[4];

		smccc_hvc(fns[i], 1, 2, 3, res);
		check_eq(res[0], -1, "unknown SMCCC function %#x returns -1",
			 fns[i]);
	}
}

static void test_cpu_on(void)
{
	unsigned int cpu;
	long rc;

	if (!check_eq(nr_cpus(), NR_VCPUS, "the DT describes %d vCPUs",
		      NR_VCPUS))
		return;
	for (cpu = 0; cpu < NR_VCPUS; cpu++)
		check_eq(cpu_mpidr(cpu) & 0xff00ffffffUL, cpu,
			 "vCPU %u has MPIDR affinity %u", cpu, cpu);

	check_eq(boot_state[0].currentel, 1 << 2, "vCPU 0 entered at EL1");
	check_eq(boot_state[0].sctlr & SCTLR_M, 0,
		 "vCPU 0 entered with the MMU off");
	check_eq(boot_state[0].daif & 0x1c0, 0x1c0,
		 "vCPU 0 entered with A, I and F masked");
	check_eq(boot_state[0].x0, (u64)(uintptr_t)platform.dtb,
		 "vCPU 0 entered with x0 = the DTB");

	check_eq(psci_affinity_info(cpu_mpidr(0), 0), PSCI_AFFINITY_ON,
		 "AFFINITY_INFO(vCPU 0) is ON");
	for (cpu = 1; cpu < NR_VCPUS; cpu++)
		check_eq(psci_affinity_info(cpu_mpidr(cpu), 0),
			 PSCI_AFFINITY_OFF,
			 "AFFINITY_INFO(vCPU %u) is OFF before CPU_ON", cpu);
	check_eq(psci_affinity_info(cpu_mpidr(0), 4), PSCI_INVALID_PARAMETERS,
		 "AFFINITY_INFO level 4");
	rc = psci_affinity_info(NR_VCPUS, 0);
	check(rc == PSCI_AFFINITY_OFF || rc == PSCI_INVALID_PARAMETERS,
	      "AFFINITY_INFO of a MPIDR with no vCPU: %s (%ld)",
	      rc == PSCI_AFFINITY_OFF ? "OFF" : psci_errname(rc), rc);

	check_eq(psci_cpu_on(NR_VCPUS, (u64)(uintptr_t)_start, 0),
		 PSCI_INVALID_PARAMETERS, "CPU_ON MPIDR %u (no such vCPU)",
		 NR_VCPUS);
	check_eq(psci_cpu_on(0xff, (u64)(uintptr_t)_start, 0),
		 PSCI_INVALID_PARAMETERS, "CPU_ON MPIDR 0xff");
	check_eq(psci_cpu_on(0x100, (u64)(uintptr_t)_start, 0),
		 PSCI_INVALID_PARAMETERS, "CPU_ON MPIDR 0x100");
	check_eq(psci_cpu_on(cpu_mpidr(0), (u64)(uintptr_t)_start, 0),
		 PSCI_ALREADY_ON, "CPU_ON of the calling vCPU");

	for (cpu = 1; cpu < NR_VCPUS; cpu++) {
		const struct boot_state *b = &boot_state[cpu];

		if (!check_eq(cpu_start(cpu), 0, "CPU_ON vCPU %u", cpu))
			continue;
		check_eq(b->x0, cpu, "vCPU %u entered with x0 = context id",
			 cpu);
		check_eq(b->currentel, 1 << 2, "vCPU %u entered at EL1", cpu);
		check_eq(b->sctlr & SCTLR_M, 0,
			 "vCPU %u entered with the MMU off", cpu);
		/* Xen enters with PSR_GUEST64_INIT: A, I and F masked. */
		check_eq(b->daif & 0x1c0, 0x1c0,
			 "vCPU %u entered with A, I and F masked", cpu);
		check_eq(psci_affinity_info(cpu_mpidr(cpu), 0),
			 PSCI_AFFINITY_ON, "AFFINITY_INFO(vCPU %u) is ON", cpu);
		check_eq(psci_cpu_on(cpu_mpidr(cpu), (u64)(uintptr_t)_start, 0),
			 PSCI_ALREADY_ON, "second CPU_ON of vCPU %u", cpu);
	}
	for (cpu = 1; cpu < NR_VCPUS; cpu++) {
		if (!cpu_online(cpu))
			continue;
		on_cpu(cpu, whoami, NULL);
		check_eq(ran[cpu], 1, "vCPU %u ran the function once", cpu);
		check_eq(seen_mpidr[cpu] & 0xff00ffffffUL,
			 cpu_mpidr(cpu) & 0xff00ffffffUL,
			 "vCPU %u reads its own MPIDR", cpu);
	}
}

static void test_cpu_off(void)
{
	unsigned int cpu = NR_VCPUS - 1, cpu2 = NR_VCPUS - 2;
	u64 start;
	long rc;

	if (!cpu_online(cpu) || !cpu_online(cpu2))
		return;
	check(cpu_stop(cpu), "CPU_OFF vCPU %u: AFFINITY_INFO turns OFF", cpu);
	check(cpu_stop(cpu2), "CPU_OFF vCPU %u: AFFINITY_INFO turns OFF", cpu2);

	/* Restart one with the 64-bit CPU_ON and one with the 32-bit one. */
	check_eq(cpu_start(cpu), 0, "CPU_ON restarts vCPU %u", cpu);
	cpu_data[cpu2].work_posted = cpu_data[cpu2].work_done = 0;
	rc = psci_call(PSCI_0_2_FN_CPU_ON, cpu_mpidr(cpu2),
		       (u64)(uintptr_t)secondary_entry, cpu2);
	check_eq(rc, 0, "32-bit CPU_ON restarts vCPU %u", cpu2);
	start = uptime_us();
	while (rc == 0 && !cpu_online(cpu2) && uptime_us() - start < 5000000)
		cpu_relax();
	check(cpu_online(cpu2), "vCPU %u runs again", cpu2);
	check_eq(psci_call(PSCI_0_2_FN_AFFINITY_INFO, cpu_mpidr(cpu2), 0, 0),
		 PSCI_AFFINITY_ON, "32-bit AFFINITY_INFO(vCPU %u) is ON", cpu2);
	if (cpu_online(cpu)) {
		on_cpu(cpu, whoami, NULL);
		check_eq(ran[cpu], 2, "restarted vCPU %u runs work", cpu);
	}
	if (cpu_online(cpu2)) {
		on_cpu(cpu2, whoami, NULL);
		check_eq(ran[cpu2], 2, "restarted vCPU %u runs work", cpu2);
	}
}

void test_main(void)
{
	test_versions_and_features();
	test_unknown_functions();
	test_cpu_on();
	test_cpu_off();
	test_success(NULL);
}
