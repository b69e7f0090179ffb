NAME := bench-evtchn-peer
DESCRIPTION := Partner of bench-evtchn (domain 2): binds domain 1's port and answers its pings
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
ROLE := bench
