/* SPDX-License-Identifier: MIT */
/*
 * What multi-evtchn (domain 1) and multi-evtchn-peer (domain 2) agree on.
 *
 * Channel A: domain 1 allocates an unbound port for domain 2; domain 2
 * finds it by trying bind_interdomain(1, p) for p = 1..SCAN_PORTS (only the
 * port allocated for domain 2 accepts it). Channel B: the same the other
 * way round. Nobody depends on which port number the allocator picks.
 *
 *  1. domain 2, once it has bound A and cleared the pending bit the
 *     binding set (and seen domain 1 bind B, so domain 1's checks of A are
 *     done), sends one "ready" event on A. Before it, a ping could merge
 *     with that bit and be cleared with it. Domain 1 then sends PINGS
 *     events on A, one at a time; domain 2 answers each on A (the next
 *     ping goes out once the answer is in);
 *  2. domain 2 does the same on B, domain 1 answers;
 *  3. domain 1 closes its end of A: domain 2's end turns unbound;
 *  4. domain 2 checks that, sends one last event on B ("all my checks
 *     passed") and closes its end of B; domain 1 sees that event and its
 *     end of B turn unbound.
 *
 * A peer that found a problem prints FAIL lines and skips step 4, so
 * domain 1 times out waiting for it and fails.
 */
#ifndef MULTI_EVTCHN_PROTO_H
#define MULTI_EVTCHN_PROTO_H

#include <test.h>

#define PINGS 100
#define SCAN_PORTS 64
#define PEER_DOMID 2
#define TEST_DOMID 1

/* Wait (yielding the pCPU) until cond holds or timeout_us passed. */
#define WAIT_FOR(cond, timeout_us)                                          \
	({                                                                  \
		u64 t0_ = uptime_us();                                      \
		bool ok_;                                                   \
		while (!(ok_ = (cond)) && uptime_us() - t0_ < (timeout_us)) \
			HYPERVISOR_sched_op(SCHEDOP_yield, NULL);           \
		ok_;                                                        \
	})

/*
 * Bind to the port `remote` allocated for us: try each of its first
 * SCAN_PORTS ports until one accepts, for up to timeout_us.
 */
static inline long bind_scan(domid_t remote, u64 timeout_us,
			     evtchn_port_t *remote_port,
			     evtchn_port_t *local_port)
{
	u64 t0 = uptime_us();
	evtchn_port_t p;

	do {
		for (p = 1; p < SCAN_PORTS; p++)
			if (evtchn_bind_interdomain(remote, p, local_port) ==
			    0) {
				*remote_port = p;
				return 0;
			}
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	} while (uptime_us() - t0 < timeout_us);
	return -1;
}

/* The port's status (EVTCHNSTAT_*), or ~0 if EVTCHNOP_status failed. */
static inline u32 port_state(evtchn_port_t port, struct evtchn_status *st)
{
	if (evtchn_get_status(DOMID_SELF, port, st))
		st->status = ~0U;
	return st->status;
}

/* shared_info mapped, upcalls on, and we are domain `want`. */
static inline bool domain_setup(domid_t want)
{
	domid_t me = 0;

	if (!check_eq(xen_map_shared_info(), 0, "map shared_info") ||
	    !check(xen_evtchn_upcall_init(), "event-channel upcall set up"))
		return false;
	return check_eq(xen_own_domid(&me), 0, "find our domain id") &&
	       check_eq(me, want, "we are domain %u", want);
}

/*
 * A port just bound to port `theirs` of domain `remote`: binding marked it
 * pending (interrupts are masked, so nothing consumed that yet; the bit is
 * cleared here) and its status names the remote end. Returns whether it
 * is interdomain, with the status in *st.
 */
static inline bool check_new_binding(evtchn_port_t port, domid_t remote,
				     evtchn_port_t theirs,
				     struct evtchn_status *st)
{
	check(evtchn_pending(port), "binding marked our new port pending");
	evtchn_clear_pending(port);
	if (!check_eq(port_state(port, st), EVTCHNSTAT_interdomain,
		      "port %u is interdomain", port))
		return false;
	check_eq(st->u.interdomain.dom, remote, "... to domain %u", remote);
	check_eq(st->u.interdomain.port, theirs, "... port %u", theirs);
	return true;
}

/*
 * Send PINGS events on port, one at a time, each after the answer to the
 * last one was counted in *answers (by the port's handler; 1 s each).
 * *answers already held base events (the peer's "ready") before the first.
 */
static inline void ping_peer(evtchn_port_t port, volatile u32 *answers,
			     domid_t peer, u32 base)
{
	u32 i;

	report_set_verbose(false);
	for (i = 0; i < PINGS; i++) {
		if (!check_eq(evtchn_send(port), 0, "send ping %u", i))
			break;
		if (!check(WAIT_FOR(*answers >= base + i + 1, 1000000),
			   "answer to ping %u within 1 s", i))
			break;
	}
	report_set_verbose(true);
	check_eq(*answers - base, PINGS,
		 "domain %u answered %u pings on port %u", peer, PINGS, port);
}

#endif /* MULTI_EVTCHN_PROTO_H */
