NAME := xsa-102
DESCRIPTION := XSA-102/103: traps from AArch64 and AArch32 EL0 (stage-2 aborts, timer, PMU, debug and cp15 accesses, WFI, emulated MMIO) reach the guest's EL1 at the lower-EL vectors with ELR, SPSR and ESR of the EL0 instruction, or are emulated with the PC past exactly that instruction
VCPUS := 1
MEMORY_MB := 32
HYPERVISORS := xen armvisor
SRCS := main.c el0.S
