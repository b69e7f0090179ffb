/* SPDX-License-Identifier: MIT */
/*
 * __HYPERVISOR_domctl (Xen 4.17, XEN_DOMCTL_INTERFACE_VERSION 0x15): the
 * dispatcher and the domain-wide commands (create, destroy, pause,
 * information, limits). vCPU commands are in domctl_vcpu.c, passthrough,
 * caches and the vUART in domctl_hw.c.
 *
 * Checks in Xen's order: the argument is read once (-EFAULT), the interface
 * version must match (-EACCES), the target must exist (-ESRCH, except for
 * createdomain and getdomaininfo), the caller must be the control domain
 * (-EPERM, Xen's dummy/SILO policy), then unknown commands give -ENOSYS.
 *
 * Lock order: domctl_lock > domlist_lock > d->lock. One domctl runs at a
 * time (as Xen's domctl_lock); none waits for another pCPU while holding
 * it, so a second caller only spins for the length of one command.
 *
 * Destroying: the first destroydomain marks the domain dying (lookups stop
 * finding it) and stops its vCPUs; calls return -EAGAIN (libxc's
 * xc_domain_destroy retries on it) until its vCPUs are off their pCPUs
 * and every pCPU has passed a quiescent state, so that no hypercall still
 * holds a pointer to it; the call that sees this frees it and returns 0.
 */
#include <hyp/domain.h>
#include <hyp/domctl.h>
#include <hyp/errno.h>
#include <hyp/event.h>
#include <hyp/grant_table.h>
#include <hyp/guest_access.h>
#include <hyp/irq.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/p2m.h>
#include <hyp/printk.h>
#include <public/domctl.h>

static DEFINE_SPINLOCK(domctl_lock);
/* Last id handed out when the caller lets us choose (Xen's rover). */
static domid_t domid_rover;

int domctl_domain_init(struct domain *d, const struct domain_config *cfg)
{
	struct domctl_state *c = xzalloc(struct domctl_state);

	if (!c)
		return -ENOMEM;
	c->gic_version = gic->version == 3 ? XEN_DOMCTL_CONFIG_GIC_V3
					   : XEN_DOMCTL_CONFIG_GIC_V2;
	c->nr_spis = cfg->toolstack ? ALIGN_UP(MAX(cfg->nr_spis, 1U), 32)
				    : ALIGN_UP(gic->nr_lines - 32, 32);
	c->max_maptrack_frames = -1;
	c->node_affinity = ~0ULL;
	c->ctl_pause = cfg->toolstack ? 1 : 0;
	c->vcpus_online = !cfg->toolstack;
	d->ctl = c;
	return 0;
}

void domctl_domain_destroy(struct domain *d)
{
	xfree(d->ctl);
	d->ctl = NULL;
}

/* ---- createdomain ---- */

/* Xen's sanitise_domain_config and the Arm arch_sanitise_domain_config. */
static int createdomain_check(struct xen_domctl_createdomain *c)
{
	const u32 known = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap |
			  XEN_DOMCTL_CDF_s3_integrity | XEN_DOMCTL_CDF_oos_off |
			  XEN_DOMCTL_CDF_xs_domain | XEN_DOMCTL_CDF_iommu |
			  XEN_DOMCTL_CDF_nested_virt | XEN_DOMCTL_CDF_vpmu;
	const u32 required = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap;
	u8 host = gic->version == 3 ? XEN_DOMCTL_CONFIG_GIC_V3
				    : XEN_DOMCTL_CONFIG_GIC_V2;

	if (c->flags & ~known)
		return -EINVAL;
	if (c->iommu_opts & ~XEN_DOMCTL_IOMMU_no_sharept)
		return -EINVAL;
	/* No IOMMU, no PMU virtualisation, no vmtrace here. */
	if (c->flags != required || c->iommu_opts || c->vmtrace_size)
		return -EINVAL;
	if (c->max_vcpus < 1 || c->max_vcpus > MAX_VIRT_CPUS)
		return -EINVAL;
	if (c->max_grant_frames < -1 || c->max_maptrack_frames < -1)
		return -EINVAL;
	if (c->max_grant_frames > (s32)GNTTAB_DEFAULT_MAX_FRAMES)
		return -EINVAL;
	/* Grant table version 1 only, as Xen on Arm. */
	if (XEN_DOMCTL_GRANT_version(c->grant_opts) != 1 ||
	    (c->grant_opts & ~XEN_DOMCTL_GRANT_version_mask))
		return -EINVAL;
	if (c->cpupool_id != 0)
		return -ENOENT;
	if (c->arch.tee_type != XEN_DOMCTL_CONFIG_TEE_NONE)
		return -EINVAL;
	if (c->arch.gic_version == XEN_DOMCTL_CONFIG_GIC_NATIVE)
		c->arch.gic_version = host;
	if (c->arch.gic_version != XEN_DOMCTL_CONFIG_GIC_V2 &&
	    c->arch.gic_version != XEN_DOMCTL_CONFIG_GIC_V3)
		return -EINVAL;
	/* Only the host's GIC is emulated (Xen: -ENODEV, no vGICv2 here). */
	if (c->arch.gic_version != host)
		return -ENODEV;
	if (c->arch.nr_spis > 1020 - 32)
		return -EINVAL;
	return 0;
}

static bool domid_free(domid_t id)
{
	return !domain_find_any(id);
}

static long domctl_createdomain(struct xen_domctl *op, bool *copyback)
{
	struct xen_domctl_createdomain *c = &op->u.createdomain;
	struct domain_config cfg = {0};
	struct domain *d;
	domid_t id = op->domain;
	int rc = createdomain_check(c);

	if (rc)
		return rc;
	if (id > 0 && id < DOMID_FIRST_RESERVED) {
		if (!domid_free(id))
			return -EEXIST;
	} else {
		for (id = domid_rover + 1;; id++) {
			if (id >= DOMID_FIRST_RESERVED)
				id = 1;
			if (domid_free(id))
				break;
			if (id == domid_rover)
				return -ENOMEM;
		}
	}

	cfg.name = "";
	cfg.max_vcpus = c->max_vcpus;
	cfg.toolstack = true;
	cfg.nr_spis = c->arch.nr_spis;
	cfg.max_evtchn_port = MIN(c->max_evtchn_port, 0x7fffffffU);
	if (!cfg.max_evtchn_port)
		cfg.max_evtchn_port = 1; /* 0 would mean the default here */
	cfg.max_grant_frames =
		c->max_grant_frames < 0 ? 0 : (unsigned int)c->max_grant_frames;
	d = domain_create(id, &cfg, &rc);
	if (!d)
		return rc;
	domid_rover = id;
	/* Nothing below can fail. */
	memcpy(d->handle, c->handle, sizeof(d->handle));
	d->ctl->ssidref = c->ssidref;
	d->ctl->max_maptrack_frames = c->max_maptrack_frames;
	d->ctl->gic_version = c->arch.gic_version;
	/* Written back as Xen: gic_version resolved, nr_spis as given. */
	c->arch.clock_frequency = 0; /* no clock-frequency in the host DT */
	snprintf(d->name, sizeof(d->name), "d%u", id);
	op->domain = id;
	*copyback = true;
	printk("Domain %u created by the toolstack: %u vCPU(s)\n", id,
	       c->max_vcpus);
	return 0;
}

/* ---- destroydomain, pause ---- */

static long domctl_destroydomain(struct domain *d)
{
	struct domain *ctl = current->domain;

	if (d == ctl || d->is_privileged)
		return -EINVAL;
	domain_kill_start(d);
	if (!domain_kill_ready(d))
		return -EAGAIN;
	printk("Domain %u (%s) destroyed\n", d->domain_id, d->name);
	domain_kill_finish(d);
	/* Xen raises VIRQ_DOM_EXC once a domain is dead (xenstored waits). */
	send_guest_global_virq(ctl, VIRQ_DOM_EXC);
	return 0;
}

static long domctl_pause(struct domain *d, bool pause)
{
	struct domctl_state *c = d->ctl;
	bool ok;

	if (d == current->domain)
		return -EINVAL;
	spin_lock(&d->lock);
	if (pause) {
		/* Xen's controller_pause_count saturates with -EOVERFLOW. */
		ok = c->ctl_pause < 255;
		c->ctl_pause += ok;
	} else {
		ok = c->ctl_pause > 0;
		c->ctl_pause -= ok;
	}
	spin_unlock(&d->lock);
	if (!ok)
		return pause ? -EOVERFLOW : -EINVAL;
	if (pause)
		domain_pause(d);
	else
		domain_unpause(d);
	return 0;
}

/* ---- getdomaininfo ---- */

void domctl_getdomaininfo(struct domain *d,
			  struct xen_domctl_getdomaininfo *info)
{
	unsigned int i, online = 0;
	bool running = false, blocked = true;
	u64 cpu_time = 0;
	u32 flags = XEN_DOMINF_hvm_guest | XEN_DOMINF_hap;

	memset(info, 0, sizeof(*info));
	for (i = 0; i < d->max_vcpus; i++) {
		struct vcpu *v = d->vcpus[i];
		unsigned int pf = READ_ONCE(v->pause_flags);

		cpu_time += READ_ONCE(v->run_time);
		if (pf & VPF_DOWN)
			continue;
		online++;
		if (READ_ONCE(v->is_running))
			running = true;
		if (!(pf & VPF_BLOCKED))
			blocked = false;
	}
	spin_lock(&d->lock);
	if (d->state == DOMSTATE_DYING)
		flags |= XEN_DOMINF_dying;
	/* Xen ORs in its shutdown code, ~0 (invalid) until a shutdown. */
	if (d->state == DOMSTATE_SHUTDOWN)
		flags |= XEN_DOMINF_shutdown |
			 ((u32)d->shutdown_code << XEN_DOMINF_shutdownshift);
	else
		flags |= ~0U << XEN_DOMINF_shutdownshift;
	if (d->ctl->ctl_pause)
		flags |= XEN_DOMINF_paused;
	info->ssidref = d->ctl->ssidref;
	info->arch_config.gic_version = d->ctl->gic_version;
	info->arch_config.nr_spis = d->ctl->nr_spis;
	spin_unlock(&d->lock);
	if (online && blocked)
		flags |= XEN_DOMINF_blocked;
	if (running)
		flags |= XEN_DOMINF_running;

	info->domain = d->domain_id;
	info->flags = flags;
	info->tot_pages = d->tot_pages;
	info->max_pages = d->max_pages;
	/* Xen on Arm reports the frame itself (its mfn_to_gfn is 1:1). */
	info->shared_info_frame = mfn_val(d->shared_info_mfn);
	info->cpu_time = cpu_time;
	info->nr_online_vcpus = online;
	info->max_vcpu_id =
		d->max_vcpus ? d->max_vcpus - 1 : XEN_INVALID_MAX_VCPU_ID;
	memcpy(info->handle, d->handle, sizeof(info->handle));
	info->cpupool = 0;
	info->gpaddr_bits = (u8)p2m_ipa_bits();
}

/* Xen 4.17: the domain with the lowest id >= the one asked for. */
static long domctl_getdomaininfo_op(struct xen_domctl *op, bool *copyback)
{
	unsigned long flags;
	struct domain *d, *best = NULL;

	if (op->domain >= DOMID_FIRST_RESERVED)
		return -EINVAL;
	flags = spin_lock_irqsave(&domlist_lock);
	list_for_each_entry (d, &domain_list, domlist)
		if (d->domain_id >= op->domain &&
		    (!best || d->domain_id < best->domain_id))
			best = d;
	spin_unlock_irqrestore(&domlist_lock, flags);
	if (!best)
		return -ESRCH;
	/* Under domctl_lock: best cannot be freed meanwhile. */
	domctl_getdomaininfo(best, &op->u.getdomaininfo);
	op->domain = best->domain_id;
	*copyback = true;
	return 0;
}

/* ---- the small ones ---- */

static long domctl_nodeaffinity(struct xen_domctl *op, bool set)
{
	struct xenctl_bitmap *b = &op->u.nodeaffinity.nodemap;
	u64 addr = xen_guest_handle_addr(b->bitmap);
	u8 byte = 0;

	if (set) {
		/* One node (0): a map naming no node of ours is invalid. */
		if (!b->nr_bits || copy_from_guest(&byte, addr, 1))
			return b->nr_bits ? -EFAULT : -EINVAL;
		if (!(byte & 1))
			return -EINVAL;
		return 0;
	}
	if (!b->nr_bits)
		return 0;
	byte = 1;
	if (copy_to_guest(addr, &byte, 1))
		return -EFAULT;
	/* Clear the rest of the caller's map, as Xen does. */
	for (u32 i = 1; i < (b->nr_bits + 7) / 8; i++) {
		u8 zero = 0;

		if (copy_to_guest(addr + i, &zero, 1))
			return -EFAULT;
	}
	return 0;
}

static long domctl_domain_op(struct domain *d, struct xen_domctl *op,
			     bool *copyback)
{
	switch (op->cmd) {
	case XEN_DOMCTL_destroydomain:
		return domctl_destroydomain(d);
	case XEN_DOMCTL_pausedomain:
		return domctl_pause(d, true);
	case XEN_DOMCTL_unpausedomain:
		return domctl_pause(d, false);
	case XEN_DOMCTL_max_mem: {
		u64 pages = op->u.max_mem.max_memkb >> (PAGE_SHIFT - 10);

		/* As Xen: no check against what the domain already has. */
		spin_lock(&d->lock);
		d->max_pages = pages;
		d->max_pages_strict = true;
		spin_unlock(&d->lock);
		return 0;
	}
	case XEN_DOMCTL_max_vcpus:
		/* The count was fixed by createdomain: only it is accepted. */
		if (d == current->domain || op->u.max_vcpus.max != d->max_vcpus)
			return -EINVAL;
		d->ctl->vcpus_online = true;
		return 0;
	case XEN_DOMCTL_setdomainhandle:
		memcpy(d->handle, op->u.setdomainhandle.handle,
		       sizeof(d->handle));
		return 0;
	case XEN_DOMCTL_settimeoffset:
		d->ctl->time_offset = op->u.settimeoffset.time_offset_seconds;
		return 0;
	case XEN_DOMCTL_set_address_size:
		/* AArch64 guests only: no AArch32 EL1 support. */
		if (op->u.address_size.size != 64)
			return -EINVAL;
		/* As Xen: only before the domain has memory. */
		return d->tot_pages ? -EBUSY : 0;
	case XEN_DOMCTL_setnodeaffinity:
		return domctl_nodeaffinity(op, true);
	case XEN_DOMCTL_getnodeaffinity:
		return domctl_nodeaffinity(op, false);
	default:
		return -ENOSYS;
	}
}

static long domctl_dispatch(struct domain *d, struct xen_domctl *op,
			    bool *copyback)
{
	long rc = domctl_domain_op(d, op, copyback);

	if (rc == -ENOSYS)
		rc = domctl_vcpu_op(d, op, copyback);
	if (rc == -ENOSYS)
		rc = domctl_hw_op(d, op, copyback);
	return rc;
}

long do_domctl(u64 arg)
{
	struct xen_domctl op;
	struct domain *d = NULL;
	bool copyback = false;
	long rc;

	if (copy_from_guest(&op, arg, sizeof(op)))
		return -EFAULT;
	if (op.interface_version != XEN_DOMCTL_INTERFACE_VERSION)
		return -EACCES;

	/*
	 * Others are refused before the lock, so a domain's vCPU never waits
	 * on it (setvcpucontext waits for the target's vCPUs to stop).
	 */
	if (!current->domain->is_privileged) {
		if (op.cmd != XEN_DOMCTL_createdomain &&
		    op.cmd != XEN_DOMCTL_getdomaininfo &&
		    !domain_find_any(op.domain))
			return -ESRCH;
		return -EPERM;
	}

	spin_lock(&domctl_lock);
	if (op.cmd != XEN_DOMCTL_createdomain &&
	    op.cmd != XEN_DOMCTL_getdomaininfo) {
		rc = -ESRCH;
		d = domain_find_any(op.domain);
		if (!d)
			goto out;
	}

	if (op.cmd == XEN_DOMCTL_createdomain)
		rc = domctl_createdomain(&op, &copyback);
	else if (op.cmd == XEN_DOMCTL_getdomaininfo)
		rc = domctl_getdomaininfo_op(&op, &copyback);
	else
		rc = domctl_dispatch(d, &op, &copyback);
	if (copyback && copy_to_guest(arg, &op, sizeof(op)))
		rc = -EFAULT;
out:
	spin_unlock(&domctl_lock);
	return rc;
}
