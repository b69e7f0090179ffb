/* SPDX-License-Identifier: MIT */
/*
 * Basic types, compiler helpers, barriers, system-register accessors and the
 * few string functions of the test-guest runtime.
 */
#ifndef GUEST_LIB_H
#define GUEST_LIB_H

#include <stdarg.h>
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

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define BIT(n) (1UL << (n))
#define ALIGN_UP(x, a) (((x) + (a)-1) & ~((u64)(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((u64)(a)-1))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define KiB(n) ((u64)(n) << 10)
#define MiB(n) ((u64)(n) << 20)
#define GiB(n) ((u64)(n) << 30)
#define PAGE_SIZE 4096UL
#define PAGE_SHIFT 12

#define __noreturn __attribute__((noreturn))
#define __aligned(n) __attribute__((aligned(n)))
#define __packed __attribute__((packed))
#define __unused __attribute__((unused))
#define __section(s) __attribute__((section(s)))
#define __printf(a, b) __attribute__((format(printf, a, b)))

#define STR_(x) #x
#define STR(x) STR_(x)

#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

#define barrier() __asm__ __volatile__("" ::: "memory")
#define dsb(opt) __asm__ __volatile__("dsb " #opt ::: "memory")
#define dmb(opt) __asm__ __volatile__("dmb " #opt ::: "memory")
#define isb() __asm__ __volatile__("isb" ::: "memory")
#define wfi() __asm__ __volatile__("wfi" ::: "memory")
#define wfe() __asm__ __volatile__("wfe" ::: "memory")
#define sev() __asm__ __volatile__("sev" ::: "memory")
#define cpu_relax() __asm__ __volatile__("yield" ::: "memory")

#define read_sysreg(r)                                                     \
	({                                                                 \
		u64 __v;                                                   \
		__asm__ __volatile__("mrs %0, " #r : "=r"(__v)::"memory"); \
		__v;                                                       \
	})
#define write_sysreg(v, r) \
	__asm__ __volatile__("msr " #r ", %0" ::"r"((u64)(v)) : "memory")

static inline void local_irq_enable(void)
{
	__asm__ __volatile__("msr daifclr, #2" ::: "memory");
}

static inline void local_irq_disable(void)
{
	__asm__ __volatile__("msr daifset, #2" ::: "memory");
}

static inline u64 local_irq_save(void)
{
	u64 flags = read_sysreg(daif);

	local_irq_disable();
	return flags;
}

static inline void local_irq_restore(u64 flags)
{
	write_sysreg(flags, daif);
}

/* MMIO accessors: single aligned accesses the hypervisor can decode. */
static inline u32 readl(u64 addr)
{
	u32 v;

	__asm__ __volatile__("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void writel(u32 v, u64 addr)
{
	__asm__ __volatile__("str %w0, [%1]" ::"rZ"(v), "r"(addr) : "memory");
}

static inline u64 readq(u64 addr)
{
	u64 v;

	__asm__ __volatile__("ldr %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void writeq(u64 v, u64 addr)
{
	__asm__ __volatile__("str %x0, [%1]" ::"rZ"(v), "r"(addr) : "memory");
}

static inline u8 readb(u64 addr)
{
	u8 v;

	__asm__ __volatile__("ldrb %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void writeb(u8 v, u64 addr)
{
	__asm__ __volatile__("strb %w0, [%1]" ::"rZ"(v), "r"(addr) : "memory");
}

/* Generic timer (virtual counter), used for timeouts. */
static inline u64 timer_count(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

static inline u64 timer_freq(void)
{
	return read_sysreg(cntfrq_el0);
}

void udelay(u64 us);
/* Microseconds since an arbitrary origin. */
u64 uptime_us(void);

/* A simple ticket-less test-and-set lock (needs Normal memory: MMU on). */
typedef struct {
	u32 locked;
} spinlock_t;
#define SPINLOCK_INIT \
	{             \
		0     \
	}
void spin_lock(spinlock_t *l);
void spin_unlock(spinlock_t *l);

/* string.c */
void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);

/* printf.c */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/* console.c */
int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap);

/* Linker-script symbols. */
extern char _start[], _etext[], _end[], __bss_start[], __bss_end[];

#endif /* GUEST_LIB_H */
