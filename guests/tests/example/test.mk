NAME := example
DESCRIPTION := Boot the runtime, print hello, report SUCCESS
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
