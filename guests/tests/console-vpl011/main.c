/* SPDX-License-Identifier: MIT */
/*
 * The virtual PL011 a dom0less domain gets with the vpl011 property
 * (docs/abi.md 2.6; Xen 4.17 vpl011.c, domain_build.c
 * make_vpl011_uart_node):
 *
 *  - the DT has "arm,sbsa-uart" at 0x22000000 (4 KiB) with interrupt
 *    <0 0 4>: SPI 32, level-high (Xen writes the flags as 0xf04, with a
 *    CPU mask);
 *  - the flag register says the transmitter can take data;
 *  - after the test switches its console to the UART, every later line,
 *    the final "Test result:" included, goes out through it (Xen prints
 *    it as "(XEN) DOM1: ..."), so the harness only sees the result if the
 *    UART works.
 */
#include <test.h>

const char test_title[] = "vpl011 console";

#define UART_FR 0x18
#define UART_FR_TXFF (1 << 5)
#define UART_FR_RXFE (1 << 4)

void test_main(void)
{
	int node = fdt_find_compatible(-1, "arm,sbsa-uart");
	u64 base = 0, size = 0;
	const u8 *irq;
	u32 len, fr;

	if (!check(node >= 0, "the DT has an arm,sbsa-uart node"))
		return;
	if (check(fdt_reg(node, 0, &base, &size), "it has a reg")) {
		check_eq(base, GUEST_PL011_BASE, "UART base");
		check_eq(size, 0x1000, "UART size");
	}
	irq = fdt_prop(node, "interrupts", &len);
	if (check(irq && len == 12, "one 3-cell interrupt")) {
		check_eq(fdt32(irq), 0, "it is an SPI");
		check_eq(fdt32(irq + 4) + 32, 32, "INTID");
		/* Xen also fills in the (GICv2-only) CPU mask: 0xf04. */
		check_eq(fdt32(irq + 8) & 0xff, 4, "level-high (flags %#x)",
			 fdt32(irq + 8));
	}
	if (!base) {
		test_error("no UART to test");
		return;
	}
	fr = readl(base + UART_FR);
	printk("UARTFR: %#x\n", fr);
	check(!(fr & UART_FR_TXFF), "the transmit FIFO is not full");
	check(fr & UART_FR_RXFE, "the receive FIFO is empty");

	printk("Switching the console to the vpl011\n");
	console_set_backend(CONSOLE_UART, base);
	printk("This line and the result go through the vpl011\n");
	test_success(NULL);
}
