NAME := hypercall-unknown
DESCRIPTION := Unknown hypercall numbers give -ENOSYS; HVC/SMC with other immediates raise UNDEF
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
