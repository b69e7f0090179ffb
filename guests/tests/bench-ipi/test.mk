NAME := bench-ipi
DESCRIPTION := Benchmark: virtual IPI ping-pong, SGI from vCPU 0 to vCPU 1 and back, both waiting in WFI
VCPUS := 2
MEMORY_MB := 32
HYPERVISORS := xen armvisor
ROLE := bench
