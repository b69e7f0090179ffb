/* SPDX-License-Identifier: MIT */
/* Building domains from boot modules (common/dom0less.c, domain_dt.c). */
#ifndef HYP_DOMAIN_BUILD_H
#define HYP_DOMAIN_BUILD_H

#include <hyp/bootinfo.h>
#include <hyp/types.h>
#include <hyp/vgic.h>

struct fdt;
struct domain;

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

/* Create and start every "xen,domain" under /chosen; returns how many. */
unsigned int dom0less_create_domains(const struct fdt *fdt);

#endif
