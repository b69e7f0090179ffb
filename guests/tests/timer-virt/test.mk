NAME := timer-virt
DESCRIPTION := Virtual timer (PPI 27): CVAL/TVAL deadlines and lateness, ISTATUS, IMASK, enable, WFI wake-up, 2 vCPUs with their own timers
VCPUS := 2
MEMORY_MB := 32
HYPERVISORS := xen armvisor
