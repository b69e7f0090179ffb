# Objects in hyp/drivers
obj-y +=
obj-y += pl011.o gic.o gic-v2.o gic-v3.o
