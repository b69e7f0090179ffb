NAME := xsa-91
DESCRIPTION := XSA-91: CNTKCTL_EL1 and other EL1/EL0 registers keep per-vCPU values across context switches
VCPUS := 2
MEMORY_MB := 32
HYPERVISORS := xen armvisor
