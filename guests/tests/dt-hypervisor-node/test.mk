NAME := dt-hypervisor-node
DESCRIPTION := xen,enhanced domU: the /hypervisor DT node (compatible, grant window, event PPI) and an upcall on that PPI
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
XEN_ENHANCED := no-xenstore
