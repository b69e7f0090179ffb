NAME := multi-eight-peer
DESCRIPTION := Partner of multi-eight (domains 2-8): hypercalls, a virtual-timer wait and a heartbeat event to domain 1, a few rounds
VCPUS := 1
MEMORY_MB := 16
HYPERVISORS := xen armvisor
ROLE := helper
