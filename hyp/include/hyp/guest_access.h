/* SPDX-License-Identifier: MIT */
/*
 * Reading and writing guest memory. Hypercall arguments are guest virtual
 * addresses of the calling vCPU (translated through its stage-1 and the
 * domain's stage-2 tables); device models and builders use guest physical
 * addresses. Callers copy guest data into hypervisor memory once and check
 * the copy, never the guest's page (no time-of-check/time-of-use races).
 * All return 0 or -EFAULT.
 */
#ifndef HYP_GUEST_ACCESS_H
#define HYP_GUEST_ACCESS_H

#include <hyp/types.h>

struct domain;
struct page_info;

/* From/to the current vCPU's virtual address space (hypercall buffers). */
int copy_from_guest(void *dst, u64 gva, size_t len);
int copy_to_guest(u64 gva, const void *src, size_t len);

/* From/to a domain's guest physical address space (RAM only). */
int copy_from_gpa(struct domain *d, void *dst, u64 gpa, size_t len);
int copy_to_gpa(struct domain *d, u64 gpa, const void *src, size_t len);

/*
 * Find the host page backing a guest frame of RAM owned by the domain, for
 * long-lived mappings (shared_info, vcpu_info, rings). INVALID_MFN if the
 * frame is not the domain's RAM.
 */
mfn_t gfn_to_mfn_ram(struct domain *d, gfn_t gfn);

/* Translate a current-vCPU virtual address to a guest physical address. */
int gva_to_gpa(u64 gva, bool write, u64 *gpa);

#endif
