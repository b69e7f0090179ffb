NAME := sched-op
DESCRIPTION := sched_op: yield, block and poll on events, watchdogs, remote shutdown, errors
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
