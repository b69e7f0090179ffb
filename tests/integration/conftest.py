"""pytest harness for booting armvisor in QEMU.

Fixtures:
  qemu       factory: qemu(gic=3, cpu=..., smp=..., mem=..., append=...,
             dtb=..., virtualization=True, extra=[...]) -> started Qemu
  image      path of the hypervisor image (env ARMVISOR_IMAGE, default
             build/debug/armvisor); the test FAILS if it does not exist.

Every QEMU runs under `timeout` (a hard wall-clock limit), with -no-reboot,
its serial output logged to build/results/logs/<test-name>.log, and is killed
when the test ends. Each test also has a hard SIGALRM limit.
"""

import os
import re
import shlex
import signal
import subprocess
import time
from pathlib import Path

import pexpect
import pytest

import banner

REPO = Path(__file__).resolve().parents[2]
LOG_DIR = REPO / "build" / "results" / "logs"
QEMU_BIN = os.environ.get("QEMU", "qemu-system-aarch64")
DEFAULT_APPEND = "console=dtuart"
DEFAULT_EXPECT_TIMEOUT = 30  # seconds, one expect() step
DEFAULT_WALL_TIMEOUT = 60  # seconds, a whole QEMU run
TEST_HARD_LIMIT = int(os.environ.get("ARMVISOR_TEST_LIMIT", "300"))  # one test
TAIL_LINES = 40

_PANIC_RX = re.compile(banner.PANIC, re.MULTILINE)


def image_path():
    """ARMVISOR_IMAGE (a relative path that does not exist from the current
    directory is taken from the repository root), else build/debug/armvisor."""
    path = Path(os.environ.get("ARMVISOR_IMAGE") or REPO / "build" / "debug" / "armvisor")
    if not path.is_absolute() and not path.exists():
        path = REPO / path
    return path


def machine_args(gic=3, cpu="cortex-a57", smp=2, mem="2G", virtualization=True, machine_extra=""):
    """QEMU arguments describing the board (shared by boots and DTB dumps)."""
    m = "virt,virtualization=%s,gic-version=%s" % ("on" if virtualization else "off", gic)
    if machine_extra:
        m += "," + machine_extra
    return ["-M", m, "-cpu", cpu, "-smp", str(smp), "-m", str(mem)]


def _compile(pattern):
    if isinstance(pattern, re.Pattern):
        return pattern
    return re.compile(pattern, re.MULTILINE)


class _Log:
    """pexpect logfile_read sink: keeps the text and writes it to a file."""

    def __init__(self, path):
        self.chunks = []
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.file = open(path, "w", encoding="utf-8", errors="replace")

    def note(self, text):
        self.file.write("#### %s\n" % text)
        self.file.flush()

    def write(self, s):
        self.chunks.append(s)
        self.file.write(s.replace("\r", ""))

    def flush(self):
        self.file.flush()

    def close(self):
        if not self.file.closed:
            self.file.close()

    def text(self):
        return "".join(self.chunks).replace("\r", "")


class Qemu:
    """One QEMU boot of the hypervisor, driven with pexpect."""

    def __init__(
        self,
        image,
        log_path,
        *,
        gic=3,
        cpu="cortex-a57",
        smp=2,
        mem="2G",
        append=DEFAULT_APPEND,
        dtb=None,
        virtualization=True,
        machine_extra="",
        extra=(),
        wall_timeout=DEFAULT_WALL_TIMEOUT,
    ):
        self.image = Path(image)
        self.gic, self.cpu, self.smp, self.mem = gic, cpu, smp, mem
        self.append, self.dtb = append, dtb
        self.virtualization = virtualization
        self.wall_timeout = wall_timeout
        self.argv = [QEMU_BIN] + machine_args(gic, cpu, smp, mem, virtualization, machine_extra)
        self.argv += ["-display", "none", "-monitor", "none", "-serial", "stdio"]
        self.argv += ["-no-reboot", "-kernel", str(image)]
        if append is not None:
            self.argv += ["-append", append]
        if dtb is not None:
            self.argv += ["-dtb", str(dtb)]
        self.argv += [str(a) for a in extra]
        self.log = _Log(Path(log_path))
        self.child = None
        self.exitstatus = None
        self.signalstatus = None
        self.start_time = None

    # ---- lifecycle ----
    def start(self):
        # `timeout` is the hard wall-clock limit even if this process dies;
        # it sends SIGTERM, then SIGKILL 5 s later.
        cmd = ["timeout", "-k", "5", str(self.wall_timeout)] + self.argv
        self.log.note("command: " + shlex.join(self.argv))
        self.log.note("wall-clock limit: %d s" % self.wall_timeout)
        self.start_time = time.monotonic()
        self.child = pexpect.spawn(
            cmd[0],
            cmd[1:],
            encoding="utf-8",
            codec_errors="replace",
            echo=False,
            dimensions=(50, 250),
            timeout=DEFAULT_EXPECT_TIMEOUT,
            env=dict(os.environ, TERM="dumb"),
        )
        self.child.logfile_read = self.log
        return self

    def elapsed(self):
        return time.monotonic() - self.start_time

    def _remaining(self):
        # The wall-clock limit (+ the kill grace) bounds every wait.
        return max(1.0, self.wall_timeout + 7 - self.elapsed())

    def alive(self):
        return self.child is not None and self.child.isalive()

    def kill(self):
        """Make sure QEMU is gone; idempotent."""
        if self.child is None:
            return
        if self.child.isalive():
            try:
                os.killpg(self.child.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            try:
                self.child.terminate(force=True)
            except Exception:
                pass
        self._reap()
        if self.exitstatus is not None or self.signalstatus is not None:
            self.log.note("QEMU %s after %.1f s" % (self.exit_description(), self.elapsed()))
        self.log.close()

    def _reap(self):
        if self.child is None or self.exitstatus is not None or self.signalstatus is not None:
            return
        try:
            self.child.close(force=True)
        except Exception:
            pass
        self.exitstatus = self.child.exitstatus
        self.signalstatus = self.child.signalstatus

    def exit_description(self):
        if self.signalstatus is not None:
            return "killed by signal %d" % self.signalstatus
        if self.exitstatus == 124:
            return "killed at its %d s wall-clock limit (exit 124)" % self.wall_timeout
        return "exited with status %s" % self.exitstatus

    # ---- output ----
    @property
    def output(self):
        """Everything read from the serial console so far, '\\r' removed."""
        return self.log.text()

    def tail(self, n=TAIL_LINES):
        lines = self.output.splitlines()
        return "\n".join(lines[-n:]) if lines else "(no output at all)"

    def fail(self, message):
        __tracebackhide__ = True
        raise AssertionError(
            "%s\n[%.1f s after start; full log: %s]\n"
            "---- last %d lines of the serial console ----\n%s\n"
            "---- end of console ----" % (message, self.elapsed(), self.log.path, TAIL_LINES, self.tail())
        )

    def settle(self, seconds=1.0):
        """Keep reading for `seconds` (or until QEMU exits), e.g. to catch a
        backtrace or to see that nothing more is printed."""
        self._drain(seconds)

    def _drain(self, seconds):
        try:
            self.child.expect([pexpect.EOF, pexpect.TIMEOUT], timeout=seconds)
        except Exception:
            pass

    # ---- waiting ----
    def expect(self, pattern, timeout=DEFAULT_EXPECT_TIMEOUT, what=None):
        """Wait for `pattern` (regex, MULTILINE) in output not yet consumed.

        Returns the re.Match. Fails (AssertionError with the console tail) on
        timeout, on QEMU exiting first, or on a hypervisor panic."""
        __tracebackhide__ = True
        rx = _compile(pattern)
        what = what or "/%s/" % rx.pattern
        wait = min(timeout, self._remaining())
        idx = self.child.expect([rx, _PANIC_RX, pexpect.EOF, pexpect.TIMEOUT], timeout=wait)
        if idx == 0:
            return self.child.match
        if idx == 1:
            self._drain(2)
            self.fail("hypervisor crashed while waiting for %s" % what)
        if idx == 2:
            self._reap()
            self.fail("QEMU %s before %s appeared" % (self.exit_description(), what))
        self.fail("timed out after %.0f s waiting for %s" % (wait, what))

    def expect_exit(self, timeout=DEFAULT_EXPECT_TIMEOUT, what="QEMU to exit"):
        """Wait for QEMU to exit; return its exit status (None if signalled)."""
        __tracebackhide__ = True
        wait = min(timeout, self._remaining())
        idx = self.child.expect([_PANIC_RX, pexpect.EOF, pexpect.TIMEOUT], timeout=wait)
        if idx == 0:
            self._drain(2)
            self.fail("hypervisor crashed while waiting for %s" % what)
        if idx == 2:
            self.fail("timed out after %.0f s waiting for %s" % (wait, what))
        self._reap()
        return self.exitstatus

    def expect_poweroff(self, timeout=DEFAULT_EXPECT_TIMEOUT):
        """Wait for the guest-initiated power-off: QEMU exits with status 0."""
        __tracebackhide__ = True
        status = self.expect_exit(timeout, what="power-off (QEMU exiting)")
        if status != 0:
            self.fail("expected a clean power-off (exit 0) but QEMU %s" % self.exit_description())

    # ---- checks on everything printed so far ----
    def search(self, pattern):
        return _compile(pattern).search(self.output)

    def findall(self, pattern):
        return list(_compile(pattern).finditer(self.output))

    def require(self, pattern, what=None):
        """re.Match of `pattern` anywhere in the output so far, or fail."""
        __tracebackhide__ = True
        m = self.search(pattern)
        if m is None:
            self.fail("console never showed %s" % (what or "/%s/" % _compile(pattern).pattern))
        return m


def _log_name(nodeid_name):
    return re.sub(r"[^A-Za-z0-9_.=+-]+", "_", nodeid_name).strip("_") or "test"


@pytest.fixture
def image():
    path = image_path()
    if not path.is_file():
        pytest.fail(
            "hypervisor image %s not found: build it first (make FLAVOUR=debug all; "
            "make check does this) or set ARMVISOR_IMAGE" % path,
            pytrace=False,
        )
    return path


@pytest.fixture
def qemu(request, image):
    """Factory fixture: qemu(**options) starts a Qemu and returns it. Every
    QEMU it started is killed when the test ends."""
    started = []
    base = _log_name(request.node.name)

    def start(**options):
        n = len(started) + 1
        log = LOG_DIR / ("%s.log" % base if n == 1 else "%s.%d.log" % (base, n))
        q = Qemu(options.pop("image", image), log, **options)
        started.append(q)
        return q.start()

    yield start
    for q in started:
        q.kill()


@pytest.fixture(autouse=True)
def _hard_time_limit(request):
    """Last-resort per-test limit, in case something hangs outside pexpect."""

    def on_alarm(signum, frame):
        pytest.fail("test exceeded the hard limit of %d s" % TEST_HARD_LIMIT, pytrace=False)

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(TEST_HARD_LIMIT)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


# ---- device tree helpers (dtc, fdtput and fdtget come with device-tree-compiler) ----


def dump_dtb(path, **machine):
    """Write QEMU's generated DTB for the board `machine` (keyword arguments
    of machine_args) to `path` and return the path."""
    path = Path(path)
    opts = dict(machine)
    extra = opts.pop("machine_extra", "")
    opts["machine_extra"] = ",".join(x for x in (extra, "dumpdtb=%s" % path) if x)
    argv = [QEMU_BIN] + machine_args(**opts) + ["-display", "none", "-monitor", "none", "-serial", "none"]
    r = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    if r.returncode != 0 or not path.is_file():
        raise RuntimeError("QEMU DTB dump failed (%s): %s" % (shlex.join(argv), r.stderr.strip()))
    return path


def _run_tool(argv, **kw):
    r = subprocess.run([str(a) for a in argv], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, **kw)
    if r.returncode != 0:
        raise RuntimeError("%s failed: %s" % (shlex.join(str(a) for a in argv), r.stderr.strip()))
    return r.stdout


def dtb_to_dts(dtb):
    """Decompile a DTB to DTS source text."""
    return _run_tool(["dtc", "-q", "-I", "dtb", "-O", "dts", dtb])


def dts_to_dtb(dts_text, path):
    """Compile DTS source text to a DTB at `path`."""
    path = Path(path)
    r = subprocess.run(
        ["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", str(path), "-"],
        input=dts_text,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if r.returncode != 0:
        raise RuntimeError("dtc failed: %s" % r.stderr.strip())
    return path


def fdtput(dtb, node, prop, *values, type_="s"):
    """Set a property in place (fdtput -t TYPE). TYPE as fdtput: s, i, u, x,
    bx (bytes), hx (16-bit), ...; values are strings or numbers."""
    _run_tool(["fdtput", "-t", type_, dtb, node, prop] + [str(v) for v in values])


def fdtput_delete_node(dtb, node):
    _run_tool(["fdtput", "-r", dtb, node])


def fdtget(dtb, node, prop, type_=None):
    argv = ["fdtget"] + (["-t", type_] if type_ else []) + [dtb, node, prop]
    return _run_tool(argv).strip()
