NAME := xsa-147-watchdog-lock
DESCRIPTION := Helper of test_xsa147.py: arms a 1 s domain watchdog, then loops on add_to_physmap(shared_info) and grant-table query_size/setup_table (short paths holding the domain lock) until it fires; still running after 5 s is a FAILURE
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
ROLE := helper
SMP := 1
