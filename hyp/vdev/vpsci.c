/* SPDX-License-Identifier: MIT */
/*
 * Firmware interface seen by guests: SMCCC 1.1 (Arm DEN0028) and PSCI 1.1
 * (Arm DEN0022), reached with HVC #0 or SMC #0. Function ids and return
 * values follow the specs; which ones exist follows Xen 4.17.
 */
#include <hyp/domain.h>
#include <hyp/lib.h>
#include <hyp/vcpu_arch.h>
#include <hyp/vpsci.h>
#include <asm/regs.h>
#include <public/sched.h>

#define SMCCC_VERSION 0x80000000U
#define SMCCC_ARCH_FEATURES 0x80000001U
#define SMCCC_VERSION_1_1 0x10001

#define PSCI_VERSION 0x84000000U
#define PSCI_CPU_SUSPEND 0x84000001U
#define PSCI_CPU_OFF 0x84000002U
#define PSCI_CPU_ON 0x84000003U
#define PSCI_AFFINITY_INFO 0x84000004U
#define PSCI_MIGRATE_INFO_TYPE 0x84000006U
#define PSCI_SYSTEM_OFF 0x84000008U
#define PSCI_SYSTEM_RESET 0x84000009U
#define PSCI_FEATURES 0x8400000aU
#define PSCI_64 0x40000000U /* SMC64 variant bit */
#define PSCI_VERSION_1_1 0x10001

/* PSCI return codes (DEN0022 5.2.2). */
#define PSCI_SUCCESS 0
#define PSCI_NOT_SUPPORTED -1
#define PSCI_INVALID_PARAMETERS -2
#define PSCI_ALREADY_ON -4
#define PSCI_ON_PENDING -5
#define PSCI_INVALID_ADDRESS -9

#define AFFINITY_ON 0
#define AFFINITY_OFF 1

/* Guest PSTATE for a CPU_ON entry: EL1h, DAIF masked (DEN0022 6.4.3). */
#define PSR_EL1H_MASKED 0x3c5UL

/* vCPU id for a virtual MPIDR (inverse of vcpuid_to_vmpidr), or -1. */
static int vmpidr_to_vcpu(struct domain *d, u64 mpidr)
{
	u64 aff = mpidr & 0xff00ffffffUL;
	u64 id;

	if (aff & ~0xffffUL)
		return -1;
	if ((aff & 0xff) > 0xf)
		return -1;
	id = ((aff >> 8) << 4) | (aff & 0xf);
	return id < d->max_vcpus ? (int)id : -1;
}

static s64 psci_cpu_on(struct vcpu *caller, u64 mpidr, u64 entry, u64 ctx,
		       bool is64)
{
	struct domain *d = caller->domain;
	int id = vmpidr_to_vcpu(d, mpidr);
	struct vcpu *v;

	if (id < 0)
		return PSCI_INVALID_PARAMETERS;
	v = d->vcpus[id];
	if (!(READ_ONCE(v->pause_flags) & VPF_DOWN))
		return PSCI_ALREADY_ON;
	if (!is64) {
		entry &= 0xffffffffUL;
		ctx &= 0xffffffffUL;
	}
	if (entry & 3)
		return PSCI_INVALID_ADDRESS;
	arch_vcpu_reset(v, entry, ctx);
	v->initialised = true;
	vcpu_wake(v, VPF_DOWN);
	return PSCI_SUCCESS;
}

static s64 psci_affinity_info(struct vcpu *caller, u64 mpidr, u64 level)
{
	int id;

	/* Only level 0 (a single CPU) has meaning for our flat topology. */
	if (level != 0)
		return PSCI_INVALID_PARAMETERS;
	id = vmpidr_to_vcpu(caller->domain, mpidr);
	if (id < 0)
		return PSCI_INVALID_PARAMETERS;
	return (READ_ONCE(caller->domain->vcpus[id]->pause_flags) & VPF_DOWN)
		       ? AFFINITY_OFF
		       : AFFINITY_ON;
}

static s64 psci_features(u32 fn)
{
	switch (fn) {
	case PSCI_VERSION:
	case PSCI_CPU_SUSPEND:
	case PSCI_CPU_SUSPEND | PSCI_64:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON:
	case PSCI_CPU_ON | PSCI_64:
	case PSCI_AFFINITY_INFO:
	case PSCI_AFFINITY_INFO | PSCI_64:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
	case SMCCC_VERSION:
		return PSCI_SUCCESS;
	default:
		return PSCI_NOT_SUPPORTED;
	}
}

void vsmccc_call(struct vcpu *v, struct cpu_regs *r)
{
	u32 fn = (u32)r->x[0];
	u64 a1 = r->x[1], a2 = r->x[2], a3 = r->x[3];
	s64 ret;

	switch (fn) {
	case SMCCC_VERSION:
		ret = SMCCC_VERSION_1_1;
		break;
	case SMCCC_ARCH_FEATURES:
		/* No firmware workarounds are offered (WORKAROUND_1/2/3). */
		ret = PSCI_NOT_SUPPORTED;
		break;
	case PSCI_VERSION:
		ret = PSCI_VERSION_1_1;
		break;
	case PSCI_CPU_SUSPEND:
	case PSCI_CPU_SUSPEND | PSCI_64:
		/* Treated as a standby state: wait for an interrupt. */
		vcpu_block();
		ret = PSCI_SUCCESS;
		break;
	case PSCI_CPU_OFF:
		vcpu_sleep(v, VPF_DOWN);
		ret = PSCI_SUCCESS;
		break;
	case PSCI_CPU_ON:
	case PSCI_CPU_ON | PSCI_64:
		ret = psci_cpu_on(v, a1, a2, a3, fn & PSCI_64);
		break;
	case PSCI_AFFINITY_INFO:
	case PSCI_AFFINITY_INFO | PSCI_64:
		ret = psci_affinity_info(v, a1, a2);
		break;
	case PSCI_MIGRATE_INFO_TYPE:
		ret = 2; /* Trusted OS not present: no migration needed */
		break;
	case PSCI_SYSTEM_OFF:
		domain_shutdown(v->domain, SHUTDOWN_poweroff);
		ret = PSCI_SUCCESS;
		break;
	case PSCI_SYSTEM_RESET:
		domain_shutdown(v->domain, SHUTDOWN_reboot);
		ret = PSCI_SUCCESS;
		break;
	case PSCI_FEATURES:
		ret = psci_features((u32)a1);
		break;
	default:
		ret = PSCI_NOT_SUPPORTED; /* SMCCC: unknown function, -1 */
		break;
	}
	r->x[0] = (u64)ret;
}
