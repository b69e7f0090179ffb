NAME := xsa-147-watchdog
DESCRIPTION := Helper of test_xsa147.py: arms a 1 s domain watchdog, then balloons 2 MiB out and in until it fires (the domain is shut down mid-operation); still running after 5 s is a FAILURE
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
ROLE := helper
SMP := 1
