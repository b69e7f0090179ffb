"""Device passthrough with our xl (xl.cfg iomem=, irqs=, device_tree=, as
Xen's docs/misc/arm/passthrough.txt describes it).

The host DT is QEMU virt's with its PL061 GPIO (/pl061@9030000, SPI 7 =
INTID 39) marked "xen,passthrough", so dom0 does not get it but may hand
it on. dom0's initramfs has /etc/xen/passthrough.dtb (tools/domu/
passthrough.dts). Checked:

  pl061     a domU created from demo.cfg plus
            iomem=["9030,1@9030"], irqs=[39], device_tree=... gets the
            device: its Linux binds the pl061 driver on the AMBA bus (which
            reads the PrimeCell ID registers through the stage-2 mapping)
            and registers the interrupt; after `xl destroy`, a second domU
            gets it again (mapping and routing were released)
  refused   dtdev= (needs an IOMMU), an IRQ dom0 owns (the UART's, 33) and
            a frame dom0 has no right to are refused, naming the key, and
            leave no domain behind

Hypervisors: $XL_HYPERVISORS (default armvisor; "xen,armvisor" runs our xl
on Debian's Xen 4.17 too).
"""

import os
import subprocess
import time

import pytest

import conftest
import dom0lib
from test_xl import BOOTARGS, DOMU_BOOT_TIMEOUT, PROMPT, SMP, WALL, Dom0Shell

PL061 = "/pl061@9030000"
PT_ARGS = "'iomem=[\"9030,1@9030\"]' 'irqs=[39]' 'device_tree=\"/etc/xen/passthrough.dtb\"'"
DRIVER_DIR = "/sys/bus/amba/drivers/pl061_gpio/9030000.pl061"


def hypervisors():
    raw = os.environ.get("XL_HYPERVISORS", "armvisor")
    return [h.strip() for h in raw.split(",") if h.strip()]


def host_dtb(tmp, gic, image, append):
    """QEMU virt's DT, dumped with dom0's guest-loader modules in /chosen
    (with -dtb QEMU boots the file as it is), the PL061 marked
    xen,passthrough."""
    board = tmp / "board.dtb"
    argv = (
        [conftest.QEMU_BIN]
        + conftest.machine_args(gic=gic, smp=SMP, mem="2G", machine_extra="dumpdtb=%s" % board)
        + ["-display", "none", "-monitor", "none", "-serial", "none", "-kernel", str(image), "-append", append]
        + dom0lib.module_args(bootargs=BOOTARGS)
    )
    subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, check=True, timeout=60)
    dts = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", str(board)], capture_output=True, text=True, check=True).stdout
    out = tmp / "host-passthrough.dtb"
    subprocess.run(
        ["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", str(out), "-"],
        input=dts + "\n&{%s} {\n\txen,passthrough;\n};\n" % PL061,
        text=True,
        check=True,
    )
    return out


@pytest.fixture(scope="module", params=hypervisors())
def dom0(request, tmp_path_factory):
    hyp = dom0lib.HYPERVISORS[request.param]
    if not hyp.image.is_file():
        pytest.fail("%s not found: %s" % (hyp.image, hyp.missing_hint), pytrace=False)
    append = "%s dom0_mem=512M dom0_max_vcpus=2" % hyp.cmdline
    dtb = host_dtb(tmp_path_factory.mktemp("pt"), 3, hyp.image, append)
    with dom0lib.toolstack_dom0(
        request.param, "test_xl_passthrough-%s.log" % request.param, smp=SMP, wall_timeout=WALL, dtb=dtb, append=append
    ) as q:
        sh = Dom0Shell(q)
        sh.run("dmesg -n 1")
        yield sh


def create_pt(sh, name, extra=PT_ARGS, ok=True):
    sh.run("rm -f /var/log/xen/console/guest-%s.log" % name)
    return sh.run("xl create /etc/xen/demo.cfg 'name=\"%s\"' %s" % (name, extra), timeout=180, ok=ok)


def domu_probe(sh, name):
    """In the domU: is the pl061 driver bound, and its IRQ registered?"""
    sh.wait_log(name, r"domU:[^\n#]*# ", timeout=DOMU_BOOT_TIMEOUT)
    sh.sendline("xl console %s" % name)
    time.sleep(2)
    sh.sendline("")
    sh.q.expect(r"domU:[^\r\n#]*# ", timeout=60, what="the domU's prompt")
    # The markers are split in the command so its echo never matches.
    sh.sendline('echo PT-""BOUND-$(test -e %s && echo yes || echo no)-$(ls /sys/bus/gpio/devices | wc -l)' % DRIVER_DIR)
    m = sh.q.expect(r"PT-BOUND-(yes|no)-(\d+)", timeout=60, what="the domU's answer")
    bound = m.group(1) == "yes"
    chips = int(m.group(2))
    sh.send("\x1d")
    sh.q.expect(PROMPT, timeout=30, what="dom0's prompt after Ctrl-]")
    return bound, chips


def test_pl061(dom0):
    sh = dom0
    sh.reset()
    # dom0 does not have the device (status "disabled" in its DT).
    rc, _ = sh.run("test -e /sys/bus/amba/drivers/pl061_gpio/9030000.pl061", ok=False)
    assert rc != 0, "dom0 bound the xen,passthrough PL061"
    for n, name in enumerate(("pt1", "pt2")):
        create_pt(sh, name)
        bound, chips = domu_probe(sh, name)
        log = sh.out("cat /var/log/xen/console/guest-%s.log" % name)
        assert bound, "round %d: the domU did not bind the pl061 driver; its console:\n%s" % (n + 1, log[-3000:])
        assert chips >= 1, "round %d: no GPIO chip registered in the domU" % (n + 1)
        sh.run("xl destroy %s" % name)
        sh.wait_gone(name)


def test_refused(dom0):
    sh = dom0
    sh.reset()
    before = set(sh.domains())
    rc, lines = create_pt(sh, "bad1", extra="'dtdev=[\"%s\"]' %s" % (PL061, PT_ARGS), ok=False)
    assert rc != 0 and any("dtdev" in l and "IOMMU" in l for l in lines), lines
    rc, lines = create_pt(sh, "bad2", extra="'irqs=[33]'", ok=False)
    assert rc != 0 and any("irqs" in l and "33" in l for l in lines), lines
    rc, lines = create_pt(sh, "bad3", extra="'iomem=[\"9000,1\"]'", ok=False)
    assert rc != 0 and any("iomem" in l for l in lines), lines
    rc, lines = create_pt(sh, "bad4", extra="'device_tree=\"/etc/xen/demo.cfg\"'", ok=False)
    assert rc != 0 and any("device_tree" in l for l in lines), lines
    assert set(sh.domains()) == before, "a refused create left a domain behind"
