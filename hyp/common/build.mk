# Objects in hyp/common
obj-y +=
obj-y += setup.o panic.o
obj-y += cmdline.o printk.o
obj-y += bootmem.o page_alloc.o xmalloc.o
obj-y += console.o irq.o timer.o
obj-y += bootinfo.o bootinfo_hw.o
obj-y += boot_params.o
obj-y += event_channel.o event_channel_op.o event_2l.o event_fifo.o hvm.o
obj-y += sched.o domain.o mmio.o hypercall.o version.o sched_op.o vcpu_op.o memory.o dom0less.o domain_dt.o
obj-y += console_io.o
obj-y += dom0.o
obj-y += platform.o
obj-y += keyhandler.o
obj-y += dom0_dt.o
obj-y += grant_table.o grant_table_map.o grant_table_copy.o grant_table_op.o
obj-y += debug_dump.o
obj-y += quiesce.o domain_vgic.o domctl.o domctl_vcpu.o domctl_hw.o sysctl.o memory_foreign.o
