/* SPDX-License-Identifier: MIT */
/*
 * Interrupt registration and dispatch on top of the GIC driver. Handlers
 * are looked up without a lock: request_irq publishes the data before the
 * handler pointer, and do_irq reads them in the opposite order. release_irq
 * clears the pointer, then waits for dispatches that may still hold the
 * old one (irq_desc.busy), so its data may be freed afterwards.
 *
 * Lock order: irq_desc_lock is a leaf; no handler runs under it.
 */
/* First: glibc (host tests) also defines some of its names. */
#include <hyp/compiler.h>
#include <hyp/errno.h>
#include <hyp/irq.h>
#include <hyp/lib.h>
#include <hyp/percpu.h>
#include <hyp/spinlock.h>
#include <hyp/timer.h>

/* Interrupts handled per exception before returning to what was running. */
#define IRQ_BATCH 16

struct irq_desc {
	irq_handler_t handler;
	void *data;
	unsigned int type;
	bool warned; /* "no handler" already logged */
	/* Handed to a guest: only drop priority, the guest deactivates it. */
	bool forwarded;
	/* DT trigger type recorded for an SPI not routed yet (passthrough). */
	bool type_known;
	unsigned int busy; /* CPUs in its handler right now */
};

static void ipi_ping(unsigned int irq, void *data)
{
	arch_this_cpu()->ipi_ping_count++;
}

static void ipi_timer(unsigned int irq, void *data)
{
	timer_softirq();
}

/* IPIs used by common code are wired up before any CPU can send one. */
static struct irq_desc irq_desc[MAX_IRQS] = {
	[IPI_PING] = {.handler = ipi_ping, .type = IRQ_TYPE_EDGE},
	[IPI_TIMER] = {.handler = ipi_timer, .type = IRQ_TYPE_EDGE},
};
static DEFINE_SPINLOCK(irq_desc_lock);
static u64 nr_unhandled;

int request_irq_forwarded(unsigned int irq, unsigned int type, irq_handler_t h,
			  void *data)
{
	int rc;

	if (irq < NR_SGIS + NR_PPIS)
		return -EINVAL; /* only SPIs belong to one guest */
	irq_desc[irq].forwarded = true;
	rc = request_irq(irq, type, h, data);
	if (rc)
		irq_desc[irq].forwarded = false;
	return rc;
}

int request_irq(unsigned int irq, unsigned int type, irq_handler_t h,
		void *data)
{
	struct irq_desc *d;
	unsigned long flags;
	int rc = 0;

	if (!h || irq >= MAX_IRQS || (gic && irq >= gic->nr_lines))
		return -EINVAL;
	if (type != IRQ_TYPE_LEVEL && type != IRQ_TYPE_EDGE)
		return -EINVAL;
	if (irq < NR_SGIS)
		type = IRQ_TYPE_EDGE;

	d = &irq_desc[irq];
	flags = spin_lock_irqsave(&irq_desc_lock);
	if (d->handler && (d->handler != h || d->data != data)) {
		rc = -EBUSY;
	} else {
		d->data = data;
		d->type = type;
		d->warned = false;
		__atomic_store_n(&d->handler, h, __ATOMIC_RELEASE);
	}
	spin_unlock_irqrestore(&irq_desc_lock, flags);

	/* SGIs are always enabled; PPIs only here, on the calling CPU. */
	if (!rc && irq >= NR_SGIS && gic) {
		flags = local_irq_save();
		gic->enable(irq, type);
		local_irq_restore(flags);
	}
	return rc;
}

int release_irq(unsigned int irq, void *data)
{
	struct irq_desc *d;
	unsigned long flags;
	int rc = 0;

	if (irq < NR_SGIS + NR_PPIS || irq >= MAX_IRQS)
		return -EINVAL;
	d = &irq_desc[irq];
	flags = spin_lock_irqsave(&irq_desc_lock);
	if (!d->handler || d->data != data) {
		rc = -ENOENT;
	} else {
		if (gic)
			gic->disable(irq);
		__atomic_store_n(&d->handler, NULL, __ATOMIC_SEQ_CST);
	}
	spin_unlock_irqrestore(&irq_desc_lock, flags);
	if (rc)
		return rc;
	/* A CPU that got the old pointer is still in the handler. */
	while (__atomic_load_n(&d->busy, __ATOMIC_ACQUIRE))
		barrier();
	d->data = NULL;
	d->forwarded = false;
	d->warned = false;
	return 0;
}

bool irq_in_use(unsigned int irq)
{
	return irq < MAX_IRQS &&
	       __atomic_load_n(&irq_desc[irq].handler, __ATOMIC_ACQUIRE);
}

void irq_set_dt_type(unsigned int irq, unsigned int type)
{
	unsigned long flags;

	if (irq < NR_SGIS + NR_PPIS || irq >= MAX_IRQS)
		return;
	flags = spin_lock_irqsave(&irq_desc_lock);
	if (!irq_desc[irq].handler) {
		irq_desc[irq].type = type;
		irq_desc[irq].type_known = true;
	}
	spin_unlock_irqrestore(&irq_desc_lock, flags);
}

unsigned int irq_dt_type(unsigned int irq)
{
	if (irq >= MAX_IRQS || !irq_desc[irq].type_known)
		return IRQ_TYPE_LEVEL;
	return irq_desc[irq].type;
}

void enable_ppi(unsigned int irq, unsigned int type)
{
	unsigned long flags;

	if (irq < NR_SGIS || irq >= NR_SGIS + NR_PPIS || !gic) {
		printk(HYPLOG_WARNING "enable_ppi: %u is not a PPI\n", irq);
		return;
	}
	flags = local_irq_save();
	gic->enable(irq, type);
	local_irq_restore(flags);
}

static void unhandled(unsigned int irq, struct irq_desc *d)
{
	__atomic_add_fetch(&nr_unhandled, 1, __ATOMIC_RELAXED);
	/* Keep a stuck level interrupt from storming; SGIs cannot storm. */
	if (irq >= NR_SGIS)
		gic->disable(irq);
	if (!__atomic_exchange_n(&d->warned, true, __ATOMIC_RELAXED))
		printk(HYPLOG_WARNING "IRQ %u on CPU%u has no handler%s\n", irq,
		       smp_processor_id(), irq >= NR_SGIS ? ": disabled" : "");
}

static void dispatch(unsigned int irq)
{
	struct irq_desc *d = &irq_desc[irq];
	irq_handler_t h;

	/* Seen by release_irq before it can miss our handler pointer. */
	__atomic_add_fetch(&d->busy, 1, __ATOMIC_SEQ_CST);
	h = __atomic_load_n(&d->handler, __ATOMIC_SEQ_CST);
	if (likely(h))
		h(irq, d->data);
	else
		unhandled(irq, d);
	__atomic_sub_fetch(&d->busy, 1, __ATOMIC_RELEASE);
}

void do_irq(struct cpu_regs *regs)
{
	struct cpu_info *ci = arch_this_cpu();
	unsigned int n, irq;

	if (unlikely(!gic))
		return;
	for (n = 0; n < IRQ_BATCH; n++) {
		irq = gic->ack();
		if (irq >= MAX_IRQS)
			break; /* spurious: nothing (more) pending */
		ci->irq_count++;
		if (irq < NR_SGIS) {
			/*
			 * Complete first: an IPI_STOP handler never returns
			 * and must not leave the SGI active. A new SGI sent
			 * meanwhile stays pending and is taken next round.
			 */
			gic->eoi(irq);
			dispatch(irq);
		} else if (irq_desc[irq].forwarded) {
			dispatch(irq);
			gic->drop(irq);
		} else {
			dispatch(irq);
			gic->eoi(irq);
		}
	}
}

void send_ipi(unsigned int cpu, enum ipi_kind kind)
{
	if (!gic || cpu >= nr_cpu_ids || cpu >= NR_CPUS ||
	    (unsigned int)kind >= NR_SGIS)
		return;
	gic->send_sgi(kind, cpu);
}

void send_ipi_allbutself(enum ipi_kind kind)
{
	unsigned int cpu, self = smp_processor_id();

	for_each_online_cpu (cpu) {
		if (cpu != self)
			send_ipi(cpu, kind);
	}
}

u64 irq_unhandled_count(void)
{
	return __atomic_load_n(&nr_unhandled, __ATOMIC_RELAXED);
}
