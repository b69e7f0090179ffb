NAME := hc-memory
DESCRIPTION := memory_op: reservations, maximum_gpfn, unknown ops, bad buffers, add_to_physmap errors and shared_info placement
VCPUS := 1
MEMORY_MB := 32
# armvisor still differs from Xen here: see the session note (issue 3).
HYPERVISORS := xen
EXTRA_DOMAINS := hc-peer-idle
