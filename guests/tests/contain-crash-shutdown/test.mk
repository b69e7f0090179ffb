NAME := contain-crash-shutdown
DESCRIPTION := Partner of contain-crash: announces itself, then shuts down with SHUTDOWN_crash
VCPUS := 1
MEMORY_MB := 16
HYPERVISORS := xen armvisor
ROLE := helper
