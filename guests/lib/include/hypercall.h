/* SPDX-License-Identifier: MIT */
/*
 * Xen hypercalls (HVC #0xEA1, number in x16, arguments in x0-x4, result in
 * x0) and their typed wrappers.
 */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H

#include <lib.h>
#include <xen/abi.h>

/* Raw calls (hypercall.S). Pointer arguments are guest virtual addresses. */
long hypercall0(u64 nr);
long hypercall1(u64 nr, u64 a1);
long hypercall2(u64 nr, u64 a1, u64 a2);
long hypercall3(u64 nr, u64 a1, u64 a2, u64 a3);
long hypercall4(u64 nr, u64 a1, u64 a2, u64 a3, u64 a4);
long hypercall5(u64 nr, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);

/*
 * Like hypercall5() but also returns x1-x4 and x16 as the hypervisor left
 * them in out[0..4] (for checking which registers a call clobbers).
 */
long hypercall5_regs(u64 nr, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5,
		     u64 out[5]);

#define _hc_ptr(p) ((u64)(uintptr_t)(p))

static inline long HYPERVISOR_xen_version(int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_xen_version, (u64)(s64)cmd,
			  _hc_ptr(arg));
}

static inline long HYPERVISOR_console_io(int cmd, unsigned int count, void *buf)
{
	return hypercall3(__HYPERVISOR_console_io, (u64)(s64)cmd, count,
			  _hc_ptr(buf));
}

static inline long HYPERVISOR_sched_op(int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_sched_op, (u64)(s64)cmd, _hc_ptr(arg));
}

static inline long HYPERVISOR_memory_op(unsigned int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_memory_op, cmd, _hc_ptr(arg));
}

static inline long HYPERVISOR_event_channel_op(int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_event_channel_op, (u64)(s64)cmd,
			  _hc_ptr(arg));
}

static inline long HYPERVISOR_vcpu_op(int cmd, unsigned int vcpu, void *arg)
{
	return hypercall3(__HYPERVISOR_vcpu_op, (u64)(s64)cmd, vcpu,
			  _hc_ptr(arg));
}

static inline long HYPERVISOR_hvm_op(int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_hvm_op, (u64)(s64)cmd, _hc_ptr(arg));
}

static inline long HYPERVISOR_grant_table_op(unsigned int cmd, void *uop,
					     unsigned int count)
{
	return hypercall3(__HYPERVISOR_grant_table_op, cmd, _hc_ptr(uop),
			  count);
}

static inline long HYPERVISOR_vm_assist(unsigned int cmd, unsigned int type)
{
	return hypercall2(__HYPERVISOR_vm_assist, cmd, type);
}

/* SCHEDOP_shutdown with `reason` (SHUTDOWN_*). Returns only on failure. */
static inline long hypervisor_shutdown(unsigned int reason)
{
	struct sched_shutdown s = {.reason = reason};

	return HYPERVISOR_sched_op(SCHEDOP_shutdown, &s);
}

#endif /* GUEST_HYPERCALL_H */
