# armvisor top-level Makefile (GNU make).
#   make            build the hypervisor (FLAVOUR=debug|release)
#   make run        set up if needed, build, boot in QEMU with Debian's Linux
#                   as dom0 to a shell (DOM0=0: the hypervisor alone)
#   make initramfs  the dom0 initramfs, build/dom0/initrd.cpio.gz
#   make check      set up if needed, build, run every test suite
#   make unit       host unit tests only
#   make fuzz       long fuzzing run (docs/robustness.md)
#   make format     reformat all C sources with clang-format
.DEFAULT_GOAL := all
include config.mk

# V=1 shows full command lines.
ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @echo "  $(1)	$(2)"
endif

# ---- hypervisor image ----
HYP_DIRS := hyp/arch/arm64 hyp/common hyp/vdev hyp/drivers hyp/lib
obj-y :=
define include_dir
obj-y :=
include $(1)/build.mk
HYP_OBJS += $$(addprefix $(OUT)/$(1)/,$$(obj-y))
endef
HYP_OBJS :=
$(foreach d,$(HYP_DIRS),$(eval $(call include_dir,$(d))))

HYP_ELF := $(OUT)/armvisor.elf
HYP_IMG := $(OUT)/armvisor
ASM_OFFSETS := $(OUT)/hyp/include/asm-offsets.h

.PHONY: all hyp
all hyp: $(HYP_IMG)

$(HYP_IMG): $(HYP_ELF)
	$(call say,IMAGE,$@)
	$(Q)$(OBJCOPY) -O binary $< $@

$(HYP_ELF): $(HYP_OBJS) $(OUT)/hyp.lds
	$(call say,LD,$@)
	$(Q)$(LD) $(HYP_LDFLAGS) -T $(OUT)/hyp.lds -Map $(OUT)/armvisor.map -o $@ $(HYP_OBJS)

$(OUT)/hyp.lds: hyp/arch/arm64/hyp.lds.S $(ASM_OFFSETS)
	@mkdir -p $(dir $@)
	$(call say,LDS,$@)
	$(Q)$(CC) $(HYP_ASFLAGS) -E -P -x assembler-with-cpp -o $@ $<

# Offsets of C structs used by assembly, generated from asm-offsets.c.
$(ASM_OFFSETS): hyp/arch/arm64/asm-offsets.c
	@mkdir -p $(dir $@)
	$(call say,GEN,$@)
	$(Q)$(CC) $(HYP_CFLAGS) -S -o $@.s $<
	$(Q)scripts/gen-asm-offsets $@.s > $@.tmp && mv $@.tmp $@

$(OUT)/hyp/%.o: hyp/%.c $(ASM_OFFSETS)
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(HYP_CFLAGS) -MMD -MP -c -o $@ $<

$(OUT)/hyp/%.o: hyp/%.S $(ASM_OFFSETS)
	@mkdir -p $(dir $@)
	$(call say,AS,$<)
	$(Q)$(CC) $(HYP_ASFLAGS) -MMD -MP -c -o $@ $<

-include $(HYP_OBJS:.o=.d)

# ---- host unit tests ----
include tests/unit/tests.mk
HOST_OUT := $(BUILD)/host
HOST_FAKE_SRCS := $(wildcard hyp/arch/host/*.c)
UNIT_BINS := $(addprefix $(HOST_OUT)/test_,$(UNIT_TESTS))
UNIT_HDRS := $(shell find hyp -name "*.h")

define unit_rule
$(HOST_OUT)/test_$(1): tests/unit/test_$(1).c $(UNIT_SRCS_$(1)) $(HOST_FAKE_SRCS) $(wildcard tests/unit/*.h) $(UNIT_HDRS)
	@mkdir -p $$(dir $$@)
	$(call say,HOSTCC,$$@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(UNIT_CFLAGS_$(1)) -o $$@ tests/unit/test_$(1).c $(UNIT_SRCS_$(1)) $(HOST_FAKE_SRCS) $(UNIT_LDLIBS_$(1)) $(HOST_LDLIBS)
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_rule,$(t))))

# Tools' host unit tests (tests/unit/tools.mk): no hypervisor fake arch.
include tests/unit/tools.mk
# The toolstack's tests (xl.cfg parser, guest DT).
include tests/unit/tools-xl.mk
define tools_unit_rule
$(HOST_OUT)/test_$(1): tests/unit/test_$(1).c $(TOOLS_UNIT_SRCS_$(1)) $(TOOLS_UNIT_HDRS)
	@mkdir -p $$(dir $$@)
	$(call say,HOSTCC,$$@)
	$(Q)$(HOSTCC) $(TOOLS_UNIT_CFLAGS) -o $$@ tests/unit/test_$(1).c $(TOOLS_UNIT_SRCS_$(1)) $(HOST_LDLIBS) $(TOOLS_UNIT_LDLIBS_$(1))
endef
$(foreach t,$(TOOLS_UNIT_TESTS),$(eval $(call tools_unit_rule,$(t))))
UNIT_BINS += $(addprefix $(HOST_OUT)/test_,$(TOOLS_UNIT_TESTS))

.PHONY: unit unit-build
unit-build: $(UNIT_BINS)
unit: unit-build
	scripts/run-unit-tests $(UNIT_BINS)

# ---- bare-metal test guests (guests/Makefile) ----
.PHONY: guests
guests:
	$(MAKE) -C guests

# ---- dom0 initramfs and test programs (tools/dom0-tests/README.md) ----
.PHONY: initramfs dom0-tests
initramfs:
	scripts/setup --if-needed
	scripts/mkinitramfs
dom0-tests:
	$(MAKE) -C tools/dom0-tests

# ---- benchmarks (bench/run; docs/bench.md) ----
#   make bench        full run: armvisor and Xen, results in bench/results/
#   make bench-quick  one short run of every benchmark on armvisor; checks
#                     only that each produced a number (speed is never asserted)
.PHONY: bench bench-quick
bench:
	scripts/setup --if-needed
	bench/run
bench-quick:
	scripts/setup --if-needed
	bench/run --quick

# ---- fuzzing (tests/fuzz/README.md, docs/robustness.md) ----
#   make fuzz         long run: each libFuzzer host target for FUZZ_TIME s
#                     (default 300), then the fuzz-hypercall guest with
#                     random seeds for FUZZ_GUEST_TIME s (default 600)
#   make fuzz-build   build the host fuzz targets (clang) and their seeds
include tests/fuzz/fuzz.mk
FUZZ_TIME ?= 300
FUZZ_GUEST_TIME ?= 600
.PHONY: fuzz
fuzz:
	scripts/setup --if-needed
	$(MAKE) fuzz-build all guests
	tests/fuzz/run-fuzz --time $(FUZZ_TIME); rc=$$?; \
	tests/fuzz/run-guest-fuzz --time $(FUZZ_GUEST_TIME) && exit $$rc

# ---- everything a user runs ----
.PHONY: setup run check check-long format format-check clean
setup:
	scripts/setup

run:
	scripts/setup --if-needed
	$(MAKE) all
	$(if $(filter 0,$(DOM0)),,scripts/mkinitramfs)
	scripts/run-qemu --image $(HYP_IMG)

check:
	scripts/setup --if-needed
	scripts/check

check-long:
	scripts/setup --if-needed
	CHECK_LONG=1 scripts/check

FORMAT_SRCS = $(shell git ls-files '*.c' '*.h' 2>/dev/null)
format:
	clang-format -i $(FORMAT_SRCS)
format-check:
	clang-format --dry-run -Werror $(FORMAT_SRCS)

clean:
	rm -rf $(BUILD)/debug $(BUILD)/release $(BUILD)/host $(BUILD)/results
