/* SPDX-License-Identifier: MIT */
/* System register access and the EL2 register bits we use. */
#ifndef ASM_SYSREGS_H
#define ASM_SYSREGS_H

#include <asm/const.h>

#ifndef __ASSEMBLY__
#include <hyp/types.h>

#define READ_SYSREG(name)                                              \
	({                                                             \
		u64 _r;                                                \
		__asm__ __volatile__("mrs %0, " STR(name) : "=r"(_r)); \
		_r;                                                    \
	})
#define WRITE_SYSREG(v, name)                                              \
	do {                                                               \
		u64 _w = (u64)(v);                                         \
		__asm__ __volatile__("msr " STR(name) ", %0" : : "r"(_w)); \
	} while (0)

#include <asm/barrier.h>
#define wfi() __asm__ __volatile__("wfi" ::: "memory")
#define wfe() __asm__ __volatile__("wfe" ::: "memory")
#define sev() __asm__ __volatile__("sev" ::: "memory")
#define cpu_relax() __asm__ __volatile__("yield" ::: "memory")
#endif

/* GICv3 system registers by encoding (assemblers may lack the names). */
#define ICC_SRE_EL2 S3_4_C12_C9_5
#define ICC_SRE_EL1 S3_0_C12_C12_5
#define ICC_PMR_EL1 S3_0_C4_C6_0
#define ICC_IAR1_EL1 S3_0_C12_C12_0
#define ICC_EOIR1_EL1 S3_0_C12_C12_1
#define ICC_DIR_EL1 S3_0_C12_C11_1
#define ICC_CTLR_EL1 S3_0_C12_C12_4
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_SGI1R_EL1 S3_0_C12_C11_5
#define ICC_BPR1_EL1 S3_0_C12_C12_3
#define ICH_HCR_EL2 S3_4_C12_C11_0
#define ICH_VTR_EL2 S3_4_C12_C11_1

/* SCTLR_EL2 (Arm ARM D13.2.118, non-VHE layout). */
#define SCTLR_M (_UL(1) << 0)
#define SCTLR_A (_UL(1) << 1)
#define SCTLR_C (_UL(1) << 2)
#define SCTLR_SA (_UL(1) << 3)
#define SCTLR_I (_UL(1) << 12)
#define SCTLR_WXN (_UL(1) << 19)
#define SCTLR_EE (_UL(1) << 25)
#define SCTLR_EL2_RES1 _UL(0x30c50830)
/* MMU, caches and stack alignment checks on. */
#define SCTLR_EL2_ON (SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_SA)

/* MAIR_EL2 attribute indexes used in our page tables. */
#define MT_DEVICE_nGnRnE 0
#define MT_DEVICE_nGnRE 1
#define MT_NORMAL_NC 2
#define MT_NORMAL 3
#define MAIR_EL2_VALUE                           \
	((_UL(0x00) << (8 * MT_DEVICE_nGnRnE)) | \
	 (_UL(0x04) << (8 * MT_DEVICE_nGnRE)) |  \
	 (_UL(0x44) << (8 * MT_NORMAL_NC)) | (_UL(0xff) << (8 * MT_NORMAL)))

/* HCR_EL2 bits (Arm ARM D13.2.47). */
#define HCR_VM (_UL(1) << 0)
#define HCR_SWIO (_UL(1) << 1)
#define HCR_PTW (_UL(1) << 2)
#define HCR_FMO (_UL(1) << 3)
#define HCR_IMO (_UL(1) << 4)
#define HCR_AMO (_UL(1) << 5)
#define HCR_VF (_UL(1) << 6)
#define HCR_VI (_UL(1) << 7)
#define HCR_VSE (_UL(1) << 8)
#define HCR_FB (_UL(1) << 9)
#define HCR_BSU_INNER (_UL(1) << 10)
#define HCR_DC (_UL(1) << 12)
#define HCR_TWI (_UL(1) << 13)
#define HCR_TWE (_UL(1) << 14)
#define HCR_TID3 (_UL(1) << 18)
#define HCR_TSC (_UL(1) << 19)
#define HCR_TIDCP (_UL(1) << 20)
#define HCR_TACR (_UL(1) << 21)
#define HCR_TSW (_UL(1) << 22)
#define HCR_TPC (_UL(1) << 23)
#define HCR_TPU (_UL(1) << 24)
#define HCR_TTLB (_UL(1) << 25)
#define HCR_TVM (_UL(1) << 26)
#define HCR_TGE (_UL(1) << 27)
#define HCR_TRVM (_UL(1) << 30)
#define HCR_RW (_UL(1) << 31)
#define HCR_E2H (_UL(1) << 34)

/* MDCR_EL2 bits (Arm ARM, MDCR_EL2): EL1/EL0 debug and PMU accesses trap. */
#define MDCR_HPMN_MASK _UL(0x1f)
#define MDCR_TPMCR (_UL(1) << 5)
#define MDCR_TPM (_UL(1) << 6)
#define MDCR_TDA (_UL(1) << 9)
#define MDCR_TDOSA (_UL(1) << 10)
#define MDCR_TDRA (_UL(1) << 11)

/* ESR_ELx fields (Arm ARM D17.2.39). */
#define ESR_EC_SHIFT 26
#define ESR_EC_MASK _UL(0x3f)
#define ESR_IL (_UL(1) << 25)
#define ESR_ISS_MASK _UL(0x1ffffff)

#define CURRENTEL_EL2 (2 << 2)

#endif
