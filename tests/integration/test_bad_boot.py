"""Bad boot inputs: device trees QEMU passes through unchanged but the
hypervisor must refuse, absurd command-line values, and broken dom0less
domain nodes. The contract (docs/robustness.md):

  - a boot DT the hypervisor cannot trust ends the boot with one clear
    message ("Invalid device tree: <why>", banner.INVALID_DTB) and a clean
    stop: no CPU brought up, no domain built, no panic;
  - a bad command-line value draws a warning naming the option, and the
    boot goes on;
  - a bad dom0less domain node draws an error naming the domain; the other
    domains still boot.

How the DTBs are made: QEMU's own board DTB (dump_dtb) is decompiled,
edited as text and recompiled with dtc, then given with -dtb. QEMU keeps
what we add except nodes named "memory"/"memory@...", which it replaces
with its own /memory@40000000: extra RAM is therefore described by nodes
with another name and device_type = "memory" (which the hypervisor reads
just the same). Modules only need their /chosen nodes (reg): their bytes
are not loaded, except for the dom0less test, which boots real guests.
"""

import re
from pathlib import Path

import pytest

import banner
import guestlib
from conftest import dtb_to_dts, dts_to_dtb, dump_dtb

STEP_TIMEOUT = 30
POWEROFF_TIMEOUT = 10
BOARD = dict(gic=3, cpu="cortex-a57", smp=2, mem="1G")
# QEMU loads the hypervisor's Image at 0x40200000 (RAM base + 2 MiB).
HYP_LOAD = 0x40200000
RAM_END = 0x80000000  # 1 GiB at 0x40000000


def cells(v):
    return "0x%x 0x%x" % (v >> 32, v & 0xFFFFFFFF)


def reg(addr, size):
    return "reg = <%s %s>;" % (cells(addr), cells(size))


def module_node(addr, size, kind="kernel", name=None):
    compat = {
        "kernel": '"multiboot,kernel", "multiboot,module"',
        "ramdisk": '"multiboot,ramdisk", "multiboot,module"',
    }[kind]
    return "%s { compatible = %s; %s };" % (name or "module@%x" % addr, compat, reg(addr, size))


def domain_node(name, modules, cpus=1, memory_kib=32768, extra=""):
    props = ['compatible = "xen,domain";', "#address-cells = <2>;", "#size-cells = <2>;"]
    if cpus is not None:
        props.append("cpus = <%d>;" % cpus)
    if memory_kib is not None:
        props.append("memory = <%s>;" % cells(memory_kib))
    return "%s { %s %s %s };" % (name, " ".join(props), extra, " ".join(modules))


def edit_dtb(tmp_path, name, chosen="", root="", memreserve=(), bootargs="console=dtuart"):
    """The board DTB with `chosen` added inside /chosen, `root` at the
    top level and /memreserve/ entries, compiled to tmp_path/name.dtb."""
    good = dump_dtb(tmp_path / "board.dtb", **BOARD)
    dts = dtb_to_dts(good)
    head = "/dts-v1/;\n" + "".join("/memreserve/ 0x%x 0x%x;\n" % r for r in memreserve)
    dts = dts.replace("/dts-v1/;\n", head, 1)
    # Properties first, then subnodes (dtc insists), in /chosen.
    start = dts.find("\n\tchosen {")
    assert start >= 0, "no /chosen in the board DTB"
    end = dts.find("\n\t};", start)
    props = '\n\t\txen,xen-bootargs = "%s"; #address-cells = <2>; #size-cells = <2>;' % bootargs
    head_end = start + len("\n\tchosen {")
    dts = dts[:head_end] + props + dts[head_end:end] + "\n\t\t" + chosen + dts[end:]
    # Root-level additions go just before the root's closing brace.
    idx = dts.rstrip().rfind("};")
    dts = dts[:idx] + root + "\n" + dts[idx:]
    return dts_to_dtb(dts, tmp_path / ("%s.dtb" % name))


def expect_refused(q, what):
    """One 'Invalid device tree' message, then nothing more of the boot."""
    __tracebackhide__ = True
    m = q.expect(banner.INVALID_DTB + r"[^\r\n]*", timeout=STEP_TIMEOUT, what="an invalid-device-tree error (%s)" % what)
    if banner.INVALID_DTB_POWERS_OFF:
        q.expect_poweroff(timeout=POWEROFF_TIMEOUT)
    else:
        q.settle(1.5)
    if q.search(banner.NO_DOM0) or q.search(banner.CPU_ONLINE) or q.search(r"Domain \d+ \("):
        q.fail("the boot went on after '%s'" % m.group(0).strip())
    if len(q.findall(banner.INVALID_DTB)) != 1:
        q.fail("expected exactly one invalid-device-tree message")
    return m.group(0)


# ---- device trees that must be refused ----


def _modules_overlap(tmp):
    return edit_dtb(
        tmp,
        "modules-overlap",
        chosen=domain_node("domU1", [module_node(0x50000000, 0x20000)]) + domain_node("domU2", [module_node(0x50010000, 0x20000)]),
    )


def _module_overlaps_hypervisor(tmp):
    return edit_dtb(tmp, "module-overlaps-hyp", chosen=domain_node("domU1", [module_node(HYP_LOAD + 0x1000, 0x10000)]))


def _module_overlaps_reserved_memory(tmp):
    resv = "reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges; " "fw@50000000 { %s no-map; }; };" % reg(0x50000000, 0x100000)
    return edit_dtb(tmp, "module-overlaps-resv", chosen=domain_node("domU1", [module_node(0x50080000, 0x10000)]), root=resv)


def _module_overlaps_memreserve(tmp):
    return edit_dtb(tmp, "module-overlaps-memreserve", chosen=domain_node("domU1", [module_node(0x50080000, 0x10000)]), memreserve=[(0x50000000, 0x100000)])


def _module_outside_ram(tmp):
    return edit_dtb(tmp, "module-outside-ram", chosen=domain_node("domU1", [module_node(0x100000000, 0x10000)]))


def _module_wraps(tmp):
    return edit_dtb(tmp, "module-wraps", chosen=domain_node("domU1", [module_node(0xFFFFFFFFFFFFF000, 0x2000)]))


def _memory_overlapping(tmp):
    return edit_dtb(tmp, "memory-overlapping", root='ram@60000000 { device_type = "memory"; %s };' % reg(0x60000000, 0x40000000))


def _memory_outside_pa_range(tmp):
    # Cortex-A57 has 44 physical address bits: 2^48 is no address at all.
    return edit_dtb(tmp, "memory-beyond-pa", root='ram@1000000000000 { device_type = "memory"; %s };' % reg(1 << 48, 0x40000000))


def _memory_wraps(tmp):
    return edit_dtb(tmp, "memory-wraps", root='ram@fffffffffffff000 { device_type = "memory"; %s };' % reg(0xFFFFFFFFFFFFF000, 0x2000))


def _cpus_without_cpu_nodes(tmp):
    good = dump_dtb(tmp / "board.dtb", **BOARD)
    dts = dtb_to_dts(good)
    # Drop every cpu@N node (and cpu-map, which refers to them).
    dts = re.sub(r"\n\t\tcpu-map \{.*?\n\t\t\};", "", dts, flags=re.S)
    dts = re.sub(r"\n\t\tcpu@[0-9a-f]+ \{.*?\n\t\t\};", "", dts, flags=re.S)
    return dts_to_dtb(dts, tmp / "no-cpu-nodes.dtb")


REFUSED = {
    # name: (maker, what the message is about)
    "modules-overlap-each-other": (_modules_overlap, "overlapping modules"),
    "module-overlaps-hypervisor": (_module_overlaps_hypervisor, "a module over the hypervisor image"),
    "module-overlaps-reserved-memory": (_module_overlaps_reserved_memory, "a module in /reserved-memory"),
    "module-overlaps-memreserve": (_module_overlaps_memreserve, "a module in a /memreserve/ entry"),
    "module-outside-ram": (_module_outside_ram, "a module outside RAM"),
    "module-wraps-address-space": (_module_wraps, "a module wrapping the address space"),
    "memory-banks-overlap": (_memory_overlapping, "overlapping memory banks"),
    "memory-beyond-pa-range": (_memory_outside_pa_range, "RAM past the CPU's physical address range"),
    "memory-wraps-address-space": (_memory_wraps, "a memory bank wrapping the address space"),
    "cpus-without-cpu-nodes": (_cpus_without_cpu_nodes, "no CPU"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_bad_dtb_is_refused(qemu, tmp_path, case):
    maker, what = REFUSED[case]
    dtb = maker(tmp_path)
    q = qemu(dtb=dtb, append=None, **BOARD)
    expect_refused(q, what)


# ---- absurd command-line values: warnings, the boot goes on ----


def _boot_to_poweroff(q):
    q.expect(banner.BANNER, timeout=15, what="the armvisor banner")
    q.expect(banner.NO_DOM0, timeout=STEP_TIMEOUT, what="the no-dom0 power-off line")
    q.expect_poweroff(timeout=POWEROFF_TIMEOUT)


def _warned_about(q, option):
    """A hypervisor line (not the echo of the command line) that warns
    about `option`."""
    for line in q.output.splitlines():
        if not line.startswith("(HYP) ") or line.startswith("(HYP) Command line:") or line.startswith("(HYP) cmdline: "):
            continue
        if option in line and re.search(r"[Ww]arning|[Ii]nvalid|[Bb]ad|[Uu]nknown|ignored|too (big|large)|exceeds|not ", line):
            return line
    return None


ABSURD = {
    # option=value: must the hypervisor warn about it? (a value it cannot
    # use at all must be reported; a legal but pointless one may be)
    "loglvl=bogus": True,
    "guest_loglvl=bogus/": True,
    "dom0_mem=999999999999T": True,  # overflows 64 bits
    "dom0_max_vcpus=0": True,
    "dom0_max_vcpus=100000": True,
    "sched=no-such-scheduler": True,
    "printk_ratelimit_ms=99999999999999999999": True,
    "maxcpus=notanumber": True,
}


@pytest.mark.parametrize("option", sorted(ABSURD))
def test_absurd_cmdline_value_warns_and_boot_continues(qemu, option):
    append = "console=dtuart " + option
    q = qemu(append=append, **BOARD)
    _boot_to_poweroff(q)
    name = option.split("=", 1)[0]
    if ABSURD[option] and not _warned_about(q, name):
        q.fail("no warning about '%s'" % option)


def test_huge_but_valid_sizes_boot_continues(qemu):
    """dom0_mem=999999T is a valid size (about 2^60 bytes), just more than
    there is; maxcpus=0 leaves only the boot CPU. Without a dom0 neither
    stops the boot; maxcpus=0 must be honoured (or refused with a
    warning), never crash."""
    q = qemu(append="console=dtuart dom0_mem=999999T maxcpus=0", **BOARD)
    _boot_to_poweroff(q)
    m = q.require(banner.CPUS, "the CPU count line")
    online = len(q.findall(banner.CPU_ONLINE))
    if online and not _warned_about(q, "maxcpus"):
        q.fail("maxcpus=0: %d secondary CPU(s) started without a warning (%s)" % (online, m.group(0)))


# ---- dom0less: a broken domain node, the others still boot ----


def test_dom0less_bad_domain_nodes_others_boot(qemu, tmp_path):
    ok, out = guestlib.build_guests()
    if not ok:
        pytest.fail("building the guests failed:\n" + out[-3000:], pytrace=False)
    image = guestlib.load_test("example").image
    size = Path(image).stat().st_size
    good_addr = 0x50000000
    bad = [
        ("nocpus", dict(cpus=None)),
        ("nomemory", dict(memory_kib=None)),
        ("zerocpus", dict(cpus=0)),
        ("zeromemory", dict(memory_kib=0)),
        ("hugecpus", dict(cpus=100000)),
    ]
    nodes = domain_node("good", [module_node(good_addr, size)])
    for i, (name, kw) in enumerate(bad):
        # Their kernels are copies of the good one (not loaded: it does
        # not matter, they must be refused before being looked at).
        nodes += domain_node(name, [module_node(0x51000000 + i * 0x100000, size)], **kw)
    dtb = edit_dtb(tmp_path, "dom0less-bad-domains", chosen=nodes, bootargs="console=dtuart noreboot")
    q = qemu(
        dtb=dtb,
        append=None,
        extra=["-device", "loader,file=%s,addr=0x%x,force-raw=on" % (image, good_addr)],
        **BOARD,
    )
    # The good domain is the first to be built: domain 1.
    q.expect(r"\(d1\) Test result: SUCCESS", timeout=60, what="the good domain's SUCCESS")
    q.settle(1)
    out = q.output
    for name, _ in bad:
        lines = [l for l in out.splitlines() if name in l and re.search(r"(missing|bad|cannot|invalid|refus)", l, re.I)]
        if not lines:
            q.fail("no clear error naming domain node '%s'" % name)
    if q.search(banner.PANIC):
        q.fail("the hypervisor panicked")
