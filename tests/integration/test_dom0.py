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
  - /hypervisor reg in dom0's device tree is the grant window, then at
    least one extended region: 2 MiB aligned, >= 64 MiB, sorted, none
    overlapping dom0's memory or any device of the host DT (QEMU's, dumped
    for the same board);
  - no kernel Oops/WARN/BUG and no hypervisor panic;
  - then `poweroff -f` makes QEMU exit with status 0 (the default runs),
    or `reboot -f` resets the machine: the hypervisor's banner appears a
    second time (test_dom0_reboot, run without -no-reboot, killed then).

Board combinations (GIC version, dom0 vCPUs, dom0_mem): the default runs
cover every pair of values (4 boots); the rest of the product is `long`.
test_dom0_gzip_kernel boots the same dom0 from a gzip-compressed Image
(build/dom0/vmlinuz.gz, made from build/pkgs/vmlinuz).

  pytest-3 tests/integration/test_dom0.py
  pytest-3 tests/integration/test_dom0.py -m "long or not long"   all
  DOM0_HYPERVISORS=xen,armvisor pytest-3 tests/integration/test_dom0.py

Each run's stage times (s after QEMU start) go to
build/results/logs/dom0-timings.txt.
"""

import itertools
import re

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


def _host_dtb(tmp_path, gic, ram="2G"):
    """QEMU's DTB for the board the dom0 runs use (no modules)."""
    return conftest.dump_dtb(tmp_path / ("host-gic%d.dtb" % gic), gic=gic, smp=SMP, mem=ram)


def _log(request):
    return conftest.LOG_DIR / ("dom0-%s.log" % conftest._log_name(request.node.name))


@pytest.mark.parametrize("hyp_name,gic,vcpus,mem", _params(ALL, QUICK))
def test_dom0(hyp_name, gic, vcpus, mem, initramfs, request, record_property, tmp_path):
    hyp = _hypervisor(hyp_name)
    run = dom0lib.run_until_results(hyp, _log(request), gic=gic, vcpus=vcpus, mem=mem, smp=SMP)
    try:
        status = run.expect_exit(dom0lib.EXIT_TIMEOUT, "the power-off after dom0's checks (QEMU exiting)")
        run.mark("exit")
        record_property("timings", run.record_timings(request.node.name))
        run.verify_checks()
        record_property("hypervisor_reg", run.verify_hypervisor_reg(_host_dtb(tmp_path, gic, run.ram)))
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


@pytest.mark.parametrize("hyp_name", dom0lib.enabled_hypervisors())
def test_dom0_gzip_kernel(hyp_name, initramfs, request, record_property, tmp_path):
    """The same dom0, its kernel module a gzip-compressed Image: both
    hypervisors decompress it (armvisor says so on its console)."""
    hyp = _hypervisor(hyp_name)
    gz = dom0lib.gzip_kernel()
    run = dom0lib.run_until_results(hyp, _log(request), gic=3, vcpus=1, mem="512M", smp=SMP, kernel=gz)
    try:
        status = run.expect_exit(dom0lib.EXIT_TIMEOUT, "the power-off after dom0's checks (QEMU exiting)")
        run.mark("exit")
        record_property("timings", run.record_timings(request.node.name))
        run.verify_checks()
        run.verify_hypervisor_reg(_host_dtb(tmp_path, 3, run.ram))
        if status != 0:
            run.fail("expected a clean power-off (QEMU exit status 0), but QEMU %s" % run.qemu.exit_description())
        if hyp_name == "armvisor":
            m = re.search(r"dom0: gzip kernel, (\d+) bytes decompressed to (\d+)", run.output)
            if not m or int(m.group(1)) != gz.stat().st_size or int(m.group(2)) != dom0lib.VMLINUZ.stat().st_size:
                run.fail("armvisor did not report decompressing the %d-byte gzip kernel to %d bytes" % (gz.stat().st_size, dom0lib.VMLINUZ.stat().st_size))
    finally:
        run.qemu.kill()


BAD_GZIP = [
    # (id, how the file is spoiled, the reason armvisor must give)
    ("crc", lambda b: b[:-8] + bytes([b[-8] ^ 1]) + b[-7:], r"gzip CRC-32 mismatch"),
    ("isize", lambda b: b[:-4] + (int.from_bytes(b[-4:], "little") + 4096).to_bytes(4, "little"), r"gzip ISIZE does not match the decompressed size"),
    ("truncated", lambda b: b[: len(b) // 2] + b[-8:], r"truncated deflate data|invalid|distance|data after"),
]


@pytest.mark.parametrize("how,spoil,reason", BAD_GZIP, ids=[b[0] for b in BAD_GZIP])
def test_dom0_bad_gzip_kernel(how, spoil, reason, initramfs, request, tmp_path):
    """A broken gzip kernel is one clear error on armvisor's console and a
    clean stop (no domain: power off), never a hang or a partial dom0."""
    hyp = _hypervisor("armvisor")
    bad = tmp_path / ("vmlinuz-%s.gz" % how)
    bad.write_bytes(spoil(dom0lib.gzip_kernel().read_bytes()))
    run = dom0lib.start(hyp, _log(request), gic=3, vcpus=1, mem="512M", smp=SMP, kernel=bad, wall_timeout=120)
    try:
        run.expect(hyp.banner, dom0lib.BANNER_TIMEOUT, "the hypervisor's banner")
        run.expect(r"\(HYP\) dom0: bad gzip-compressed kernel: (?:%s)" % reason, 60, "the gzip error message")
        run.expect(r"No domain to run\. Powering off\.", 30, "the power-off")
        status = run.expect_exit(30, "QEMU to exit")
        if status != 0:
            run.fail("QEMU %s after the power-off" % run.qemu.exit_description())
        if re.search(dom0lib.LINUX_BANNER, run.output):
            run.fail("dom0's kernel started from a broken gzip file")
    finally:
        run.qemu.kill()
