# Objects in hyp/arch/arm64
obj-y +=
obj-y += head.o entry.o mm.o psci.o setup.o traps.o
obj-y += time.o
obj-y += vcpu.o fpsimd.o p2m.o p2m_pt.o vtraps.o vtraps32.o guest_access.o vcpu_context.o
