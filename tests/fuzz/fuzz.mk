# Host fuzz targets (libFuzzer, clang): each tests/fuzz/fuzz_NAME.c is
# linked with the hypervisor sources in FUZZ_SRCS_NAME and the fake arch
# (hyp/arch/host/*.c), built with ASan and UBSan into build/fuzz/fuzz_NAME.
# Included by the top-level Makefile (targets fuzz-build, fuzz).
#
# Seeds: tests/fuzz/corpus/NAME/ (committed, small) plus, for fdt, DTBs
# made at build time into build/fuzz/seeds/fdt/ (tests/unit/data/*.dts,
# QEMU's virt DTBs re-encoded without padding, and the malformed ones
# tests/fuzz/mkseeds writes). The growing corpus lives in
# build/fuzz/corpus/NAME/, crash inputs in build/fuzz/artifacts/NAME/.

FUZZ_CC ?= clang
DTC ?= dtc
QEMU_AARCH64 ?= qemu-system-aarch64
FUZZ_OUT := $(BUILD)/fuzz
FUZZ_CFLAGS := -std=gnu11 -g -O1 -DHYP_HOST_TEST -Wall -Wextra -Werror \
	-Wno-unused-parameter -Ihyp/include -Ihyp/arch/host/include -Itests/unit \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer

FUZZ_TARGETS := fdt cmdline

FUZZ_SRCS_fdt := hyp/lib/fdt.c hyp/lib/fdt_ro.c hyp/common/bootinfo.c \
	hyp/common/bootinfo_hw.c hyp/common/bootinfo_check.c
FUZZ_SRCS_cmdline := hyp/common/cmdline.c hyp/common/printk.c \
	hyp/common/boot_params.c hyp/common/console.c hyp/common/console_io.c \
	hyp/common/page_alloc.c hyp/common/bootmem.c hyp/lib/strtoull.c \
	hyp/lib/fdt.c hyp/lib/fdt_ro.c hyp/common/bootinfo.c \
	hyp/common/bootinfo_hw.c

FUZZ_BINS := $(addprefix $(FUZZ_OUT)/fuzz_,$(FUZZ_TARGETS))
FUZZ_HDRS := $(shell find hyp -name "*.h")

define fuzz_rule
$(FUZZ_OUT)/fuzz_$(1): tests/fuzz/fuzz_$(1).c $(FUZZ_SRCS_$(1)) $(wildcard hyp/arch/host/*.c) $(FUZZ_HDRS)
	@mkdir -p $$(dir $$@)
	$(call say,FUZZCC,$$@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -o $$@ tests/fuzz/fuzz_$(1).c $(FUZZ_SRCS_$(1)) $(wildcard hyp/arch/host/*.c)
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_rule,$(t))))

# Seed DTBs. QEMU's are dumped with 1 MiB of padding: dtc re-encodes them
# compactly (about 8 KiB).
FUZZ_SEEDS_FDT := $(FUZZ_OUT)/seeds/fdt
FUZZ_FDT_DTS := $(wildcard tests/unit/data/*.dts)
$(FUZZ_SEEDS_FDT)/.stamp: $(FUZZ_FDT_DTS) tests/fuzz/mkseeds
	@mkdir -p $(dir $@)
	$(call say,SEEDS,$(dir $@))
	$(Q)for f in $(FUZZ_FDT_DTS); do \
		$(DTC) -q -I dts -O dtb -o $(dir $@)/$$(basename $$f .dts).dtb $$f || exit 1; \
	done
	$(Q)if command -v $(QEMU_AARCH64) >/dev/null; then \
		for g in 2 3; do \
			$(QEMU_AARCH64) -cpu cortex-a57 -smp 4 -m 4G -nographic \
				-M virt,virtualization=on,gic-version=$$g,dumpdtb=$(dir $@)/qemu.tmp \
				</dev/null >/dev/null 2>&1 && \
			$(DTC) -q -I dtb -O dtb -o $(dir $@)/qemu-virt-gic$$g.dtb $(dir $@)/qemu.tmp; \
		done; rm -f $(dir $@)/qemu.tmp; \
	fi
	$(Q)/usr/bin/python3 tests/fuzz/mkseeds $(dir $@)
	$(Q)touch $@

# The tools' parsers (xenstored requests, xl.cfg) have their own makefiles.
.PHONY: fuzz-build fuzz-build-tools
fuzz-build-tools:
	$(Q)$(MAKE) --no-print-directory -s -C tests/fuzz/xenstored OUT=$(abspath $(FUZZ_OUT))
	$(Q)$(MAKE) --no-print-directory -s -C tests/fuzz/xlcfg
fuzz-build: $(FUZZ_BINS) $(FUZZ_SEEDS_FDT)/.stamp fuzz-build-tools
