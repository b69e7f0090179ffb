NAME := xsa-147
DESCRIPTION := XSA-147: vCPUs 1-3 loop on decrease/populate_physmap, add_to_physmap of grant frames and shared_info, grant copies and event channels while vCPU 0 powers the domain off after a random delay; ballooning 2 MiB 640 times must not run out of memory
VCPUS := 4
MEMORY_MB := 32
HYPERVISORS := xen armvisor
SMP := 2
