/* SPDX-License-Identifier: MIT */
/*
 * ARM PrimeCell UART (PL011) and the SBSA generic UART subset of it.
 * Register offsets and bits: PrimeCell UART (PL011) Technical Reference
 * Manual, ARM DDI 0183, section 3.2 (summary) and 3.3 (descriptions).
 * SBSA UARTs implement DR, RSR/ECR, FR, IMSC, RIS, MIS and ICR only, and
 * need 32-bit accesses, which is all this driver ever issues.
 */
#include <hyp/uart.h>
#include "mmio.h"

#define UARTDR 0x000	/* 3.3.1 */
#define UARTRSR 0x004	/* 3.3.2, UARTECR on write */
#define UARTFR 0x018	/* 3.3.3 */
#define UARTLCR_H 0x02c /* 3.3.7 */
#define UARTCR 0x030	/* 3.3.8 */
#define UARTIMSC 0x038	/* 3.3.10 */
#define UARTICR 0x044	/* 3.3.13 */

#define FR_BUSY (1U << 3)
#define FR_RXFE (1U << 4)
#define FR_TXFF (1U << 5)

#define LCR_H_FEN (1U << 4)
#define LCR_H_WLEN_8 (3U << 5)

#define CR_UARTEN (1U << 0)
#define CR_TXE (1U << 8)
#define CR_RXE (1U << 9)

/* Interrupt bits, common to IMSC, RIS, MIS and ICR. */
#define INT_RX (1U << 4)
#define INT_RT (1U << 6)
#define INT_ALL 0x7ffU

/* Data register error flags (3.3.1): a byte with these set is garbage. */
#define DR_ERR_MASK (0xfU << 8)

/*
 * Roughly 10ms at the ~1 GHz the spin runs at: a PL011 at 9600 baud
 * drains a byte in ~1ms, so this only trips on hardware flow control or a
 * dead device, where dropping output beats hanging the hypervisor.
 */
#define TX_SPIN_LIMIT (1U << 22)

static inline u32 uart_read(struct uart *u, unsigned int reg)
{
	return mmio_read32((char *)u->base + reg);
}

static inline void uart_write(struct uart *u, unsigned int reg, u32 v)
{
	mmio_write32(v, (char *)u->base + reg);
}

void pl011_init(struct uart *u, void *base, bool setup_hw)
{
	u32 cr;

	u->base = base;
	u->tx_timeouts = 0;

	/* Masked and cleared: we poll until someone asks for RX IRQs. */
	uart_write(u, UARTIMSC, 0);
	uart_write(u, UARTICR, INT_ALL);

	if (!setup_hw || u->sbsa)
		return;

	cr = uart_read(u, UARTCR);
	if ((cr & (CR_UARTEN | CR_TXE)) == (CR_UARTEN | CR_TXE)) {
		/* Firmware owns the line settings; just make sure RX works. */
		if (!(cr & CR_RXE))
			uart_write(u, UARTCR, cr | CR_RXE);
		return;
	}

	/* 3.3.8: the UART must be disabled while LCR_H is reprogrammed. */
	uart_write(u, UARTCR, 0);
	uart_write(u, UARTLCR_H, LCR_H_WLEN_8 | LCR_H_FEN);
	uart_write(u, UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
}

void pl011_putc(struct uart *u, char c)
{
	unsigned int spins = 0;

	while (uart_read(u, UARTFR) & FR_TXFF) {
		if (++spins >= TX_SPIN_LIMIT) {
			u->tx_timeouts++;
			break;
		}
	}
	uart_write(u, UARTDR, (u8)c);
}

int pl011_getc(struct uart *u)
{
	u32 v;

	for (;;) {
		if (uart_read(u, UARTFR) & FR_RXFE)
			return -1;
		v = uart_read(u, UARTDR);
		if (!(v & DR_ERR_MASK))
			return v & 0xff;
		/* Clear the sticky error status and skip the bad byte. */
		uart_write(u, UARTRSR, 0);
	}
}

void pl011_flush(struct uart *u)
{
	unsigned int spins = 0;

	while ((uart_read(u, UARTFR) & FR_BUSY) && ++spins < TX_SPIN_LIMIT)
		;
}

void pl011_enable_rx_irq(struct uart *u)
{
	uart_write(u, UARTIMSC, uart_read(u, UARTIMSC) | INT_RX | INT_RT);
}

void pl011_disable_rx_irq(struct uart *u)
{
	uart_write(u, UARTIMSC, uart_read(u, UARTIMSC) & ~(INT_RX | INT_RT));
}

void pl011_ack_irq(struct uart *u)
{
	/* RX is level-like: it re-asserts at once if bytes are still queued. */
	uart_write(u, UARTICR, INT_RX | INT_RT);
}
