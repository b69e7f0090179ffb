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

struct fdt;

/* Right after the MMU is on: uart_va maps the early PL011. */
void console_init_early(void *uart_va);
/*
 * Once ioremap() works: switch to the UART chosen by console= and
 * dtuart= (else /chosen/stdout-path), keeping the early one if none fits.
 */
void console_init(const struct fdt *fdt);
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
 * Add an input target after the hypervisor (target 0). Returns its index
 * or -ENOSPC. name must stay valid.
 */
int console_register_input_target(const char *name, console_rx_fn fn,
				  void *data);
/* Index of the target receiving input now. */
unsigned int console_input_target(void);

#endif
