NAME := xsa-188
DESCRIPTION := XSA-188/107/358: FIFO event channels: operations before and after failed EVTCHNOP_init_control, bad control blocks and array pages
VCPUS := 2
MEMORY_MB := 32
HYPERVISORS := xen armvisor
