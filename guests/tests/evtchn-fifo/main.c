/* SPDX-License-Identifier: MIT */
/*
 * The FIFO event-channel ABI (Xen 4.17: xen/common/event_fifo.c, the FIFO
 * part of xen/common/event_channel.c). Two vCPUs; vCPU 1 never runs and
 * the event PPI is never enabled, so control blocks, event words and
 * evtchn_upcall_pending are looked at directly, as a guest's upcall
 * handler would.
 *
 *  - before the switch: expand_array is -EOPNOTSUPP and set_priority
 *    -ENOSYS (2-level has no priorities); a port beyond the allocated ones
 *    is -EINVAL first;
 *  - init_control: a vCPU id past the last is -ENOENT (checked first), an
 *    offset not 8-byte aligned or leaving no room for the 72-byte control
 *    block -EINVAL, a gfn that is not our RAM -EINVAL, an unreadable
 *    argument -EFAULT; after these the domain still uses 2-level;
 *  - init_control for vCPU 0 works and reports link_bits 17; a second one
 *    for vCPU 0 is -EINVAL; set_priority then checks the priority (16:
 *    -EINVAL), a free port is -EACCES; expand_array with a gfn that is not
 *    our RAM is -EINVAL;
 *  - a port pending in 2-level before the switch is queued (default
 *    priority 7) once expand_array gives it an event word;
 *  - events are queued per priority: the head of each queue in the control
 *    block, later events linked through LINK, the queue's ready bit, and
 *    evtchn_upcall_pending when a queue becomes ready; consumed most urgent
 *    queue first; sending a linked event again does not queue it twice;
 *  - a MASKED event word only gets PENDING; EVTCHNOP_unmask clears MASKED
 *    and queues it;
 *  - an event for a vCPU without a control block is dropped (not even
 *    PENDING); once vCPU 1 has one, its events go to its own queues and
 *    its own vcpu_info (registered for it by vCPU 0, Arm's shared_info
 *    has only vCPU 0's), not vCPU 0's.
 */
#include <test.h>

const char test_title[] = "FIFO event channels";

#define NR_VCPUS 2
#define CB1_OFFSET 128
#define BAD_PORT 5000
#define FREE_PORT 60
#define MAX_EVENTS 16
#define W_PENDING (1U << EVTCHN_FIFO_PENDING)
#define W_MASKED (1U << EVTCHN_FIFO_MASKED)
#define W_LINKED (1U << EVTCHN_FIFO_LINKED)

static u8 cb_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static event_word_t
	words[PAGE_SIZE / sizeof(event_word_t)] __aligned(PAGE_SIZE);

static struct evtchn_fifo_control_block *const cb0 =
	(struct evtchn_fifo_control_block *)cb_page;
static struct evtchn_fifo_control_block *const cb1 =
	(struct evtchn_fifo_control_block *)(cb_page + CB1_OFFSET);

static u64 gfn_of(const void *p)
{
	return (u64)(uintptr_t)p >> PAGE_SHIFT;
}

static u64 outside_ram_gfn(void)
{
	return ((platform.ram_base + platform.ram_size) >> PAGE_SHIFT) + 16;
}

static u32 word(evtchn_port_t port)
{
	return __atomic_load_n(&words[port], __ATOMIC_SEQ_CST);
}

/* vCPU 1's vcpu_info: Arm's shared_info holds only vCPU 0's. */
static u8 vi_page[PAGE_SIZE] __aligned(PAGE_SIZE);

static struct vcpu_info *vi(unsigned int vcpu)
{
	return vcpu ? (struct vcpu_info *)(vi_page + 64)
		    : &xen_shared_info->vcpu_info[0];
}

static u32 upcall_pending(unsigned int vcpu)
{
	return READ_ONCE(vi(vcpu)->evtchn_upcall_pending);
}

static void clear_upcall(unsigned int vcpu)
{
	WRITE_ONCE(vi(vcpu)->evtchn_upcall_pending, 0);
}

/*
 * What an upcall handler does: take the ready queues, most urgent first,
 * walk each from its head, unlinking every word and collecting the pending
 * unmasked ones (clearing PENDING). Returns how many.
 */
static unsigned int consume(struct evtchn_fifo_control_block *cb,
			    evtchn_port_t *out)
{
	u32 ready = __atomic_exchange_n(&cb->ready, 0, __ATOMIC_SEQ_CST);
	unsigned int q, n = 0, steps = 0;

	for (q = 0; q < EVTCHN_FIFO_MAX_QUEUES; q++) {
		u32 port;

		if (!(ready & (1U << q)))
			continue;
		port = __atomic_load_n(&cb->head[q], __ATOMIC_SEQ_CST);
		while (port && port < ARRAY_SIZE(words) && steps++ < 64) {
			u32 old = __atomic_fetch_and(
				&words[port],
				~(W_LINKED | EVTCHN_FIFO_LINK_MASK),
				__ATOMIC_SEQ_CST);

			if ((old & W_PENDING) && !(old & W_MASKED)) {
				__atomic_fetch_and(&words[port], ~W_PENDING,
						   __ATOMIC_SEQ_CST);
				if (n < MAX_EVENTS)
					out[n++] = port;
			}
			port = old & EVTCHN_FIFO_LINK_MASK;
		}
	}
	return n;
}

/* Consume vCPU 0's queues and compare with the expected ports, in order. */
static void expect_events(struct evtchn_fifo_control_block *cb,
			  const evtchn_port_t *want, unsigned int nr,
			  const char *what)
{
	evtchn_port_t got[MAX_EVENTS];
	unsigned int n = consume(cb, got), i;
	bool same = n == nr;

	for (i = 0; same && i < n; i++)
		same = got[i] == want[i];
	if (!check(same, "%s: %u event(s) in the expected order", what, nr))
		for (i = 0; i < n; i++)
			printk("  got port %u\n", got[i]);
}

static evtchn_port_t pa, pb; /* loopback pair: a send on pa signals pb */

static void test_before_switch(domid_t me)
{
	check_eq(evtchn_expand_array(gfn_of(words)), -XEN_EOPNOTSUPP,
		 "expand_array before init_control");
	if (!check_eq(evtchn_alloc_unbound(DOMID_SELF, &pa), 0,
		      "alloc_unbound(self)") ||
	    !check_eq(evtchn_bind_interdomain(me, pa, &pb), 0,
		      "bind_interdomain(self, %u)", pa))
		return;
	evtchn_clear_pending(pb);
	check_eq(evtchn_set_priority(pa, 0), -XEN_ENOSYS,
		 "set_priority with 2-level event channels");
	check_eq(evtchn_set_priority(BAD_PORT, 0), -XEN_EINVAL,
		 "set_priority of port %u (none)", BAD_PORT);
	/* Left pending across the switch. */
	check_eq(evtchn_send(pa), 0, "send on port %u (2-level)", pa);
	check(evtchn_pending(pb), "port %u pending in shared_info", pb);
}

static void test_init_errors(void)
{
	u64 g = gfn_of(cb_page);
	u32 last = PAGE_SIZE - sizeof(struct evtchn_fifo_control_block);

	check_eq(evtchn_init_control(g, 0, NR_VCPUS, NULL), -XEN_ENOENT,
		 "init_control for vCPU %u (none)", NR_VCPUS);
	check_eq(evtchn_init_control(g, 4, 100, NULL), -XEN_ENOENT,
		 "init_control for vCPU 100, bad offset: the vCPU first");
	check_eq(evtchn_init_control(g, 4, 0, NULL), -XEN_EINVAL,
		 "offset not 8-byte aligned");
	check_eq(evtchn_init_control(g, last + 8, 0, NULL), -XEN_EINVAL,
		 "offset leaving less than 72 bytes");
	check_eq(evtchn_init_control(g, PAGE_SIZE, 0, NULL), -XEN_EINVAL,
		 "offset of a page");
	check_eq(evtchn_init_control(outside_ram_gfn(), 0, 0, NULL),
		 -XEN_EINVAL, "control block outside our RAM");
	check_eq(HYPERVISOR_event_channel_op(EVTCHNOP_init_control,
					     (void *)UNMAPPED_VA),
		 -XEN_EFAULT, "init_control, argument not mapped");
	check_eq(evtchn_expand_array(gfn_of(words)), -XEN_EOPNOTSUPP,
		 "after the failures: still 2-level (expand_array)");
	check_eq(evtchn_set_priority(pa, 0), -XEN_ENOSYS,
		 "after the failures: still 2-level (set_priority)");
}

static bool test_switch(void)
{
	u8 bits = 0;

	if (!check_eq(evtchn_init_control(gfn_of(cb_page), 0, 0, &bits), 0,
		      "init_control for vCPU 0"))
		return false;
	check_eq(bits, EVTCHN_FIFO_LINK_BITS, "link_bits");
	check_eq(evtchn_init_control(gfn_of(cb_page), 256, 0, NULL),
		 -XEN_EINVAL, "init_control for vCPU 0 again");
	check_eq(evtchn_set_priority(pa, EVTCHN_FIFO_PRIORITY_MIN + 1),
		 -XEN_EINVAL, "set_priority %u", EVTCHN_FIFO_PRIORITY_MIN + 1);
	check_eq(evtchn_set_priority(FREE_PORT, 3), -XEN_EACCES,
		 "set_priority of free port %u", FREE_PORT);
	check_eq(evtchn_set_priority(BAD_PORT, 3), -XEN_EINVAL,
		 "set_priority of port %u (none)", BAD_PORT);
	check_eq(evtchn_expand_array(outside_ram_gfn()), -XEN_EINVAL,
		 "expand_array outside our RAM");

	/* pb, pending before the switch, is queued once its word exists. */
	clear_upcall(0);
	if (!check_eq(evtchn_expand_array(gfn_of(words)), 0, "expand_array"))
		return false;
	check_eq(word(pb), W_PENDING | W_LINKED,
		 "port %u: PENDING and LINKED, the end of its queue", pb);
	check_eq(READ_ONCE(cb0->ready), 1U << EVTCHN_FIFO_PRIORITY_DEFAULT,
		 "ready: the default queue (%u)", EVTCHN_FIFO_PRIORITY_DEFAULT);
	check_eq(READ_ONCE(cb0->head[EVTCHN_FIFO_PRIORITY_DEFAULT]), pb,
		 "its head: port %u", pb);
	check_eq(upcall_pending(0), 1, "evtchn_upcall_pending");
	expect_events(cb0, &pb, 1, "the event from before the switch");
	check_eq(word(pb), 0, "port %u's word consumed", pb);
	return true;
}

static void test_queues(void)
{
	evtchn_port_t p[4];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(p); i++)
		if (!check_eq(evtchn_bind_ipi(0, &p[i]), 0, "bind_ipi(vCPU 0)"))
			return;
	check_eq(evtchn_set_priority(p[0], 10), 0, "port %u: priority 10",
		 p[0]);
	check_eq(evtchn_set_priority(p[1], 2), 0, "port %u: priority 2", p[1]);
	check_eq(evtchn_set_priority(p[2], 2), 0, "port %u: priority 2", p[2]);
	/* p[3] keeps the default, 7. */

	clear_upcall(0);
	for (i = 0; i < ARRAY_SIZE(p); i++)
		check_eq(evtchn_send(p[i]), 0, "send on port %u", p[i]);
	check_eq(evtchn_send(p[1]), 0, "send on port %u again (linked)", p[1]);
	check_eq(READ_ONCE(cb0->ready), (1U << 10) | (1U << 2) | (1U << 7),
		 "ready: queues 2, 7 and 10");
	check_eq(READ_ONCE(cb0->head[2]), p[1], "queue 2 starts at port %u",
		 p[1]);
	check_eq(word(p[1]), W_PENDING | W_LINKED | p[2],
		 "port %u links to port %u", p[1], p[2]);
	check_eq(word(p[2]), W_PENDING | W_LINKED, "port %u ends queue 2",
		 p[2]);
	check_eq(READ_ONCE(cb0->head[10]), p[0], "queue 10 is port %u", p[0]);
	check_eq(READ_ONCE(cb0->head[7]), p[3], "queue 7 is port %u", p[3]);
	check_eq(upcall_pending(0), 1, "evtchn_upcall_pending");
	{
		const evtchn_port_t want[] = {p[1], p[2], p[3], p[0]};

		expect_events(cb0, want, ARRAY_SIZE(want),
			      "most urgent queue first");
	}

	/* A masked event is only marked pending; unmask queues it. */
	__atomic_fetch_or(&words[p[0]], W_MASKED, __ATOMIC_SEQ_CST);
	clear_upcall(0);
	check_eq(evtchn_send(p[0]), 0, "send on masked port %u", p[0]);
	check_eq(word(p[0]), W_PENDING | W_MASKED, "... PENDING, not LINKED");
	check_eq(READ_ONCE(cb0->ready), 0, "... no queue ready");
	check_eq(upcall_pending(0), 0, "... no upcall");
	check_eq(evtchn_unmask(p[0]), 0, "EVTCHNOP_unmask(%u)", p[0]);
	check_eq(word(p[0]), W_PENDING | W_LINKED,
		 "... MASKED cleared, now LINKED");
	check_eq(READ_ONCE(cb0->ready), 1U << 10, "... queue 10 ready");
	check_eq(upcall_pending(0), 1, "... upcall pending");
	expect_events(cb0, &p[0], 1, "the unmasked event");

	/* A queue emptied by the guest starts again at its head. */
	check_eq(evtchn_send(p[2]), 0, "send on port %u", p[2]);
	check_eq(READ_ONCE(cb0->head[2]), p[2], "queue 2 now starts at %u",
		 p[2]);
	expect_events(cb0, &p[2], 1, "the event on a fresh queue");

	for (i = 0; i < ARRAY_SIZE(p); i++)
		check_eq(evtchn_close(p[i]), 0, "close port %u", p[i]);
	check_eq(evtchn_send(p[0]), -XEN_EINVAL, "send on closed port %u",
		 p[0]);
}

static void test_second_vcpu(void)
{
	struct vcpu_register_vcpu_info info = {.mfn = gfn_of(vi_page),
					       .offset = 64};
	evtchn_port_t p;

	/* vCPU 1 is offline: vCPU 0 may place its vcpu_info. */
	if (!check_eq(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 1, &info),
		      0, "register_vcpu_info for vCPU 1"))
		return;

	if (!check_eq(evtchn_bind_ipi(1, &p), 0, "bind_ipi(vCPU 1)"))
		return;
	clear_upcall(1);
	check_eq(evtchn_send(p), 0, "send to vCPU 1, no control block yet");
	check_eq(word(p), 0, "... dropped: port %u's word untouched", p);
	check_eq(upcall_pending(1), 0, "... no upcall for vCPU 1");

	if (!check_eq(evtchn_init_control(gfn_of(cb_page), CB1_OFFSET, 1, NULL),
		      0, "init_control for vCPU 1 (at offset %u)", CB1_OFFSET))
		return;
	clear_upcall(0);
	check_eq(evtchn_send(p), 0, "send to vCPU 1");
	check_eq(READ_ONCE(cb1->ready), 1U << EVTCHN_FIFO_PRIORITY_DEFAULT,
		 "vCPU 1's control block: default queue ready");
	check_eq(READ_ONCE(cb1->head[EVTCHN_FIFO_PRIORITY_DEFAULT]), p,
		 "... starting at port %u", p);
	check_eq(upcall_pending(1), 1, "vCPU 1's evtchn_upcall_pending");
	check_eq(READ_ONCE(cb0->ready), 0, "vCPU 0's queues untouched");
	check_eq(upcall_pending(0), 0, "vCPU 0's evtchn_upcall_pending");
	expect_events(cb1, &p, 1, "vCPU 1's event");
	check_eq(evtchn_close(p), 0, "close port %u", p);
}

void test_main(void)
{
	domid_t me = 0;

	if (!check_eq(xen_map_shared_info(), 0, "map shared_info") ||
	    !check_eq(xen_own_domid(&me), 0, "find our domain id"))
		return;
	test_before_switch(me);
	test_init_errors();
	if (!test_switch())
		return;
	test_queues();
	test_second_vcpu();
	test_success(NULL);
}
