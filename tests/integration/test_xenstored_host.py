"""xenstored's daemon and client as host programs (no QEMU): the socket
layer of tools/xenstored/xenstored.c and the xenstore command-line tool
(tools/libs/xenstore) built with `make -C tools/xenstored HOST=1`.

  - the CLI writes, reads, lists, removes, sets and gets perms, watches;
  - a client sending a message longer than XENSTORE_PAYLOAD_MAX is
    disconnected; one sending random bytes, or vanishing mid-message, does
    not disturb the daemon; others keep being served;
  - many clients at once each get their own replies.

  pytest-3 tests/integration/test_xenstored_host.py
"""

import os
import random
import socket
import struct
import subprocess
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = REPO / "build" / "host" / "tools"
XS_READ, XS_WRITE, XS_ERROR = 2, 11, 16


@pytest.fixture(scope="module")
def binaries():
    r = subprocess.run(["make", "-s", "-C", str(REPO / "tools" / "xenstored"), "HOST=1"], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.fail("building the host xenstored failed:\n" + r.stdout + r.stderr, pytrace=False)
    return BIN


@pytest.fixture
def daemon(binaries, tmp_path):
    sock = tmp_path / "xs.sock"
    log = tmp_path / "xenstored.log"
    p = subprocess.Popen([str(binaries / "xenstored"), "--no-dom0", "--socket", str(sock), "--log", str(log)], stdin=subprocess.DEVNULL)
    for _ in range(100):
        if sock.exists():
            break
        time.sleep(0.05)
    else:
        p.kill()
        pytest.fail("xenstored did not create its socket: " + log.read_text(), pytrace=False)
    yield sock, p, log
    alive = p.poll() is None
    p.kill()
    p.wait()
    assert alive, "xenstored exited during the test: " + log.read_text()


def cli(sock, *args, check=True):
    env = dict(os.environ, XENSTORED_PATH=str(sock))
    r = subprocess.run([str(BIN / "xenstore")] + list(args), env=env, capture_output=True, text=True, timeout=20)
    if check and r.returncode != 0:
        pytest.fail("xenstore %s: exit %d: %s" % (" ".join(args), r.returncode, r.stderr), pytrace=False)
    return r


def connect(sock):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(str(sock))
    return s


def recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise EOFError("connection closed after %d of %d bytes" % (len(buf), n))
        buf += chunk
    return buf


def request(s, typ, payload, req_id=1, tx=0):
    s.sendall(struct.pack("<IIII", typ, req_id, tx, len(payload)) + payload)
    t, rid, rtx, ln = struct.unpack("<IIII", recv_exact(s, 16))
    return t, rid, rtx, recv_exact(s, ln)


def test_cli(daemon):
    sock = daemon[0]
    cli(sock, "write", "/vm/name", "guest", "/vm/memory", "512")
    assert cli(sock, "read", "/vm/name", "/vm/memory").stdout == "guest\n512\n"
    assert cli(sock, "list", "/vm").stdout == "name\nmemory\n"
    assert 'name = "guest"' in cli(sock, "ls", "/vm").stdout
    cli(sock, "chmod", "/vm/name", "r0", "b3")
    assert cli(sock, "getperms", "/vm/name").stdout == "r0 b3\n"
    assert cli(sock, "exists", "/vm/nope", check=False).returncode == 1
    w = subprocess.Popen([str(BIN / "xenstore"), "watch", "-n", "2", "/vm"], env=dict(os.environ, XENSTORED_PATH=str(sock)), stdout=subprocess.PIPE, text=True)
    first = w.stdout.readline()  # the initial event: the watch is set
    cli(sock, "write", "/vm/state", "running")
    out, _ = w.communicate(timeout=20)
    assert first + out == "/vm cli\n/vm/state cli\n"
    cli(sock, "rm", "/vm")
    r = cli(sock, "read", "/vm/name", check=False)
    assert r.returncode == 1 and "No such file" in r.stderr
    cli(sock, "control", "print", "hello from the test")
    assert "hello from the test" in daemon[2].read_text()


def test_oversized_message_disconnects(daemon):
    sock = daemon[0]
    bad = connect(sock)
    bad.sendall(struct.pack("<IIII", XS_READ, 1, 0, 4097))
    assert bad.recv(16) == b"", "a message over XENSTORE_PAYLOAD_MAX must close the connection"
    good = connect(sock)
    t, rid, _, body = request(good, XS_WRITE, b"/ok\0yes", req_id=7)
    assert (t, rid, body) == (XS_WRITE, 7, b"OK\0")


def test_garbage_and_vanishing_clients(daemon):
    sock = daemon[0]
    rng = random.Random(1234)
    for i in range(30):
        s = connect(sock)
        # Valid-length headers with random types and payloads...
        for _ in range(5):
            payload = bytes(rng.randrange(256) for _ in range(rng.randrange(64)))
            hdr = struct.pack("<IIII", rng.choice([rng.randrange(30), rng.randrange(1 << 32)]), i, rng.choice([0, rng.randrange(1 << 32)]), len(payload))
            s.sendall(hdr + payload)
        # ...then half a message, and gone.
        s.sendall(struct.pack("<IIII", XS_WRITE, 1, 0, 100) + b"/half")
        s.close()
    s = connect(sock)
    t, _, _, body = request(s, XS_READ, b"/nope\0")
    assert (t, body) == (XS_ERROR, b"ENOENT\0")


def read_reply(s):
    t, rid, tx, ln = struct.unpack("<IIII", recv_exact(s, 16))
    return t, rid, recv_exact(s, ln)


def test_many_clients(daemon):
    sock = daemon[0]
    clients = [connect(sock) for _ in range(40)]
    for i, s in enumerate(clients):
        s.sendall(struct.pack("<IIII", XS_WRITE, i, 0, 0))  # no path: EINVAL
        payload = b"/c/%d\0v%d" % (i, i)
        s.sendall(struct.pack("<IIII", XS_WRITE, 1000 + i, 0, len(payload)) + payload)
    for i, s in enumerate(clients):
        assert read_reply(s) == (XS_ERROR, i, b"EINVAL\0")
        assert read_reply(s) == (XS_WRITE, 1000 + i, b"OK\0")
    for i, s in enumerate(clients):
        t, rid, _, body = request(s, XS_READ, b"/c/%d\0" % i, req_id=5000 + i)
        assert (t, rid, body) == (XS_READ, 5000 + i, b"v%d" % i)
        s.close()
