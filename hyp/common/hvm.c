/* SPDX-License-Identifier: MIT */
/*
 * __HYPERVISOR_hvm_op: on Arm only HVMOP_set_param and HVMOP_get_param,
 * reading and writing d->hvm_params with Xen 4.17's rules:
 *
 *   get: CALLBACK_IRQ, STORE_PFN, STORE_EVTCHN, CONSOLE_PFN, CONSOLE_EVTCHN
 *        by the domain itself or its controller; MONITOR_RING_PFN by the
 *        controller only (-EPERM for the domain itself).
 *   set: those six by the controller only (-EPERM for the domain itself).
 *   any other index: -EINVAL.
 *
 * HVMOP_guest_request_vm_event asks a vm_event monitor to look at the
 * guest; with no argument it is 0 (armvisor has no monitors, as Xen with
 * none listening ignores it), with one -EINVAL. Other commands: -ENOSYS.
 *
 * "Controller" is Xen's dummy XSM policy: the control domain may act on any
 * domain; a domain other than the target and not privileged gets -EPERM
 * before the index is looked at. Values are stored, never interpreted: the
 * event-channel PPI the guest uses comes from its device tree, and builders
 * set CALLBACK_IRQ together with it (evtchn_set_upcall_ppi).
 *
 * A u64 store is single-copy atomic on AArch64, so readers never see a
 * torn value; no lock is needed.
 */
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/guest_access.h>
#include <hyp/hypercall.h>
#include <hyp/lib.h>

#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>

_Static_assert(NR_HVM_PARAMS == HVM_NR_PARAMS, "hvm_params[] size");

enum hvm_access { HVM_DENY, HVM_SELF_OR_CONTROLLER, HVM_CONTROLLER };

static enum hvm_access hvm_get_access(u32 index)
{
	switch (index) {
	case HVM_PARAM_CALLBACK_IRQ:
	case HVM_PARAM_STORE_PFN:
	case HVM_PARAM_STORE_EVTCHN:
	case HVM_PARAM_CONSOLE_PFN:
	case HVM_PARAM_CONSOLE_EVTCHN:
		return HVM_SELF_OR_CONTROLLER;
	case HVM_PARAM_MONITOR_RING_PFN:
		return HVM_CONTROLLER;
	default:
		return HVM_DENY;
	}
}

static enum hvm_access hvm_set_access(u32 index)
{
	switch (index) {
	case HVM_PARAM_CALLBACK_IRQ:
	case HVM_PARAM_STORE_PFN:
	case HVM_PARAM_STORE_EVTCHN:
	case HVM_PARAM_CONSOLE_PFN:
	case HVM_PARAM_CONSOLE_EVTCHN:
	case HVM_PARAM_MONITOR_RING_PFN:
		return HVM_CONTROLLER;
	default:
		return HVM_DENY;
	}
}

static struct domain *hvm_target(domid_t id)
{
	if (id == DOMID_SELF)
		return current->domain;
	if (id >= DOMID_FIRST_RESERVED)
		return NULL;
	return domain_find(id);
}

long do_hvm_op(u64 cmd, u64 arg)
{
	struct vcpu *cur = current;
	struct xen_hvm_param a;
	enum hvm_access acc;
	struct domain *d;

	if (cmd == HVMOP_guest_request_vm_event)
		return arg ? -EINVAL : 0;
	if (cmd != HVMOP_set_param && cmd != HVMOP_get_param)
		return -ENOSYS;
	if (!cur)
		return -ESRCH;
	if (copy_from_guest(&a, arg, sizeof(a)))
		return -EFAULT;

	d = hvm_target(a.domid);
	if (!d)
		return -ESRCH;
	if (d != cur->domain && !cur->domain->is_privileged)
		return -EPERM;

	acc = cmd == HVMOP_set_param ? hvm_set_access(a.index)
				     : hvm_get_access(a.index);
	if (acc == HVM_DENY)
		return -EINVAL;
	if (acc == HVM_CONTROLLER && d == cur->domain)
		return -EPERM;
	/* Every index allowed above is below HVM_NR_PARAMS. */

	if (cmd == HVMOP_set_param) {
		WRITE_ONCE(d->hvm_params[a.index], a.value);
		return 0;
	}
	a.value = READ_ONCE(d->hvm_params[a.index]);
	return copy_to_guest(arg, &a, sizeof(a)) ? -EFAULT : 0;
}
