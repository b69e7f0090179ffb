NAME := domctl-denied
DESCRIPTION := A domain that is not the control domain gets -EPERM from domctl and sysctl (after -EACCES for a wrong interface version)
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
