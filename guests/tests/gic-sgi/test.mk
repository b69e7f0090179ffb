NAME := gic-sgi
DESCRIPTION := SGIs among 4 vCPUs: self, each-to-each, target lists, IRM/filters, ICENABLER-masked and PSTATE-masked SGIs, exact counts
VCPUS := 4
MEMORY_MB := 32
HYPERVISORS := xen armvisor
