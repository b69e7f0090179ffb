NAME := bench-vcpu-switch
DESCRIPTION := Benchmark: two vCPUs on one pCPU handing the CPU to each other with SCHEDOP_yield
VCPUS := 2
MEMORY_MB := 32
HYPERVISORS := xen armvisor
ROLE := bench
