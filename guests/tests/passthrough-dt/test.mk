NAME := passthrough-dt
DESCRIPTION := Dom0less passthrough of QEMU virt's PL061 GPIO (xen,passthrough host node, partial DT with xen,reg/xen,path): DT copy, MMIO, its SPI, faults elsewhere
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
PASSTHROUGH := /pl061@9030000
PARTIAL_DTS := partial.dts
