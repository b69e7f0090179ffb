NAME := timer-phys
DESCRIPTION := Physical timer (PPI 30, trapped and emulated): CTL/CVAL/TVAL semantics, ISTATUS, IMASK, deadlines, cancel, WFI wake-up
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
