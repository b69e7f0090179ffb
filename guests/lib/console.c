/* SPDX-License-Identifier: MIT */
/* Console output: console_io hypercall or the SBSA UART; printk. */
#include <console.h>
#include <hypercall.h>
#include <lib.h>
#include <platform.h>

#define UART_DR 0x00
#define UART_FR 0x18
#define UART_FR_TXFF (1 << 5)

static enum console_backend backend = CONSOLE_HYPERCALL;
static bool mid_line; /* the last character written was not '\n' */
static u64 uart_base;

/* A lock that the CPU holding it may take again (crash reports). */
static u32 lock_owner = ~0U;
static u32 lock_depth;

static u64 console_lock(void)
{
	u64 flags = local_irq_save();
	u32 me = (u32)read_sysreg(tpidr_el1);
	u32 expected;

	if (__atomic_load_n(&lock_owner, __ATOMIC_ACQUIRE) == me) {
		lock_depth++;
		return flags;
	}
	for (;;) {
		expected = ~0U;
		if (__atomic_compare_exchange_n(&lock_owner, &expected, me,
						false, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			break;
		cpu_relax();
	}
	lock_depth = 1;
	return flags;
}

static void console_unlock(u64 flags)
{
	if (--lock_depth == 0)
		__atomic_store_n(&lock_owner, ~0U, __ATOMIC_RELEASE);
	local_irq_restore(flags);
}

void uart_write(u64 base, const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (buf[i] == '\n') {
			while (readl(base + UART_FR) & UART_FR_TXFF)
				;
			writel('\r', base + UART_DR);
		}
		while (readl(base + UART_FR) & UART_FR_TXFF)
			;
		writel((u8)buf[i], base + UART_DR);
	}
}

void console_write_raw(const char *buf, size_t len)
{
	if (backend == CONSOLE_UART)
		uart_write(uart_base, buf, len);
	else
		HYPERVISOR_console_io(CONSOLEIO_write, (unsigned int)len,
				      (void *)buf);
}

void console_write(const char *buf, size_t len)
{
	u64 flags = console_lock();

	console_write_raw(buf, len);
	if (len)
		mid_line = buf[len - 1] != '\n';
	console_unlock(flags);
}

void console_end_line(void)
{
	u64 flags = console_lock();

	if (mid_line)
		console_write("\n", 1);
	console_unlock(flags);
}

void console_set_backend(enum console_backend b, u64 base)
{
	u64 flags = console_lock();

	backend = b;
	uart_base = base;
	console_unlock(flags);
}

enum console_backend console_backend(void)
{
	return backend;
}

const char *console_backend_name(void)
{
	return backend == CONSOLE_UART ? "SBSA UART" : "console_io hypercall";
}

void console_init(void)
{
	char c = 0;
	long rc = HYPERVISOR_console_io(CONSOLEIO_write, 0, &c);

	if (rc < 0 && platform.uart_base)
		console_set_backend(CONSOLE_UART, platform.uart_base);
}

int vprintk(const char *fmt, va_list ap)
{
	char buf[512];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	console_write(buf, (size_t)n);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}
