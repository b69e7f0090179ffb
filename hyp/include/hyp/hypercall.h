/* SPDX-License-Identifier: MIT */
/*
 * Xen hypercall handlers (HVC #0xEA1: x16 = number, x0-x4 = arguments,
 * x0 = result). Handlers return a Xen errno as a negative value.
 */
#ifndef HYP_HYPERCALL_H
#define HYP_HYPERCALL_H

#include <hyp/types.h>

long do_console_io(u64 cmd, u64 count, u64 buffer);
long do_xen_version(u64 cmd, u64 arg);
long do_sched_op(u64 cmd, u64 arg);
long do_vcpu_op(u64 cmd, u64 vcpuid, u64 arg);
long do_memory_op(u64 cmd, u64 arg);
long do_event_channel_op(u64 cmd, u64 arg);
long do_hvm_op(u64 cmd, u64 arg);
long do_multicall(u64 list, u64 nr);
long do_vm_assist(u64 cmd, u64 type);
long do_grant_table_op(u64 cmd, u64 uop, u64 count);
long do_platform_op(u64 arg);
long do_physdev_op(u64 cmd, u64 arg);
/* XENMEM_add_to_physmap_batch, _remove_from_physmap, _acquire_resource
 * (common/memory_foreign.c), called by do_memory_op. */
long memory_foreign_op(unsigned int op, u64 arg);

/* Run hypercall nr with args; the single dispatch point. */
long hypercall_dispatch(u64 nr, const u64 args[5]);

#endif
