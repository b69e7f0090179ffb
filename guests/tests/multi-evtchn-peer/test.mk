NAME := multi-evtchn-peer
DESCRIPTION := Partner of multi-evtchn (domain 2): binds to domain 1's port, answers its pings, pings back
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
ROLE := helper
