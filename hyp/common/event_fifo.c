/* SPDX-License-Identifier: MIT */
/*
 * The FIFO event-channel ABI.
 *
 * Each port has a 32-bit event word in guest pages (the event array, one
 * page of 1024 words per EVTCHNOP_expand_array). Each vCPU has a control
 * block in a guest page (EVTCHNOP_init_control) with a ready bitmap and the
 * head of one queue per priority. A queue is a chain of event words linked
 * through their LINK fields; we remember its tail, the guest consumes from
 * the head.
 *
 * Queueing an event (set_pending): set PENDING; unless MASKED, set LINKED
 * (if it was already set the event is queued already). Then, if the queue's
 * tail is still LINKED, write our port into the tail's LINK field with a
 * compare-and-swap; otherwise the queue is empty and the port becomes the
 * head. Finally set the queue's ready bit and raise the upcall.
 *
 * The guest writes these words concurrently and may be hostile. So every
 * access is an atomic operation on a word inside a page we mapped, nothing
 * read from guest memory is used as a pointer or index except after a
 * bounds check, queues are never walked, and the one retry loop (linking
 * onto a tail the guest keeps changing) is bounded: after that the event is
 * dropped, which only harms the misbehaving guest.
 *
 * Everything here runs under the domain's event-channel lock, which also
 * serialises the queues (Xen's per-queue locks are not needed).
 * gfn_to_mfn_ram() is called without that lock held.
 */
#include <hyp/errno.h>
#include <hyp/guest_access.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/printk.h>

#include "event_channel_internal.h"

/* Attempts at linking onto a tail word the guest keeps changing. */
#define FIFO_LINK_TRIES 8

#define FIFO_BIT(b) (1U << EVTCHN_FIFO_##b)

static event_word_t *fifo_word(struct evtchn_domain *ed, u32 port)
{
	struct evtchn_fifo_domain *f = ed->fifo;

	if (!f || port >= f->nr_ports)
		return NULL;
	return f->array[port / EVTCHN_FIFO_WORDS_PER_PAGE] +
	       port % EVTCHN_FIFO_WORDS_PER_PAGE;
}

/*
 * Link *word to port if it is still LINKED, clearing BUSY. *w is the value
 * we believe it has and is updated on a race. 1: linked, or the guest kept
 * the word busy and is being crashed (nothing more to do); 0: not LINKED
 * (the guest consumed it); -EAGAIN: the word changed, try again.
 */
static int fifo_try_link(struct evtchn_domain *ed, event_word_t *word,
			 event_word_t *w, u32 port)
{
	event_word_t old = *w, new, seen;

	if (!(old & FIFO_BIT(LINKED)))
		return 0;
	new = (old & ~(FIFO_BIT(BUSY) | EVTCHN_FIFO_LINK_MASK)) | port;
	if (guest_cmpxchg32(ed->d, word, old, new, &seen) || seen == old)
		return 1;
	*w = seen;
	return -EAGAIN;
}

/*
 * Link the tail word to port. The guest may only change MASKED, PENDING
 * and LINKED of a linked word; setting BUSY keeps a well-behaved one from
 * unmasking meanwhile, so a few attempts are enough. Returns whether the
 * tail was linked (if not, the queue is empty).
 */
static bool fifo_set_link(struct evtchn_domain *ed, event_word_t *word,
			  u32 port)
{
	event_word_t w = __atomic_load_n(word, __ATOMIC_ACQUIRE);
	unsigned int try;
	int ret;

	ret = fifo_try_link(ed, word, &w, port);
	if (ret >= 0)
		return ret;

	guest_set_bit32(ed->d, word, EVTCHN_FIFO_BUSY);
	w = __atomic_load_n(word, __ATOMIC_ACQUIRE);
	for (try = 0; try < FIFO_LINK_TRIES; try++) {
		ret = fifo_try_link(ed, word, &w, port);
		if (ret > 0)
			return true;
		if (ret == 0) {
			guest_clear_bit32(ed->d, word, EVTCHN_FIFO_BUSY);
			return false;
		}
	}
	guest_clear_bit32(ed->d, word, EVTCHN_FIFO_BUSY);
	if (printk_ratelimit())
		printk(HYPLOG_G_WARNING "d%u: FIFO event on port %u lost\n",
		       ed->domid, port);
	return true;
}

static void fifo_set_pending(struct evtchn_domain *ed, struct vcpu *v,
			     struct evtchn *ch, u32 port)
{
	struct evtchn_fifo_vcpu *fv, *old_fv;
	event_word_t *word = fifo_word(ed, port);
	unsigned int prio = ch->priority;
	bool was_pending, linked = true;

	/* No event word yet: raise it when the page is added. */
	if (!word) {
		ch->pending = true;
		return;
	}

	/*
	 * No control block: the guest must not unmask before it has set one
	 * up, so the event can be dropped.
	 */
	fv = &ed->fifo->vcpu[v->vcpu_id];
	if (!fv->cb)
		return;

	was_pending =
		guest_test_and_set_bit32(ed->d, word, EVTCHN_FIFO_PENDING);

	if (!guest_test_bit32(word, EVTCHN_FIFO_MASKED) &&
	    !guest_test_and_set_bit32(ed->d, word, EVTCHN_FIFO_LINKED)) {
		/*
		 * If the port was the tail of the queue it was last put on,
		 * that queue is now empty: forget the tail so the next event
		 * there starts a new chain instead of linking onto us.
		 */
		old_fv = &ed->fifo->vcpu[ch->last_vcpu];
		if (old_fv->tail[ch->last_priority] == port)
			old_fv->tail[ch->last_priority] = 0;
		ch->last_vcpu = v->vcpu_id;
		ch->last_priority = prio;

		linked = false;
		if (fv->tail[prio]) {
			event_word_t *tail = fifo_word(ed, fv->tail[prio]);

			if (tail)
				linked = fifo_set_link(ed, tail, port);
		}
		if (!linked)
			__atomic_store_n(&fv->cb->head[prio], port,
					 __ATOMIC_RELEASE);
		fv->tail[prio] = port;
	}

	if (!linked && !guest_test_and_set_bit32(ed->d, &fv->cb->ready, prio))
		vcpu_mark_events_pending(v);

	if (!was_pending)
		evtchn_check_pollers(ed, port);
}

static void fifo_clear_pending(struct evtchn_domain *ed, u32 port)
{
	event_word_t *word = fifo_word(ed, port);

	/* The guest unlinks and skips events that are no longer pending. */
	if (word)
		guest_clear_bit32(ed->d, word, EVTCHN_FIFO_PENDING);
}

static void fifo_unmask(struct evtchn_domain *ed, struct evtchn *ch, u32 port)
{
	event_word_t *word = fifo_word(ed, port);
	struct vcpu *v = evtchn_vcpu(ed, ch->notify_vcpu);

	if (!word || !v)
		return;

	guest_clear_bit32(ed->d, word, EVTCHN_FIFO_MASKED);
	if (guest_test_bit32(word, EVTCHN_FIFO_PENDING))
		fifo_set_pending(ed, v, ch, port);
}

static bool fifo_is_pending(struct evtchn_domain *ed, u32 port)
{
	event_word_t *word = fifo_word(ed, port);

	return word && guest_test_bit32(word, EVTCHN_FIFO_PENDING);
}

static bool fifo_is_busy(struct evtchn_domain *ed, u32 port)
{
	event_word_t *word = fifo_word(ed, port);

	return word && guest_test_bit32(word, EVTCHN_FIFO_LINKED);
}

/*
 * Later events go to the new queue; one already queued stays where it is
 * (set_pending notices the move through last_vcpu/last_priority).
 */
static int fifo_set_priority(struct evtchn *ch, unsigned int priority)
{
	if (priority > EVTCHN_FIFO_PRIORITY_MIN)
		return -EINVAL;
	ch->priority = priority;
	return 0;
}

const struct evtchn_port_ops evtchn_fifo_ops = {
	.set_pending = fifo_set_pending,
	.clear_pending = fifo_clear_pending,
	.unmask = fifo_unmask,
	.is_pending = fifo_is_pending,
	.is_busy = fifo_is_busy,
	.set_priority = fifo_set_priority,
	.max_ports = EVTCHN_FIFO_PORTS,
};

/* A guest RAM frame of the domain, mapped through the directmap. */
static void *fifo_map(struct domain *d, u64 gfn, mfn_t *mfn)
{
	*mfn = gfn_to_mfn_ram(d, gfn_init(gfn));
	if (mfn_val(*mfn) == mfn_val(INVALID_MFN))
		return NULL;
	return maddr_to_virt(mfn_to_pa(*mfn));
}

/*
 * Switching from 2-level: ports already bound keep a pending event (raised
 * again once their event-array page exists) and get the default priority.
 */
static void fifo_setup_ports(struct evtchn_domain *ed)
{
	u32 port;

	for (port = 1; port < ed->nr_valid; port++) {
		struct evtchn *ch = evtchn_from_port(ed, port);

		if (!evtchn_in_use(ch))
			continue;
		if (evtchn_2l_ops.is_pending(ed, port))
			ch->pending = true;
		ch->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
	}
}

int evtchn_fifo_init_control(struct evtchn_domain *ed,
			     struct evtchn_init_control *ic)
{
	struct evtchn_fifo_domain *fresh = NULL;
	struct evtchn_fifo_vcpu *fv;
	unsigned long flags;
	u32 offset = ic->offset;
	void *page;
	mfn_t mfn;
	int rc = 0;

	ic->link_bits = EVTCHN_FIFO_LINK_BITS;

	if (!evtchn_vcpu(ed, ic->vcpu))
		return -ENOENT;
	/* 8-byte aligned, and the block must not cross the page end. */
	if (offset > PAGE_SIZE - sizeof(struct evtchn_fifo_control_block) ||
	    (offset & 7))
		return -EINVAL;

	page = fifo_map(ed->d, ic->control_gfn, &mfn);
	if (!page)
		return -EINVAL;

	/*
	 * Allocate before locking, whether or not the domain uses FIFO yet
	 * (it is small): the switch to FIFO must not fail half-way.
	 */
	fresh = xzalloc(struct evtchn_fifo_domain);
	if (!fresh)
		return -ENOMEM;
	fresh->vcpu = xzalloc_array(struct evtchn_fifo_vcpu, ed->max_vcpus);
	if (!fresh->vcpu) {
		xfree(fresh);
		return -ENOMEM;
	}

	flags = spin_lock_irqsave(&ed->lock);
	if (ed->dying) {
		rc = -EINVAL;
		goto out;
	}
	if (ed->fifo && ed->fifo->vcpu[ic->vcpu].cb) {
		rc = -EINVAL;
		goto out;
	}

	if (!ed->fifo) {
		ed->fifo = fresh;
		fresh = NULL;
		fifo_setup_ports(ed);
		ed->ops = &evtchn_fifo_ops;
	}
	fv = &ed->fifo->vcpu[ic->vcpu];
	fv->cb_mfn = mfn;
	fv->cb = (struct evtchn_fifo_control_block *)((u8 *)page + offset);
out:
	spin_unlock_irqrestore(&ed->lock, flags);
	if (fresh) {
		xfree(fresh->vcpu);
		xfree(fresh);
	}
	return rc;
}

int evtchn_fifo_expand_array(struct evtchn_domain *ed, u64 gfn)
{
	struct evtchn_fifo_domain *f;
	unsigned long flags;
	unsigned int slot;
	u32 port, end;
	void *page;
	mfn_t mfn;
	int rc = 0;

	flags = spin_lock_irqsave(&ed->lock);
	if (!ed->fifo)
		rc = -EOPNOTSUPP;
	else if (ed->fifo->nr_ports >= EVTCHN_FIFO_PORTS)
		rc = -ENOSPC;
	spin_unlock_irqrestore(&ed->lock, flags);
	if (rc)
		return rc;

	page = fifo_map(ed->d, gfn, &mfn);
	if (!page)
		return -EINVAL;

	/* Check again: another vCPU may have expanded or reset meanwhile. */
	flags = spin_lock_irqsave(&ed->lock);
	f = ed->fifo;
	if (!f || ed->dying) {
		rc = -EOPNOTSUPP;
		goto out;
	}
	if (f->nr_ports >= EVTCHN_FIFO_PORTS) {
		rc = -ENOSPC;
		goto out;
	}
	slot = f->nr_ports / EVTCHN_FIFO_WORDS_PER_PAGE;
	f->array[slot] = page;
	f->array_mfn[slot] = mfn;
	port = f->nr_ports;
	f->nr_ports += EVTCHN_FIFO_WORDS_PER_PAGE;

	/* Raise what was sent while these ports had no event word. */
	end = MIN(f->nr_ports, ed->nr_valid);
	for (; port < end; port++) {
		struct evtchn *ch = evtchn_from_port(ed, port);
		struct vcpu *v;

		if (!ch->pending)
			continue;
		ch->pending = false;
		v = evtchn_vcpu(ed, ch->notify_vcpu);
		if (evtchn_in_use(ch) && v)
			fifo_set_pending(ed, v, ch, port);
	}
out:
	spin_unlock_irqrestore(&ed->lock, flags);
	return rc;
}

void evtchn_fifo_destroy(struct evtchn_domain *ed)
{
	struct evtchn_fifo_domain *f = ed->fifo;

	ed->ops = &evtchn_2l_ops;
	ed->fifo = NULL;
	if (f) {
		xfree(f->vcpu);
		xfree(f);
	}
}

bool evtchn_fifo_maps_mfn(struct evtchn_domain *ed, mfn_t mfn)
{
	struct evtchn_fifo_domain *f = ed->fifo;
	unsigned int i;

	if (!f)
		return false;
	for (i = 0; i < f->nr_ports / EVTCHN_FIFO_WORDS_PER_PAGE; i++)
		if (mfn_val(f->array_mfn[i]) == mfn_val(mfn))
			return true;
	for (i = 0; i < ed->max_vcpus; i++)
		if (f->vcpu[i].cb && mfn_val(f->vcpu[i].cb_mfn) == mfn_val(mfn))
			return true;
	return false;
}

void evtchn_fifo_dump(struct evtchn_domain *ed)
{
	struct evtchn_fifo_domain *f = ed->fifo;
	unsigned int i;

	if (!f)
		return;
	for (i = 0; i < ed->max_vcpus; i++) {
		const struct evtchn_fifo_vcpu *fv = &f->vcpu[i];
		unsigned int p = EVTCHN_FIFO_PRIORITY_DEFAULT;
		struct vcpu *v = evtchn_vcpu(ed, i);

		if (!fv->cb)
			continue;
		printk("  vCPU %u: upcall_pending %u, ready %#x, queue %u head "
		       "%u tail %u\n",
		       i, v ? v->vcpu_info->evtchn_upcall_pending : 0,
		       __atomic_load_n(&fv->cb->ready, __ATOMIC_RELAXED), p,
		       __atomic_load_n(&fv->cb->head[p], __ATOMIC_RELAXED),
		       fv->tail[p]);
	}
}
