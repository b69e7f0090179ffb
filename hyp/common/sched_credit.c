/* SPDX-License-Identifier: MIT */
/*
 * The scheduler's policy: weights and caps (see hyp/sched_credit.h).
 *
 * Lock order: none of its own; every function runs under sched.c's
 * sched_lock (or single-threaded in unit tests).
 */
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/lib.h>
#include <hyp/sched_credit.h>

static unsigned int weight_of(const struct domain *d)
{
	return d->sched.weight ? d->sched.weight : SCHED_DEFAULT_WEIGHT;
}

static u64 period_of(s_time_t now)
{
	return now > 0 ? (u64)now / SCHED_CAP_PERIOD : 0;
}

/* A new period gives a capped domain its budget, less what it owes. */
static void refill(struct sched_credit_dom *c, s_time_t now)
{
	u64 p = period_of(now);
	s64 full;

	if (!c->cap || p == c->period)
		return;
	full = (s64)c->cap * SCHED_CAP_PERIOD / 100;
	/*
	 * An overrun (timer latency) is paid back from the next periods, so
	 * the cap holds on average; a bounded debt, so it never parks the
	 * domain for long.
	 */
	c->budget = full + (c->budget < 0 ? MAX(c->budget, -4 * full) : 0);
	c->period = p;
}

static u64 scaled(const struct vcpu *v, s_time_t ran)
{
	return (u64)ran * SCHED_DEFAULT_WEIGHT / weight_of(v->domain);
}

u64 sched_credit_vtime(const struct vcpu *v, s_time_t now)
{
	s_time_t ran = now - v->credit.charged_to;

	return v->credit.vtime + (ran > 0 ? scaled(v, ran) : 0);
}

void sched_credit_charge(struct vcpu *v, s_time_t now)
{
	struct sched_credit_dom *c = &v->domain->sched;
	s_time_t ran = now - v->credit.charged_to;

	if (ran <= 0)
		return;
	v->credit.charged_to = now;
	v->credit.vtime += scaled(v, ran);
	if (c->cap) {
		refill(c, now);
		c->budget -= ran;
	}
}

void sched_credit_start(struct vcpu *v, s_time_t now)
{
	v->credit.charged_to = now;
}

void sched_credit_wake(struct vcpu *v, u64 vclock)
{
	if (v->credit.vtime < vclock)
		v->credit.vtime = vclock;
}

bool sched_credit_eligible(struct vcpu *v, s_time_t now)
{
	struct sched_credit_dom *c = &v->domain->sched;

	if (!c->cap)
		return true;
	refill(c, now);
	return c->budget > 0;
}

s_time_t sched_credit_run_limit(struct vcpu *v, s_time_t now, s_time_t max)
{
	struct sched_credit_dom *c = &v->domain->sched;

	if (!c->cap)
		return max;
	refill(c, now);
	return c->budget <= 0 ? 0 : MIN((s_time_t)c->budget, max);
}

s_time_t sched_credit_next_period(s_time_t now)
{
	return (s_time_t)(period_of(now) + 1) * SCHED_CAP_PERIOD;
}

bool sched_credit_before(const struct vcpu *a, const struct vcpu *b)
{
	return a->credit.vtime < b->credit.vtime;
}

struct vcpu *sched_credit_pick(struct list_head *runq, s_time_t now,
			       bool *parked)
{
	struct vcpu *v, *best = NULL;

	*parked = false;
	/* A linear scan: a pCPU's queue holds a handful of vCPUs. */
	list_for_each_entry (v, runq, runq_elem) {
		if (!sched_credit_eligible(v, now)) {
			*parked = true;
			continue;
		}
		if (!best || sched_credit_before(v, best))
			best = v;
	}
	return best;
}

int sched_credit_set(struct domain *d, u16 weight, u16 cap)
{
	if (cap > 100 * d->max_vcpus)
		return -EINVAL;
	if (weight)
		d->sched.weight = weight;
	if (cap != d->sched.cap) {
		d->sched.cap = cap;
		d->sched.period = 0;
		d->sched.budget = 0; /* a full budget at the next look */
	}
	return 0;
}

void sched_credit_get(const struct domain *d, u16 *weight, u16 *cap)
{
	*weight = (u16)weight_of(d);
	*cap = d->sched.cap;
}
