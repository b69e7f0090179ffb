/* SPDX-License-Identifier: MIT */
/*
 * Deferred crash and shutdown: asked for where domain_shutdown() cannot
 * run (a timer interrupt, or with event, grant or domain locks held that
 * d->lock and dom0's event lock must not nest in), done by
 * domain_crash_deferred_flush() on the next guest entry or idle loop pass
 * of any pCPU, with no lock held.
 *
 * Lock order: domlist_lock only, and nothing taken inside it here.
 */
#include <hyp/domain.h>
#include <hyp/guest_atomic.h>
#include <hyp/lib.h>
#include <public/sched.h>

/* Some domain has work deferred (a hint: the flush re-checks). */
bool domain_crash_deferred_pending;

static void mark_pending(void)
{
	__atomic_store_n(&domain_crash_deferred_pending, true,
			 __ATOMIC_RELEASE);
}

/*
 * Only stop the vCPUs now (sched_lock is innermost and irqsave) and leave
 * the rest to the flush.
 */
void domain_crash_deferred(struct domain *d, const char *why)
{
	unsigned int i;

	if (__atomic_exchange_n(&d->crash_deferred, true, __ATOMIC_ACQ_REL))
		return;
	/* Once per domain, so no rate limit is needed. */
	printk(HYPLOG_G_WARNING "d%u: %s: crashing it\n", d->domain_id, why);
	for (i = 0; d->vcpus && i < d->max_vcpus; i++)
		if (d->vcpus[i])
			vcpu_sleep(d->vcpus[i], VPF_PAUSED);
	mark_pending();
}

void domain_shutdown_deferred(struct domain *d, u8 reason)
{
	/* The first reason wins, as domain_shutdown() keeps the first. */
	u8 none = 0;

	__atomic_compare_exchange_n(&d->shutdown_deferred, &none,
				    (u8)(reason + 1), false, __ATOMIC_ACQ_REL,
				    __ATOMIC_ACQUIRE);
	mark_pending();
}

/* A running domain with deferred work, under domlist_lock, or NULL. */
static struct domain *find_deferred(void)
{
	unsigned long flags;
	struct domain *d, *found = NULL;

	flags = spin_lock_irqsave(&domlist_lock);
	list_for_each_entry (d, &domain_list, domlist)
		if (d->state == DOMSTATE_RUNNING &&
		    (__atomic_load_n(&d->crash_deferred, __ATOMIC_ACQUIRE) ||
		     __atomic_load_n(&d->shutdown_deferred,
				     __ATOMIC_ACQUIRE))) {
			found = d;
			break;
		}
	spin_unlock_irqrestore(&domlist_lock, flags);
	return found;
}

void domain_crash_deferred_flush_slow(void)
{
	struct domain *d;

	__atomic_store_n(&domain_crash_deferred_pending, false,
			 __ATOMIC_SEQ_CST);
	/* Each pass takes d out of RUNNING, so it is not found again. */
	while ((d = find_deferred())) {
		u8 reason = __atomic_exchange_n(&d->shutdown_deferred, 0,
						__ATOMIC_ACQ_REL);

		if (__atomic_load_n(&d->crash_deferred, __ATOMIC_ACQUIRE))
			domain_crash(d, "atomic on its shared memory never "
					"completed");
		else if (reason)
			domain_shutdown(d, (u8)(reason - 1));
		/* else another pCPU's flush took it and is shutting d down. */
	}
}
