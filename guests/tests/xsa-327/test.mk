NAME := xsa-327
DESCRIPTION := XSA-327: VCPUOP_register_vcpu_info with misaligned or out-of-page offsets and bad frames is refused
VCPUS := 2
MEMORY_MB := 32
HYPERVISORS := xen armvisor
