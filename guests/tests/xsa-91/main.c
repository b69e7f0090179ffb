/* SPDX-License-Identifier: MIT */
/*
 * XSA-91 regression test (Xen: "Hardware timer context is not properly
 * context switched on ARM", 2014: CNTKCTL_EL1 was not saved and restored,
 * so one vCPU's setting applied to the next one on the pCPU).
 *
 * Bad input: two vCPUs of the domain write different values to
 * CNTKCTL_EL1 and to other registers a hypervisor must switch with the
 * vCPU (TPIDR_EL0, TPIDRRO_EL0, CONTEXTIDR_EL1, CSSELR_EL1, PAR_EL1, FPCR),
 * then yield to each other many times. With one pCPU (armvisor -smp 1)
 * they run turn by turn on the same hardware registers.
 *
 * What must happen: each vCPU always reads back its own values.
 */
#include <test.h>

const char test_title[] = "XSA-91: CNTKCTL_EL1 and friends are per vCPU";

#define NREGS 7
static const char *const names[NREGS] = {
	"CNTKCTL_EL1", "TPIDR_EL0", "TPIDRRO_EL0", "CONTEXTIDR_EL1",
	"CSSELR_EL1",  "PAR_EL1",   "FPCR",
};

static volatile u64 bad[MAX_CPUS][NREGS];
static volatile u64 seen[MAX_CPUS][NREGS];

static void values(unsigned int cpu, u64 *v)
{
	/* Bits each register keeps (unimplemented ones read as zero). */
	v[0] = cpu ? 0x203 : 0x0f0; /* EL0 access bits, EVNTI */
	v[1] = 0x1111111100000000UL * (cpu + 1) + 0x11;
	v[2] = 0x2222222200000000UL * (cpu + 1) + 0x22;
	v[3] = cpu ? 0x5a5a : 0xa5a5;
	v[4] = cpu ? 2 : 0;		      /* level 2 / level 1 data cache */
	v[5] = cpu ? 0x41000 : 0x42000;	      /* a PA, F = 0 */
	v[6] = cpu ? 0x00c00000 : 0x01000000; /* RMode / FZ */
}

static u64 rd(unsigned int i)
{
	switch (i) {
	case 0:
		return read_sysreg(cntkctl_el1);
	case 1:
		return read_sysreg(tpidr_el0);
	case 2:
		return read_sysreg(tpidrro_el0);
	case 3:
		return read_sysreg(contextidr_el1);
	case 4:
		return read_sysreg(csselr_el1);
	case 5:
		return read_sysreg(par_el1);
	default:
		return read_sysreg(fpcr);
	}
}

static void wr(unsigned int i, u64 v)
{
	switch (i) {
	case 0:
		write_sysreg(v, cntkctl_el1);
		break;
	case 1:
		write_sysreg(v, tpidr_el0);
		break;
	case 2:
		write_sysreg(v, tpidrro_el0);
		break;
	case 3:
		write_sysreg(v, contextidr_el1);
		break;
	case 4:
		write_sysreg(v, csselr_el1);
		break;
	case 5:
		write_sysreg(v, par_el1);
		break;
	default:
		write_sysreg(v, fpcr);
		break;
	}
	isb();
}

static void run(void *arg)
{
	unsigned int cpu = smp_processor_id(), i, round;
	u64 mine[NREGS], want[NREGS];

	write_sysreg(read_sysreg(cpacr_el1) | CPACR_FPEN, cpacr_el1);
	isb();
	values(cpu, mine);
	for (i = 0; i < NREGS; i++) {
		wr(i, mine[i]);
		want[i] = rd(i); /* what the hardware kept of it */
		seen[cpu][i] = want[i];
	}
	for (round = 0; round < 200; round++) {
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
		for (i = 0; i < NREGS; i++) {
			u64 v = rd(i);

			if (v != want[i] && !bad[cpu][i])
				bad[cpu][i] = v | 1UL << 63;
		}
	}
	(void)arg;
}

void test_main(void)
{
	unsigned int cpu, i;

	if (cpu_start(1)) {
		test_error("cannot start vCPU 1");
		return;
	}
	on_cpu_async(1, run, NULL);
	run(NULL);
	if (!cpu_wait_idle(1, 20000000)) {
		test_error("vCPU 1 did not finish");
		return;
	}
	for (cpu = 0; cpu < 2; cpu++)
		for (i = 0; i < NREGS; i++)
			check(!bad[cpu][i],
			      "vCPU %u: %s kept its value 0x%lx%s", cpu,
			      names[i], seen[cpu][i],
			      bad[cpu][i] ? " (it changed)" : "");
	for (i = 0; i < NREGS; i++)
		if (seen[0][i] == seen[1][i])
			printk("note: %s keeps neither value apart (0x%lx)\n",
			       names[i], seen[0][i]);
	cpu_stop(1);
	test_success(NULL);
}
