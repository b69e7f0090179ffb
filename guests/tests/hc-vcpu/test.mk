NAME := hc-vcpu
DESCRIPTION := vcpu_op on Arm: register_vcpu_info and register_runstate_memory_area (errors, effects, runstate updates), other ops, vm_assist
VCPUS := 3
MEMORY_MB := 32
# armvisor still differs from Xen here: see the session note (issue 3).
HYPERVISORS := xen
