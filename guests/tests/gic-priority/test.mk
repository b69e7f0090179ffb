NAME := gic-priority
DESCRIPTION := Interrupt priorities: pending SGIs taken in priority order, PMR masking, running priority, active state, preemption
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
