/* SPDX-License-Identifier: MIT */
/*
 * The virtual GIC seen by guests (vdev/vgic*.c). One design: interrupt
 * state and list-register management are shared; the distributor and
 * redistributor/CPU-interface emulation differ per GIC version.
 *
 * INTIDs: 0-15 SGI, 16-31 PPI (both per vCPU), 32.. SPI (per domain).
 *
 * The guest sees a GIC with one security state (GICD_CTLR.DS = 1). On a
 * GICv3 every interrupt is Group 1 (IGROUPR reads as ones), affinity
 * routing is always on and there are no LPIs. On a GICv2 every interrupt
 * is Group 0 (IGROUPR reads as zero), which the CPU interface signals as
 * IRQ unless the guest sets GICC_CTLR.FIQEn.
 */
#ifndef HYP_VGIC_H
#define HYP_VGIC_H

#include <hyp/types.h>

struct domain;
struct vcpu;

/* Each vCPU's GICv3 redistributor: RD_base and SGI_base, 64 KiB each. */
#define VGIC_V3_REDIST_SIZE 0x20000
#define VGIC_V3_DIST_SIZE 0x10000
#define VGIC_V2_DIST_SIZE 0x1000
#define VGIC_V2_CPU_SIZE 0x2000
/* SPIs in whole registers of 32; INTIDs 1020-1023 are never implemented. */
#define VGIC_MAX_SPIS 992

/* Where the guest sees its GIC, and what it has. */
struct vgic_config {
	unsigned int version; /* 2 or 3: the host's */
	unsigned int nr_spis; /* multiple of 32, at most VGIC_MAX_SPIS */
	u64 dist_base;	      /* GICD */
	u64 cpu_base;	      /* v2: GICC (the host GICV is mapped here) */
	u64 cpu_size;
	/*
	 * v3: one redistributor region, a VGIC_V3_REDIST_SIZE frame per
	 * vCPU in vcpu_id order; it must hold max_vcpus of them (0 = just
	 * that size).
	 */
	u64 redist_base;
	u64 redist_size;
};

/*
 * After p2m_init (GICv2 maps the GICV frame) and before any vCPU of the
 * domain is created: 0, -EINVAL for a bad config (version other than the
 * host's, more than 8 vCPUs on GICv2, a region too small), -ENODEV
 * without a usable virtualisation interface, -ENOMEM, or the error from
 * mmio_register / p2m_map.
 */
int vgic_domain_init(struct domain *d, const struct vgic_config *cfg);
/* The domain must not run anywhere; any order with vgic_vcpu_destroy. */
void vgic_domain_destroy(struct domain *d);
/* Once v->vcpu_id and v->domain are set (d->vcpus[id] may come later). */
int vgic_vcpu_init(struct vcpu *v);
void vgic_vcpu_destroy(struct vcpu *v);

/*
 * The affinity a vCPU has in the virtual GIC, as MPIDR_EL1 Aff fields:
 * Aff0 = vcpu_id % 16, Aff1 = vcpu_id / 16 (16 per cluster, so GICv3
 * SGIs reach a whole cluster with one write). Use it for VMPIDR_EL2.
 */
u64 vgic_vcpu_affinity(unsigned int vcpu_id);

/*
 * Raise (level = true) or lower an interrupt. v names the target for SGIs
 * and PPIs and is ignored for SPIs, which follow the guest's routing.
 * Edge-triggered: a raise is one edge, a lower does nothing. Level: the
 * line stays as set until changed, and the interrupt is pending while it
 * is high. Wakes a blocked target vCPU. Safe from any pCPU, interrupts
 * on or off. Out-of-range INTIDs are ignored.
 */
void vgic_inject(struct domain *d, struct vcpu *v, unsigned int intid,
		 bool level);

/*
 * Make an interrupt pending once, whatever its trigger mode, as if the
 * guest had written ISPENDR: the guest taking it consumes it. For
 * virtual devices that cannot tell when their line goes down.
 */
void vgic_pulse(struct domain *d, struct vcpu *v, unsigned int intid);

/*
 * An enabled, pending interrupt the vCPU could take (wakes it from WFI):
 * its group is enabled in the virtual CPU interface and its priority is
 * above both the priority mask and the running priority.
 */
bool vgic_vcpu_pending(struct vcpu *v);

/*
 * Trapped ICC_SGI1R_EL1 write (GICv3 guests generating SGIs): always 0,
 * targets that name no vCPU are ignored.
 */
int vgic_sgi1r_write(struct vcpu *v, u64 val);

/*
 * Link a virtual SPI to a physical SPI (passthrough): list registers get
 * the hw bit, so the guest's deactivation deactivates pirq. The physical
 * interrupt handler must then call vgic_inject(d, NULL, virq, true) and
 * complete the interrupt with gic->drop() only. -EINVAL for a bad INTID,
 * -EBUSY when virq is already linked.
 */
int vgic_map_hw_irq(struct domain *d, unsigned int virq, unsigned int pirq);
/*
 * Whether virq may be linked (link) or unlinked now, changing nothing:
 * -EINVAL for a bad INTID or (unlink) one not linked, -EBUSY if linked
 * (link) or while the guest has it enabled, active or in a list register
 * (not checked for a dying domain).
 */
int vgic_hw_irq_check(struct domain *d, unsigned int virq, bool link);
/*
 * Undo vgic_map_hw_irq(): the virtual SPI loses its state and the
 * physical one is deactivated. The caller has stopped the physical
 * handler first (release_irq) so nothing re-injects it.
 */
void vgic_unmap_hw_irq(struct domain *d, unsigned int virq);

/*
 * Hardware interface, on the vCPU's pCPU with interrupts masked:
 * load/save on context switch (save after sync); flush just before
 * entering the guest (pending interrupts into list registers, underflow
 * maintenance when they do not all fit); sync right after every exit,
 * before interrupts are unmasked (fold list-register state back).
 */
void vgic_load(struct vcpu *v);
void vgic_save(struct vcpu *v);
void vgic_flush(struct vcpu *v);
void vgic_sync(struct vcpu *v);

/*
 * Boot CPU, after gic_init(): probe list registers and install the
 * maintenance interrupt. Every CPU (the boot CPU too) then calls
 * vgic_cpu_init() after gic->cpu_init() to enable it there.
 */
void vgic_init(void);
void vgic_cpu_init(void);

#endif
