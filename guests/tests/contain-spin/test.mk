NAME := contain-spin
DESCRIPTION := Containment: a partner spinning with all interrupts masked does not stop domain 1 from running
VCPUS := 1
MEMORY_MB := 16
HYPERVISORS := xen armvisor
EXTRA_DOMAINS := contain-spin-irqoff
# One pCPU: domain 1 runs only if the hypervisor preempts the spinner.
SMP := 1 2
