NAME := timer-spinner
DESCRIPTION := Partner guest of timer-descheduled: spins for 6 s with interrupts masked
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
ROLE := helper
