# Host unit tests of the toolstack (tools/libs, tools/xl), added to the
# tools' list of tests/unit/tools.mk (included after it).
TOOLS_UNIT_CFLAGS += -Itools/libs/xc -Itools/libs/fdt -Itools/libs/xlcfg \
	-Itools/xl -fsanitize=address,undefined -fno-omit-frame-pointer
TOOLS_UNIT_HDRS += $(wildcard tools/libs/*/*.h tools/xl/*.h)
# The xl.cfg(5) parser: syntax, keys, malformed and mutated input.
TOOLS_UNIT_TESTS += xlcfg
TOOLS_UNIT_SRCS_xlcfg := tools/libs/xlcfg/xlcfg.c tools/libs/xlcfg/xlcfg_dom.c \
	tools/libs/xlcfg/xlcfg_dev.c
# The guest device tree the domain builder writes, decompiled with dtc.
TOOLS_UNIT_TESTS += domdt
TOOLS_UNIT_SRCS_domdt := tools/libs/fdt/fdtw.c tools/libs/fdt/fdtpartial.c \
	tools/xl/dom_dt.c
# gzip'd kernels: inflate with a bound, truncated and corrupt input refused.
TOOLS_UNIT_TESTS += xlgunzip
TOOLS_UNIT_SRCS_xlgunzip := tools/xl/dom_gunzip.c
TOOLS_UNIT_LDLIBS_xlgunzip := -lz
