NAME := xsa-117
DESCRIPTION := XSA-117: SGIs with the reserved GICD_SGIR filter, to vCPUs that do not exist, every ICC_SGI1R_EL1 field
VCPUS := 2
MEMORY_MB := 32
HYPERVISORS := xen armvisor
