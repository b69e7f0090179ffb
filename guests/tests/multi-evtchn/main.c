/* SPDX-License-Identifier: MIT */
/*
 * Event channels between two domains (Xen 4.17: xen/common/event_channel.c),
 * domain 1's side; multi-evtchn-peer is domain 2 (protocol in proto.h):
 *
 *  - alloc_unbound(remote = 2) gives a port whose status is "unbound,
 *    waiting for domain 2" (unless domain 2 bound it at once); once
 *    domain 2 binds it, the status is "interdomain, domain 2, port
 *    <theirs>";
 *  - bind_interdomain(2, <port domain 2 allocated for us>) gives a port
 *    that is marked pending at once (Xen raises the new local end), whose
 *    status names domain 2 and its port; EVTCHNOP_status of a port of
 *    domain 2 is -EPERM (dummy XSM: a domain may only look at its own);
 *  - PINGS events each way, every one delivered by an upcall and
 *    answered (both domains run their handlers in the upcall);
 *  - closing our end of a channel leaves the peer's end unbound, and the
 *    peer closing its end leaves ours "unbound, waiting for domain 2";
 *    sending on such a port succeeds (the event is dropped), sending on
 *    the closed port is -EINVAL.
 */
#include "proto.h"

const char test_title[] = "Event channels between two domains";

static evtchn_port_t port_a, port_b; /* ours */
static volatile u32 pongs;	     /* "ready", then answers on A */
static volatile u32 pings_b;	     /* events on B */

static void on_a(evtchn_port_t port, void *arg)
{
	pongs++;
}

static void on_b(evtchn_port_t port, void *arg)
{
	/* Answer the peer's pings; its final "done" event needs none. */
	if (++pings_b <= PINGS)
		evtchn_send(port);
}

static bool channel_a(void)
{
	struct evtchn_status st;

	if (!check_eq(evtchn_alloc_unbound(PEER_DOMID, &port_a), 0,
		      "alloc_unbound(remote = domain %u)", PEER_DOMID))
		return false;
	printk("channel A: our port %u\n", port_a);
	/* Unless domain 2 was quick to bind it already. */
	if (port_state(port_a, &st) == EVTCHNSTAT_interdomain)
		printk("domain %u bound port %u at once\n", PEER_DOMID, port_a);
	else if (check_eq(st.status, EVTCHNSTAT_unbound, "port %u is unbound",
			  port_a))
		check_eq(st.u.unbound.dom, PEER_DOMID,
			 "... waiting for domain %u", PEER_DOMID);
	evtchn_bind_handler(port_a, on_a, NULL);

	if (!check(WAIT_FOR(port_state(port_a, &st) != EVTCHNSTAT_unbound,
			    5000000),
		   "domain %u bound port %u within 5 s", PEER_DOMID, port_a))
		return false;
	if (!check_eq(st.status, EVTCHNSTAT_interdomain,
		      "port %u is interdomain", port_a))
		return false;
	check_eq(st.u.interdomain.dom, PEER_DOMID, "... to domain %u",
		 PEER_DOMID);
	printk("channel A: domain %u port %u\n", st.u.interdomain.dom,
	       st.u.interdomain.port);
	check(st.u.interdomain.port > 0 &&
		      st.u.interdomain.port < EVTCHN_2L_NR_CHANNELS,
	      "... at a valid port (%u)", st.u.interdomain.port);
	check(!evtchn_pending(port_a), "the bound end was not raised here");
	return true;
}

static bool channel_b(void)
{
	struct evtchn_status st, rst;
	evtchn_port_t theirs = 0;

	if (!check_eq(bind_scan(PEER_DOMID, 5000000, &theirs, &port_b), 0,
		      "bind_interdomain to the port domain %u allocated",
		      PEER_DOMID))
		return false;
	printk("channel B: our port %u, domain %u port %u\n", port_b,
	       PEER_DOMID, theirs);
	check(port_b != port_a, "a new local port");
	if (check_new_binding(port_b, PEER_DOMID, theirs, &st))
		check_eq(st.vcpu, 0, "... notifying vCPU 0");
	check_eq(evtchn_get_status(PEER_DOMID, theirs, &rst), -XEN_EPERM,
		 "EVTCHNOP_status of domain %u's port", PEER_DOMID);
	check_eq(evtchn_bind_interdomain(PEER_DOMID, theirs, &theirs),
		 -XEN_EINVAL, "binding the same remote port again");
	evtchn_bind_handler(port_b, on_b, NULL);
	return true;
}

static void ping_pong(void)
{
	if (!check(WAIT_FOR(pongs >= 1, 5000000),
		   "domain %u ready on port %u within 5 s", PEER_DOMID, port_a))
		return;
	ping_peer(port_a, &pongs, PEER_DOMID, 1);
	check(WAIT_FOR(pings_b >= PINGS, 5000000),
	      "domain %u sent %u pings on port %u", PEER_DOMID, PINGS, port_b);
	check_eq(pings_b, PINGS, "... exactly");
}

static void close_both(void)
{
	struct evtchn_status st;

	/* Our close: the peer's end turns unbound (it checks that). */
	check_eq(evtchn_close(port_a), 0, "close port %u", port_a);
	check_eq(port_state(port_a, &st), EVTCHNSTAT_closed,
		 "port %u is closed", port_a);
	check_eq(evtchn_send(port_a), -XEN_EINVAL, "send on the closed port");

	/* The peer's close, after its own checks passed. */
	if (!check(WAIT_FOR(pings_b > PINGS && port_state(port_b, &st) ==
						       EVTCHNSTAT_unbound,
			    5000000),
		   "domain %u confirmed and closed its end of B within 5 s",
		   PEER_DOMID)) {
		printk("events on B: %u, port %u status %u\n", pings_b, port_b,
		       st.status);
		return;
	}
	check_eq(st.u.unbound.dom, PEER_DOMID,
		 "port %u: unbound, waiting for domain %u", port_b, PEER_DOMID);
	check_eq(evtchn_send(port_b), 0, "send after the remote end closed");
	check_eq(evtchn_close(port_b), 0, "close port %u", port_b);
}

void test_main(void)
{
	if (!domain_setup(TEST_DOMID) || !channel_a() || !channel_b())
		return;
	local_irq_enable();
	ping_pong();
	close_both();
	local_irq_disable();
	check_eq(irq_unhandled, 0, "no unexpected interrupt");
	test_success(NULL);
}
