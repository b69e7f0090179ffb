/* SPDX-License-Identifier: MIT */
/*
 * Ground rules shared by every public header in this directory.
 *
 * These headers are the Xen 4.17 guest ABI as armvisor implements it. They
 * are read by three kinds of code: the hypervisor itself, the dom0 tools
 * (built for aarch64 Linux, and for the x86-64 build host in the unit
 * tests) and the bare-metal test guests. So they include nothing but
 * <stdint.h>, they build freestanding, and every layout is the AArch64 one:
 * fields have explicit widths, 64-bit fields are 8-byte aligned, and each
 * struct is followed by static assertions of its size and field offsets, so
 * a build for any other 64-bit host either produces the same layout or
 * fails to compile.
 *
 * The constant headers (xen.h, arch-arm.h, errno.h, features.h,
 * device_tree_defs.h) can also be included from assembly (.S files and
 * linker scripts run through the C preprocessor). The C parts need GNU C
 * (gcc or clang): C++ is not supported.
 */
#ifndef PUBLIC_XEN_ABI_H
#define PUBLIC_XEN_ABI_H

/*
 * 1 when preprocessing assembly: gcc defines __ASSEMBLER__ itself, and
 * kernel-style builds pass -D__ASSEMBLY__.
 */
#if defined(__ASSEMBLER__) || defined(__ASSEMBLY__)
#define XEN_ABI_ASSEMBLY 1
#else
#define XEN_ABI_ASSEMBLY 0
#endif

#if !XEN_ABI_ASSEMBLY

/*
 * GNU C only: the empty arch structs of arch-arm.h have size 0 in GNU C, 1 in
 * C++, which would move every later field.
 */
#ifdef __cplusplus
#error "the Xen ABI headers are C only"
#endif

#include <stdint.h>

/*
 * Numeric constants that must also work in assembly, where the C integer
 * suffixes are not understood. The argument is macro-expanded before the
 * suffix is pasted on.
 */
#define XEN_ABI_PASTE_(x, suffix) (x##suffix)
#define xen_mk_uint(x) XEN_ABI_PASTE_(x, U)
#define xen_mk_ulong(x) XEN_ABI_PASTE_(x, UL)
#define xen_mk_ullong(x) XEN_ABI_PASTE_(x, ULL)

/* A 64-bit integer that is 8-byte aligned even on 32-bit hosts. */
typedef uint64_t uint64_aligned_t __attribute__((aligned(8)));
typedef int64_t int64_aligned_t __attribute__((aligned(8)));

/* Size of a trailing variable-length array (C99 flexible array member). */
#define XEN_FLEX_ARRAY_DIM

/*
 * Layout checks. Every struct in the ABI is pinned with these, using the
 * sizes and offsets measured on Xen 4.17 built for AArch64.
 */
#define XEN_ABI_ASSERT(cond, msg) _Static_assert(cond, msg)
#define XEN_ABI_ALIGNOF(type) _Alignof(type)
#define XEN_ABI_SIZE(type, size)               \
	XEN_ABI_ASSERT(sizeof(type) == (size), \
		       "size of " #type " is not " #size)
#define XEN_ABI_OFFSET(type, field, off)                         \
	XEN_ABI_ASSERT(__builtin_offsetof(type, field) == (off), \
		       "offset of " #type "." #field " is not " #off)
#define XEN_ABI_ALIGN(type, align)                       \
	XEN_ABI_ASSERT(XEN_ABI_ALIGNOF(type) == (align), \
		       "alignment of " #type " is not " #align)

#else /* XEN_ABI_ASSEMBLY */

#define xen_mk_uint(x) x
#define xen_mk_ulong(x) x
#define xen_mk_ullong(x) x

#endif /* !XEN_ABI_ASSEMBLY */

#endif /* PUBLIC_XEN_ABI_H */
