/* SPDX-License-Identifier: MIT */
/*
 * The virtual GIC of a guest domain (not dom0) at Xen's guest addresses
 * (public/arch-arm.h), shared by the boot-time builder (dom0less.c) and
 * XEN_DOMCTL_createdomain (domctl.c).
 */
#include <hyp/domain.h>
#include <hyp/domain_build.h>
#include <hyp/errno.h>
#include <hyp/irq.h>
#include <hyp/lib.h>
#include <hyp/vgic.h>
#include <public/arch-arm.h>

unsigned int domain_vgic_default_spis(void)
{
	return ALIGN_UP(MAX(gic->nr_lines, 64U) - 32, 32);
}

int domain_vgic_setup(struct domain *d, unsigned int nr_spis,
		      struct vgic_config *out)
{
	struct vgic_config c = {0};
	unsigned int i;
	int rc;

	if (nr_spis > VGIC_MAX_SPIS)
		return -EINVAL;
	/* The host's version: there is no GICv2 emulation on a GICv3. */
	c.version = gic->version;
	c.nr_spis = ALIGN_UP(MAX(nr_spis, 1U), 32);
	c.dist_base = GUEST_GICD_BASE;
	c.cpu_base = GUEST_GICC_BASE;
	c.cpu_size = GUEST_GICC_SIZE;
	c.redist_base = GUEST_GICV3_GICR0_BASE;
	c.redist_size = (u64)d->max_vcpus * VGIC_V3_REDIST_SIZE;
	if (out)
		*out = c;
	rc = vgic_domain_init(d, &c);
	for (i = 0; !rc && i < d->max_vcpus; i++)
		rc = vgic_vcpu_init(d->vcpus[i]);
	return rc;
}
