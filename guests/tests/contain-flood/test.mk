NAME := contain-flood
DESCRIPTION := Containment: partners flooding console_io and their vpl011 do not stop domain 1 or its console output
VCPUS := 1
MEMORY_MB := 16
HYPERVISORS := xen armvisor
EXTRA_DOMAINS := contain-flood-console contain-flood-uart
SMP := 1 2
# Domain 1's first and last numbered lines reached the console, whole.
EXPECT_LOG_XEN := (?s)\(d1\) domain 1 line 1/20\r?\n.*\(d1\) domain 1 line 20/20\r?\n
EXPECT_LOG_ARMVISOR := (?s)\(d1\) domain 1 line 1/20\r?\n.*\(d1\) domain 1 line 20/20\r?\n
