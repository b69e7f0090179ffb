NAME := evtchn-loopback
DESCRIPTION := Event channels within one domain: IPI and loopback interdomain ports, 2-level pending/mask bits, PPI upcall on 2 vCPUs
VCPUS := 2
MEMORY_MB := 32
HYPERVISORS := xen armvisor
