/* SPDX-License-Identifier: MIT */
/*
 * The Xen 4.17 guest ABI, from the project's public headers
 * (hyp/include/public/, shared with the hypervisor and the tools). Test
 * guests include nothing else of the hypervisor.
 *
 * In assembly only the constant headers are usable (xen.h, arch-arm.h,
 * errno.h, features.h, device_tree_defs.h).
 */
#ifndef GUEST_XEN_ABI_H
#define GUEST_XEN_ABI_H

#include <public/arch-arm.h>
#include <public/device_tree_defs.h>
#include <public/errno.h>
#include <public/features.h>
#include <public/xen.h>

#ifndef __ASSEMBLER__
#include <public/event_channel.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/memory.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include <public/version.h>
#endif

#endif /* GUEST_XEN_ABI_H */
