/* SPDX-License-Identifier: MIT */
/*
 * platform_op for the control domain: the wall clock (XENPF_settime64,
 * the only command Xen on Arm implements). physdev_op has nothing to do
 * without PCI passthrough, as in Debian's Xen 4.17 (no CONFIG_HAS_PCI).
 *
 * Lock order: wc_lock > domlist_lock.
 */
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/guest_access.h>
#include <hyp/hypercall.h>
#include <hyp/lib.h>
#include <hyp/barrier.h>
#include <public/platform.h>

static DEFINE_SPINLOCK(wc_lock);
/* UTC at system time 0, in ns; 0 until dom0 sets it. */
static u64 wc_ns;

/* The wall-clock fields follow the vcpu_time_info versioning rule. */
static void publish_wallclock(struct shared_info *s)
{
	u64 sec = wc_ns / 1000000000ULL;

	WRITE_ONCE(s->wc_version, s->wc_version + 1);
	smp_wmb();
	s->wc_sec = (u32)sec;
	s->wc_sec_hi = (u32)(sec >> 32);
	s->wc_nsec = (u32)(wc_ns % 1000000000ULL);
	smp_wmb();
	WRITE_ONCE(s->wc_version, s->wc_version + 1);
}

void domain_set_wallclock(struct domain *d)
{
	unsigned long flags = spin_lock_irqsave(&wc_lock);

	if (wc_ns)
		publish_wallclock(d->shared_info);
	spin_unlock_irqrestore(&wc_lock, flags);
}

static long settime(u64 secs, u32 nsecs, u64 system_time)
{
	unsigned long flags, dflags;
	struct domain *d;
	u64 now = secs * 1000000000ULL + nsecs;

	if (nsecs >= 1000000000U || system_time > now)
		return -EINVAL;
	flags = spin_lock_irqsave(&wc_lock);
	wc_ns = now - system_time;
	dflags = spin_lock_irqsave(&domlist_lock);
	list_for_each_entry (d, &domain_list, domlist)
		publish_wallclock(d->shared_info);
	spin_unlock_irqrestore(&domlist_lock, dflags);
	spin_unlock_irqrestore(&wc_lock, flags);
	return 0;
}

long do_platform_op(u64 arg)
{
	struct xen_platform_op op;

	if (!current->domain->is_privileged)
		return -EPERM;
	if (copy_from_guest(&op, arg, sizeof(op)))
		return -EFAULT;
	if (op.interface_version != XENPF_INTERFACE_VERSION)
		return -EACCES;
	switch (op.cmd) {
	case XENPF_settime64:
		if (op.u.settime64.mbz)
			return -EINVAL;
		return settime(op.u.settime64.secs, op.u.settime64.nsecs,
			       op.u.settime64.system_time);
	default:
		return -ENOSYS;
	}
}

long do_physdev_op(u64 cmd, u64 arg)
{
	return -ENOSYS;
}
