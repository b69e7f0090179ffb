NAME := evtchn-fifo
DESCRIPTION := FIFO event channels: init_control and expand_array (errors, switch from 2-level), queues per vCPU and priority, links, masking and unmask, events pending across the switch
VCPUS := 2
MEMORY_MB := 32
HYPERVISORS := xen armvisor
