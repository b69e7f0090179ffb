/* SPDX-License-Identifier: MIT */
/*
 * The toolstack interface: __HYPERVISOR_domctl and __HYPERVISOR_sysctl
 * (Xen 4.17, interface version 0x15 both), common/domctl*.c and sysctl.c.
 * Only the control domain may call them.
 *
 * Per-domain toolstack state lives in struct domctl_state, under d->lock.
 */
#ifndef HYP_DOMCTL_H
#define HYP_DOMCTL_H

#include <hyp/types.h>

struct domain;
struct domain_config;
struct xen_domctl;
struct xen_domctl_getdomaininfo;

/* XEN_DOMCTL_iomem_permission ranges a domain may hold. */
#define DOMCTL_MAX_IOMEM 16
/* INTIDs XEN_DOMCTL_irq_permission can name (GIC SPIs end at 1019). */
#define DOMCTL_MAX_IRQ 1020

struct domctl_state {
	unsigned int ctl_pause; /* XEN_DOMCTL_pausedomain count */
	/*
	 * Xen 4.17 creates a toolstack domain's vCPUs at XEN_DOMCTL_max_vcpus
	 * (with max_vcpus as given to createdomain); until then vCPU
	 * commands find none. Ours exist from the start; this says whether
	 * the toolstack may see them yet.
	 */
	bool vcpus_online;
	u8 gic_version; /* XEN_DOMCTL_CONFIG_GIC_V2 / _V3 */
	u32 nr_spis;
	u32 ssidref;
	s32 max_maptrack_frames;
	s64 time_offset; /* XEN_DOMCTL_settimeoffset, seconds */
	u64 node_affinity;
	unsigned int nr_iomem;
	struct {
		u64 first, last; /* machine frames, inclusive */
	} iomem[DOMCTL_MAX_IOMEM];
	u64 irq_allowed[(DOMCTL_MAX_IRQ + 63) / 64];
	/* SPIs routed to this domain by domain_pt_bind_irq() (1:1). */
	u64 irq_bound[(DOMCTL_MAX_IRQ + 63) / 64];
};

/* domain_create / teardown (common/domctl.c). */
int domctl_domain_init(struct domain *d, const struct domain_config *cfg);
void domctl_domain_destroy(struct domain *d);

/* XEN_DOMCTL_getdomaininfo's record of d (also for sysctl). */
void domctl_getdomaininfo(struct domain *d,
			  struct xen_domctl_getdomaininfo *info);

/*
 * Command groups, each returning -ENOSYS for commands it does not own.
 * d is the target (never NULL), op the caller's copy; *copyback asks for
 * op to be written back to the caller.
 */
long domctl_vcpu_op(struct domain *d, struct xen_domctl *op, bool *copyback);
long domctl_hw_op(struct domain *d, struct xen_domctl *op, bool *copyback);

/* Whether d may map machine frames [first, last] (iomem permission). */
bool domctl_iomem_allowed(struct domain *d, u64 first, u64 last);
/*
 * Grant d machine frames [first, last] (Xen's iomem_permit_access): 0,
 * -EINVAL or -ENOSPC (DOMCTL_MAX_IOMEM ranges). For the builders.
 */
int domctl_iomem_permit(struct domain *d, u64 first, u64 last);
/* Whether d may use SPI irq, and grant it (Xen's irq_permit_access). */
bool domctl_irq_allowed(struct domain *d, unsigned int irq);
int domctl_irq_permit(struct domain *d, unsigned int irq);

/*
 * Passthrough interrupts (common/domain_pt.c), the domctl lock or boot
 * serialising them: route host SPI irq to d's vGIC as the same INTID
 * (Xen on Arm routes 1:1), and back. bind: -EINVAL (not an SPI, beyond
 * d's vGIC), -EBUSY (in use by the hypervisor, dom0 or another domain,
 * or already linked in d). unbind: -EINVAL if not routed to d, -EBUSY
 * while a live d has it enabled. release_all (teardown, before the vGIC
 * goes) unbinds everything.
 */
int domain_pt_bind_irq(struct domain *d, unsigned int irq);
int domain_pt_unbind_irq(struct domain *d, unsigned int irq);
void domain_pt_release_all(struct domain *d);
bool domain_pt_irq_bound(struct domain *d, unsigned int irq);

/* Hypercall entry points. */
long do_domctl(u64 arg);
long do_sysctl(u64 arg);

#endif
