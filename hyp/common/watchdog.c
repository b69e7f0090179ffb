/* SPDX-License-Identifier: MIT */
/*
 * Domain watchdogs (SCHEDOP_watchdog, Xen 4.17 semantics).
 *
 * Lock order: d->lock > timer_lock (common/timer.c). The expiry callback
 * runs in the timer interrupt, maybe interrupting this very domain's vCPU
 * inside d->lock (here, or any other hypercall taking it with interrupts
 * on): it takes no lock and defers the shutdown (XSA-147 review).
 */
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/lib.h>
#include <hyp/timer.h>
#include <public/sched.h>

static void watchdog_fired(void *data)
{
	struct domain *d = data;

	/* printk's lock is irqsave; at most NR_WATCHDOGS per arming. */
	printk(HYPLOG_WARNING "Domain %u (%s): watchdog timeout\n",
	       d->domain_id, d->name);
	domain_shutdown_deferred(d, SHUTDOWN_watchdog);
}

void domain_watchdog_init(struct domain *d)
{
	unsigned int i;

	/* Once per domain: re-initialising could hide a running callback. */
	for (i = 0; i < NR_WATCHDOGS; i++)
		init_timer(&d->watchdog[i], watchdog_fired, d, 0);
	d->watchdog_inuse = 0;
}

void domain_watchdog_destroy(struct domain *d)
{
	unsigned int i;

	for (i = 0; i < NR_WATCHDOGS; i++)
		kill_timer(&d->watchdog[i]);
}

long domain_watchdog(struct domain *d, u32 id, u32 timeout)
{
	unsigned int i;
	long rc = -ENOSPC;

	spin_lock(&d->lock);
	if (id == 0) {
		for (i = 0; i < NR_WATCHDOGS; i++)
			if (!(d->watchdog_inuse & (1U << i))) {
				d->watchdog_inuse |= 1U << i;
				set_timer(&d->watchdog[i],
					  NOW() + SECONDS(timeout));
				rc = i + 1;
				break;
			}
	} else if (id > NR_WATCHDOGS ||
		   !(d->watchdog_inuse & (1U << (id - 1)))) {
		rc = -EINVAL;
	} else if (timeout == 0) {
		stop_timer(&d->watchdog[id - 1]);
		d->watchdog_inuse &= ~(1U << (id - 1));
		rc = 0;
	} else {
		set_timer(&d->watchdog[id - 1], NOW() + SECONDS(timeout));
		rc = 0;
	}
	spin_unlock(&d->lock);
	return rc;
}
