NAME := multi-eight
DESCRIPTION := Eight domains at once on 2 pCPUs: seven partners each do hypercalls and timer waits and report heartbeats to domain 1 over event channels
VCPUS := 1
MEMORY_MB := 16
HYPERVISORS := xen armvisor
EXTRA_DOMAINS := multi-eight-peer multi-eight-peer multi-eight-peer multi-eight-peer multi-eight-peer multi-eight-peer multi-eight-peer
# "8 domains at once on 2 pCPUs": the same machine on every hypervisor.
SMP := 2
