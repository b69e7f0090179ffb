NAME := xsa-psci-cpu-on
DESCRIPTION := PSCI CPU_ON/AFFINITY_INFO with bad targets and entry points: vCPUs started at unmapped and MMIO addresses fault forever, harmlessly
VCPUS := 3
MEMORY_MB := 32
HYPERVISORS := xen armvisor
