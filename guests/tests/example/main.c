/* SPDX-License-Identifier: MIT */
/*
 * The smallest test: the runtime boots, prints, and reports success. If
 * this fails, nothing else can pass.
 */
#include <test.h>

const char test_title[] = "Boot the runtime, say hello, report success";

void test_main(void)
{
	printk("Hello from test guest '%s' on vCPU %u (MPIDR 0x%lx)\n",
	       test_name, smp_processor_id(), read_sysreg(mpidr_el1));
	test_success(NULL);
}
