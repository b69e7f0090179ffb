NAME := contain-flood-uart
DESCRIPTION := Partner of contain-flood: announces itself, then writes its vpl011 data register in a tight loop, forever
VCPUS := 1
MEMORY_MB := 16
HYPERVISORS := xen armvisor
ROLE := helper
