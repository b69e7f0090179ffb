NAME := hc-memory
DESCRIPTION := memory_op: reservations, maximum_gpfn, unknown ops, bad buffers, add_to_physmap errors and shared_info placement
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
EXTRA_DOMAINS := hc-peer-idle
