/* SPDX-License-Identifier: MIT */
/* AArch64 constants shared by the runtime's assembly and C code. */
#ifndef GUEST_ARCH_H
#define GUEST_ARCH_H

#define MAX_CPUS 8
#define STACK_SHIFT 14 /* 16 KiB per vCPU */
#define STACK_SIZE (1 << STACK_SHIFT)

/* SCTLR_EL1 */
#define SCTLR_M (1 << 0)
#define SCTLR_A (1 << 1)
#define SCTLR_C (1 << 2)
#define SCTLR_I (1 << 12)

/* CPACR_EL1.FPEN = 0b11: FP/SIMD not trapped at EL1/EL0. */
#define CPACR_FPEN (3 << 20)

/* MAIR_EL1 attribute indexes. */
#define MT_DEVICE_nGnRnE 0
#define MT_NORMAL 1
#define MT_NORMAL_NC 2
#define MT_DEVICE_nGnRE 3
#define MAIR_VALUE 0x0444ff00

/*
 * TCR_EL1: TTBR0 only (EPD1), 4 KiB granule, 39-bit VA (T0SZ 25, walks
 * start at level 1), walks Inner-Shareable WB-WA. IPS is filled in at run
 * time from ID_AA64MMFR0_EL1.PARange.
 */
#define TCR_T0SZ 25
#define TCR_VALUE                                                 \
	((TCR_T0SZ << 0) | (1 << 8) /* IRGN0 WBWA */ |            \
	 (1 << 10) /* ORGN0 WBWA */ | (3 << 12) /* SH0 inner */ | \
	 (0 << 14) /* TG0 4K */ | (1 << 23) /* EPD1 */)

/* DAIF bits for msr daifset/daifclr. */
#define DAIF_IRQ 2

/* Exception vector slots (offset / 0x80). */
#define VEC_EL1T_SYNC 0
#define VEC_EL1H_SYNC 4
#define VEC_EL1H_IRQ 5
#define VEC_EL1H_FIQ 6
#define VEC_EL1H_SERROR 7
#define VEC_EL0_64_SYNC 8
#define VEC_EL0_32_SYNC 12

/* struct trap_frame layout (traps.h). */
#define TF_X30 240
#define TF_SP 248
#define TF_ELR 256
#define TF_SPSR 264
#define TF_ESR 272
#define TF_FAR 280
#define TF_SIZE 288

#endif /* GUEST_ARCH_H */
