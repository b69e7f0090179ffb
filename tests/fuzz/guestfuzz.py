"""Boot the fuzz-hypercall guest (domain 1) and its fuzz-heartbeat partner
(domain 2) with a chosen seed, and judge the run.

Used by tests/fuzz/run-guest-fuzz (make fuzz) and
tests/integration/test_guest_fuzz.py (make check: a few random seeds).
The default seed also runs in the ordinary guest tests
(tests/integration/test_guests.py); this adds any seed, passed in the
domain's bootargs ("fuzz.seed=0x..."), so no rebuild.

A run passes when
  - the hypervisor never panics (its panic patterns, guestlib.HYPERVISORS);
  - domain 1 ends with "Test result: SUCCESS", or was crashed cleanly by
    the hypervisor (reported, accepted: a domain may be killed for what it
    did, as long as nothing else is);
  - domain 2's heartbeat goes on: a "heartbeat N" line after domain 1 is
    done, and no "STALLED" line;
  - everything happens within the time limit (no hang).
Anything else fails, with the seed to reproduce it:
  tests/fuzz/run-guest-fuzz --seeds 0x<seed> --gic N --smp N
"""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pexpect

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "tests" / "integration"))

import conftest  # noqa: E402
import guestlib  # noqa: E402

FUZZER = "fuzz-hypercall"
PARTNER = "fuzz-heartbeat"
RESULT_TIMEOUT = 90  # s from QEMU start to domain 1's result
SETTLE = 2.5  # s to read on after it: the heartbeat must still beat


class Verdict:
    def __init__(self, ok, what, seed, hyp, gic, smp, log, elapsed):
        self.ok, self.what, self.seed = ok, what, seed
        self.hyp, self.gic, self.smp = hyp, gic, smp
        self.log, self.elapsed = log, elapsed

    @property
    def name(self):
        return "seed 0x%x %s gic%d smp%d" % (self.seed, self.hyp, self.gic, self.smp)

    def reproduce(self):
        return "tests/fuzz/run-guest-fuzz --hyp %s --seeds 0x%x --gic %d --smp %d" % (self.hyp, self.seed, self.gic, self.smp)


def build_guests():
    ok, out = guestlib.build_guests()
    if not ok:
        raise RuntimeError("building the guests failed:\n" + out[-3000:])


def _host_dtb(tmpdir, hyp, gic, smp, bootargs):
    board = tmpdir / ("board-gic%d-smp%d.dtb" % (gic, smp))
    if not board.exists():
        conftest.dump_dtb(board, gic=gic, smp=smp, mem="1G", cpu="cortex-a57")
    out = tmpdir / ("host-%s-gic%d-smp%d.dtb" % (hyp.name, gic, smp))
    fz, hb = guestlib.load_test(FUZZER), guestlib.load_test(PARTNER)
    argv = [str(guestlib.MKDOMU_DTB), "--board", str(board), "--out", str(out), "--bootargs", hyp.bootargs]
    loads = []
    for i, (t, args) in enumerate(((fz, bootargs), (hb, None))):
        addr = guestlib.LOAD_BASE + i * guestlib.LOAD_STRIDE
        spec = "kernel=%s,addr=0x%x,cpus=%d,memory=%d" % (t.image, addr, t.vcpus, t.memory_mb)
        if args:
            spec += ",bootargs=%s" % args
        argv += ["--domain", spec]
        loads.append((addr, t.image))
    r = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    if r.returncode:
        raise RuntimeError("mkdomu-dtb failed: %s" % (r.stderr or r.stdout))
    return out, loads


def run_seed(seed, hyp_name="armvisor", gic=3, smp=1, tmpdir=None, log_path=None, extra_args="", timeout=RESULT_TIMEOUT):
    """Boot one fuzz run; returns a Verdict."""
    hyp = guestlib.HYPERVISORS[hyp_name]
    tmpdir = Path(tmpdir or (REPO / "build" / "fuzz" / "guest"))
    tmpdir.mkdir(parents=True, exist_ok=True)
    log_path = Path(log_path or (conftest.LOG_DIR / ("fuzz-guest-%x-%s-gic%d-smp%d.log" % (seed, hyp_name, gic, smp))))
    bootargs = ("fuzz.seed=0x%x %s" % (seed, extra_args)).strip()
    dtb, loads = _host_dtb(tmpdir, hyp, gic, smp, bootargs)
    extra = []
    for addr, image in loads:
        extra += ["-device", "loader,file=%s,addr=0x%x,force-raw=on" % (image, addr)]
    q = conftest.Qemu(hyp.image, log_path, gic=gic, smp=smp, mem="1G", append=None, dtb=dtb, extra=extra, wall_timeout=timeout + SETTLE + 10)
    q.start()
    try:
        return _judge(q, hyp, seed, gic, smp, timeout, log_path)
    finally:
        q.kill()


def _lines(q, hyp, domid):
    rx = re.compile(hyp.domain_prefix.replace("%d", str(domid)))
    out = []
    for line in q.output.splitlines():
        m = rx.search(line)
        if m:
            out.append(line[m.end() :])
    return out


def _judge(q, hyp, seed, gic, smp, timeout, log_path):
    p1 = hyp.domain_prefix.replace("%d", "1")
    result_rx = re.compile(p1 + r"Test result: (\w+)")
    panic_rx = re.compile(hyp.panic)
    crash_rx = re.compile(hyp.domain_crash.replace("%d", "1"))
    v = lambda ok, what: Verdict(ok, what, seed, hyp.name, gic, smp, log_path, q.elapsed())  # noqa: E731
    idx = q.child.expect([result_rx, panic_rx, crash_rx, pexpect.EOF, pexpect.TIMEOUT], timeout=timeout)
    if idx == 1:
        q._drain(2)
        return v(False, "the hypervisor panicked")
    if idx == 3:
        q._reap()
        return v(False, "QEMU %s before domain 1 finished" % q.exit_description())
    if idx == 4:
        return v(False, "no result from domain 1 within %d s (hang?)" % timeout)
    status = q.child.match.group(1) if idx == 0 else "CRASHED"
    beat = re.compile(r"heartbeat \d+:")
    beats_before = len([l for l in _lines(q, hyp, 2) if beat.match(l)])
    q._drain(SETTLE)
    if panic_rx.search(q.output):
        return v(False, "the hypervisor panicked after domain 1 finished")
    hb = _lines(q, hyp, 2)
    if any("STALLED" in l for l in hb):
        return v(False, "domain 2 stalled: %s" % next(l for l in hb if "STALLED" in l))
    if len([l for l in hb if beat.match(l)]) <= beats_before:
        return v(False, "domain 2's heartbeat stopped (no beat in the %.1f s after domain 1 finished)" % SETTLE)
    if status == "CRASHED":
        return v(True, "domain 1 was crashed cleanly by the hypervisor (accepted); domain 2 beats on")
    if status != "SUCCESS":
        fails = [l for l in _lines(q, hyp, 1) if l.startswith("FAIL") or "UNEXPECTED" in l]
        return v(False, "domain 1: Test result: %s%s" % (status, (" -- " + fails[0]) if fails else ""))
    stats = [l for l in _lines(q, hyp, 1) if l.startswith("fuzz: ") and "operations in" in l]
    return v(True, "SUCCESS%s" % ((", " + stats[-1][len("fuzz: ") :]) if stats else ""))


CONFIGS = [(3, 1), (2, 4), (3, 2), (2, 1), (3, 4), (2, 2)]


def random_seed():
    return int.from_bytes(os.urandom(8), "little") or 1


def campaign(seconds, hyp_name="armvisor", seeds=None, configs=None, log=print, extra_args=""):
    """Run seeds (random ones when None) until `seconds` pass; returns
    the list of Verdicts."""
    configs = configs or CONFIGS
    end = time.monotonic() + seconds
    out = []
    i = 0
    while True:
        if seeds is not None:
            if i >= len(seeds):
                break
            seed = seeds[i]
        elif i and time.monotonic() >= end:
            break
        else:
            seed = random_seed()
        gic, smp = configs[i % len(configs)]
        verdict = run_seed(seed, hyp_name, gic, smp, extra_args=extra_args)
        log("fuzz-guest: %-48s %s: %s (%.0f s)" % (verdict.name, "ok" if verdict.ok else "FAILED", verdict.what, verdict.elapsed))
        if not verdict.ok:
            log("  reproduce: %s\n  log: %s" % (verdict.reproduce(), verdict.log))
        out.append(verdict)
        i += 1
    return out
