NAME := xsa-122
DESCRIPTION := XSA-122: xen_version string outputs leak no hypervisor stack bytes after the NUL
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
