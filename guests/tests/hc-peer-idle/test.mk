NAME := hc-peer-idle
DESCRIPTION := Partner of the hc-* tests: another domain (domain 2) that exists and idles in WFI, for "not your domain" checks
VCPUS := 1
MEMORY_MB := 16
HYPERVISORS := xen armvisor
ROLE := helper
