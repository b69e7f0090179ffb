NAME := contain-flood-console
DESCRIPTION := Partner of contain-flood: announces itself, then writes console_io lines in a tight loop, forever
VCPUS := 1
MEMORY_MB := 16
HYPERVISORS := xen armvisor
ROLE := helper
