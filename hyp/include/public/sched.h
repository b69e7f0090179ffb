/* SPDX-License-Identifier: MIT */
/*
 * __HYPERVISOR_sched_op(cmd, arg): yielding, blocking, polling and shutting
 * down.
 */
#ifndef PUBLIC_SCHED_H
#define PUBLIC_SCHED_H

#include "event_channel.h"

/* Give up the physical CPU for now; arg is NULL. */
#define SCHEDOP_yield 0
/*
 * Sleep until an event is pending for this vCPU; arg is NULL. Returns at
 * once if one already is.
 */
#define SCHEDOP_block 1
/* Stop the calling domain with a reason; arg is a struct sched_shutdown. */
#define SCHEDOP_shutdown 2
/*
 * Sleep until one of a set of ports is pending or the timeout passes; arg
 * is a struct sched_poll.
 */
#define SCHEDOP_poll 3
/* Stop another domain; arg is a struct sched_remote_shutdown. */
#define SCHEDOP_remote_shutdown 4
/*
 * Record the reason to report when the domain later shuts down; arg is a
 * struct sched_shutdown.
 */
#define SCHEDOP_shutdown_code 5
/*
 * Domain watchdog; arg is a struct sched_watchdog. id 0 creates a watchdog
 * and returns its id; a non-zero id with timeout 0 destroys it, with a
 * non-zero timeout it is kicked and given the new timeout (seconds).
 */
#define SCHEDOP_watchdog 6
/*
 * Pin the calling vCPU to one physical CPU (hardware domain only), or undo
 * that with a negative pcpu; arg is a struct sched_pin_override.
 */
#define SCHEDOP_pin_override 7

struct sched_shutdown {
	uint32_t reason; /* SHUTDOWN_* */
};
typedef struct sched_shutdown sched_shutdown_t;
DEFINE_XEN_GUEST_HANDLE(sched_shutdown_t);

XEN_ABI_SIZE(struct sched_shutdown, 4);

struct sched_poll {
	XEN_GUEST_HANDLE(evtchn_port_t) ports;
	uint32_t nr_ports;
	uint64_t timeout; /* absolute system time in ns; 0 means none */
};
typedef struct sched_poll sched_poll_t;
DEFINE_XEN_GUEST_HANDLE(sched_poll_t);

XEN_ABI_SIZE(struct sched_poll, 24);
XEN_ABI_OFFSET(struct sched_poll, ports, 0);
XEN_ABI_OFFSET(struct sched_poll, nr_ports, 8);
XEN_ABI_OFFSET(struct sched_poll, timeout, 16);

struct sched_remote_shutdown {
	domid_t domain_id;
	uint32_t reason; /* SHUTDOWN_* */
};
typedef struct sched_remote_shutdown sched_remote_shutdown_t;
DEFINE_XEN_GUEST_HANDLE(sched_remote_shutdown_t);

XEN_ABI_SIZE(struct sched_remote_shutdown, 8);
XEN_ABI_OFFSET(struct sched_remote_shutdown, domain_id, 0);
XEN_ABI_OFFSET(struct sched_remote_shutdown, reason, 4);

struct sched_watchdog {
	uint32_t id;
	uint32_t timeout;
};
typedef struct sched_watchdog sched_watchdog_t;
DEFINE_XEN_GUEST_HANDLE(sched_watchdog_t);

XEN_ABI_SIZE(struct sched_watchdog, 8);
XEN_ABI_OFFSET(struct sched_watchdog, id, 0);
XEN_ABI_OFFSET(struct sched_watchdog, timeout, 4);

struct sched_pin_override {
	int32_t pcpu;
};
typedef struct sched_pin_override sched_pin_override_t;
DEFINE_XEN_GUEST_HANDLE(sched_pin_override_t);

XEN_ABI_SIZE(struct sched_pin_override, 4);

/* Shutdown reasons, for the toolstack to act on. */
#define SHUTDOWN_poweroff 0 /* stopped normally: destroy it */
#define SHUTDOWN_reboot 1   /* destroy and start again */
#define SHUTDOWN_suspend 2  /* save its state, then destroy */
#define SHUTDOWN_crash 3    /* the guest crashed */
#define SHUTDOWN_watchdog 4 /* the domain watchdog expired */
/* Reset hypervisor state of the domain but keep memory and vCPU state. */
#define SHUTDOWN_soft_reset 5
#define SHUTDOWN_MAX 5

#endif /* PUBLIC_SCHED_H */
