/* SPDX-License-Identifier: MIT */
/*
 * The Arm part of the Xen 4.17 guest ABI, AArch64 flavour.
 *
 * Hypercalls: a guest issues HVC with immediate XEN_HYPERCALL_TAG. The
 * hypercall number goes in x16 and up to five arguments in x0-x4; the
 * signed result comes back in x0 (a negative XEN_E* value on failure). The
 * hypervisor may clobber x16 and every argument register the call uses,
 * apart from x0. An HVC with immediate 0 is an SMCCC call (PSCI and
 * friends), not a hypercall.
 *
 * Pointer arguments, and the guest handles inside argument structs, are
 * guest virtual addresses in the caller's current EL1&0 translation regime.
 * All memory shared with the hypervisor (argument buffers, shared_info,
 * vcpu_info, grant tables, PV rings) must be mapped Normal, Inner and Outer
 * Write-Back, Inner Shareable. Everything is little-endian.
 */
#ifndef PUBLIC_ARCH_ARM_H
#define PUBLIC_ARCH_ARM_H

#include "xen-abi.h"

/* Immediate of the HVC instruction that makes a hypercall. */
#define XEN_HYPERCALL_TAG 0xEA1

#if !XEN_ABI_ASSEMBLY

/*
 * Guest handles.
 *
 * A guest handle is a guest pointer to an array of some type. Inside
 * hypercall argument structs it always occupies 8 bytes with 8-byte
 * alignment, whatever the pointer size of the code that fills it in. The
 * pointer member is there for the convenience of guests; the hypervisor
 * reads the raw 64-bit value in .q.
 *
 * DEFINE_XEN_GUEST_HANDLE(foo_t) declares XEN_GUEST_HANDLE(foo_t) and
 * XEN_GUEST_HANDLE(const_foo_t); __DEFINE_XEN_GUEST_HANDLE(name, type) does
 * the same for a type whose name is not a single identifier.
 */
#define __DEFINE_XEN_GUEST_HANDLE(name, type)                      \
	typedef union {                                            \
		type *p;                                           \
		uint64_t q;                                        \
	} __attribute__((aligned(8))) xen_guest_handle_##name##_t; \
	typedef union {                                            \
		const type *p;                                     \
		uint64_t q;                                        \
	} __attribute__((aligned(8))) xen_guest_handle_const_##name##_t

#define DEFINE_XEN_GUEST_HANDLE(name) __DEFINE_XEN_GUEST_HANDLE(name, name)
#define XEN_GUEST_HANDLE(name) xen_guest_handle_##name##_t
/* Toolstack interfaces spell it this way; it is the same 8-byte handle. */
#define XEN_GUEST_HANDLE_64(name) XEN_GUEST_HANDLE(name)
/* A handle passed directly as a hypercall argument (in a register). */
#define XEN_GUEST_HANDLE_PARAM(name) XEN_GUEST_HANDLE(name)

/* Point a handle at val, clearing the upper bytes first on 32-bit hosts. */
#define set_xen_guest_handle_raw(hnd, val) \
	do {                               \
		(hnd).q = 0;               \
		(hnd).p = (val);           \
	} while (0)
#define set_xen_guest_handle(hnd, val) set_xen_guest_handle_raw(hnd, val)

/* The raw guest address held by a handle. */
#define xen_guest_handle_addr(hnd) ((hnd).q)

/* Guest frame numbers and machine-word-sized values are 64-bit on Arm. */
typedef uint64_t xen_pfn_t;
typedef uint64_t xen_ulong_t;

/* Address of a guest callback; unused on Arm but part of the ABI. */
typedef uint64_t xen_callback_t;

#endif /* !XEN_ABI_ASSEMBLY */

/* Only vCPU 0's vcpu_info lives in shared_info; others must register. */
#define XEN_LEGACY_MAX_VCPUS 1

#if !XEN_ABI_ASSEMBLY

/*
 * General-purpose register state of a vCPU, as exchanged with the
 * toolstack (XEN_DOMCTL_{set,get}vcpucontext). Only the AArch64 names are
 * given: armvisor runs AArch64 guests only. The AArch32 SPSR slots keep
 * their place so the layout matches Xen's.
 */
struct vcpu_guest_core_regs {
	uint64_t x0;
	uint64_t x1;
	uint64_t x2;
	uint64_t x3;
	uint64_t x4;
	uint64_t x5;
	uint64_t x6;
	uint64_t x7;
	uint64_t x8;
	uint64_t x9;
	uint64_t x10;
	uint64_t x11;
	uint64_t x12;
	uint64_t x13;
	uint64_t x14;
	uint64_t x15;
	uint64_t x16;
	uint64_t x17;
	uint64_t x18;
	uint64_t x19;
	uint64_t x20;
	uint64_t x21;
	uint64_t x22;
	uint64_t x23;
	uint64_t x24;
	uint64_t x25;
	uint64_t x26;
	uint64_t x27;
	uint64_t x28;
	uint64_t x29;
	uint64_t x30;

	uint64_t pc64; /* guest PC (ELR_EL2 on entry) */
	uint64_t cpsr; /* guest PSTATE (SPSR_EL2 on entry) */
	uint64_t spsr_el1;

	/* Banked AArch32 SPSRs; unused by AArch64 guests. */
	uint32_t spsr_fiq;
	uint32_t spsr_irq;
	uint32_t spsr_und;
	uint32_t spsr_abt;

	uint64_t sp_el0;
	uint64_t sp_el1;
	uint64_t elr_el1;
};
typedef struct vcpu_guest_core_regs vcpu_guest_core_regs_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_guest_core_regs_t);

XEN_ABI_SIZE(struct vcpu_guest_core_regs, 312);
XEN_ABI_OFFSET(struct vcpu_guest_core_regs, x0, 0);
XEN_ABI_OFFSET(struct vcpu_guest_core_regs, x1, 8);
XEN_ABI_OFFSET(struct vcpu_guest_core_regs, x16, 128);
XEN_ABI_OFFSET(struct vcpu_guest_core_regs, x29, 232);
XEN_ABI_OFFSET(struct vcpu_guest_core_regs, x30, 240);
XEN_ABI_OFFSET(struct vcpu_guest_core_regs, pc64, 248);
XEN_ABI_OFFSET(struct vcpu_guest_core_regs, cpsr, 256);
XEN_ABI_OFFSET(struct vcpu_guest_core_regs, spsr_el1, 264);
XEN_ABI_OFFSET(struct vcpu_guest_core_regs, spsr_fiq, 272);
XEN_ABI_OFFSET(struct vcpu_guest_core_regs, spsr_irq, 276);
XEN_ABI_OFFSET(struct vcpu_guest_core_regs, spsr_und, 280);
XEN_ABI_OFFSET(struct vcpu_guest_core_regs, spsr_abt, 284);
XEN_ABI_OFFSET(struct vcpu_guest_core_regs, sp_el0, 288);
XEN_ABI_OFFSET(struct vcpu_guest_core_regs, sp_el1, 296);
XEN_ABI_OFFSET(struct vcpu_guest_core_regs, elr_el1, 304);

/* The whole initial state of a vCPU, as set by the toolstack. */
struct vcpu_guest_context {
#define _VGCF_online 0
#define VGCF_online (1U << _VGCF_online) /* vCPU starts running */
	uint32_t flags;
	struct vcpu_guest_core_regs user_regs;
	uint64_t sctlr; /* SCTLR_EL1 */
	uint64_t ttbcr; /* TCR_EL1 */
	uint64_t ttbr0; /* TTBR0_EL1 */
	uint64_t ttbr1; /* TTBR1_EL1 */
};
typedef struct vcpu_guest_context vcpu_guest_context_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_guest_context_t);

XEN_ABI_SIZE(struct vcpu_guest_context, 352);
XEN_ABI_OFFSET(struct vcpu_guest_context, flags, 0);
XEN_ABI_OFFSET(struct vcpu_guest_context, user_regs, 8);
XEN_ABI_OFFSET(struct vcpu_guest_context, sctlr, 320);
XEN_ABI_OFFSET(struct vcpu_guest_context, ttbcr, 328);
XEN_ABI_OFFSET(struct vcpu_guest_context, ttbr0, 336);
XEN_ABI_OFFSET(struct vcpu_guest_context, ttbr1, 344);

#endif /* !XEN_ABI_ASSEMBLY */

/* xen_arch_domainconfig.gic_version (IN: wanted, OUT: what was given) */
#define XEN_DOMCTL_CONFIG_GIC_NATIVE 0
#define XEN_DOMCTL_CONFIG_GIC_V2 1
#define XEN_DOMCTL_CONFIG_GIC_V3 2

/* xen_arch_domainconfig.tee_type */
#define XEN_DOMCTL_CONFIG_TEE_NONE 0
#define XEN_DOMCTL_CONFIG_TEE_OPTEE 1

#if !XEN_ABI_ASSEMBLY

/* Arm-specific part of XEN_DOMCTL_createdomain (and getdomaininfo). */
struct xen_arch_domainconfig {
	uint8_t gic_version; /* IN/OUT: XEN_DOMCTL_CONFIG_GIC_* */
	uint16_t tee_type;   /* IN: XEN_DOMCTL_CONFIG_TEE_* */
	uint32_t nr_spis;    /* IN: number of SPIs the vGIC provides */
	/*
	 * OUT: clock-frequency of the host DT timer node, to be copied into
	 * the guest DT (CNTFRQ_EL0 cannot be trapped), or 0 if absent.
	 */
	uint32_t clock_frequency;
};

XEN_ABI_SIZE(struct xen_arch_domainconfig, 12);
XEN_ABI_OFFSET(struct xen_arch_domainconfig, gic_version, 0);
XEN_ABI_OFFSET(struct xen_arch_domainconfig, tee_type, 2);
XEN_ABI_OFFSET(struct xen_arch_domainconfig, nr_spis, 4);
XEN_ABI_OFFSET(struct xen_arch_domainconfig, clock_frequency, 8);

/*
 * Arch parts of vcpu_info and shared_info: empty on Arm (GNU C gives them
 * size 0).
 */
struct arch_vcpu_info {
};
typedef struct arch_vcpu_info arch_vcpu_info_t;

struct arch_shared_info {
};
typedef struct arch_shared_info arch_shared_info_t;

XEN_ABI_SIZE(struct arch_vcpu_info, 0);
XEN_ABI_SIZE(struct arch_shared_info, 0);

#endif /* !XEN_ABI_ASSEMBLY */

/* PSTATE / CPSR bits. */
#define PSR_THUMB (1 << 5)	/* AArch32: Thumb state */
#define PSR_FIQ_MASK (1 << 6)	/* F */
#define PSR_IRQ_MASK (1 << 7)	/* I */
#define PSR_ABT_MASK (1 << 8)	/* A: SError masked */
#define PSR_BIG_ENDIAN (1 << 9) /* AArch32: E */
#define PSR_DBG_MASK (1 << 9)	/* AArch64: D */
#define PSR_IT_MASK 0x0600fc00	/* AArch32: If-Then state */
#define PSR_JAZELLE (1 << 24)
#define PSR_Z (1 << 30)

/* AArch32 modes (PSR_MODE_BIT set) */
#define PSR_MODE_BIT 0x10
#define PSR_MODE_USR 0x10
#define PSR_MODE_FIQ 0x11
#define PSR_MODE_IRQ 0x12
#define PSR_MODE_SVC 0x13
#define PSR_MODE_MON 0x16
#define PSR_MODE_ABT 0x17
#define PSR_MODE_HYP 0x1a
#define PSR_MODE_UND 0x1b
#define PSR_MODE_SYS 0x1f

/* AArch64 exception levels and stack selection */
#define PSR_MODE_EL3h 0x0d
#define PSR_MODE_EL3t 0x0c
#define PSR_MODE_EL2h 0x09
#define PSR_MODE_EL2t 0x08
#define PSR_MODE_EL1h 0x05
#define PSR_MODE_EL1t 0x04
#define PSR_MODE_EL0t 0x00

/* Initial PSTATE of a guest vCPU: EL1h with A, I and F masked (0x1c5). */
#define PSR_GUEST64_INIT \
	(PSR_ABT_MASK | PSR_FIQ_MASK | PSR_IRQ_MASK | PSR_MODE_EL1h)
#define PSR_GUEST32_INIT \
	(PSR_Z | PSR_ABT_MASK | PSR_FIQ_MASK | PSR_IRQ_MASK | PSR_MODE_SVC)

/* Initial SCTLR_EL1: MMU and caches off, RES1 bits set. */
#define SCTLR_GUEST_INIT xen_mk_ullong(0x00c50078)

/*
 * The guest physical memory map of a domU built by a toolstack (and of
 * dom0less domUs). Guests must discover all of this from their device
 * tree; the values are here for the code that builds that tree.
 */
#define GUEST_VIRTIO_MMIO_BASE xen_mk_ullong(0x02000000)
#define GUEST_VIRTIO_MMIO_SIZE xen_mk_ullong(0x00100000)

/* GICv2 */
#define GUEST_GICD_BASE xen_mk_ullong(0x03001000)
#define GUEST_GICD_SIZE xen_mk_ullong(0x00001000)
#define GUEST_GICC_BASE xen_mk_ullong(0x03002000)
#define GUEST_GICC_SIZE xen_mk_ullong(0x00002000)

/* GICv3: one redistributor region, room for 128 vCPUs of 128 KiB each */
#define GUEST_GICV3_GICD_BASE xen_mk_ullong(0x03001000)
#define GUEST_GICV3_GICD_SIZE xen_mk_ullong(0x00010000)
#define GUEST_GICV3_RDIST_REGIONS 1
#define GUEST_GICV3_GICR0_BASE xen_mk_ullong(0x03020000)
#define GUEST_GICV3_GICR0_SIZE xen_mk_ullong(0x01000000)

#define GUEST_VPCI_ECAM_BASE xen_mk_ullong(0x10000000)
#define GUEST_VPCI_ECAM_SIZE xen_mk_ullong(0x10000000)

#define GUEST_ACPI_BASE xen_mk_ullong(0x20000000)
#define GUEST_ACPI_SIZE xen_mk_ullong(0x02000000)

/* Emulated SBSA UART (vpl011) */
#define GUEST_PL011_BASE xen_mk_ullong(0x22000000)
#define GUEST_PL011_SIZE xen_mk_ullong(0x00001000)

/* vPCI windows: the first cell of a PCI "ranges" entry, then base/size */
#define GUEST_VPCI_ADDR_TYPE_MEM xen_mk_ullong(0x02000000)
#define GUEST_VPCI_MEM_ADDR xen_mk_ullong(0x23000000)
#define GUEST_VPCI_MEM_SIZE xen_mk_ullong(0x10000000)
#define GUEST_VPCI_ADDR_TYPE_PREFETCH_MEM xen_mk_ullong(0x42000000)
#define GUEST_VPCI_PREFETCH_MEM_ADDR xen_mk_ullong(0x100000000)
#define GUEST_VPCI_PREFETCH_MEM_SIZE xen_mk_ullong(0x100000000)

/* Where guests map grant-table frames (4096 frames) */
#define GUEST_GNTTAB_BASE xen_mk_ullong(0x38000000)
#define GUEST_GNTTAB_SIZE xen_mk_ullong(0x01000000)

/* Toolstack "magic" pages: console, xenstore, monitor ring, vuart */
#define GUEST_MAGIC_BASE xen_mk_ullong(0x39000000)
#define GUEST_MAGIC_SIZE xen_mk_ullong(0x01000000)

/* RAM: 3 GiB at 1 GiB, then up to 1016 GiB at 8 GiB */
#define GUEST_RAM_BANKS 2
#define GUEST_RAM0_BASE xen_mk_ullong(0x40000000)
#define GUEST_RAM0_SIZE xen_mk_ullong(0xc0000000)
#define GUEST_RAM1_BASE xen_mk_ullong(0x0200000000)
#define GUEST_RAM1_SIZE xen_mk_ullong(0xfe00000000)
#define GUEST_RAM_BASE GUEST_RAM0_BASE
#define GUEST_RAM_MAX (GUEST_RAM0_SIZE + GUEST_RAM1_SIZE)
/* Initialisers for arrays of the bank bases and sizes */
/* clang-format off */
#define GUEST_RAM_BANK_BASES { GUEST_RAM0_BASE, GUEST_RAM1_BASE }
#define GUEST_RAM_BANK_SIZES { GUEST_RAM0_SIZE, GUEST_RAM1_SIZE }
/* clang-format on */

#define GUEST_MAX_VCPUS 128

/* Interrupts (GIC INTIDs) */
#define GUEST_TIMER_VIRT_PPI 27
#define GUEST_TIMER_PHYS_S_PPI 29
#define GUEST_TIMER_PHYS_NS_PPI 30
#define GUEST_EVTCHN_PPI 31 /* event-channel upcall, every domU */
#define GUEST_VPL011_SPI 32
#define GUEST_VIRTIO_MMIO_SPI_FIRST 33
#define GUEST_VIRTIO_MMIO_SPI_LAST 43

#endif /* PUBLIC_ARCH_ARM_H */
