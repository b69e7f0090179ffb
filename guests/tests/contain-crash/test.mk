NAME := contain-crash
DESCRIPTION := Containment: partners that crash (an endless stage-2 abort loop; SHUTDOWN_crash) do not stop domain 1
VCPUS := 1
MEMORY_MB := 16
HYPERVISORS := xen armvisor
EXTRA_DOMAINS := contain-crash-loop contain-crash-shutdown
SMP := 1 2
# armvisor logs a domain's shutdown and its reason (Xen, without a
# toolstack, says nothing).
EXPECT_LOG_ARMVISOR := \(HYP\) Domain 3 \([^)]*\) shut down: crash
