NAME := hyp-xen-version
DESCRIPTION := xen_version: version 4.17, strings, domU feature bits, error codes
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
