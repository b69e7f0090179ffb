"""The console contract: every regex the integration tests match against
armvisor's serial output lives here, so it can be adjusted in one place.

Expected boot console (PL011), in this order:

    (HYP) armvisor 0.1 (debug) ...
    (HYP) CPUs: 4 (MPIDRs ...)            number of CPUs found and started
    (HYP) RAM: 4096 MiB in 1 bank(s) ...  total RAM in MiB
    (HYP) GIC: v3 ...                     GIC version
    (HYP) Command line: ...
    (HYP) CPU1 online, MPIDR 0x1 ...      one line per secondary CPU
    (HYP) No dom0 kernel given: nothing to run. Powering off.

Regexes are searched (re.MULTILINE) in output whose lines end in "\\r\\n":
do not end one with "$"; match the rest of a line with [^\\r\\n]*.
"""

# Every line the hypervisor prints starts with this.
PREFIX = r"\(HYP\) "

# First line: sign of life.
BANNER = PREFIX + r"armvisor (?P<version>\d+\.\d+[^\s(]*) \((?P<flavour>debug|release)\)"

# CPUs found and started (boot CPU included).
CPUS = PREFIX + r"CPUs: (?P<count>\d+)\b"

# Total RAM in MiB and number of banks.
RAM = PREFIX + r"RAM: (?P<mib>\d+) MiB in (?P<banks>\d+) bank\(s\)"

# GIC architecture version found in the device tree.
GIC = PREFIX + r"GIC: v(?P<version>[234])\b"

# The hypervisor's command line (QEMU -append, i.e. /chosen/bootargs).
CMDLINE = PREFIX + r"Command line: (?P<cmdline>[^\r\n]*)"

# One line per secondary CPU brought online. MPIDR is printed in hex; tests
# compare its affinity fields only (bit 31, RES1, may be shown or not).
CPU_ONLINE = PREFIX + r"CPU(?P<cpu>\d+) online, MPIDR (?P<mpidr>0x[0-9a-fA-F]+)"

# Last line of a boot without a dom0: QEMU must exit (PSCI SYSTEM_OFF) after.
NO_DOM0 = PREFIX + r"No dom0 kernel given: nothing to run\. Powering off\."


# A warning about an unknown command-line option, naming it. Accepts e.g.
#   (HYP) Warning: unknown command-line option 'frobnicate=1' ignored
#   (HYP) parameter "frobnicate" unknown!          (Xen's wording)
def unknown_option(name):
    import re

    n = re.escape(name)
    return PREFIX + r"[^\r\n]*(?:[Uu]nknown[^\r\n]*%s|%s[^\r\n]*unknown)" % (n, n)


# Fatal boot errors. The message may come with or without PREFIX.
INVALID_DTB = r"Invalid device tree"
NOT_EL2 = r"armvisor must be entered at EL2"
# Whether the hypervisor powers the machine off (so QEMU must exit with
# status 0) after these fatal errors. If False the tests check the message,
# read one more second to see that boot does not go on, then kill QEMU.
# (docs/design.md: at EL1 armvisor prints why it cannot run and stops.)
INVALID_DTB_POWERS_OFF = False
NOT_EL2_POWERS_OFF = False

# Anything that means the hypervisor crashed: fails a test at once, wherever
# it appears (the tests keep reading for a moment to capture the backtrace).
# Hypervisor lines only: a guest's own output is "(HYP) (dN) ..." and may
# well report its own unexpected exceptions.
_HYP_LINE = r"\(HYP\) (?!\(d\d+\) )"
PANIC = (
    _HYP_LINE + r"[^\r\n]*\b(?:PANIC|[Pp]anic)\b"
    r"|" + _HYP_LINE + r"[^\r\n]*(?:Unhandled|Unexpected) (?:exception|trap)"
    r"|" + _HYP_LINE + r"[^\r\n]*(?:Assertion|ASSERT|BUG)\b[^\r\n]*failed"
)
