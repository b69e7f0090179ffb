# Objects in hyp/arch/arm64
obj-y +=
obj-y += head.o entry.o mm.o psci.o setup.o traps.o
obj-y += time.o
