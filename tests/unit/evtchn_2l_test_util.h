/* SPDX-License-Identifier: MIT */
/*
 * Domains and fixtures for the 2-level event channel tests
 * (test_evtchn.c, test_evtchn_bind.c). Include from exactly one file per
 * test binary.
 */
#ifndef EVTCHN_2L_TEST_UTIL_H
#define EVTCHN_2L_TEST_UTIL_H

#include "evtchn_test_util.h"

/* dom0 (privileged, 2 vCPUs), d1 and d2 (2 vCPUs each), d3 (1 vCPU). */
static struct tdom t0, t1, t2, t3;

static inline int setup(void **state)
{
	td_env_init();
	td_init(&t0, 0, 0, 2, 1023, true);
	td_init(&t1, 1, 1, 2, 1023, false);
	td_init(&t2, 2, 2, 2, 1023, false);
	td_init(&t3, 3, 3, 1, 7, false);
	return 0;
}

static inline int teardown(void **state)
{
	td_fini(&t3);
	td_fini(&t2);
	td_fini(&t1);
	td_fini(&t0);
	td_env_fini();
	return 0;
}

/* An interdomain channel a <-> b; returns a's port, *bport b's. */
static inline u32 connect(struct tdom *a, struct tdom *b, u32 *bport)
{
	long ap = td_alloc_unbound(a, DOMID_SELF, b->d.domain_id);
	long bp;

	assert_true(ap > 0);
	bp = td_bind_interdomain(b, a->d.domain_id, ap);
	assert_true(bp > 0);
	*bport = bp;
	return ap;
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

#endif
