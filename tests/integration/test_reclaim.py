"""Destroying a domain gives back every page (armvisor only).

With no control domain (dom0less without dom0) nobody can destroy a domain
that powered off, so armvisor does it itself (docs/design.md, "Domain
destruction"). It prints the heap's free pages before it creates any domain
and again once no domain is left:

    (HYP) Memory: <free> of <total> pages free (before creating domains)
    ...
    (HYP) Domain <N> (<name>) powered off: destroying it (no control domain)
    ...
    (HYP) Memory: <free> of <total> pages free (no domain running)

Several guests that use what a domain can own (RAM, stage-2 tables, vCPUs
with a vGIC and timers, vcpu_info and runstate registrations, 2-level and
FIFO event channels within and between domains, grant-table frames, a
vpl011, console_io) run to their result and power off; the two counts
must be equal. One page kept back anywhere (a domain's RAM, a p2m table,
an xmalloc'd vCPU or event-channel structure, a grant frame) makes them
differ.

  pytest-3 tests/integration/test_reclaim.py
"""

import dataclasses
import re

import pytest

import conftest
import guestlib

# Domain 1 and 2 talk over interdomain event channels; 3 has three vCPUs
# registering vcpu_info and runstate areas; 4 uses 2-level event channels
# within itself, 5 the FIFO ABI (control blocks, event array) on two vCPUs,
# 6 grows its grant table to four frames and copies through a grant.
DOMAINS = ["multi-evtchn", "multi-evtchn-peer", "hc-vcpu", "evtchn-loopback", "evtchn-fifo", "gnttab-frames"]


@pytest.fixture(scope="session")
def guests_built():
    ok, out = guestlib.build_guests()
    if not ok:
        pytest.fail("building the guests failed (make -C guests):\n%s" % out[-4000:], pytrace=False)
    return True


@pytest.mark.parametrize("gic,smp", [(3, 4), (2, 1)], ids=["gic3-smp4", "gic2-smp1"])
def test_destroy_returns_every_page(gic, smp, guests_built, tmp_path, request):
    hyp = guestlib.HYPERVISORS["armvisor"]
    if not hyp.image.is_file():
        pytest.fail("armvisor image %s not found: %s" % (hyp.image, hyp.missing_hint), pytrace=False)
    first = guestlib.load_test(DOMAINS[0])
    assert first.extra_domains[:1] == DOMAINS[1:2], "domain 2 must stay multi-evtchn's peer"
    test = dataclasses.replace(first, extra_domains=DOMAINS[1:])
    log = conftest.LOG_DIR / ("reclaim-%s.log" % conftest._log_name(request.node.name))
    runner = guestlib.GuestRunner(tmp_path, {})
    run = runner.run(test, hyp, gic, log, smp=smp, settle=0)
    q = run.qemu
    try:
        # What they test is not the point here (their own tests judge it),
        # only that each ran to its end and powered off.
        if run.status == "CRASH":
            q.fail("domain 1 (%s): %s" % (DOMAINS[0], run.reason))
        # The others finish on their own; then the machine powers off.
        q.expect_poweroff(timeout=90)
        out = q.output
        for domid, name in enumerate(DOMAINS, start=1):
            res = re.findall(r"\(HYP\) \(d%d\) Test result: (\w+)" % domid, out)
            if name != "multi-evtchn-peer" and len(res) != 1:
                q.fail("domain %d (%s) printed %d result lines, not one" % (domid, name, len(res)))
            if not re.search(r"\(HYP\) Domain %d \([^)]*\) powered off: destroying it" % domid, out):
                q.fail("domain %d (%s) was not destroyed" % (domid, name))
        guestlib.require_heap_restored(q, "destroying every domain")
    finally:
        q.kill()
