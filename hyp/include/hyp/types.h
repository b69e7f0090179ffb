/* SPDX-License-Identifier: MIT */
/*
 * Basic types. Physical addresses, machine frames and guest frames are
 * distinct struct types so the compiler rejects mixing them up; hypervisor
 * virtual addresses are plain pointers (or vaddr_t for arithmetic).
 */
#ifndef HYP_TYPES_H
#define HYP_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

/* Hypervisor virtual address, for arithmetic only. */
typedef uintptr_t vaddr_t;

/* Time in nanoseconds since boot. */
typedef int64_t s_time_t;

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

#define KB(x) ((u64)(x) << 10)
#define MB(x) ((u64)(x) << 20)
#define GB(x) ((u64)(x) << 30)

/* A host physical address. */
typedef struct {
	u64 pa;
} paddr_t;

/* A host (machine) frame number. */
typedef struct {
	u64 mfn;
} mfn_t;

/* A guest frame number (intermediate physical address >> PAGE_SHIFT). */
typedef struct {
	u64 gfn;
} gfn_t;

static inline paddr_t pa_init(u64 v)
{
	return (paddr_t){v};
}
static inline u64 pa_val(paddr_t p)
{
	return p.pa;
}
static inline paddr_t pa_add(paddr_t p, u64 off)
{
	return (paddr_t){p.pa + off};
}
static inline mfn_t mfn_init(u64 v)
{
	return (mfn_t){v};
}
static inline u64 mfn_val(mfn_t m)
{
	return m.mfn;
}
static inline gfn_t gfn_init(u64 v)
{
	return (gfn_t){v};
}
static inline u64 gfn_val(gfn_t g)
{
	return g.gfn;
}
static inline mfn_t pa_to_mfn(paddr_t p)
{
	return (mfn_t){p.pa >> PAGE_SHIFT};
}
static inline paddr_t mfn_to_pa(mfn_t m)
{
	return (paddr_t){m.mfn << PAGE_SHIFT};
}

#define INVALID_PADDR ((paddr_t){~0ULL})
#define INVALID_MFN ((mfn_t){~0ULL})
#define INVALID_GFN ((gfn_t){~0ULL})

#endif
