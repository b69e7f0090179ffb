/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the hypervisor command line on arbitrary bytes.
 *
 * cmdline_parse() with the real options linked in: printk.c (loglvl,
 * guest_loglvl, printk_ratelimit_*), console.c (console, dtuart),
 * console_io.c (guest_console_rate/burst), boot_params.c (dom0_mem,
 * dom0_max_vcpus, sched, xsm, ...), page_alloc.c (bootscrub, ...). Not
 * linked (they need the whole boot): setup.c (maxcpus) and panic.c
 * (noreboot); their parsers are the generic integer/boolean ones, which
 * the options above exercise. Also the shared value parsers,
 * parse_size_and_unit() and parse_bool(), on the raw input.
 *
 * Options set by one input stay set for the next, as they would on a
 * real command line with repeated options. Unknown options and bad values
 * must only draw warnings; the sanitizers catch the rest.
 *
 * The real sources are linked against the host fake arch (hyp/arch/host)
 * and the stand-ins below for the console's UART and interrupt hooks.
 */
#include <hyp/lib.h>
#include <hyp/bootinfo.h>
#include <hyp/event.h>
#include <hyp/irq.h>
#include <hyp/param.h>
#include <hyp/timer.h>
#include <hyp/uart.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---- what the boot would otherwise provide ---- */

struct bootinfo bootinfo; /* setup.c's, which is not linked */
static s_time_t fake_now;

s_time_t NOW(void)
{
	return fake_now += 1000; /* 1 us per call: rate limits refill */
}

void pl011_init(struct uart *u, void *base, bool setup_hw)
{
}

void pl011_putc(struct uart *u, char c)
{
}

int pl011_getc(struct uart *u)
{
	return -1;
}

void pl011_flush(struct uart *u)
{
}

void pl011_enable_rx_irq(struct uart *u)
{
}

void pl011_ack_irq(struct uart *u)
{
}

int request_irq(unsigned int irq, unsigned int type, irq_handler_t h,
		void *data)
{
	return 0;
}

void send_guest_global_virq(struct domain *d, unsigned int virq)
{
}

/* ---- the target ---- */

#define MAX_LEN (2 * BOOT_CMDLINE_SIZE)

static volatile u64 sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *end = NULL;
	char *s;
	u64 v;
	int b;

	if (size > MAX_LEN)
		size = MAX_LEN;
	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	cmdline_parse(s);

	v = parse_size_and_unit(s, &end);
	if (!end || end < s || end > s + strlen(s))
		abort(); /* must point into the string */
	sink ^= v;
	b = parse_bool(s, NULL);
	if (b != 0 && b != 1 && b != -22)
		abort();
	if (size) {
		b = parse_bool(s, s + size / 2);
		if (b != 0 && b != 1 && b != -22)
			abort();
	}
	free(s);
	return 0;
}
