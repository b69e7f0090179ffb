NAME := gnttab-frames
DESCRIPTION := Grant-table frames: add_to_physmap of frames 0 and 3 grows the table, query_size, the frames are shared with the hypervisor, frames past the maximum
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
