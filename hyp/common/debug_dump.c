/* SPDX-License-Identifier: MIT */
/*
 * Debug-key dumps of per-domain event channels ('e') and grant tables
 * ('g'). They read subsystem state under each subsystem's own lock.
 *
 * Lock order: domlist_lock > evtchn lock / grant table lock.
 */
#include <hyp/debug_dump.h>
#include <hyp/domain.h>
#include <hyp/lib.h>
#include "event_channel_internal.h"
#include "grant_table_internal.h"

static const char *const ecs_names[] = {"free",	       "reserved", "unbound",
					"interdomain", "virq",	   "ipi"};

static void dump_evtchn_domain(struct domain *d)
{
	struct evtchn_domain *ed = d->evtchn;
	unsigned long flags;
	unsigned int port;

	if (!ed)
		return;
	flags = spin_lock_irqsave(&ed->lock);
	printk("Domain %u: %u ports in use, %s ABI, upcall PPI %u\n",
	       d->domain_id, ed->nr_active, ed->fifo ? "FIFO" : "2-level",
	       ed->ppi);
	for (port = 1; port < ed->nr_valid; port++) {
		const struct evtchn *c = evtchn_from_port(ed, port);

		if (c->state == ECS_FREE || c->state >= ARRAY_SIZE(ecs_names))
			continue;
		if (c->state == ECS_INTERDOMAIN)
			printk("  port %u: interdomain -> d%u port %u, vCPU "
			       "%u%s%s\n",
			       port, c->u.interdomain.remote->domid,
			       c->u.interdomain.remote_port, c->notify_vcpu,
			       ed->ops->is_pending(ed, port) ? ", pending" : "",
			       ed->ops->is_busy && ed->ops->is_busy(ed, port)
				       ? ", linked"
				       : "");
		else if (c->state == ECS_VIRQ)
			printk("  port %u: virq %u, vCPU %u\n", port, c->u.virq,
			       c->notify_vcpu);
		else
			printk("  port %u: %s, vCPU %u\n", port,
			       ecs_names[c->state], c->notify_vcpu);
	}
	evtchn_fifo_dump(ed);
	spin_unlock_irqrestore(&ed->lock, flags);
}

static void dump_gnttab_domain(struct domain *d)
{
	struct grant_table *gt = d->grant_table;
	unsigned long flags;
	unsigned int f, i, used = 0;

	if (!gt)
		return;
	flags = spin_lock_irqsave(&gt->lock);
	for (f = 0; f < gt->nr_frames; f++)
		for (i = 0; i < PAGE_SIZE / sizeof(struct grant_entry_v1); i++)
			used += !!(READ_ONCE(gt->shared[f][i].flags) & 3);
	printk("Domain %u: grant table v%u, %u of %u frames, %u entries "
	       "granting access\n",
	       d->domain_id, gt->version, gt->nr_frames, gt->max_frames, used);
	spin_unlock_irqrestore(&gt->lock, flags);
}

static void for_each_domain(void (*fn)(struct domain *d))
{
	unsigned long flags = spin_lock_irqsave(&domlist_lock);
	struct domain *d;

	list_for_each_entry (d, &domain_list, domlist)
		fn(d);
	spin_unlock_irqrestore(&domlist_lock, flags);
}

void dump_event_channels(void)
{
	printk("'e' pressed -> dumping event-channel info\n");
	for_each_domain(dump_evtchn_domain);
}

void dump_grant_tables(void)
{
	printk("'g' pressed -> dumping grant table info\n");
	for_each_domain(dump_gnttab_domain);
}
