/* SPDX-License-Identifier: MIT */
/*
 * Shared between the GIC drivers (gic.c, gic-v2.c, gic-v3.c).
 *
 * Distributor offsets: GICv3/v4 architecture specification IHI 0069,
 * chapter 12 (the GICD_* register map and descriptions), which keeps the
 * GICv2 layout (IHI 0048) for everything listed here. A GICv3
 * redistributor's SGI_base frame uses the same offsets for its banked
 * copies (GICR_IGROUPR0, GICR_ISENABLER0, ... GICR_ICFGR1), so the helpers
 * below take the frame base and work on either.
 */
#ifndef DRIVERS_GIC_H
#define DRIVERS_GIC_H

#include <hyp/irq.h>
#include <hyp/types.h>

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IIDR 0x0008
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_ISACTIVER 0x0300
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ITARGETSR 0x0800 /* GICv2, and v3 with affinity routing off */
#define GICD_ICFGR 0x0c00
#define GICD_IGRPMODR 0x0d00 /* GICv3 */
#define GICD_SGIR 0x0f00     /* GICv2 */
#define GICD_IROUTER 0x6000  /* GICv3, 8 bytes per INTID */
#define GICD_PIDR2 0xffe8    /* GICv3 */

/* GICD_TYPER.ITLinesNumber: 32 * (N + 1) INTIDs. */
#define GICD_TYPER_LINES(t) ((((t)&0x1f) + 1) * 32)
/* GICD_PIDR2 / GICR_PIDR2 ArchRev, bits [7:4]. */
#define GIC_PIDR2_ARCH(v) (((v) >> 4) & 0xf)

/* GICD_ICFGR: two bits per INTID; the upper one set means edge. */
#define GIC_ICFGR_EDGE 0x2

/*
 * Priorities: lower is more urgent. IPIs above devices so a CPU stuck in
 * a device handler can still be stopped. PMR 0xff lets every one in.
 */
#define GIC_PRI_IPI 0x90
#define GIC_PRI_IRQ 0xa0
#define GIC_PRI_LOWEST 0xff
#define GIC_X4(b) ((u32)(b)*0x01010101U) /* a byte in all four lanes */

/* Bounded register-poll loops (RWP, GICR_WAKER). */
#define GIC_POLL_LIMIT 1000000U

/* ---- shared helpers (gic.c) ---- */

unsigned int gic_dist_lines(void *dist);
/* SPIs 32..nr_lines-1: disabled, not pending/active, level, GIC_PRI_IRQ. */
void gic_dist_spi_init(void *dist, unsigned int nr_lines);
/*
 * This CPU's SGIs and PPIs: PPIs disabled, SGIs enabled (they only come
 * from us), nothing pending or active, default priorities.
 */
void gic_banked_init(void *base);
/*
 * Trigger mode of one INTID >= 16 (SGIs are always edge). Changing it is
 * only defined while the INTID is disabled, hence the separate check.
 */
bool gic_config_matches(void *base, unsigned int irq, unsigned int type);
void gic_config_irq(void *base, unsigned int irq, unsigned int type);
void gic_set_enable(void *base, unsigned int irq, bool enable);
/* Print set enable/pending/active bits of INTIDs [first, first+nr). */
void gic_dump_bits(void *base, unsigned int first, unsigned int nr);

/*
 * Running priority from active-priority registers (ICH_AP<g>R<n>_EL2,
 * GICH_APR): the lowest set bit is the highest active group priority;
 * bit n of 2^prebits stands for priority n << (8 - prebits). 0xff when
 * nothing is active.
 */
static inline u8 gic_apr_priority(const u32 *apr, unsigned int nr,
				  unsigned int prebits)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (apr[i])
			return (u8)((i * 32 + __builtin_ctz(apr[i]))
				    << (8 - prebits));
	return 0xff;
}

/* ---- the two drivers ---- */

/* Each panics with a reason on fatal probe errors. */
const struct gic_ops *gicv2_probe(void);
const struct gic_ops *gicv3_probe(void);

#endif
