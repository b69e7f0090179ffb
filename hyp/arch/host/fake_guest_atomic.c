/* SPDX-License-Identifier: MIT */
/*
 * Fake arch for host unit tests: the store-exclusive failure switch of
 * asm/guest_atomic.h, and a recorder standing in for
 * domain_crash_deferred() (common/domain.c). Weak, like fake_guest.c.
 */
#include <hyp/compiler.h>
#include <hyp/domain.h>
#include <hyp/guest_atomic.h>

#include <stdio.h>

#include "host_fake_guest.h"

unsigned long host_fake_stxr_ok_first;
unsigned long host_fake_stxr_fail;
unsigned long host_fake_stxr_attempts;
static unsigned long nr_crash_deferred;
static struct domain *last_crash_deferred;

void host_fake_guest_atomic_reset(void)
{
	host_fake_stxr_ok_first = 0;
	host_fake_stxr_fail = 0;
	host_fake_stxr_attempts = 0;
	nr_crash_deferred = 0;
	last_crash_deferred = NULL;
}

unsigned long host_fake_nr_crash_deferred(void)
{
	return nr_crash_deferred;
}

struct domain *host_fake_last_crash_deferred(void)
{
	return last_crash_deferred;
}

__weak void domain_crash_deferred(struct domain *d, const char *why)
{
	(void)why;
	__atomic_add_fetch(&nr_crash_deferred, 1, __ATOMIC_RELAXED);
	last_crash_deferred = d;
	d->crash_deferred = true;
}
