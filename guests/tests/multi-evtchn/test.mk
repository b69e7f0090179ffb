NAME := multi-evtchn
DESCRIPTION := Event channels between two domains: alloc_unbound/bind_interdomain both ways, ping-pong with upcalls, status, close
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
EXTRA_DOMAINS := multi-evtchn-peer
