NAME := hc-vcpu
DESCRIPTION := vcpu_op on Arm: register_vcpu_info and register_runstate_memory_area (errors, effects, runstate updates), other ops, vm_assist
VCPUS := 3
MEMORY_MB := 32
HYPERVISORS := xen armvisor
