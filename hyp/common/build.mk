# Objects in hyp/common
obj-y +=
obj-y += setup.o panic.o
obj-y += cmdline.o printk.o
obj-y += bootmem.o page_alloc.o xmalloc.o
obj-y += console.o irq.o timer.o
obj-y += bootinfo.o bootinfo_hw.o
obj-y += boot_params.o
