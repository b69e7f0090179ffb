/* SPDX-License-Identifier: MIT */
/*
 * The scheduler's policy (common/sched_credit.c): driven the way sched.c
 * drives it on one pCPU (charge the running vCPU at every decision, pick
 * the queued vCPU with the smallest virtual time unless the running one
 * still comes first, run to the end of a slice, of the cap budget, or of
 * the period when others are capped out; idle to the next period when
 * everything is capped out), the time each
 * vCPU gets must follow the weights and caps.
 */
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/sched_credit.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#define SLICE MILLISECS(10)
#define NDOM 3

static struct domain doms[NDOM];
static struct vcpu vcpus[NDOM];
static s_time_t ran[NDOM];
static s_time_t idle;
static s_time_t late; /* timer latency: decisions come this much late */

static void setup_doms(unsigned int n)
{
	memset(doms, 0, sizeof(doms));
	memset(vcpus, 0, sizeof(vcpus));
	memset(ran, 0, sizeof(ran));
	idle = 0;
	late = 0;
	for (unsigned int i = 0; i < n; i++) {
		doms[i].domain_id = (domid_t)(i + 1);
		doms[i].max_vcpus = 1;
		vcpus[i].domain = &doms[i];
		INIT_LIST_HEAD(&vcpus[i].runq_elem);
	}
}

/*
 * One pCPU, every vCPU always runnable (spinners), for total ns: the
 * decisions of sched_maybe_switch and idle_until_work. Decisions also come
 * at odd times (tick) as interrupts would bring them.
 */
static void simulate(unsigned int n, s_time_t total, s_time_t tick)
{
	struct list_head runq;
	struct vcpu *cur = NULL;
	s_time_t now = MILLISECS(1000) + 12345, end = now + total;
	s_time_t started = 0, until = 0;
	u64 vclock = 0;

	INIT_LIST_HEAD(&runq);
	for (unsigned int i = 0; i < n; i++) {
		sched_credit_wake(&vcpus[i], vclock);
		list_add_tail(&vcpus[i].runq_elem, &runq);
	}
	while (now < end) {
		struct vcpu *next;
		bool parked, cont;

		if (cur) {
			sched_credit_charge(cur, now);
			ran[cur - vcpus] += now - started;
		}
		cont = cur && sched_credit_eligible(cur, now);
		next = sched_credit_pick(&runq, now, &parked);
		if (next && cont && !sched_credit_before(next, cur))
			next = NULL;
		if (next) {
			list_del(&next->runq_elem);
			if (next->credit.vtime > vclock)
				vclock = next->credit.vtime;
			if (cur)
				list_add_tail(&cur->runq_elem, &runq);
			cur = next;
			sched_credit_start(cur, now);
		} else if (!cont && cur) {
			list_add_tail(&cur->runq_elem, &runq);
			cur = NULL;
		}
		if (!cur) {
			/* Idle: to the next period (parked vCPUs), or a tick. */
			s_time_t wake = parked ? sched_credit_next_period(now)
					       : now + tick;

			idle += wake - now;
			now = wake;
			continue;
		}
		started = now;
		until = now + sched_credit_run_limit(cur, now, SLICE);
		if (until == now)
			fail_msg("d%u picked with no budget",
				 cur->domain->domain_id);
		/* Parked vCPUs get their turn when their budget comes back. */
		sched_credit_pick(&runq, now, &parked);
		if (parked && sched_credit_next_period(now) < until)
			until = sched_credit_next_period(now);
		/* An interrupt-driven decision may come before the timer. */
		now = tick && now + tick < until ? now + tick : until + late;
	}
	if (cur) {
		sched_credit_charge(cur, now);
		ran[cur - vcpus] += now - started;
	}
}

static void near(double got, double want, double tolerance, const char *what)
{
	if (got < want - tolerance || got > want + tolerance)
		fail_msg("%s: %.3f, want %.3f +- %.3f", what, got, want,
			 tolerance);
}

static void test_equal_weights(void **state)
{
	(void)state;
	setup_doms(2);
	simulate(2, MILLISECS(2000), 0);
	near((double)ran[0] / (double)ran[1], 1.0, 0.02, "256:256 share");
	assert_int_equal(idle, 0);
}

static void test_weights_1_to_2(void **state)
{
	u16 w, c;

	(void)state;
	setup_doms(2);
	assert_int_equal(sched_credit_set(&doms[0], 256, 0), 0);
	assert_int_equal(sched_credit_set(&doms[1], 512, 0), 0);
	sched_credit_get(&doms[1], &w, &c);
	assert_int_equal(w, 512);
	simulate(2, MILLISECS(3000), 0);
	near((double)ran[1] / (double)ran[0], 2.0, 0.05, "512:256 share");
	/* The same with decisions at odd times (interrupts). */
	setup_doms(2);
	sched_credit_set(&doms[0], 256, 0);
	sched_credit_set(&doms[1], 512, 0);
	simulate(2, MILLISECS(3000), MICROSECS(1700));
	near((double)ran[1] / (double)ran[0], 2.0, 0.05,
	     "512:256 share, ticking");
	/* Three ways: 100, 200, 700. */
	setup_doms(3);
	sched_credit_set(&doms[0], 100, 0);
	sched_credit_set(&doms[1], 200, 0);
	sched_credit_set(&doms[2], 700, 0);
	simulate(3, MILLISECS(5000), 0);
	near((double)ran[0] / MILLISECS(5000), 0.1, 0.01, "weight 100 of 1000");
	near((double)ran[1] / MILLISECS(5000), 0.2, 0.01, "weight 200 of 1000");
	near((double)ran[2] / MILLISECS(5000), 0.7, 0.01, "weight 700 of 1000");
}

static void test_cap_alone(void **state)
{
	(void)state;
	setup_doms(1);
	assert_int_equal(sched_credit_set(&doms[0], 0, 25), 0);
	simulate(1, MILLISECS(2000), 0);
	near((double)ran[0] / MILLISECS(2000), 0.25, 0.01, "cap 25 spinner");
	near((double)idle / MILLISECS(2000), 0.75, 0.01, "idle beside it");
	/* Interrupts in between change nothing. */
	setup_doms(1);
	sched_credit_set(&doms[0], 0, 25);
	simulate(1, MILLISECS(2000), MICROSECS(300));
	near((double)ran[0] / MILLISECS(2000), 0.25, 0.01,
	     "cap 25 spinner, ticking");
	/* A late timer overruns each period: paid back later. */
	setup_doms(1);
	sched_credit_set(&doms[0], 0, 10);
	late = MICROSECS(2500);
	simulate(1, MILLISECS(2000), 0);
	near((double)ran[0] / MILLISECS(2000), 0.10, 0.01,
	     "cap 10 spinner, timer 2.5 ms late");
}

static void test_cap_with_other(void **state)
{
	(void)state;
	/* A capped spinner beside an uncapped one: cap, and the rest. */
	setup_doms(2);
	sched_credit_set(&doms[0], 0, 25);
	simulate(2, MILLISECS(2000), 0);
	near((double)ran[0] / MILLISECS(2000), 0.25, 0.02, "capped one");
	near((double)ran[1] / MILLISECS(2000), 0.75, 0.02, "uncapped one");
	assert_int_equal(idle, 0);
	/* A cap above its fair share does not matter. */
	setup_doms(2);
	sched_credit_set(&doms[0], 0, 80);
	simulate(2, MILLISECS(2000), 0);
	near((double)ran[0] / (double)ran[1], 1.0, 0.03, "cap 80 of 50");
}

static void test_limits(void **state)
{
	u16 w, c;

	(void)state;
	setup_doms(1);
	sched_credit_get(&doms[0], &w, &c);
	assert_int_equal(w, SCHED_DEFAULT_WEIGHT);
	assert_int_equal(c, 0);
	assert_int_equal(sched_credit_set(&doms[0], 300, 101), -EINVAL);
	sched_credit_get(&doms[0], &w, &c);
	assert_int_equal(w, SCHED_DEFAULT_WEIGHT); /* nothing changed */
	doms[0].max_vcpus = 4;
	assert_int_equal(sched_credit_set(&doms[0], 0, 400), 0);
	sched_credit_get(&doms[0], &w, &c);
	assert_int_equal(c, 400);
	/* Uncapped: always eligible, no limit but the slice. */
	assert_int_equal(sched_credit_set(&doms[0], 0, 0), 0);
	assert_true(sched_credit_eligible(&vcpus[0], 5));
	assert_int_equal(sched_credit_run_limit(&vcpus[0], 5, SLICE), SLICE);
	/* Periods are aligned. */
	assert_int_equal(sched_credit_next_period(MILLISECS(25)),
			 MILLISECS(30));
	/* A woken vCPU catches up with the clock, never goes back. */
	vcpus[0].credit.vtime = 10;
	sched_credit_wake(&vcpus[0], 50);
	assert_int_equal(vcpus[0].credit.vtime, 50);
	sched_credit_wake(&vcpus[0], 20);
	assert_int_equal(vcpus[0].credit.vtime, 50);
	/* A running vCPU's virtual time to now, by its weight. */
	sched_credit_set(&doms[0], 512, 0);
	sched_credit_start(&vcpus[0], 100);
	assert_int_equal(sched_credit_vtime(&vcpus[0], 300), 50 + 100);
	assert_int_equal(sched_credit_vtime(&vcpus[0], 50), 50);
	sched_credit_charge(&vcpus[0], 300);
	assert_int_equal(vcpus[0].credit.vtime, 150);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equal_weights),
		cmocka_unit_test(test_weights_1_to_2),
		cmocka_unit_test(test_cap_alone),
		cmocka_unit_test(test_cap_with_other),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
