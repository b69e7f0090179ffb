/* SPDX-License-Identifier: MIT */
/*
 * Domain 2 of multi-evtchn (protocol in ../multi-evtchn/proto.h): answers
 * domain 1's pings on channel A, pings it on channel B, and checks its own
 * view of both channels. Its checks print here, as "(d2) ..."; only when
 * all passed does it send domain 1 the final event on B that domain 1
 * waits for.
 */
#include "../multi-evtchn/proto.h"

const char test_title[] = "multi-evtchn partner (domain 2)";

static evtchn_port_t port_a, port_b; /* ours */
static volatile u32 pings_a;	     /* events on A */
static volatile u32 pongs;	     /* answers on B */

static void on_a(evtchn_port_t port, void *arg)
{
	pings_a++;
	evtchn_send(port);
}

static void on_b(evtchn_port_t port, void *arg)
{
	pongs++;
}

static bool setup(void)
{
	struct evtchn_status st;
	evtchn_port_t theirs = 0;

	if (!domain_setup(PEER_DOMID))
		return false;

	/* B first, so domain 1 can bind it while we look for A. */
	if (!check_eq(evtchn_alloc_unbound(TEST_DOMID, &port_b), 0,
		      "alloc_unbound(remote = domain %u)", TEST_DOMID))
		return false;
	evtchn_bind_handler(port_b, on_b, NULL);

	if (!check_eq(bind_scan(TEST_DOMID, 5000000, &theirs, &port_a), 0,
		      "bind_interdomain to the port domain %u allocated",
		      TEST_DOMID))
		return false;
	printk("channel A: our port %u, domain %u port %u\n", port_a,
	       TEST_DOMID, theirs);
	check_new_binding(port_a, TEST_DOMID, theirs, &st);
	evtchn_bind_handler(port_a, on_a, NULL);

	if (!check(WAIT_FOR(port_state(port_b, &st) != EVTCHNSTAT_unbound,
			    5000000),
		   "domain %u bound port %u within 5 s", TEST_DOMID, port_b))
		return false;
	if (check_eq(st.status, EVTCHNSTAT_interdomain,
		     "port %u is interdomain", port_b))
		check_eq(st.u.interdomain.dom, TEST_DOMID, "... to domain %u",
			 TEST_DOMID);
	/* Domain 1 is done checking A: tell it our end is ready for pings. */
	return check_eq(evtchn_send(port_a), 0, "ready on port %u", port_a);
}

void test_main(void)
{
	struct evtchn_status st;

	if (!setup())
		return;
	local_irq_enable();

	/* Domain 1 pings first: answer PINGS of them. */
	check(WAIT_FOR(pings_a >= PINGS, 10000000),
	      "%u pings from domain %u on port %u", PINGS, TEST_DOMID, port_a);
	check_eq(pings_a, PINGS, "... exactly");

	ping_peer(port_b, &pongs, TEST_DOMID, 0);

	/* Domain 1 closes its end of A. */
	if (check(WAIT_FOR(port_state(port_a, &st) != EVTCHNSTAT_interdomain,
			   5000000),
		  "domain %u closed its end of A within 5 s", TEST_DOMID) &&
	    check_eq(st.status, EVTCHNSTAT_unbound, "port %u is unbound",
		     port_a))
		check_eq(st.u.unbound.dom, TEST_DOMID,
			 "... waiting for domain %u", TEST_DOMID);
	check_eq(evtchn_send(port_a), 0, "send after the remote end closed");
	check_eq(pings_a, PINGS, "no event on A after domain %u closed it",
		 TEST_DOMID);
	local_irq_disable();

	if (test_status() != STATUS_RUNNING) {
		printk("A check failed: not confirming to domain %u\n",
		       TEST_DOMID);
		return;
	}
	check_eq(evtchn_send(port_b), 0, "confirm to domain %u", TEST_DOMID);
	check_eq(evtchn_close(port_b), 0, "close port %u", port_b);
	check_eq(evtchn_close(port_a), 0, "close port %u", port_a);
	test_success(NULL);
}
