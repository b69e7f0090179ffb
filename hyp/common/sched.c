/* SPDX-License-Identifier: MIT */
/*
 * Scheduler with per-pCPU run queues, time slices, blocking and hard
 * affinity. The policy, weights and caps (credit2's parameters), is in
 * sched_credit.c: the queued vCPU with the smallest virtual time runs
 * next, for a slice at most, or until its domain's cap budget is spent;
 * a pCPU whose queue holds only capped-out vCPUs idles until the next cap
 * period.
 *
 * Lock order: sched_lock is taken inside domain and subsystem locks and
 * never the other way round. It protects every run queue and the
 * scheduling fields of struct vcpu (processor, on_runq, is_running).
 */
#include <hyp/arch.h>
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/irq.h>
#include <hyp/irqflags.h>
#include <hyp/lib.h>
#include <hyp/percpu.h>
#include <hyp/sched_credit.h>
#include <hyp/timer.h>
#include <hyp/vcpu_arch.h>
#include <hyp/vgic.h>
#include <hyp/event.h>
#include <hyp/guest_access.h>
#include <public/vcpu.h>
#include <hyp/barrier.h>
#include <hyp/quiesce.h>

#define SLICE MILLISECS(10)

struct sched_pcpu {
	struct list_head runq;
	bool need_resched;
	struct timer slice_timer;
	u64 nr_switches;
	u64 idle_ns;	    /* finished idle periods */
	s_time_t idle_from; /* start of the current one, 0 if not idle */
	u64 vclock;	    /* floor for woken vCPUs' virtual time */
	struct vcpu *curr;  /* marked running here (is_running), or NULL */
	bool yield;	    /* the running vCPU yields: run another */
};

static struct sched_pcpu pcpus[NR_CPUS];
static DEFINE_SPINLOCK(sched_lock);

struct vcpu *current_vcpu(void)
{
	return arch_this_cpu()->curr_vcpu;
}

void set_current_vcpu(struct vcpu *v)
{
	arch_this_cpu()->curr_vcpu = v;
}

static bool runnable(const struct vcpu *v)
{
	return !READ_ONCE(v->pause_flags);
}

static void slice_expired(void *data)
{
	pcpus[smp_processor_id()].need_resched = true;
}

static void ipi_sched(unsigned int irq, void *data)
{
	pcpus[smp_processor_id()].need_resched = true;
}

void sched_init(void)
{
	unsigned int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		INIT_LIST_HEAD(&pcpus[cpu].runq);
		cpu_info[cpu].sched = &pcpus[cpu];
	}
	request_irq(IPI_SCHED, IRQ_TYPE_EDGE, ipi_sched, NULL);
}

/* First allowed online pCPU, preferring the vCPU's current one. */
static unsigned int pick_cpu(const struct vcpu *v)
{
	unsigned int cpu;

	if ((v->hard_affinity & (1UL << v->processor)) &&
	    cpu_info[v->processor].online)
		return v->processor;
	for_each_online_cpu (cpu)
		if (v->hard_affinity & (1UL << cpu))
			return cpu;
	return v->processor;
}

/*
 * Queue a runnable vCPU and poke its pCPU, unless it is this pCPU and the
 * caller is the switch path itself (a re-queue must not preempt the vCPU
 * being switched in). Called with sched_lock held.
 */
static void enqueue_locked_kick(struct vcpu *v, bool kick_self)
{
	unsigned int cpu;

	if (v->on_runq || v->is_running || !runnable(v))
		return;
	cpu = pick_cpu(v);
	v->processor = cpu;
	list_add_tail(&v->runq_elem, &pcpus[cpu].runq);
	v->on_runq = true;
	if (cpu != smp_processor_id())
		send_ipi(cpu, IPI_SCHED);
	else if (kick_self)
		pcpus[cpu].need_resched = true;
}

static void enqueue_locked(struct vcpu *v)
{
	enqueue_locked_kick(v, true);
}

/*
 * Place a vCPU that was not queued (woken, moved) on cpu: no further back
 * than the least virtual time there now, of the running vCPU (charged to
 * now) and the queued ones, so sleeping earns nothing and it cannot starve
 * the others for long. Lock held.
 */
static void place_locked(struct vcpu *v, unsigned int cpu)
{
	struct sched_pcpu *p = &pcpus[cpu];
	s_time_t now = NOW();
	struct vcpu *q;
	bool parked;
	u64 floor = 0;
	bool any = false;

	if (p->curr && p->curr != v) {
		floor = sched_credit_vtime(p->curr, now);
		any = true;
	}
	q = sched_credit_pick(&p->runq, now, &parked);
	if (q && (!any || q->credit.vtime < floor)) {
		floor = q->credit.vtime;
		any = true;
	}
	if (any && floor > p->vclock)
		p->vclock = floor;
	sched_credit_wake(v, p->vclock);
}

void sched_vcpu_init(struct vcpu *v, unsigned int cpu)
{
	INIT_LIST_HEAD(&v->runq_elem);
	v->processor = cpu;
	v->hard_affinity = ~0UL;
	v->pause_flags = VPF_DOWN;
	/* Created down: offline until first scheduled (as Xen). */
	v->runstate.state = RUNSTATE_offline;
	v->runstate.state_entry_time = NOW();
}

void sched_vcpu_destroy(struct vcpu *v)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);

	if (v->on_runq) {
		list_del(&v->runq_elem);
		v->on_runq = false;
	}
	spin_unlock_irqrestore(&sched_lock, flags);
}

void vcpu_wake(struct vcpu *v, unsigned int flag)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);

	v->pause_flags &= ~flag;
	if (!v->on_runq && !v->is_running)
		place_locked(v, pick_cpu(v));
	enqueue_locked(v);
	spin_unlock_irqrestore(&sched_lock, flags);
}

void vcpu_sleep(struct vcpu *v, unsigned int flag)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);

	v->pause_flags |= flag;
	if (v->on_runq) {
		list_del(&v->runq_elem);
		v->on_runq = false;
	}
	if (v->is_running) {
		/* It stops at its next exit; force one if it is elsewhere. */
		if (v->processor == smp_processor_id())
			pcpus[v->processor].need_resched = true;
		else
			send_ipi(v->processor, IPI_SCHED);
	}
	spin_unlock_irqrestore(&sched_lock, flags);
}

/* A deliverable interrupt; the event upcall is one once re-checked. */
bool vcpu_has_pending_work(struct vcpu *v)
{
	evtchn_check_upcall(v);
	return vgic_vcpu_pending(v);
}

void vcpu_block(void)
{
	struct vcpu *v = current;

	vcpu_sleep(v, VPF_BLOCKED);
	/* An interrupt raised before we slept must not be lost. */
	if (vcpu_has_pending_work(v))
		vcpu_wake(v, VPF_BLOCKED);
}

void vcpu_yield(void)
{
	pcpus[smp_processor_id()].yield = true;
	pcpus[smp_processor_id()].need_resched = true;
}

int vcpu_set_affinity(struct vcpu *v, u64 mask)
{
	unsigned long flags;
	unsigned int cpu;
	bool any = false;

	for_each_online_cpu (cpu)
		any |= !!(mask & (1UL << cpu));
	if (!any)
		return -EINVAL;
	flags = spin_lock_irqsave(&sched_lock);
	v->hard_affinity = mask;
	if (!(mask & (1UL << v->processor))) {
		if (v->on_runq) {
			list_del(&v->runq_elem);
			v->on_runq = false;
			place_locked(v, pick_cpu(v));
			enqueue_locked(v);
		} else if (v->is_running) {
			if (v->processor == smp_processor_id())
				pcpus[v->processor].need_resched = true;
			else
				send_ipi(v->processor, IPI_SCHED);
		}
	}
	spin_unlock_irqrestore(&sched_lock, flags);
	return 0;
}

/*
 * The policy's choice among the queued vCPUs (sched_credit_pick), taken
 * off the queue; with prev given (charged, still runnable here), NULL
 * when prev should go on instead. *parked: capped-out vCPUs were left.
 * Called with sched_lock held.
 */
static struct vcpu *pick_next_locked(unsigned int cpu, struct vcpu *prev,
				     s_time_t now, bool *parked)
{
	struct sched_pcpu *p = &pcpus[cpu];
	struct vcpu *v = sched_credit_pick(&p->runq, now, parked);

	if (!v || (prev && !sched_credit_before(v, prev)))
		return NULL;
	list_del(&v->runq_elem);
	v->on_runq = false;
	if (v->credit.vtime > p->vclock)
		p->vclock = v->credit.vtime;
	return v;
}

/* Whether prev, runnable, may go on running on cpu. Lock held. */
static bool may_continue(struct vcpu *prev, unsigned int cpu, s_time_t now)
{
	return prev && runnable(prev) && (prev->hard_affinity & (1UL << cpu)) &&
	       sched_credit_eligible(prev, now);
}

/*
 * The slice timer for v starting or going on at now: the end of its
 * slice when others wait, of its cap budget, or of the period when
 * capped-out vCPUs wait for it (they may come first then).
 */
static void arm_slice(struct sched_pcpu *p, struct vcpu *v, s_time_t now)
{
	s_time_t limit, period_end;
	bool others, parked;

	spin_lock(&sched_lock);
	limit = sched_credit_run_limit(v, now, SLICE);
	others = !list_empty(&p->runq);
	if (others) {
		sched_credit_pick(&p->runq, now, &parked);
		period_end = sched_credit_next_period(now);
		if (parked && period_end < now + limit)
			limit = period_end - now;
	}
	spin_unlock(&sched_lock);
	if (others || limit < SLICE)
		set_timer(&p->slice_timer, now + limit);
	else
		stop_timer(&p->slice_timer);
}

/*
 * Runstate accounting (public/vcpu.h), copied to the guest's registered
 * area while its context is loaded, since the area is a guest virtual
 * address. With VMASST_TYPE_runstate_update_flag the guest can tell a
 * torn update by XEN_RUNSTATE_UPDATE in state_entry_time.
 */
/*
 * Only the pCPU v runs on changes its runstate; runstate_seq lets other
 * pCPUs (vcpu_runstate_get) take a consistent copy without a lock.
 */
static void runstate_set(struct vcpu *v, int state, s_time_t now)
{
	struct vcpu_runstate_info *r = &v->runstate;

	WRITE_ONCE(v->runstate_seq, v->runstate_seq + 1);
	smp_wmb();
	if (r->state >= 0 && r->state < 4 && r->state_entry_time)
		r->time[r->state] += now - r->state_entry_time;
	r->state = state;
	r->state_entry_time = now;
	smp_wmb();
	WRITE_ONCE(v->runstate_seq, v->runstate_seq + 1);
}

void vcpu_runstate_get(struct vcpu *v, struct vcpu_runstate_info *out)
{
	u32 seq;

	do {
		seq = READ_ONCE(v->runstate_seq);
		smp_rmb();
		*out = v->runstate;
		smp_rmb();
	} while ((seq & 1) || seq != READ_ONCE(v->runstate_seq));
	if (v != current && out->state >= 0 && out->state < 4) {
		s_time_t delta = NOW() - (s_time_t)out->state_entry_time;

		if (delta > 0)
			out->time[out->state] += delta;
	}
}

static void runstate_publish(struct vcpu *v)
{
	u64 gva = v->runstate_gva;
	u64 t = v->runstate.state_entry_time;
	bool flag = v->domain->vm_assist &
		    (1UL << VMASST_TYPE_runstate_update_flag);
	u64 entry_off = offsetof(struct vcpu_runstate_info, state_entry_time);

	if (!gva)
		return;
	if (flag) {
		u64 busy = t | XEN_RUNSTATE_UPDATE;

		copy_to_guest(gva + entry_off, &busy, sizeof(busy));
		smp_wmb();
	}
	copy_to_guest(gva, &v->runstate, sizeof(v->runstate));
	if (flag) {
		smp_wmb();
		copy_to_guest(gva + entry_off, &t, sizeof(t));
	}
}

static int runstate_when_off(const struct vcpu *v)
{
	unsigned int f = READ_ONCE(v->pause_flags);

	if (!f)
		return RUNSTATE_runnable;
	if (f & (VPF_DOWN | VPF_PAUSED))
		return RUNSTATE_offline;
	return RUNSTATE_blocked;
}

static void switch_out(struct vcpu *prev, s_time_t now)
{
	runstate_set(prev, runstate_when_off(prev), now);
	runstate_publish(prev);
	arch_ctxt_switch_from(prev);
	prev->run_time += now - prev->slice_start;
	spin_lock(&sched_lock);
	sched_credit_charge(prev, now);
	prev->is_running = false;
	pcpus[smp_processor_id()].curr = NULL;
	/* Still runnable (preempted, or woken meanwhile): queue it again. */
	enqueue_locked_kick(prev, false);
	spin_unlock(&sched_lock);
	set_current_vcpu(NULL);
}

static void switch_in(struct vcpu *next, s_time_t now)
{
	struct sched_pcpu *p = &pcpus[smp_processor_id()];

	next->slice_start = now;
	set_current_vcpu(next);
	arch_ctxt_switch_to(next);
	runstate_set(next, RUNSTATE_running, now);
	runstate_publish(next);
	p->nr_switches++;
	spin_lock(&sched_lock);
	sched_credit_start(next, now);
	spin_unlock(&sched_lock);
	arm_slice(p, next, now);
}

/*
 * Wait for work with interrupts enabled; returns the next vCPU, already
 * marked running. Called and returns with interrupts masked.
 */
static struct vcpu *idle_until_work(void)
{
	unsigned int cpu = smp_processor_id();
	struct sched_pcpu *p = &pcpus[cpu];
	struct vcpu *next;

	WRITE_ONCE(p->idle_from, NOW());
	for (;;) {
		bool parked;

		/* No vCPU is ours now: safe to wait for a dying domain's. */
		domain_reap();
		/*
		 * Deferred crashes and shutdowns (a timer callback on this pCPU
		 * asks, then the loop comes round), in a quiesce bracket, so
		 * the domains found stay allocated meanwhile.
		 */
		if (unlikely(__atomic_load_n(&domain_crash_deferred_pending,
					     __ATOMIC_ACQUIRE))) {
			quiesce_enter();
			domain_crash_deferred_flush_slow();
			quiesce_leave();
		}
		spin_lock(&sched_lock);
		p->need_resched = false;
		next = pick_next_locked(cpu, NULL, NOW(), &parked);
		if (next) {
			next->is_running = true;
			p->curr = next;
		}
		spin_unlock(&sched_lock);
		/* Capped-out vCPUs wait here: wake up when they may run. */
		if (!next && parked)
			set_timer(&p->slice_timer,
				  sched_credit_next_period(NOW()));
		if (next) {
			WRITE_ONCE(p->idle_ns,
				   p->idle_ns + (NOW() - p->idle_from));
			WRITE_ONCE(p->idle_from, 0);
			return next;
		}
		/*
		 * WFI with interrupts masked: a pending interrupt still wakes
		 * it (Arm ARM D1.16.2), so one arriving after the queue check
		 * cannot be slept through. Then let it be taken.
		 */
		arch_idle();
		local_irq_enable();
		local_irq_disable();
	}
}

u64 sched_cpu_idle_ns(unsigned int cpu)
{
	struct sched_pcpu *p = &pcpus[cpu];
	s_time_t from = READ_ONCE(p->idle_from);
	u64 ns = READ_ONCE(p->idle_ns);

	/* Racy by a period at most: a statistic, read without the lock. */
	return ns + (from && NOW() > from ? (u64)(NOW() - from) : 0);
}

void sched_maybe_switch(void)
{
	unsigned int cpu = smp_processor_id();
	struct sched_pcpu *p = &pcpus[cpu];
	struct vcpu *prev = current, *next;
	s_time_t now;
	bool parked, cont, yield;

	if (prev && runnable(prev) && !p->need_resched)
		return;

	now = NOW();
	spin_lock(&sched_lock);
	p->need_resched = false;
	yield = p->yield;
	p->yield = false;
	if (prev)
		sched_credit_charge(prev, now);
	cont = may_continue(prev, cpu, now);
	/* A yield lets any eligible queued vCPU run first (as credit's). */
	next = pick_next_locked(cpu, cont && !yield ? prev : NULL, now,
				&parked);
	if (!next && cont) {
		/* Nothing better to run here: keep going. */
		spin_unlock(&sched_lock);
		arm_slice(p, prev, now);
		return;
	}
	if (next) {
		next->is_running = true;
		p->curr = next;
	}
	spin_unlock(&sched_lock);

	if (prev)
		switch_out(prev, now);
	if (!next)
		next = idle_until_work();
	switch_in(next, NOW());
}

static __attribute__((noreturn)) void sched_first_switch(void)
{
	local_irq_disable();
	switch_in(idle_until_work(), NOW());
	arch_enter_guest();
}

__attribute__((noreturn)) void sched_start(void)
{
	struct sched_pcpu *p = &pcpus[smp_processor_id()];

	init_timer(&p->slice_timer, slice_expired, NULL, smp_processor_id());
	/* The guest frame sits where the boot call chain's frames are. */
	arch_call_on_fresh_stack(sched_first_switch);
}

int sched_adjust(struct domain *d, bool set, u16 *weight, u16 *cap)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);
	int rc = 0;

	if (set)
		rc = sched_credit_set(d, *weight, *cap);
	else
		sched_credit_get(d, weight, cap);
	spin_unlock_irqrestore(&sched_lock, flags);
	return rc;
}

void sched_dump(void)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);
	unsigned int cpu;

	for_each_online_cpu (cpu) {
		struct vcpu *v;
		struct vcpu *cur = cpu_info[cpu].curr_vcpu;

		if (cur)
			printk("CPU%u: %lu switches, running d%u v%u\n", cpu,
			       pcpus[cpu].nr_switches, cur->domain->domain_id,
			       cur->vcpu_id);
		else
			printk("CPU%u: %lu switches, idle\n", cpu,
			       pcpus[cpu].nr_switches);
		list_for_each_entry (v, &pcpus[cpu].runq, runq_elem)
			printk("  queued d%u v%u\n", v->domain->domain_id,
			       v->vcpu_id);
	}
	spin_unlock_irqrestore(&sched_lock, flags);
}
