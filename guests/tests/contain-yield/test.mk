NAME := contain-yield
DESCRIPTION := Containment: a partner looping in WFE and SCHEDOP_yield does not stop domain 1 from running
VCPUS := 1
MEMORY_MB := 16
HYPERVISORS := xen armvisor
EXTRA_DOMAINS := contain-spin-yield
# One pCPU: both domains share it.
SMP := 1 2
