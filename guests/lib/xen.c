/* SPDX-License-Identifier: MIT */
/* shared_info, vcpu_info and 2-level event channels. */
#include <arch.h>
#include <gic.h>
#include <lib.h>
#include <platform.h>
#include <smp.h>
#include <xen.h>

/* RAM pages that Xen's shared_info (and our vcpu_infos) replace. */
static u8 shared_info_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static u8 vcpu_info_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static bool vcpu_info_registered[MAX_CPUS];

struct shared_info *xen_shared_info;
volatile u32 evtchn_upcalls[MAX_CPUS];

static struct {
	evtchn_handler_t fn;
	void *arg;
} evtchn_handlers[EVTCHN_2L_NR_CHANNELS];

u64 xen_shared_info_gfn(void)
{
	return (u64)(uintptr_t)shared_info_page >> PAGE_SHIFT;
}

long xen_map_shared_info(void)
{
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_shared_info,
		.idx = 0,
		.gpfn = xen_shared_info_gfn(),
	};
	long rc = HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp);

	if (rc == 0)
		xen_shared_info = (struct shared_info *)shared_info_page;
	return rc;
}

struct vcpu_info *xen_vcpu_info(unsigned int cpu)
{
	if (cpu < MAX_CPUS && vcpu_info_registered[cpu])
		return (struct vcpu_info *)(vcpu_info_page + cpu * 64);
	if (cpu == 0 && xen_shared_info)
		return &xen_shared_info->vcpu_info[0];
	return NULL;
}

long xen_register_vcpu_info(void)
{
	unsigned int cpu = smp_processor_id();
	struct vcpu_register_vcpu_info info = {
		.mfn = (u64)(uintptr_t)vcpu_info_page >> PAGE_SHIFT,
		.offset = cpu * 64,
	};
	long rc = HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, cpu, &info);

	if (rc == 0)
		vcpu_info_registered[cpu] = true;
	return rc;
}

long evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port)
{
	struct evtchn_alloc_unbound op = {.dom = DOMID_SELF,
					  .remote_dom = remote};
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &op);

	if (rc == 0)
		*port = op.port;
	return rc;
}

long xen_own_domid(domid_t *id)
{
	struct evtchn_status st;
	evtchn_port_t port;
	long rc = evtchn_alloc_unbound(DOMID_SELF, &port);

	if (rc)
		return rc;
	rc = evtchn_get_status(DOMID_SELF, port, &st);
	evtchn_close(port);
	if (rc)
		return rc;
	*id = st.u.unbound.dom;
	return 0;
}

long evtchn_bind_interdomain(domid_t remote, evtchn_port_t rport,
			     evtchn_port_t *port)
{
	struct evtchn_bind_interdomain op = {.remote_dom = remote,
					     .remote_port = rport};
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &op);

	if (rc == 0)
		*port = op.local_port;
	return rc;
}

long evtchn_bind_ipi(unsigned int vcpu, evtchn_port_t *port)
{
	struct evtchn_bind_ipi op = {.vcpu = vcpu};
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &op);

	if (rc == 0)
		*port = op.port;
	return rc;
}

long evtchn_bind_virq(u32 virq, unsigned int vcpu, evtchn_port_t *port)
{
	struct evtchn_bind_virq op = {.virq = virq, .vcpu = vcpu};
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &op);

	if (rc == 0)
		*port = op.port;
	return rc;
}

long evtchn_bind_vcpu(evtchn_port_t port, unsigned int vcpu)
{
	struct evtchn_bind_vcpu op = {.port = port, .vcpu = vcpu};

	return HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &op);
}

long evtchn_send(evtchn_port_t port)
{
	struct evtchn_send op = {.port = port};

	return HYPERVISOR_event_channel_op(EVTCHNOP_send, &op);
}

long evtchn_close(evtchn_port_t port)
{
	struct evtchn_close op = {.port = port};

	return HYPERVISOR_event_channel_op(EVTCHNOP_close, &op);
}

long evtchn_unmask(evtchn_port_t port)
{
	struct evtchn_unmask op = {.port = port};

	return HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &op);
}

long evtchn_init_control(u64 gfn, u32 offset, u32 vcpu, u8 *link_bits)
{
	struct evtchn_init_control ic = {
		.control_gfn = gfn, .offset = offset, .vcpu = vcpu};
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_init_control, &ic);

	if (link_bits)
		*link_bits = ic.link_bits;
	return rc;
}

long evtchn_expand_array(u64 gfn)
{
	struct evtchn_expand_array ea = {.array_gfn = gfn};

	return HYPERVISOR_event_channel_op(EVTCHNOP_expand_array, &ea);
}

long evtchn_set_priority(evtchn_port_t port, u32 prio)
{
	struct evtchn_set_priority sp = {.port = port, .priority = prio};

	return HYPERVISOR_event_channel_op(EVTCHNOP_set_priority, &sp);
}

long evtchn_get_status(domid_t dom, evtchn_port_t port,
		       struct evtchn_status *st)
{
	memset(st, 0, sizeof(*st));
	st->dom = dom;
	st->port = port;
	return HYPERVISOR_event_channel_op(EVTCHNOP_status, st);
}

bool evtchn_pending(evtchn_port_t port)
{
	return __atomic_load_n(&xen_shared_info->evtchn_pending[port / 64],
			       __ATOMIC_SEQ_CST) &
	       (1UL << (port % 64));
}

bool evtchn_masked(evtchn_port_t port)
{
	return __atomic_load_n(&xen_shared_info->evtchn_mask[port / 64],
			       __ATOMIC_SEQ_CST) &
	       (1UL << (port % 64));
}

void evtchn_mask(evtchn_port_t port)
{
	__atomic_fetch_or(&xen_shared_info->evtchn_mask[port / 64],
			  1UL << (port % 64), __ATOMIC_SEQ_CST);
}

void evtchn_clear_pending(evtchn_port_t port)
{
	__atomic_fetch_and(&xen_shared_info->evtchn_pending[port / 64],
			   ~(1UL << (port % 64)), __ATOMIC_SEQ_CST);
}

void evtchn_bind_handler(evtchn_port_t port, evtchn_handler_t fn, void *arg)
{
	if (port >= EVTCHN_2L_NR_CHANNELS)
		return;
	evtchn_handlers[port].arg = arg;
	barrier();
	evtchn_handlers[port].fn = fn;
}

/* The 2-level upcall: scan pending_sel, then pending & ~mask words. */
static void evtchn_upcall(u32 intid, void *arg)
{
	unsigned int cpu = smp_processor_id();
	struct vcpu_info *vi = xen_vcpu_info(cpu);
	struct shared_info *s = xen_shared_info;

	evtchn_upcalls[cpu]++;
	if (!vi || !s)
		return;
	while (__atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_SEQ_CST)) {
		u64 sel;

		__atomic_store_n(&vi->evtchn_upcall_pending, 0,
				 __ATOMIC_SEQ_CST);
		sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0,
					  __ATOMIC_SEQ_CST);
		while (sel) {
			unsigned int w = __builtin_ctzl(sel);
			u64 pend;

			sel &= sel - 1;
			pend = __atomic_load_n(&s->evtchn_pending[w],
					       __ATOMIC_SEQ_CST) &
			       ~__atomic_load_n(&s->evtchn_mask[w],
						__ATOMIC_SEQ_CST);
			while (pend) {
				unsigned int b = __builtin_ctzl(pend);
				evtchn_port_t port = w * 64 + b;

				pend &= pend - 1;
				evtchn_clear_pending(port);
				if (evtchn_handlers[port].fn)
					evtchn_handlers[port].fn(
						port,
						evtchn_handlers[port].arg);
				else
					printk("Event on unhandled port %u "
					       "(vCPU %u)\n",
					       port, cpu);
			}
		}
	}
	(void)intid;
	(void)arg;
}

void xen_evtchn_upcall_enable_cpu(void)
{
	gic_enable_irq(platform.evtchn_ppi);
}

bool xen_evtchn_upcall_init(void)
{
	if (!xen_shared_info || !gic_version())
		return false;
	irq_register(platform.evtchn_ppi, evtchn_upcall, NULL);
	xen_evtchn_upcall_enable_cpu();
	return true;
}
