/* SPDX-License-Identifier: MIT */
/*
 * Fakes for test_domctl: the domain lifecycle recorded, not run
 * (domain_create and friends), and the calls domctl/sysctl make into
 * the rest of the hypervisor; state the tests read is in
 * domctl_test_util.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <hyp/bootinfo.h>
#include <hyp/domain.h>
#include <hyp/domctl.h>
#include <hyp/errno.h>
#include <hyp/irq.h>
#include <hyp/mm.h>
#include <hyp/percpu.h>
#include <hyp/printk.h>
#include <hyp/timer.h>
#include <hyp/vcpu_arch.h>
#include <public/domctl.h>
#include <public/sysctl.h>

#include "host_fake_guest.h"
#include "domctl_test_util.h"

/* ---- fakes for what the domctl code calls ---- */

static const struct gic_ops fake_gic = {
	.name = "fake", .version = 3, .nr_lines = 288};
const struct gic_ops *gic = &fake_gic;
struct cpu_info cpu_info[NR_CPUS];
unsigned int nr_cpus_online = 2, nr_cpu_ids = 2;
struct bootinfo bootinfo;
LIST_HEAD(domain_list);
DEFINE_SPINLOCK(domlist_lock);

struct domain *doms[MAX_TEST_DOMS];
struct domain_config last_cfg;
unsigned int nr_creates, nr_pauses, nr_unpauses, nr_kills;

struct domain *new_domain(domid_t id, unsigned int vcpus, bool priv,
			  const struct domain_config *cfg)
{
	struct domain *d = calloc(1, sizeof(*d));
	unsigned int i;

	d->domain_id = id;
	d->max_vcpus = vcpus;
	d->is_privileged = priv;
	spin_lock_init(&d->lock);
	d->vcpus = calloc(vcpus, sizeof(*d->vcpus));
	for (i = 0; i < vcpus; i++) {
		d->vcpus[i] = calloc(1, sizeof(struct vcpu));
		d->vcpus[i]->domain = d;
		d->vcpus[i]->vcpu_id = i;
		d->vcpus[i]->pause_flags = VPF_DOWN;
	}
	assert_int_equal(domctl_domain_init(d, cfg), 0);
	for (i = 0; i < MAX_TEST_DOMS; i++)
		if (!doms[i]) {
			doms[i] = d;
			list_add_tail(&d->domlist, &domain_list);
			return d;
		}
	fail_msg("too many domains");
	return NULL;
}

void free_domain(struct domain *d)
{
	unsigned int i;

	for (i = 0; i < MAX_TEST_DOMS; i++)
		if (doms[i] == d)
			doms[i] = NULL;
	list_del(&d->domlist);
	domctl_domain_destroy(d);
	for (i = 0; i < d->max_vcpus; i++)
		free(d->vcpus[i]);
	free(d->vcpus);
	free(d);
}

struct domain *domain_find_any(domid_t id)
{
	for (unsigned int i = 0; i < MAX_TEST_DOMS; i++)
		if (doms[i] && doms[i]->domain_id == id)
			return doms[i];
	return NULL;
}

struct domain *domain_find(domid_t id)
{
	struct domain *d = domain_find_any(id);

	return d && d->state != DOMSTATE_DYING ? d : NULL;
}

struct domain *domain_create(domid_t id, const struct domain_config *cfg,
			     int *err)
{
	nr_creates++;
	last_cfg = *cfg;
	(void)err;
	return new_domain(id, cfg->max_vcpus, false, cfg);
}

bool domain_kill_start(struct domain *d)
{
	bool first = d->state != DOMSTATE_DYING;

	d->state = DOMSTATE_DYING;
	return first;
}

bool domain_kill_ready(struct domain *d)
{
	(void)d;
	return true;
}

void domain_kill_finish(struct domain *d)
{
	nr_kills++;
	free_domain(d);
}

void domain_pause(struct domain *d)
{
	(void)d;
	nr_pauses++;
}

void domain_unpause(struct domain *d)
{
	(void)d;
	nr_unpauses++;
}

void send_guest_global_virq(struct domain *d, unsigned int virq)
{
	(void)d;
	(void)virq;
}

void vcpu_sleep(struct vcpu *v, unsigned int flag)
{
	v->pause_flags |= flag;
}

int vcpu_set_affinity(struct vcpu *v, u64 mask)
{
	v->hard_affinity = mask;
	return 0;
}

void arch_vcpu_init(struct vcpu *v)
{
	(void)v;
}

int arch_vcpu_set_context(struct vcpu *v, const struct vcpu_guest_context *c)
{
	(void)v;
	(void)c;
	return 0;
}

void arch_vcpu_get_context(struct vcpu *v, struct vcpu_guest_context *c)
{
	(void)v;
	memset(c, 0, sizeof(*c));
}

void arch_dcache_clean_inval(void *va, size_t len)
{
	(void)va;
	(void)len;
}

int evtchn_alloc_unbound_port(struct domain *d, u16 remote)
{
	(void)d;
	(void)remote;
	return 5;
}

/* Passthrough routing is tested in test_domain_pt.c; recorded here. */
unsigned int nr_pt_binds, nr_pt_unbinds, last_pt_irq;

int domain_pt_bind_irq(struct domain *d, unsigned int irq)
{
	(void)d;
	nr_pt_binds++;
	last_pt_irq = irq;
	return 0;
}

int domain_pt_unbind_irq(struct domain *d, unsigned int irq)
{
	(void)d;
	nr_pt_unbinds++;
	last_pt_irq = irq;
	return 0;
}

/* sched.c's wrapper only adds its lock around the policy's calls. */
int sched_adjust(struct domain *d, bool set, u16 *weight, u16 *cap)
{
	if (set)
		return sched_credit_set(d, *weight, *cap);
	sched_credit_get(d, weight, cap);
	return 0;
}

u64 vuart_gfn, vuart_base;
unsigned int vuart_spi, vuart_backend;

int vpl011_init_ring(struct domain *d, u64 base, unsigned int spi, gfn_t gfn,
		     domid_t backend, u32 *port)
{
	(void)d;
	vuart_base = base;
	vuart_spi = spi;
	vuart_gfn = gfn_val(gfn);
	vuart_backend = backend;
	*port = 5;
	return 0;
}

void page_alloc_get_stats(struct page_alloc_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->total_pages = 1000;
	st->free_pages = 600;
}

u64 sched_cpu_idle_ns(unsigned int cpu)
{
	return 1000 + cpu;
}

u64 arch_counter_freq(void)
{
	return 62500000;
}

/* The console ring: "abcdefghij" written so far, 10 bytes. */
static const char ring_text[] = "abcdefghij";

size_t console_ring_read(char *buf, size_t len, u64 *pos)
{
	u64 p = *pos > 10 ? 10 : *pos;
	size_t n = len < 10 - p ? len : 10 - p;

	if (buf)
		memcpy(buf, ring_text + p, n);
	*pos = p + n;
	return n;
}

bool mfn_valid(mfn_t m)
{
	(void)m;
	return false;
}

struct page_info *mfn_to_page(mfn_t m)
{
	(void)m;
	return NULL;
}
