/* SPDX-License-Identifier: MIT */
/*
 * Partner of contain-crash: tells domain 1 it is about to crash, then
 * reports a crash itself: SCHEDOP_shutdown(SHUTDOWN_crash).
 */
#include "../contain-spin/contain.h"

const char test_title[] = "contain partner: SHUTDOWN_crash";

void test_main(void)
{
	long rc;

	if (!partner_announce("shutting down with SHUTDOWN_crash"))
		return;
	rc = hypervisor_shutdown(SHUTDOWN_crash);
	test_error("SCHEDOP_shutdown(SHUTDOWN_crash) returned %ld", rc);
}
