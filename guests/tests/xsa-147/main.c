/* SPDX-License-Identifier: MIT */
/*
 * XSA-147 ("arm: Race between domain destruction and memory allocation
 * decrease", 2015): a vCPU in XENMEM_decrease_reservation while another
 * pCPU destroyed the domain used pages already given back.
 *
 * Bad input: vCPUs 1..n loop on operations that take and give back pages
 * and stage-2 entries of their own domain: decrease_reservation and
 * populate_physmap of the same pages, add_to_physmap of grant-table
 * frames and of shared_info (after remove_from_physmap), grant copies into
 * the pages another vCPU is ballooning, event channels allocated and
 * closed. vCPU 0 waits a delay drawn from a seed (the domain id), prints
 * the result and powers the domain off while they run. Without a control
 * domain armvisor destroys it at once (domain_reap); Xen keeps it.
 *
 * What must happen: before the shutdown, every balloon and event-channel
 * operation does what it says; ballooning a 2 MiB extent out and back in
 * 640 times (more than the machine's RAM in total; at most 15 s of it,
 * for Xen under TCG) never runs out of memory (a page given back is
 * reusable, not lost). The shutdown itself is
 * judged by the harness (tests/integration/test_xsa147.py): the
 * hypervisor does not panic, and on armvisor every page comes back once
 * the domains are destroyed.
 */
#include <test.h>
#include <public/grant_table.h>

const char test_title[] = "XSA-147: memory ops racing domain shutdown";

#define NPAGES 8	    /* pages each worker balloons */
#define CHURN_CYCLES 640    /* x 2 MiB: more than QEMU's 1 GiB */
#define CHURN_US 15000000   /* but Xen under TCG takes ~0.1 s a cycle */
#define MIN_ITERATIONS 16   /* per worker before the delay starts */
#define MAX_DELAY_US 100000 /* seeded delay before the shutdown */
#define ENTRIES_PER_FRAME (PAGE_SIZE / sizeof(struct grant_entry_v1))
#define GREF_BASE 16

static u8 churn[2 << 20] __aligned(2 << 20);
static u8 pages[MAX_CPUS][NPAGES][PAGE_SIZE] __aligned(PAGE_SIZE);
static u8 gframe[MAX_CPUS][PAGE_SIZE] __aligned(PAGE_SIZE);
static u8 gnt0[PAGE_SIZE] __aligned(PAGE_SIZE);

struct worker {
	u64 rng;
	volatile u64 iterations;
	volatile u64 failures;
	volatile u64 soft_errors; /* racy operations allowed to fail */
	const char *volatile first_failure;
	volatile long first_rc;
};
static struct worker workers[MAX_CPUS];
static unsigned int nworkers;
static domid_t me;

static u64 rnd(u64 *s)
{
	u64 x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

static u64 gfn_of(const void *p)
{
	return (u64)(uintptr_t)p >> PAGE_SHIFT;
}

static void fail(struct worker *w, const char *what, long rc)
{
	if (!w->first_failure) {
		w->first_rc = rc;
		w->first_failure = what;
	}
	w->failures++;
}

static long reservation(unsigned int op, xen_pfn_t *list, u64 nr,
			unsigned int order)
{
	struct xen_memory_reservation r = {
		.nr_extents = nr,
		.extent_order = order,
		.domid = DOMID_SELF,
	};

	r.extent_start.q = (u64)(uintptr_t)list;
	return HYPERVISOR_memory_op(op, &r);
}

static long map_space(unsigned int space, u64 idx, u64 gfn)
{
	struct xen_add_to_physmap x = {
		.domid = DOMID_SELF, .space = space, .idx = idx, .gpfn = gfn};

	return HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x);
}

static void op_balloon(struct worker *w, unsigned int cpu)
{
	xen_pfn_t list[NPAGES];
	unsigned int i;
	long rc;

	for (i = 0; i < NPAGES; i++)
		list[i] = gfn_of(pages[cpu][i]);
	rc = reservation(XENMEM_decrease_reservation, list, NPAGES, 0);
	if (rc != NPAGES)
		fail(w, "decrease_reservation", rc);
	rc = reservation(XENMEM_populate_physmap, list, NPAGES, 0);
	if (rc != NPAGES) {
		fail(w, "populate_physmap", rc);
		return;
	}
	for (i = 0; i < NPAGES; i++)
		WRITE_ONCE(*(volatile u64 *)pages[cpu][i], w->iterations);
}

/* Copy from our grant into a page the next worker may have ballooned out. */
static void op_copy(struct worker *w, unsigned int cpu)
{
	unsigned int peer = cpu % nworkers + 1;
	struct gnttab_copy c;
	long rc;

	memset(&c, 0, sizeof(c));
	c.source.u.ref = GREF_BASE + cpu;
	c.source.domid = DOMID_SELF;
	c.dest.u.gmfn = gfn_of(pages[peer][rnd(&w->rng) % NPAGES]);
	c.dest.domid = DOMID_SELF;
	c.dest.offset = 64;
	c.len = 64;
	c.flags = GNTCOPY_source_gref;
	rc = HYPERVISOR_grant_table_op(GNTTABOP_copy, &c, 1);
	if (rc)
		fail(w, "GNTTABOP_copy", rc);
	else if (c.status != GNTST_okay)
		w->soft_errors++;
}

static void op_grant_frame(struct worker *w, unsigned int cpu)
{
	struct gnttab_query_size q = {.dom = DOMID_SELF};
	long rc;

	/* Frames 1-3 move between the workers' pages; frame 0 stays. */
	rc = map_space(XENMAPSPACE_grant_table, 1 + rnd(&w->rng) % 3,
		       gfn_of(gframe[cpu]));
	if (rc)
		w->soft_errors++;
	rc = HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1);
	if (rc || q.status != GNTST_okay)
		fail(w, "GNTTABOP_query_size", rc ? rc : q.status);
}

static void op_shared_info(struct worker *w)
{
	struct xen_remove_from_physmap r = {.domid = DOMID_SELF,
					    .gpfn = xen_shared_info_gfn()};

	/* armvisor keeps shared_info mapped (-EINVAL, then -EBUSY). */
	if (HYPERVISOR_memory_op(XENMEM_remove_from_physmap, &r))
		w->soft_errors++;
	if (map_space(XENMAPSPACE_shared_info, 0, xen_shared_info_gfn()))
		w->soft_errors++;
}

static void op_evtchn(struct worker *w)
{
	evtchn_port_t port;
	long rc = evtchn_alloc_unbound(me, &port);

	if (rc) {
		fail(w, "EVTCHNOP_alloc_unbound", rc);
		return;
	}
	rc = evtchn_close(port);
	if (rc)
		fail(w, "EVTCHNOP_close", rc);
}

/* Until the domain dies: it never returns. */
static void worker_main(void *arg)
{
	unsigned int cpu = (unsigned int)(uintptr_t)arg;
	struct worker *w = &workers[cpu];

	for (;;) {
		switch (rnd(&w->rng) % 8) {
		case 0:
		case 1:
		case 2:
			op_balloon(w, cpu);
			break;
		case 3:
		case 4:
			op_copy(w, cpu);
			break;
		case 5:
			op_grant_frame(w, cpu);
			break;
		case 6:
			if (cpu == 1)
				op_shared_info(w);
			else
				op_balloon(w, cpu);
			break;
		default:
			op_evtchn(w);
			break;
		}
		w->iterations++;
	}
}

/* Balloon 2 MiB out and in again: a lost page adds up to the whole RAM. */
static bool churn_2m(void)
{
	xen_pfn_t gfn = gfn_of(churn);
	u64 end = uptime_us() + CHURN_US;
	unsigned int i;
	long rc;

	for (i = 0; i < CHURN_CYCLES && uptime_us() < end; i++) {
		rc = reservation(XENMEM_decrease_reservation, &gfn, 1, 9);
		if (rc != 1)
			return check_eq(rc, 1, "cycle %u: decrease 2 MiB", i);
		rc = reservation(XENMEM_populate_physmap, &gfn, 1, 9);
		if (rc != 1)
			return check_eq(rc, 1, "cycle %u: populate 2 MiB", i);
		WRITE_ONCE(*(volatile u64 *)churn, i);
	}
	printk("ballooned 2 MiB out and back in %u times\n", i);
	return true;
}

static bool setup_grants(void)
{
	struct grant_entry_v1 *e = (struct grant_entry_v1 *)gnt0;
	unsigned int cpu;

	if (!check_eq(map_space(XENMAPSPACE_grant_table, 0, gfn_of(gnt0)), 0,
		      "map grant frame 0"))
		return false;
	for (cpu = 1; cpu <= nworkers; cpu++) {
		e[GREF_BASE + cpu].domid = me;
		e[GREF_BASE + cpu].frame = (u32)gfn_of(pages[cpu][0]);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		WRITE_ONCE(e[GREF_BASE + cpu].flags, GTF_permit_access);
	}
	return true;
}

static bool all_started(u64 deadline)
{
	unsigned int cpu;

	for (cpu = 1; cpu <= nworkers; cpu++)
		while (workers[cpu].iterations < MIN_ITERATIONS)
			if (uptime_us() > deadline)
				return false;
	return true;
}

void test_main(void)
{
	u64 seed, delay, total = 0;
	unsigned int cpu, n;

	if (!check_eq(xen_own_domid(&me), 0, "find our domain id"))
		return;
	seed = 0x147ULL * 0x9e3779b97f4a7c15ULL ^ ((u64)me << 32 | me);
	if (!seed)
		seed = 1;
	delay = rnd(&seed) % MAX_DELAY_US;
	printk("domain %u: seed %#lx, shutdown %lu us after the workers run\n",
	       me, seed, delay);
	if (!check_eq(xen_map_shared_info(), 0, "map shared_info"))
		return;
	if (!churn_2m())
		return;
	n = nr_cpus() < MAX_CPUS ? nr_cpus() : MAX_CPUS;
	if (n < 2) {
		test_skip("needs 2 vCPUs or more (have %u)", n);
		return;
	}
	nworkers = n - 1;
	if (!setup_grants())
		return;
	for (cpu = 1; cpu <= nworkers; cpu++) {
		workers[cpu].rng = seed ^ (cpu * 0x2545f4914f6cdd1dULL);
		if (!check_eq(cpu_start(cpu), 0, "start vCPU %u", cpu))
			return;
	}
	for (cpu = 1; cpu <= nworkers; cpu++)
		on_cpu_async(cpu, worker_main, (void *)(uintptr_t)cpu);
	if (!check(all_started(uptime_us() + 30000000),
		   "every worker ran %u iterations", MIN_ITERATIONS))
		return;
	udelay(delay);
	for (cpu = 1; cpu <= nworkers; cpu++) {
		struct worker *w = &workers[cpu];

		total += w->iterations;
		if (w->failures)
			check_eq(w->first_rc, 0, "vCPU %u: %s (%lu failures)",
				 cpu, w->first_failure, w->failures);
		printk("vCPU %u: %lu iterations, %lu racy errors\n", cpu,
		       w->iterations, w->soft_errors);
	}
	printk("%lu iterations; powering off with the workers running\n",
	       total);
	/* test_exit prints the result and shuts down while they go on. */
	test_success(NULL);
}
