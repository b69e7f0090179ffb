NAME := console-io
DESCRIPTION := console_io: writes (lengths, bad buffers), reads, unknown commands
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
