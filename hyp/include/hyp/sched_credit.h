/* SPDX-License-Identifier: MIT */
/*
 * The scheduler's policy (common/sched_credit.c): weights and caps with
 * the meaning of Xen's credit2 parameters (XEN_DOMCTL_SCHEDOP_putinfo),
 * for the mechanism in common/sched.c.
 *
 * Weight: runnable vCPUs sharing a pCPU get time in proportion to their
 * domains' weights. Each vCPU has a virtual time that advances by its run
 * time scaled by SCHED_DEFAULT_WEIGHT / weight; the pCPU runs the queued
 * vCPU with the smallest, so a weight of 512 runs twice as long as 256
 * for the same advance. A vCPU that wakes starts no further back than the
 * pCPU's virtual clock (what it ran up to lately): sleeping earns nothing.
 *
 * Cap: a domain with cap C (percent of one pCPU, 0 = none) may run C% of
 * SCHED_CAP_PERIOD per period, summed over its vCPUs; once that budget is
 * spent its vCPUs are parked until the next period (periods are aligned on
 * multiples of SCHED_CAP_PERIOD of system time). An overrun is paid back
 * from the next periods' budgets (up to four periods' worth).
 *
 * All of it runs under sched.c's sched_lock; nothing here takes a lock or
 * touches hardware, so host unit tests drive it directly.
 */
#ifndef HYP_SCHED_CREDIT_H
#define HYP_SCHED_CREDIT_H

#include <hyp/list.h>
#include <hyp/timer.h>
#include <hyp/types.h>

#define SCHED_DEFAULT_WEIGHT 256 /* credit2's default */
#define SCHED_CAP_PERIOD MILLISECS(10)

struct vcpu;
struct domain;

struct sched_credit_vcpu {
	u64 vtime;	     /* virtual time, scaled ns */
	s_time_t charged_to; /* run time charged up to here */
};

struct sched_credit_dom {
	u16 weight; /* 0 means SCHED_DEFAULT_WEIGHT */
	u16 cap;    /* percent of one pCPU, 0 = uncapped */
	s64 budget; /* ns left in period (capped domains) */
	u64 period; /* index of the period budget belongs to */
};

/* Charge v for running from its last charge to now. */
void sched_credit_charge(struct vcpu *v, s_time_t now);
/* v's virtual time as if charged up to now (v running). */
u64 sched_credit_vtime(const struct vcpu *v, s_time_t now);
/* v starts running now (its charge starts here). */
void sched_credit_start(struct vcpu *v, s_time_t now);
/* v was not queued (woken, moved): bring its virtual time up to vclock. */
void sched_credit_wake(struct vcpu *v, u64 vclock);
/* v's domain has budget left now (always for uncapped domains). */
bool sched_credit_eligible(struct vcpu *v, s_time_t now);
/* How long v may run from now before its cap stops it, at most max. */
s_time_t sched_credit_run_limit(struct vcpu *v, s_time_t now, s_time_t max);
/* When parked vCPUs may run again: the start of the next period. */
s_time_t sched_credit_next_period(s_time_t now);
/* a should run before b. */
bool sched_credit_before(const struct vcpu *a, const struct vcpu *b);
/*
 * The vCPU of runq (linked by runq_elem) to run next: eligible, smallest
 * virtual time. NULL if none; *parked tells whether some were skipped for
 * their cap. Not removed from the queue.
 */
struct vcpu *sched_credit_pick(struct list_head *runq, s_time_t now,
			       bool *parked);
/*
 * Domain parameters, as credit2's putinfo: weight 0 keeps the current
 * one; cap 0 removes the cap. 0, or -EINVAL for a cap above 100 per vCPU.
 * Lock held (sched_adjust() in sched.c takes it).
 */
int sched_credit_set(struct domain *d, u16 weight, u16 cap);
void sched_credit_get(const struct domain *d, u16 *weight, u16 *cap);
/* The same under sched.c's lock: set, or read into *weight and *cap. */
int sched_adjust(struct domain *d, bool set, u16 *weight, u16 *cap);

#endif
