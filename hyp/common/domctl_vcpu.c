/* SPDX-License-Identifier: MIT */
/*
 * domctl commands on vCPUs: register context (the builder's entry point),
 * state, affinity, and the scheduler's per-domain parameters.
 *
 * The scheduler (common/sched.c, policy in sched_credit.c) shares time by
 * weight and enforces caps with credit2's parameters; it is reported as
 * Xen's credit2 (XEN_SCHEDULER_CREDIT2, also sysctl sched_id) so that
 * libxl, which refuses unknown schedulers, can drive it. Soft affinity is
 * accepted and not used.
 *
 * Called with domctl_lock held (common/domctl.c); takes d->lock only.
 */
#include <hyp/domain.h>
#include <hyp/domctl.h>
#include <hyp/errno.h>
#include <hyp/guest_access.h>
#include <hyp/lib.h>
#include <hyp/percpu.h>
#include <hyp/vcpu_arch.h>
#include <public/domctl.h>

static u64 online_cpu_mask(void)
{
	unsigned int c;
	u64 m = 0;

	for_each_online_cpu (c)
		m |= 1ULL << c;
	return m;
}

/* Pause d and wait until v is off its pCPU (d is not the caller's). */
static void vcpu_stop(struct domain *d, struct vcpu *v)
{
	domain_pause(d);
	while (READ_ONCE(v->is_running))
		barrier();
}

static long setvcpucontext(struct domain *d, struct vcpu *v, u64 ctxt)
{
	struct vcpu_guest_context c;
	int rc;

	if (!ctxt) {
		/* A NULL context resets the vCPU (Xen's vcpu_reset). */
		vcpu_stop(d, v);
		vcpu_sleep(v, VPF_DOWN);
		arch_vcpu_init(v);
		v->initialised = false;
		domain_unpause(d);
		return 0;
	}
	if (copy_from_guest(&c, ctxt, sizeof(c)))
		return -EFAULT;
	vcpu_stop(d, v);
	rc = arch_vcpu_set_context(v, &c);
	if (!rc) {
		v->initialised = true;
		if (c.flags & VGCF_online)
			vcpu_wake(v, VPF_DOWN);
		else
			vcpu_sleep(v, VPF_DOWN);
	}
	domain_unpause(d);
	return rc;
}

static long getvcpucontext(struct domain *d, struct vcpu *v, u64 ctxt)
{
	struct vcpu_guest_context c;

	if (!v->initialised)
		return -ENODATA;
	vcpu_stop(d, v);
	arch_vcpu_get_context(v, &c);
	domain_unpause(d);
	return copy_to_guest(ctxt, &c, sizeof(c)) ? -EFAULT : 0;
}

/* xenctl_bitmap (LSB first in each byte) to a mask of our CPUs. */
static int bitmap_in(const struct xenctl_bitmap *b, u64 *mask)
{
	u8 bytes[NR_CPUS / 8] = {0};
	u32 n = MIN((b->nr_bits + 7) / 8, (u32)sizeof(bytes));
	unsigned int i;

	if (n && copy_from_guest(bytes, xen_guest_handle_addr(b->bitmap), n))
		return -EFAULT;
	*mask = 0;
	for (i = 0; i < n * 8 && i < b->nr_bits; i++)
		if (bytes[i / 8] & (1U << (i % 8)))
			*mask |= 1ULL << i;
	return 0;
}

/* Our mask to the caller's bitmap, zero-filling the rest of it. */
static int bitmap_out(const struct xenctl_bitmap *b, u64 mask)
{
	u64 addr = xen_guest_handle_addr(b->bitmap);
	u32 i, n = (b->nr_bits + 7) / 8;

	for (i = 0; i < n; i++) {
		u8 byte = i < 8 ? (u8)(mask >> (8 * i)) : 0;

		if (copy_to_guest(addr + i, &byte, 1))
			return -EFAULT;
	}
	return 0;
}

static long vcpuaffinity(struct vcpu *v, struct xen_domctl_vcpuaffinity *a,
			 bool set)
{
	u64 online = online_cpu_mask(), hard, soft;
	int rc;

	/* Xen's vcpuaffinity_params_invalid(). */
	if (!a->flags ||
	    ((a->flags & XEN_VCPUAFFINITY_HARD) &&
	     !xen_guest_handle_addr(a->cpumap_hard.bitmap)) ||
	    ((a->flags & XEN_VCPUAFFINITY_SOFT) &&
	     !xen_guest_handle_addr(a->cpumap_soft.bitmap)))
		return -EINVAL;
	if (set && (a->flags & XEN_VCPUAFFINITY_HARD)) {
		rc = bitmap_in(&a->cpumap_hard, &hard);
		if (rc)
			return rc;
		rc = vcpu_set_affinity(v, hard);
		if (rc)
			return rc;
	}
	if (set && (a->flags & XEN_VCPUAFFINITY_SOFT)) {
		rc = bitmap_in(&a->cpumap_soft, &soft);
		if (rc)
			return rc;
	}
	/* Both ways, report what the scheduler uses. */
	hard = READ_ONCE(v->hard_affinity) & online;
	if (a->flags & XEN_VCPUAFFINITY_HARD) {
		rc = bitmap_out(&a->cpumap_hard, hard);
		if (rc)
			return rc;
	}
	if (a->flags & XEN_VCPUAFFINITY_SOFT)
		return bitmap_out(&a->cpumap_soft, hard);
	return 0;
}

static long scheduler_op(struct domain *d, struct xen_domctl_scheduler_op *s,
			 bool *copyback)
{
	u16 weight, cap;
	int rc;

	if (s->sched_id != XEN_SCHEDULER_CREDIT2)
		return -EINVAL;
	switch (s->cmd) {
	case XEN_DOMCTL_SCHEDOP_putinfo:
		/* As credit2: weight 0 keeps it; cap 0..100 per vCPU. */
		weight = s->u.credit2.weight;
		cap = s->u.credit2.cap;
		return sched_adjust(d, true, &weight, &cap);
	case XEN_DOMCTL_SCHEDOP_getinfo:
		rc = sched_adjust(d, false, &weight, &cap);
		s->u.credit2.weight = weight;
		s->u.credit2.cap = cap;
		*copyback = true;
		return rc;
	default:
		/* credit2 has no per-vCPU parameters. */
		return -EINVAL;
	}
}

long domctl_vcpu_op(struct domain *d, struct xen_domctl *op, bool *copyback)
{
	bool have = d->ctl->vcpus_online;
	struct vcpu *v;
	u32 id;

	switch (op->cmd) {
	case XEN_DOMCTL_setvcpucontext:
	case XEN_DOMCTL_getvcpucontext:
		id = op->u.vcpucontext.vcpu;
		if (d == current->domain || id >= d->max_vcpus || !have)
			return -EINVAL;
		v = d->vcpus[id];
		if (op->cmd == XEN_DOMCTL_setvcpucontext)
			return setvcpucontext(
				d, v,
				xen_guest_handle_addr(op->u.vcpucontext.ctxt));
		return getvcpucontext(
			d, v, xen_guest_handle_addr(op->u.vcpucontext.ctxt));
	case XEN_DOMCTL_getvcpuinfo: {
		struct xen_domctl_getvcpuinfo *i = &op->u.getvcpuinfo;
		unsigned int pf;

		if (i->vcpu >= d->max_vcpus)
			return -EINVAL;
		if (!have)
			return -ESRCH;
		v = d->vcpus[i->vcpu];
		pf = READ_ONCE(v->pause_flags);
		i->online = !(pf & VPF_DOWN);
		i->blocked = !!(pf & VPF_BLOCKED);
		i->running = READ_ONCE(v->is_running);
		i->cpu_time = READ_ONCE(v->run_time);
		i->cpu = READ_ONCE(v->processor);
		*copyback = true;
		return 0;
	}
	case XEN_DOMCTL_setvcpuaffinity:
	case XEN_DOMCTL_getvcpuaffinity:
		if (op->u.vcpuaffinity.vcpu >= d->max_vcpus)
			return -EINVAL;
		if (!have)
			return -ESRCH;
		return vcpuaffinity(d->vcpus[op->u.vcpuaffinity.vcpu],
				    &op->u.vcpuaffinity,
				    op->cmd == XEN_DOMCTL_setvcpuaffinity);
	case XEN_DOMCTL_scheduler_op:
		return scheduler_op(d, &op->u.scheduler_op, copyback);
	default:
		return -ENOSYS;
	}
}
