/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor console: output to one UART (first the early one at a
 * fixed address, then the one the device tree names), and serial input
 * shared between the hypervisor and later other targets, switched by
 * typing Ctrl-A three times as in Xen.
 */
#ifndef HYP_CONSOLE_H
#define HYP_CONSOLE_H

#include <hyp/types.h>

struct domain;
struct fdt;

/* Right after the MMU is on: uart_va maps the early PL011. */
void console_init_early(void *uart_va);
/*
 * Once ioremap() works: switch to the UART chosen by console= and
 * dtuart= (else /chosen/stdout-path), keeping the early one if none fits.
 */
void console_init(const struct fdt *fdt);
/* DT node offset of the UART the hypervisor uses (hidden from dom0). */
int console_uart_node(void);
/* From now on, input for the hypervisor runs debug keys (keyhandler.h). */
void console_enable_debug_keys(void);
/* After gic_init(): take receive interrupts instead of only polling. */
void console_init_postirq(void);

/*
 * Write raw bytes, "\n" becoming "\r\n". Safe from any CPU and context;
 * serialised by a console lock unless console_panic_mode() was called.
 */
void console_write(const char *s, size_t len);
/*
 * From here on console_write (and printk, via printk_panic_mode) ignore
 * their locks: a holder may be dead.
 */
void console_panic_mode(void);

/* ---- input ---- */

/*
 * Serial input goes to one target at a time: the hypervisor (target 0,
 * read with console_getc) or a domain that registered as a target (the
 * control domain through console_io, domains with a vpl011). Typing
 * Ctrl-A three times moves it on, in domain id order and then back to
 * the hypervisor, printing Xen's message
 * "*** Serial input to DOM1 (type 'CTRL-a' three times to switch input)".
 */

/* Drain the UART's receive FIFO into the current input target. */
void console_rx_poll(void);
/* Next byte typed at the hypervisor, or -1. */
int console_getc(void);

/*
 * Called with the console input lock held and IRQs off, once per byte;
 * must not call back into console input.
 */
typedef void (*console_rx_fn)(char c, void *data);
/*
 * Add an input target. order (the domain id) places it in the Ctrl-A
 * cycle. Returns a handle > 0, or -EINVAL or -ENOSPC. name ("DOM1") must
 * stay valid until the target is unregistered.
 */
int console_register_input_target(const char *name, unsigned int order,
				  console_rx_fn fn, void *data);
/*
 * Remove a target. Once this returns its fn is not running and is not
 * called again. If it had the input, input goes back to the hypervisor.
 */
void console_unregister_input_target(int handle);
/* Handle of the target receiving input now; 0 for the hypervisor. */
unsigned int console_input_target(void);
/*
 * End of boot: give the input to the first domain target, as Xen gives
 * it to dom0. No-op without targets or once input has been switched.
 */
void console_input_endboot(void);

/* ---- guest output (common/console_io.c) ---- */

/*
 * What a domain prints through its console (vpl011 UART, or console_io
 * from a domain other than the control domain) is line buffered and
 * printed with printk as "(d<id>) <line>", so the console shows
 * "(HYP) (d1) text", as Xen shows guest_printk ("(XEN) (d1) text"). The
 * control domain's console_io output is written raw, unprefixed, as on
 * Xen, since it may be interactive.
 */
#define GUEST_CONSOLE_PREFIX "(d%u) "
/* Longest line printed at once; longer ones are split. */
#define GUEST_LINE_MAX 128

/*
 * Per-domain output budget: a token bucket of guest_console_burst= bytes
 * refilled at guest_console_rate= bytes per second (0 = no limit).
 * Output over the budget is dropped and counted; the count is reported
 * with the next line that gets through.
 */
struct guest_ratelimit {
	s_time_t stamp; /* last refill */
	u64 credit;	/* bytes that may be printed now */
	u64 dropped;	/* bytes refused since the last report */
	bool started;
};

/* Flags for guest_console_puts. */
#define GCON_CONT (1U << 0)  /* continues a line already shown: no prefix */
#define GCON_EOL (1U << 1)   /* ends the line */
#define GCON_DEBUG (1U << 2) /* guest debug level (Xen's for console_io) */

/*
 * Print len bytes of domain domid's output (no newline inside), charged
 * to rl when given. The caller serialises calls for one rl.
 */
void guest_console_puts(unsigned int domid, struct guest_ratelimit *rl,
			const char *s, size_t len, unsigned int flags);

/*
 * The control domain's console input: register it as an input target
 * (bytes typed while it has the input are read with CONSOLEIO_read and
 * signalled with VIRQ_CONSOLE). Other domains are ignored. 0 or -errno.
 */
int console_io_domain_init(struct domain *d);
/* Drop the domain's input target and print its unfinished line. */
void console_io_domain_destroy(struct domain *d);

#endif
