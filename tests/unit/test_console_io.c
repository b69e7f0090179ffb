/* SPDX-License-Identifier: MIT */
/*
 * The console_io hypercall (who may call it, CONSOLEIO_write output for
 * the control domain and the others, bad counts and buffers,
 * CONSOLEIO_read and VIRQ_CONSOLE) and the console's Ctrl-A input
 * switching between the hypervisor and several domains.
 */
#include "console_test_util.h"

#include <hyp/hypercall.h>
#include <hyp/vpl011.h>
#include <public/xen.h>

#define BASE 0x22000000ULL
/* console_io.c's input ring: a whole tty line (4095 bytes) fits. */
#define RX_RING 4096U

static unsigned int con_count_bytes(const char *p, size_t len, char c)
{
	unsigned int n = 0;

	while (len--)
		n += *p++ == c;
	return n;
}

static struct test_dom dom0, dom1, dom2, dom3, plain;

static long conio_as(struct test_dom *t, u64 cmd, u64 count, const void *buf)
{
	set_current_vcpu(t ? &t->v : NULL);
	return do_console_io(cmd, count, (u64)(uintptr_t)buf);
}

static long write_as(struct test_dom *t, const char *s)
{
	return conio_as(t, CONSOLEIO_write, strlen(s), s);
}

static int setup(void **state)
{
	console_test_setup();
	test_dom_init(&dom0, 0, true, false);
	test_dom_init(&dom1, 1, false, true);
	test_dom_init(&dom2, 2, false, true);
	test_dom_init(&dom3, 3, false, true);
	test_dom_init(&plain, 4, false, false);
	/* Xen's release default hides domU output: show it unless a test
	 * says otherwise. */
	set_cmdline("guest_loglvl=all");
	con_reset();
	return 0;
}

static int teardown(void **state)
{
	struct test_dom *all[] = {&dom0, &dom1, &dom2, &dom3, &plain};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(all); i++) {
		vpl011_destroy(&all[i]->d);
		console_io_domain_destroy(&all[i]->d);
	}
	set_current_vcpu(NULL);
	return 0;
}

/* First: console_input_endboot acts only before any switch. */
static void test_endboot(void **state)
{
	console_input_endboot(); /* no targets: stays with the hypervisor */
	assert_int_equal(console_input_target(), 0);
	assert_int_equal(con_len, 0);
	assert_int_equal(vpl011_init(&dom1.d, BASE, 32), 0);
	assert_int_equal(console_io_domain_init(&dom0.d), 0);
	console_input_endboot();
	assert_string_equal(con_out,
			    "(HYP) *** Serial input to DOM0 (type 'CTRL-a' "
			    "three times to switch input)\n");
	type_str("x");
	assert_int_equal(conio_as(&dom0, CONSOLEIO_read, 8, con_out), 1);
	switch_input_to(0);
	con_reset();
	console_input_endboot();
	assert_int_equal(console_input_target(), 0);
	assert_int_equal(con_len, 0);
}

static void test_permissions(void **state)
{
	char c = 'x';

	/* Neither the control domain nor is_console: -EPERM for all. */
	assert_int_equal(write_as(&plain, "no\n"), -EPERM);
	assert_int_equal(conio_as(&plain, CONSOLEIO_read, 1, &c), -EPERM);
	assert_int_equal(conio_as(&plain, 7, 1, &c), -EPERM);
	assert_int_equal(conio_as(NULL, CONSOLEIO_write, 1, &c), -EPERM);
	assert_int_equal(con_len, 0);
	/* Allowed: the control domain and is_console domains. */
	assert_int_equal(write_as(&dom0, "d0\n"), 0);
	assert_int_equal(write_as(&dom1, "d1\n"), 0);
	assert_int_equal(conio_as(&dom1, CONSOLEIO_read, 1, &c), 0);
	assert_int_equal(conio_as(&dom0, CONSOLEIO_read, 1, &c), 0);
	/* Unknown commands; the upper 32 bits of cmd do not count. */
	assert_int_equal(conio_as(&dom0, 2, 1, &c), -ENOSYS);
	assert_int_equal(conio_as(&dom1, ~0ULL, 1, &c), -ENOSYS);
	assert_int_equal(conio_as(&dom0, 1ULL << 32, 3, "ok\n"), 0);
	/* Probing with count 0 (what guests do first) succeeds. */
	assert_int_equal(conio_as(&dom1, CONSOLEIO_write, 0, &c), 0);
	assert_int_equal(conio_as(&dom1, CONSOLEIO_write, 0, NULL), 0);
	assert_string_equal(con_out, "d0\n(HYP) (d1) d1\nok\n");
}

static void test_dom0_raw(void **state)
{
	assert_int_equal(write_as(&dom0, "login: "), 0);
	assert_string_equal(con_out, "login: ");
	assert_int_equal(write_as(&dom0, "\x1b[1mroot\x1b[0m\n"), 0);
	assert_string_equal(con_out, "login: \x1b[1mroot\x1b[0m\n");
	/* Bytes after a NUL are written too. */
	con_reset();
	assert_int_equal(conio_as(&dom0, CONSOLEIO_write, 3, "a\0b"), 0);
	assert_int_equal(con_len, 3);
	assert_memory_equal(con_out, "a\0b", 3);
}

static void test_domu_lines(void **state)
{
	char line[300];

	assert_int_equal(write_as(&dom1, "part "), 0);
	assert_int_equal(write_as(&dom2, "other\n"), 0);
	assert_int_equal(write_as(&dom1, "one\npart two"), 0);
	assert_string_equal(con_out, "(HYP) (d2) other\n(HYP) (d1) part one\n");
	con_reset();
	/* Unprintable bytes go, tabs stay (as Xen). */
	assert_int_equal(write_as(&dom1, "\r\n\x01tab\there\x7f\xff\r\n"), 0);
	assert_string_equal(con_out, "(HYP) (d1) part two\n"
				     "(HYP) (d1) tab\there\n");
	con_reset();
	/* A long line comes out in GUEST_LINE_MAX pieces. */
	memset(line, 'L', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	assert_int_equal(write_as(&dom2, line), 0);
	assert_int_equal(con_count("(HYP) (d2) "), 2);
	con_reset();
	/* Ending the domain prints what it left unfinished. */
	console_io_domain_destroy(&dom2.d);
	assert_int_equal(con_count("L"), 299 - 2 * GUEST_LINE_MAX);
	assert_con_has("(HYP) (d2) LLL");
	con_reset();
	console_io_domain_destroy(&dom2.d);
	assert_int_equal(con_len, 0);
}

static void test_domu_loglvl(void **state)
{
	/* Xen's release default, guest_loglvl=none/warning: not shown. */
	set_cmdline("guest_loglvl=none/warning");
	con_reset();
	assert_int_equal(write_as(&dom1, "hidden\n"), 0);
	assert_int_equal(write_as(&dom0, "shown\n"), 0);
	assert_string_equal(con_out, "shown\n");
	set_cmdline("guest_loglvl=all");
}

static void test_domu_slots(void **state)
{
	static struct test_dom many[40];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(many); i++) {
		test_dom_init(&many[i], (domid_t)(10 + i), false, true);
		assert_int_equal(write_as(&many[i], "p"), 0);
	}
	/* 32 partial lines are kept; the others are ended at once. */
	assert_int_equal(con_count("(HYP) (d"), ARRAY_SIZE(many) - 32);
	assert_con_has("(HYP) (d49) p\n");
	assert_con_lacks("(d41)");
	con_reset();
	for (i = 0; i < ARRAY_SIZE(many); i++)
		console_io_domain_destroy(&many[i].d);
	assert_int_equal(con_count("(HYP) (d"), 32);
	assert_con_has("(HYP) (d41) p\n");
}

/*
 * Make the copy after the next n succeed fail (the fake guest memory only
 * faults below HOST_FAKE_GVA_FAULT_BELOW, so a buffer cannot run into a
 * hole by itself). Linked with --wrap=copy_from_guest.
 */
static int copies_before_fault = -1;
int __real_copy_from_guest(void *dst, u64 gva, size_t len);
int __wrap_copy_from_guest(void *dst, u64 gva, size_t len);

int __wrap_copy_from_guest(void *dst, u64 gva, size_t len)
{
	if (copies_before_fault == 0) {
		copies_before_fault = -1;
		return -EFAULT;
	}
	if (copies_before_fault > 0)
		copies_before_fault--;
	return __real_copy_from_guest(dst, gva, len);
}

/* The same for copies to the guest (CONSOLEIO_read). */
static int to_copies_before_fault = -1;
int __real_copy_to_guest(u64 gva, const void *src, size_t len);
int __wrap_copy_to_guest(u64 gva, const void *src, size_t len);

int __wrap_copy_to_guest(u64 gva, const void *src, size_t len)
{
	if (to_copies_before_fault == 0) {
		to_copies_before_fault = -1;
		return -EFAULT;
	}
	if (to_copies_before_fault > 0)
		to_copies_before_fault--;
	return __real_copy_to_guest(gva, src, len);
}

static void test_bad_buffers(void **state)
{
	static char big[40000];

	/* Unreadable buffer: -EFAULT, nothing written. */
	assert_int_equal(conio_as(&dom1, CONSOLEIO_write, 4, (void *)0x100),
			 -EFAULT);
	assert_int_equal(conio_as(&dom0, CONSOLEIO_write, 4, (void *)0x100),
			 -EFAULT);
	host_fake_fail_copy_from_guest(1);
	assert_int_equal(write_as(&dom0, "lost\n"), -EFAULT);
	assert_int_equal(con_len, 0);
	/* Huge and "negative" counts: bounded work, never a hang. */
	memset(big, 'a', sizeof(big));
	assert_int_equal(conio_as(&dom0, CONSOLEIO_write, sizeof(big), big), 0);
	assert_int_equal(con_count("a"), 16384);
	con_reset();
	assert_int_equal(conio_as(&dom0, CONSOLEIO_write, 0xffffffffULL, big),
			 0);
	assert_int_equal(con_count("a"), 16384);
	con_reset();
	assert_int_equal(conio_as(&dom1, CONSOLEIO_write, (u64)-1LL, big), 0);
	assert_int_equal(con_count("(HYP) (d1) "), 16384 / GUEST_LINE_MAX);
	con_reset();
	/* Only the low 32 bits of count count. */
	assert_int_equal(
		conio_as(&dom0, CONSOLEIO_write, (1ULL << 32) | 3, big), 0);
	assert_string_equal(con_out, "aaa");
}

static void test_fault_midway(void **state)
{
	static char buf[300];

	/* Pieces before the fault are out, as on Xen. */
	memset(buf, 'b', sizeof(buf));
	copies_before_fault = 1;
	assert_int_equal(conio_as(&dom0, CONSOLEIO_write, sizeof(buf), buf),
			 -EFAULT);
	assert_int_equal(con_count("b"), 128);
	con_reset();
	copies_before_fault = 2;
	assert_int_equal(conio_as(&dom1, CONSOLEIO_write, sizeof(buf), buf),
			 -EFAULT);
	assert_int_equal(con_count("(HYP) (d1) "), 2);
	assert_int_equal(con_count("b"), 2 * 128);
}

static void test_read(void **state)
{
	char buf[256];
	unsigned int i;

	assert_int_equal(console_io_domain_init(&dom0.d), 0);
	assert_int_equal(console_io_domain_init(&dom0.d), -EEXIST);
	/* Other domains have no input target of this kind. */
	assert_int_equal(console_io_domain_init(&dom1.d), 0);
	switch_input();
	assert_con_has("*** Serial input to DOM0 (type 'CTRL-a'");
	type_str("abc");
	assert_int_equal(nr_virqs, 3);
	assert_ptr_equal(last_virq_dom, &dom0.d);
	assert_int_equal(last_virq, VIRQ_CONSOLE);
	memset(buf, 0, sizeof(buf));
	assert_int_equal(conio_as(&dom0, CONSOLEIO_read, 2, buf), 2);
	assert_memory_equal(buf, "ab", 2);
	assert_int_equal(conio_as(&dom0, CONSOLEIO_read, 0, buf), 0);
	/* is_console domains read the same ring, as on Xen. */
	assert_int_equal(conio_as(&dom1, CONSOLEIO_read, 10, buf), 1);
	assert_int_equal(buf[0], 'c');
	assert_int_equal(conio_as(&dom0, CONSOLEIO_read, 10, buf), 0);
	/* Counts that would not fit the int result; bad buffers. */
	type_str("de");
	assert_int_equal(conio_as(&dom0, CONSOLEIO_read, 0x80000000ULL, buf),
			 -E2BIG);
	assert_int_equal(conio_as(&dom0, CONSOLEIO_read, 0xffffffffULL, buf),
			 -E2BIG);
	assert_int_equal(conio_as(&dom0, CONSOLEIO_read, 2, (void *)0x10),
			 -EFAULT);
	host_fake_fail_copy_to_guest(1);
	assert_int_equal(conio_as(&dom0, CONSOLEIO_read, 2, buf), -EFAULT);
	/* Nothing was lost; upper bits of count are ignored. */
	assert_int_equal(conio_as(&dom0, CONSOLEIO_read, (1ULL << 32) | 8, buf),
			 2);
	assert_memory_equal(buf, "de", 2);
	/* Full ring: RX_RING bytes kept, the rest dropped, each signalled. */
	nr_virqs = 0;
	for (i = 0; i < RX_RING + 72; i++)
		type_bytes(i < RX_RING ? "k" : "X", 1);
	assert_int_equal(nr_virqs, RX_RING + 72);
	for (i = 0; i < RX_RING / sizeof(buf); i++) {
		memset(buf, 0, sizeof(buf));
		assert_int_equal(
			conio_as(&dom0, CONSOLEIO_read, sizeof(buf), buf),
			sizeof(buf));
		assert_int_equal(con_count_bytes(buf, sizeof(buf), 'k'),
				 sizeof(buf));
	}
	assert_int_equal(conio_as(&dom0, CONSOLEIO_read, sizeof(buf), buf), 0);
	/* Input switched away does not reach the ring. */
	switch_input_to(0);
	type_str("h");
	assert_int_equal(conio_as(&dom0, CONSOLEIO_read, 8, buf), 0);
	assert_int_equal(console_getc(), 'h');
}

/*
 * A long line typed in one burst (the UART drained at once, before dom0
 * reads) reaches dom0 whole and in order, read as Linux's hvc does (16
 * bytes at a time) or in one read longer than the copy chunk; a fault in
 * the middle of a long read returns the bytes before it, the rest stays.
 */
static void test_read_burst(void **state)
{
	static char line[4095], got[4095];
	size_t i, n, len;

	for (i = 0; i < sizeof(line); i++)
		line[i] = (char)('!' + (i * 7) % 90);
	assert_int_equal(console_io_domain_init(&dom0.d), 0);
	switch_input();
	assert_con_has("*** Serial input to DOM0");
	assert_int_not_equal(console_input_target(), 0);
	/* 1000 bytes, read 16 at a time. */
	type_bytes(line, 1000);
	for (n = 0; n < 1000; n += 16) {
		len = MIN(16, 1000 - n);
		assert_int_equal(conio_as(&dom0, CONSOLEIO_read, 16, got + n),
				 len);
	}
	assert_int_equal(conio_as(&dom0, CONSOLEIO_read, 16, got), 0);
	assert_memory_equal(got, line, 1000);
	/* The longest tty line, read at once. */
	memset(got, 0, sizeof(got));
	type_bytes(line, sizeof(line));
	assert_int_equal(
		conio_as(&dom0, CONSOLEIO_read, sizeof(got) + 100, got),
		sizeof(line));
	assert_memory_equal(got, line, sizeof(line));
	/* Fault after the first 128-byte piece: those are taken. */
	type_bytes(line, 300);
	to_copies_before_fault = 1;
	assert_int_equal(conio_as(&dom0, CONSOLEIO_read, 300, got), 128);
	assert_int_equal(conio_as(&dom0, CONSOLEIO_read, 300, got), 172);
	assert_memory_equal(got, line + 128, 172);
	switch_input_to(0);
}

static void test_switch_cycle(void **state)
{
	char buf[16];
	unsigned int t0, t1, t2;

	/* Registered out of order; the cycle follows domain ids. */
	assert_int_equal(vpl011_init(&dom2.d, BASE, 32), 0);
	assert_int_equal(console_io_domain_init(&dom0.d), 0);
	assert_int_equal(vpl011_init(&dom1.d, BASE, 32), 0);
	/* dom3 has neither: not in the cycle. */

	switch_input();
	t0 = console_input_target();
	type_str("0");
	switch_input();
	t1 = console_input_target();
	type_str("1");
	switch_input();
	t2 = console_input_target();
	type_str("2");
	switch_input();
	assert_int_equal(console_input_target(), 0);
	type_str("h");
	assert_true(t0 && t1 && t2 && t0 != t1 && t1 != t2 && t0 != t2);
	assert_string_equal(
		con_out,
		"(HYP) *** Serial input to DOM0 (type 'CTRL-a' three times "
		"to switch input)\n"
		"(HYP) *** Serial input to DOM1 (type 'CTRL-a' three times "
		"to switch input)\n"
		"(HYP) *** Serial input to DOM2 (type 'CTRL-a' three times "
		"to switch input)\n"
		"(HYP) *** Serial input to HYP (type 'CTRL-a' three times "
		"to switch input)\n");
	assert_int_equal(conio_as(&dom0, CONSOLEIO_read, 8, buf), 1);
	assert_int_equal(buf[0], '0');
	assert_int_equal(console_getc(), 'h');
	assert_int_equal(console_getc(), -1);
	/* One and two Ctrl-A reach the target; they are not a switch. */
	switch_input_to(t1);
	con_reset();
	type_bytes("\x01"
		   "a\x01\x01"
		   "b",
		   5);
	assert_int_equal(console_input_target(), t1);
	assert_int_equal(con_len, 0);
	vpl011_destroy(&dom1.d); /* the input returns to the hypervisor */
	assert_int_equal(console_input_target(), 0);
	assert_con_has("*** Serial input to HYP");
	/* Going round again skips the departed domain. */
	con_reset();
	switch_input();
	switch_input();
	switch_input();
	assert_int_equal(console_input_target(), 0);
	assert_int_equal(con_count("*** Serial input to"), 3);
	assert_con_lacks("DOM1");
	/* Six presses make two switches; a seventh is held back. */
	type_bytes("\x01\x01\x01\x01\x01\x01\x01", 7);
	assert_int_equal(console_input_target(), t2);
	switch_input_to(0);
	assert_int_equal(console_getc(), -1);
	type_str("z");
	/* The held Ctrl-A was replayed to the hypervisor first. */
	assert_int_equal(console_getc(), CTRL_A);
	assert_int_equal(console_getc(), 'z');
}

static void test_register_limits(void **state)
{
	static char names[70][16];
	int handles[70];
	unsigned int i, n = 0;
	int h;

	assert_int_equal(console_register_input_target(NULL, 1, NULL, NULL),
			 -EINVAL);
	for (i = 0; i < 70; i++) {
		snprintf(names[i], sizeof(names[i]), "T%u", i);
		h = console_register_input_target(names[i], 100 + i,
						  (console_rx_fn)abort, NULL);
		if (h < 0) {
			assert_int_equal(h, -ENOSPC);
			break;
		}
		handles[n++] = h;
	}
	assert_int_equal(n, 63);
	for (i = 0; i < n; i++)
		console_unregister_input_target(handles[i]);
	console_unregister_input_target(0);
	console_unregister_input_target(-1);
	console_unregister_input_target(1000);
	assert_int_equal(console_input_target(), 0);
	/* Slots are reused. */
	h = console_register_input_target("again", 1, (console_rx_fn)abort,
					  NULL);
	assert_true(h > 0);
	console_unregister_input_target(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_endboot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_permissions, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_dom0_raw, setup, teardown),
		cmocka_unit_test_setup_teardown(test_domu_lines, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_domu_loglvl, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_domu_slots, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bad_buffers, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_fault_midway, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_burst, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_switch_cycle, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_register_limits, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
