/* SPDX-License-Identifier: MIT */
/*
 * Event channels: the port table of each domain, closing and delivery,
 * upcalls, VIRQs, and the hooks for domain builders and SCHEDOP_poll. The
 * hypercall itself is in event_channel_op.c, the two event ABIs in
 * event_2l.c and event_fifo.c.
 *
 * Locking
 *
 * Each domain's state (struct evtchn_domain) has one spinlock, always
 * taken with interrupts masked since VIRQs are sent from timer callbacks.
 * It protects the port table, the VIRQ bindings, the ABI in use and the
 * FIFO queues. An interdomain channel has an end in each domain, and both
 * ends only change with both domains' locks held.
 *
 * Lock order, outermost first:
 *   evtchn lock of the domain with the lower domain_id (ties, possible only
 *     with a destroyed domain's id reused, broken by address)
 *   > evtchn lock of the other domain
 *   > a consumer's own lock (consumer_fn, e.g. the vpl011's)
 *   > per-vCPU upcall lock (struct evtchn_upcall)
 *   > vgic locks (vgic_inject) > scheduler locks (vcpu_wake).
 * gfn_to_mfn_ram() is only called with no evtchn lock held, so the p2m
 * code may call evtchn_maps_mfn() under its own locks.
 *
 * Sending on an interdomain channel never holds both locks: the sender
 * reads the remote end under its own lock, pins it, drops its lock, takes
 * the remote's, and delivers only if the remote end still points back at
 * the sending port. Closing needs both: when the other domain's lock comes
 * first the closer drops its own and takes both in order, then looks again.
 *
 * Lifetime
 *
 * struct evtchn_domain is reference counted: the domain holds one
 * reference, and code that drops every lock while it still needs another
 * domain's state pins it. evtchn_domain_destroy() marks the state dying
 * (no new ports, no more deliveries), closes every port, and drops the
 * domain's reference; the memory goes with the last one. A dying domain's
 * struct domain is not touched once its lock is released: remote ends are
 * reverted to unbound without looking at the remote guest.
 */
#include <hyp/errno.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/vgic.h>

#include "event_channel_internal.h"

#include <public/hvm/params.h>

/* Attempts at closing a port whose far end keeps changing under us. */
#define CLOSE_TRIES 8

/* ---- locking and lifetime ---- */

unsigned long evtchn_lock(struct evtchn_domain *ed)
{
	return spin_lock_irqsave(&ed->lock);
}

void evtchn_unlock(struct evtchn_domain *ed, unsigned long flags)
{
	spin_unlock_irqrestore(&ed->lock, flags);
}

static bool evtchn_locks_before(const struct evtchn_domain *a,
				const struct evtchn_domain *b)
{
	if (a->domid != b->domid)
		return a->domid < b->domid;
	return (vaddr_t)a < (vaddr_t)b;
}

unsigned long evtchn_lock_two(struct evtchn_domain *a, struct evtchn_domain *b)
{
	unsigned long flags = local_irq_save();

	if (a == b) {
		spin_lock(&a->lock);
	} else if (evtchn_locks_before(a, b)) {
		spin_lock(&a->lock);
		spin_lock(&b->lock);
	} else {
		spin_lock(&b->lock);
		spin_lock(&a->lock);
	}
	return flags;
}

void evtchn_unlock_two(struct evtchn_domain *a, struct evtchn_domain *b,
		       unsigned long flags)
{
	if (a != b)
		spin_unlock(&b->lock);
	spin_unlock(&a->lock);
	local_irq_restore(flags);
}

static void evtchn_free_state(struct evtchn_domain *ed)
{
	unsigned int i;

	if (ed->buckets)
		for (i = 0; i < ed->nr_buckets; i++)
			xfree(ed->buckets[i]);
	if (ed->fifo) {
		xfree(ed->fifo->vcpu);
		xfree(ed->fifo);
	}
	xfree(ed->buckets);
	xfree(ed->virq);
	xfree(ed->upcall);
	xfree(ed);
}

void evtchn_get(struct evtchn_domain *ed)
{
	__atomic_add_fetch(&ed->refs, 1, __ATOMIC_ACQ_REL);
}

void evtchn_put(struct evtchn_domain *ed)
{
	if (__atomic_sub_fetch(&ed->refs, 1, __ATOMIC_ACQ_REL) == 0)
		evtchn_free_state(ed);
}

/* ---- the port table ---- */

/* Add one bucket of ports. */
static int evtchn_grow(struct evtchn_domain *ed)
{
	unsigned int b = ed->nr_valid / EVTCHNS_PER_BUCKET;
	struct evtchn *bucket;

	if (b >= ed->nr_buckets)
		return -ENOSPC;
	bucket = xzalloc_array(struct evtchn, EVTCHNS_PER_BUCKET);
	if (!bucket)
		return -ENOMEM;
	ed->buckets[b] = bucket;
	ed->nr_valid += EVTCHNS_PER_BUCKET;
	return 0;
}

int evtchn_find_free(struct evtchn_domain *ed)
{
	u32 port, limit = MIN(ed->max_port + 1, ed->ops->max_ports);
	int rc;

	if (ed->dying)
		return -EINVAL;
	for (port = 1; port < limit; port++) {
		struct evtchn *ch;

		if (port >= ed->nr_valid) {
			rc = evtchn_grow(ed);
			if (rc)
				return rc;
		}
		ch = evtchn_from_port(ed, port);
		if (ch->state != ECS_FREE)
			continue;
		/* Still queued from its last use (FIFO): not yet. */
		if (ed->ops->is_busy && ed->ops->is_busy(ed, port))
			continue;
		return port;
	}
	return -ENOSPC;
}

void evtchn_claim(struct evtchn_domain *ed, struct evtchn *ch, u8 state,
		  u16 notify_vcpu)
{
	ASSERT(ch->state == ECS_FREE);
	ch->state = state;
	ch->notify_vcpu = notify_vcpu;
	ch->pending = false;
	ch->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
	ed->nr_active++;
}

static void evtchn_release(struct evtchn_domain *ed, struct evtchn *ch,
			   u32 port)
{
	/* A stale event must not show up when the port is bound again. */
	if (!ed->dying)
		ed->ops->clear_pending(ed, port);
	ch->state = ECS_FREE;
	ch->notify_vcpu = 0;
	ch->pending = false;
	if (ch->consumer) {
		ch->consumer = false;
		ed->nr_consumer--;
	}
	ASSERT(ed->nr_active > 0);
	ed->nr_active--;
}

void evtchn_deliver(struct evtchn_domain *ed, struct evtchn *ch, u32 port)
{
	struct vcpu *v;

	if (ed->dying)
		return;
	if (ch->consumer) {
		/* The hypervisor's end: the guest never sees this port. */
		if (ed->consumer_fn)
			ed->consumer_fn(ed->consumer_data);
		return;
	}
	v = evtchn_vcpu(ed, ch->notify_vcpu);
	if (v)
		ed->ops->set_pending(ed, v, ch, port);
}

/*
 * Both ends of an interdomain channel are locked: free ours, and the far
 * end waits for a new partner from our domain, as after alloc_unbound.
 */
static void evtchn_close_pair(struct evtchn_domain *ed, struct evtchn *ch,
			      u32 port, struct evtchn_domain *rd, u32 rport)
{
	struct evtchn *rch;

	BUG_ON(!evtchn_port_valid(rd, rport));
	rch = evtchn_from_port(rd, rport);
	BUG_ON(rch->state != ECS_INTERDOMAIN ||
	       rch->u.interdomain.remote != ed ||
	       rch->u.interdomain.remote_port != port);

	evtchn_release(ed, ch, port);
	rch->state = ECS_UNBOUND;
	rch->u.unbound_remote = ed->domid;
}

int evtchn_close_port(struct evtchn_domain *ed, u32 port, bool guest)
{
	struct evtchn_domain *rd, *pinned = NULL;
	unsigned long flags = evtchn_lock(ed);
	unsigned int tries;
	struct evtchn *ch;
	u32 rport;
	int rc = 0;

	for (tries = 0;; tries++) {
		if (!evtchn_port_valid(ed, port)) {
			rc = -EINVAL;
			break;
		}
		ch = evtchn_from_port(ed, port);
		if (guest && ch->consumer) {
			rc = -EINVAL;
			goto out;
		}
		switch (ch->state) {
		case ECS_FREE:
		case ECS_RESERVED:
			rc = -EINVAL;
			goto out;
		case ECS_VIRQ: {
			unsigned int virq = ch->u.virq;
			unsigned int vid = evtchn_virq_is_global(virq)
						   ? 0
						   : ch->notify_vcpu;

			ASSERT(ed->virq[vid][virq] == port);
			ed->virq[vid][virq] = 0;
			evtchn_release(ed, ch, port);
			goto out;
		}
		case ECS_UNBOUND:
		case ECS_IPI:
			evtchn_release(ed, ch, port);
			goto out;
		case ECS_INTERDOMAIN:
			break;
		default:
			BUG();
		}

		rd = ch->u.interdomain.remote;
		rport = ch->u.interdomain.remote_port;
		if (rd == ed) {
			evtchn_close_pair(ed, ch, port, ed, rport);
			goto out;
		}
		if (evtchn_locks_before(ed, rd)) {
			spin_lock(&rd->lock);
			evtchn_close_pair(ed, ch, port, rd, rport);
			spin_unlock(&rd->lock);
			goto out;
		}
		if (tries == CLOSE_TRIES) {
			rc = -EINVAL;
			goto out;
		}

		/*
		 * rd's lock comes first: take both in order, then recheck.
		 * (No trylock shortcut: this path is then the common one for
		 * half of all pairs, and so well exercised.)
		 */
		if (pinned)
			evtchn_put(pinned);
		pinned = rd;
		evtchn_get(rd);
		spin_unlock(&ed->lock);
		spin_lock(&rd->lock);
		spin_lock(&ed->lock);
		if (ch->state == ECS_INTERDOMAIN &&
		    ch->u.interdomain.remote == rd &&
		    ch->u.interdomain.remote_port == rport) {
			evtchn_close_pair(ed, ch, port, rd, rport);
			spin_unlock(&rd->lock);
			goto out;
		}
		/* It changed while unlocked: look at it again. */
		spin_unlock(&rd->lock);
	}
out:
	evtchn_unlock(ed, flags);
	if (pinned)
		evtchn_put(pinned);
	return rc;
}

/* ---- polling and upcalls ---- */

void evtchn_check_pollers(struct evtchn_domain *ed, u32 port)
{
	struct domain *d = ed->d;
	unsigned int i, n = MIN(ed->max_vcpus, d->max_vcpus);

	if (!d->vcpus)
		return;
	/* Pairs with the poller's barrier between publishing and checking. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (i = 0; i < n; i++) {
		struct vcpu *v = d->vcpus[i];
		u32 want;

		if (!v)
			continue;
		want = __atomic_load_n(&v->poll_evtchn, __ATOMIC_SEQ_CST);
		if (want != port + 1 && want != POLL_ANY_PORT)
			continue;
		if (__atomic_compare_exchange_n(&v->poll_evtchn, &want, 0,
						false, __ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST))
			vcpu_wake(v, VPF_BLOCKED);
	}
}

static struct evtchn_upcall *evtchn_upcall_of(struct vcpu *v)
{
	struct evtchn_domain *ed = v->domain->evtchn;

	if (!ed || v->vcpu_id >= ed->max_vcpus)
		return NULL;
	return &ed->upcall[v->vcpu_id];
}

/*
 * Raise evtchn_upcall_pending (0 -> 1, as Xen's xchg: any non-zero value
 * already means pending). True if it was clear; false if it was set, or
 * the guest kept the byte busy and is being crashed.
 */
static bool upcall_flag_raise(struct vcpu *v)
{
	u8 seen;

	return !guest_cmpxchg8(v->domain, &v->vcpu_info->evtchn_upcall_pending,
			       0, 1, &seen) &&
	       seen == 0;
}

void vcpu_mark_events_pending(struct vcpu *v)
{
	struct evtchn_upcall *up = evtchn_upcall_of(v);
	unsigned long flags;

	if (!up) {
		if (upcall_flag_raise(v))
			vgic_inject(v->domain, v, EVTCHN_PPI_DEFAULT, true);
		return;
	}

	flags = spin_lock_irqsave(&up->lock);
	if (upcall_flag_raise(v)) {
		vgic_inject(v->domain, v, v->domain->evtchn->ppi, true);
		up->line = true;
	}
	spin_unlock_irqrestore(&up->lock, flags);
}

bool vcpu_events_pending(struct vcpu *v)
{
	return __atomic_load_n(&v->vcpu_info->evtchn_upcall_pending,
			       __ATOMIC_ACQUIRE) != 0;
}

void evtchn_check_upcall(struct vcpu *v)
{
	struct evtchn_upcall *up = evtchn_upcall_of(v);
	unsigned long flags;
	bool pending;

	if (!up)
		return;
	/*
	 * Hot path (every return to the guest): line already matches. Others
	 * only raise the flag and the line together under the lock, so a
	 * mismatch seen here is settled below.
	 */
	if (vcpu_events_pending(v) ==
	    __atomic_load_n(&up->line, __ATOMIC_ACQUIRE))
		return;
	flags = spin_lock_irqsave(&up->lock);
	pending = vcpu_events_pending(v);
	if (pending != up->line) {
		vgic_inject(v->domain, v, v->domain->evtchn->ppi, pending);
		up->line = pending;
	}
	spin_unlock_irqrestore(&up->lock, flags);
}

int evtchn_port_poll(struct domain *d, u32 port)
{
	struct evtchn_domain *ed = d->evtchn;
	unsigned long flags;
	int rc = -EINVAL;

	if (!ed)
		return -EINVAL;
	/* Pairs with the fence in evtchn_check_pollers(). */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	flags = evtchn_lock(ed);
	if (evtchn_port_valid(ed, port) &&
	    evtchn_in_use(evtchn_from_port(ed, port)))
		rc = ed->ops->is_pending(ed, port);
	evtchn_unlock(ed, flags);
	return rc;
}

bool evtchn_port_is_pending(struct domain *d, u32 port)
{
	return evtchn_port_poll(d, port) > 0;
}

/* ---- VIRQs and builder ports ---- */

static void evtchn_send_virq(struct evtchn_domain *ed, unsigned int vid,
			     unsigned int virq)
{
	unsigned long flags = evtchn_lock(ed);
	u32 port = ed->virq[vid][virq];

	if (port)
		evtchn_deliver(ed, evtchn_from_port(ed, port), port);
	evtchn_unlock(ed, flags);
}

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
	struct evtchn_domain *ed = v->domain->evtchn;

	ASSERT(virq < NR_VIRQS && !evtchn_virq_is_global(virq));
	if (!ed || virq >= NR_VIRQS || evtchn_virq_is_global(virq) ||
	    v->vcpu_id >= ed->max_vcpus)
		return;
	evtchn_send_virq(ed, v->vcpu_id, virq);
}

void send_guest_global_virq(struct domain *d, unsigned int virq)
{
	struct evtchn_domain *ed = d ? d->evtchn : NULL;

	ASSERT(virq < NR_VIRQS && evtchn_virq_is_global(virq));
	if (!ed || virq >= NR_VIRQS || !evtchn_virq_is_global(virq))
		return;
	evtchn_send_virq(ed, 0, virq);
}

int evtchn_alloc_unbound_port(struct domain *d, u16 remote_domid)
{
	struct evtchn_domain *ed = d->evtchn;
	unsigned long flags;
	struct evtchn *ch;
	int port;

	if (!ed)
		return -EINVAL;
	if (remote_domid == DOMID_SELF)
		remote_domid = d->domain_id;

	flags = evtchn_lock(ed);
	port = evtchn_find_free(ed);
	if (port > 0) {
		ch = evtchn_from_port(ed, port);
		evtchn_claim(ed, ch, ECS_UNBOUND, 0);
		ch->u.unbound_remote = remote_domid;
	}
	evtchn_unlock(ed, flags);
	return port;
}

int evtchn_alloc_consumer_port(struct domain *d, u16 remote_domid,
			       void (*fn)(void *data), void *data)
{
	struct evtchn_domain *ed = d->evtchn;
	unsigned long flags;
	struct evtchn *ch;
	int port;

	if (!ed || !fn)
		return -EINVAL;
	flags = evtchn_lock(ed);
	if (ed->consumer_fn && ed->consumer_fn != fn) {
		port = -EBUSY;
	} else {
		port = ed->dying ? -EINVAL : evtchn_find_free(ed);
	}
	if (port > 0) {
		ch = evtchn_from_port(ed, port);
		evtchn_claim(ed, ch, ECS_UNBOUND, 0);
		ch->u.unbound_remote = remote_domid;
		ch->consumer = true;
		ed->nr_consumer++;
		ed->consumer_fn = fn;
		ed->consumer_data = data;
	}
	evtchn_unlock(ed, flags);
	return port;
}

int evtchn_set_upcall_ppi(struct domain *d, unsigned int ppi)
{
	struct evtchn_domain *ed = d->evtchn;
	unsigned int i;

	if (!ed || ppi < 16 || ppi > 31)
		return -EINVAL;
	/* Lower the old line; evtchn_check_upcall() raises the new one. */
	for (i = 0; i < ed->max_vcpus; i++) {
		struct evtchn_upcall *up = &ed->upcall[i];
		struct vcpu *v = evtchn_vcpu(ed, i);
		unsigned long flags = spin_lock_irqsave(&up->lock);

		if (up->line && v)
			vgic_inject(d, v, ed->ppi, false);
		up->line = false;
		spin_unlock_irqrestore(&up->lock, flags);
	}
	WRITE_ONCE(ed->ppi, ppi);
	d->hvm_params[HVM_PARAM_CALLBACK_IRQ] = HVM_PARAM_CALLBACK_PPI(
		ppi, HVM_PARAM_CALLBACK_TYPE_PPI_FLAG_LOW_LEVEL);
	return 0;
}

unsigned int evtchn_upcall_ppi(const struct domain *d)
{
	return d->evtchn ? READ_ONCE(d->evtchn->ppi) : EVTCHN_PPI_DEFAULT;
}

bool evtchn_maps_mfn(struct domain *d, mfn_t mfn)
{
	struct evtchn_domain *ed = d->evtchn;
	unsigned long flags;
	bool ret;

	if (!ed)
		return false;
	flags = evtchn_lock(ed);
	ret = evtchn_fifo_maps_mfn(ed, mfn);
	evtchn_unlock(ed, flags);
	return ret;
}

/* ---- domain setup and teardown ---- */

int evtchn_domain_init(struct domain *d, unsigned int max_port)
{
	struct evtchn_domain *ed;
	unsigned int i;

	if (d->evtchn)
		return -EEXIST;
	if (!d->max_vcpus || d->max_vcpus > MAX_VIRT_CPUS)
		return -EINVAL;

	ed = xzalloc(struct evtchn_domain);
	if (!ed)
		return -ENOMEM;
	spin_lock_init(&ed->lock);
	ed->d = d;
	ed->domid = d->domain_id;
	ed->refs = 1;
	ed->ppi = EVTCHN_PPI_DEFAULT;
	ed->max_port = MIN(max_port, EVTCHN_FIFO_PORTS - 1);
	ed->max_vcpus = d->max_vcpus;
	ed->ops = &evtchn_2l_ops;
	ed->nr_buckets = ed->max_port / EVTCHNS_PER_BUCKET + 1;
	ed->buckets = xzalloc_array(struct evtchn *, ed->nr_buckets);
	ed->virq = xzalloc_array_bytes(sizeof(*ed->virq), ed->max_vcpus);
	ed->upcall = xzalloc_array(struct evtchn_upcall, ed->max_vcpus);
	if (!ed->buckets || !ed->virq || !ed->upcall || evtchn_grow(ed)) {
		evtchn_free_state(ed);
		return -ENOMEM;
	}
	for (i = 0; i < ed->max_vcpus; i++)
		spin_lock_init(&ed->upcall[i].lock);
	evtchn_from_port(ed, 0)->state = ECS_RESERVED;

	d->evtchn = ed;
	return 0;
}

void evtchn_domain_destroy(struct domain *d)
{
	struct evtchn_domain *ed = d->evtchn;
	unsigned long flags;
	u32 port;

	if (!ed)
		return;

	flags = evtchn_lock(ed);
	ed->dying = true;
	evtchn_unlock(ed, flags);

	/* No port can be allocated any more: nr_valid is final. */
	for (port = 1; port < READ_ONCE(ed->nr_valid); port++)
		evtchn_close_port(ed, port, false);

	flags = evtchn_lock(ed);
	ASSERT(ed->nr_active == 0);
	evtchn_fifo_destroy(ed);
	evtchn_unlock(ed, flags);

	d->evtchn = NULL;
	evtchn_put(ed);
}
