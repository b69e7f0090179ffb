NAME := xsa-dabt
DESCRIPTION := Data aborts the hypervisor cannot decode (ISV=0: pairs, writeback, exclusives, DC ZVA/cache ops) and stage-1 walks into MMIO or nothing (S1PTW)
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
