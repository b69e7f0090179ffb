/* SPDX-License-Identifier: MIT */
/*
 * __HYPERVISOR_sysctl (Xen 4.17, XEN_SYSCTL_INTERFACE_VERSION 0x15): host
 * information for the toolstack in the control domain. Checks in Xen's
 * order: -EFAULT, -EACCES (version), -EPERM (not the control domain),
 * then -ENOSYS for commands not implemented.
 *
 * Lock order: domlist_lock > d->lock (getdomaininfolist fills each record
 * under domlist_lock, so a domain being destroyed cannot go meanwhile);
 * readconsole_lock alone.
 */
#include <hyp/bootinfo.h>
#include <hyp/domain.h>
#include <hyp/domctl.h>
#include <hyp/errno.h>
#include <hyp/guest_access.h>
#include <hyp/keyhandler.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/percpu.h>
#include <hyp/printk.h>
#include <hyp/timer.h>
#include <public/domctl.h>
#include <public/sysctl.h>

/* Keys one XEN_SYSCTL_debug_keys may press (Xen has no limit, but
 * preempts; we run to completion). */
#define DEBUG_KEYS_MAX 64

static DEFINE_SPINLOCK(readconsole_lock);
/* Oldest byte a non-incremental read returns (moved by "clear"). */
static u64 console_clear_pos;

static u64 online_cpus(unsigned int *max_id)
{
	unsigned int c;
	u64 m = 0;

	*max_id = 0;
	for_each_online_cpu (c) {
		m |= 1ULL << c;
		*max_id = c;
	}
	return m;
}

static void physinfo(struct xen_sysctl_physinfo *pi)
{
	struct page_alloc_stats st;
	unsigned int i, max_id;
	u64 top = 0;

	page_alloc_get_stats(&st);
	for (i = 0; i < bootinfo.mem.nr; i++)
		top = MAX(top, pa_val(bootinfo.mem.bank[i].start) +
				       bootinfo.mem.bank[i].size);
	memset(pi, 0, sizeof(*pi));
	online_cpus(&max_id);
	/* No topology is parsed: each CPU its own core, as Xen on Arm says. */
	pi->threads_per_core = 1;
	pi->cores_per_socket = 1;
	pi->nr_cpus = nr_cpus_online;
	pi->max_cpu_id = nr_cpu_ids ? nr_cpu_ids - 1 : max_id;
	pi->nr_nodes = 1;
	pi->max_node_id = 0;
	pi->cpu_khz = (u32)(arch_counter_freq() / 1000);
	/* As Xen on Arm without an IOMMU: HVM with HAP, grant v1 only. */
	pi->capabilities = XEN_SYSCTL_PHYSCAP_hvm | XEN_SYSCTL_PHYSCAP_hap |
			   XEN_SYSCTL_PHYSCAP_gnttab_v1;
	pi->total_pages = st.total_pages;
	pi->free_pages = st.free_pages;
	pi->scrub_pages = 0;
	pi->max_mfn = top ? (top >> PAGE_SHIFT) - 1 : 0;
}

/* Xen's read_console_ring, on our 64-bit ring positions. */
static long readconsole(struct xen_sysctl_readconsole *rc)
{
	u64 addr = xen_guest_handle_addr(rc->buffer);
	u64 head = ~0ULL, start, pos;
	u32 sofar = 0;
	char chunk[256];

	if (rc->pad0 || rc->pad1)
		return -EINVAL;
	spin_lock(&readconsole_lock);
	console_ring_read(NULL, 0, &head); /* clamps to the newest byte */
	start = console_clear_pos;
	if (rc->incremental) {
		/* index is the low 32 bits of a position at most 4 GiB old. */
		u64 want = head - (u32)((u32)head - rc->index);

		if (want > start)
			start = want;
	}
	pos = start;
	while (sofar < rc->count) {
		size_t n = console_ring_read(
			chunk, MIN(sizeof(chunk), (size_t)(rc->count - sofar)),
			&pos);

		if (!n)
			break;
		if (copy_to_guest(addr + sofar, chunk, n)) {
			spin_unlock(&readconsole_lock);
			return -EFAULT;
		}
		sofar += (u32)n;
	}
	if (rc->clear)
		console_clear_pos = pos;
	spin_unlock(&readconsole_lock);
	rc->count = sofar;
	rc->index = (u32)pos;
	return 0;
}

static long getdomaininfolist(struct xen_sysctl_getdomaininfolist *l)
{
	u64 addr = xen_guest_handle_addr(l->buffer);
	u32 next = l->first_domain, n = 0;

	while (n < l->max_domains) {
		struct xen_domctl_getdomaininfo info;
		unsigned long flags;
		struct domain *d, *best = NULL;

		flags = spin_lock_irqsave(&domlist_lock);
		list_for_each_entry (d, &domain_list, domlist)
			if (d->domain_id >= next &&
			    (!best || d->domain_id < best->domain_id))
				best = d;
		if (best)
			domctl_getdomaininfo(best, &info);
		spin_unlock_irqrestore(&domlist_lock, flags);
		if (!best)
			break;
		if (copy_to_guest(addr + (u64)n * sizeof(info), &info,
				  sizeof(info)))
			return -EFAULT;
		n++;
		next = (u32)info.domain + 1;
	}
	l->num_domains = n;
	return 0;
}

static long debug_keys(const struct xen_sysctl_debug_keys *k)
{
	u64 addr = xen_guest_handle_addr(k->keys);
	u32 i;

	if (k->nr_keys > DEBUG_KEYS_MAX)
		return -E2BIG;
	for (i = 0; i < k->nr_keys; i++) {
		char c;

		if (copy_from_guest(&c, addr + i, 1))
			return -EFAULT;
		handle_keypress(c);
	}
	return 0;
}

static long getcpuinfo(struct xen_sysctl_getcpuinfo *g)
{
	u64 addr = xen_guest_handle_addr(g->info);
	u32 i, n = MIN(g->max_cpus, nr_cpu_ids);

	for (i = 0; i < n; i++) {
		struct xen_sysctl_cpuinfo ci = {
			.idletime =
				cpu_info[i].online ? sched_cpu_idle_ns(i) : 0};

		if (copy_to_guest(addr + i * sizeof(ci), &ci, sizeof(ci)))
			return -EFAULT;
	}
	g->nr_cpus = n;
	return 0;
}

/* Both tables (cputopo, numainfo): NULL handle = just the count. */
static long cputopoinfo(struct xen_sysctl_cputopoinfo *t)
{
	u64 addr = xen_guest_handle_addr(t->cputopo);
	unsigned int c, max_id, n;
	u64 online = online_cpus(&max_id);

	n = max_id + 1;
	if (addr) {
		for (c = 0; c < MIN(n, t->num_cpus); c++) {
			struct xen_sysctl_cputopo ct = {
				.core = c, .socket = 0, .node = 0};

			if (!(online & (1ULL << c)))
				ct.core = ct.socket = ct.node =
					XEN_INVALID_CORE_ID;
			if (copy_to_guest(addr + c * sizeof(ct), &ct,
					  sizeof(ct)))
				return -EFAULT;
		}
	}
	t->num_cpus = n;
	return 0;
}

static long numainfo(struct xen_sysctl_numainfo *ni)
{
	u64 mem = xen_guest_handle_addr(ni->meminfo);
	u64 dist = xen_guest_handle_addr(ni->distance);
	struct page_alloc_stats st;

	page_alloc_get_stats(&st);
	if (mem && dist && ni->num_nodes >= 1) {
		struct xen_sysctl_meminfo mi = {
			.memsize = st.total_pages << PAGE_SHIFT,
			.memfree = st.free_pages << PAGE_SHIFT};
		u32 d10 = 10; /* the distance of a node to itself */

		if (copy_to_guest(mem, &mi, sizeof(mi)) ||
		    copy_to_guest(dist, &d10, sizeof(d10)))
			return -EFAULT;
	}
	ni->num_nodes = 1;
	return 0;
}

/* One pool (0) with every CPU, as a Xen without cpupools configured. */
static long cpupool_op(struct xen_sysctl_cpupool_op *p)
{
	unsigned int max_id;
	u64 cpus = online_cpus(&max_id), addr;
	u32 i, n;

	switch (p->op) {
	case XEN_SYSCTL_CPUPOOL_OP_INFO: {
		unsigned long flags;
		struct domain *d;

		if (p->cpupool_id != 0 &&
		    p->cpupool_id != XEN_SYSCTL_CPUPOOL_PAR_ANY)
			return -ENOENT;
		p->cpupool_id = 0;
		p->sched_id = XEN_SCHEDULER_CREDIT2;
		p->n_dom = 0;
		flags = spin_lock_irqsave(&domlist_lock);
		list_for_each_entry (d, &domain_list, domlist)
			p->n_dom++;
		spin_unlock_irqrestore(&domlist_lock, flags);
		break;
	}
	case XEN_SYSCTL_CPUPOOL_OP_FREEINFO:
		cpus = 0; /* every CPU is in pool 0 */
		break;
	default:
		return -EOPNOTSUPP;
	}
	addr = xen_guest_handle_addr(p->cpumap.bitmap);
	n = (p->cpumap.nr_bits + 7) / 8;
	for (i = 0; addr && i < n; i++) {
		u8 byte = i < 8 ? (u8)(cpus >> (8 * i)) : 0;

		if (copy_to_guest(addr + i, &byte, 1))
			return -EFAULT;
	}
	return 0;
}

long do_sysctl(u64 arg)
{
	struct xen_sysctl op;
	bool copyback = true;
	long rc;

	if (copy_from_guest(&op, arg, sizeof(op)))
		return -EFAULT;
	if (op.interface_version != XEN_SYSCTL_INTERFACE_VERSION)
		return -EACCES;
	if (!current->domain->is_privileged)
		return -EPERM;

	switch (op.cmd) {
	case XEN_SYSCTL_readconsole:
		rc = readconsole(&op.u.readconsole);
		break;
	case XEN_SYSCTL_physinfo:
		physinfo(&op.u.physinfo);
		rc = 0;
		break;
	case XEN_SYSCTL_sched_id:
		op.u.sched_id.sched_id = XEN_SCHEDULER_CREDIT2;
		rc = 0;
		break;
	case XEN_SYSCTL_getdomaininfolist:
		rc = getdomaininfolist(&op.u.getdomaininfolist);
		break;
	case XEN_SYSCTL_debug_keys:
		rc = debug_keys(&op.u.debug_keys);
		copyback = false;
		break;
	case XEN_SYSCTL_getcpuinfo:
		rc = getcpuinfo(&op.u.getcpuinfo);
		break;
	case XEN_SYSCTL_cputopoinfo:
		rc = cputopoinfo(&op.u.cputopoinfo);
		break;
	case XEN_SYSCTL_numainfo:
		rc = numainfo(&op.u.numainfo);
		break;
	case XEN_SYSCTL_cpupool_op:
		rc = cpupool_op(&op.u.cpupool_op);
		break;
	default:
		return -ENOSYS;
	}
	if (!rc && copyback && copy_to_guest(arg, &op, sizeof(op)))
		rc = -EFAULT;
	return rc;
}
