"""Boot test guests (guests/tests/<name>/) as dom0less domains in QEMU.

A guest test is described by its guests/tests/<name>/test.mk (see
guests/Makefile) and built by `make -C guests` into build/guests/<name>.bin.
It runs as domain 1 (partner guests from EXTRA_DOMAINS as domains 2, 3...)
under a hypervisor, and ends by printing exactly one line
"Test result: SUCCESS|SKIP|ERROR|FAILURE" through the hypervisor's console.

Which hypervisors run a test is the intersection of
  - the test's HYPERVISORS (test.mk): where it is expected to pass, and
  - the enabled hypervisors: $GUEST_HYPERVISORS (comma-separated), default
    "xen" (armvisor cannot run guests yet; GUEST_HYPERVISORS=xen,armvisor
    turns it on for the tests that list it).

Reuses conftest.Qemu (QEMU under `timeout`, logged to
build/results/logs/) and conftest.dump_dtb; scripts/mkdomu-dtb writes the
host DTB with the xen,domain nodes.
"""

import os
import re
import subprocess
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pexpect

import conftest

REPO = Path(__file__).resolve().parents[2]
GUESTS_SRC = REPO / "guests" / "tests"
GUESTS_OUT = REPO / "build" / "guests"
MKDOMU_DTB = REPO / "scripts" / "mkdomu-dtb"

# Where guest images are loaded (QEMU puts its own DTB at 0x48000000; Xen
# itself is loaded at 0x40200000 and relocates to the top of RAM).
LOAD_BASE = 0x50000000
LOAD_STRIDE = 0x01000000

DEFAULT_RESULT_TIMEOUT = 60  # s from QEMU start to the result line
STATUSES = ("SUCCESS", "SKIP", "ERROR", "FAILURE")


# ---------------------------------------------------------------------------
# test metadata


@dataclass
class GuestTest:
    name: str
    description: str = ""
    vcpus: int = 1
    memory_mb: int = 32
    hypervisors: list = field(default_factory=list)
    extra_domains: list = field(default_factory=list)
    role: str = "test"
    srcs: list = field(default_factory=lambda: ["main.c"])
    xen_enhanced: str = ""
    p2m_mem_mb: str = ""
    vpl011: bool = True
    expect: str = "SUCCESS"
    # pCPU counts to boot with, for every hypervisor (test.mk SMP); empty:
    # the hypervisor's defaults (SMP_BY_HYPERVISOR).
    smp: list = field(default_factory=list)
    # Hypervisor name -> regex its console output must match for the test
    # to pass (test.mk EXPECT_LOG_<NAME>, e.g. EXPECT_LOG_ARMVISOR).
    expect_log: dict = field(default_factory=dict)
    # Boot this file instead of build/guests/<name>.bin (e.g. a gzipped copy).
    image_path: Path = None
    # Host DT nodes marked xen,passthrough (test.mk PASSTHROUGH) and the
    # partial DT (multiboot,device-tree module) source in the test's
    # directory (test.mk PARTIAL_DTS), compiled with dtc.
    passthrough: list = field(default_factory=list)
    partial_dts: str = ""

    @property
    def image(self):
        return self.image_path or GUESTS_OUT / ("%s.bin" % self.name)


_ASSIGN = re.compile(r"^\s*([A-Z_][A-Z0-9_]*)\s*(?::=|=|\+=)\s*(.*?)\s*$")


def parse_test_mk(path):
    """The VAR := value lines of a test.mk (no make functions needed)."""
    values = {}
    for line in Path(path).read_text().splitlines():
        # As in make: "#" starts a comment unless written "\#".
        line = re.split(r"(?<!\\)#", line, 1)[0].replace("\\#", "#")
        m = _ASSIGN.match(line)
        if m:
            key, value = m.groups()
            if "+=" in line.split(value, 1)[0] and key in values:
                value = values[key] + " " + value
            values[key] = value
    return values


def load_test(name):
    mk = GUESTS_SRC / name / "test.mk"
    v = parse_test_mk(mk)
    t = GuestTest(name=name)
    t.description = v.get("DESCRIPTION", "")
    t.vcpus = int(v.get("VCPUS", "1"))
    t.memory_mb = int(v.get("MEMORY_MB", "32"))
    t.hypervisors = v.get("HYPERVISORS", "").split()
    t.extra_domains = v.get("EXTRA_DOMAINS", "").split()
    t.role = v.get("ROLE", "test") or "test"
    t.srcs = v.get("SRCS", "main.c").split()
    t.xen_enhanced = v.get("XEN_ENHANCED", "")
    t.passthrough = v.get("PASSTHROUGH", "").split()
    t.partial_dts = v.get("PARTIAL_DTS", "")
    t.p2m_mem_mb = v.get("P2M_MEM_MB", "")
    t.vpl011 = v.get("VPL011", "yes").lower() not in ("no", "0", "off", "false")
    t.expect = v.get("EXPECT", "SUCCESS") or "SUCCESS"
    try:
        t.smp = [int(n) for n in v.get("SMP", "").split()]
    except ValueError:
        raise ValueError("%s: SMP is %r, not a list of pCPU counts" % (mk, v.get("SMP")))
    if t.expect not in STATUSES:
        raise ValueError("%s: EXPECT is %r, not one of %s" % (mk, t.expect, ", ".join(STATUSES)))
    for key, value in v.items():
        if key.startswith("EXPECT_LOG_") and value:
            t.expect_log[key[len("EXPECT_LOG_") :].lower()] = value
    if v.get("NAME", name) != name:
        raise ValueError("%s: NAME is %r, expected %r" % (mk, v.get("NAME"), name))
    return t


def all_tests():
    """Every guest directory with a test.mk, helpers included, by name."""
    names = sorted(p.parent.name for p in GUESTS_SRC.glob("*/test.mk"))
    return [load_test(n) for n in names]


# ---------------------------------------------------------------------------
# hypervisors


@dataclass
class Hypervisor:
    name: str
    image: Path
    bootargs: str
    missing_hint: str
    # Regex prefix of a line printed by domain N through the hypervisor's
    # console ("%d" is replaced by the domain id).
    domain_prefix: str
    # Regexes meaning the hypervisor itself died.
    panic: str
    # Regexes meaning the hypervisor killed the guest domain (%d: domid).
    domain_crash: str
    # Boot again once when the hypervisor stalls before domain 1 prints
    # anything. Only for the reference: Debian's Xen 4.17 under QEMU TCG
    # with -smp 2 now and then hangs during its own boot on a loaded host
    # (docs/reference-xen.md notes such stalls); that says nothing about
    # the guest.
    retry_boot_stall: bool = False


XEN_BOOTARGS = "console=dtuart noreboot xsm=dummy loglvl=all guest_loglvl=all"

HYPERVISORS = {
    "xen": Hypervisor(
        name="xen",
        image=Path(os.environ.get("XEN_IMAGE", REPO / "build" / "pkgs" / "xen")),
        bootargs=XEN_BOOTARGS,
        missing_hint="run scripts/setup (it unpacks Debian's Xen 4.17 into build/pkgs/)",
        # console_io writes: "(d1) text"; vpl011 output: "(XEN) DOM1: text".
        domain_prefix=r"(?:\(d%d\) |\(XEN\) DOM%d: )",
        panic=r"\(XEN\) (?:Panic on CPU|\*\*\*\*+ PANIC|Assertion '|Xen BUG at)",
        retry_boot_stall=True,
        domain_crash=r"\(XEN\) (?:Domain %d \(vcpu#\d+\) crashed|d%dv\d+ (?:Unhandled|unhandled)[^\r\n]*crash|domain_crash called from[^\r\n]*)",
    ),
    "armvisor": Hypervisor(
        name="armvisor",
        image=conftest.image_path(),
        bootargs="console=dtuart noreboot",
        missing_hint="build it first (make FLAVOUR=debug all) or set ARMVISOR_IMAGE",
        # armvisor is to print guest console_io output the way Xen does.
        domain_prefix=r"(?:\(d%d\) |\(XEN\) DOM%d: |\(HYP\) DOM%d: )",
        # banner.PANIC, minus the lines armvisor prints for guests
        # ("(HYP) (d1) ..."): a guest saying "Unexpected exception" is not a
        # hypervisor panic.
        panic=r"\(HYP\) (?!\(d\d+\) )[^\r\n]*(?:\b(?:PANIC|[Pp]anic)\b"
        r"|(?:Unhandled|Unexpected) (?:exception|trap)"
        r"|(?:Assertion|ASSERT|BUG)\b[^\r\n]*failed)",
        domain_crash=r"\(HYP\) Domain %d \([^\r\n]*\) crashed",
    ),
}


def enabled_hypervisors():
    raw = os.environ.get("GUEST_HYPERVISORS", "xen,armvisor")
    names = [h.strip() for h in raw.split(",") if h.strip()]
    unknown = [h for h in names if h not in HYPERVISORS]
    if unknown:
        raise ValueError("GUEST_HYPERVISORS: unknown hypervisor(s) %s" % ", ".join(unknown))
    return names


# pCPU counts per hypervisor: armvisor on one and four pCPUs (vCPUs then
# share or spread); the reference Xen on two, as its CI runs it. A test's
# SMP (test.mk, e.g. "SMP := 2") replaces these for every hypervisor.
SMP_BY_HYPERVISOR = {"xen": (2,), "armvisor": (1, 4)}


def _reference_gics(name, hyp, gic_versions):
    """GIC versions to run a guest on. armvisor, the system under test, gets
    every version. Xen, the reference, takes ~4.5 s per boot: in `make check`
    each guest runs on one GIC version there, picked by a stable hash of its
    name so that both versions stay covered across the suite; `make
    check-long` (CHECK_LONG=1) runs every version."""
    if hyp == "armvisor" or os.environ.get("CHECK_LONG") == "1" or len(gic_versions) < 2:
        return gic_versions
    return (gic_versions[zlib.crc32(name.encode()) % len(gic_versions)],)


def test_matrix(gic_versions=(2, 3)):
    """(test, hypervisor name, gic, smp) for every runnable combination."""
    enabled = enabled_hypervisors()
    out = []
    for t in all_tests():
        if t.role != "test":
            continue
        for hyp in t.hypervisors:
            if hyp not in enabled:
                continue
            for gic in _reference_gics(t.name, hyp, gic_versions):
                for smp in t.smp or SMP_BY_HYPERVISOR.get(hyp, (2,)):
                    out.append((t, hyp, gic, smp))
    return out


# ---------------------------------------------------------------------------
# running


def build_guests():
    """`make -C guests`; returns (ok, output)."""
    r = subprocess.run(
        ["make", "-C", str(REPO / "guests"), "-s"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return r.returncode == 0, r.stdout + r.stderr


def domains_of(test):
    """The guests booted for test: itself first (domain 1), then extras."""
    doms = [test]
    for name in test.extra_domains:
        doms.append(load_test(name))
    return doms


def compile_partial_dtb(test, out_dir):
    src = GUESTS_SRC / test.name / test.partial_dts
    out = Path(out_dir) / ("%s-partial.dtb" % test.name)
    r = subprocess.run(
        ["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", str(out), str(src)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if r.returncode != 0:
        raise RuntimeError("dtc %s failed: %s" % (src, r.stderr.strip()))
    return out


def make_host_dtb(board_dtb, out_dtb, hyp, domains):
    argv = [str(MKDOMU_DTB), "--board", str(board_dtb), "--out", str(out_dtb), "--bootargs", hyp.bootargs]
    loads = []
    for i, d in enumerate(domains):
        addr = LOAD_BASE + i * LOAD_STRIDE
        spec = "kernel=%s,addr=0x%x,cpus=%d,memory=%d,vpl011=%d" % (
            d.image,
            addr,
            d.vcpus,
            d.memory_mb,
            1 if d.vpl011 else 0,
        )
        if d.xen_enhanced:
            spec += ",enhanced=%s" % d.xen_enhanced
        if d.p2m_mem_mb:
            spec += ",p2m_mem_mb=%d" % int(d.p2m_mem_mb)
        loads.append((addr, d.image))
        if d.partial_dts:
            # In the same slot, after the image (guests are far smaller).
            dtb = compile_partial_dtb(d, Path(out_dtb).parent)
            dtbaddr = addr + LOAD_STRIDE - 0x10000
            spec += ",dtb=%s,dtbaddr=0x%x" % (dtb, dtbaddr)
            loads.append((dtbaddr, dtb))
        for path in d.passthrough:
            argv += ["--passthrough", path]
        argv += ["--domain", spec]
    r = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError("mkdomu-dtb failed: %s" % (r.stderr.strip() or r.stdout.strip()))
    return loads


@dataclass
class GuestRun:
    status: str  # SUCCESS/SKIP/ERROR/FAILURE, or CRASH when none came
    reason: str  # why CRASH (or "")
    qemu: object
    elapsed: float
    prefix: str  # Hypervisor.domain_prefix

    @property
    def output(self):
        return self.qemu.output

    def domain_lines(self, domid=1):
        """Lines domain `domid` printed, prefix removed."""
        rx = re.compile(self.prefix.replace("%d", str(domid)))
        out = []
        for line in self.output.splitlines():
            m = rx.search(line)
            if m:
                out.append(line[m.end() :])
        return out


class GuestRunner:
    """Boots one guest test under one hypervisor and waits for its result."""

    def __init__(self, tmpdir, board_cache):
        self.tmpdir = Path(tmpdir)
        self.board_cache = board_cache  # dict: machine key -> board DTB path

    def board_dtb(self, gic, smp, mem, cpu):
        key = (gic, smp, mem, cpu)
        if key not in self.board_cache:
            path = self.tmpdir / ("board-gic%s-smp%s-%s-%s.dtb" % key)
            conftest.dump_dtb(path, gic=gic, cpu=cpu, smp=smp, mem=mem)
            self.board_cache[key] = path
        return self.board_cache[key]

    def run(
        self,
        test,
        hyp,
        gic,
        log_path,
        smp=2,
        mem="1G",
        cpu="cortex-a57",
        timeout=DEFAULT_RESULT_TIMEOUT,
        settle=1.0,
    ):
        board = self.board_dtb(gic, smp, mem, cpu)
        host_dtb = self.tmpdir / ("%s-%s-gic%d.dtb" % (test.name, hyp.name, gic))
        loads = make_host_dtb(board, host_dtb, hyp, domains_of(test))
        extra = []
        for addr, image in loads:
            extra += ["-device", "loader,file=%s,addr=0x%x,force-raw=on" % (image, addr)]
        q = conftest.Qemu(
            hyp.image,
            log_path,
            gic=gic,
            cpu=cpu,
            smp=smp,
            mem=mem,
            append=None,
            dtb=host_dtb,
            extra=extra,
            wall_timeout=timeout + 10,
        )
        q.start()
        try:
            return self._wait(q, test, hyp, gic, timeout, settle)
        except BaseException:
            q.kill()
            raise

    def _wait(self, q, test, hyp, gic, timeout, settle):
        q.log.note("guest test %s on %s, GICv%d" % (test.name, hyp.name, gic))
        prefix = hyp.domain_prefix.replace("%d", "1")
        result_rx = re.compile(prefix + r"Test result: (\w+)[ \t\r]*\n")
        panic_rx = re.compile(hyp.panic)
        crash_rx = re.compile(hyp.domain_crash.replace("%d", "1"))
        status, reason = "CRASH", ""
        idx = q.child.expect([result_rx, panic_rx, crash_rx, pexpect.EOF, pexpect.TIMEOUT], timeout=timeout)
        if idx == 0:
            status = q.child.match.group(1)
            if status not in STATUSES:
                reason = "unknown status %r" % status
                status = "CRASH"
        elif idx == 1:
            reason = "the hypervisor panicked"
            q._drain(2)
        elif idx == 2:
            reason = "the hypervisor crashed domain 1"
            q._drain(1)
        elif idx == 3:
            q._reap()
            reason = "QEMU %s before the result" % q.exit_description()
        else:
            reason = "no 'Test result:' line within %d s" % timeout
        if status != "CRASH" and settle:
            # Keep reading a moment: anything after the result line is a bug
            # (a second result, a crash while powering off).
            q._drain(settle)
            n = len(re.findall(result_rx, q.output))
            if n != 1:
                reason = "%d 'Test result:' lines from domain 1 (exactly one expected)" % n
                status = "CRASH"
            elif panic_rx.search(q.output):
                reason = "the hypervisor panicked after the result"
                status = "CRASH"
        run = GuestRun(status=status, reason=reason, qemu=q, elapsed=q.elapsed(), prefix=hyp.domain_prefix)
        q.log.note("result: %s %s (%.1f s)" % (status, reason, run.elapsed))
        return run


# armvisor's heap line: at boot ("before creating domains") and once the
# last domain is destroyed without a control domain ("no domain running").
MEMORY_RX = r"\(HYP\) Memory: (\d+) of (\d+) pages free \(%s\)"


def require_heap_restored(q, what):
    """Fail q unless the free pages after the last destroy equal those
    before any domain was built; what: how the pages went, for the error."""
    before = q.require(MEMORY_RX % "before creating domains", "the free pages before domains")
    after = q.require(MEMORY_RX % "no domain running", "the free pages after the last destroy")
    assert before.group(2) == after.group(2), "the heap's size changed"
    free_before, free_after = int(before.group(1)), int(after.group(1))
    if free_before != free_after:
        q.fail("%s left %d page(s) missing (free before %d, after %d)" % (what, free_before - free_after, free_before, free_after))
