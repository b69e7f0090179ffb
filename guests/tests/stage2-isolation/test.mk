NAME := stage2-isolation
DESCRIPTION := Accesses outside the domain's RAM and devices fault (data/instruction abort injected)
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
