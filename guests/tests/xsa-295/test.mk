NAME := xsa-295
DESCRIPTION := XSA-295: event sends, unmasks and grant copies on words another vCPU of the guest hammers (plain stores, LDXR/STXR): bounded, no hang
VCPUS := 2
MEMORY_MB := 32
HYPERVISORS := xen armvisor
SMP := 2
