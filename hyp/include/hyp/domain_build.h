/* SPDX-License-Identifier: MIT */
/* Building domains from boot modules (common/dom0less.c, domain_dt.c). */
#ifndef HYP_DOMAIN_BUILD_H
#define HYP_DOMAIN_BUILD_H

#include <hyp/bootinfo.h>
#include <hyp/fdt.h>
#include <hyp/types.h>
#include <hyp/vgic.h>

struct domain;

/* Most xen,reg ranges and interrupts a dom0less partial DT may assign. */
#define DOMAIN_PT_MAX_MMIO 16
#define DOMAIN_PT_MAX_IRQS 32

/* What a dom0less partial device tree assigns, checked before any use. */
struct domain_pt_plan {
	unsigned int nr_mmio, nr_irqs;
	struct {
		u64 mfn, gfn, nr; /* frames */
	} mmio[DOMAIN_PT_MAX_MMIO];
	struct {
		u16 irq;
		u8 type; /* IRQ_TYPE_* */
	} irqs[DOMAIN_PT_MAX_IRQS];
};

/* Everything the builder decided about one domain. */
struct domain_build {
	char name[64];
	unsigned int vcpus;
	u64 ram0_size, ram1_size; /* bytes at GUEST_RAM0_BASE / RAM1_BASE */
	u64 p2m_pages;		  /* stage-2 table pool (XSA-409) */
	bool vpl011;
	bool enhanced; /* Xen's xen,enhanced: a /hypervisor node */
	char cmdline[BOOT_CMDLINE_SIZE];
	const struct bootmodule *kernel;
	const struct bootmodule *ramdisk;
	u64 kernel_gpa, kernel_entry;
	u64 ramdisk_gpa, ramdisk_size;
	u64 dtb_gpa;
	struct vgic_config vgic;
	/* The multiboot,device-tree module (partial DT), if any. */
	bool has_pfdt;
	struct fdt pfdt;
	int pfdt_passthrough, pfdt_aliases; /* node offsets, or < 0 */
	u32 gic_phandle; /* the guest GIC's: the partial DT's /gic, or 65000 */
	struct domain_pt_plan pt;
};

/* Write the guest's device tree into buf; returns 0 or -ENOSPC. */
int domain_build_dt(struct domain_build *b, void *buf, size_t size,
		    size_t *len);

/*
 * Give a guest domain (vCPUs created) its virtual GIC at Xen's guest
 * addresses with nr_spis SPIs (rounded up to 32); *out (if not NULL)
 * gets its layout. 0, -EINVAL or -ENOMEM.
 */
int domain_vgic_setup(struct domain *d, unsigned int nr_spis,
		      struct vgic_config *out);
/* What Xen gives when nothing says otherwise: the host's SPIs. */
unsigned int domain_vgic_default_spis(void);

/*
 * Dom0less passthrough (common/dom0less_pt.c, Xen's docs/misc/arm/
 * passthrough.txt): open and check the partial DT module m against the
 * host DT (xen,reg, xen,path, xen,force-assign-without-iommu; nothing is
 * changed) into b; then, with d created and its vGIC set up, grant and map
 * the MMIO and route the interrupts (errors leave d to be destroyed).
 * domain_build_dt() copies the partial DT's /aliases and /passthrough.
 */
int dom0less_pt_prepare(struct domain_build *b, const struct bootmodule *m,
			const struct fdt *host);
int dom0less_pt_assign(struct domain *d, const struct domain_build *b);

/* Create and start every "xen,domain" under /chosen; returns how many. */
unsigned int dom0less_create_domains(const struct fdt *fdt);

#endif
