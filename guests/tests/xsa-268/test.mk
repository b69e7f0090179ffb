NAME := xsa-268
DESCRIPTION := XSA-268/255/382: grant table version 2 and its status frames are refused on Arm
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
XEN_ENHANCED := no-xenstore
