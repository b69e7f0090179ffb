/* SPDX-License-Identifier: MIT */
/*
 * Emulated MMIO regions per domain. Regions are registered while the
 * domain is built (before any vCPU runs) and never removed, so lookups
 * need no lock.
 */
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/mmio.h>

int mmio_register(struct domain *d, u64 base, u64 size,
		  const struct mmio_ops *ops, void *priv)
{
	struct arch_domain *a = &d->arch;
	unsigned int i;

	if (!size || base + size < base || !ops)
		return -EINVAL;
	for (i = 0; i < a->nr_mmio; i++)
		if (base < a->mmio[i].base + a->mmio[i].size &&
		    a->mmio[i].base < base + size)
			return -EEXIST;
	if (a->nr_mmio == MAX_MMIO_REGIONS)
		return -ENOSPC;
	a->mmio[a->nr_mmio] = (struct mmio_region){base, size, ops, priv};
	a->nr_mmio++;
	return 0;
}

int mmio_dispatch(struct vcpu *v, u64 gpa, unsigned int size, bool write,
		  u64 *val)
{
	struct arch_domain *a = &v->domain->arch;
	unsigned int i;

	for (i = 0; i < a->nr_mmio; i++) {
		const struct mmio_region *r = &a->mmio[i];
		u64 off = gpa - r->base;

		if (gpa < r->base || off >= r->size)
			continue;
		if (off + size > r->size)
			return -EINVAL;
		if (write)
			return r->ops->write ? r->ops->write(v, off, size, *val,
							     r->priv)
					     : 0;
		*val = 0;
		return r->ops->read ? r->ops->read(v, off, size, val, r->priv)
				    : 0;
	}
	return -ENOENT;
}
