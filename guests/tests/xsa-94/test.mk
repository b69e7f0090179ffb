NAME := xsa-94
DESCRIPTION := XSA-94: vGIC distributor/redistributor registers for INTIDs and vCPUs that do not exist, every size, reserved gaps
VCPUS := 2
MEMORY_MB := 32
HYPERVISORS := xen armvisor
