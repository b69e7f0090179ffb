# Host unit tests: each test_NAME.c is linked with the hypervisor sources
# listed in UNIT_SRCS_NAME plus the fake arch (hyp/arch/host/*.c), and the
# host libraries in UNIT_LDLIBS_NAME (test-side only, e.g. -lz for vectors).
UNIT_TESTS :=

# Boot allocator, buddy allocator and its boot scrubbing
# (tests/unit/page_alloc_test_util.h).
UNIT_TESTS += bootmem page_alloc page_alloc_scrub
UNIT_SRCS_page_alloc := hyp/common/bootmem.c hyp/common/page_alloc.c
UNIT_SRCS_bootmem := $(UNIT_SRCS_page_alloc)
UNIT_SRCS_page_alloc_scrub := $(UNIT_SRCS_page_alloc)
UNIT_TESTS += xmalloc
UNIT_SRCS_xmalloc := hyp/common/bootmem.c hyp/common/page_alloc.c \
	hyp/common/xmalloc.c

# Command line, printk and the freestanding C library (hyp/lib). A test may
# add compiler flags with UNIT_CFLAGS_NAME. hyp/lib's libc-named functions
# are built under other names so they can sit next to the host's libc.
UNIT_TESTS += cmdline printk vsnprintf string
UNIT_SRCS_cmdline := hyp/common/cmdline.c hyp/common/printk.c \
	hyp/lib/strtoull.c
UNIT_SRCS_printk := hyp/common/printk.c hyp/common/cmdline.c \
	hyp/lib/strtoull.c
UNIT_SRCS_vsnprintf := hyp/lib/vsnprintf.c
UNIT_CFLAGS_vsnprintf := -U_FORTIFY_SOURCE -fno-builtin \
	-Dvsnprintf=hyp_test_vsnprintf -Dsnprintf=hyp_test_snprintf
UNIT_SRCS_string := hyp/lib/string.c hyp/lib/strtoull.c
UNIT_CFLAGS_string := -U_FORTIFY_SOURCE -fno-builtin \
	$(foreach f,memcpy memmove memset memcmp memchr strlen strnlen strcmp \
		strncmp strchr strrchr strstr,-D$(f)=hyp_test_$(f))

# FDT reader and boot DT parsing. Their DTBs are built into build/host/data/:
# tests/unit/data/*.dts through dtc, plus DTBs dumped by QEMU's virt machine
# when qemu-system-aarch64 is installed (the tests skip those otherwise).
# The tests read $ARMVISOR_TEST_DATA, else data/ next to the test binary.
UNIT_TESTS += fdt fdt_malformed
UNIT_SRCS_fdt := hyp/lib/fdt.c hyp/lib/fdt_ro.c
UNIT_SRCS_fdt_malformed := $(UNIT_SRCS_fdt)
UNIT_TESTS += bootinfo bootinfo_errors
UNIT_SRCS_bootinfo := hyp/lib/fdt.c hyp/lib/fdt_ro.c hyp/common/bootinfo.c \
	hyp/common/bootinfo_hw.c
UNIT_SRCS_bootinfo_errors := $(UNIT_SRCS_bootinfo)
UNIT_TESTS += bootinfo_check
UNIT_SRCS_bootinfo_check := hyp/lib/fdt.c hyp/lib/fdt_ro.c \
	hyp/common/bootinfo.c hyp/common/bootinfo_hw.c hyp/common/bootinfo_check.c

DTC ?= dtc
QEMU_AARCH64 ?= qemu-system-aarch64
UNIT_DATA := $(BUILD)/host/data
UNIT_DTBS := $(patsubst tests/unit/data/%.dts,$(UNIT_DATA)/%.dtb,\
	$(wildcard tests/unit/data/*.dts))
ifneq ($(shell command -v $(QEMU_AARCH64) 2>/dev/null),)
UNIT_DTBS += $(UNIT_DATA)/qemu-virt-gic3.dtb $(UNIT_DATA)/qemu-virt-gic2.dtb \
	$(UNIT_DATA)/qemu-virt-loader.dtb
endif

$(UNIT_DATA)/%.dtb: tests/unit/data/%.dts
	@mkdir -p $(dir $@)
	$(DTC) -q -I dts -O dtb -o $@ $<

QEMU_DUMPDTB = $(QEMU_AARCH64) -cpu cortex-a57 -smp 4 -m 4G -nographic \
	-M virt,virtualization=on,gic-version=$(1),dumpdtb=$@ </dev/null

# The DTB QEMU gives a guest, at GIC version 2 or 3.
$(UNIT_DATA)/qemu-virt-gic%.dtb:
	@mkdir -p $(dir $@)
	$(call QEMU_DUMPDTB,$*)

# Dom0 modules as QEMU's guest-loader describes them in /chosen.
$(UNIT_DATA)/qemu-virt-loader.dtb:
	@mkdir -p $(dir $@)
	printf 'kernel' > $(UNIT_DATA)/loader-kernel.bin
	printf 'ramdisk' > $(UNIT_DATA)/loader-ramdisk.bin
	$(call QEMU_DUMPDTB,3) \
		-device guest-loader,addr=0x49000000,kernel=$(UNIT_DATA)/loader-kernel.bin,bootargs="console=hvc0" \
		-device guest-loader,addr=0x4c000000,initrd=$(UNIT_DATA)/loader-ramdisk.bin

$(BUILD)/host/test_fdt $(BUILD)/host/test_fdt_malformed \
	$(BUILD)/host/test_bootinfo $(BUILD)/host/test_bootinfo_errors: $(UNIT_DTBS)

# FDT writer: read back with the reader, checked with dtc, and copying the
# QEMU DTBs above.
# test_fdt_wr builds trees, test_fdt_wr_copy copies them
# (tests/unit/fdt_wr_test_util.h).
UNIT_TESTS += fdt_wr fdt_wr_copy
UNIT_SRCS_fdt_wr := hyp/lib/fdt_wr.c hyp/lib/fdt.c hyp/lib/fdt_ro.c
UNIT_SRCS_fdt_wr_copy := $(UNIT_SRCS_fdt_wr)
$(BUILD)/host/test_fdt_wr $(BUILD)/host/test_fdt_wr_copy: $(UNIT_DTBS)

# Public ABI headers (hyp/include/public). test_abi builds them for the
# host, where their static assertions prove the host layout is the AArch64
# one. Before it is built, abi-headers.stamp checks that each header
# compiles on its own, freestanding, with the aarch64 compiler and with the
# host compiler, and that the constant headers assemble.
UNIT_TESTS += abi
UNIT_SRCS_abi :=
ABI_HEADERS := $(sort $(shell find hyp/include/public -name '*.h'))
ABI_ASM_HEADERS := xen.h arch-arm.h errno.h features.h device_tree_defs.h
ABI_CFLAGS := -std=gnu11 -ffreestanding -Wall -Wextra -Werror \
	-Wmissing-prototypes -Wstrict-prototypes -Wvla -Ihyp/include

$(BUILD)/host/abi-headers.stamp: $(ABI_HEADERS)
	@mkdir -p $(dir $@)
	$(call say,ABI,hyp/include/public)
	$(Q)for h in $(patsubst hyp/include/%,%,$(ABI_HEADERS)); do \
		for cc in $(CC) $(HOSTCC); do \
			printf '#include <%s>\n' $$h | \
			$$cc $(ABI_CFLAGS) -fsyntax-only -x c - || \
			{ echo "$$h: does not build alone with $$cc"; exit 1; }; \
		done; \
	done
	$(Q)for h in $(ABI_ASM_HEADERS); do \
		printf '#include <public/%s>\n' $$h | \
		$(CC) -Ihyp/include -c -o /dev/null \
			-x assembler-with-cpp - || \
		{ echo "public/$$h: not usable from assembly"; exit 1; }; \
	done
	$(Q)touch $@

$(BUILD)/host/test_abi: $(BUILD)/host/abi-headers.stamp

# Event channels (2-level and FIFO ABIs) and HVMOP params, against the
# fake guest layer (hyp/arch/host/fake_guest.c).
EVTCHN_SRCS := hyp/common/event_channel.c hyp/common/event_channel_op.c \
	hyp/common/event_2l.c hyp/common/event_fifo.c hyp/common/hvm.c
UNIT_TESTS += evtchn evtchn_bind evtchn_fifo
UNIT_SRCS_evtchn := $(EVTCHN_SRCS)
UNIT_SRCS_evtchn_bind := $(EVTCHN_SRCS)
UNIT_SRCS_evtchn_fifo := $(EVTCHN_SRCS)
UNIT_CFLAGS_evtchn_fifo := -pthread
# Bounded atomics on guest memory (XSA-295) in event delivery; the fake
# arch's store-exclusive can be made to fail.
UNIT_TESTS += guest_atomic
UNIT_SRCS_guest_atomic := $(EVTCHN_SRCS)

# Guest consoles: the vpl011, console_io and the console's input switching,
# with the real console, printk and command line over a fake UART
# (tests/unit/console_test_util.h).
UNIT_TESTS += vpl011 console_io
CONSOLE_TEST_SRCS := hyp/common/console.c hyp/common/console_io.c \
	hyp/common/printk.c hyp/common/cmdline.c hyp/lib/strtoull.c
# The vpl011's ring back end signals through real event channels.
UNIT_SRCS_vpl011 := hyp/vdev/vpl011.c $(CONSOLE_TEST_SRCS) $(EVTCHN_SRCS)
UNIT_SRCS_console_io := hyp/vdev/vpl011.c $(CONSOLE_TEST_SRCS)
UNIT_CFLAGS_console_io := -Wl,--wrap=copy_from_guest \
	-Wl,--wrap=copy_to_guest

# Virtual GIC: core, register helpers and both front ends against a fake
# GIC driver with fake list registers (tests/unit/vgic_test_util.h).
VGIC_SRCS := hyp/vdev/vgic.c hyp/vdev/vgic-hw.c hyp/vdev/vgic-regs.c hyp/vdev/vgic-v2.c \
	hyp/vdev/vgic-v3.c
UNIT_TESTS += vgic vgic_v2 vgic_v3 vgic_fuzz
UNIT_SRCS_vgic := $(VGIC_SRCS)
UNIT_SRCS_vgic_v2 := $(VGIC_SRCS)
UNIT_SRCS_vgic_v3 := $(VGIC_SRCS)
UNIT_SRCS_vgic_fuzz := $(VGIC_SRCS)
# Passthrough SPI routing (common/domain_pt.c) over the real vGIC.
UNIT_TESTS += domain_pt
UNIT_SRCS_domain_pt := hyp/common/domain_pt.c $(VGIC_SRCS)

# dom0's device tree derived from the host's (common/dom0_dt.c), built
# from the QEMU virt DTBs and hand-made trees; checked with the reader
# and dtc.
# QEMU hosts in test_dom0_dt, hand-made ones in test_dom0_dt_min, the
# devices dom0 gets in test_dom0_dt_devices (tests/unit/dom0_dt_test_*.h).
DOM0_DT_TESTS := dom0_dt dom0_dt_min dom0_dt_devices
UNIT_TESTS += $(DOM0_DT_TESTS)
DOM0_DT_SRCS := hyp/common/dom0_dt.c hyp/common/dom0_dt_host.c \
	hyp/common/dom0_dt_irq.c hyp/common/dom0_dt_devices.c \
	hyp/common/dom0_ext_regions.c hyp/lib/fdt_wr.c hyp/lib/fdt.c \
	hyp/lib/fdt_ro.c
$(foreach t,$(DOM0_DT_TESTS),$(eval UNIT_SRCS_$(t) := $(DOM0_DT_SRCS)))
$(addprefix $(BUILD)/host/test_,$(DOM0_DT_TESTS)): $(UNIT_DTBS)

# Dom0less passthrough from a partial DT (common/dom0less_pt.c) against
# QEMU virt's host DT; the partial DTs are compiled with dtc by the test.
UNIT_TESTS += dom0less_pt
UNIT_SRCS_dom0less_pt := hyp/common/dom0less_pt.c hyp/common/dom0_dt.c \
	hyp/common/dom0_dt_host.c hyp/common/dom0_dt_irq.c \
	hyp/common/dom0_dt_devices.c hyp/common/dom0_ext_regions.c \
	hyp/lib/fdt_wr.c hyp/lib/fdt.c hyp/lib/fdt_ro.c
$(BUILD)/host/test_dom0less_pt: $(UNIT_DTBS)

# Grant tables over the real page allocator and a fake stage 2
# (hyp/arch/host/fake_gnttab.c, tests/unit/gnttab_test_util.h).
GNTTAB_SRCS := hyp/common/grant_table.c hyp/common/grant_table_map.c \
	hyp/common/grant_table_copy.c hyp/common/grant_table_op.c \
	hyp/common/bootmem.c hyp/common/page_alloc.c
UNIT_TESTS += gnttab gnttab_map gnttab_copy gnttab_fuzz
UNIT_SRCS_gnttab := $(GNTTAB_SRCS)
UNIT_SRCS_gnttab_map := $(GNTTAB_SRCS)
UNIT_SRCS_gnttab_copy := $(GNTTAB_SRCS)
UNIT_SRCS_gnttab_fuzz := $(GNTTAB_SRCS)
# Grant entries the granter keeps busy (XSA-295).
UNIT_TESTS += gnttab_atomic
UNIT_SRCS_gnttab_atomic := $(GNTTAB_SRCS)
# Memory handed to guests is cleaned to PoC after zeroing (XSA-364): the
# fake arch records cleaned pages.
UNIT_TESTS += guest_memory
UNIT_SRCS_guest_memory := $(GNTTAB_SRCS) hyp/common/memory.c \
	hyp/common/memory_foreign.c hyp/common/domain_mem.c hyp/common/balloon.c
# Ballooning (common/balloon.c) over the same, with domain.c's RAM
# allocation defined in the test.
UNIT_TESTS += balloon
UNIT_SRCS_balloon := $(GNTTAB_SRCS) hyp/common/balloon.c

# DEFLATE / gzip decoding for boot images (hyp/lib/inflate.c, gunzip.c,
# crc32.c), against vectors made by the host's zlib (libz, test only).
UNIT_TESTS += gunzip
UNIT_SRCS_gunzip := hyp/lib/crc32.c hyp/lib/inflate.c hyp/lib/gunzip.c
UNIT_LDLIBS_gunzip := -lz

# domctl and sysctl argument checks (common/domctl*.c, sysctl.c) against
# fakes of the domain lifecycle defined in the test.
UNIT_TESTS += domctl
UNIT_SRCS_domctl := tests/unit/domctl_fakes.c hyp/common/domctl.c hyp/common/domctl_vcpu.c \
	hyp/common/domctl_hw.c hyp/common/sysctl.c hyp/common/sched_credit.c

# Stage-2 tables (arch/arm64/p2m_pt.c, plain C) over the per-domain table
# pool (XSA-409). Its header is the arm64 asm/p2m_pt.h, found after the
# fake arch's asm/ headers.
UNIT_TESTS += p2m
UNIT_SRCS_p2m := hyp/common/bootmem.c hyp/common/page_alloc.c \
	hyp/common/p2m_pool.c hyp/arch/arm64/p2m_pt.c
UNIT_CFLAGS_p2m := -idirafter hyp/arch/arm64/include

# The scheduler's policy: weights and caps (common/sched_credit.c).
UNIT_TESTS += sched_credit
UNIT_SRCS_sched_credit := hyp/common/sched_credit.c

# Timers and domain watchdogs (XSA-147 review): a watchdog expiring while
# its domain holds d->lock defers the shutdown; kill_timer() waits for a
# callback running on another pCPU (a thread here).
UNIT_TESTS += timer
UNIT_SRCS_timer := hyp/common/timer.c hyp/common/watchdog.c \
	hyp/common/domain_deferred.c
UNIT_CFLAGS_timer := -pthread
