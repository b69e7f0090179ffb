/* SPDX-License-Identifier: MIT */
/*
 * Timers (common/timer.c) and domain watchdogs (common/watchdog.c) with
 * the deferred shutdown (common/domain_deferred.c), found in the XSA-147
 * review: a watchdog expiring while its domain's vCPU holds d->lock must
 * not take it (the fake spinlock aborts on a recursive acquisition, as the
 * real one would hang), and kill_timer() must wait for a callback running
 * on another pCPU before the caller frees its data.
 */
/* hyp headers first: compiler.h defines names glibc also defines. */
#include <hyp/compiler.h>
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/irq.h>
#include <hyp/percpu.h>
#include <hyp/timer.h>
#include <public/sched.h>

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

/* ---- what timer.c and domain_deferred.c use ---- */

struct cpu_info cpu_info[NR_CPUS];
LIST_HEAD(domain_list);
DEFINE_SPINLOCK(domlist_lock);

static s_time_t fake_now; /* the counter, at 1 GHz: ticks == ns */

u64 arch_counter_read(void)
{
	return (u64)__atomic_load_n(&fake_now, __ATOMIC_RELAXED);
}

u64 arch_counter_freq(void)
{
	return NSEC_PER_SEC;
}

static s_time_t programmed;

void arch_timer_program(s_time_t deadline)
{
	programmed = deadline;
}

void send_ipi(unsigned int cpu, enum ipi_kind kind)
{
	(void)cpu;
	(void)kind;
}

static unsigned int nr_shutdowns, nr_crashes;

/* As common/domain.c's: takes d->lock, first reason wins. */
void domain_shutdown(struct domain *d, u8 reason)
{
	spin_lock(&d->lock);
	if (d->state != DOMSTATE_RUNNING) {
		spin_unlock(&d->lock);
		return;
	}
	d->state = DOMSTATE_SHUTDOWN;
	d->shutdown_code = reason;
	spin_unlock(&d->lock);
	nr_shutdowns++;
}

void domain_crash(struct domain *d, const char *why)
{
	(void)why;
	nr_crashes++;
	domain_shutdown(d, SHUTDOWN_crash);
}

void vcpu_sleep(struct vcpu *v, unsigned int flag)
{
	v->pause_flags |= flag;
}

/* ---- fixtures ---- */

static struct domain dom;

static int setup(void **state)
{
	(void)state;
	fake_now = SECONDS(100);
	nr_shutdowns = nr_crashes = 0;
	domain_crash_deferred_pending = false;
	memset(&dom, 0, sizeof(dom));
	spin_lock_init(&dom.lock);
	dom.domain_id = 3;
	dom.state = DOMSTATE_RUNNING;
	domain_watchdog_init(&dom);
	INIT_LIST_HEAD(&domain_list);
	list_add_tail(&dom.domlist, &domain_list);
	INIT_LIST_HEAD(&cpu_info[0].timers);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	domain_watchdog_destroy(&dom);
	assert_true(list_empty(&cpu_info[0].timers));
	return 0;
}

/* ---- watchdogs ---- */

/*
 * The bug: the guest arms a 1 s watchdog and has its vCPU inside a
 * hypercall holding d->lock when it fires. The callback must not take the
 * lock; the shutdown happens at the next flush (guest entry / idle loop).
 */
static void test_watchdog_fires_under_domain_lock(void **state)
{
	(void)state;
	assert_int_equal(domain_watchdog(&dom, 0, 1), 1);
	spin_lock(&dom.lock); /* e.g. map_shared_info, interrupts on */
	fake_now += SECONDS(1);
	timer_softirq(); /* the timer interrupt on that pCPU */
	assert_int_equal(nr_shutdowns, 0);
	assert_int_equal(dom.state, DOMSTATE_RUNNING);
	assert_true(domain_crash_deferred_pending);
	spin_unlock(&dom.lock);

	domain_crash_deferred_flush(); /* the way back to the guest */
	assert_int_equal(nr_shutdowns, 1);
	assert_int_equal(nr_crashes, 0);
	assert_int_equal(dom.state, DOMSTATE_SHUTDOWN);
	assert_int_equal(dom.shutdown_code, SHUTDOWN_watchdog);
	assert_int_equal(dom.shutdown_deferred, 0);
	assert_false(domain_crash_deferred_pending);
	domain_crash_deferred_flush();
	assert_int_equal(nr_shutdowns, 1);
}

/* Not early: a watchdog fires at its deadline, not before. */
static void test_watchdog_deadline_and_kick(void **state)
{
	(void)state;
	assert_int_equal(domain_watchdog(&dom, 0, 2), 1);
	fake_now += SECONDS(1);
	timer_softirq();
	/* Kicked: 3 s from now. */
	assert_int_equal(domain_watchdog(&dom, 1, 3), 0);
	fake_now += SECONDS(2);
	timer_softirq();
	domain_crash_deferred_flush();
	assert_int_equal(nr_shutdowns, 0);
	fake_now += SECONDS(1);
	timer_softirq();
	domain_crash_deferred_flush();
	assert_int_equal(nr_shutdowns, 1);
	assert_int_equal(dom.shutdown_code, SHUTDOWN_watchdog);
}

static void test_watchdog_ids(void **state)
{
	(void)state;
	assert_int_equal(domain_watchdog(&dom, 0, 5), 1);
	assert_int_equal(domain_watchdog(&dom, 0, 5), 2);
	assert_int_equal(domain_watchdog(&dom, 0, 5), -ENOSPC);
	assert_int_equal(domain_watchdog(&dom, 3, 5), -EINVAL);
	/* Freed: stops it, and its id is taken again. */
	assert_int_equal(domain_watchdog(&dom, 1, 0), 0);
	assert_int_equal(domain_watchdog(&dom, 1, 5), -EINVAL);
	assert_int_equal(domain_watchdog(&dom, 2, 0), 0);
	fake_now += SECONDS(10);
	timer_softirq();
	domain_crash_deferred_flush();
	assert_int_equal(nr_shutdowns, 0);
	assert_int_equal(domain_watchdog(&dom, 0, 5), 1);
}

/* Two watchdogs expiring together: one shutdown, one reason. */
static void test_watchdog_both_fire(void **state)
{
	(void)state;
	assert_int_equal(domain_watchdog(&dom, 0, 1), 1);
	assert_int_equal(domain_watchdog(&dom, 0, 1), 2);
	fake_now += SECONDS(1);
	timer_softirq();
	domain_crash_deferred_flush();
	assert_int_equal(nr_shutdowns, 1);
	assert_int_equal(dom.shutdown_code, SHUTDOWN_watchdog);
}

/* A domain that shut down meanwhile is left as it is. */
static void test_deferred_after_shutdown(void **state)
{
	(void)state;
	domain_shutdown_deferred(&dom, SHUTDOWN_watchdog);
	domain_shutdown(&dom, SHUTDOWN_poweroff);
	domain_crash_deferred_flush();
	assert_int_equal(nr_shutdowns, 1);
	assert_int_equal(dom.shutdown_code, SHUTDOWN_poweroff);
}

/* Destroying the domain kills its armed watchdogs: nothing fires. */
static void test_watchdog_destroy(void **state)
{
	(void)state;
	assert_int_equal(domain_watchdog(&dom, 0, 1), 1);
	domain_watchdog_destroy(&dom);
	assert_true(list_empty(&cpu_info[0].timers));
	fake_now += SECONDS(2);
	timer_softirq();
	domain_crash_deferred_flush();
	assert_int_equal(nr_shutdowns, 0);
	assert_int_equal(programmed, 0); /* nothing left: disarmed */
}

/* ---- kill_timer ---- */

static unsigned int nr_fired;

static void count_fn(void *data)
{
	(void)data;
	nr_fired++;
}

static void test_kill_timer_dequeues(void **state)
{
	struct timer t;

	(void)state;
	nr_fired = 0;
	init_timer(&t, count_fn, NULL, 0);
	set_timer(&t, NOW() + MILLISECS(1));
	kill_timer(&t);
	assert_false(t.active);
	/* Later arming is ignored, as from a callback racing the kill. */
	set_timer(&t, NOW() + MILLISECS(1));
	assert_false(t.active);
	fake_now += SECONDS(1);
	timer_softirq();
	assert_int_equal(nr_fired, 0);
	/* Until it is initialised again. */
	init_timer(&t, count_fn, NULL, 0);
	set_timer(&t, NOW());
	timer_softirq();
	assert_int_equal(nr_fired, 1);
	assert_false(t.running);
	/* A zeroed, never initialised timer (a failed creation). */
	memset(&t, 0, sizeof(t));
	kill_timer(&t);
}

/*
 * pCPU A runs the callback (a thread inside timer_softirq), pCPU B tears
 * down (kill_timer): B must not return while the callback runs.
 */
static struct timer slow;
static int slow_entered, slow_release, killed;

static void slow_fn(void *data)
{
	(void)data;
	__atomic_store_n(&slow_entered, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&slow_release, __ATOMIC_SEQ_CST))
		usleep(1000);
}

static void *cpu_a(void *arg)
{
	(void)arg;
	timer_softirq();
	return NULL;
}

static void *cpu_b(void *arg)
{
	(void)arg;
	kill_timer(&slow);
	__atomic_store_n(&killed, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void test_kill_timer_waits_for_callback(void **state)
{
	pthread_t a, b;

	(void)state;
	slow_entered = slow_release = killed = 0;
	init_timer(&slow, slow_fn, NULL, 0);
	set_timer(&slow, NOW());
	assert_int_equal(pthread_create(&a, NULL, cpu_a, NULL), 0);
	while (!__atomic_load_n(&slow_entered, __ATOMIC_SEQ_CST))
		usleep(1000);
	assert_true(__atomic_load_n(&slow.running, __ATOMIC_SEQ_CST));
	assert_int_equal(pthread_create(&b, NULL, cpu_b, NULL), 0);
	usleep(100 * 1000);
	assert_int_equal(__atomic_load_n(&killed, __ATOMIC_SEQ_CST), 0);
	__atomic_store_n(&slow_release, 1, __ATOMIC_SEQ_CST);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	assert_int_equal(killed, 1);
	assert_false(slow.running);
}

/* stop_timer() keeps not waiting: only teardown pays for kill_timer(). */
static void test_stop_timer_then_rearm(void **state)
{
	struct timer t;

	(void)state;
	nr_fired = 0;
	init_timer(&t, count_fn, NULL, 0);
	set_timer(&t, NOW() + MILLISECS(5));
	stop_timer(&t);
	set_timer(&t, NOW() + MILLISECS(5));
	fake_now += MILLISECS(5);
	timer_softirq();
	assert_int_equal(nr_fired, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_watchdog_fires_under_domain_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_watchdog_deadline_and_kick,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_watchdog_ids, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_watchdog_both_fire, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_deferred_after_shutdown,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_watchdog_destroy, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_kill_timer_dequeues, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_kill_timer_waits_for_callback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_timer_then_rearm,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
