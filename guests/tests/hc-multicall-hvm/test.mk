NAME := hc-multicall-hvm
DESCRIPTION := multicall (results per entry, nesting, bad and partly unreadable lists, long and 32-bit counts) and hvm_op (params a domU may read or set, other ops)
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
EXTRA_DOMAINS := hc-peer-idle
