NAME := xsa-consoleio
DESCRIPTION := console_io with huge, negative and wrapping counts and bad buffers: errors, never a hang or overflow
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
