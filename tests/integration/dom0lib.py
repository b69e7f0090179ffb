"""Boot Debian's Linux as dom0 under a hypervisor, with the dom0 test
initramfs (scripts/mkinitramfs), and read its results.

The boot is the one docs/reference-xen.md describes for Debian's Xen 4.17:
the hypervisor is QEMU's -kernel, and two `-device guest-loader` load the
dom0 kernel (with its command line) and the initramfs as multiboot modules.

    hypervisor -append:  console=dtuart noreboot dom0_mem=<MEM> dom0_max_vcpus=<N>
    dom0 bootargs:       console=hvc0 earlycon=xen rdinit=/init dom0test=1
                         [dom0test_end=reboot]

The initramfs's /init (tools/dom0-tests/init) prints, on dom0's console
(hvc0, which the hypervisor copies to its UART):

    DOM0-INIT: start (...)
    DOM0-CHECK <name> PASS|FAIL <detail>       one per check, EXPECTED_CHECKS
    DOM0-TESTS: done <N> passed <M> failed (...)
    DOM0-INIT: poweroff | reboot

then powers off (`poweroff -f`: the hypervisor halts the machine, QEMU
exits 0) or reboots (`reboot -f`: the hypervisor resets the machine, which
QEMU without -no-reboot turns into a second boot).

Which hypervisors: $DOM0_HYPERVISORS (comma-separated), default "xen,armvisor"
(Debian's Xen 4.17, build/pkgs/xen); "armvisor" uses $ARMVISOR_IMAGE or
build/debug/armvisor. Every QEMU runs under conftest.Qemu (a wall-clock
limit, $DOM0_TIMEOUT s, default 240; the console logged to
build/results/logs/).
"""

import contextlib
import os
import re
import struct
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pexpect
import pytest

import banner
import conftest
import fdt
import guestlib

REPO = Path(__file__).resolve().parents[2]
VMLINUZ = REPO / "build" / "pkgs" / "vmlinuz"
INITRD = REPO / "build" / "dom0" / "initrd.cpio.gz"
VMLINUZ_GZ = REPO / "build" / "dom0" / "vmlinuz.gz"
MKINITRAMFS = REPO / "scripts" / "mkinitramfs"
TIMINGS = conftest.LOG_DIR / "dom0-timings.txt"

# Where the modules go (QEMU puts its DTB at 0x48000000, the hypervisor is
# loaded at 0x40200000). The initramfs goes after the kernel.
KERNEL_ADDR = 0x49000000
INITRD_MIN_ADDR = 0x4C000000

DOM0_BOOTARGS = "console=hvc0 earlycon=xen rdinit=/init dom0test=1"

# QEMU's TCG threading for every dom0 run: "single" (one host thread runs
# all vCPUs in turn) or "multi" (MTTCG, a thread per vCPU; QEMU's default).
# On this project's shared 2-core hosts MTTCG with a 4-vCPU dom0 is ~10x
# slower under load: each broadcast TLB invalidate (TLBI ...IS, which Linux
# issues on every fork, exec and munmap) stops every vCPU thread until all
# have been scheduled; dom0 then needs 5-10 s per fork/exec. Single-threaded
# TCG keeps a whole run near 30 s. $DOM0_TCG_THREAD overrides.
TCG_THREAD = os.environ.get("DOM0_TCG_THREAD", "single")

# Time limits, seconds. TCG on a shared 2-core host is slow and noisy: a
# boot that takes 25 s on a quiet host took 120 s under load.
WALL_TIMEOUT = int(os.environ.get("DOM0_TIMEOUT", "240"))  # one QEMU run
BANNER_TIMEOUT = 60  # QEMU start -> hypervisor banner
KERNEL_TIMEOUT = 90  # -> dom0's kernel prints its first line
INIT_TIMEOUT = WALL_TIMEOUT  # -> "DOM0-INIT: start"
TESTS_TIMEOUT = 150  # "DOM0-INIT: start" -> "DOM0-TESTS: done"
EXIT_TIMEOUT = 60  # "DOM0-TESTS: done" -> QEMU exit / second banner

# Every check /init makes, in order. A missing one fails the test.
MODULES = ["xen-privcmd", "xen-evtchn", "xen-gntdev", "xen-gntalloc", "xenfs"]
DEVICES = ["xen/privcmd", "xen/evtchn", "xen/gntdev", "xen/gntalloc"]
EXPECTED_CHECKS = (
    ["init"]
    + ["module:%s" % m for m in MODULES]
    + ["xenfs", "capabilities", "hypervisor-type", "hypervisor-version"]
    + ["dev:%s" % d for d in DEVICES]
    + ["xen-version", "evtchn-self", "gnt-self", "domctl-build", "dt-hypervisor"]
    + ["xenstored", "xenstore-socket", "xenstore-kernel"]
)

INIT_START_RX = re.compile(r"DOM0-INIT: start\b")
CHECK_RX = re.compile(r"DOM0-CHECK (\S+) (PASS|FAIL) ([^\r\n]*)")
DONE_RX = re.compile(r"DOM0-TESTS: done (\d+) passed (\d+) failed")
REBOOT_RX = re.compile(r"DOM0-INIT: reboot\b")
# The dom0 kernel died, or warned (a hypervisor bug often shows as a kernel
# WARN or Oops first).
KERNEL_PANIC = r"Kernel panic - not syncing[^\r\n]*"
KERNEL_TROUBLE = re.compile(
    r"-+\[ cut here \]-+|Internal error: Oops|Unable to handle kernel|kernel BUG at|BUG: [^\r\n]*",
)
# The dom0 kernel's first line.
LINUX_BANNER = re.compile(r"Booting Linux on physical CPU|Linux version \d")


@dataclass
class Dom0Hypervisor:
    name: str
    image: Path
    cmdline: str  # before dom0_mem= and dom0_max_vcpus=
    banner: str  # regex: the hypervisor's first line (seen again after a reset)
    panic: str  # regex: the hypervisor died
    dom0_crash: str  # regex: the hypervisor saw dom0 crash
    version: str  # regex the version dom0 reads must match (the ABI spoken)
    missing_hint: str
    # Boot once more when the hypervisor hangs before dom0's kernel prints
    # anything (Debian's Xen 4.17 under TCG now and then stalls during its
    # own boot on a loaded host, see guestlib.Hypervisor.retry_boot_stall).
    retry_boot_stall: bool = False


HYPERVISORS = {
    "xen": Dom0Hypervisor(
        name="xen",
        image=guestlib.HYPERVISORS["xen"].image,
        cmdline="console=dtuart noreboot",
        banner=r"\(XEN\) Xen version \d+\.\d+",
        panic=guestlib.HYPERVISORS["xen"].panic,
        dom0_crash=r"\(XEN\) Hardware Dom0 crashed",
        version=r"4\.17",
        missing_hint=guestlib.HYPERVISORS["xen"].missing_hint,
        retry_boot_stall=True,
    ),
    "armvisor": Dom0Hypervisor(
        name="armvisor",
        image=conftest.image_path(),
        cmdline="console=dtuart noreboot",
        banner=banner.BANNER,
        panic=guestlib.HYPERVISORS["armvisor"].panic,
        dom0_crash=r"\(HYP\) (?:Domain 0 \([^\r\n]*\) crashed|Hardware Dom0 crashed)",
        version=r"4\.17",
        missing_hint=guestlib.HYPERVISORS["armvisor"].missing_hint,
    ),
}


def enabled_hypervisors():
    raw = os.environ.get("DOM0_HYPERVISORS", "xen,armvisor")
    names = [h.strip() for h in raw.split(",") if h.strip()]
    unknown = [h for h in names if h not in HYPERVISORS]
    if unknown:
        raise ValueError("DOM0_HYPERVISORS: unknown hypervisor(s) %s" % ", ".join(unknown))
    return names


def build_initramfs():
    """Run scripts/mkinitramfs (builds the test programs too); returns
    (ok, output)."""
    r = subprocess.run(
        ["/usr/bin/python3", str(MKINITRAMFS)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return r.returncode == 0, r.stdout + r.stderr


def mib(size):
    m = re.fullmatch(r"(\d+)([MG])", size)
    if not m:
        raise ValueError("size %r: expected <N>M or <N>G" % size)
    return int(m.group(1)) * (1024 if m.group(2) == "G" else 1)


def module_args(kernel=VMLINUZ, initrd=INITRD, bootargs=DOM0_BOOTARGS):
    """The two guest-loader devices, the initramfs placed after the kernel."""
    end = KERNEL_ADDR + os.path.getsize(kernel)
    initrd_addr = max(INITRD_MIN_ADDR, (end + 0x1FFFFF) & ~0x1FFFFF)
    return [
        "-device",
        # No shell here: quotes would become part of the command line.
        "guest-loader,addr=0x%x,kernel=%s,bootargs=%s" % (KERNEL_ADDR, kernel, bootargs),
        "-device",
        "guest-loader,addr=0x%x,initrd=%s" % (initrd_addr, initrd),
    ]


# ---- gzip-compressed kernel ----


def gzip_kernel(src=VMLINUZ, dst=VMLINUZ_GZ):
    """dst = `gzip -9` of the kernel Image (Debian's arm64 vmlinuz is an
    uncompressed Image; Xen and armvisor both accept a gzipped one). gzip
    stores the file name, so the FNAME header field is exercised too.
    Remade when older than src. Returns dst."""
    dst = Path(dst)
    if not dst.is_file() or dst.stat().st_mtime < Path(src).stat().st_mtime:
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp = dst.with_suffix(".tmp")
        with open(tmp, "wb") as out:
            subprocess.run(["gzip", "-9", "-c", str(src)], stdout=out, check=True, timeout=300)
        tmp.rename(dst)
    with open(dst, "rb") as f:
        if f.read(2) != b"\x1f\x8b":
            raise RuntimeError("%s is not gzip" % dst)
    return dst


# ---- /hypervisor reg: the grant window and the extended regions ----

MIB = 1 << 20
HYP_REG_RX = re.compile(r"cells ([0-9a-f]+) ([0-9a-f]+) reg ([0-9a-f]+)((?: \S+=[0-9a-f]*)*)")


def _cells(hexstr, ac, sc):
    """[(addr, size)] from a reg value in hex, ac and sc cells."""
    width = 8 * (ac + sc)
    out = []
    for i in range(0, len(hexstr) - width + 1, width):
        e = hexstr[i : i + width]
        out.append((int(e[: 8 * ac], 16), int(e[8 * ac :], 16)))
    return out


def parse_hypervisor_check(detail):
    """From the dt-hypervisor check: (grant window, [extended regions],
    [dom0 memory ranges]) as (start, size) pairs."""
    m = HYP_REG_RX.search(detail)
    if not m:
        raise ValueError("dt-hypervisor detail not understood: %r" % detail)
    ac, sc = int(m.group(1), 16), int(m.group(2), 16)
    reg = _cells(m.group(3), ac, sc)
    mem = []
    for item in m.group(4).split():
        mem += _cells(item.split("=", 1)[1], ac, sc)
    return reg[0], reg[1:], mem


def _props(blob):
    """{node path: {property: value bytes}} of a DTB."""
    out = {}
    for kind, path, name, off in fdt.walk(blob):
        if kind == "node":
            out.setdefault(path, {})
        else:
            (length,) = struct.unpack_from(">I", blob, off + 4)
            out.setdefault(path, {})[name] = bytes(blob[off + 12 : off + 12 + length])
    return out


def _num(b):
    return int.from_bytes(b, "big") if b else 0


def _parent(path):
    return path.rsplit("/", 1)[0] or "/"


def _ncells(props, path, name, default):
    v = props.get(path, {}).get(name)
    return _num(v) if v is not None else default


def _translate(props, path, addr):
    """A bus address of path's reg to a CPU address through the parents'
    ranges (None when not memory-mapped)."""
    node = _parent(path)
    while node != "/":
        rng = props[node].get("ranges")
        if rng is None:
            return None
        if rng:
            cac, csc = _ncells(props, node, "#address-cells", 2), _ncells(props, node, "#size-cells", 1)
            pac = _ncells(props, _parent(node), "#address-cells", 2)
            w = 4 * (cac + pac + csc)
            for i in range(0, len(rng) - w + 1, w):
                c = _num(rng[i : i + 4 * cac])
                p = _num(rng[i + 4 * cac : i + 4 * (cac + pac)])
                sz = _num(rng[i + 4 * (cac + pac) : i + w])
                if c <= addr < c + sz:
                    addr = addr - c + p
                    break
            else:
                return None
        node = _parent(node)
    return addr


def host_device_ranges(dtb_path):
    """Every memory-mapped reg (translated) of every host node that is not
    RAM, and PCI host bridge windows: [(start, size, node path)]."""
    props = _props(open(dtb_path, "rb").read())
    out = []
    for path, p in props.items():
        if p.get("device_type") == b"memory\0" or path == "/":
            continue
        par = _parent(path)
        ac, sc = _ncells(props, par, "#address-cells", 2), _ncells(props, par, "#size-cells", 1)
        reg = p.get("reg")
        if reg and ac and sc:
            for i in range(0, len(reg) - 4 * (ac + sc) + 1, 4 * (ac + sc)):
                a = _translate(props, path, _num(reg[i : i + 4 * ac]))
                size = _num(reg[i + 4 * ac : i + 4 * (ac + sc)])
                if a is not None and size:
                    out.append((a, size, path))
        if p.get("device_type") == b"pci\0" and p.get("ranges"):
            cac, csc = _ncells(props, path, "#address-cells", 3), _ncells(props, path, "#size-cells", 2)
            w = 4 * (cac + ac + csc)
            rng = p["ranges"]
            for i in range(0, len(rng) - w + 1, w):
                out.append((_num(rng[i + 4 * cac : i + 4 * (cac + ac)]), _num(rng[i + 4 * (cac + ac) : i + w]), path + " ranges"))
    return out


def _overlap(a, b):
    return a[0] < b[0] + b[1] and b[0] < a[0] + a[1]


def check_hypervisor_reg(detail, host_dtb):
    """Problems with /hypervisor reg as dom0 saw it (empty list: fine):
    a grant window, then at least one extended region; regions 2 MiB
    aligned, >= 64 MiB, sorted and disjoint; none of them overlapping dom0's
    memory or any host device (reg or PCI window). Also returns a summary."""
    gnt, ext, mem = parse_hypervisor_check(detail)
    devices = host_device_ranges(host_dtb)
    bad = []
    if not mem:
        bad.append("no dom0 memory nodes")
    if not ext:
        bad.append("no extended regions")
    for i, r in enumerate(ext):
        if r[0] % (2 * MIB) or r[1] % (2 * MIB):
            bad.append("region %d %#x+%#x not 2 MiB aligned" % (i, r[0], r[1]))
        if r[1] < 64 * MIB:
            bad.append("region %d %#x+%#x under 64 MiB" % (i, r[0], r[1]))
        if i and ext[i - 1][0] + ext[i - 1][1] > r[0]:
            bad.append("regions %d and %d out of order or overlapping" % (i - 1, i))
    for name, r in [("grant window", gnt)] + [("region %d" % i, r) for i, r in enumerate(ext)]:
        for m in mem:
            if _overlap(r, m):
                bad.append("%s %#x+%#x overlaps dom0 memory %#x+%#x" % (name, r[0], r[1], m[0], m[1]))
        for d in devices:
            if _overlap(r, d):
                bad.append("%s %#x+%#x overlaps %s %#x+%#x" % (name, r[0], r[1], d[2], d[0], d[1]))
        if name != "grant window" and _overlap(r, gnt):
            bad.append("%s overlaps the grant window" % name)
    summary = "grant %#x+%#x; extended %s" % (gnt[0], gnt[1], ", ".join("%#x-%#x" % (s, s + z) for s, z in ext) or "none")
    return bad, summary


@dataclass
class Dom0Run:
    """One boot: the QEMU, what was asked, and what dom0 reported."""

    qemu: object
    hyp: Dom0Hypervisor
    gic: int
    vcpus: int
    mem: str
    smp: int
    ram: str = "2G"
    times: dict = field(default_factory=dict)  # stage -> seconds after start

    @property
    def output(self):
        return self.qemu.output

    def fail(self, message):
        __tracebackhide__ = True
        self.qemu.fail("dom0 on %s (GICv%d, %d vCPU(s), dom0_mem=%s): %s" % (self.hyp.name, self.gic, self.vcpus, self.mem, message))

    def mark(self, stage):
        self.times[stage] = self.qemu.elapsed()
        self.qemu.log.note("%s at %.1f s" % (stage, self.times[stage]))

    def expect(self, rx, timeout, what):
        """Wait for rx; fail on timeout, QEMU exit, a hypervisor panic, a
        dom0 crash or a kernel panic."""
        __tracebackhide__ = True
        q = self.qemu
        wait = min(timeout, q._remaining())
        idx = q.child.expect(
            [re.compile(rx) if isinstance(rx, str) else rx, re.compile(self.hyp.panic), re.compile(self.hyp.dom0_crash), re.compile(KERNEL_PANIC), pexpect.EOF, pexpect.TIMEOUT],
            timeout=wait,
        )
        if idx == 0:
            return q.child.match
        if idx in (1, 2, 3):
            q._drain(2)
            self.fail("%s while waiting for %s" % (("the hypervisor panicked", "the hypervisor reports dom0 crashed", "dom0's kernel panicked")[idx - 1], what))
        if idx == 4:
            q._reap()
            self.fail("QEMU %s before %s" % (q.exit_description(), what))
        self.fail("timed out after %.0f s waiting for %s" % (wait, what))

    def expect_exit(self, timeout, what):
        """Wait for QEMU to exit by itself; returns its exit status."""
        __tracebackhide__ = True
        q = self.qemu
        wait = min(timeout, q._remaining())
        idx = q.child.expect([re.compile(self.hyp.panic), re.compile(KERNEL_PANIC), pexpect.EOF, pexpect.TIMEOUT], timeout=wait)
        if idx in (0, 1):
            q._drain(2)
            self.fail("%s while waiting for %s" % (("the hypervisor panicked", "dom0's kernel panicked")[idx], what))
        if idx == 3:
            self.fail("timed out after %.0f s waiting for %s" % (wait, what))
        q._reap()
        return q.exitstatus

    # ---- results ----
    def checks(self):
        """[(name, status, detail)] in the order printed."""
        return [m.groups() for m in CHECK_RX.finditer(self.output)]

    def check(self, name):
        for n, status, detail in self.checks():
            if n == name:
                return status, detail
        return None

    def verify_checks(self):
        """Fail unless every expected check was printed once and passed,
        the summary agrees, dom0 got the vCPUs and memory asked for, and
        the kernel never warned."""
        __tracebackhide__ = True
        got = self.checks()
        names = [c[0] for c in got]
        missing = [n for n in EXPECTED_CHECKS if n not in names]
        dups = sorted({n for n in names if names.count(n) > 1})
        failed = ["%s (%s)" % (n, d) for n, s, d in got if s != "PASS"]
        if failed:
            self.fail("dom0 checks failed: %s" % "; ".join(failed))
        if missing:
            self.fail("dom0 never reported check(s) %s" % ", ".join(missing))
        if dups:
            self.fail("dom0 reported check(s) %s more than once" % ", ".join(dups))
        done = DONE_RX.search(self.output)
        if done is None or int(done.group(1)) != len(got) or int(done.group(2)) != 0:
            self.fail("summary %r does not match the %d passing checks" % (done.group(0) if done else None, len(got)))

        init = self.check("init")[1]
        m = re.search(r"\bcpus (\d+)", init)
        if not m or int(m.group(1)) != self.vcpus:
            self.fail("dom0 sees %s CPU(s), dom0_max_vcpus=%d" % (m.group(1) if m else "?", self.vcpus))
        m = re.search(r"\bmemtotal (\d+) kB", init)
        want_kb = mib(self.mem) * 1024
        # MemTotal is RAM less what the kernel reserves for itself (~7%).
        if not m or not 0.85 * want_kb <= int(m.group(1)) <= want_kb:
            self.fail("dom0 has MemTotal %s kB, dom0_mem=%s (%d kB)" % (m.group(1) if m else "?", self.mem, want_kb))
        ver = self.check("xen-version")[1]
        if not re.search(r"\bXen %s\b" % self.hyp.version, ver):
            self.fail("xen_version says %r, expected %s" % (ver, self.hyp.version))
        trouble = KERNEL_TROUBLE.search(self.output)
        if trouble:
            self.fail("dom0's kernel reported trouble: %r" % trouble.group(0))

    def verify_hypervisor_reg(self, host_dtb):
        """Fail unless /hypervisor reg, as dom0 read it, is sound for the
        host (check_hypervisor_reg). Returns the regions' summary."""
        __tracebackhide__ = True
        got = self.check("dt-hypervisor")
        if got is None:
            self.fail("dom0 never reported the dt-hypervisor check")
        bad, summary = check_hypervisor_reg(got[1], host_dtb)
        self.qemu.log.note("/hypervisor reg: %s" % summary)
        if bad:
            self.fail("/hypervisor reg (%s): %s" % (summary, "; ".join(bad)))
        return summary

    def record_timings(self, test_name):
        stages = " ".join("%s=%.1f" % kv for kv in self.times.items())
        line = "%s %s gic%d vcpus%d smp%d mem%s %s\n" % (test_name, self.hyp.name, self.gic, self.vcpus, self.smp, self.mem, stages)
        TIMINGS.parent.mkdir(parents=True, exist_ok=True)
        with open(TIMINGS, "a") as f:
            f.write(line)
        return line.strip()


def start(hyp, log_path, *, gic=3, vcpus=1, mem="512M", smp=4, ram="2G", end="poweroff", allow_reset=False, wall_timeout=WALL_TIMEOUT, kernel=VMLINUZ):
    """Start QEMU booting hyp with the dom0 kernel and initramfs; returns a
    Dom0Run. allow_reset: no -no-reboot, so a reset boots again."""
    bootargs = DOM0_BOOTARGS
    if end != "poweroff":
        bootargs += " dom0test_end=%s" % end
    append = "%s dom0_mem=%s dom0_max_vcpus=%d" % (hyp.cmdline, mem, vcpus)
    q = conftest.Qemu(
        hyp.image,
        log_path,
        gic=gic,
        smp=smp,
        mem=ram,
        append=append,
        extra=["-accel", "tcg,thread=%s" % TCG_THREAD] + module_args(kernel=kernel, bootargs=bootargs),
        wall_timeout=wall_timeout,
    )
    if allow_reset:
        q.argv.remove("-no-reboot")
    q.start()
    q.log.note("dom0 test: %s, GICv%d, -smp %d (TCG thread=%s), dom0_max_vcpus=%d, dom0_mem=%s, end=%s" % (hyp.name, gic, smp, TCG_THREAD, vcpus, mem, end))
    return Dom0Run(qemu=q, hyp=hyp, gic=gic, vcpus=vcpus, mem=mem, smp=smp, ram=ram)


def boot_to_results(run):
    """Wait for the banner, dom0's /init and the end of its checks.
    Returns True, or False when the hypervisor stalled before dom0's kernel
    printed anything (the caller may boot again: see retry_boot_stall)."""
    __tracebackhide__ = True
    run.expect(run.hyp.banner, BANNER_TIMEOUT, "the hypervisor's banner")
    run.mark("banner")
    try:
        run.expect(LINUX_BANNER, KERNEL_TIMEOUT, "dom0's kernel to start (its first line)")
    except AssertionError:
        if run.hyp.retry_boot_stall and run.qemu.alive():
            return False
        raise
    run.mark("kernel")
    run.expect(INIT_START_RX, INIT_TIMEOUT, "dom0's /init (DOM0-INIT: start)")
    run.mark("init")
    run.expect(DONE_RX, TESTS_TIMEOUT, "the end of dom0's checks (DOM0-TESTS: done)")
    run.mark("done")
    return True


def run_until_results(hyp, log_path, **kw):
    """start() + boot_to_results(), booting once more after a stall of the
    hypervisor itself. Returns the Dom0Run (caller kills its QEMU)."""
    __tracebackhide__ = True
    run = start(hyp, log_path, **kw)
    try:
        if boot_to_results(run):
            return run
    except BaseException:
        run.qemu.kill()
        raise
    run.qemu.log.note("hypervisor stalled before dom0's kernel started: booting again")
    run.qemu.kill()
    log2 = Path(log_path).with_name(Path(log_path).stem + ".retry.log")
    run = start(hyp, log2, **kw)
    try:
        if boot_to_results(run):
            return run
        run.fail("the hypervisor stalled before dom0's kernel started, twice")
    except BaseException:
        run.qemu.kill()
        raise


# dom0 with the toolstack (xenstored, consoled, xl) and a shell on the
# serial console, as scripts/mkinitramfs's /init starts it (xldemo=0: no
# demo domU): the boot shared by test_xl, test_xl_passthrough and
# test_console_input.
TOOLSTACK_BOOTARGS = "console=hvc0 earlycon=xen rdinit=/init xldemo=0"
TOOLSTACK_PROMPT = re.compile(r"dom0:[^\r\n#]*# ")


@contextlib.contextmanager
def toolstack_dom0(hyp_name, log_name, *, smp=2, wall_timeout=900, dtb=None, append=None):
    """A started QEMU (conftest.Qemu) at dom0's shell prompt, killed on
    exit. append: the hypervisor's command line (default: its own plus a
    512 MiB, 2-vCPU dom0)."""
    hyp = HYPERVISORS[hyp_name]
    if not hyp.image.is_file():
        pytest.fail("%s not found: %s" % (hyp.image, hyp.missing_hint), pytrace=False)
    ok, out = build_initramfs()
    if not ok:
        pytest.fail("mkinitramfs failed:\n%s" % out, pytrace=False)
    q = conftest.Qemu(
        hyp.image,
        conftest.LOG_DIR / log_name,
        gic=3,
        smp=smp,
        mem="2G",
        append=append or "%s dom0_mem=512M dom0_max_vcpus=2" % hyp.cmdline,
        dtb=dtb,
        extra=["-accel", "tcg,thread=%s" % TCG_THREAD] + module_args(bootargs=TOOLSTACK_BOOTARGS),
        wall_timeout=wall_timeout,
    )
    q.start()
    try:
        q.expect(r"DOM0-INIT: toolstack started", timeout=300, what="dom0's toolstack to start")
        q.expect(TOOLSTACK_PROMPT, timeout=120, what="dom0's shell")
        yield q
    finally:
        q.kill()
