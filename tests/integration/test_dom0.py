"""dom0 tests: Debian's Linux 6.1 booted as dom0, running the checks of the
dom0 initramfs (tools/dom0-tests/init, built by scripts/mkinitramfs).

For each hypervisor in $DOM0_HYPERVISORS (default "xen,armvisor"; see
dom0lib.py),
boot QEMU (-smp 4, 2G) with the hypervisor, the kernel and the initramfs
as guest-loader modules, wait for dom0's "DOM0-TESTS: done" line and
require:
  - every check in dom0lib.EXPECTED_CHECKS printed once, all PASS: /init
    runs, /proc/xen/capabilities is control_d, /sys/hypervisor reads xen
    and a version, the five Xen modules load, /dev/xen/{privcmd,evtchn,
    gntdev,gntalloc} appear, xen-version gets the version by hypercall
    (equal to sysfs'), evtchn-self delivers, gnt-self maps and data match;
    our xenstored (tools/xenstored) runs, serves write/read/watch on its
    socket, and serves dom0's kernel xenbus (xenstore through
    /dev/xen/xenbus);
  - dom0 sees dom0_max_vcpus CPUs and about dom0_mem of memory;
  - no kernel Oops/WARN/BUG and no hypervisor panic;
  - then `poweroff -f` makes QEMU exit with status 0 (the default runs),
    or `reboot -f` resets the machine: the hypervisor's banner appears a
    second time (test_dom0_reboot, run without -no-reboot, killed then).

Board combinations (GIC version, dom0 vCPUs, dom0_mem): the default runs
cover every pair of values (4 boots); the rest of the product is `long`.

  pytest-3 tests/integration/test_dom0.py
  pytest-3 tests/integration/test_dom0.py -m "long or not long"   all
  DOM0_HYPERVISORS=xen,armvisor pytest-3 tests/integration/test_dom0.py

Each run's stage times (s after QEMU start) go to
build/results/logs/dom0-timings.txt.
"""

import itertools

import pytest

import conftest
import dom0lib

GICS = (2, 3)
VCPUS = (1, 4)
MEMS = ("512M", "1G")
SMP = 4  # pCPUs (QEMU -smp) in every run

# Every pair of values of the three dimensions at least once: 4 boots.
QUICK = [(2, 1, "512M"), (3, 4, "512M"), (2, 4, "1G"), (3, 1, "1G")]
ALL = list(itertools.product(GICS, VCPUS, MEMS))

# reboot: (gic, vcpus, mem), quick first.
REBOOT_QUICK = [(3, 1, "512M")]
REBOOT_LONG = [(2, 4, "1G")]


def _params(boards, quick):
    out = []
    for hyp in dom0lib.enabled_hypervisors():
        for gic, vcpus, mem in boards:
            marks = [] if (gic, vcpus, mem) in quick else [pytest.mark.long]
            out.append(pytest.param(hyp, gic, vcpus, mem, marks=marks, id="%s-gic%d-vcpus%d-%s" % (hyp, gic, vcpus, mem)))
    return out


@pytest.fixture(scope="session")
def initramfs():
    """Build the test programs and the initramfs once per session."""
    if not dom0lib.VMLINUZ.is_file():
        pytest.fail("%s not found: run scripts/setup" % dom0lib.VMLINUZ, pytrace=False)
    ok, out = dom0lib.build_initramfs()
    if not ok:
        pytest.fail("scripts/mkinitramfs failed:\n%s" % out[-4000:], pytrace=False)
    return dom0lib.INITRD


def _hypervisor(name):
    hyp = dom0lib.HYPERVISORS[name]
    if not hyp.image.is_file():
        pytest.fail("%s image %s not found: %s" % (name, hyp.image, hyp.missing_hint), pytrace=False)
    return hyp


def _log(request):
    return conftest.LOG_DIR / ("dom0-%s.log" % conftest._log_name(request.node.name))


@pytest.mark.parametrize("hyp_name,gic,vcpus,mem", _params(ALL, QUICK))
def test_dom0(hyp_name, gic, vcpus, mem, initramfs, request, record_property):
    hyp = _hypervisor(hyp_name)
    run = dom0lib.run_until_results(hyp, _log(request), gic=gic, vcpus=vcpus, mem=mem, smp=SMP)
    try:
        status = run.expect_exit(dom0lib.EXIT_TIMEOUT, "the power-off after dom0's checks (QEMU exiting)")
        run.mark("exit")
        record_property("timings", run.record_timings(request.node.name))
        run.verify_checks()
        if status != 0:
            run.fail("expected a clean power-off (QEMU exit status 0), but QEMU %s" % run.qemu.exit_description())
    finally:
        run.qemu.kill()


@pytest.mark.parametrize("hyp_name,gic,vcpus,mem", _params(REBOOT_QUICK + REBOOT_LONG, REBOOT_QUICK))
def test_dom0_reboot(hyp_name, gic, vcpus, mem, initramfs, request, record_property):
    """dom0's `reboot -f` resets the machine: without -no-reboot QEMU boots
    the hypervisor again (its banner shows a second time); then kill it."""
    hyp = _hypervisor(hyp_name)
    run = dom0lib.run_until_results(hyp, _log(request), gic=gic, vcpus=vcpus, mem=mem, smp=SMP, end="reboot", allow_reset=True)
    try:
        run.verify_checks()
        run.expect(dom0lib.REBOOT_RX, dom0lib.EXIT_TIMEOUT, "dom0's /init to reboot (DOM0-INIT: reboot)")
        run.expect(hyp.banner, dom0lib.EXIT_TIMEOUT, "the hypervisor's banner a second time (machine reset)")
        run.mark("rebooted")
        record_property("timings", run.record_timings(request.node.name))
    finally:
        run.qemu.kill()
