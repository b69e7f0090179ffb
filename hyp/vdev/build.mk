# Objects in hyp/vdev
obj-y +=
obj-y += vpsci.o vtimer.o
obj-y += vpl011.o
obj-y += vgic.o vgic-hw.o vgic-regs.o vgic-v2.o vgic-v3.o
