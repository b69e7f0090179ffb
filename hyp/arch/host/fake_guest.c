/* SPDX-License-Identifier: MIT */
/*
 * Fake arch for host unit tests: the current vCPU, guest memory access,
 * domain lookup, recorders standing in for the vGIC and the scheduler, and
 * a heap on the host's malloc (so the sanitizers see overruns).
 * Conventions are in tests/unit/host_fake_guest.h. Linked into every unit
 * test binary, so every definition is weak: tests that link the real code
 * get the real code.
 */
/* hyp headers first: compiler.h defines names glibc also defines. */
#include <hyp/compiler.h>
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/event.h>
#include <hyp/guest_access.h>
#include <hyp/mm.h>
#include <hyp/types.h>
#include <hyp/vgic.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_fake_guest.h"

#define MAX_DOMAINS 64
#define MAX_GFN_MAPS 64
#define MAX_LINES 512
#define MAX_WAKE_VCPUS 512

struct gfn_map {
	struct domain *d;
	u64 gfn, mfn, nr;
};

struct line {
	struct vcpu *v;
	unsigned int intid;
	bool level;
	unsigned long raises;
};

struct wake_count {
	struct vcpu *v;
	unsigned long n;
};

static struct vcpu *fake_current;
static struct domain *domains[MAX_DOMAINS];
static struct gfn_map gfn_maps[MAX_GFN_MAPS];
static unsigned int nr_gfn_maps;
static unsigned int fail_from, fail_to, fail_alloc;
static unsigned long nr_injects;
static struct host_fake_inject last_inject;
static struct line lines[MAX_LINES];
static unsigned int nr_lines;
static struct wake_count wakes[MAX_WAKE_VCPUS];
static unsigned int nr_wakes;

static __noreturn void fake_guest_die(const char *what)
{
	fprintf(stderr, "host_fake_guest: %s\n", what);
	abort();
}

void host_fake_guest_reset(void)
{
	fake_current = NULL;
	memset(domains, 0, sizeof(domains));
	nr_gfn_maps = 0;
	fail_from = fail_to = fail_alloc = 0;
	nr_injects = 0;
	memset(&last_inject, 0, sizeof(last_inject));
	nr_lines = 0;
	nr_wakes = 0;
	host_fake_guest_atomic_reset();
}

void host_fake_domain_register(struct domain *d)
{
	unsigned int i;

	for (i = 0; i < MAX_DOMAINS; i++) {
		if (!domains[i]) {
			domains[i] = d;
			return;
		}
	}
	fake_guest_die("too many domains");
}

void host_fake_domain_unregister(struct domain *d)
{
	unsigned int i;

	for (i = 0; i < MAX_DOMAINS; i++)
		if (domains[i] == d)
			domains[i] = NULL;
}

void host_fake_gfn_map(struct domain *d, u64 gfn, u64 mfn, u64 nr)
{
	if (nr_gfn_maps == MAX_GFN_MAPS)
		fake_guest_die("too many gfn maps");
	gfn_maps[nr_gfn_maps++] = (struct gfn_map){d, gfn, mfn, nr};
}

void host_fake_fail_copy_from_guest(unsigned int n)
{
	fail_from = n;
}

void host_fake_fail_copy_to_guest(unsigned int n)
{
	fail_to = n;
}

void host_fake_fail_alloc(unsigned int n)
{
	fail_alloc = n;
}

unsigned long host_fake_nr_injects(void)
{
	return nr_injects;
}

struct host_fake_inject host_fake_last_inject(void)
{
	return last_inject;
}

static struct line *find_line(struct vcpu *v, unsigned int intid, bool add)
{
	unsigned int i;

	for (i = 0; i < nr_lines; i++)
		if (lines[i].v == v && lines[i].intid == intid)
			return &lines[i];
	if (!add)
		return NULL;
	if (nr_lines == MAX_LINES)
		fake_guest_die("too many interrupt lines");
	lines[nr_lines] = (struct line){.v = v, .intid = intid};
	return &lines[nr_lines++];
}

bool host_fake_vgic_level(struct vcpu *v, unsigned int intid)
{
	struct line *l = find_line(v, intid, false);

	return l && l->level;
}

unsigned long host_fake_nr_raises(struct vcpu *v, unsigned int intid)
{
	struct line *l = find_line(v, intid, false);

	return l ? l->raises : 0;
}

unsigned long host_fake_nr_wakes(struct vcpu *v)
{
	unsigned int i;

	for (i = 0; i < nr_wakes; i++)
		if (wakes[i].v == v)
			return wakes[i].n;
	return 0;
}

/* ---- the fakes ---- */

__weak struct vcpu *current_vcpu(void)
{
	return fake_current;
}

__weak void set_current_vcpu(struct vcpu *v)
{
	fake_current = v;
}

__weak int copy_from_guest(void *dst, u64 gva, size_t len)
{
	if (fail_from) {
		fail_from--;
		return -EFAULT;
	}
	if (gva < HOST_FAKE_GVA_FAULT_BELOW)
		return -EFAULT;
	memcpy(dst, (const void *)(uintptr_t)gva, len);
	return 0;
}

__weak int copy_to_guest(u64 gva, const void *src, size_t len)
{
	if (fail_to) {
		fail_to--;
		return -EFAULT;
	}
	if (gva < HOST_FAKE_GVA_FAULT_BELOW)
		return -EFAULT;
	memcpy((void *)(uintptr_t)gva, src, len);
	return 0;
}

__weak mfn_t gfn_to_mfn_ram(struct domain *d, gfn_t gfn)
{
	u64 g = gfn_val(gfn);
	unsigned int i;

	for (i = 0; i < nr_gfn_maps; i++)
		if (gfn_maps[i].d == d && g - gfn_maps[i].gfn < gfn_maps[i].nr)
			return mfn_init(gfn_maps[i].mfn +
					(g - gfn_maps[i].gfn));
	return INVALID_MFN;
}

__weak struct domain *domain_find(domid_t id)
{
	unsigned int i;

	for (i = 0; i < MAX_DOMAINS; i++)
		if (domains[i] && domains[i]->domain_id == id)
			return domains[i];
	return NULL;
}

__weak struct domain *domain_from_id_self(domid_t id)
{
	struct domain *self = current_vcpu() ? current_vcpu()->domain : NULL;

	return self && (id == DOMID_SELF || id == self->domain_id) ? self
								   : NULL;
}

__weak void vgic_inject(struct domain *d, struct vcpu *v, unsigned int intid,
			bool level)
{
	struct line *l = find_line(v, intid, true);

	nr_injects++;
	last_inject = (struct host_fake_inject){d, v, intid, level};
	l->level = level;
	if (level)
		l->raises++;
}

__weak void vcpu_wake(struct vcpu *v, unsigned int flag)
{
	unsigned int i;

	__atomic_fetch_and(&v->pause_flags, ~flag, __ATOMIC_SEQ_CST);
	for (i = 0; i < nr_wakes; i++) {
		if (wakes[i].v == v) {
			wakes[i].n++;
			return;
		}
	}
	if (nr_wakes == MAX_WAKE_VCPUS)
		fake_guest_die("too many woken vCPUs");
	wakes[nr_wakes++] = (struct wake_count){v, 1};
}

/* Event channels for device models; tests linking them get the real ones. */
__weak int evtchn_alloc_consumer_port(struct domain *d, u16 remote_domid,
				      void (*fn)(void *data), void *data)
{
	(void)d;
	(void)remote_domid;
	(void)fn;
	(void)data;
	return -EINVAL;
}

__weak void evtchn_notify_remote(struct domain *d, u32 port)
{
	(void)d;
	(void)port;
}

/* Weak: tests that link common/xmalloc.c get the real allocator. */
__weak void *xzalloc_bytes(size_t size)
{
	if (fail_alloc && --fail_alloc == 0)
		return NULL;
	return calloc(1, size ? size : 1);
}

__weak void *xmalloc_bytes(size_t size)
{
	return xzalloc_bytes(size);
}

__weak void *xzalloc_array_bytes(size_t elem, size_t count)
{
	if (elem && count > SIZE_MAX / elem)
		return NULL;
	return xzalloc_bytes(elem * count);
}

__weak void xfree(void *p)
{
	free(p);
}
