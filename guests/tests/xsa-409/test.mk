NAME := xsa-409
DESCRIPTION := XSA-409: sparse populate_physmap stops at the domain's stage-2 table pool (xen,domain-p2m-mem-mb = 1), the guest runs on
VCPUS := 1
MEMORY_MB := 32
P2M_MEM_MB := 1
HYPERVISORS := xen armvisor
