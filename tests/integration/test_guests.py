"""Guest tests: each guests/tests/<name>/ booted as a dom0less domain.

For every guest test, every hypervisor it lists in HYPERVISORS that is
enabled ($GUEST_HYPERVISORS, default "xen,armvisor"; see guestlib.py), GIC
v2 and v3 and the pCPU counts of guestlib.SMP_BY_HYPERVISOR (or the test's
own SMP from test.mk), boot QEMU with the hypervisor and the guest, and
wait for the guest's
"Test result:" line: SUCCESS passes, SKIP skips, ERROR/FAILURE fail, and no
result line at all (a crash, a hang, a hypervisor panic) fails. Runtime
self-tests declare another expected result (EXPECT in test.mk) and pass when
they end with it.

  pytest-3 tests/integration/test_guests.py              all of them
  pytest-3 tests/integration/test_guests.py -k psci      one test
  GUEST_HYPERVISORS=xen,armvisor pytest-3 ...            armvisor too

The guests are built with `make -C guests` first (a no-op when up to date).
"""

import dataclasses
import gzip
import re
import subprocess

import pytest

import conftest
import guestlib

MATRIX = guestlib.test_matrix()


def _id(param):
    test, hyp, gic, smp = param
    return "%s-%s-gic%d-smp%d" % (test.name, hyp, gic, smp)


@pytest.fixture(scope="session")
def guests_built():
    ok, out = guestlib.build_guests()
    if not ok:
        pytest.fail("building the guests failed (make -C guests):\n%s" % out[-4000:], pytrace=False)
    return True


@pytest.fixture(scope="session")
def guest_runner(tmp_path_factory):
    return guestlib.GuestRunner(tmp_path_factory.mktemp("guests"), {})


@pytest.mark.parametrize("param", MATRIX, ids=[_id(p) for p in MATRIX])
def test_guest(param, guests_built, guest_runner, request):
    test, hyp_name, gic, smp = param
    hyp = guestlib.HYPERVISORS[hyp_name]
    if not hyp.image.is_file():
        pytest.fail("%s image %s not found: %s" % (hyp.name, hyp.image, hyp.missing_hint), pytrace=False)
    for d in guestlib.domains_of(test):
        if not d.image.is_file():
            pytest.fail("guest image %s not found (make -C guests)" % d.image, pytrace=False)
    log = conftest.LOG_DIR / ("guest-%s.log" % conftest._log_name(request.node.name))
    run = guest_runner.run(test, hyp, gic, log, smp=smp)
    if run.status == "CRASH" and hyp.retry_boot_stall and not run.domain_lines(1):
        # The reference hypervisor hung before the guest ran: boot again.
        run.qemu.kill()
        log2 = log.with_name(log.stem + ".retry.log")
        run = guest_runner.run(test, hyp, gic, log2, smp=smp)
    try:
        lines = run.domain_lines(1)
        if test.expect != "SUCCESS" and run.status != "CRASH":
            if run.status != test.expect:
                run.qemu.fail(
                    "runtime self-test %s on %s (GICv%d): Test result: %s, expected %s"
                    % (test.name, hyp.name, gic, run.status, test.expect)
                )
            return
        if run.status == "SUCCESS":
            want = test.expect_log.get(hyp.name)
            if want and not re.search(want, run.output, re.MULTILINE):
                run.qemu.fail(
                    "guest test %s on %s (GICv%d): SUCCESS, but the console has no match for "
                    "EXPECT_LOG_%s /%s/" % (test.name, hyp.name, gic, hyp.name.upper(), want)
                )
            return
        if run.status == "SKIP":
            why = [l for l in lines if not l.startswith("Test result:")]
            pytest.skip("guest skipped: %s" % (why[-1] if why else "no reason printed"))
        if run.status == "CRASH":
            run.qemu.fail("guest test %s on %s (GICv%d) crashed: %s" % (test.name, hyp.name, gic, run.reason))
        fails = [l for l in lines if l.startswith("FAIL:")]
        run.qemu.fail(
            "guest test %s on %s (GICv%d): Test result: %s%s"
            % (test.name, hyp.name, gic, run.status, "".join("\n  " + l for l in fails[:20]))
        )
    finally:
        run.qemu.kill()


@pytest.mark.parametrize("hyp_name", [h for h in guestlib.enabled_hypervisors() if h in guestlib.load_test("example").hypervisors])
def test_guest_gzip_kernel(hyp_name, guests_built, guest_runner, request, tmp_path):
    """A dom0less domain whose kernel module is a gzip-compressed Image
    (the example guest, gzipped with its name in the header):
    it runs to SUCCESS, on Xen 4.17 as on armvisor."""
    test = guestlib.load_test("example")
    hyp = guestlib.HYPERVISORS[hyp_name]
    if not hyp.image.is_file():
        pytest.fail("%s image %s not found: %s" % (hyp.name, hyp.image, hyp.missing_hint), pytrace=False)
    raw = test.image.read_bytes()
    gz = tmp_path / "example.bin.gz"
    with open(gz, "wb") as f, gzip.GzipFile(filename="example.bin", mode="wb", fileobj=f, compresslevel=9, mtime=0) as z:
        z.write(raw)
    assert gz.read_bytes()[:2] == b"\x1f\x8b"
    test = dataclasses.replace(test, image_path=gz)
    log = conftest.LOG_DIR / ("guest-%s.log" % conftest._log_name(request.node.name))
    run = guest_runner.run(test, hyp, 3, log, smp=2)
    if run.status == "CRASH" and hyp.retry_boot_stall and not run.domain_lines(1):
        run.qemu.kill()
        run = guest_runner.run(test, hyp, 3, log.with_name(log.stem + ".retry.log"), smp=2)
    try:
        if run.status != "SUCCESS":
            run.qemu.fail("gzipped guest on %s: %s %s" % (hyp.name, run.status, run.reason))
        if hyp_name == "armvisor" and not re.search(r"gzip kernel, %d bytes decompressed to %d" % (gz.stat().st_size, len(raw)), run.output):
            run.qemu.fail("armvisor did not report decompressing the gzip kernel")
    finally:
        run.qemu.kill()


# ---- the harness itself (no QEMU boot) ----


def test_guest_metadata():
    """Every test.mk parses, names its directory, lists known hypervisors
    and only existing partner guests."""
    tests = guestlib.all_tests()
    assert tests, "no guests/tests/*/test.mk found"
    names = {t.name for t in tests}
    for t in tests:
        assert t.description, "%s: DESCRIPTION is empty" % t.name
        assert t.vcpus >= 1 and t.memory_mb >= 1, t.name
        assert set(t.hypervisors) <= set(guestlib.HYPERVISORS), "%s: HYPERVISORS %s" % (t.name, t.hypervisors)
        assert t.role in ("test", "helper", "bench"), t.name  # bench: bench/run only
        assert all(1 <= n <= 8 for n in t.smp), "%s: SMP %s" % (t.name, t.smp)
        for extra in t.extra_domains:
            assert extra in names, "%s: EXTRA_DOMAINS names unknown guest %s" % (t.name, extra)
        for hyp, rx in t.expect_log.items():
            assert hyp in guestlib.HYPERVISORS, "%s: EXPECT_LOG_%s: unknown hypervisor" % (t.name, hyp.upper())
            re.compile(rx)


def test_mkdomu_dtb(tmp_path, guests_built):
    """mkdomu-dtb writes the xen,domain nodes Xen's dom0less expects."""
    board = conftest.dump_dtb(tmp_path / "board.dtb", gic=3, smp=2, mem="1G")
    image = guestlib.load_test("example").image
    out = tmp_path / "host.dtb"
    r = subprocess.run(
        [
            str(guestlib.MKDOMU_DTB),
            "--board",
            str(board),
            "--out",
            str(out),
            "--bootargs",
            "console=dtuart noreboot",
            "--domain",
            "kernel=%s,addr=0x50000000,cpus=2,memory=64,enhanced=no-xenstore" % image,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    dts = conftest.dtb_to_dts(out)
    chosen = dts[dts.index("chosen {") :]
    assert 'xen,xen-bootargs = "console=dtuart noreboot";' in chosen
    assert "rng-seed" not in chosen and "kaslr-seed" not in chosen
    assert 'compatible = "xen,domain";' in chosen
    assert "cpus = <0x02>;" in chosen
    assert "memory = <0x00 0x10000>;" in chosen  # 64 MiB in KiB
    assert "vpl011;" in chosen
    assert 'xen,enhanced = "no-xenstore";' in chosen
    size = image.stat().st_size
    assert re.search(r"module@50000000 \{[^}]*reg = <0x00 0x50000000 0x00 %#x>;" % size, chosen), chosen
    assert 'compatible = "multiboot,kernel\\0multiboot,module";' in chosen
