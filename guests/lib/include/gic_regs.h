/* SPDX-License-Identifier: MIT */
/*
 * GICv2 / GICv3 register offsets and system registers, for lib/gic.c and
 * the tests that poke the GIC themselves. Arm GIC Architecture
 * Specification v3/v4 (IHI 0069), 12.9 (GICD), 12.10 (GICR), 12.11 (ICC);
 * GICv2 (IHI 0048), 4.3 (GICD), 4.4 (GICC).
 */
#ifndef GUEST_GIC_REGS_H
#define GUEST_GIC_REGS_H

/* Distributor. Bit-per-INTID registers: + (intid / 32) * 4. */
#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_ISACTIVER 0x0300
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ITARGETSR 0x0800 /* GICv2 */
#define GICD_ICFGR 0x0c00
#define GICD_SGIR 0x0f00    /* GICv2 */
#define GICD_IROUTER 0x6000 /* GICv3 */
#define GICD_CTLR_RWP (1U << 31)
#define GICD_CTLR_ARE_NS (1U << 4)
#define GICD_CTLR_G1A (1U << 1)
#define GICD_CTLR_G1 (1U << 0)

/* GICv2 CPU interface. */
#define GICC_CTLR 0x00
#define GICC_PMR 0x04
#define GICC_BPR 0x08
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10
#define GICC_RPR 0x14
#define GICC_HPPIR 0x18

/* GICv3 redistributor: RD_base frame, then SGI_base 64 KiB further. */
#define GICR_STRIDE 0x20000
#define GICR_CTLR 0x0000
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_TYPER_VLPIS (1UL << 1)
#define GICR_TYPER_LAST (1UL << 4)
#define GICR_WAKER_SLEEP (1U << 1)
#define GICR_WAKER_ASLEEP (1U << 2)
#define GICR_SGI 0x10000 /* SGI_base: the banked SGI/PPI registers */

/* GICv3 CPU interface system registers. */
#define ICC_SRE_EL1 S3_0_C12_C12_5
#define ICC_PMR_EL1 S3_0_C4_C6_0
#define ICC_BPR1_EL1 S3_0_C12_C12_3
#define ICC_CTLR_EL1 S3_0_C12_C12_4
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_IAR1_EL1 S3_0_C12_C12_0
#define ICC_EOIR1_EL1 S3_0_C12_C12_1
#define ICC_HPPIR1_EL1 S3_0_C12_C12_2
#define ICC_RPR_EL1 S3_0_C12_C11_3
#define ICC_SGI1R_EL1 S3_0_C12_C11_5

#endif /* GUEST_GIC_REGS_H */
