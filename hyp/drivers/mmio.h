/* SPDX-License-Identifier: MIT */
/*
 * MMIO accessors for the drivers in this directory. Single plain LDR/STR
 * instructions: no pair or writeback forms, so an access is exactly one
 * device transaction of the stated size (SBSA UARTs and the GIC require
 * naturally sized, single-copy atomic accesses).
 */
#ifndef DRIVERS_MMIO_H
#define DRIVERS_MMIO_H

#include <hyp/types.h>

static inline u8 mmio_read8(const volatile void *addr)
{
	u8 v;

	__asm__ __volatile__("ldrb %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline u32 mmio_read32(const volatile void *addr)
{
	u32 v;

	__asm__ __volatile__("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline u64 mmio_read64(const volatile void *addr)
{
	u64 v;

	__asm__ __volatile__("ldr %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void mmio_write8(u8 v, volatile void *addr)
{
	__asm__ __volatile__("strb %w0, [%1]"
			     :
			     : "rZ"(v), "r"(addr)
			     : "memory");
}

static inline void mmio_write32(u32 v, volatile void *addr)
{
	__asm__ __volatile__("str %w0, [%1]" : : "rZ"(v), "r"(addr) : "memory");
}

static inline void mmio_write64(u64 v, volatile void *addr)
{
	__asm__ __volatile__("str %x0, [%1]" : : "rZ"(v), "r"(addr) : "memory");
}

#endif
