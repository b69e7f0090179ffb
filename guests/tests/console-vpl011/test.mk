NAME := console-vpl011
DESCRIPTION := The vpl011 (SBSA UART) of a dom0less domU: DT node, registers, output incl. the result line
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
