/* SPDX-License-Identifier: MIT */
/*
 * One-shot timer events. Each CPU keeps its pending timers sorted by
 * deadline in cpu_info[].timers under its own lock (other CPUs may queue
 * onto it), and its EL2 timer armed for the head of that queue.
 *
 * Lock order: timer_lock[cpu] is innermost, always taken with interrupts
 * masked, never two at once. Callbacks run in the timer interrupt without
 * it, so they must take only locks that are everywhere taken with
 * interrupts masked (irqsave): not d->lock, not an event or grant lock.
 * Work needing those is deferred (domain_shutdown_deferred()).
 */
/* First: glibc (host tests) also defines some of its names. */
#include <hyp/compiler.h>
#include <hyp/irq.h>
#include <hyp/lib.h>
#include <hyp/percpu.h>
#include <hyp/spinlock.h>
#include <hyp/timer.h>

/* Callbacks run per interrupt before letting anything else in. */
#define TIMER_BATCH 64

static spinlock_t timer_lock[NR_CPUS];

/* ---- time ---- */

s_time_t ticks_to_ns(u64 ticks)
{
	u64 f = arch_counter_freq();

	if (!f)
		return 0; /* before arch_time_init(): no time yet */
	/* Split at whole seconds: ticks % f < 2^32, so nothing overflows. */
	return (s_time_t)((ticks / f) * NSEC_PER_SEC +
			  (ticks % f) * NSEC_PER_SEC / f);
}

u64 ns_to_ticks(s_time_t ns)
{
	u64 f = arch_counter_freq();
	u64 r;

	if (ns <= 0)
		return 0;
	r = (u64)ns % NSEC_PER_SEC;
	return ((u64)ns / NSEC_PER_SEC) * f +
	       (r * f + NSEC_PER_SEC - 1) / NSEC_PER_SEC;
}

s_time_t NOW(void)
{
	return ticks_to_ns(arch_counter_read());
}

/* ---- timer queues ---- */

/* The queue of cpu, with its lock held. */
static struct list_head *queue(unsigned int cpu)
{
	struct list_head *q = &cpu_info[cpu].timers;

	/* cpu_info is static: a CPU's queue may be used before its setup. */
	if (!q->next)
		INIT_LIST_HEAD(q);
	return q;
}

/* 0 means "disarm" to the arch, so a due-now deadline becomes 1. */
static void program(s_time_t expires)
{
	arch_timer_program(expires > 0 ? expires : 1);
}

void init_timer(struct timer *t, void (*fn)(void *), void *data,
		unsigned int cpu)
{
	BUG_ON(cpu >= NR_CPUS);
	INIT_LIST_HEAD(&t->list);
	t->expires = 0;
	t->fn = fn;
	t->data = data;
	t->cpu = cpu;
	t->active = false;
	t->killed = false;
	t->running = false;
}

void set_timer(struct timer *t, s_time_t expires)
{
	unsigned int cpu = t->cpu;
	struct list_head *q, *pos;
	unsigned long flags;
	bool head;

	flags = spin_lock_irqsave(&timer_lock[cpu]);
	/* A callback racing with kill_timer() must not bring it back. */
	if (t->killed) {
		spin_unlock_irqrestore(&timer_lock[cpu], flags);
		return;
	}
	q = queue(cpu);
	if (t->active)
		list_del(&t->list);
	t->expires = expires;
	t->active = true;
	/* After all timers due at the same time: equal deadlines stay FIFO. */
	list_for_each (pos, q) {
		if (list_entry(pos, struct timer, list)->expires > expires)
			break;
	}
	list_add_tail(&t->list, pos);
	head = q->next == &t->list;
	if (head && cpu == smp_processor_id())
		program(expires);
	spin_unlock_irqrestore(&timer_lock[cpu], flags);

	/* Only the owning CPU can reach its EL2 timer. */
	if (head && cpu != smp_processor_id())
		send_ipi(cpu, IPI_TIMER);
}

void stop_timer(struct timer *t)
{
	unsigned int cpu = t->cpu;
	unsigned long flags;

	flags = spin_lock_irqsave(&timer_lock[cpu]);
	/* The hardware may still fire for it; timer_softirq copes. */
	if (t->active) {
		list_del(&t->list);
		t->active = false;
	}
	spin_unlock_irqrestore(&timer_lock[cpu], flags);
}

/*
 * Cannot deadlock as long as the caller holds no lock the callback takes
 * (callbacks take only irqsave locks, see the top) and is not the
 * callback itself: the callback then always runs to completion, on its
 * own CPU, whether or not that CPU is the caller's (on the caller's own
 * CPU it would have to have interrupted the caller and so has finished).
 */
void kill_timer(struct timer *t)
{
	unsigned int cpu = t->cpu;
	unsigned long flags;

	flags = spin_lock_irqsave(&timer_lock[cpu]);
	t->killed = true;
	if (t->active) {
		list_del(&t->list);
		t->active = false;
	}
	spin_unlock_irqrestore(&timer_lock[cpu], flags);
	/* Acquire: what the callback did happens before the caller frees. */
	while (__atomic_load_n(&t->running, __ATOMIC_ACQUIRE))
		barrier();
}

void timer_softirq(void)
{
	unsigned int cpu = smp_processor_id();
	struct list_head *q;
	unsigned long flags;
	struct timer *t;
	void (*fn)(void *);
	void *data;
	unsigned int n;

	flags = spin_lock_irqsave(&timer_lock[cpu]);
	q = queue(cpu);
	for (n = 0;; n++) {
		if (list_empty(q)) {
			arch_timer_program(0);
			break;
		}
		t = list_first_entry(q, struct timer, list);
		/* Arming for a passed deadline just fires again at once. */
		if (t->expires > NOW() || n == TIMER_BATCH) {
			program(t->expires);
			break;
		}
		list_del(&t->list);
		t->active = false;
		__atomic_store_n(&t->running, true, __ATOMIC_RELAXED);
		fn = t->fn;
		data = t->data;
		spin_unlock_irqrestore(&timer_lock[cpu], flags);
		fn(data);
		flags = spin_lock_irqsave(&timer_lock[cpu]);
		/* Last touch of t: kill_timer()'s caller may free it now. */
		__atomic_store_n(&t->running, false, __ATOMIC_RELEASE);
	}
	spin_unlock_irqrestore(&timer_lock[cpu], flags);
}
