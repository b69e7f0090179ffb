"""A bounded run of the guest fuzzer (make check); make fuzz runs it long.

guests/tests/fuzz-hypercall (domain 1) fuzzes hypercalls, SMCCC, MMIO and
trapped system registers from a seed while guests/tests/fuzz-heartbeat
(domain 2) keeps a heartbeat; tests/fuzz/guestfuzz.py judges a run (no
panic, no hang, the heartbeat goes on, domain 1 ends with SUCCESS or is
crashed cleanly). The default seed already runs in test_guests.py on every
hypervisor; here each make check adds fresh random seeds on armvisor, in
the configurations where scheduling is tightest (one pCPU) and where the
vCPUs really run in parallel. A failure names the seed:

  tests/fuzz/run-guest-fuzz --seeds 0x<seed> --gic N --smp N
  FUZZ_SEEDS=0x<seed>,... pytest-3 tests/integration/test_guest_fuzz.py

Domain 1's console: build/results/logs/fuzz-guest-<seed>-*.log.
"""

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fuzz"))
import guestfuzz  # noqa: E402

CONFIGS = [(2, 1), (3, 2), (3, 1)]


def _seeds():
    given = os.environ.get("FUZZ_SEEDS")
    if given:
        return [int(s, 0) for s in given.split(",") if s]
    return [guestfuzz.random_seed() for _ in CONFIGS]


SEEDS = _seeds()


@pytest.fixture(scope="module")
def fuzz_guests_built():
    try:
        guestfuzz.build_guests()
    except RuntimeError as e:
        pytest.fail(str(e), pytrace=False)


@pytest.mark.parametrize("index", range(len(SEEDS)), ids=["run%d" % i for i in range(len(SEEDS))])
def test_guest_fuzz_random_seed(index, fuzz_guests_built, tmp_path):
    hyp = guestfuzz.guestlib.HYPERVISORS["armvisor"]
    if not hyp.image.is_file():
        pytest.fail("armvisor image %s not found: %s" % (hyp.image, hyp.missing_hint), pytrace=False)
    seed = SEEDS[index]
    gic, smp = CONFIGS[index % len(CONFIGS)]
    v = guestfuzz.run_seed(seed, "armvisor", gic, smp, tmpdir=tmp_path)
    print("%s: %s" % (v.name, v.what))
    if not v.ok:
        pytest.fail("%s: %s\n  reproduce: %s\n  log: %s" % (v.name, v.what, v.reproduce(), v.log), pytrace=False)
