/* SPDX-License-Identifier: MIT */
/*
 * Containment of console floods. Two partners announce themselves and
 * then write console output as fast as they can, forever:
 *
 *   domain 2 (contain-flood-console): 100-byte lines with CONSOLEIO_write;
 *   domain 3 (contain-flood-uart):    bytes into its vpl011 data register.
 *
 * Domain 1 then checks, as the other contain-* tests do (contain.h), that
 * it still gets its work done and its timer interrupts, and prints lines
 * of its own: they, and its result line, must still reach the console
 * (the harness waits for the result line; EXPECT_LOG in test.mk looks for
 * the last of the numbered lines).
 */
#include "../contain-spin/contain.h"

const char test_title[] = "Containment: console floods";

#define LINES 20

void test_main(void)
{
	unsigned int i;

	if (!wait_for_partners(2, 30000000))
		return;
	for (i = 1; i <= LINES / 2; i++)
		printk("domain 1 line %u/%u\n", i, LINES);
	check_progress("domains 2 and 3 flooding the console");
	for (; i <= LINES; i++)
		printk("domain 1 line %u/%u\n", i, LINES);
	check_eq(irq_unhandled, 0, "no unexpected interrupt");
	test_success(NULL);
}
