NAME := contain-crash-loop
DESCRIPTION := Partner of contain-crash: announces itself, then turns its MMU off, points VBAR_EL1 at unmapped IPA 0 and faults: an endless abort loop through the hypervisor
VCPUS := 1
MEMORY_MB := 16
HYPERVISORS := xen armvisor
ROLE := helper
