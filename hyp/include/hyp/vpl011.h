/* SPDX-License-Identifier: MIT */
/*
 * The emulated SBSA generic UART a domain gets with the dom0less "vpl011"
 * property (vdev/vpl011.c), as Xen's vpl011 with its backend in the
 * hypervisor: "arm,sbsa-uart" at GUEST_PL011_BASE, level-triggered SPI
 * GUEST_VPL011_SPI, driven by Linux's sbsa-uart driver as ttyAMA0.
 *
 * Registers: UARTDR, UARTRSR/ECR, UARTFR, UARTIMSC, UARTRIS, UARTMIS,
 * UARTICR (the SBSA subset) and the PL011 r1p5 identification registers
 * at 0xFE0-0xFFC; 8, 16 and 32-bit accesses. Any other offset, and 64-bit
 * or misaligned accesses, get a data abort, as on Xen.
 *
 * Output: what the guest transmits is line buffered and printed on the
 * hypervisor console as "(d<id>) <line>" (see GUEST_CONSOLE_PREFIX in
 * console.h), a line at a newline or after GUEST_LINE_MAX bytes, within
 * the domain's output budget. While the domain has the console input and
 * has been sent a key in the last few seconds, output is shown as it
 * comes, so echo and prompts appear while typing.
 *
 * Input: while the domain has the serial input (Ctrl-A switching in
 * console.c), typed bytes go into a 32-byte receive FIFO; bytes arriving
 * when it is full are dropped.
 */
#ifndef HYP_VPL011_H
#define HYP_VPL011_H

#include <hyp/types.h>

struct domain;

/*
 * Give d a vpl011 at base (page aligned, GUEST_PL011_SIZE bytes) raising
 * SPI spi, and make it a console input target named "DOM<id>". Call
 * while building the domain, before its vCPUs run. 0, -EINVAL (bad
 * arguments), -EEXIST (already has one), -ENOMEM, or mmio_register's
 * error.
 */
int vpl011_init(struct domain *d, u64 base, unsigned int spi);
/*
 * The same UART with a ring back end in another domain (vpl011.c's top):
 * the struct xencons_interface at gfn of d's RAM, and an event channel
 * port of d (returned in *port) for backend to bind. vpl011_init's
 * errors, -EINVAL also for a gfn that is not d's RAM, or the event
 * channel's (then the UART stays, and goes with the domain).
 */
int vpl011_init_ring(struct domain *d, u64 base, unsigned int spi, gfn_t gfn,
		     domid_t backend, u32 *port);
/*
 * Print any unfinished line, stop taking input and free the UART. Call
 * once none of the domain's vCPUs can run any more (domain teardown).
 */
void vpl011_destroy(struct domain *d);

/* Queue a received byte as if typed while the domain had the input. */
void vpl011_rx_char(struct domain *d, char c);
/* Print the unfinished output line, if any (e.g. on shutdown). */
void vpl011_flush(struct domain *d);

#endif
