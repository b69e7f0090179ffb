"""Our xenstored under Debian's real Xen 4.17 toolstack: protocol
compatibility with libxenstore/libxl, and the domU side of xenstored (a
guest's ring mapped at INTRODUCE, its event channel, its kernel's xenbus).

dom0 boots the usual initramfs plus a second cpio archive (the kernel
unpacks both) holding xen-utils-4.17 and its libraries (Debian arm64
packages, fetched with `apt-get download` into build/xstk/ the first time),
tests/integration/xstk/dom0-init as /xstk-init (rdinit=), and a domU (the
same Debian kernel, an initramfs of busybox, our xenstore client and
xstk/domu-init). /xstk-init starts our xenstored, runs xen-init-dom0,
xenconsoled, `xl create`, waits for the domU to write what it read through
its own xenbus, then `xl destroy`. Required:
  - xen-init-dom0, xl create, xl list and xl destroy succeed;
  - the domU read its name (relative path, its own domain's node) and was
    refused dom0's /local/domain/0/name;
  - after destroy, /local/domain/1 is gone.

Two kernels under TCG (~90 s): armvisor runs in make check, Xen 4.17 only
in check-long (marked long).

  pytest-3 tests/integration/test_xenstored_xl.py
  DOM0_HYPERVISORS=xen pytest-3 tests/integration/test_xenstored_xl.py -m long
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import conftest
import dom0lib

REPO = Path(__file__).resolve().parents[2]
XSTK = REPO / "build" / "xstk"
HERE = Path(__file__).resolve().parent / "xstk"
# xen-utils-4.17's xl, xen-init-dom0 and xenconsoled and their libraries.
DEBS = [
    "xen-utils-4.17", "libxenmisc4.17", "libxenstore4", "libxencall1", "libxenevtchn1",
    "libxenforeignmemory1", "libxengnttab1", "libxentoollog1", "libxentoolcore1",
    "libxendevicemodel1", "libxenhypfs1", "libyajl2", "libc6", "libncurses6", "libtinfo6",
    "libext2fs2", "libcom-err2", "libfdt1", "libuuid1", "zlib1g", "liblzma5", "libbz2-1.0",
    "libzstd1", "liblz4-1", "libgcc-s1",
]
BUSYBOX_APPLETS = ["sh", "mount", "sleep", "tr", "echo", "cat", "poweroff"]
DONE_RX = re.compile(r"XSTK: done")


def sh(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        pytest.fail("%s failed:\n%s%s" % (" ".join(map(str, cmd)) if isinstance(cmd, list) else cmd, r.stdout, r.stderr), pytrace=False)
    return r.stdout


def cpio_gz(src, out):
    """src's tree as a gzip'd newc cpio owned by root."""
    sh("cd %s && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -9n > %s" % (src, out), shell=True)


def debian_root():
    root = XSTK / "root"
    if (root / "usr/lib/xen-4.17/bin/xl").is_file():
        return root
    debs = XSTK / "debs"
    debs.mkdir(parents=True, exist_ok=True)
    sh(["apt-get", "download"] + ["%s:arm64" % d for d in DEBS], cwd=debs)
    tmp = XSTK / "root.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    for d in sorted(debs.glob("*.deb")):
        sh(["dpkg-deb", "-x", str(d), str(tmp)])
    tmp.rename(root)
    return root


def domu_initrd(bins):
    stage = XSTK / "domu-root"
    shutil.rmtree(stage, ignore_errors=True)
    (stage / "bin").mkdir(parents=True)
    for d in ("proc", "sys", "dev", "tmp"):
        (stage / d).mkdir()
    shutil.copy(REPO / "build/pkgs/busybox", stage / "bin/busybox")
    for a in BUSYBOX_APPLETS:
        os.symlink("busybox", stage / "bin" / a)
    shutil.copy(bins / "xenstore", stage / "bin/xenstore")
    for a in ("read", "write"):
        os.symlink("xenstore", stage / "bin" / ("xenstore-" + a))
    shutil.copy(HERE / "domu-init", stage / "init")
    out = XSTK / "domu-initrd.gz"
    cpio_gz(stage, out)
    return out


def dom0_initrd():
    ok, out = dom0lib.build_initramfs()  # builds xenstored and xenstore too
    if not ok:
        pytest.fail("scripts/mkinitramfs failed:\n%s" % out[-4000:], pytrace=False)
    bins = XSTK / "bin"
    bins.mkdir(parents=True, exist_ok=True)
    sh(["make", "-s", "-C", str(REPO / "tools/xenstored"), "OUT=%s" % bins])
    root = debian_root()
    stage = XSTK / "dom0-extra"
    shutil.rmtree(stage, ignore_errors=True)
    shutil.copytree(root, stage, symlinks=True)
    shutil.copy(HERE / "dom0-init", stage / "xstk-init")
    (stage / "etc/xen").mkdir(parents=True, exist_ok=True)
    shutil.copy(HERE / "domu.cfg", stage / "etc/xen/domu.cfg")
    (stage / "domu").mkdir()
    shutil.copy(dom0lib.VMLINUZ, stage / "domu/vmlinuz")
    shutil.copy(domu_initrd(bins), stage / "domu/initrd.gz")
    extra = XSTK / "dom0-extra.cpio.gz"
    cpio_gz(stage, extra)
    combined = XSTK / "initrd-xstk.cpio.gz"
    with open(combined, "wb") as f:
        for part in (dom0lib.INITRD, extra):
            f.write(part.read_bytes())
    return combined


@pytest.fixture(scope="module")
def initrd():
    if not dom0lib.VMLINUZ.is_file():
        pytest.fail("%s not found: run scripts/setup" % dom0lib.VMLINUZ, pytrace=False)
    return dom0_initrd()


def _hyps():
    # On armvisor (the system under test) in make check: Debian's libxl
    # driving armvisor's domctl/sysctl is the proof that software written
    # for Xen's control interface works unchanged. On Xen 4.17 (the
    # reference for our xenstored) in check-long only.
    return [pytest.param(h, marks=[] if h == "armvisor" else [pytest.mark.long]) for h in dom0lib.enabled_hypervisors()]


@pytest.mark.parametrize("hyp_name", _hyps())
def test_xl_on_our_xenstored(hyp_name, initrd, request):
    hyp = dom0lib.HYPERVISORS[hyp_name]
    if not hyp.image.is_file():
        pytest.fail("%s image %s not found: %s" % (hyp_name, hyp.image, hyp.missing_hint), pytrace=False)
    log = conftest.LOG_DIR / ("xstk-%s.log" % conftest._log_name(request.node.name))
    q = conftest.Qemu(
        hyp.image,
        log,
        gic=3,
        smp=2,
        mem="2G",
        append="%s dom0_mem=768M dom0_max_vcpus=1" % hyp.cmdline,
        extra=["-accel", "tcg,thread=single"] + dom0lib.module_args(initrd=initrd, bootargs="console=hvc0 earlycon=xen rdinit=/xstk-init"),
        wall_timeout=600,
    )
    q.start()
    try:
        idx = q.child.expect([DONE_RX, re.compile(hyp.panic), re.compile(dom0lib.KERNEL_PANIC)], timeout=580)
        out = q.output
        if idx != 0:
            q.fail("the hypervisor or dom0 died before the xl test ended")
        steps = dict(re.findall(r"XSTK-STEP (\S+) rc=(\d+)", out))
        bad = {k: v for k, v in steps.items() if v != "0"}
        if set(steps) != {"init-dom0", "create", "list", "destroy"} or bad:
            q.fail("toolstack steps: %s" % steps)
        domu = re.search(r"XSTK-RESULT domu: ([^\r\n]*)", out).group(1)
        if not re.match(r"name=domu rc=0 dom0name=\[.*Permission denied.*\]", domu):
            q.fail("the domU's own xenstore view is wrong: %r" % domu)
        if "XSTK-RESULT after-destroy: gone" not in out:
            q.fail("/local/domain/1 survived xl destroy")
        trouble = dom0lib.KERNEL_TROUBLE.search(out)
        if trouble:
            q.fail("a kernel reported trouble: %r" % trouble.group(0))
    finally:
        q.kill()
