/* SPDX-License-Identifier: MIT */
/*
 * vcpu_op: where a vCPU's vcpu_info and runstate area live, and the
 * up/down/is_up controls (Xen's common code; Xen on Arm leaves them out,
 * armvisor offers them: PSCI remains the way Linux starts vCPUs).
 */
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/event.h>
#include <hyp/guest_access.h>
#include <hyp/hypercall.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <public/vcpu.h>

static long register_vcpu_info(struct vcpu *v, u64 arg)
{
	struct vcpu_register_vcpu_info info;
	struct vcpu_info *new;
	mfn_t mfn;
	unsigned long flags;

	if (copy_from_guest(&info, arg, sizeof(info)))
		return -EFAULT;
	/*
	 * Xen 4.17 answers -ENXIO here and ignores rsvd, which Linux leaves
	 * uninitialised on its stack.
	 */
	if (info.offset > PAGE_SIZE - sizeof(struct vcpu_info) ||
	    (info.offset & (_Alignof(struct vcpu_info) - 1)))
		return -ENXIO;
	mfn = gfn_to_mfn_ram(v->domain, gfn_init(info.mfn));
	if (mfn_val(mfn) == mfn_val(INVALID_MFN))
		return -EINVAL;
	new = (struct vcpu_info *)((char *)maddr_to_virt(mfn_to_pa(mfn)) +
				   info.offset);

	flags = spin_lock_irqsave(&v->domain->lock);
	/*
	 * Once only; and another vCPU's only while it is down, as in Xen: a
	 * running vCPU's vcpu_info must not move under it.
	 */
	if (mfn_val(v->vcpu_info_mfn) != mfn_val(INVALID_MFN) ||
	    (v != current && !(READ_ONCE(v->pause_flags) & VPF_DOWN))) {
		spin_unlock_irqrestore(&v->domain->lock, flags);
		return -EINVAL;
	}
	*new = *v->vcpu_info;
	/*
	 * Events may have been set in the old place after the guest last
	 * looked: mark everything pending, the guest copes with spurious ones.
	 */
	new->evtchn_upcall_pending = 1;
	new->evtchn_pending_sel = ~0UL;
	if (v->vcpu_id >= 32)
		xfree(v->vcpu_info);
	v->vcpu_info = new;
	v->vcpu_info_mfn = mfn;
	spin_unlock_irqrestore(&v->domain->lock, flags);
	vcpu_mark_events_pending(v);
	return 0;
}

long do_vcpu_op(u64 cmd, u64 vcpuid, u64 arg)
{
	struct domain *d = current->domain;
	struct vcpu *v;

	if (vcpuid >= d->max_vcpus)
		return -ENOENT;
	v = d->vcpus[vcpuid];

	switch (cmd) {
	case VCPUOP_register_vcpu_info:
		return register_vcpu_info(v, arg);
	case VCPUOP_register_runstate_memory_area: {
		struct vcpu_register_runstate_memory_area area;
		struct vcpu_runstate_info now;

		if (copy_from_guest(&area, arg, sizeof(area)))
			return -EFAULT;
		v->runstate_gva = area.addr.p;
		/*
		 * Filled in at once, as Xen does; for another vCPU with the
		 * time in its current state so far. A bad address is the
		 * guest's problem: Xen ignores the copy's failure too.
		 */
		if (v->runstate_gva) {
			vcpu_runstate_get(v, &now);
			copy_to_guest(v->runstate_gva, &now, sizeof(now));
		}
		return 0;
	}
	case VCPUOP_up:
		if (!v->initialised)
			return -EINVAL;
		vcpu_wake(v, VPF_DOWN);
		return 0;
	case VCPUOP_down:
		vcpu_sleep(v, VPF_DOWN);
		return 0;
	case VCPUOP_is_up:
		return !(READ_ONCE(v->pause_flags) & VPF_DOWN);
	default:
		return -EINVAL;
	}
}
