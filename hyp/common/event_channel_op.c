/* SPDX-License-Identifier: MIT */
/*
 * __HYPERVISOR_event_channel_op: the EVTCHNOP_* commands, with Xen 4.17's
 * arguments, checks and error numbers. Permissions follow Xen's dummy XSM
 * policy (no SILO): a domain may act on itself, the control domain on any
 * domain, and any domain may bind to a port another domain allocated for
 * it. Locking is described in event_channel.c.
 *
 * Each argument struct is copied into hypervisor memory once, checked and
 * used from there; results are copied back only on success. As in Xen, a
 * failing copy-back still leaves the operation done (-EFAULT).
 */
#include <hyp/errno.h>
#include <hyp/guest_access.h>
#include <hyp/hypercall.h>
#include <hyp/lib.h>

#include "event_channel_internal.h"

/* The domain a command names (DOMID_SELF or an id), or NULL. */
static struct domain *evtchn_target(domid_t id)
{
	if (id == DOMID_SELF)
		return current->domain;
	if (id >= DOMID_FIRST_RESERVED)
		return NULL;
	return domain_find(id);
}

/* The target's state, or NULL (-ESRCH) if it has none or is dying. */
static struct evtchn_domain *evtchn_target_state(domid_t id)
{
	struct domain *d = evtchn_target(id);

	return d ? d->evtchn : NULL;
}

/* Xen's dummy policy for "target" checks: itself or the control domain. */
static bool evtchn_may_control(const struct evtchn_domain *ed)
{
	struct domain *cd = current->domain;

	return ed->d == cd || cd->is_privileged;
}

static int evtchn_op_alloc_unbound(struct evtchn_domain *self,
				   struct evtchn_alloc_unbound *a)
{
	struct evtchn_domain *ed = evtchn_target_state(a->dom);
	domid_t remote = a->remote_dom;
	unsigned long flags;
	struct evtchn *ch;
	int port;

	if (!ed)
		return -ESRCH;
	if (!evtchn_may_control(ed))
		return -EPERM;
	/* Xen takes DOMID_SELF to mean the caller, not dom. */
	if (remote == DOMID_SELF)
		remote = self->domid;

	flags = evtchn_lock(ed);
	port = evtchn_find_free(ed);
	if (port > 0) {
		ch = evtchn_from_port(ed, port);
		evtchn_claim(ed, ch, ECS_UNBOUND, 0);
		ch->u.unbound_remote = remote;
		a->port = port;
	}
	evtchn_unlock(ed, flags);
	return port < 0 ? port : 0;
}

static int evtchn_op_bind_interdomain(struct evtchn_domain *ld,
				      struct evtchn_bind_interdomain *b)
{
	struct evtchn_domain *rd = evtchn_target_state(b->remote_dom);
	u32 rport = b->remote_port;
	struct evtchn *lch, *rch;
	unsigned long flags;
	int port;

	if (!rd)
		return -ESRCH;

	flags = evtchn_lock_two(ld, rd);
	port = evtchn_find_free(ld);
	if (port < 0)
		goto out;
	if (rd->dying || !evtchn_port_valid(rd, rport)) {
		port = -EINVAL;
		goto out;
	}
	rch = evtchn_from_port(rd, rport);
	if (rch->state != ECS_UNBOUND || rch->u.unbound_remote != ld->domid) {
		port = -EINVAL;
		goto out;
	}

	lch = evtchn_from_port(ld, port);
	evtchn_claim(ld, lch, ECS_INTERDOMAIN, 0);
	lch->u.interdomain.remote = rd;
	lch->u.interdomain.remote_port = rport;
	rch->state = ECS_INTERDOMAIN;
	rch->u.interdomain.remote = ld;
	rch->u.interdomain.remote_port = port;
	/* Whatever was sent to the unbound end is lost: raise one event. */
	evtchn_deliver(ld, lch, port);
	b->local_port = port;
out:
	evtchn_unlock_two(ld, rd, flags);
	return port < 0 ? port : 0;
}

static int evtchn_op_bind_virq(struct evtchn_domain *ed,
			       struct evtchn_bind_virq *b)
{
	u32 virq = b->virq, vid = b->vcpu;
	unsigned long flags;
	struct evtchn *ch;
	int port;

	if (virq >= NR_VIRQS)
		return -EINVAL;
	if (evtchn_virq_is_global(virq) && vid != 0)
		return -EINVAL;
	if (!evtchn_vcpu(ed, vid))
		return -ENOENT;

	flags = evtchn_lock(ed);
	if (ed->virq[vid][virq]) {
		port = -EEXIST;
		goto out;
	}
	port = evtchn_find_free(ed);
	if (port < 0)
		goto out;
	ch = evtchn_from_port(ed, port);
	evtchn_claim(ed, ch, ECS_VIRQ, vid);
	ch->u.virq = virq;
	ed->virq[vid][virq] = port;
	b->port = port;
out:
	evtchn_unlock(ed, flags);
	return port < 0 ? port : 0;
}

static int evtchn_op_bind_ipi(struct evtchn_domain *ed,
			      struct evtchn_bind_ipi *b)
{
	unsigned long flags;
	int port;

	if (!evtchn_vcpu(ed, b->vcpu))
		return -ENOENT;

	flags = evtchn_lock(ed);
	port = evtchn_find_free(ed);
	if (port > 0) {
		evtchn_claim(ed, evtchn_from_port(ed, port), ECS_IPI, b->vcpu);
		b->port = port;
	}
	evtchn_unlock(ed, flags);
	return port < 0 ? port : 0;
}

/*
 * Interdomain: raise the event on the far end. Only the far domain's lock
 * is held while delivering, and only if its end still points back at us.
 */
static void evtchn_send_remote(struct evtchn_domain *ld, u32 lport,
			       struct evtchn_domain *rd, u32 rport,
			       unsigned long flags)
{
	struct evtchn *rch;

	evtchn_get(rd);
	spin_unlock(&ld->lock);
	spin_lock(&rd->lock);
	if (evtchn_port_valid(rd, rport)) {
		rch = evtchn_from_port(rd, rport);
		if (rch->state == ECS_INTERDOMAIN &&
		    rch->u.interdomain.remote == ld &&
		    rch->u.interdomain.remote_port == lport)
			evtchn_deliver(rd, rch, rport);
	}
	evtchn_unlock(rd, flags);
	evtchn_put(rd);
}

static int evtchn_op_send(struct evtchn_domain *ed, u32 port)
{
	unsigned long flags = evtchn_lock(ed);
	struct evtchn_domain *rd;
	struct evtchn *ch;
	int rc = 0;

	if (!evtchn_port_valid(ed, port)) {
		rc = -EINVAL;
		goto out;
	}
	ch = evtchn_from_port(ed, port);
	switch (ch->state) {
	case ECS_INTERDOMAIN:
		rd = ch->u.interdomain.remote;
		if (rd == ed) {
			u32 rport = ch->u.interdomain.remote_port;

			evtchn_deliver(ed, evtchn_from_port(ed, rport), rport);
			break;
		}
		evtchn_send_remote(ed, port, rd, ch->u.interdomain.remote_port,
				   flags);
		return 0;
	case ECS_IPI:
		evtchn_deliver(ed, ch, port);
		break;
	case ECS_UNBOUND:
		/* Nobody listens yet (e.g. the console daemon): drop it. */
		break;
	default:
		rc = -EINVAL;
		break;
	}
out:
	evtchn_unlock(ed, flags);
	return rc;
}

void evtchn_notify_remote(struct domain *d, u32 port)
{
	if (d->evtchn)
		evtchn_op_send(d->evtchn, port);
}

static int evtchn_op_status(struct evtchn_status *st)
{
	struct evtchn_domain *ed = evtchn_target_state(st->dom);
	unsigned long flags;
	struct evtchn *ch;
	int rc = 0;

	if (!ed)
		return -ESRCH;

	flags = evtchn_lock(ed);
	if (!evtchn_port_valid(ed, st->port)) {
		rc = -EINVAL;
		goto out;
	}
	if (!evtchn_may_control(ed)) {
		rc = -EPERM;
		goto out;
	}
	ch = evtchn_from_port(ed, st->port);
	switch (ch->state) {
	case ECS_FREE:
	case ECS_RESERVED:
		st->status = EVTCHNSTAT_closed;
		break;
	case ECS_UNBOUND:
		st->status = EVTCHNSTAT_unbound;
		st->u.unbound.dom = ch->u.unbound_remote;
		break;
	case ECS_INTERDOMAIN:
		st->status = EVTCHNSTAT_interdomain;
		st->u.interdomain.dom = ch->u.interdomain.remote->domid;
		st->u.interdomain.port = ch->u.interdomain.remote_port;
		break;
	case ECS_VIRQ:
		st->status = EVTCHNSTAT_virq;
		st->u.virq = ch->u.virq;
		break;
	case ECS_IPI:
		st->status = EVTCHNSTAT_ipi;
		break;
	default:
		BUG();
	}
	st->vcpu = ch->notify_vcpu;
out:
	evtchn_unlock(ed, flags);
	return rc;
}

static int evtchn_op_bind_vcpu(struct evtchn_domain *ed,
			       struct evtchn_bind_vcpu *b)
{
	unsigned long flags;
	struct evtchn *ch;
	int rc = 0;

	if (!evtchn_vcpu(ed, b->vcpu))
		return -ENOENT;

	flags = evtchn_lock(ed);
	if (!evtchn_port_valid(ed, b->port)) {
		rc = -EINVAL;
		goto out;
	}
	ch = evtchn_from_port(ed, b->port);
	switch (ch->state) {
	case ECS_VIRQ:
		if (evtchn_virq_is_global(ch->u.virq))
			ch->notify_vcpu = b->vcpu;
		else
			rc = -EINVAL;
		break;
	case ECS_UNBOUND:
	case ECS_INTERDOMAIN:
		ch->notify_vcpu = b->vcpu;
		break;
	default:
		rc = -EINVAL;
		break;
	}
out:
	evtchn_unlock(ed, flags);
	return rc;
}

static int evtchn_op_unmask(struct evtchn_domain *ed, u32 port)
{
	unsigned long flags = evtchn_lock(ed);
	int rc = 0;

	if (!evtchn_port_valid(ed, port)) {
		rc = -EINVAL;
	} else {
		struct evtchn *ch = evtchn_from_port(ed, port);

		if (evtchn_in_use(ch) && !ed->dying)
			ed->ops->unmask(ed, ch, port);
	}
	evtchn_unlock(ed, flags);
	return rc;
}

/*
 * Close every port and return to the 2-level ABI. Another domain's ports
 * may only be reset while it is paused. We never preempt, so a reset is
 * never left half done: EVTCHNOP_reset_cont (or a second reset racing
 * with one under way) gets -EBUSY, as Xen answers with nothing to resume.
 */
static int evtchn_op_reset(struct evtchn_reset *r, bool resuming)
{
	struct evtchn_domain *ed = evtchn_target_state(r->dom);
	unsigned long flags;
	u32 port;
	int rc = 0;

	if (!ed)
		return -ESRCH;
	if (!evtchn_may_control(ed))
		return -EPERM;
	if (ed->d != current->domain && !READ_ONCE(ed->d->pause_count))
		return -EINVAL;

	flags = evtchn_lock(ed);
	if (ed->resetting || resuming)
		rc = -EBUSY;
	else
		ed->resetting = true;
	evtchn_unlock(ed, flags);
	if (rc)
		return rc;

	for (port = 1; port < READ_ONCE(ed->nr_valid) &&
		       READ_ONCE(ed->nr_active) > READ_ONCE(ed->nr_consumer);
	     port++)
		evtchn_close_port(ed, port, true);

	flags = evtchn_lock(ed);
	ed->resetting = false;
	/* The hypervisor's own ports stay (as Xen's). */
	if (ed->nr_active > ed->nr_consumer)
		rc = -EAGAIN; /* bound again meanwhile */
	else
		evtchn_fifo_destroy(ed);
	evtchn_unlock(ed, flags);
	return rc;
}

static int evtchn_op_set_priority(struct evtchn_domain *ed,
				  struct evtchn_set_priority *sp)
{
	unsigned long flags = evtchn_lock(ed);
	struct evtchn *ch;
	int rc;

	if (!evtchn_port_valid(ed, sp->port)) {
		rc = -EINVAL;
		goto out;
	}
	ch = evtchn_from_port(ed, sp->port);
	if (!ed->ops->set_priority)
		rc = -ENOSYS;
	else if (!evtchn_in_use(ch))
		rc = -EACCES;
	else
		rc = ed->ops->set_priority(ch, sp->priority);
out:
	evtchn_unlock(ed, flags);
	return rc;
}

/* Copy an OUT struct back after success; -EFAULT if that fails. */
static long evtchn_copy_back(u64 arg, const void *a, size_t len, int rc)
{
	if (rc == 0 && copy_to_guest(arg, a, len))
		return -EFAULT;
	return rc;
}

#define COPY_IN(x)                                         \
	do {                                               \
		if (copy_from_guest(&(x), arg, sizeof(x))) \
			return -EFAULT;                    \
	} while (0)

long do_event_channel_op(u64 cmd, u64 arg)
{
	struct vcpu *cur = current;
	struct evtchn_domain *ed = cur ? cur->domain->evtchn : NULL;

	if (!ed)
		return -ENOSYS;

	/* Xen takes the command as an int: the upper bits are ignored. */
	switch ((u32)cmd) {
	case EVTCHNOP_alloc_unbound: {
		struct evtchn_alloc_unbound a;

		COPY_IN(a);
		return evtchn_copy_back(arg, &a, sizeof(a),
					evtchn_op_alloc_unbound(ed, &a));
	}
	case EVTCHNOP_bind_interdomain: {
		struct evtchn_bind_interdomain a;

		COPY_IN(a);
		return evtchn_copy_back(arg, &a, sizeof(a),
					evtchn_op_bind_interdomain(ed, &a));
	}
	case EVTCHNOP_bind_virq: {
		struct evtchn_bind_virq a;

		COPY_IN(a);
		return evtchn_copy_back(arg, &a, sizeof(a),
					evtchn_op_bind_virq(ed, &a));
	}
	case EVTCHNOP_bind_ipi: {
		struct evtchn_bind_ipi a;

		COPY_IN(a);
		return evtchn_copy_back(arg, &a, sizeof(a),
					evtchn_op_bind_ipi(ed, &a));
	}
	case EVTCHNOP_bind_pirq:
		/* No physical IRQs are routed through event channels. */
		return -ENOSYS;
	case EVTCHNOP_close: {
		struct evtchn_close a;

		COPY_IN(a);
		return evtchn_close_port(ed, a.port, true);
	}
	case EVTCHNOP_send: {
		struct evtchn_send a;

		COPY_IN(a);
		return evtchn_op_send(ed, a.port);
	}
	case EVTCHNOP_status: {
		struct evtchn_status a;

		COPY_IN(a);
		return evtchn_copy_back(arg, &a, sizeof(a),
					evtchn_op_status(&a));
	}
	case EVTCHNOP_bind_vcpu: {
		struct evtchn_bind_vcpu a;

		COPY_IN(a);
		return evtchn_op_bind_vcpu(ed, &a);
	}
	case EVTCHNOP_unmask: {
		struct evtchn_unmask a;

		COPY_IN(a);
		return evtchn_op_unmask(ed, a.port);
	}
	case EVTCHNOP_reset:
	case EVTCHNOP_reset_cont: {
		struct evtchn_reset a;

		COPY_IN(a);
		return evtchn_op_reset(&a, (u32)cmd == EVTCHNOP_reset_cont);
	}
	case EVTCHNOP_init_control: {
		struct evtchn_init_control a;

		COPY_IN(a);
		return evtchn_copy_back(arg, &a, sizeof(a),
					evtchn_fifo_init_control(ed, &a));
	}
	case EVTCHNOP_expand_array: {
		struct evtchn_expand_array a;

		COPY_IN(a);
		return evtchn_fifo_expand_array(ed, a.array_gfn);
	}
	case EVTCHNOP_set_priority: {
		struct evtchn_set_priority a;

		COPY_IN(a);
		return evtchn_op_set_priority(ed, &a);
	}
	default:
		return -ENOSYS;
	}
}
