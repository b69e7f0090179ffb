/* SPDX-License-Identifier: MIT */
/*
 * UART drivers (drivers/). A struct uart is one mapped device; callers
 * serialise access themselves (the console holds its lock).
 */
#ifndef HYP_UART_H
#define HYP_UART_H

#include <hyp/types.h>

struct uart {
	void *base;	 /* mapped registers, NULL when unused */
	bool sbsa;	 /* SBSA generic UART: only a register subset exists */
	u32 tx_timeouts; /* times putc gave up waiting for FIFO space */
};

/*
 * Take over an ARM PL011 (or SBSA generic UART when sbsa is set in *u
 * beforehand) mapped at base. With setup_hw, enable the transmitter and
 * receiver with 8N1 framing if the firmware has not; the baud rate divisor
 * is never touched since we do not know the reference clock. Interrupts
 * are masked and cleared either way.
 */
void pl011_init(struct uart *u, void *base, bool setup_hw);
/* Waits a bounded time for TX FIFO space, then sends anyway. */
void pl011_putc(struct uart *u, char c);
/* The next received byte, or -1 when the RX FIFO is empty. */
int pl011_getc(struct uart *u);
/* Wait (bounded) until everything queued has left the shifter. */
void pl011_flush(struct uart *u);
/* Unmask the receive and receive-timeout interrupts. */
void pl011_enable_rx_irq(struct uart *u);
void pl011_disable_rx_irq(struct uart *u);
/* Clear the receive interrupt sources after draining the FIFO. */
void pl011_ack_irq(struct uart *u);

#endif
