NAME := xsa-232
DESCRIPTION := XSA-232: GNTTABOP_cache_flush over machine pages of no or another grant table fails cleanly
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
