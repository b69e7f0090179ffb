/* SPDX-License-Identifier: MIT */
/* sched_op: yield, block, poll and shutdown (Xen 4.17 semantics). */
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/event.h>
#include <hyp/guest_access.h>
#include <hyp/hypercall.h>
#include <hyp/lib.h>
#include <hyp/vcpu_arch.h>
#include <hyp/barrier.h>
#include <public/event_channel.h>
#include <public/sched.h>

#define POLL_MAX_PORTS 128

/*
 * Block until one of the ports is pending or the timeout (absolute system
 * time in ns, 0 = none) passes. The vCPU is woken by the event code.
 */
static long sched_poll(u64 arg)
{
	struct vcpu *v = current;
	struct domain *d = v->domain;
	struct sched_poll p;
	evtchn_port_t ports[POLL_MAX_PORTS];
	unsigned int i;
	long rc = 0;

	if (copy_from_guest(&p, arg, sizeof(p)))
		return -EFAULT;
	if (p.nr_ports > POLL_MAX_PORTS)
		return -EINVAL;
	if (copy_from_guest(ports, xen_guest_handle_addr(p.ports),
			    p.nr_ports * sizeof(ports[0])))
		return -EFAULT;

	/*
	 * Block first, then publish what we wait for, then look: an event
	 * arriving at any point either is seen here or wakes us (event.h).
	 */
	vcpu_sleep(v, VPF_BLOCKED);
	WRITE_ONCE(v->poll_evtchn,
		   p.nr_ports == 1 ? ports[0] + 1 : POLL_ANY_PORT);
	smp_mb();
	for (i = 0; i < p.nr_ports; i++) {
		int r = evtchn_port_poll(d, ports[i]);

		if (r) {
			rc = r < 0 ? -EINVAL : 0;
			goto done;
		}
	}
	if (p.timeout)
		set_timer(&v->poll_timer, (s_time_t)p.timeout);
	return 0;
done:
	WRITE_ONCE(v->poll_evtchn, 0);
	vcpu_wake(v, VPF_BLOCKED);
	return rc;
}

/* Xen's domain watchdogs (common/watchdog.c). */
static long sched_watchdog(struct domain *d, u64 arg)
{
	struct sched_watchdog w;

	if (copy_from_guest(&w, arg, sizeof(w)))
		return -EFAULT;
	return domain_watchdog(d, w.id, w.timeout);
}

long do_sched_op(u64 cmd, u64 arg)
{
	struct domain *d = current->domain;

	switch (cmd) {
	case SCHEDOP_yield:
		vcpu_yield();
		return 0;
	case SCHEDOP_block:
		/* Xen unmasks the guest's IRQs so the wake-up event is taken. */
		arch_vcpu_enable_irqs(current);
		vcpu_block();
		return 0;
	case SCHEDOP_shutdown: {
		struct sched_shutdown s;

		if (copy_from_guest(&s, arg, sizeof(s)))
			return -EFAULT;
		domain_shutdown(d, (u8)s.reason);
		return 0;
	}
	case SCHEDOP_shutdown_code: {
		struct sched_shutdown s;

		if (copy_from_guest(&s, arg, sizeof(s)))
			return -EFAULT;
		d->shutdown_code = (u8)s.reason;
		return 0;
	}
	case SCHEDOP_poll:
		return sched_poll(arg);
	case SCHEDOP_remote_shutdown: {
		struct sched_remote_shutdown s;
		struct domain *target;

		if (copy_from_guest(&s, arg, sizeof(s)))
			return -EFAULT;
		target = domain_find(s.domain_id);
		if (!target)
			return -ESRCH;
		/* Only a device model (the control domain here) may do this. */
		if (!d->is_privileged)
			return -EPERM;
		domain_shutdown(target, (u8)s.reason);
		return 0;
	}
	case SCHEDOP_watchdog:
		return sched_watchdog(d, arg);
	case SCHEDOP_pin_override:
		return d->is_privileged ? -ENOSYS : -EPERM;
	default:
		return -ENOSYS;
	}
}
