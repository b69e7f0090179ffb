/* SPDX-License-Identifier: MIT */
/* Time and one-shot timer events, per physical CPU. */
#ifndef HYP_TIMER_H
#define HYP_TIMER_H

#include <hyp/list.h>
#include <hyp/types.h>

#define MILLISECS(ms) ((s_time_t)(ms)*1000000LL)
#define MICROSECS(us) ((s_time_t)(us)*1000LL)
#define SECONDS(s) ((s_time_t)(s)*1000000000LL)

struct timer {
	struct list_head list;
	s_time_t expires;
	void (*fn)(void *data);
	void *data;
	unsigned int cpu;
	bool active;  /* queued */
	bool killed;  /* kill_timer(): set_timer() ignores it */
	bool running; /* its callback runs now (on t->cpu) */
};

#define NSEC_PER_SEC 1000000000ULL

/* Nanoseconds since boot, from the system counter. */
s_time_t NOW(void);

/*
 * Exact conversions at arch_counter_freq() without overflow for any 64-bit
 * count; ns_to_ticks rounds up so that a deadline converted to ticks is
 * never seen by NOW() as reached too early. Negative ns give 0.
 */
s_time_t ticks_to_ns(u64 ticks);
u64 ns_to_ticks(s_time_t ns);

void init_timer(struct timer *t, void (*fn)(void *), void *data,
		unsigned int cpu);
/*
 * (Re)arm a timer to fire at or after 'expires' on t->cpu, from any CPU
 * (a remote CPU is told with IPI_TIMER). The callback runs in interrupt
 * context on t->cpu, without the queue lock, so it may set_timer() again.
 */
void set_timer(struct timer *t, s_time_t expires);
/* Dequeue; a callback already running on another CPU is not waited for. */
void stop_timer(struct timer *t);
/*
 * For teardown, before freeing t or its data: dequeue it for good (later
 * set_timer()s are ignored until init_timer()) and wait until its callback
 * runs on no CPU. The caller must hold no lock the callback takes and must
 * not be that callback. Safe on a zeroed, never initialised timer.
 */
void kill_timer(struct timer *t);

/*
 * From the timer interrupt or IPI_TIMER: runs this CPU's expired timers,
 * then arms the EL2 timer for the next one (or disarms it).
 */
void timer_softirq(void);

/* ---- arch hooks (arch/<arch>/time.c) ---- */
void arch_time_init(void); /* counter frequency, boot CPU */
/* Per CPU, after gic->cpu_init(): enable the EL2 timer PPI. */
void arch_timer_cpu_init(void);
/* System counter ticks since arch_time_init(). */
u64 arch_counter_read(void);
u64 arch_counter_freq(void); /* Hz, never 0 after arch_time_init() */
/* Arm this CPU's EL2 timer for a NOW()-based deadline; 0 = disarm. */
void arch_timer_program(s_time_t deadline);
/* Busy-wait on the system counter. */
void udelay(u64 us);

#endif
