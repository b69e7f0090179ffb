NAME := bench-evtchn
DESCRIPTION := Benchmark: event-channel ping-pong between two domains (domain 2 is bench-evtchn-peer)
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
EXTRA_DOMAINS := bench-evtchn-peer
ROLE := bench
