NAME := xsa-231
DESCRIPTION := XSA-231/158/393: memory_op with bad NUMA nodes, huge orders and counts; a ballooned-out page is really gone
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
