NAME := xsa-316
DESCRIPTION := XSA-316: failed GNTTABOP_map_grant_ref entries report negative statuses and leave nothing mapped
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
