NAME := xsa-98
DESCRIPTION := XSA-98: hypercall outputs and the runstate area through a read-only stage-1 mapping are not written
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
