NAME := contain-spin-yield
DESCRIPTION := Partner of contain-yield: announces itself to domain 1, then loops forever in WFE and SCHEDOP_yield
VCPUS := 1
MEMORY_MB := 16
HYPERVISORS := xen armvisor
ROLE := helper
