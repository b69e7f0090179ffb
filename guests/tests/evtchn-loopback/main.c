/* SPDX-License-Identifier: MIT */
/*
 * 2-level event channels inside one domain, delivered through the
 * event-channel PPI (31 on Xen, or the one /hypervisor names):
 *
 *  - shared_info maps with XENMEM_add_to_physmap; mapping it at a second
 *    gfn while mapped is -EBUSY (Xen 4.17);
 *  - EVTCHNOP_bind_ipi gives a port whose status is "ipi" on vCPU 0;
 *    EVTCHNOP_send with interrupts masked sets its pending bit, the
 *    selector bit and evtchn_upcall_pending in vcpu_info; unmasking
 *    interrupts takes exactly one upcall;
 *  - a masked port only gets its pending bit; EVTCHNOP_unmask delivers it;
 *  - alloc_unbound(remote = self) + bind_interdomain(self, port) makes a
 *    loopback pair: status reports both ends, binding marks the new local
 *    port pending, and a send on either end signals the other;
 *  - an IPI port bound to vCPU 1 (which registered its own vcpu_info with
 *    VCPUOP_register_vcpu_info) interrupts vCPU 1, not vCPU 0, and cannot
 *    be moved with bind_vcpu (-EINVAL);
 *  - close gives status "closed", send on it and on ports beyond the limit
 *    is -EINVAL, bind_ipi to a missing vCPU is -ENOENT, unknown operations
 *    are -ENOSYS.
 */
#include <test.h>

const char test_title[] = "Event channels: IPI and loopback ports";

static volatile u32 hits[EVTCHN_2L_NR_CHANNELS];
static volatile u32 hit_cpu[EVTCHN_2L_NR_CHANNELS];

static void on_event(evtchn_port_t port, void *arg)
{
	hits[port]++;
	hit_cpu[port] = smp_processor_id();
}

/* Count events on a (possibly reused) port from zero. */
static void watch_port(evtchn_port_t port)
{
	hits[port] = 0;
	hit_cpu[port] = ~0U;
	evtchn_bind_handler(port, on_event, NULL);
}

/* Let pending interrupts in for a moment. */
static void open_irq_window(void)
{
	local_irq_enable();
	udelay(2000);
	local_irq_disable();
}

/* Wait up to a second for port's hit count to reach n. */
static bool wait_hits(evtchn_port_t port, u32 n)
{
	u64 start = uptime_us();

	while (READ_ONCE(hits[port]) < n && uptime_us() - start < 1000000)
		cpu_relax();
	return READ_ONCE(hits[port]) >= n;
}

static void test_ipi_port(void)
{
	struct vcpu_info *vi = xen_vcpu_info(0);
	struct evtchn_status st;
	evtchn_port_t port;
	u32 upcalls;

	if (!check_eq(evtchn_bind_ipi(0, &port), 0, "bind_ipi(vCPU 0)"))
		return;
	check(port > 0 && port < EVTCHN_2L_NR_CHANNELS, "port %u is valid",
	      port);
	watch_port(port);
	if (check_eq(evtchn_get_status(DOMID_SELF, port, &st), 0,
		     "EVTCHNOP_status")) {
		check_eq(st.status, EVTCHNSTAT_ipi, "status is ipi");
		check_eq(st.vcpu, 0, "bound to vCPU 0");
	}
	check(!evtchn_pending(port) && !evtchn_masked(port),
	      "new port: not pending, not masked");

	/* Send with interrupts masked and look at the bitmaps. */
	upcalls = evtchn_upcalls[0];
	check_eq(evtchn_send(port), 0, "send");
	check(evtchn_pending(port), "the pending bit is set");
	check(READ_ONCE(vi->evtchn_pending_sel) & BIT(port / 64),
	      "the selector bit is set in vcpu_info");
	check_eq(READ_ONCE(vi->evtchn_upcall_pending), 1,
		 "evtchn_upcall_pending is set");
	open_irq_window();
	check_eq(evtchn_upcalls[0] - upcalls, 1, "one upcall");
	check_eq(hits[port], 1, "the port's handler ran once");
	check(!evtchn_pending(port), "the handler cleared the pending bit");

	/* A masked port is only marked pending. */
	evtchn_mask(port);
	upcalls = evtchn_upcalls[0];
	check_eq(evtchn_send(port), 0, "send to the masked port");
	check(evtchn_pending(port), "masked port: pending bit set");
	open_irq_window();
	check_eq(evtchn_upcalls[0] - upcalls, 0, "masked port: no upcall");
	check_eq(evtchn_unmask(port), 0, "EVTCHNOP_unmask");
	check(!evtchn_masked(port), "the mask bit is clear");
	open_irq_window();
	check_eq(hits[port], 2, "unmask delivered the pending event");

	check_eq(evtchn_close(port), 0, "close");
	if (check_eq(evtchn_get_status(DOMID_SELF, port, &st), 0,
		     "status of the closed port"))
		check_eq(st.status, EVTCHNSTAT_closed, "status is closed");
	check_eq(evtchn_send(port), -XEN_EINVAL, "send on a closed port");
}

static void test_loopback_pair(domid_t me)
{
	struct evtchn_bind_interdomain bind = {.remote_dom = DOMID_SELF};
	struct evtchn_status st;
	evtchn_port_t a, b;
	long rc;

	if (!check_eq(evtchn_alloc_unbound(DOMID_SELF, &a), 0,
		      "alloc_unbound(remote = self)"))
		return;
	watch_port(a);
	if (check_eq(evtchn_get_status(DOMID_SELF, a, &st), 0, "status")) {
		check_eq(st.status, EVTCHNSTAT_unbound, "port %u is unbound",
			 a);
		check_eq(st.u.unbound.dom, me, "... waiting for domain %u", me);
	}
	check_eq(evtchn_send(a), 0, "send on an unbound port succeeds");

	bind.remote_port = a;
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &bind);
	if (!check_eq(rc, 0, "bind_interdomain(self, %u)", a))
		return;
	b = bind.local_port;
	watch_port(b);
	check(b != a, "the local end is a new port (%u)", b);
	if (check_eq(evtchn_get_status(DOMID_SELF, a, &st), 0, "status")) {
		check_eq(st.status, EVTCHNSTAT_interdomain,
			 "port %u is interdomain", a);
		check_eq(st.u.interdomain.dom, me, "... to domain %u", me);
		check_eq(st.u.interdomain.port, b, "... port %u", b);
	}
	check(evtchn_pending(b), "binding marked the new port pending");
	open_irq_window();
	check_eq(hits[b], 1, "... and it was delivered");

	check_eq(evtchn_send(a), 0, "send on %u", a);
	open_irq_window();
	check_eq(hits[b], 2, "it signals %u", b);
	check_eq(hits[a], 0, "... not %u", a);
	check_eq(evtchn_send(b), 0, "send on %u", b);
	open_irq_window();
	check_eq(hits[a], 1, "it signals %u", a);

	check_eq(evtchn_close(a), 0, "close %u", a);
	if (check_eq(evtchn_get_status(DOMID_SELF, b, &st), 0, "status"))
		check_eq(st.status, EVTCHNSTAT_unbound,
			 "closing one end leaves the other unbound");
	check_eq(evtchn_close(b), 0, "close %u", b);
}

static volatile long vcpu1_rc = 1;

static void vcpu1_setup(void *arg)
{
	vcpu1_rc = xen_register_vcpu_info();
	if (vcpu1_rc == 0) {
		xen_evtchn_upcall_enable_cpu();
		/* Let the upcall in while vCPU 1 waits for work. */
		local_irq_enable();
	}
}

static void vcpu1_quiesce(void *arg)
{
	local_irq_disable();
}

static void test_second_vcpu(void)
{
	evtchn_port_t port;
	u32 before = evtchn_upcalls[0];

	if (nr_cpus() < 2) {
		test_error("the domain should have 2 vCPUs");
		return;
	}
	if (!check_eq(cpu_start(1), 0, "start vCPU 1"))
		return;
	on_cpu(1, vcpu1_setup, NULL);
	if (!check_eq(vcpu1_rc, 0, "vCPU 1: VCPUOP_register_vcpu_info"))
		return;
	/* Registration itself marks events pending: one spurious upcall. */
	udelay(2000);
	printk("vCPU 1 took %u upcall(s) after registering vcpu_info\n",
	       evtchn_upcalls[1]);

	if (!check_eq(evtchn_bind_ipi(1, &port), 0, "bind_ipi(vCPU 1)"))
		return;
	watch_port(port);
	check_eq(evtchn_send(port), 0, "send from vCPU 0");
	check(wait_hits(port, 1), "vCPU 1 got the event");
	check_eq(hit_cpu[port], 1, "... in an upcall on vCPU 1");
	open_irq_window();
	check(evtchn_upcalls[0] == before, "vCPU 0 took no upcall");

	/* IPI ports stay on the vCPU they were bound to. */
	check_eq(evtchn_bind_vcpu(port, 0), -XEN_EINVAL,
		 "bind_vcpu of an IPI port");
	on_cpu(1, vcpu1_quiesce, NULL);
	check_eq(evtchn_close(port), 0, "close");
}

void test_main(void)
{
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_shared_info,
	};
	static u8 spare_page[PAGE_SIZE] __aligned(PAGE_SIZE);
	struct xen_hvm_param hp = {.domid = DOMID_SELF,
				   .index = HVM_PARAM_CALLBACK_IRQ};
	evtchn_port_t port;
	domid_t me = 0;
	unsigned int i;
	long rc;

	if (!platform.gic_version) {
		test_error("no GIC in the DT");
		return;
	}
	if (!check_eq(xen_map_shared_info(), 0, "map shared_info"))
		return;
	xatp.gpfn = (u64)(uintptr_t)spare_page >> PAGE_SHIFT;
	rc = HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp);
	check_eq(rc, -XEN_EBUSY, "map shared_info at a second gfn");
	for (i = 0; i < 64; i++)
		if (xen_shared_info->evtchn_mask[i])
			break;
	check_eq(i, 64, "shared_info starts with no port masked");

	rc = HYPERVISOR_hvm_op(HVMOP_get_param, &hp);
	printk("HVM_PARAM_CALLBACK_IRQ: rc %ld, value %#lx\n", rc, hp.value);

	xen_own_domid(&me);
	if (!check(xen_evtchn_upcall_init(), "upcall on PPI %u set up",
		   platform.evtchn_ppi))
		return;

	test_ipi_port();
	test_loopback_pair(me);
	test_second_vcpu();

	check_eq(evtchn_send(EVTCHN_2L_NR_CHANNELS), -XEN_EINVAL,
		 "send on port 4096");
	check_eq(evtchn_send(0), -XEN_EINVAL, "send on port 0");
	check_eq(evtchn_bind_ipi(5, &port), -XEN_ENOENT,
		 "bind_ipi to a missing vCPU");
	check_eq(HYPERVISOR_event_channel_op(100, &port), -XEN_ENOSYS,
		 "unknown EVTCHNOP");
	check_eq(irq_unhandled, 0, "no unexpected interrupt");
	test_success(NULL);
}
