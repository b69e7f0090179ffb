NAME := bench-micro
DESCRIPTION := Benchmark: hypercall round trip, trapped GICD read, virtual timer latency (vCPU running / blocked in WFI)
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
ROLE := bench
