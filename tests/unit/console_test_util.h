/* SPDX-License-Identifier: MIT */
/*
 * Helpers for the guest console unit tests (test_vpl011.c,
 * test_console_io.c), which link the real console (common/console.c),
 * printk, console_io and the vpl011. Include from exactly one file per
 * test binary.
 *
 * The UART under console.c is a fake: what it transmits is captured (the
 * '\r' console_write puts before each '\n' left out) and what a test
 * "types" is handed out by pl011_getc. Around it: a clock tests move by
 * hand, mmio_register recording the regions, send_guest_global_virq
 * counting calls, and xmalloc on the host heap. The fakes are weak, as
 * hyp/arch/host's are; this file comes first on the link line, so its
 * weak definitions are the ones used.
 */
#ifndef CONSOLE_TEST_UTIL_H
#define CONSOLE_TEST_UTIL_H

/* hyp headers first: compiler.h defines names glibc also defines. */
#include <hyp/bootinfo.h>
#include <hyp/console.h>
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/fdt.h>
#include <hyp/irq.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/mmio.h>
#include <hyp/param.h>
#include <hyp/timer.h>
#include <hyp/uart.h>

#include "host_fake.h"
#include "host_fake_guest.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define CTRL_A '\x01'

/* ---- captured console output ---- */

static char con_out[1 << 18];
static size_t con_len;

static inline void con_reset(void)
{
	con_len = 0;
	con_out[0] = '\0';
}

static inline unsigned int con_count(const char *needle)
{
	const char *p = con_out;
	unsigned int n = 0;

	while ((p = strstr(p, needle))) {
		n++;
		p += strlen(needle);
	}
	return n;
}

#define assert_con_has(s)                                               \
	do {                                                            \
		if (!strstr(con_out, (s)))                              \
			fail_msg("expected \"%s\" in output:\n%s", (s), \
				 con_out);                              \
	} while (0)

#define assert_con_lacks(s)                                               \
	do {                                                              \
		if (strstr(con_out, (s)))                                 \
			fail_msg("unexpected \"%s\" in output:\n%s", (s), \
				 con_out);                                \
	} while (0)

/* ---- the fake UART under console.c ---- */

static char typed[16384];
static size_t typed_prod, typed_cons;
static u32 fake_uart_regs[1024];

__weak void pl011_init(struct uart *u, void *base, bool setup_hw)
{
	u->base = base;
}

__weak void pl011_putc(struct uart *u, char c)
{
	if (c == '\r' || con_len == sizeof(con_out) - 1)
		return;
	con_out[con_len++] = c;
	con_out[con_len] = '\0';
}

__weak int pl011_getc(struct uart *u)
{
	if (typed_cons == typed_prod)
		return -1;
	return (u8)typed[typed_cons++ % sizeof(typed)];
}

__weak void pl011_flush(struct uart *u)
{
}

__weak void pl011_enable_rx_irq(struct uart *u)
{
}

__weak void pl011_disable_rx_irq(struct uart *u)
{
}

__weak void pl011_ack_irq(struct uart *u)
{
}

/* What console_init() would look at; tests never call it. */
__weak struct bootinfo bootinfo;

__weak int bootinfo_find_uart(const struct fdt *fdt, const char *path,
			      paddr_t *base, u64 *size)
{
	return -ENOENT;
}

__weak const void *fdt_getprop(const struct fdt *fdt, int node,
			       const char *name, int *lenp)
{
	return NULL;
}

__weak bool fdt_node_check_compatible(const struct fdt *fdt, int node,
				      const char *compat)
{
	return false;
}

__weak bool fdt_node_is_available(const struct fdt *fdt, int node)
{
	return false;
}

__weak int request_irq(unsigned int irq, unsigned int type, irq_handler_t h,
		       void *data)
{
	return -ENOSYS;
}

/* Type bytes at the serial console and let it deliver them. */
static inline void type_bytes(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		typed[typed_prod++ % sizeof(typed)] = s[i];
	console_rx_poll();
}

static inline void type_str(const char *s)
{
	type_bytes(s, strlen(s));
}

/* Press Ctrl-A three times. */
static inline void switch_input(void)
{
	type_bytes("\x01\x01\x01", 3);
}

/* Switch until handle (0: the hypervisor) has the input. */
static inline void switch_input_to(unsigned int handle)
{
	unsigned int i;

	for (i = 0; i < 70 && console_input_target() != handle; i++)
		switch_input();
	assert_int_equal(console_input_target(), handle);
}

/* Drain what the hypervisor itself received. */
static inline void drain_hyp_input(void)
{
	while (console_getc() >= 0)
		;
}

/* ---- time ---- */

static s_time_t fake_now = SECONDS(1000);

__weak s_time_t NOW(void)
{
	return fake_now;
}

/* ---- memory ---- */

__weak void *xzalloc_bytes(size_t size)
{
	return calloc(1, size);
}

__weak void xfree(void *p)
{
	free(p);
}

/* ---- MMIO regions ---- */

#define MAX_TEST_MMIO 16

struct test_mmio {
	struct domain *d;
	u64 base, size;
	const struct mmio_ops *ops;
	void *priv;
};

static struct test_mmio test_mmio[MAX_TEST_MMIO];
static unsigned int nr_test_mmio;
static int mmio_register_rc; /* what the next mmio_register returns */

__weak int mmio_register(struct domain *d, u64 base, u64 size,
			 const struct mmio_ops *ops, void *priv)
{
	int rc = mmio_register_rc;

	mmio_register_rc = 0;
	if (rc)
		return rc;
	if (nr_test_mmio == MAX_TEST_MMIO)
		return -ENOSPC;
	test_mmio[nr_test_mmio++] =
		(struct test_mmio){d, base, size, ops, priv};
	return 0;
}

/* The most recent region of d. */
static inline struct test_mmio *mmio_of(struct domain *d)
{
	unsigned int i;

	for (i = nr_test_mmio; i-- > 0;)
		if (test_mmio[i].d == d)
			return &test_mmio[i];
	fail_msg("no MMIO region for d%u", d->domain_id);
	return NULL;
}

/* ---- event channels ---- */

static unsigned int nr_virqs;
static struct domain *last_virq_dom;
static unsigned int last_virq;

__weak void send_guest_global_virq(struct domain *d, unsigned int virq)
{
	nr_virqs++;
	last_virq_dom = d;
	last_virq = virq;
}

/* ---- test domains ---- */

struct test_dom {
	struct domain d;
	struct vcpu v;
	struct vcpu *vcpus[1];
};

static inline void test_dom_init(struct test_dom *t, domid_t id, bool priv,
				 bool is_console)
{
	memset(t, 0, sizeof(*t));
	t->d.domain_id = id;
	t->d.is_privileged = priv;
	t->d.is_console = is_console;
	t->d.max_vcpus = 1;
	t->d.vcpus = t->vcpus;
	t->vcpus[0] = &t->v;
	spin_lock_init(&t->d.lock);
	t->v.domain = &t->d;
}

/* Bring the console up once per binary, and reset what tests share. */
static inline void console_test_setup(void)
{
	static bool up;

	if (!up) {
		console_init_early(fake_uart_regs);
		up = true;
	}
	host_fake_guest_reset();
	switch_input_to(0);
	drain_hyp_input();
	nr_test_mmio = 0;
	mmio_register_rc = 0;
	nr_virqs = 0;
	last_virq_dom = NULL;
	fake_now += SECONDS(3600); /* full rate-limit buckets */
	con_reset();
}

static inline void set_cmdline(const char *line)
{
	assert_int_equal(cmdline_parse(line), 0);
}

#endif
