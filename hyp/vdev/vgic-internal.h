/* SPDX-License-Identifier: MIT */
/*
 * Shared by the vGIC core (vgic.c) and its register front ends
 * (vgic-v2.c, vgic-v3.c); nothing outside hyp/vdev (and its unit tests)
 * includes it.
 *
 * All interrupt state of a domain, every vCPU's ap_list and list-register
 * shadow are protected by the one vgic_dist.lock (IRQ-safe). vCPU counts
 * are small and the critical sections short, so one lock keeps the state
 * machine simple; see vgic.c for the lock order.
 */
#ifndef VDEV_VGIC_INTERNAL_H
#define VDEV_VGIC_INTERNAL_H

#include <hyp/compiler.h>
#include <hyp/domain.h>
#include <hyp/irq.h>
#include <hyp/list.h>
#include <hyp/spinlock.h>
#include <hyp/types.h>
#include <hyp/vgic.h>

#define VGIC_NR_PRIVATE 32
#define VGIC_MAX_LRS 16
/* SBSA's recommended maintenance PPI, when the DT gives none. */
#define VGIC_MAINT_IRQ_DEFAULT 25

/*
 * Distributor registers (IHI 0069 chapter 12, the GICv2 layout of IHI 0048
 * 4.3 for the shared part). The GICv3 SGI_base frame reuses the offsets
 * up to ICFGR for its banked copies (GICR_ISENABLER0 ... GICR_ICFGR1).
 */
#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IIDR 0x0008
#define GICD_TYPER2 0x000c
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_ISACTIVER 0x0300
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ITARGETSR 0x0800
#define GICD_ICFGR 0x0c00
#define GICD_SGIR 0x0f00
#define GICD_CPENDSGIR 0x0f10
#define GICD_SPENDSGIR 0x0f20
#define GICD_IROUTER 0x6000
#define GICD_PIDR2 0xffe8
/* 1-bit, 8-bit and 2-bit per INTID registers: 1020 INTIDs each. */
#define GICD_BITS_SIZE 0x80
#define GICD_BYTES_SIZE 0x400
#define GICD_ICFGR_SIZE 0x100

/* GICD_CTLR group enables (DS = 1 view; GICv2 without security). */
#define GICD_CTLR_GRP0 (1U << 0)
#define GICD_CTLR_GRP1 (1U << 1)

/* Implementer Arm (JEP106 0x43b), product 'A'. */
#define VGIC_IIDR 0x4100043bU

/* vgic_irq.ovr: changed by the guest while in a running vCPU's LR. */
#define VGIC_OVR_ACTIVE (1U << 0) /* ours, not the LR's, active state */
#define VGIC_OVR_PCLEAR (1U << 1) /* pending was cleared */

/* vgic_irq.pcpu / vgic_cpu.route_cpu: not routed anywhere yet. */
#define VGIC_NO_PCPU 0xffff

struct vgic_irq {
	struct list_head link;	/* in queued_on's ap_list */
	struct vcpu *queued_on; /* whose ap_list holds it, or NULL */
	struct vcpu *owner;	/* SGI/PPI: the vCPU it is banked for */
	u64 irouter;		/* v3 SPI: GICD_IROUTER, Aff fields only */
	u16 intid;
	u16 pirq;    /* linked physical INTID, when hw */
	u16 pcpu;    /* hw SPI: the pCPU pirq is routed to (VGIC_NO_PCPU) */
	u8 priority; /* masked to the implemented bits */
	u8 targets;  /* v2 SPI: GICD_ITARGETSR byte */
	u8 sgi_src;  /* v2 SGI: pending sources, a bit per vCPU */
	u8 lr_src;   /* v2 SGI: the source put in the LR */
	u8 ovr;	     /* VGIC_OVR_* */
	bool enabled;
	bool latch; /* pending latch: edges, ISPENDR, pulses, SGIs */
	bool level; /* input line (level-triggered, not hw) */
	bool active;
	bool edge; /* GICD_ICFGR: edge-triggered */
	bool hw;
	bool in_lr;	 /* in an LR of queued_on, between flush and sync */
	bool lr_pending; /* went into that LR pending */
};

struct vgic_cpu {
	struct vgic_irq priv[VGIC_NR_PRIVATE];
	/* Pending-and-deliverable or active interrupts, best first. */
	struct list_head ap_list;
	struct vgic_irq *lr[VGIC_MAX_LRS]; /* what flush put in each LR */
	unsigned int used_lrs;
	bool uie; /* underflow maintenance asked for by the last flush */
	struct gic_vcpu_state hw; /* while not loaded */
	bool loaded;
	unsigned int loaded_cpu;
	bool sleep; /* v3 GICR_WAKER.ProcessorSleep */
	/* The pCPU its linked SPIs were last routed to (VGIC_NO_PCPU). */
	unsigned int route_cpu;
};

struct vgic_dist {
	spinlock_t lock;
	struct domain *d;
	struct vgic_config cfg;
	unsigned int nr_lines; /* 32 + nr_spis */
	u32 ctlr;	       /* GICD_CTLR_GRP0 | GICD_CTLR_GRP1 */
	u8 pri_mask;
	struct vgic_irq *spis;
	unsigned int nr_hw; /* linked SPIs */
};

enum vgic_bits { VGIC_ENABLE, VGIC_PENDING, VGIC_ACTIVE };

/* GICD_IROUTER and MPIDR affinity: Aff3 [39:32], Aff2-Aff0 [23:0]. */
#define VGIC_AFF_MASK 0xff00ffffffULL

static inline bool vgic_is_v2(const struct vgic_dist *dist)
{
	return dist->cfg.version == 2;
}

/* GICv2 SGIs are pending per source vCPU. */
static inline bool vgic_is_v2_sgi(const struct vgic_dist *dist,
				  const struct vgic_irq *irq)
{
	return vgic_is_v2(dist) && irq->intid < NR_SGIS;
}

static inline bool vgic_irq_pending(const struct vgic_irq *irq)
{
	return irq->latch || (!irq->edge && irq->level);
}

/* Pending in the guest's view: ours, or still in a running vCPU's LR. */
static inline bool vgic_irq_pending_view(const struct vgic_irq *irq)
{
	return vgic_irq_pending(irq) || (irq->in_lr && irq->lr_pending);
}

/* vCPUs to kick once dist->lock is dropped. */
struct vgic_kicks {
	u64 mask[MAX_VIRT_CPUS / 64];
};

static inline void vgic_kick_add(struct vgic_kicks *k, struct vcpu *v)
{
	if (v && v->vcpu_id < MAX_VIRT_CPUS)
		k->mask[v->vcpu_id / 64] |= 1ULL << (v->vcpu_id % 64);
}

/* ---- vgic.c, all but vgic_kick_all with dist->lock held ---- */

/* Wake or interrupt each vCPU in k; without dist->lock. */
void vgic_kick_all(struct domain *d, const struct vgic_kicks *k);
/* The state of intid for owner (INTIDs 0-31), or NULL if none. */
struct vgic_irq *vgic_get_irq(struct vgic_dist *dist, struct vcpu *owner,
			      unsigned int intid);
/*
 * After any change to irq: queue it where its state says. Returns a
 * vCPU to kick, or NULL.
 */
struct vcpu *vgic_irq_update(struct vgic_dist *dist, struct vgic_irq *irq);
void vgic_update_all(struct vgic_dist *dist, struct vgic_kicks *k);
/* Set the pending latch; src is the sender of a GICv2 SGI. */
void vgic_irq_set_pending(struct vgic_dist *dist, struct vgic_irq *irq,
			  unsigned int src);
void vgic_irq_clear_pending(struct vgic_irq *irq);

/*
 * ---- vgic-regs.c: register helpers for the front ends ----
 *
 * owner is the vCPU whose banked
 * INTIDs 0-31 an access reaches (NULL: those read as zero). first is
 * the first INTID the register covers; INTIDs beyond the domain's lines
 * read as zero and ignore writes. Each takes and drops dist->lock and
 * kicks the vCPUs concerned.
 */
u32 vgic_read_bits(struct vgic_dist *dist, struct vcpu *owner,
		   unsigned int first, enum vgic_bits kind);
void vgic_write_bits(struct vgic_dist *dist, struct vcpu *owner,
		     unsigned int first, u32 val, enum vgic_bits kind,
		     bool set);
/* nbytes (1 or 4) 8-bit fields from INTID first. */
u32 vgic_read_prio(struct vgic_dist *dist, struct vcpu *owner,
		   unsigned int first, unsigned int nbytes);
void vgic_write_prio(struct vgic_dist *dist, struct vcpu *owner,
		     unsigned int first, unsigned int nbytes, u32 val);
/* Sixteen 2-bit fields from INTID first (a multiple of 16). */
u32 vgic_read_cfg(struct vgic_dist *dist, struct vcpu *owner,
		  unsigned int first);
void vgic_write_cfg(struct vgic_dist *dist, struct vcpu *owner,
		    unsigned int first, u32 val);
u32 vgic_read_ctlr(struct vgic_dist *dist);
void vgic_write_ctlr(struct vgic_dist *dist, u32 val);
/* v3 SPI routing; intid >= 32. Only the bits in mask are written. */
u64 vgic_read_irouter(struct vgic_dist *dist, unsigned int intid);
void vgic_write_irouter(struct vgic_dist *dist, unsigned int intid, u64 val,
			u64 mask);
/* v2 SPI targets; nbytes (1 or 4) from INTID first >= 32. */
u32 vgic_read_targets(struct vgic_dist *dist, unsigned int first,
		      unsigned int nbytes);
void vgic_write_targets(struct vgic_dist *dist, unsigned int first,
			unsigned int nbytes, u32 val);
/* v2 SPENDSGIR/CPENDSGIR bytes of target's SGIs from sgi first. */
u32 vgic_read_sgi_sources(struct vgic_dist *dist, struct vcpu *target,
			  unsigned int first, unsigned int nbytes);
void vgic_write_sgi_sources(struct vgic_dist *dist, struct vcpu *target,
			    unsigned int first, unsigned int nbytes, u32 val,
			    bool set);
/*
 * Make SGI sgi pending on each vCPU in targets (a bitmap indexed by
 * vcpu_id, MAX_VIRT_CPUS bits), sent by src.
 */
void vgic_send_sgis(struct vgic_dist *dist, struct vcpu *src, unsigned int sgi,
		    const u64 *targets);

/* The vCPU with this GICD_IROUTER/MPIDR affinity, or NULL. */
struct vcpu *vgic_vcpu_by_affinity(struct domain *d, u64 aff);

/*
 * Log a guest access of the wrong size or alignment (rate-limited as a
 * guest message) and return the error that makes the caller inject a
 * data abort.
 */
int vgic_bad_access(struct vcpu *v, const char *frame, u64 off,
		    unsigned int size, bool write);

/* Whether size is one of sizes (a mask of 1, 2, 4, 8) and aligned. */
static inline bool vgic_size_ok(u64 off, unsigned int size, unsigned int sizes)
{
	return IS_POWER_OF_2(size) && (size & sizes) && !(off & (size - 1));
}

/* Front-end setup: registers MMIO regions (and maps GICV for v2). */
int vgic_v2_domain_init(struct vgic_dist *dist);
int vgic_v3_domain_init(struct vgic_dist *dist);

#endif
