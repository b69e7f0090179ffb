/* SPDX-License-Identifier: MIT */
/*
 * Eight domains at once (the harness boots this test with -smp 2 on every
 * hypervisor: 8 vCPUs on 2 pCPUs). Domain 1 allocates an unbound port for
 * each of domains 2-8 (multi-eight-peer, protocol in proto.h) and waits,
 * yielding, for ROUNDS heartbeat events from every one of them, answering
 * each. It checks:
 *
 *  - every partner bound the port allocated for it, and no other (the
 *    status of each port names the right domain), looked at on its first
 *    heartbeat, before answering it: once a partner has all its answers
 *    it powers off, and a hypervisor may then destroy it (armvisor does
 *    without a control domain; Xen with xl's on_poweroff=destroy), which
 *    leaves our end unbound;
 *  - every partner delivered exactly ROUNDS heartbeats within the time
 *    limit: all eight domains got CPU time, virtual-timer interrupts and
 *    event channels to and from domain 1.
 */
#include "proto.h"

const char test_title[] = "Eight domains at once";

static evtchn_port_t ports[NR_PARTNERS];
static volatile u32 beats[NR_PARTNERS];
static volatile u32 stray;
/* Status of each port at its first heartbeat (rc, then the status). */
static long first_rc[NR_PARTNERS];
static struct evtchn_status first_st[NR_PARTNERS];

static void on_beat(evtchn_port_t port, void *arg)
{
	unsigned int i = (unsigned int)(uintptr_t)arg;

	if (beats[i] == 0)
		first_rc[i] = evtchn_get_status(DOMID_SELF, port, &first_st[i]);
	beats[i]++;
	if (evtchn_send(port))
		stray++;
}

static bool all_done(void)
{
	unsigned int i;

	for (i = 0; i < NR_PARTNERS; i++)
		if (READ_ONCE(beats[i]) < ROUNDS)
			return false;
	return true;
}

void test_main(void)
{
	struct evtchn_status st;
	domid_t me = 0;
	unsigned int i;
	u64 t0;

	if (!check_eq(xen_map_shared_info(), 0, "map shared_info") ||
	    !check(xen_evtchn_upcall_init(), "event-channel upcall set up") ||
	    !check_eq(xen_own_domid(&me), 0, "find our domain id") ||
	    !check_eq(me, TEST_DOMID, "we are domain %u", TEST_DOMID))
		return;
	check_eq(platform.ram_total, MiB(16), "16 MiB of RAM");

	for (i = 0; i < NR_PARTNERS; i++) {
		if (!check_eq(
			    evtchn_alloc_unbound(FIRST_PARTNER + i, &ports[i]),
			    0, "port for domain %u", FIRST_PARTNER + i))
			return;
		evtchn_bind_handler(ports[i], on_beat, (void *)(uintptr_t)i);
	}

	vtimer_setup();
	t0 = uptime_us();
	local_irq_enable();
	check(WAIT_FOR(all_done(), 60000000),
	      "%u heartbeats from each of the %u partners within 60 s", ROUNDS,
	      NR_PARTNERS);
	local_irq_disable();
	printk("heartbeats took %lu ms\n", (uptime_us() - t0) / 1000);
	/* A last answer may still be in flight to a partner: harmless. */

	for (i = 0; i < NR_PARTNERS; i++) {
		domid_t d = FIRST_PARTNER + i;

		check_eq(beats[i], ROUNDS, "domain %u: heartbeats on port %u",
			 d, ports[i]);
		st = first_st[i];
		if (beats[i] &&
		    check_eq(first_rc[i], 0,
			     "status of port %u at the first heartbeat",
			     ports[i]) &&
		    check_eq(st.status, EVTCHNSTAT_interdomain,
			     "... interdomain"))
			check_eq(st.u.interdomain.dom, d, "... to domain %u",
				 d);
	}
	check_eq(stray, 0, "every answer was sent");
	check_eq(irq_unhandled, 0, "no unexpected interrupt");
	test_success(NULL);
}
