/* SPDX-License-Identifier: MIT */
/*
 * The hypercall table (Xen 4.17's numbers) and the calls too small for a
 * file of their own: multicall and vm_assist.
 */
#include <hyp/domain.h>
#include <hyp/domctl.h>
#include <hyp/errno.h>
#include <hyp/guest_access.h>
#include <hyp/hypercall.h>
#include <hyp/lib.h>
#include <public/xen.h>

typedef long (*hypercall_fn)(u64 a0, u64 a1, u64 a2, u64 a3, u64 a4);

/* Adapters to one signature; unused arguments are ignored. */
#define HC_ADAPT2(fn)                                               \
	static long hc_##fn(u64 a0, u64 a1, u64 a2, u64 a3, u64 a4) \
	{                                                           \
		return fn(a0, a1);                                  \
	}
#define HC_ADAPT3(fn)                                               \
	static long hc_##fn(u64 a0, u64 a1, u64 a2, u64 a3, u64 a4) \
	{                                                           \
		return fn(a0, a1, a2);                              \
	}
HC_ADAPT2(do_memory_op)
HC_ADAPT2(do_multicall)
HC_ADAPT2(do_xen_version)
HC_ADAPT3(do_console_io)
HC_ADAPT2(do_vm_assist)
HC_ADAPT3(do_vcpu_op)
HC_ADAPT2(do_sched_op)
HC_ADAPT2(do_event_channel_op)
HC_ADAPT2(do_hvm_op)
HC_ADAPT3(do_grant_table_op)
HC_ADAPT2(do_physdev_op)

static long hc_do_domctl(u64 a0, u64 a1, u64 a2, u64 a3, u64 a4)
{
	return do_domctl(a0);
}

static long hc_do_sysctl(u64 a0, u64 a1, u64 a2, u64 a3, u64 a4)
{
	return do_sysctl(a0);
}

static long hc_do_platform_op(u64 a0, u64 a1, u64 a2, u64 a3, u64 a4)
{
	return do_platform_op(a0);
}

#define HC(nr, fn) [nr] = hc_##fn

/* Unlisted numbers return -ENOSYS (Xen: hypercall-defs.c, arm column). */
static const hypercall_fn hypercall_table[64] = {
	HC(__HYPERVISOR_memory_op, do_memory_op),
	HC(__HYPERVISOR_multicall, do_multicall),
	HC(__HYPERVISOR_xen_version, do_xen_version),
	HC(__HYPERVISOR_console_io, do_console_io),
	HC(__HYPERVISOR_vm_assist, do_vm_assist),
	HC(__HYPERVISOR_vcpu_op, do_vcpu_op),
	HC(__HYPERVISOR_sched_op, do_sched_op),
	HC(__HYPERVISOR_event_channel_op, do_event_channel_op),
	HC(__HYPERVISOR_hvm_op, do_hvm_op),
	HC(__HYPERVISOR_grant_table_op, do_grant_table_op),
	HC(__HYPERVISOR_platform_op, do_platform_op),
	HC(__HYPERVISOR_physdev_op, do_physdev_op),
	HC(__HYPERVISOR_domctl, do_domctl),
	HC(__HYPERVISOR_sysctl, do_sysctl),
};

long hypercall_dispatch(u64 nr, const u64 args[5])
{
	hypercall_fn fn;

	if (nr >= ARRAY_SIZE(hypercall_table))
		return -ENOSYS;
	fn = hypercall_table[nr];
	if (!fn)
		return -ENOSYS;
	return fn(args[0], args[1], args[2], args[3], args[4]);
}

/*
 * Each entry runs through the same table; its result is written back to
 * the entry. A multicall inside a multicall is refused, as in Xen.
 */
long do_multicall(u64 list, u64 nr)
{
	static const unsigned int max_calls = 512;
	u64 i;

	if (nr > max_calls)
		return -EINVAL;
	for (i = 0; i < nr; i++) {
		struct multicall_entry e;
		u64 addr = list + i * sizeof(e);

		if (copy_from_guest(&e, addr, sizeof(e)))
			return -EFAULT;
		if (e.op == __HYPERVISOR_multicall)
			e.result = (xen_ulong_t)-ENOSYS;
		else
			e.result = (xen_ulong_t)hypercall_dispatch(
				e.op, (const u64 *)e.args);
		if (copy_to_guest(
			    addr + offsetof(struct multicall_entry, result),
			    &e.result, sizeof(e.result)))
			return -EFAULT;
	}
	return 0;
}

/* Only the runstate update flag exists on Arm (Xen's valid mask). */
long do_vm_assist(u64 cmd, u64 type)
{
	struct domain *d = current->domain;

	if (type != VMASST_TYPE_runstate_update_flag)
		return -EINVAL;
	switch (cmd) {
	case VMASST_CMD_enable:
		__atomic_or_fetch(&d->vm_assist, 1UL << type, __ATOMIC_SEQ_CST);
		return 0;
	case VMASST_CMD_disable:
		__atomic_and_fetch(&d->vm_assist, ~(1UL << type),
				   __ATOMIC_SEQ_CST);
		return 0;
	default:
		return -ENOSYS;
	}
}
