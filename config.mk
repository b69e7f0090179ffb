# Toolchain and flags. FLAVOUR=debug (default) or release.
FLAVOUR ?= debug
CROSS_COMPILE ?= aarch64-linux-gnu-
CC := $(CROSS_COMPILE)gcc
LD := $(CROSS_COMPILE)ld
OBJCOPY := $(CROSS_COMPILE)objcopy
OBJDUMP := $(CROSS_COMPILE)objdump
HOSTCC ?= gcc

BUILD := build
OUT := $(BUILD)/$(FLAVOUR)

VERSION_MAJOR := 0
VERSION_MINOR := 1

# Hypervisor C flags: freestanding gnu11, integer registers only (the FP/SIMD
# registers belong to guests), frame pointers kept for backtraces.
HYP_CFLAGS := -std=gnu11 -ffreestanding -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) \
	-mgeneral-regs-only -mno-outline-atomics \
	-fno-pie -fno-pic -fno-common -fno-stack-protector \
	-fno-omit-frame-pointer -mno-omit-leaf-frame-pointer \
	-fno-strict-aliasing -fno-delete-null-pointer-checks \
	-ffunction-sections -fdata-sections \
	-Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes \
	-Wno-unused-parameter -Wvla -Wshadow=local \
	-Ihyp/include -Ihyp/arch/arm64/include -I$(OUT)/hyp/include \
	-DHYP_VERSION='"$(VERSION_MAJOR).$(VERSION_MINOR)"' \
	-DHYP_FLAVOUR='"$(FLAVOUR)"'

ifeq ($(FLAVOUR),release)
HYP_CFLAGS += -O2 -DNDEBUG
else ifeq ($(FLAVOUR),debug)
HYP_CFLAGS += -Og -g -DHYP_DEBUG
else
$(error FLAVOUR must be debug or release)
endif

HYP_ASFLAGS := $(filter-out -Wmissing-prototypes -Wstrict-prototypes,$(HYP_CFLAGS)) -D__ASSEMBLY__
HYP_LDFLAGS := -nostdlib -static -no-pie --gc-sections -z noexecstack \
	--no-warn-rwx-segments -z max-page-size=4096

# Host unit tests: the real hypervisor sources against the fake arch.
HOST_CFLAGS := -std=gnu11 -g -O1 -DHYP_HOST_TEST -Wall -Wextra -Werror \
	-Wno-unused-parameter -Wshadow=local \
	-Ihyp/include -Ihyp/arch/host/include -Itests/unit \
	-fsanitize=address,undefined -fno-omit-frame-pointer
HOST_LDLIBS := -lcmocka
