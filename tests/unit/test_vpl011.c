/* SPDX-License-Identifier: MIT */
/*
 * The emulated SBSA UART: registers, FIFO flags, interrupt levels, line
 * buffered and prefixed output, the output budget, and input through the
 * console's Ctrl-A switching; and the ring back end a toolstack asks for
 * (XEN_DOMCTL_vuart_op): bytes through a struct xencons_interface in the
 * guest's RAM, events to and from the back end's domain, FR and the
 * interrupts following the ring, and a guest scribbling on its ring.
 */
#include "console_test_util.h"
#include "evtchn_test_util.h"

#include <hyp/vpl011.h>
#include <public/io/console.h>

#define BASE 0x22000000ULL
#define SPI 32

#define DR 0x000
#define RSR 0x004
#define FR 0x018
#define CR 0x030
#define IMSC 0x038
#define RIS 0x03c
#define MIS 0x040
#define ICR 0x044

#define FR_BUSY (1U << 3)
#define FR_RXFE (1U << 4)
#define FR_TXFF (1U << 5)
#define FR_RXFF (1U << 6)
#define FR_TXFE (1U << 7)

#define RXI (1U << 4)
#define TXI (1U << 5)
#define RTI (1U << 6)

static struct test_dom td1, td2;

static int mmio_access(struct domain *d, u64 off, unsigned int size, bool write,
		       u64 *val)
{
	struct test_mmio *m = mmio_of(d);

	if (write)
		return m->ops->write(d->vcpus[0], off, size, *val, m->priv);
	return m->ops->read(d->vcpus[0], off, size, val, m->priv);
}

static u64 rd(struct domain *d, u64 off, unsigned int size)
{
	u64 val = 0xdeadbeef;

	assert_int_equal(mmio_access(d, off, size, false, &val), 0);
	return val;
}

static void wr(struct domain *d, u64 off, unsigned int size, u64 val)
{
	assert_int_equal(mmio_access(d, off, size, true, &val), 0);
}

static void tx(struct domain *d, const char *s)
{
	for (; *s; s++)
		wr(d, DR, 4, (u8)*s);
}

static int setup(void **state)
{
	console_test_setup();
	test_dom_init(&td1, 1, false, true);
	test_dom_init(&td2, 2, false, true);
	assert_int_equal(vpl011_init(&td1.d, BASE, SPI), 0);
	con_reset();
	return 0;
}

static int teardown(void **state)
{
	vpl011_destroy(&td1.d);
	vpl011_destroy(&td2.d);
	assert_null(td1.d.vpl011);
	return 0;
}

static void test_init_args(void **state)
{
	struct test_mmio *m = mmio_of(&td1.d);

	assert_non_null(td1.d.vpl011);
	assert_int_equal(m->base, BASE);
	assert_int_equal(m->size, 0x1000);
	assert_int_equal(vpl011_init(&td1.d, BASE, SPI), -EEXIST);
	assert_int_equal(vpl011_init(NULL, BASE, SPI), -EINVAL);
	assert_int_equal(vpl011_init(&td2.d, BASE + 0x800, SPI), -EINVAL);
	assert_int_equal(vpl011_init(&td2.d, BASE, 31), -EINVAL);
	assert_int_equal(vpl011_init(&td2.d, BASE, 1020), -EINVAL);
	mmio_register_rc = -ENOSPC;
	assert_int_equal(vpl011_init(&td2.d, BASE, SPI), -ENOSPC);
	assert_null(td2.d.vpl011);
	assert_int_equal(vpl011_init(&td2.d, BASE, 1019), 0);
	/* Destroying twice, or a domain without one, is harmless. */
	vpl011_destroy(&td2.d);
	vpl011_destroy(&td2.d);
	vpl011_destroy(NULL);
	vpl011_rx_char(&td2.d, 'x');
	vpl011_flush(&td2.d);
}

static void test_reset_values(void **state)
{
	static const u8 ids[8] = {0x11, 0x10, 0x34, 0x00,
				  0x0d, 0xf0, 0x05, 0xb1};
	unsigned int i;

	assert_int_equal(rd(&td1.d, FR, 4), FR_TXFE | FR_RXFE);
	assert_int_equal(rd(&td1.d, RSR, 4), 0);
	assert_int_equal(rd(&td1.d, IMSC, 4), 0);
	assert_int_equal(rd(&td1.d, RIS, 4), 0);
	assert_int_equal(rd(&td1.d, MIS, 4), 0);
	assert_int_equal(rd(&td1.d, DR, 4), 0); /* empty FIFO reads 0 */
	for (i = 0; i < 8; i++)
		assert_int_equal(rd(&td1.d, 0xfe0 + 4 * i, 4), ids[i]);
	/* Narrow reads see their part of the register. */
	assert_int_equal(rd(&td1.d, FR, 1), FR_TXFE | FR_RXFE);
	assert_int_equal(rd(&td1.d, FR, 2), FR_TXFE | FR_RXFE);
	assert_int_equal(rd(&td1.d, FR + 1, 1), 0);
	assert_int_equal(host_fake_nr_injects(), 0);
}

static void test_bad_accesses(void **state)
{
	u64 val = 0;

	/* 64-bit, misaligned, write-only, absent: all data aborts. */
	assert_int_equal(mmio_access(&td1.d, FR, 8, false, &val), -EINVAL);
	assert_int_equal(mmio_access(&td1.d, DR, 8, true, &val), -EINVAL);
	assert_int_equal(mmio_access(&td1.d, FR + 1, 2, false, &val), -EINVAL);
	assert_int_equal(mmio_access(&td1.d, FR + 2, 4, true, &val), -EINVAL);
	assert_int_equal(mmio_access(&td1.d, FR, 3, false, &val), -EINVAL);
	assert_int_equal(mmio_access(&td1.d, ICR, 4, false, &val), -EINVAL);
	assert_int_equal(mmio_access(&td1.d, CR, 4, false, &val), -EINVAL);
	assert_int_equal(mmio_access(&td1.d, CR, 4, true, &val), -EINVAL);
	assert_int_equal(mmio_access(&td1.d, 0x800, 4, false, &val), -EINVAL);
	assert_int_equal(mmio_access(&td1.d, 0xfdc, 4, false, &val), -EINVAL);
	assert_int_equal(mmio_access(&td1.d, 0x1000, 4, false, &val), -EINVAL);
	/* Read-only registers ignore writes. */
	wr(&td1.d, FR, 4, 0xffffffff);
	wr(&td1.d, RIS, 4, 0xffffffff);
	wr(&td1.d, MIS, 4, 0xffffffff);
	wr(&td1.d, RSR, 4, 0xffffffff);
	wr(&td1.d, 0xfe0, 4, 0);
	assert_int_equal(rd(&td1.d, FR, 4), FR_TXFE | FR_RXFE);
	assert_int_equal(rd(&td1.d, RIS, 4), 0);
	assert_int_equal(rd(&td1.d, 0xfe0, 4), 0x11);
	/* Complaints are rate limited, never fatal. */
	for (int i = 0; i < 1000; i++)
		assert_int_equal(mmio_access(&td1.d, CR, 4, false, &val),
				 -EINVAL);
	assert_true(con_count("vpl011: bad") < 30);
}

static void test_tx_lines(void **state)
{
	tx(&td1.d, "hello");
	assert_int_equal(con_len, 0);
	assert_int_equal(rd(&td1.d, FR, 4), FR_TXFE | FR_RXFE);
	assert_int_equal(rd(&td1.d, RIS, 4), TXI);
	tx(&td1.d, " world\r\n");
	assert_string_equal(con_out, "(HYP) (d1) hello world\n");
	con_reset();
	tx(&td1.d, "a\nb\n\n");
	assert_string_equal(con_out,
			    "(HYP) (d1) a\n(HYP) (d1) b\n(HYP) (d1) \n");
	con_reset();
	/* NUL bytes are dropped; other control bytes pass. */
	wr(&td1.d, DR, 4, 0);
	tx(&td1.d, "x\ty\x1b[0m\n");
	assert_string_equal(con_out, "(HYP) (d1) x\ty\x1b[0m\n");
	con_reset();
	/* Only the data byte is sent; a byte write above it sends nothing. */
	wr(&td1.d, DR, 4, 0x741);
	wr(&td1.d, DR + 1, 1, 'B');
	wr(&td1.d, DR, 1, 'C');
	wr(&td1.d, DR, 2, 0x0a00 | '\n');
	assert_string_equal(con_out, "(HYP) (d1) AC\n");
}

static void test_tx_long_line(void **state)
{
	char line[301];
	char expect[400];

	memset(line, 'x', 300);
	line[300] = '\0';
	tx(&td1.d, line);
	/* Two full lines out; the other 44 bytes wait for more. */
	assert_int_equal(con_count("(HYP) (d1) "), 2);
	assert_int_equal(con_count("\n"), 2);
	memset(expect, 'x', GUEST_LINE_MAX);
	expect[GUEST_LINE_MAX] = '\0';
	assert_con_has(expect);
	con_reset();
	vpl011_flush(&td1.d);
	memcpy(expect, "(HYP) (d1) ", 11);
	memset(expect + 11, 'x', 44);
	strcpy(expect + 55, "\n");
	assert_string_equal(con_out, expect);
	/* Nothing pending: flushing again prints nothing. */
	con_reset();
	vpl011_flush(&td1.d);
	assert_int_equal(con_len, 0);
}

static void test_two_domains(void **state)
{
	assert_int_equal(vpl011_init(&td2.d, BASE, SPI), 0);
	tx(&td1.d, "one ");
	tx(&td2.d, "two\n");
	tx(&td1.d, "uno\n");
	assert_string_equal(con_out, "(HYP) (d2) two\n(HYP) (d1) one uno\n");
}

static void test_flood(void **state)
{
	char line[101];
	unsigned int i;

	set_cmdline("guest_console_rate=100 guest_console_burst=1000");
	fake_now += SECONDS(3600);
	con_reset();
	memset(line, 'f', 99);
	line[99] = '\n';
	line[100] = '\0';
	/* 1000 bytes of budget: 10 lines of 99, then nothing. */
	for (i = 0; i < 200; i++)
		tx(&td1.d, line);
	assert_int_equal(con_count("(HYP) (d1) fff"), 10);
	/* Another domain has a budget of its own. */
	assert_int_equal(vpl011_init(&td2.d, BASE, SPI), 0);
	tx(&td2.d, "still here\n");
	assert_con_has("(HYP) (d2) still here\n");
	/* Two seconds refill 200 bytes: the loss is reported first. */
	con_reset();
	fake_now += SECONDS(2);
	tx(&td1.d, "back\n");
	assert_string_equal(con_out, "(HYP) (d1) [18810 bytes of output "
				     "dropped: over guest_console_rate]\n"
				     "(HYP) (d1) back\n");
	set_cmdline("guest_console_rate=0");
	con_reset();
	for (i = 0; i < 50; i++)
		tx(&td1.d, line);
	assert_int_equal(con_count("(HYP) (d1) fff"), 50);
	set_cmdline("guest_console_rate=8192 guest_console_burst=131072");
}

static void test_rx_fifo(void **state)
{
	unsigned int i;

	vpl011_rx_char(&td1.d, 'a');
	assert_int_equal(rd(&td1.d, FR, 4), FR_TXFE);
	assert_int_equal(rd(&td1.d, RIS, 4), RTI);
	assert_int_equal(rd(&td1.d, DR, 4), 'a');
	assert_int_equal(rd(&td1.d, FR, 4), FR_TXFE | FR_RXFE);
	assert_int_equal(rd(&td1.d, RIS, 4), 0);

	/* Half full raises RX; reading below half clears it. */
	for (i = 0; i < 16; i++)
		vpl011_rx_char(&td1.d, (char)('A' + i));
	assert_int_equal(rd(&td1.d, RIS, 4), RTI | RXI);
	assert_int_equal(rd(&td1.d, DR, 4), 'A');
	assert_int_equal(rd(&td1.d, RIS, 4), RTI);

	/* Fill up: RXFF, then further bytes are dropped. */
	for (i = 16; i < 50; i++)
		vpl011_rx_char(&td1.d, (char)('A' + i));
	assert_int_equal(rd(&td1.d, FR, 4), FR_TXFE | FR_RXFF);
	for (i = 1; i < 33; i++)
		assert_int_equal(rd(&td1.d, DR, 4), 'A' + i);
	assert_int_equal(rd(&td1.d, FR, 4), FR_TXFE | FR_RXFE);
	assert_int_equal(rd(&td1.d, DR, 4), 0);
	assert_int_equal(rd(&td1.d, RIS, 4), 0);

	/* A read of the error bits does not take a byte. */
	vpl011_rx_char(&td1.d, 'z');
	assert_int_equal(rd(&td1.d, DR + 1, 1), 0);
	assert_int_equal(rd(&td1.d, DR, 1), 'z');
}

static void test_irq_levels(void **state)
{
	unsigned long n;

	/* Linux's startup: clear, then unmask RX and RX timeout. */
	wr(&td1.d, ICR, 4, 0x7ff);
	wr(&td1.d, IMSC, 4, RXI | RTI);
	assert_int_equal(host_fake_nr_injects(), 0);

	vpl011_rx_char(&td1.d, 'a');
	assert_int_equal(host_fake_nr_injects(), 1);
	assert_true(host_fake_vgic_level(NULL, SPI));
	assert_int_equal(host_fake_last_inject().d, &td1.d);
	assert_int_equal(rd(&td1.d, MIS, 4), RTI);
	/* Already signalled: no new call. */
	vpl011_rx_char(&td1.d, 'b');
	assert_int_equal(host_fake_nr_injects(), 1);
	rd(&td1.d, DR, 4);
	assert_true(host_fake_vgic_level(NULL, SPI));
	rd(&td1.d, DR, 4);
	assert_int_equal(host_fake_nr_injects(), 2);
	assert_false(host_fake_vgic_level(NULL, SPI));

	/* TX is set by every write but masked until TXIM. */
	tx(&td1.d, "x");
	assert_int_equal(rd(&td1.d, RIS, 4), TXI);
	assert_int_equal(rd(&td1.d, MIS, 4), 0);
	assert_int_equal(host_fake_nr_injects(), 2);
	wr(&td1.d, IMSC, 4, RXI | RTI | TXI);
	assert_int_equal(host_fake_nr_injects(), 3);
	assert_true(host_fake_vgic_level(NULL, SPI));
	/* A newly set bit is signalled again while the line is high. */
	vpl011_rx_char(&td1.d, 'c');
	assert_int_equal(host_fake_nr_injects(), 4);
	assert_int_equal(rd(&td1.d, MIS, 4), TXI | RTI);
	/* ICR clears what it names; the line drops with the last one. */
	wr(&td1.d, ICR, 4, TXI);
	assert_int_equal(rd(&td1.d, RIS, 4), RTI);
	assert_true(host_fake_vgic_level(NULL, SPI));
	wr(&td1.d, ICR, 4, RTI);
	assert_false(host_fake_vgic_level(NULL, SPI));
	assert_int_equal(rd(&td1.d, RIS, 4), 0);
	/* The byte is still there; only the next one sets RTI again. */
	assert_int_equal(rd(&td1.d, FR, 4), FR_TXFE);
	assert_int_equal(rd(&td1.d, DR, 4), 'c');

	/* Masking a pending source lowers the line, unmasking raises it. */
	tx(&td1.d, "y");
	assert_true(host_fake_vgic_level(NULL, SPI));
	n = host_fake_nr_injects();
	wr(&td1.d, IMSC, 4, RXI | RTI);
	assert_false(host_fake_vgic_level(NULL, SPI));
	assert_int_equal(host_fake_nr_injects(), n + 1);
	wr(&td1.d, IMSC, 1, TXI);
	assert_true(host_fake_vgic_level(NULL, SPI));
	assert_int_equal(rd(&td1.d, IMSC, 4), TXI);
	/* Byte lanes: IMSC bits 8-10 alone, and nothing above bit 10. */
	wr(&td1.d, IMSC + 1, 1, 0xff);
	assert_int_equal(rd(&td1.d, IMSC, 4), TXI | 0x700);
	assert_int_equal(rd(&td1.d, IMSC + 1, 1), 0x07);
	wr(&td1.d, IMSC, 2, 0);
	assert_int_equal(rd(&td1.d, IMSC, 4), 0);
	assert_false(host_fake_vgic_level(NULL, SPI));
	wr(&td1.d, ICR, 4, 0xffffffff);
	assert_int_equal(rd(&td1.d, RIS, 4), 0);
}

static void test_input_switching(void **state)
{
	switch_input();
	assert_string_equal(con_out,
			    "(HYP) *** Serial input to DOM1 (type 'CTRL-a' "
			    "three times to switch input)\n");
	assert_int_not_equal(console_input_target(), 0);
	type_str("ls\r");
	assert_int_equal(rd(&td1.d, DR, 4), 'l');
	assert_int_equal(rd(&td1.d, DR, 4), 's');
	assert_int_equal(rd(&td1.d, DR, 4), '\r');
	assert_int_equal(console_getc(), -1);
	/* A lone Ctrl-A reaches the guest, after being held back. */
	type_bytes("\x01q", 2);
	assert_int_equal(rd(&td1.d, DR, 4), CTRL_A);
	assert_int_equal(rd(&td1.d, DR, 4), 'q');
	con_reset();
	switch_input();
	assert_con_has("*** Serial input to HYP (type 'CTRL-a' three times");
	type_str("h");
	assert_int_equal(console_getc(), 'h');
	assert_int_equal(rd(&td1.d, FR, 4), FR_TXFE | FR_RXFE);
}

static void test_live_output(void **state)
{
	switch_input();
	con_reset();
	/* Not typed at yet: still line buffered. */
	tx(&td1.d, "boot");
	assert_int_equal(con_len, 0);
	tx(&td1.d, "\n");
	con_reset();
	/* Typing makes output show at once: echo and prompts. */
	type_str("e");
	tx(&td1.d, "e");
	assert_string_equal(con_out, "(HYP) (d1) e");
	tx(&td1.d, "cho\r\n/ # ");
	assert_string_equal(con_out, "(HYP) (d1) echo\n(HYP) (d1) / # ");
	/* Quiet for a while: back to lines, continuing the open one. */
	fake_now += SECONDS(6);
	tx(&td1.d, "late");
	assert_string_equal(con_out, "(HYP) (d1) echo\n(HYP) (d1) / # ");
	tx(&td1.d, "\n");
	assert_string_equal(con_out, "(HYP) (d1) echo\n(HYP) (d1) / # late\n");
	/* Without the input, output is line buffered whatever was typed. */
	type_str("k");
	switch_input_to(0);
	con_reset();
	tx(&td1.d, "quiet");
	assert_int_equal(con_len, 0);
	vpl011_flush(&td1.d);
	assert_string_equal(con_out, "(HYP) (d1) quiet\n");
}

static void test_destroy_with_input(void **state)
{
	switch_input();
	tx(&td1.d, "partial");
	vpl011_rx_char(&td1.d, 'k');
	con_reset();
	vpl011_destroy(&td1.d);
	assert_null(td1.d.vpl011);
	assert_int_equal(console_input_target(), 0);
	assert_con_has("(HYP) (d1) partial\n");
	assert_con_has("*** Serial input to HYP");
	type_str("z");
	assert_int_equal(console_getc(), 'z');
	/* A new UART for the same domain takes input again. */
	assert_int_equal(vpl011_init(&td1.d, BASE, SPI), 0);
	switch_input();
	type_str("n");
	assert_int_equal(rd(&td1.d, DR, 4), 'n');
}

/* ---- ring back end ---- */

#define RING_IDX 2 /* guest page of the ring */
#define GUEST_ID 7

static struct tdom gd, bd; /* the guest with the UART; its back end, dom0 */
static struct xencons_interface *ring;
static u32 gport, bport;

static int ring_setup(void **state)
{
	long rc;

	console_test_setup();
	td_env_init();
	td_init(&bd, 0, 0, 1, 64, true);
	td_init(&gd, 1, GUEST_ID, 1, 64, false);
	ring = td_page(&gd, RING_IDX);
	/* Only the domain's RAM can hold the ring. */
	assert_int_equal(vpl011_init_ring(&gd.d, BASE, SPI,
					  gfn_init(td_gfn(TD_RAM_PAGES)), 0,
					  &gport),
			 -EINVAL);
	assert_null(gd.d.vpl011);
	assert_int_equal(vpl011_init_ring(&gd.d, BASE, SPI,
					  gfn_init(td_gfn(RING_IDX)), 0,
					  &gport),
			 0);
	assert_true(gport > 0);
	/* dom0's console daemon binds to it as to any unbound port. */
	rc = td_bind_interdomain(&bd, GUEST_ID, gport);
	assert_true(rc > 0);
	bport = (u32)rc;
	bd.d.shared_info->evtchn_pending[0] = 0;
	con_reset();
	return 0;
}

static int ring_teardown(void **state)
{
	/* The domain's teardown order: event channels, then the UART. */
	td_fini(&gd);
	vpl011_destroy(&gd.d);
	td_fini(&bd);
	td_env_fini();
	return 0;
}

static bool backend_notified(void)
{
	bool p = evtchn_port_is_pending(&bd.d, bport);

	bd.d.shared_info->evtchn_pending[0] = 0;
	return p;
}

static void test_ring_tx(void **state)
{
	unsigned int i;

	wr(&gd.d, IMSC, 4, TXI);
	assert_int_equal(rd(&gd.d, FR, 4), FR_TXFE | FR_RXFE);
	/* Empty ring: room for a FIFO's worth, so TX is up. */
	assert_int_equal(rd(&gd.d, RIS, 4), 0);
	tx(&gd.d, "hi\n");
	assert_int_equal(ring->out_prod, 3);
	assert_memory_equal(ring->out, "hi\n", 3);
	assert_true(backend_notified());
	assert_int_equal(rd(&gd.d, FR, 4), FR_RXFE); /* not empty any more */
	assert_int_equal(rd(&gd.d, RIS, 4), TXI);
	assert_true(host_fake_vgic_level(NULL, SPI));
	/* Nothing on the hypervisor console: the back end has it. */
	assert_int_equal(con_count("(d7)"), 0);

	/* Fill it: TXFF, TX down, the next byte is lost. */
	for (i = 3; i < sizeof(ring->out); i++)
		wr(&gd.d, DR, 1, 'a' + i % 26);
	assert_int_equal(rd(&gd.d, FR, 4), FR_TXFF | FR_RXFE);
	assert_int_equal(rd(&gd.d, RIS, 4), 0);
	assert_false(host_fake_vgic_level(NULL, SPI));
	wr(&gd.d, DR, 1, 'X');
	assert_int_equal(ring->out_prod, sizeof(ring->out));
	/* The back end takes some and says so: TX comes back once there is
	 * room for a FIFO's worth. */
	ring->out_cons = 16;
	assert_int_equal(td_send(&bd, bport), 0);
	assert_int_equal(rd(&gd.d, FR, 4), FR_RXFE);
	assert_false(host_fake_vgic_level(NULL, SPI));
	ring->out_cons = sizeof(ring->out);
	assert_int_equal(td_send(&bd, bport), 0);
	assert_true(host_fake_vgic_level(NULL, SPI));
	assert_int_equal(rd(&gd.d, FR, 4), FR_TXFE | FR_RXFE);
	/* ICR cannot clear what is still true. */
	wr(&gd.d, ICR, 4, TXI);
	assert_int_equal(rd(&gd.d, RIS, 4), TXI);
}

static void test_ring_rx(void **state)
{
	wr(&gd.d, IMSC, 4, RXI | RTI);
	memcpy(ring->in, "ok", 2);
	ring->in_prod = 2;
	/* Not seen before the back end's event... */
	assert_int_equal(rd(&gd.d, RIS, 4) & (RXI | RTI), 0);
	assert_int_equal(td_send(&bd, bport), 0);
	assert_int_equal(rd(&gd.d, MIS, 4), RTI);
	assert_true(host_fake_vgic_level(NULL, SPI));
	assert_int_equal(rd(&gd.d, FR, 4) & FR_RXFE, 0);
	assert_int_equal(rd(&gd.d, DR, 4), 'o');
	assert_true(backend_notified()); /* room given back */
	assert_int_equal(rd(&gd.d, DR, 4), 'k');
	assert_int_equal(ring->in_cons, 2);
	assert_true(rd(&gd.d, FR, 4) & FR_RXFE);
	assert_false(host_fake_vgic_level(NULL, SPI));
	/* Empty: a read takes nothing and tells nobody. */
	backend_notified();
	assert_int_equal(rd(&gd.d, DR, 4), 0);
	assert_false(backend_notified());
	/* Half a FIFO or more raises RX as well. */
	ring->in_prod = 2 + 16;
	assert_int_equal(td_send(&bd, bport), 0);
	assert_int_equal(rd(&gd.d, MIS, 4), RXI | RTI);
}

static void test_ring_bogus(void **state)
{
	/* The guest owns the page: garbage indices stay its own problem. */
	ring->in_prod = ring->in_cons + 5000;
	assert_int_equal(td_send(&bd, bport), 0);
	assert_true(rd(&gd.d, FR, 4) & FR_RXFE);
	assert_int_equal(rd(&gd.d, DR, 4), 0);
	assert_int_equal(ring->in_cons, 0);
	ring->out_prod = ring->out_cons + 9999;
	assert_true(rd(&gd.d, FR, 4) & FR_TXFF);
	wr(&gd.d, DR, 1, 'z');
	assert_int_equal(ring->out_prod, 9999);
	assert_int_equal(rd(&gd.d, RIS, 4) & TXI, 0);
}

static void test_ring_port(void **state)
{
	struct evtchn_reset r = {.dom = DOMID_SELF};

	/* The guest can neither close the hypervisor's port ... */
	assert_int_equal(td_close(&gd, gport), -EINVAL);
	/* ... nor lose it to EVTCHNOP_reset. */
	assert_int_equal(td_op(&gd, 0, EVTCHNOP_reset, &r), 0);
	wr(&gd.d, IMSC, 4, RTI);
	ring->in[0] = 'r';
	ring->in_prod = 1;
	assert_int_equal(td_send(&bd, bport), 0);
	assert_int_equal(rd(&gd.d, MIS, 4), RTI);
	tx(&gd.d, "y");
	assert_true(backend_notified());
	/* A second ring UART is refused. */
	assert_int_equal(vpl011_init_ring(&gd.d, BASE, SPI,
					  gfn_init(td_gfn(RING_IDX)), 0,
					  &gport),
			 -EEXIST);
	/* When dom0 closes its end the port waits for it again. */
	assert_int_equal(td_close(&bd, bport), 0);
	tx(&gd.d, "z");
	assert_true(td_bind_interdomain(&bd, GUEST_ID, gport) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init_args, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_reset_values, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bad_accesses, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_tx_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tx_long_line, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_two_domains, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_flood, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rx_fifo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_irq_levels, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_input_switching, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_live_output, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_destroy_with_input, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_ring_tx, ring_setup,
						ring_teardown),
		cmocka_unit_test_setup_teardown(test_ring_rx, ring_setup,
						ring_teardown),
		cmocka_unit_test_setup_teardown(test_ring_bogus, ring_setup,
						ring_teardown),
		cmocka_unit_test_setup_teardown(test_ring_port, ring_setup,
						ring_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
