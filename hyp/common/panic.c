/* SPDX-License-Identifier: MIT */
/*
 * panic(): report, stop every other CPU, then reset the machine through
 * the firmware unless "noreboot" was given (Xen's option).
 */
#include <hyp/arch.h>
#include <hyp/console.h>
#include <hyp/irq.h>
#include <hyp/irqflags.h>
#include <hyp/lib.h>
#include <hyp/param.h>
#include <hyp/percpu.h>
#include <hyp/printk.h>
#include <hyp/setup.h>

static bool opt_noreboot;
boolean_param("noreboot", opt_noreboot);

static int panicking;

static void stop_this_cpu(unsigned int irq, void *data)
{
	arch_halt_cpu();
}

void panic_init_ipi(void)
{
	request_irq(IPI_STOP, IRQ_TYPE_EDGE, stop_this_cpu, NULL);
}

__noreturn void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	local_irq_disable();
	/* A second panic, on this or another CPU, just stops. */
	if (__atomic_exchange_n(&panicking, 1, __ATOMIC_SEQ_CST))
		arch_halt_cpu();

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);

	console_panic_mode();
	printk_panic_mode();
	printk(HYPLOG_ERR "\n****************************************\n");
	printk(HYPLOG_ERR "Panic on CPU %u:\n", smp_processor_id());
	printk(HYPLOG_ERR "%s\n", msg);
	printk(HYPLOG_ERR "****************************************\n");
	arch_dump_stack();

	if (gic)
		send_ipi_allbutself(IPI_STOP);

	if (opt_noreboot) {
		printk(HYPLOG_ERR "Reboot disabled (noreboot): halting.\n");
		arch_halt_cpu();
	}
	printk(HYPLOG_ERR "Resetting the machine.\n");
	arch_reset();
	arch_halt_cpu();
}
