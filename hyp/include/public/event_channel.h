/* SPDX-License-Identifier: MIT */
/*
 * __HYPERVISOR_event_channel_op(cmd, arg): event channels, the hypervisor's
 * notification mechanism between domains and from the hypervisor to
 * domains.
 *
 * An event channel is a port number in a domain. Port 0 is never
 * allocated. Events are either 2-level (pending and mask bitmaps in
 * shared_info) or FIFO (per-port event words in guest pages, see
 * EVTCHNOP_init_control), chosen by the guest.
 */
#ifndef PUBLIC_EVENT_CHANNEL_H
#define PUBLIC_EVENT_CHANNEL_H

#include "xen.h"

#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq 1
#define EVTCHNOP_bind_pirq 2
#define EVTCHNOP_close 3
#define EVTCHNOP_send 4
#define EVTCHNOP_status 5
#define EVTCHNOP_alloc_unbound 6
#define EVTCHNOP_bind_ipi 7
#define EVTCHNOP_bind_vcpu 8
#define EVTCHNOP_unmask 9
#define EVTCHNOP_reset 10
#define EVTCHNOP_init_control 11
#define EVTCHNOP_expand_array 12
#define EVTCHNOP_set_priority 13
/* Continuation of EVTCHNOP_reset; hypervisor-internal, never from guests */
#define EVTCHNOP_reset_cont 14

typedef uint32_t evtchn_port_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_port_t);

/*
 * EVTCHNOP_alloc_unbound: allocate a port in domain dom that domain
 * remote_dom may later connect to with EVTCHNOP_bind_interdomain.
 * DOMID_SELF is accepted for either domain.
 */
struct evtchn_alloc_unbound {
	domid_t dom;	    /* IN */
	domid_t remote_dom; /* IN */
	evtchn_port_t port; /* OUT */
};
typedef struct evtchn_alloc_unbound evtchn_alloc_unbound_t;

XEN_ABI_SIZE(struct evtchn_alloc_unbound, 8);
XEN_ABI_OFFSET(struct evtchn_alloc_unbound, dom, 0);
XEN_ABI_OFFSET(struct evtchn_alloc_unbound, remote_dom, 2);
XEN_ABI_OFFSET(struct evtchn_alloc_unbound, port, 4);

/*
 * EVTCHNOP_bind_interdomain: connect a new local port to remote_port of
 * remote_dom, which must be unbound and allocated for the caller.
 */
struct evtchn_bind_interdomain {
	domid_t remote_dom;	   /* IN */
	evtchn_port_t remote_port; /* IN */
	evtchn_port_t local_port;  /* OUT */
};
typedef struct evtchn_bind_interdomain evtchn_bind_interdomain_t;

XEN_ABI_SIZE(struct evtchn_bind_interdomain, 12);
XEN_ABI_OFFSET(struct evtchn_bind_interdomain, remote_dom, 0);
XEN_ABI_OFFSET(struct evtchn_bind_interdomain, remote_port, 4);
XEN_ABI_OFFSET(struct evtchn_bind_interdomain, local_port, 8);

/*
 * EVTCHNOP_bind_virq: bind VIRQ_* virq on vCPU vcpu to a new port. A VIRQ
 * can be bound only once per vCPU (-XEN_EEXIST otherwise).
 */
struct evtchn_bind_virq {
	uint32_t virq;	    /* IN */
	uint32_t vcpu;	    /* IN */
	evtchn_port_t port; /* OUT */
};
typedef struct evtchn_bind_virq evtchn_bind_virq_t;

XEN_ABI_SIZE(struct evtchn_bind_virq, 12);
XEN_ABI_OFFSET(struct evtchn_bind_virq, virq, 0);
XEN_ABI_OFFSET(struct evtchn_bind_virq, vcpu, 4);
XEN_ABI_OFFSET(struct evtchn_bind_virq, port, 8);

/* EVTCHNOP_bind_pirq: bind a physical IRQ (x86 mostly). */
struct evtchn_bind_pirq {
	uint32_t pirq; /* IN */
#define BIND_PIRQ__WILL_SHARE 1
	uint32_t flags;	    /* IN: BIND_PIRQ__* */
	evtchn_port_t port; /* OUT */
};
typedef struct evtchn_bind_pirq evtchn_bind_pirq_t;

XEN_ABI_SIZE(struct evtchn_bind_pirq, 12);
XEN_ABI_OFFSET(struct evtchn_bind_pirq, pirq, 0);
XEN_ABI_OFFSET(struct evtchn_bind_pirq, flags, 4);
XEN_ABI_OFFSET(struct evtchn_bind_pirq, port, 8);

/* EVTCHNOP_bind_ipi: a port for notifications to oneself on vcpu. */
struct evtchn_bind_ipi {
	uint32_t vcpu;	    /* IN */
	evtchn_port_t port; /* OUT */
};
typedef struct evtchn_bind_ipi evtchn_bind_ipi_t;

XEN_ABI_SIZE(struct evtchn_bind_ipi, 8);
XEN_ABI_OFFSET(struct evtchn_bind_ipi, vcpu, 0);
XEN_ABI_OFFSET(struct evtchn_bind_ipi, port, 4);

/* EVTCHNOP_close: close a local port (and unbind its remote end). */
struct evtchn_close {
	evtchn_port_t port; /* IN */
};
typedef struct evtchn_close evtchn_close_t;

XEN_ABI_SIZE(struct evtchn_close, 4);

/*
 * EVTCHNOP_send: notify the other end of a local port. Sending on a port
 * that is still unbound succeeds and does nothing.
 */
struct evtchn_send {
	evtchn_port_t port; /* IN */
};
typedef struct evtchn_send evtchn_send_t;

XEN_ABI_SIZE(struct evtchn_send, 4);

/* EVTCHNOP_status: describe port of domain dom (DOMID_SELF allowed). */
struct evtchn_status {
	domid_t dom;		 /* IN */
	evtchn_port_t port;	 /* IN */
#define EVTCHNSTAT_closed 0	 /* not in use */
#define EVTCHNSTAT_unbound 1	 /* waiting for a remote end */
#define EVTCHNSTAT_interdomain 2 /* connected to another domain's port */
#define EVTCHNSTAT_pirq 3	 /* bound to a physical IRQ */
#define EVTCHNSTAT_virq 4	 /* bound to a VIRQ */
#define EVTCHNSTAT_ipi 5	 /* bound for intra-domain notifications */
	uint32_t status;	 /* OUT: EVTCHNSTAT_* */
	uint32_t vcpu;		 /* OUT: vCPU the events are delivered to */
	union {
		struct {
			domid_t dom; /* the domain allowed to bind */
		} unbound;	     /* EVTCHNSTAT_unbound */
		struct {
			domid_t dom;
			evtchn_port_t port;
		} interdomain; /* EVTCHNSTAT_interdomain */
		uint32_t pirq; /* EVTCHNSTAT_pirq */
		uint32_t virq; /* EVTCHNSTAT_virq */
	} u;		       /* OUT */
};
typedef struct evtchn_status evtchn_status_t;

XEN_ABI_SIZE(struct evtchn_status, 24);
XEN_ABI_OFFSET(struct evtchn_status, dom, 0);
XEN_ABI_OFFSET(struct evtchn_status, port, 4);
XEN_ABI_OFFSET(struct evtchn_status, status, 8);
XEN_ABI_OFFSET(struct evtchn_status, vcpu, 12);
XEN_ABI_OFFSET(struct evtchn_status, u, 16);
XEN_ABI_OFFSET(struct evtchn_status, u.unbound.dom, 16);
XEN_ABI_OFFSET(struct evtchn_status, u.interdomain.dom, 16);
XEN_ABI_OFFSET(struct evtchn_status, u.interdomain.port, 20);
XEN_ABI_OFFSET(struct evtchn_status, u.virq, 16);

/* EVTCHNOP_bind_vcpu: deliver the port's events to vcpu from now on. */
struct evtchn_bind_vcpu {
	evtchn_port_t port; /* IN */
	uint32_t vcpu;	    /* IN */
};
typedef struct evtchn_bind_vcpu evtchn_bind_vcpu_t;

XEN_ABI_SIZE(struct evtchn_bind_vcpu, 8);
XEN_ABI_OFFSET(struct evtchn_bind_vcpu, port, 0);
XEN_ABI_OFFSET(struct evtchn_bind_vcpu, vcpu, 4);

/* EVTCHNOP_unmask: clear the mask and redeliver the event if pending. */
struct evtchn_unmask {
	evtchn_port_t port; /* IN */
};
typedef struct evtchn_unmask evtchn_unmask_t;

XEN_ABI_SIZE(struct evtchn_unmask, 4);

/* EVTCHNOP_reset: close every port of domain dom. */
struct evtchn_reset {
	domid_t dom; /* IN */
};
typedef struct evtchn_reset evtchn_reset_t;

XEN_ABI_SIZE(struct evtchn_reset, 2);

/*
 * EVTCHNOP_init_control: register vCPU vcpu's FIFO control block, which
 * lives at byte offset in guest frame control_gfn. The first successful
 * call switches the whole domain to the FIFO ABI. The offset must be
 * 8-byte aligned and leave room for the control block in the page.
 */
struct evtchn_init_control {
	uint64_t control_gfn; /* IN */
	uint32_t offset;      /* IN */
	uint32_t vcpu;	      /* IN */
	uint8_t link_bits;    /* OUT: EVTCHN_FIFO_LINK_BITS */
	uint8_t _pad[7];
};
typedef struct evtchn_init_control evtchn_init_control_t;

XEN_ABI_SIZE(struct evtchn_init_control, 24);
XEN_ABI_OFFSET(struct evtchn_init_control, control_gfn, 0);
XEN_ABI_OFFSET(struct evtchn_init_control, offset, 8);
XEN_ABI_OFFSET(struct evtchn_init_control, vcpu, 12);
XEN_ABI_OFFSET(struct evtchn_init_control, link_bits, 16);
XEN_ABI_OFFSET(struct evtchn_init_control, _pad, 17);

/*
 * EVTCHNOP_expand_array: add one more page of FIFO event words. Page k of
 * the event array holds the words of ports 1024k to 1024k + 1023.
 */
struct evtchn_expand_array {
	uint64_t array_gfn; /* IN */
};
typedef struct evtchn_expand_array evtchn_expand_array_t;

XEN_ABI_SIZE(struct evtchn_expand_array, 8);

/* EVTCHNOP_set_priority: FIFO queue of a port (EVTCHN_FIFO_PRIORITY_*). */
struct evtchn_set_priority {
	evtchn_port_t port; /* IN */
	uint32_t priority;  /* IN */
};
typedef struct evtchn_set_priority evtchn_set_priority_t;

XEN_ABI_SIZE(struct evtchn_set_priority, 8);
XEN_ABI_OFFSET(struct evtchn_set_priority, port, 0);
XEN_ABI_OFFSET(struct evtchn_set_priority, priority, 4);

/*
 * The argument of the obsolete __HYPERVISOR_event_channel_op_compat(op):
 * a command and its argument in one struct.
 */
struct evtchn_op {
	uint32_t cmd; /* EVTCHNOP_* */
	union {
		evtchn_alloc_unbound_t alloc_unbound;
		evtchn_bind_interdomain_t bind_interdomain;
		evtchn_bind_virq_t bind_virq;
		evtchn_bind_pirq_t bind_pirq;
		evtchn_bind_ipi_t bind_ipi;
		evtchn_close_t close;
		evtchn_send_t send;
		evtchn_status_t status;
		evtchn_bind_vcpu_t bind_vcpu;
		evtchn_unmask_t unmask;
	} u;
};
typedef struct evtchn_op evtchn_op_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_op_t);

XEN_ABI_SIZE(struct evtchn_op, 28);
XEN_ABI_OFFSET(struct evtchn_op, u, 4);

/* Number of ports of the 2-level ABI: 64 words of 64 bits. */
#define EVTCHN_2L_NR_CHANNELS (sizeof(xen_ulong_t) * sizeof(xen_ulong_t) * 64)

/*
 * FIFO ABI.
 *
 * Each port has a 32-bit event word in the event array. The word holds
 * four flag bits and, while the event is queued, the port number of the
 * next event in the same queue. Each vCPU has one queue per priority; its
 * control block holds the head of each queue and a bitmap of the queues
 * that have events ready.
 */
#define EVTCHN_FIFO_PRIORITY_MAX 0 /* most urgent */
#define EVTCHN_FIFO_PRIORITY_DEFAULT 7
#define EVTCHN_FIFO_PRIORITY_MIN 15
#define EVTCHN_FIFO_MAX_QUEUES (EVTCHN_FIFO_PRIORITY_MIN + 1)

typedef uint32_t event_word_t;

/* Bit numbers in an event word */
#define EVTCHN_FIFO_PENDING 31
#define EVTCHN_FIFO_MASKED 30
#define EVTCHN_FIFO_LINKED 29
#define EVTCHN_FIFO_BUSY 28

#define EVTCHN_FIFO_LINK_BITS 17
#define EVTCHN_FIFO_LINK_MASK ((1 << EVTCHN_FIFO_LINK_BITS) - 1)
#define EVTCHN_FIFO_NR_CHANNELS (1 << EVTCHN_FIFO_LINK_BITS)

struct evtchn_fifo_control_block {
	uint32_t ready; /* bit q set: queue q has events */
	uint32_t _rsvd;
	uint32_t head[EVTCHN_FIFO_MAX_QUEUES]; /* first port of each queue */
};
typedef struct evtchn_fifo_control_block evtchn_fifo_control_block_t;

XEN_ABI_SIZE(struct evtchn_fifo_control_block, 72);
XEN_ABI_ALIGN(struct evtchn_fifo_control_block, 4);
XEN_ABI_OFFSET(struct evtchn_fifo_control_block, ready, 0);
XEN_ABI_OFFSET(struct evtchn_fifo_control_block, _rsvd, 4);
XEN_ABI_OFFSET(struct evtchn_fifo_control_block, head, 8);

#endif /* PUBLIC_EVENT_CHANNEL_H */
