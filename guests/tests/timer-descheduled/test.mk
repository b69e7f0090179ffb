NAME := timer-descheduled
DESCRIPTION := Virtual and physical timer interrupts on time while a partner domain (timer-spinner) spins with interrupts masked, blocked in WFI and runnable
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
EXTRA_DOMAINS := timer-spinner
