NAME := fuzz-heartbeat
DESCRIPTION := Partner of fuzz-hypercall (domain 2): console heartbeat, answers domain 1's pings unless it was starved
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
ROLE := helper
