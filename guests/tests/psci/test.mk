NAME := psci
DESCRIPTION := PSCI 1.1 through the HVC conduit: version, features, CPU_ON/OFF of 4 vCPUs, AFFINITY_INFO, errors
VCPUS := 4
MEMORY_MB := 32
HYPERVISORS := xen armvisor
