NAME := contain-spin-irqoff
DESCRIPTION := Partner of contain-spin: announces itself to domain 1, then spins forever with all of DAIF masked
VCPUS := 1
MEMORY_MB := 16
HYPERVISORS := xen armvisor
ROLE := helper
