"""Serial console input to dom0: long bursts arrive whole.

dom0 (Debian's Linux, console=hvc0, the dom0 initramfs with its shell on
the serial console, as test_xl.py boots it) gets several shell lines typed
in one write to QEMU's serial port, with no pause between characters:
`v1=<900 letters>`, `v2=...`, ..., then `echo $v1$v2... | md5sum`, whose
digest must be that of exactly those letters, so a dropped, doubled or
reordered byte fails. (Lines stay under 1024 characters: busybox's line
editor keeps no more of a line. A foreground program reading the tty
itself, like `head`, gets nothing typed in this initramfs's shell, on
Xen 4.17 as on armvisor, so the shell reads the bursts.)

The bursts are longer than Xen's console input ring (128 bytes; Xen 4.17
drops the rest of a burst before dom0 reads, so it fails here) and than
the PL011's FIFO: they pass only if the hypervisor keeps what dom0 has not
read yet. QEMU hands the UART the bytes as fast as they are drained.

Hypervisors: $CONSOLE_HYPERVISORS (comma-separated), default "armvisor";
"xen" shows Xen 4.17's drops for comparison.
"""

import hashlib
import os
import random
import string

import pytest

import dom0lib

PROMPT = dom0lib.TOOLSTACK_PROMPT
WALL = 900


def hypervisors():
    raw = os.environ.get("CONSOLE_HYPERVISORS", "armvisor")
    return [h.strip() for h in raw.split(",") if h.strip()]


@pytest.fixture(scope="module", params=hypervisors())
def dom0(request):
    with dom0lib.toolstack_dom0(request.param, "test_console_input-%s.log" % request.param, wall_timeout=WALL) as q:
        # Kernel messages would land in the middle of the echoed line.
        q.child.send("dmesg -n 1\r")
        q.expect(PROMPT, timeout=60, what="dom0's prompt")
        yield q


def prompt(q):
    """A fresh prompt after a partial line (Ctrl-U kills it; no Ctrl-C:
    QEMU's stdio would take it as SIGINT)."""
    q.child.send("\x15\r")
    q.expect(PROMPT, timeout=60, what="dom0's prompt")


LINE = 900  # letters per shell variable


@pytest.mark.parametrize("length", [900, 3600])
def test_burst(dom0, length):
    q = dom0
    prompt(q)
    rnd = random.Random(length)
    # Letters and digits only: nothing the shell or the tty interprets.
    text = "".join(rnd.choice(string.ascii_letters + string.digits) for _ in range(length))
    want = hashlib.md5((text + "\n").encode()).hexdigest()
    tag = "BURST%d" % length
    parts = [text[i : i + LINE] for i in range(0, length, LINE)]
    burst = "".join("v%d=%s\r" % (i, p) for i, p in enumerate(parts))
    burst += "echo %s | md5sum | sed 's/^/%s-/'\r" % ("".join("$v%d" % i for i in range(len(parts))), tag)
    # One write: QEMU hands the bytes to the UART as fast as it takes them.
    q.child.send(burst)
    m = q.expect(r"%s-([0-9a-f]{32})" % tag, timeout=120, what="md5sum of the burst (characters lost?)")
    q.expect(PROMPT, timeout=60, what="dom0's prompt")
    assert m.group(1) == want, "dom0 read %d typed characters differently (md5 %s, want %s)" % (length, m.group(1), want)
