NAME := xsa-317
DESCRIPTION := XSA-317/221/342/344: event-channel port numbers past every limit, exhausting ports, polling them all, a bounded reset
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
