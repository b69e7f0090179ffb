NAME := runtime-crash
DESCRIPTION := Runtime self-test: an unexpected data abort on a secondary vCPU ends the test with ERROR
VCPUS := 2
MEMORY_MB := 32
HYPERVISORS := xen armvisor
EXPECT := ERROR
