"""Debug keys on the hypervisor console, as on Xen: Ctrl-A three times
switches serial input from dom0 to the hypervisor, then single keys dump
state. Boots Debian's kernel as dom0 with the busybox initramfs (shell)."""

import conftest
import dom0lib

from test_dom0 import initramfs  # noqa: F401 (session fixture)

KEYS = [
    ("h", r"key 'e': dump event-channel info"),
    ("q", r"Domain 0 \(Domain-0\): running, \d+ pages"),
    ("r", r"CPU0: \d+ switches"),
    ("e", r"Domain 0: \d+ ports in use, (FIFO|2-level) ABI, upcall PPI 31"),
    ("g", r"Domain 0: grant table v1, \d+ of \d+ frames"),
    ("m", r"Memory: \d+ of \d+ pages free"),
    ("0", r"d0 v0: pc 0x[0-9a-f]+"),
]


def test_debug_keys(qemu, initramfs):  # noqa: F811
    kernel, initrd = dom0lib.REPO / "build" / "pkgs" / "vmlinuz", dom0lib.INITRD
    q = qemu(
        smp=2,
        mem="2G",
        append="console=dtuart dom0_mem=512M",
        extra=[
            "-device", "guest-loader,addr=0x49000000,kernel=%s,bootargs=console=hvc0 rdinit=/init" % kernel,
            "-device", "guest-loader,addr=0x4c000000,initrd=%s" % initrd,
        ],
        wall_timeout=240,
    )
    q.expect(r"Serial input to DOM0", timeout=30)
    q.expect(r"shell on the console", timeout=180, what="dom0's shell")
    q.child.send("\x01\x01\x01")
    q.expect(r"Serial input to HYP", timeout=20)
    for key, pattern in KEYS:
        q.child.send(key)
        q.expect(pattern, timeout=20, what="debug key '%s'" % key)
    # Three more Ctrl-A hand input back to dom0, whose shell still works.
    q.child.send("\x01\x01\x01")
    q.expect(r"Serial input to DOM0", timeout=20)
    q.child.send("cat /proc/xen/capabilities\r")
    q.expect(r"control_d", timeout=30)
    q.child.send("poweroff -f\r")
    q.expect(r"Domain 0 halted: powering off", timeout=60)
