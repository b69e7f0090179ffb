NAME := bench-idle
DESCRIPTION := Benchmark helper: a 32 MiB domain that says it is up and then idles, while bench/run asks the hypervisor for its free memory
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
ROLE := bench
