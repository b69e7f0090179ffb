"""Toolstack tests: our xl, consoled and xenstored in dom0 create, list,
attach to, restart and destroy unmodified Linux domUs.

One QEMU per hypervisor (module-scoped): the hypervisor with Debian's
Linux as dom0 and the dom0 initramfs (scripts/mkinitramfs: xl, consoled,
xenstored and the demo domU, /etc/xen/demo.cfg with
/etc/xen/domu/{Image,initrd.cpio.gz}). dom0's /init starts the daemons
and gives a shell on the serial console (xldemo=0: no demo domU yet); the
tests type commands there, in this order (each leaves no domU behind):

  create_console   `xl create -c` reaches the domU's /init and shell on
                   hvc0; Ctrl-] gives dom0's shell back
  list             `xl list`: Domain-0 and the domU, right memory, vCPUs
                   and state; `xl domid`/`domname` agree
  console          `xl console` attaches (a command typed in the domU
                   answers), Ctrl-] detaches
  vcpu_pin         `xl vcpu-pin` moves a vCPU, `xl vcpu-list` shows it
  reboot           `reboot -f` in the domU: on_reboot="restart" brings it
                   back under a new domid, through /init again
  poweroff         `poweroff -f` in the domU: on_poweroff="destroy" ends it
  shutdown         xenstore holds the domain's entries (name, console,
                   store, control written back by the guest); `xl reboot`
                   restarts it and `xl shutdown -w` ends it, both through
                   the guest's control/shutdown watch
  crash            a domU panics (sysrq c): dom0 carries on, the domU is
                   still listed (Linux on Arm has no Xen panic notifier:
                   it spins, or if the hypervisor sees it crash, it is
                   kept as on_crash="preserve" says, state s and c), and
                   `xl destroy` removes it
  destroy_memory   `xl destroy` gives back every page (`xl info`
                   free_memory before = after)
  cycles           create/destroy 20 times: nothing leaks
  four_domus       four domUs at once on two pCPUs, each reaches /init
  disk             disk = [file image as xvda rw, a loop device as
                   phy xvdb ro]: a bad target fails naming the entry;
                   `xl block-list` and the backend's keys; the domU reads
                   dom0's patterns and 2 MiB (md5) from /dev/xvda and
                   /dev/xvdb (xen-blkfront/xen-blkback), cannot write
                   xvdb, writes xvda; after `reboot -f` the restarted
                   domU reads its write back; after `xl destroy` dom0
                   sees the writes in the image, the loop devices are
                   free, the backends gone, free memory as before
  vif              vif = [mac, bridge=xenbr0], two vCPUs: a missing bridge
                   fails naming the entry; vif<domid>.0 joins xenbr0,
                   `xl network-list` shows the mac, dom0 (10.99.0.1 on
                   xenbr0) and the domU (10.99.0.2 on eth0) ping each
                   other and fetch 2 MiB from each other's busybox httpd
                   (md5; xen-netfront/xen-netback); `xl destroy` removes
                   the vif, the backends, and gives the memory back
  gzip_kernel      a gzip'd Image (made in dom0) boots; truncated, corrupt
                   and too large ones are refused by name, no domain left
  vuart            vuart = "sbsa_uart": ttyAMA0 output in the vuart's log,
                   `xl console -t vuart` answers
  sched_credit2    `xl sched-credit2` columns as Xen's xl; -w/-c set what
                   getinfo then reports; bad values refused
  sched_cap_guest  a spinning domU under cap 10 runs far less (loose bound)

Hypervisors: $XL_HYPERVISORS (comma-separated); default "armvisor" in
`make check` and "xen,armvisor" in `make check-long` (CHECK_LONG=1): Debian's
Xen 4.17 is the reference (our xl speaking Xen's ABI there is the proof that
it uses it right), armvisor the system under test.
"""

import os
import re
import signal
import time

import pytest

import conftest
import dom0lib

SMP = 2
PROMPT = dom0lib.TOOLSTACK_PROMPT
DOMU_PROMPT = re.compile(r"domU:[^\r\n#]*# ")
DOMU_INIT = re.compile(r"DOMU-INIT: start \(kernel [^,]+, cpus (\d+), memtotal (\d+) kB")
CTRL_RB = "\x1d"  # Ctrl-]: detach from a console
BOOTARGS = dom0lib.TOOLSTACK_BOOTARGS
WALL = int(os.environ.get("XL_TIMEOUT", "2400"))  # the whole module's QEMU
CMD_TIMEOUT = 120
DOMU_BOOT_TIMEOUT = 240  # xl create -> domU's /init, TCG on a loaded host
CYCLES = 20  # the count, in make check too (~4 s a cycle on armvisor)


def hypervisors():
    # make check: armvisor (the system under test); check-long adds Xen 4.17,
    # where the same module takes 3-5 min more on a loaded 2-core machine.
    default = "xen,armvisor" if os.environ.get("CHECK_LONG") == "1" else "armvisor"
    raw = os.environ.get("XL_HYPERVISORS", default)
    return [h.strip() for h in raw.split(",") if h.strip()]


class Dom0Shell:
    """dom0's shell on the serial console of one QEMU."""

    def __init__(self, q, chunked=False):
        self.q = q
        self.n = 0
        self.chunked = chunked

    def fail(self, msg):
        __tracebackhide__ = True
        self.q.fail(msg)

    def send(self, text):
        self.q.child.send(text)

    def sendline(self, line):
        """Type a line; on Xen in chunks: Xen 4.17 keeps 128 bytes of
        console input dom0 has not read yet and drops the rest of a burst
        (test_console_input.py), armvisor keeps a whole line."""
        if not self.chunked:
            self.q.child.send(line + "\r")
            return
        for i in range(0, len(line), 48):
            self.q.child.send(line[i : i + 48])
            time.sleep(0.05)
        self.q.child.send("\r")

    def run(self, cmd, timeout=CMD_TIMEOUT, ok=True):
        """Run cmd in dom0's shell; returns (status, output lines)."""
        __tracebackhide__ = True
        self.n += 1
        tag = "XLT%d" % self.n
        # The marker is printed by the shell, so the echoed command line
        # (which holds "$?" unexpanded) never matches it.
        self.sendline("%s; echo %s-rc=$?-end" % (cmd, tag))
        m = self.q.expect(r"%s-rc=(\d+)-end" % tag, timeout=timeout, what="`%s` to finish" % cmd)
        out = self.q.child.before.replace("\r", "")
        self.q.expect(PROMPT, timeout=30, what="dom0's prompt")
        rc = int(m.group(1))
        # Skip the echoed command line. The terminal may have wrapped it
        # anywhere, even inside its unexpanded "$?-end", so match that tail
        # with line breaks allowed between its characters.
        echoes = list(re.finditer(r"\$\s*\?\s*-\s*e\s*n\s*d", out))
        if echoes:
            out = out[echoes[-1].end() :]
        lines = [l for l in out.split("\n")[1:] if not l.startswith("(XEN)") and not l.startswith("(HYP)")]
        if ok and rc != 0:
            self.fail("`%s` exited %d:\n%s" % (cmd, rc, "\n".join(lines)))
        return rc, lines

    def out(self, cmd, **kw):
        return "\n".join(self.run(cmd, **kw)[1])

    def recover(self):
        """Back at dom0's prompt, whatever the last test left."""
        self.send(CTRL_RB)
        time.sleep(0.5)
        self.sendline("")
        self.q.expect(PROMPT, timeout=60, what="dom0's prompt")

    def reset(self):
        """recover(), and destroy the domUs a failed test left behind
        (they would fail the next test too)."""
        self.recover()
        for name, (domid, _, _, _) in self.domains().items():
            if domid != 0:
                self.run("xl destroy %d" % domid, ok=False)

    def domains(self):
        """{name: (id, mem, vcpus, state)} from `xl list`."""
        doms = {}
        for line in self.run("xl list")[1]:
            m = re.match(r"(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+([-rbpscd]{6})\s+[\d.]+\s*$", line)
            if m:
                doms[m.group(1)] = (int(m.group(2)), int(m.group(3)), int(m.group(4)), m.group(5))
        return doms

    def free_mb(self):
        m = re.search(r"^free_memory\s*:\s*(\d+)", self.out("xl info"), re.M)
        if not m:
            self.fail("xl info printed no free_memory")
        return int(m.group(1))

    def wait_gone(self, name, timeout=60):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if name not in self.domains():
                return
            time.sleep(2)
        self.fail("domain %s still listed after %d s" % (name, timeout))

    def log_count(self, name, rx):
        text = self.out("cat /var/log/xen/console/guest-%s.log 2>/dev/null || true" % name)
        return len(re.findall(rx, text))

    def wait_log(self, name, rx, count=None, timeout=DOMU_BOOT_TIMEOUT):
        """Wait until the domU's console log has rx count times (default:
        once more than when the log was truncated by create())."""
        end = time.monotonic() + timeout
        text = ""
        count = count or 1
        while time.monotonic() < end:
            text = self.out("cat /var/log/xen/console/guest-%s.log 2>/dev/null || true" % name)
            if len(re.findall(rx, text)) >= count:
                return text
            time.sleep(3)
        self.fail("domain %s's console never showed %r %d time(s); its log ends:\n%s" % (name, rx, count, text[-2000:]))


@pytest.fixture(scope="module", params=hypervisors())
def dom0(request):
    with dom0lib.toolstack_dom0(request.param, "test_xl-%s.log" % request.param, smp=SMP, wall_timeout=WALL) as q:
        sh = Dom0Shell(q, chunked=request.param == "xen")
        # Kernel messages would split the lines the tests read.
        sh.run("dmesg -n 1")
        yield sh


def create(sh, name="demo", extra=""):
    # A fresh console log per test (consoled appends).
    sh.run("rm -f /var/log/xen/console/guest-%s.log" % name)
    sh.run("xl create /etc/xen/demo.cfg 'name=\"%s\"' %s" % (name, extra), timeout=180)


def test_create_console(dom0):
    sh = dom0
    sh.reset()
    sh.sendline("xl create -c /etc/xen/demo.cfg")
    m = sh.q.expect(DOMU_INIT, timeout=DOMU_BOOT_TIMEOUT, what="the domU's /init on hvc0")
    assert int(m.group(1)) == 1, "domU sees %s CPUs, config says 1" % m.group(1)
    assert 90000 < int(m.group(2)) <= 131072, "domU MemTotal %s kB for memory=128" % m.group(2)
    sh.q.expect(DOMU_PROMPT, timeout=60, what="the domU's shell prompt")
    sh.send(CTRL_RB)
    sh.q.expect(PROMPT, timeout=30, what="dom0's prompt after Ctrl-]")
    sh.run("xl destroy demo")
    sh.wait_gone("demo")


def test_list(dom0):
    sh = dom0
    sh.reset()
    create(sh)
    doms = sh.domains()
    assert "Domain-0" in doms and doms["Domain-0"][0] == 0, doms
    assert doms["Domain-0"][2] == 2, "Domain-0 has %d vCPUs, dom0_max_vcpus=2" % doms["Domain-0"][2]
    assert 500 <= doms["Domain-0"][1] <= 512, doms
    assert "demo" in doms, doms
    domid, mem, vcpus, state = doms["demo"]
    assert domid > 0 and mem == 128 and vcpus == 1, doms["demo"]
    assert state[2:] == "----", "demo state %s: paused, shut down or dying" % state
    assert sh.out("xl domid demo").strip() == str(domid)
    assert sh.out("xl domname %d" % domid).strip() == "demo"
    sh.run("xl destroy demo")
    sh.wait_gone("demo")


def test_console(dom0):
    sh = dom0
    sh.reset()
    create(sh)
    sh.wait_log("demo", r"domU:[^\n#]*# ")
    sh.sendline("xl console demo")
    time.sleep(2)
    sh.sendline("echo console-$((6*7))-works")
    sh.q.expect(r"console-42-works", timeout=60, what="the domU to answer on its console")
    sh.send(CTRL_RB)
    sh.q.expect(PROMPT, timeout=30, what="dom0's prompt after Ctrl-]")
    assert "demo" in sh.domains(), "detaching the console ended the domain"
    sh.run("xl destroy demo")
    sh.wait_gone("demo")


def test_vcpu_pin(dom0):
    sh = dom0
    sh.reset()
    create(sh, extra="vcpus=2")
    sh.wait_log("demo", DOMU_INIT.pattern)
    for cpu in (1, 0):
        sh.run("xl vcpu-pin demo 0 %d" % cpu)
        time.sleep(3)
        lines = [l for l in sh.run("xl vcpu-list demo")[1] if l.startswith("demo ")]
        rows = [l.split() for l in lines]
        assert len(rows) == 2, lines
        vcpu0 = [r for r in rows if r[2] == "0"][0]
        assert vcpu0[-3] == str(cpu), "vCPU 0 hard affinity %r after vcpu-pin to %d" % (vcpu0[-3], cpu)
        if vcpu0[3] != "-":
            assert vcpu0[3] == str(cpu), "vCPU 0 runs on CPU %s after vcpu-pin to %d" % (vcpu0[3], cpu)
    sh.run("xl destroy demo")
    sh.wait_gone("demo")


def _domu_command(sh, name, cmd):
    sh.sendline("xl console %s" % name)
    time.sleep(2)
    sh.sendline("")
    sh.q.expect(DOMU_PROMPT, timeout=60, what="the domU's prompt")
    sh.sendline(cmd)


def test_reboot(dom0):
    sh = dom0
    sh.reset()
    create(sh)
    sh.wait_log("demo", DOMU_INIT.pattern)
    old = sh.domains()["demo"][0]
    _domu_command(sh, "demo", "reboot -f")
    # The console ends with the old domain; the monitor restarts it.
    sh.recover()
    sh.wait_log("demo", DOMU_INIT.pattern, count=2)
    # The restarted domain's state is complete once it is listed by name.
    end = time.monotonic() + 60
    while "demo" not in sh.domains() and time.monotonic() < end:
        time.sleep(2)
    doms = sh.domains()
    assert "demo" in doms and doms["demo"][0] != old, "after reboot: %s (old domid %d)" % (doms, old)
    sh.run("xl destroy demo")
    sh.wait_gone("demo")


def test_poweroff(dom0):
    sh = dom0
    sh.reset()
    create(sh)
    sh.wait_log("demo", DOMU_INIT.pattern)
    _domu_command(sh, "demo", "poweroff -f")
    sh.recover()
    sh.wait_gone("demo")


def test_shutdown(dom0):
    sh = dom0
    sh.reset()
    create(sh)
    sh.wait_log("demo", DOMU_INIT.pattern)
    domid = sh.domains()["demo"][0]
    entries = sh.out("xenstore ls /local/domain/%d" % domid)
    for want in ('name = "demo"', 'domid = "%d"' % domid, "ring-ref", "port", 'target = "131072"', 'availability = "online"'):
        assert want in entries, "xenstore lacks %r:\n%s" % (want, entries)
    # Linux's xenbus front end answers through the domU's own ring.
    end = time.monotonic() + 120
    while sh.out("xenstore read /local/domain/%d/control/feature-poweroff || true" % domid).strip() != "1":
        assert time.monotonic() < end, "the domU never wrote control/feature-poweroff"
        time.sleep(3)
    sh.run("xl reboot demo")
    sh.wait_log("demo", DOMU_INIT.pattern, count=2)
    end = time.monotonic() + 60
    while "demo" not in sh.domains():
        assert time.monotonic() < end, "demo not back after xl reboot"
        time.sleep(2)
    newid = sh.domains()["demo"][0]
    assert newid != domid
    end = time.monotonic() + 120
    while sh.out("xenstore read /local/domain/%d/control/feature-poweroff || true" % newid).strip() != "1":
        assert time.monotonic() < end, "the restarted domU never wrote control/feature-poweroff"
        time.sleep(3)
    sh.run("timeout 120 xl shutdown -w demo", timeout=150)
    sh.wait_gone("demo")
    gone = sh.out("xenstore ls /local/domain/%d 2>&1 || true" % newid)
    assert "name" not in gone, "xenstore entries left after shutdown:\n%s" % gone


def test_crash(dom0):
    sh = dom0
    sh.reset()
    create(sh, extra="'on_crash=\"preserve\"'")
    sh.wait_log("demo", DOMU_INIT.pattern)
    _domu_command(sh, "demo", "echo c > /proc/sysrq-trigger")
    sh.recover()
    sh.wait_log("demo", r"Kernel panic - not syncing", timeout=60)
    time.sleep(5)
    d = sh.domains().get("demo")
    assert d is not None, "the panicked domU is gone despite on_crash=preserve"
    assert d[3][3:5] in ("--", "sc"), "panicked domU listed with state %r" % d[3]
    assert "Domain-0" in sh.domains()
    sh.run("xl destroy demo")
    sh.wait_gone("demo")


def test_destroy_memory(dom0):
    sh = dom0
    sh.reset()
    before = sh.free_mb()
    create(sh)
    during = sh.free_mb()
    assert before - during >= 128, "free memory %d -> %d MiB with a 128 MiB domU" % (before, during)
    sh.run("xl destroy demo")
    sh.wait_gone("demo")
    time.sleep(2)
    after = sh.free_mb()
    assert after == before, "free memory %d MiB before, %d after xl destroy" % (before, after)


def test_cycles(dom0):
    sh = dom0
    # Xen 4.17 under TCG needs ~15 s a cycle: more than conftest's
    # per-test limit for 20 cycles.
    signal.alarm(max(conftest.TEST_HARD_LIMIT, 30 * CYCLES + 120))
    sh.reset()
    before = sh.free_mb()
    sh.run(
        "ok=1; i=0; while [ $i -lt %d ]; do xl create -q /etc/xen/demo.cfg 'name=\"cyc\"' || { ok=0; break; };"
        " sleep 1; xl destroy cyc || { ok=0; break; }; i=$((i+1)); done; [ $ok = 1 ]"
        % CYCLES,
        timeout=60 * CYCLES,
    )
    sh.wait_gone("cyc")
    time.sleep(2)
    after = sh.free_mb()
    assert after == before, "free memory %d MiB before %d create/destroy cycles, %d after" % (before, CYCLES, after)
    doms = sh.domains()
    assert set(doms) == {"Domain-0"}, doms
    # Nothing of the destroyed domains stays in xenstore either.
    left = [l.strip() for l in sh.run("xenstore list /local/domain")[1] if l.strip() and l.strip() != "0"]
    assert not left, "xenstore still has /local/domain/%s" % left
    vms = [l.strip() for l in sh.run("xenstore list /vm 2>/dev/null || true")[1] if l.strip()]
    assert not vms, "xenstore still has /vm/%s" % vms


def test_four_domus(dom0):
    sh = dom0
    sh.reset()
    names = ["d%d" % i for i in range(1, 5)]
    for n in names:
        create(sh, name=n)
    doms = sh.domains()
    assert all(n in doms for n in names), doms
    for n in names:
        sh.wait_log(n, DOMU_INIT.pattern, timeout=DOMU_BOOT_TIMEOUT * 2)
    doms = sh.domains()
    assert all(n in doms and doms[n][3][3:] == "---" for n in names), doms
    for n in names:
        sh.run("xl destroy %s" % n)
    for n in names:
        sh.wait_gone(n)


def _domu_run(sh, name, cmd, rx, timeout=120, what=None):
    """Type cmd on the domU's console (attached) and wait for rx. (No
    "$?-end" in cmd: Dom0Shell.run() would take its echo in the console
    log for its own.)"""
    sh.sendline(cmd)
    return sh.q.expect(rx, timeout=timeout, what=what or "`%s` in the domU" % cmd)


def _attach(sh, name):
    sh.sendline("xl console %s" % name)
    time.sleep(2)
    sh.sendline("")
    sh.q.expect(DOMU_PROMPT, timeout=60, what="the domU's prompt")


def _detach(sh):
    sh.send(CTRL_RB)
    sh.q.expect(PROMPT, timeout=30, what="dom0's prompt after Ctrl-]")


MD5 = re.compile(r"\b([0-9a-f]{32})\b")


def _md5(sh, cmd):
    m = MD5.search(sh.out(cmd))
    if not m:
        sh.fail("no md5 from `%s`" % cmd)
    return m.group(1)


def _domu_md5(sh, name, cmd):
    """md5sum printed by cmd in the (attached) domU, marked so that the
    echoed command line cannot match."""
    m = _domu_run(sh, name, "%s | sed 's/^/md5-/'" % cmd, r"md5-([0-9a-f]{32})", timeout=180)
    return m.group(1)


def test_disk(dom0):
    sh = dom0
    # Two domU boots (minutes under TCG on a loaded host) and the I/O.
    signal.alarm(max(conftest.TEST_HARD_LIMIT, 1200))
    sh.reset()
    # Two images in dom0's RAM: the first (4 MiB of random bytes) given to
    # xl as a file, the second put on a loop device here and given as phy
    # (read-only).
    sh.run("rm -f /root/d1.img /root/d2.img; losetup -d /dev/loop7 2>/dev/null; true")
    sh.run("dd if=/dev/urandom of=/root/d1.img bs=65536 count=64 2>/dev/null")
    sh.run("dd if=/dev/zero of=/root/d2.img bs=1024 count=1024 2>/dev/null")
    sh.run("echo pattern-one-$((6*7))-dom0 | dd of=/root/d1.img conv=notrunc 2>/dev/null")
    sh.run("echo pattern-two-$((6*8))-dom0 | dd of=/root/d2.img conv=notrunc 2>/dev/null")
    sh.run("losetup /dev/loop7 /root/d2.img")
    bulk = _md5(sh, "dd if=/root/d1.img bs=65536 skip=1 count=31 2>/dev/null | md5sum")
    sh.run(
        "printf '%s\\n' 'disk = [ \"file:/root/d1.img,xvda,w\",' "
        "'  \"format=raw, vdev=xvdb, access=ro, target=/dev/loop7\" ]' > /root/disk.cfg"
    )
    sh.run("rm -f /var/log/xen/console/guest-dsk.log")
    before = sh.free_mb()
    # A missing target fails, naming the config line.
    rc, out = sh.run("xl create /etc/xen/demo.cfg 'name=\"dsk\"' 'disk=[\"/root/none.img,,xvda\"]'", ok=False)
    assert rc != 0 and re.search(r"disk entry 1 .*/root/none.img", "\n".join(out)), out
    assert "dsk" not in sh.domains()
    # The config's disk list, through a second config file's lines.
    # One vCPU: with two, Debian's 6.1 domU hangs in `modprobe
    # xen-blkfront` with these two disks, on Xen 4.17 as on armvisor (the
    # second disk's frontend stays Initialised); one disk, or two with
    # xen_blkfront.max_queues=1, work.
    sh.run("cat /etc/xen/demo.cfg /root/disk.cfg | sed 's/^name = .*/name = \"dsk\"/' > /root/dsk.cfg")
    sh.run("xl create /root/dsk.cfg", timeout=180)
    domid = sh.domains()["dsk"][0]
    bl = sh.out("xl block-list dsk")
    assert re.search(r"^51712\s+0\s+%d\s" % domid, bl, re.M), bl
    assert re.search(r"^51728\s+0\s+%d\s" % domid, bl, re.M), bl
    be = sh.out("xenstore ls /local/domain/0/backend/vbd/%d/51712" % domid)
    for want in ('params = "/root/d1.img"', 'mode = "w"', 'physical-device = "7:0"', 'frontend-id = "%d"' % domid):
        assert want in be, "backend lacks %r:\n%s" % (want, be)
    sh.wait_log("dsk", DOMU_INIT.pattern)
    _attach(sh, "dsk")
    _domu_run(
        sh,
        "dsk",
        "i=0; while [ ! -b /dev/xvdb ] && [ $i -lt 60 ]; do sleep 1; i=$((i+1)); done; ls /dev/xvd*; echo DEVS-$((1+2))",
        r"DEVS-3",
    )
    _domu_run(sh, "dsk", "head -c 20 /dev/xvda; echo", r"pattern-one-42-dom0", what="the domU to read xvda")
    _domu_run(sh, "dsk", "head -c 20 /dev/xvdb; echo", r"pattern-two-48-dom0", what="the domU to read xvdb")
    # 2 MiB in 64 KiB requests: many grants per request.
    got = _domu_md5(sh, "dsk", "dd if=/dev/xvda bs=65536 skip=1 count=31 2>/dev/null | md5sum")
    assert got == bulk, "the domU reads %s from xvda, dom0 wrote %s" % (got, bulk)
    _domu_run(
        sh,
        "dsk",
        "echo x | dd of=/dev/xvdb conv=fsync 2>/dev/null; echo ro-rc-$?-fin",
        r"ro-rc-(\d+)-fin",
    )
    assert sh.q.child.match.group(1) != "0", "the domU wrote its read-only disk"
    _domu_run(
        sh,
        "dsk",
        "echo written-by-domU-$((7*7)) | dd of=/dev/xvda bs=512 seek=1 conv=fsync 2>/dev/null; echo wr-rc-$?-fin",
        r"wr-rc-(\d+)-fin",
    )
    assert sh.q.child.match.group(1) == "0", "the domU's write to xvda failed"
    wrote = _domu_md5(
        sh,
        "dsk",
        "dd if=/dev/urandom of=/tmp/w bs=65536 count=32 2>/dev/null &&"
        " dd if=/tmp/w of=/dev/xvda bs=65536 seek=32 conv=fsync 2>/dev/null && md5sum /tmp/w",
    )
    # A reboot: the monitor tears the devices down and sets them up again
    # for the new domain, which finds the first one's write.
    sh.sendline("reboot -f")
    sh.recover()
    sh.wait_log("dsk", DOMU_INIT.pattern, count=2)
    end = time.monotonic() + 60
    while "dsk" not in sh.domains() and time.monotonic() < end:
        time.sleep(2)
    newid = sh.domains()["dsk"][0]
    assert newid != domid
    rc, _ = sh.run("xenstore ls /local/domain/0/backend/vbd/%d" % domid, ok=False)
    assert rc != 0, "the old domain's backends are still there"
    _attach(sh, "dsk")
    _domu_run(
        sh,
        "dsk",
        "i=0; while [ ! -b /dev/xvda ] && [ $i -lt 60 ]; do sleep 1; i=$((i+1)); done;"
        " dd if=/dev/xvda bs=512 skip=1 count=1 2>/dev/null | head -c 18; echo",
        r"written-by-domU-49",
        what="the restarted domU to read the first one's write",
    )
    _detach(sh)
    sh.run("xl destroy dsk")
    sh.wait_gone("dsk")
    got = sh.out("dd if=/root/d1.img bs=512 skip=1 count=1 2>/dev/null | head -c 18; echo")
    assert "written-by-domU-49" in got, "dom0 does not see the domU's write: %r" % got
    got = _md5(sh, "dd if=/root/d1.img bs=65536 skip=32 count=32 2>/dev/null | md5sum")
    assert got == wrote, "the domU wrote %s, dom0 reads %s" % (wrote, got)
    rc, left = sh.run("xenstore ls /local/domain/0/backend/vbd/%d" % newid, ok=False)
    assert rc != 0, "backends left after xl destroy: %s" % left
    # The file's loop devices go with their last user, blkback.
    end = time.monotonic() + 30
    busy = "for l in 0 1 2 3 4 5 6; do [ -e /sys/block/loop$l/loop/backing_file ] && echo busy-loop$l; done; true"
    while "busy-loop" in sh.out(busy):
        assert time.monotonic() < end, "loop devices still attached after xl destroy: %s" % sh.out(busy)
        time.sleep(2)
    sh.run("losetup -d /dev/loop7")
    time.sleep(2)
    after = sh.free_mb()
    assert after == before, "free memory %d MiB before, %d after (grants still mapped?)" % (before, after)


def test_vif(dom0):
    sh = dom0
    # A domU boot (minutes under TCG on a loaded host) and the transfers.
    signal.alarm(max(conftest.TEST_HARD_LIMIT, 900))
    sh.reset()
    sh.run("ip addr flush dev xenbr0; ip addr add 10.99.0.1/24 dev xenbr0; ip link set xenbr0 up")
    # 2 MiB each way over TCP (busybox httpd and wget): segments bigger
    # than a page, the grant copies and maps of both directions.
    sh.run("mkdir -p /root/www; dd if=/dev/urandom of=/root/www/blob bs=65536 count=32 2>/dev/null")
    sh.run("kill $(cat /run/httpd-xl.pid 2>/dev/null) 2>/dev/null; httpd -f -p 8080 -h /root/www & echo $! >/run/httpd-xl.pid")
    blob = _md5(sh, "md5sum /root/www/blob")
    sh.run("rm -f /var/log/xen/console/guest-net.log")
    before = sh.free_mb()
    rc, out = sh.run("xl create /etc/xen/demo.cfg 'name=\"net\"' 'vif=[\"bridge=nobr0\"]'", ok=False)
    assert rc != 0 and re.search(r"vif entry 1 .*bridge nobr0 does not exist", "\n".join(out)), out
    # Two vCPUs: netfront asks for a queue per vCPU.
    create(sh, name="net", extra="vcpus=2 'vif=[\"mac=00:16:3e:00:00:42, bridge=xenbr0, ip=10.99.0.2\"]'")
    domid = sh.domains()["net"][0]
    nl = sh.out("xl network-list net")
    assert re.search(r"^0\s+0\s+00:16:3e:00:00:42\s", nl, re.M), nl
    br = sh.out("ls /sys/class/net/xenbr0/brif")
    assert "vif%d.0" % domid in br.split(), "vif%d.0 not on xenbr0: %r" % (domid, br)
    sh.wait_log("net", DOMU_INIT.pattern)
    _attach(sh, "net")
    _domu_run(
        sh,
        "net",
        "i=0; while [ ! -e /sys/class/net/eth0 ] && [ $i -lt 60 ]; do sleep 1; i=$((i+1)); done;"
        " cat /sys/class/net/eth0/address; ip addr add 10.99.0.2/24 dev eth0; ip link set eth0 up; echo UP-$((2+3))",
        r"UP-5",
    )
    assert "00:16:3e:00:00:42" in sh.q.child.before, sh.q.child.before
    _domu_run(
        sh,
        "net",
        "ping -c 3 -w 60 10.99.0.1 >/dev/null 2>&1; echo ping0-rc-$?-fin",
        r"ping0-rc-(\d+)-fin",
        timeout=90,
    )
    assert sh.q.child.match.group(1) == "0", "the domU cannot ping dom0"
    got = _domu_md5(sh, "net", "wget -q -O - http://10.99.0.1:8080/blob | md5sum")
    assert got == blob, "the domU fetched %s from dom0, dom0 has %s" % (got, blob)
    sent = _domu_md5(
        sh,
        "net",
        "mkdir -p /tmp/www; dd if=/dev/urandom of=/tmp/www/up bs=65536 count=32 2>/dev/null;"
        " httpd -p 8080 -h /tmp/www; md5sum /tmp/www/up",
    )
    _detach(sh)
    sh.run("ping -c 3 -w 60 10.99.0.2 >/dev/null", timeout=90)
    got = _md5(sh, "wget -q -O - http://10.99.0.2:8080/up | md5sum")
    assert got == sent, "dom0 fetched %s from the domU, it has %s" % (got, sent)
    sh.run("xl destroy net")
    sh.wait_gone("net")
    sh.run("kill $(cat /run/httpd-xl.pid) 2>/dev/null; true")
    assert not sh.run("[ -e /sys/class/net/vif%d.0 ]" % domid, ok=False)[0] == 0, "vif left after destroy"
    rc, left = sh.run("xenstore ls /local/domain/0/backend/vif/%d" % domid, ok=False)
    assert rc != 0, "backends left after xl destroy: %s" % left
    time.sleep(2)
    after = sh.free_mb()
    assert after == before, "free memory %d MiB before, %d after (grants still mapped?)" % (before, after)

def _create_fails(sh, name, extra, want):
    """`xl create` refuses with a message matching want, leaving no domain."""
    rc, lines = sh.run("xl create /etc/xen/demo.cfg 'name=\"%s\"' %s" % (name, extra), timeout=180, ok=False)
    text = "\n".join(lines)
    assert rc != 0, "xl create %s succeeded:\n%s" % (extra, text)
    assert re.search(want, text), "xl create %s: no %r in:\n%s" % (extra, want, text)
    assert name not in sh.domains(), "a failed xl create left domain %s" % name


def test_gzip_kernel(dom0):
    sh = dom0
    sh.reset()
    # A gzip'd Image (Image.gz, as `make Image.gz` gives), made in dom0 from
    # the demo's: the initramfs stays as it is.
    sh.run("gzip -c /etc/xen/domu/Image > /tmp/Image.gz && ls -l /etc/xen/domu/Image /tmp/Image.gz", timeout=600)
    assert sh.out("head -c 2 /tmp/Image.gz | hexdump -C").split()[1:3] == ["1f", "8b"]
    before = sh.free_mb()
    create(sh, name="gz", extra="'kernel=\"/tmp/Image.gz\"'")
    sh.wait_log("gz", DOMU_INIT.pattern)
    sh.run("xl destroy gz")
    sh.wait_gone("gz")
    # Truncated, corrupt, or larger than the domain's RAM: refused by name.
    sh.run("head -c 3000000 /tmp/Image.gz > /tmp/trunc.gz")
    _create_fails(sh, "gzbad", "'kernel=\"/tmp/trunc.gz\"'", r"kernel /tmp/trunc\.gz: truncated gzip data")
    sh.run("{ head -c 3000000 /tmp/Image.gz; printf 'corrupt!corrupt!'; tail -c +3000017 /tmp/Image.gz; } > /tmp/bad.gz")
    _create_fails(sh, "gzbad", "'kernel=\"/tmp/bad.gz\"'", r"kernel /tmp/bad\.gz: corrupt gzip data")
    _create_fails(sh, "gzbad", "'kernel=\"/tmp/Image.gz\"' memory=16", r"kernel /tmp/Image\.gz: decompresses to more than 16 MiB")
    sh.run("rm -f /tmp/Image.gz /tmp/trunc.gz /tmp/bad.gz")
    time.sleep(2)
    assert sh.free_mb() == before, "free memory changed after the failed creates"


def test_vuart(dom0):
    """vuart = "sbsa_uart": Linux's sbsa-uart driver (ttyAMA0) on the
    emulated PL011, whose ring consoled serves (guest-NAME-vuart0.log) and
    `xl console -t vuart` attaches to."""
    sh = dom0
    sh.reset()
    sh.run("rm -f /var/log/xen/console/guest-vu-vuart0.log")
    create(sh, name="vu", extra="'vuart=\"sbsa_uart\"' 'extra=\"console=ttyAMA0 rdinit=/init\"'")
    domid = sh.domains()["vu"][0]
    ring = sh.out("xenstore read /local/domain/%d/vuart/0/ring-ref" % domid).strip()
    port = sh.out("xenstore read /local/domain/%d/vuart/0/port" % domid).strip()
    assert ring.isdigit() and port.isdigit(), "vuart xenstore entries: %r %r" % (ring, port)
    end = time.monotonic() + DOMU_BOOT_TIMEOUT
    text = ""
    while time.monotonic() < end:
        text = sh.out("cat /var/log/xen/console/guest-vu-vuart0.log 2>/dev/null || true")
        if DOMU_INIT.search(text) and DOMU_PROMPT.search(text):
            break
        time.sleep(3)
    else:
        sh.fail("the vuart never showed the domU's /init and prompt; its log ends:\n%s" % text[-2000:])
    sh.sendline("xl console -t vuart vu")
    time.sleep(2)
    sh.sendline("echo vuart-$((6*7))-works; cat /proc/consoles")
    sh.q.expect(r"vuart-42-works", timeout=60, what="the domU to answer on its vuart")
    sh.q.expect(r"ttyAMA0", timeout=30, what="ttyAMA0 in the domU's /proc/consoles")
    sh.send(CTRL_RB)
    sh.q.expect(PROMPT, timeout=30, what="dom0's prompt after Ctrl-]")
    # Types other than pv and vuart are refused.
    rc, lines = sh.run("xl console -t serial vu", ok=False)
    assert rc != 0 and "not supported" in "\n".join(lines), lines
    sh.run("xl destroy vu")
    sh.wait_gone("vu")


SCHED_HEADER = "%-33s %4s %6s %4s" % ("Name", "ID", "Weight", "Cap")


def _sched_rows(lines):
    """{name: (id, weight, cap)} from `xl sched-credit2` output."""
    rows = {}
    for line in lines:
        m = re.match(r"(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$", line)
        if m:
            rows[m.group(1)] = (int(m.group(2)), int(m.group(3)), int(m.group(4)))
    return rows


def test_sched_credit2(dom0):
    """xl sched-credit2: Xen's xl columns; putinfo/getinfo round trip."""
    sh = dom0
    sh.reset()
    create(sh, name="sc")
    domid = sh.domains()["sc"][0]
    lines = sh.run("xl sched-credit2")[1]
    assert lines and re.match(r"Cpupool Pool-0: (ratelimit=\d+us|\[sched params unavailable\])$", lines[0]), lines
    assert SCHED_HEADER in lines, "no header %r in:\n%s" % (SCHED_HEADER, "\n".join(lines))
    rows = _sched_rows(lines)
    assert rows.get("Domain-0") == (0, 256, 0), rows
    assert rows.get("sc") == (domid, 256, 0), rows
    row = [l for l in lines if l.startswith("sc ")][0]
    assert row == "%-33s %4d %6d %4d" % ("sc", domid, 256, 0), repr(row)

    sh.run("xl sched-credit2 -d sc -w 512 -c 25")
    lines = sh.run("xl sched-credit2 -d sc")[1]
    assert lines[0] == SCHED_HEADER and _sched_rows(lines) == {"sc": (domid, 512, 25)}, lines
    # One parameter leaves the other; cap 0 lifts the cap.
    sh.run("xl sched-credit2 -d %d -c 0" % domid)
    assert _sched_rows(sh.run("xl sched-credit2 -d sc")[1]) == {"sc": (domid, 512, 0)}
    sh.run("xl sched-credit2 -d sc --weight=128")
    assert _sched_rows(sh.run("xl sched-credit2 -d sc")[1]) == {"sc": (domid, 128, 0)}
    # Refused: weight 0, a cap above 100 per vCPU, no domain.
    for bad in ("-d sc -w 0", "-d sc -c 101", "-w 300"):
        rc, out = sh.run("xl sched-credit2 %s" % bad, ok=False)
        assert rc != 0, "xl sched-credit2 %s succeeded: %s" % (bad, out)
    assert _sched_rows(sh.run("xl sched-credit2 -d sc")[1]) == {"sc": (domid, 128, 0)}
    # A capped domain still runs (no timing asserted under TCG).
    sh.run("xl sched-credit2 -d sc -c 20")
    sh.wait_log("sc", DOMU_INIT.pattern)
    sh.run("xl destroy sc")
    sh.wait_gone("sc")


def _vcpu_time(sh, name):
    rows = [l.split() for l in sh.run("xl vcpu-list %s" % name)[1] if l.startswith(name + " ")]
    assert rows, "xl vcpu-list %s listed no vCPU" % name
    return float(rows[0][5])


def _busy_fraction(sh, name, seconds):
    t0, w0 = _vcpu_time(sh, name), time.monotonic()
    time.sleep(seconds)
    t1, w1 = _vcpu_time(sh, name), time.monotonic()
    return (t1 - t0) / (w1 - w0)


def test_sched_cap_guest(dom0):
    """A spinning domU under `xl sched-credit2 -c 10` gets far less CPU than
    without a cap. TCG timing is noisy: only a loose bound is asserted."""
    sh = dom0
    sh.reset()
    create(sh, name="cap")
    sh.wait_log("cap", r"domU:[^\n#]*# ")
    _domu_command(sh, "cap", "while :; do :; done &")
    time.sleep(2)
    sh.send(CTRL_RB)
    sh.q.expect(PROMPT, timeout=30, what="dom0's prompt after Ctrl-]")
    free = _busy_fraction(sh, "cap", 15)
    sh.run("xl sched-credit2 -d cap -c 10")
    time.sleep(2)
    capped = _busy_fraction(sh, "cap", 15)
    print("spinner: %.2f of a pCPU uncapped, %.2f with cap 10" % (free, capped))
    assert capped < 0.4, "cap 10: the spinner still ran %.2f of the time (%.2f without)" % (capped, free)
    assert free > capped + 0.2, "without a cap the spinner ran %.2f, with cap 10 %.2f" % (free, capped)
    sh.run("xl destroy cap")
    sh.wait_gone("cap")
