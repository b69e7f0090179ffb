"""Boot tests: the hypervisor alone (no dom0) on QEMU virt boards.

The console lines these expect are defined in banner.py. Each boot is
expected to take ~2-3 s; every wait is bounded (conftest.py).

Malformed device trees: QEMU's -dtb loader (libfdt) refuses a DTB with a bad
magic or a truncated file before the hypervisor runs, so those cannot be fed
to armvisor this way; the corruptions used here are the ones that survive
QEMU's loading and editing of the tree (see fdt.py).
"""

import itertools
import shutil

import pytest

import banner
import fdt
from conftest import dump_dtb, fdtput, fdtput_delete_node

BANNER_TIMEOUT = 15  # s: QEMU start to the banner (normally well under 1 s)
STEP_TIMEOUT = 30  # s: banner to the last line, or to a fatal error
POWEROFF_TIMEOUT = 10  # s: last line to QEMU exiting
MIB = {"1G": 1024, "2G": 2048, "4G": 4096}

GICS, CPUS, SMPS, MEMS = (2, 3), ("cortex-a57", "max"), (1, 2, 4), ("1G", "4G")

# Quick matrix: every value of each dimension at least once, 8 boots.
QUICK_BOARDS = [
    (3, "cortex-a57", 1, "1G"),
    (3, "cortex-a57", 2, "4G"),
    (3, "max", 4, "1G"),
    (3, "max", 2, "4G"),
    (2, "cortex-a57", 4, "4G"),
    (2, "cortex-a57", 2, "1G"),
    (2, "max", 1, "4G"),
    (2, "max", 2, "1G"),
]
# The rest of the cartesian product, for make check-long.
LONG_BOARDS = [b for b in itertools.product(GICS, CPUS, SMPS, MEMS) if b not in QUICK_BOARDS]


def board_id(board):
    gic, cpu, smp, mem = board
    return "gic%d-%s-smp%d-%s" % (gic, cpu, smp, mem)


def expected_affinity(index, gic):
    """MPIDR affinity QEMU virt gives CPU `index` (clusters of 8 CPUs with
    GICv2, 16 with GICv3)."""
    cluster = 8 if gic == 2 else 16
    return ((index // cluster) << 8) | (index % cluster)


def expected_flavour(image):
    return image.parent.name if image.parent.name in ("debug", "release") else None


def boot_to_poweroff(q):
    """Wait for the banner, the no-dom0 line and the power-off."""
    q.expect(banner.BANNER, timeout=BANNER_TIMEOUT, what="the armvisor banner")
    q.expect(banner.NO_DOM0, timeout=STEP_TIMEOUT, what="the no-dom0 power-off line")
    q.expect_poweroff(timeout=POWEROFF_TIMEOUT)


def check_boot_banner(q, gic, smp, mem, append):
    """Check what the console said about the board against what QEMU built."""
    flavour = expected_flavour(q.image)
    m = q.require(banner.BANNER, "the armvisor banner")
    if flavour and m["flavour"] != flavour:
        q.fail("banner says flavour %r, image is from build/%s" % (m["flavour"], flavour))

    m = q.require(banner.CPUS, "the CPU count line")
    if int(m["count"]) != smp:
        q.fail("hypervisor reports %s CPUs, QEMU has -smp %d" % (m["count"], smp))

    m = q.require(banner.RAM, "the RAM line")
    if int(m["mib"]) != MIB[mem] or int(m["banks"]) != 1:
        q.fail("hypervisor reports %s MiB in %s bank(s), QEMU has -m %s in 1 bank" % (m["mib"], m["banks"], mem))

    m = q.require(banner.GIC, "the GIC line")
    if int(m["version"]) != gic:
        q.fail("hypervisor reports GICv%s, QEMU has gic-version=%d" % (m["version"], gic))

    m = q.require(banner.CMDLINE, "the command line")
    if append not in m["cmdline"]:
        q.fail("command line shown as %r, QEMU -append was %r" % (m["cmdline"], append))

    online = q.findall(banner.CPU_ONLINE)
    ids = sorted(int(x["cpu"]) for x in online)
    if ids != list(range(1, smp)):
        q.fail("secondary CPUs online: %s, expected CPU1..CPU%d once each" % (ids, smp - 1))
    for x in online:
        cpu, mpidr = int(x["cpu"]), int(x["mpidr"], 16)
        if mpidr & 0xFF00FFFFFF != expected_affinity(cpu, gic):
            q.fail("CPU%d reports MPIDR %s, expected affinity %#x" % (cpu, x["mpidr"], expected_affinity(cpu, gic)))


def _boot_and_check(qemu, board):
    gic, cpu, smp, mem = board
    append = "console=dtuart"
    q = qemu(gic=gic, cpu=cpu, smp=smp, mem=mem, append=append)
    boot_to_poweroff(q)
    check_boot_banner(q, gic, smp, mem, append)


@pytest.mark.parametrize("board", QUICK_BOARDS, ids=board_id)
def test_boot_without_dom0_powers_off(qemu, board):
    _boot_and_check(qemu, board)


@pytest.mark.long
@pytest.mark.parametrize("board", LONG_BOARDS, ids=board_id)
def test_boot_without_dom0_powers_off_full_matrix(qemu, board):
    _boot_and_check(qemu, board)


def test_unknown_command_line_options_warn_and_boot_continues(qemu):
    append = "console=dtuart frobnicate=1 armvisor_no_such_flag"
    q = qemu(gic=3, smp=2, mem="1G", append=append)
    boot_to_poweroff(q)
    q.require(banner.unknown_option("frobnicate"), "a warning naming the unknown option 'frobnicate'")
    q.require(banner.unknown_option("armvisor_no_such_flag"), "a warning naming 'armvisor_no_such_flag'")
    if q.search(banner.unknown_option("console")):
        q.fail("the known option 'console' was reported as unknown")
    check_boot_banner(q, 3, 2, "1G", append)


def test_entry_at_el1_is_refused(qemu):
    q = qemu(gic=3, smp=2, mem="1G", virtualization=False)
    q.expect(banner.NOT_EL2, timeout=STEP_TIMEOUT, what="the not-at-EL2 error")
    if banner.NOT_EL2_POWERS_OFF:
        q.expect_poweroff(timeout=POWEROFF_TIMEOUT)
    else:
        q.settle(1)
    if q.search(banner.NO_DOM0) or q.search(banner.CPU_ONLINE):
        q.fail("hypervisor went on booting after being entered at EL1")


def _cpu_reg_wrong_size(good, bad):
    shutil.copyfile(good, bad)
    # 3 bytes: not a whole number of cells (/cpus has #address-cells = 1).
    fdtput(bad, "/cpus/cpu@1", "reg", "01", "02", "03", type_="bx")


def _cpu_prop_bad_name_offset(good, bad):
    bad.write_bytes(fdt.bad_prop_nameoff(good.read_bytes(), "/cpus/cpu@0", "reg"))


def _cpus_node_missing(good, bad):
    shutil.copyfile(good, bad)
    fdtput_delete_node(bad, "/cpus")


MALFORMED_DTBS = {
    "cpu-reg-wrong-size": _cpu_reg_wrong_size,
    "prop-name-offset-out-of-range": _cpu_prop_bad_name_offset,
    "no-cpus-node": _cpus_node_missing,
}


@pytest.mark.parametrize("corruption", sorted(MALFORMED_DTBS))
def test_malformed_dtb_is_refused(qemu, tmp_path, corruption):
    board = dict(gic=3, cpu="cortex-a57", smp=2, mem="1G")
    good = dump_dtb(tmp_path / "board.dtb", **board)
    bad = tmp_path / ("%s.dtb" % corruption)
    MALFORMED_DTBS[corruption](good, bad)
    q = qemu(dtb=bad, **board)
    q.expect(banner.INVALID_DTB, timeout=STEP_TIMEOUT, what="an invalid-device-tree error")
    if banner.INVALID_DTB_POWERS_OFF:
        q.expect_poweroff(timeout=POWEROFF_TIMEOUT)
    else:
        q.settle(1)
    if q.search(banner.NO_DOM0) or q.search(banner.CPU_ONLINE):
        q.fail("hypervisor went on booting with a malformed device tree")
