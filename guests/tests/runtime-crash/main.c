/* SPDX-License-Identifier: MIT */
/*
 * Self-test of the runtime's crash reporting: a data abort nobody expects,
 * taken on vCPU 1 while vCPU 0 waits, must print a decoded description and
 * end the test with exactly one "Test result: ERROR" line (the harness
 * expects ERROR for this test, see EXPECT in test.mk).
 */
#include <test.h>

const char test_title[] = "Unexpected exceptions end the test with ERROR";

static void crash(void *arg)
{
	*(volatile u32 *)0x10000000UL = 1;
}

void test_main(void)
{
	if (cpu_start(1) != 0) {
		test_error("could not start vCPU 1");
		return;
	}
	test_success("vCPU 1 started; it will now fault");
	on_cpu_async(1, crash, NULL);
	udelay(10000000);
	test_failure("still running 10 s after the fault");
}
