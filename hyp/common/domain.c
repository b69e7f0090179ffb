/* SPDX-License-Identifier: MIT */
/*
 * Domain and vCPU lifecycle: create with every subsystem's state, RAM
 * population, shutdown, crash and destroy returning every page.
 *
 * Lock order: domlist_lock > d->lock > sched_lock (common/sched.c).
 */
#include <hyp/arch.h>
#include <hyp/console.h>
#include <hyp/domain_build.h>
#include <hyp/domctl.h>
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/event.h>
#include <hyp/grant_table.h>
#include <hyp/guest_atomic.h>
#include <hyp/irq.h>
#include <hyp/keyhandler.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/p2m.h>
#include <hyp/percpu.h>
#include <hyp/vcpu_arch.h>
#include <hyp/vgic.h>
#include <hyp/vpl011.h>
#include <hyp/vtimer.h>
#include <public/sched.h>
#include <public/xen.h>

LIST_HEAD(domain_list);
DEFINE_SPINLOCK(domlist_lock);

/* vcpu_info lives in shared_info for the first 32 vCPUs (Xen's ABI). */
#define LEGACY_MAX_VCPUS 32

struct domain *domain_find(domid_t id)
{
	unsigned long flags = spin_lock_irqsave(&domlist_lock);
	struct domain *d, *found = NULL;

	list_for_each_entry (d, &domain_list, domlist)
		if (d->domain_id == id && d->state != DOMSTATE_DYING) {
			found = d;
			break;
		}
	spin_unlock_irqrestore(&domlist_lock, flags);
	return found;
}

struct domain *domain_find_any(domid_t id)
{
	unsigned long flags = spin_lock_irqsave(&domlist_lock);
	struct domain *d, *found = NULL;

	list_for_each_entry (d, &domain_list, domlist)
		if (d->domain_id == id) {
			found = d;
			break;
		}
	spin_unlock_irqrestore(&domlist_lock, flags);
	return found;
}

struct domain *domain_from_id_self(domid_t id)
{
	struct domain *self = current->domain;

	if (id == DOMID_SELF || id == self->domain_id)
		return self;
	return NULL;
}

static void vcpu_free(struct vcpu *v)
{
	if (!v)
		return;
	kill_timer(&v->poll_timer);
	vtimer_vcpu_destroy(v);
	vgic_vcpu_destroy(v);
	sched_vcpu_destroy(v);
	if (mfn_val(v->vcpu_info_mfn) == mfn_val(INVALID_MFN) &&
	    v->vcpu_id >= LEGACY_MAX_VCPUS)
		xfree(v->vcpu_info);
	xfree(v);
}

static void poll_timeout(void *data)
{
	struct vcpu *v = data;

	WRITE_ONCE(v->poll_evtchn, 0);
	vcpu_wake(v, VPF_BLOCKED);
}

static struct vcpu *vcpu_create(struct domain *d, unsigned int id)
{
	struct vcpu *v = xzalloc(struct vcpu);

	if (!v)
		return NULL;
	v->vcpu_id = id;
	v->domain = d;
	v->vcpu_info_mfn = INVALID_MFN;
	if (id < LEGACY_MAX_VCPUS)
		v->vcpu_info = &d->shared_info->vcpu_info[id];
	else
		v->vcpu_info = xzalloc_bytes(sizeof(struct vcpu_info));
	if (!v->vcpu_info) {
		xfree(v);
		return NULL;
	}
	arch_vcpu_init(v);
	/* Spread domains too: vCPU 0 of every domain on pCPU 0 is poor. */
	sched_vcpu_init(v, (d->domain_id + id) % nr_cpus_online);
	init_timer(&v->poll_timer, poll_timeout, v, 0);
	vtimer_vcpu_init(v);
	return v;
}

static void domain_free_ram(struct domain *d)
{
	struct page_info *pg, *tmp;

	list_for_each_entry_safe (pg, tmp, &d->page_list, list) {
		unsigned int order = pg->order;

		list_del(&pg->list);
		for (u64 i = 0; i < (1ULL << order); i++)
			pg[i].flags &= ~PGF_BALLOONED;
		/* Pages others still map are freed by their last unmap. */
		gnttab_free_ram(pg, order);
	}
	d->tot_pages = 0;
	d->nr_ballooned = 0;
}

/* Tear down whatever domain_create set up; safe on a partial domain. */
static void domain_teardown(struct domain *d)
{
	unsigned int i;

	/* Before anything its callback may use goes (timer.h). */
	domain_watchdog_destroy(d);
	/* First: until it returns, others may still send into d's vCPUs. */
	if (d->evtchn)
		evtchn_domain_destroy(d);
	if (d->grant_table)
		gnttab_domain_destroy(d);
	/* Passthrough SPIs inject into the vGIC: stop them before it goes. */
	domain_pt_release_all(d);
	/* Before the vCPUs: it detaches them from the distributor. */
	if (d->vgic)
		vgic_domain_destroy(d);
	if (d->vcpus)
		for (i = 0; i < d->max_vcpus; i++)
			vcpu_free(d->vcpus[i]);
	xfree(d->vcpus);
	d->vcpus = NULL;
	if (d->vpl011)
		vpl011_destroy(d);
	console_io_domain_destroy(d);
	domctl_domain_destroy(d);
	p2m_teardown(d);
	domain_free_ram(d);
	if (d->shared_info)
		free_hyp_pages(d->shared_info, 0);
	xfree(d);
}

struct domain *domain_create(domid_t id, const struct domain_config *cfg,
			     int *err)
{
	struct domain *d;
	unsigned int i;
	unsigned long flags;
	int rc = -ENOMEM;

	if (!cfg->max_vcpus || cfg->max_vcpus > MAX_VIRT_CPUS ||
	    id >= DOMID_FIRST_RESERVED) {
		*err = -EINVAL;
		return NULL;
	}
	if (domain_find(id)) {
		*err = -EEXIST;
		return NULL;
	}
	d = xzalloc(struct domain);
	if (!d)
		goto fail_nofree;
	d->domain_id = id;
	hyp_strlcpy(d->name, cfg->name ? cfg->name : "", sizeof(d->name));
	spin_lock_init(&d->lock);
	INIT_LIST_HEAD(&d->page_list);
	domain_watchdog_init(d);
	d->max_vcpus = cfg->max_vcpus;
	d->max_pages = cfg->max_pages;
	d->is_privileged = cfg->is_privileged;
	d->is_console = cfg->is_console;
	d->direct_map = cfg->direct_map;
	d->shared_info_mfn = INVALID_MFN;
	d->shared_info_gfn = INVALID_GFN;
	d->arch.cntvoff = arch_counter_now();

	rc = domctl_domain_init(d, cfg);
	if (rc)
		goto fail;
	rc = p2m_init(d);
	if (rc)
		goto fail;
	rc = -ENOMEM;
	d->shared_info = alloc_hyp_pages(0, ALLOC_GUEST);
	if (!d->shared_info)
		goto fail;
	d->shared_info_mfn = pa_to_mfn(virt_to_maddr(d->shared_info));
	d->vcpus = xzalloc_array(struct vcpu *, d->max_vcpus);
	if (!d->vcpus)
		goto fail;
	for (i = 0; i < d->max_vcpus; i++) {
		d->vcpus[i] = vcpu_create(d, i);
		if (!d->vcpus[i])
			goto fail;
	}
	rc = evtchn_domain_init(d, cfg->max_evtchn_port ? cfg->max_evtchn_port
							: 1023);
	if (!rc)
		rc = gnttab_domain_init(d, cfg->max_grant_frames);
	if (!rc && cfg->toolstack)
		rc = domain_vgic_setup(d, cfg->nr_spis, NULL);
	if (rc)
		goto fail;
	console_io_domain_init(d);
	if (cfg->toolstack) {
		d->max_pages_strict = true;
		domain_pause(d);
	}

	domain_set_wallclock(d);
	flags = spin_lock_irqsave(&domlist_lock);
	list_add_tail(&d->domlist, &domain_list);
	spin_unlock_irqrestore(&domlist_lock, flags);
	return d;

fail:
	domain_teardown(d);
fail_nofree:
	*err = rc;
	return NULL;
}

void domain_pause(struct domain *d)
{
	unsigned int i;

	spin_lock(&d->lock);
	d->pause_count++;
	spin_unlock(&d->lock);
	for (i = 0; i < d->max_vcpus; i++)
		vcpu_sleep(d->vcpus[i], VPF_PAUSED);
}

void domain_unpause(struct domain *d)
{
	unsigned int i;
	bool wake;

	spin_lock(&d->lock);
	wake = d->pause_count && --d->pause_count == 0 &&
	       d->state == DOMSTATE_RUNNING;
	spin_unlock(&d->lock);
	if (wake)
		for (i = 0; i < d->max_vcpus; i++)
			vcpu_wake(d->vcpus[i], VPF_PAUSED);
}

static const char *const shutdown_names[] = {
	[SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
	[SHUTDOWN_suspend] = "suspend",	  [SHUTDOWN_crash] = "crash",
	[SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
};

void domain_shutdown(struct domain *d, u8 reason)
{
	unsigned int i;

	spin_lock(&d->lock);
	if (d->state != DOMSTATE_RUNNING) {
		spin_unlock(&d->lock);
		return;
	}
	d->state = DOMSTATE_SHUTDOWN;
	d->shutdown_code = reason;
	spin_unlock(&d->lock);
	printk("Domain %u (%s) shut down: %s\n", d->domain_id, d->name,
	       reason < ARRAY_SIZE(shutdown_names) && shutdown_names[reason]
		       ? shutdown_names[reason]
		       : "unknown reason");
	for (i = 0; i < d->max_vcpus; i++)
		vcpu_sleep(d->vcpus[i], VPF_PAUSED);
	domain_shutdown_notify(d);
}

static bool control_domain_exists(void)
{
	unsigned long flags = spin_lock_irqsave(&domlist_lock);
	struct domain *it;
	bool found = false;

	list_for_each_entry (it, &domain_list, domlist)
		if (it->is_privileged)
			found = true;
	spin_unlock_irqrestore(&domlist_lock, flags);
	return found;
}

/* Set when a domain is marked for reaping; domain_reap clears it. */
static bool reap_pending;
/*
 * Domains being destroyed by domain_reap, under domlist_lock: they leave
 * domain_list before their memory is freed, and until then the machine is
 * not done.
 */
static unsigned int nr_reaping;

/* No control domain and nothing left running: the machine's work is done. */
static void power_off_if_all_down(void)
{
	static bool powering_off;
	unsigned long flags;
	struct domain *it;
	bool all_down = true;

	flags = spin_lock_irqsave(&domlist_lock);
	list_for_each_entry (it, &domain_list, domlist)
		if (it->is_privileged || it->state == DOMSTATE_RUNNING ||
		    it->reap != REAP_NONE)
			all_down = false;
	if (nr_reaping)
		all_down = false;
	spin_unlock_irqrestore(&domlist_lock, flags);
	if (!all_down ||
	    __atomic_exchange_n(&powering_off, true, __ATOMIC_SEQ_CST))
		return;
	memory_report("no domain running");
	printk("All domains have shut down and there is no control "
	       "domain: powering off.\n");
	arch_power_off();
}

void domain_shutdown_notify(struct domain *d)
{
	unsigned long flags;
	struct domain *dom0;

	/* The control domain going down takes the machine with it (Xen). */
	if (d->is_privileged) {
		if (d->shutdown_code == SHUTDOWN_poweroff) {
			printk("Domain 0 halted: powering off.\n");
			arch_power_off();
		}
		printk("Domain 0 %s: rebooting the machine.\n",
		       d->shutdown_code == SHUTDOWN_reboot ? "rebooted"
							   : "shut down");
		arch_reset();
		return;
	}
	dom0 = domain_find(0);
	if (dom0 && dom0->is_privileged)
		send_guest_global_virq(dom0, VIRQ_DOM_EXC);

	/*
	 * armvisor, unlike Xen: with no toolstack to destroy it, a domain
	 * that powered off gives its memory back at once. Crashed, rebooted
	 * or suspended domains stay for the debug keys, as on Xen.
	 */
	if (!control_domain_exists() && d->shutdown_code == SHUTDOWN_poweroff) {
		flags = spin_lock_irqsave(&domlist_lock);
		d->reap = REAP_WAITING;
		spin_unlock_irqrestore(&domlist_lock, flags);
		__atomic_store_n(&reap_pending, true, __ATOMIC_RELEASE);
		/* Wake idle pCPUs: any of them may do it. */
		send_ipi_allbutself(IPI_SCHED);
		return;
	}
	power_off_if_all_down();
}

void domain_reap(void)
{
	unsigned long flags;
	struct domain *it, *d;

	if (!__atomic_exchange_n(&reap_pending, false, __ATOMIC_ACQUIRE))
		return;
	for (;;) {
		d = NULL;
		flags = spin_lock_irqsave(&domlist_lock);
		list_for_each_entry (it, &domain_list, domlist)
			if (it->reap == REAP_WAITING) {
				it->reap = REAP_DESTROYING;
				nr_reaping++;
				d = it;
				break;
			}
		spin_unlock_irqrestore(&domlist_lock, flags);
		if (!d)
			break;
		printk("Domain %u (%s) powered off: destroying it (no control "
		       "domain)\n",
		       d->domain_id, d->name);
		domain_destroy(d);
		flags = spin_lock_irqsave(&domlist_lock);
		nr_reaping--;
		spin_unlock_irqrestore(&domlist_lock, flags);
	}
	power_off_if_all_down();
}

void domain_crash(struct domain *d, const char *why)
{
	printk(HYPLOG_ERR "Domain %u (%s) crashed: %s\n", d->domain_id, d->name,
	       why);
	domain_shutdown(d, SHUTDOWN_crash);
}

bool domain_kill_start(struct domain *d)
{
	unsigned long flags;
	unsigned int i;
	bool first;

	/* Under domlist_lock so no lookup sees d alive after the snapshot. */
	flags = spin_lock_irqsave(&domlist_lock);
	spin_lock(&d->lock);
	first = d->state != DOMSTATE_DYING;
	d->state = DOMSTATE_DYING;
	spin_unlock(&d->lock);
	spin_unlock_irqrestore(&domlist_lock, flags);
	if (!first)
		return false;
	quiesce_snapshot(&d->kill_snap);
	for (i = 0; i < d->max_vcpus; i++)
		vcpu_sleep(d->vcpus[i], VPF_PAUSED);
	return true;
}

bool domain_kill_ready(struct domain *d)
{
	unsigned int i;

	for (i = 0; i < d->max_vcpus; i++)
		if (READ_ONCE(d->vcpus[i]->is_running))
			return false;
	return quiesce_elapsed(&d->kill_snap);
}

void domain_kill_finish(struct domain *d)
{
	unsigned long flags;

	flags = spin_lock_irqsave(&domlist_lock);
	list_del(&d->domlist);
	spin_unlock_irqrestore(&domlist_lock, flags);
	domain_teardown(d);
}

/* For domains that never ran (a failed build at boot). */
void domain_destroy(struct domain *d)
{
	domain_kill_start(d);
	while (!domain_kill_ready(d))
		barrier();
	domain_kill_finish(d);
}
