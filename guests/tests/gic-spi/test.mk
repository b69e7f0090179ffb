NAME := gic-spi
DESCRIPTION := SPIs set pending by the guest: GICD_TYPER lines, out-of-range INTIDs, routing to 2 vCPUs, edge/level, enable, pending, ICPENDR
VCPUS := 2
MEMORY_MB := 32
HYPERVISORS := xen armvisor
