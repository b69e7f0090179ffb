NAME := xsa-93
DESCRIPTION := XSA-93: debug and PMU registers are trapped or per vCPU; one vCPU's values never show on another
VCPUS := 2
MEMORY_MB := 32
HYPERVISORS := xen armvisor
