/* SPDX-License-Identifier: MIT */
/*
 * Event channels, shared by event_channel.c (ports, hypercalls, upcalls),
 * event_2l.c (2-level ABI) and event_fifo.c (FIFO ABI). Locking and object
 * lifetimes are described at the top of event_channel.c.
 */
#ifndef COMMON_EVENT_CHANNEL_INTERNAL_H
#define COMMON_EVENT_CHANNEL_INTERNAL_H

#include <hyp/compiler.h>
#include <hyp/domain.h>
#include <hyp/event.h>
#include <hyp/guest_atomic.h>
#include <hyp/spinlock.h>
#include <hyp/types.h>

#include <public/event_channel.h>
#include <public/xen.h>

/* Channel states (internal; EVTCHNSTAT_* is the guest's view). */
enum {
	ECS_FREE = 0,
	ECS_RESERVED, /* port 0 */
	ECS_UNBOUND,
	ECS_INTERDOMAIN,
	ECS_VIRQ,
	ECS_IPI,
};

struct evtchn_domain;

struct evtchn {
	u8 state;	  /* ECS_* */
	u8 priority;	  /* FIFO queue for the next event */
	u8 last_priority; /* FIFO queue the last event went on ... */
	bool pending;	  /* FIFO: raised while the port had no event word */
	bool consumer;	  /* the hypervisor is this end (ed->consumer_fn) */
	u16 last_vcpu;	  /* ... and its vCPU */
	u16 notify_vcpu;  /* vCPU events are delivered to */
	union {
		domid_t unbound_remote; /* ECS_UNBOUND: who may bind */
		struct {
			struct evtchn_domain *remote;
			u32 remote_port;
		} interdomain; /* ECS_INTERDOMAIN */
		u32 virq;      /* ECS_VIRQ */
	} u;
};

#define EVTCHNS_PER_BUCKET 128U

/* Ports one ABI can address. */
#define EVTCHN_2L_PORTS ((unsigned int)EVTCHN_2L_NR_CHANNELS)
#define EVTCHN_FIFO_PORTS ((unsigned int)EVTCHN_FIFO_NR_CHANNELS)

#define EVTCHN_FIFO_WORDS_PER_PAGE (PAGE_SIZE / sizeof(event_word_t))
#define EVTCHN_FIFO_MAX_PAGES (EVTCHN_FIFO_PORTS / EVTCHN_FIFO_WORDS_PER_PAGE)

/* Per-vCPU upcall line state, under its own lock (see vcpu_mark_...). */
struct evtchn_upcall {
	spinlock_t lock;
	bool line; /* what the vGIC was last told */
};

struct evtchn_fifo_vcpu {
	struct evtchn_fifo_control_block *cb; /* NULL until init_control */
	mfn_t cb_mfn;
	u32 tail[EVTCHN_FIFO_MAX_QUEUES]; /* last port linked, 0 = none */
};

struct evtchn_fifo_domain {
	unsigned int nr_ports; /* ports with an event word */
	event_word_t *array[EVTCHN_FIFO_MAX_PAGES];
	mfn_t array_mfn[EVTCHN_FIFO_MAX_PAGES];
	struct evtchn_fifo_vcpu *vcpu; /* [max_vcpus] */
};

struct evtchn_port_ops {
	void (*set_pending)(struct evtchn_domain *ed, struct vcpu *v,
			    struct evtchn *ch, u32 port);
	void (*clear_pending)(struct evtchn_domain *ed, u32 port);
	void (*unmask)(struct evtchn_domain *ed, struct evtchn *ch, u32 port);
	bool (*is_pending)(struct evtchn_domain *ed, u32 port);
	/* A freed port whose event is still queued may not be reused. */
	bool (*is_busy)(struct evtchn_domain *ed, u32 port);
	/* NULL: EVTCHNOP_set_priority is not supported by the ABI. */
	int (*set_priority)(struct evtchn *ch, unsigned int priority);
	unsigned int max_ports;
};

struct evtchn_domain {
	spinlock_t lock;
	struct domain *d; /* not to be used once dying and unlocked */
	domid_t domid;
	u32 refs;	/* atomic; the domain holds one */
	bool dying;	/* no new ports; set first thing in destroy */
	bool resetting; /* EVTCHNOP_reset under way */
	unsigned int ppi;
	unsigned int max_port;	/* highest port the domain may use */
	unsigned int nr_valid;	/* ports covered by allocated buckets */
	unsigned int nr_active; /* ports in use, port 0 excluded */
	unsigned int max_vcpus;
	struct evtchn **buckets;
	unsigned int nr_buckets;
	u32 (*virq)[NR_VIRQS];	      /* [vcpu][virq] -> port, 0 = unbound */
	struct evtchn_upcall *upcall; /* [vcpu] */
	const struct evtchn_port_ops *ops;
	struct evtchn_fifo_domain *fifo; /* NULL while 2-level */
	/* The hypervisor's end of a port (a device model's back end). */
	void (*consumer_fn)(void *data);
	void *consumer_data;
	unsigned int nr_consumer; /* ports with ->consumer, in nr_active */
};

static inline bool evtchn_port_valid(const struct evtchn_domain *ed, u32 port)
{
	return port < ed->nr_valid;
}

/* The channel of a valid port. */
static inline struct evtchn *evtchn_from_port(const struct evtchn_domain *ed,
					      u32 port)
{
	return &ed->buckets[port / EVTCHNS_PER_BUCKET]
			   [port % EVTCHNS_PER_BUCKET];
}

static inline bool evtchn_in_use(const struct evtchn *ch)
{
	return ch->state > ECS_RESERVED;
}

/* vCPU id of d, or NULL: ids come from guests. */
static inline struct vcpu *evtchn_vcpu(const struct evtchn_domain *ed, u32 id)
{
	struct domain *d = ed->d;

	if (id >= ed->max_vcpus || id >= d->max_vcpus || !d->vcpus)
		return NULL;
	return d->vcpus[id];
}

/*
 * Guest-shared words: never trusted, as a guest may change them at any
 * time. Read-modify-writes go through hyp/guest_atomic.h (bounded, the
 * owner crashed if it keeps the word busy); loads need no such care.
 */
static inline bool guest_test_bit32(const u32 *w, unsigned int bit)
{
	return (__atomic_load_n(w, __ATOMIC_ACQUIRE) >> bit) & 1;
}

/* Bit nr of a bitmap of 64-bit words (shared_info, vcpu_info). */
static inline bool guest_test_bit64(const u64 *map, unsigned int nr)
{
	return (__atomic_load_n(&map[nr / 64], __ATOMIC_ACQUIRE) >> (nr % 64)) &
	       1;
}

/* ---- event_channel.c: ports, locking, delivery ---- */

/* Lock one domain's state (irqsave), or two in the documented order. */
unsigned long evtchn_lock(struct evtchn_domain *ed);
void evtchn_unlock(struct evtchn_domain *ed, unsigned long flags);
unsigned long evtchn_lock_two(struct evtchn_domain *a, struct evtchn_domain *b);
void evtchn_unlock_two(struct evtchn_domain *a, struct evtchn_domain *b,
		       unsigned long flags);

/* Pin an evtchn_domain's memory while none of its locks is held. */
void evtchn_get(struct evtchn_domain *ed);
void evtchn_put(struct evtchn_domain *ed);

/*
 * The lowest free port, growing the table if needed; it stays free until
 * evtchn_claim(). -ENOSPC, -ENOMEM, or -EINVAL once dying. Lock held.
 */
int evtchn_find_free(struct evtchn_domain *ed);
/* Put a free port into use. Lock held; cannot fail. */
void evtchn_claim(struct evtchn_domain *ed, struct evtchn *ch, u8 state,
		  u16 notify_vcpu);
/* Raise an event on a port in use. Lock held. */
void evtchn_deliver(struct evtchn_domain *ed, struct evtchn *ch, u32 port);
/*
 * Close a port (as EVTCHNOP_close); takes the locks itself. A guest
 * (guest true) may not close the hypervisor's ports: -EINVAL, as Xen.
 */
int evtchn_close_port(struct evtchn_domain *ed, u32 port, bool guest);

/* Wake vCPUs of ed polling port (it just became pending). Lock held. */
void evtchn_check_pollers(struct evtchn_domain *ed, u32 port);

/* Per-vCPU VIRQs may be bound on any vCPU, global ones only on vCPU 0. */
static inline bool evtchn_virq_is_global(unsigned int virq)
{
	return virq != VIRQ_TIMER && virq != VIRQ_DEBUG &&
	       virq != VIRQ_XENOPROF && virq != VIRQ_XENPMU;
}

/* ---- event_2l.c ---- */

extern const struct evtchn_port_ops evtchn_2l_ops;

/* ---- event_fifo.c ---- */

extern const struct evtchn_port_ops evtchn_fifo_ops;
/* Debug key 'e': each vCPU's default queue (under the domain's lock). */
void evtchn_fifo_dump(struct evtchn_domain *ed);

/* EVTCHNOP_init_control / expand_array, with ed->lock not held. */
int evtchn_fifo_init_control(struct evtchn_domain *ed,
			     struct evtchn_init_control *ic);
int evtchn_fifo_expand_array(struct evtchn_domain *ed, u64 gfn);
/* Drop the FIFO state (back to 2-level). ed->lock held. */
void evtchn_fifo_destroy(struct evtchn_domain *ed);
bool evtchn_fifo_maps_mfn(struct evtchn_domain *ed, mfn_t mfn);

#endif
