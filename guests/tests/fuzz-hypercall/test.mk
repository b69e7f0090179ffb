NAME := fuzz-hypercall
DESCRIPTION := Random hypercalls, multicalls, SMCCC, vGIC/vpl011 MMIO and trapped sysregs from a seed; domain 2 keeps its heartbeat
VCPUS := 2
MEMORY_MB := 32
# armvisor only in the suite: Xen 4.17 prints every bad vGIC access at
# guest_loglvl=all (tens of thousands of lines a minute), which outlasts the
# result timeout on a loaded 2-core CI machine; quieter levels hide the
# guest's own console too. Seeds were checked on Xen by hand (see
# docs/robustness.md); tests/fuzz/run-guest-fuzz can still target it.
HYPERVISORS := armvisor
EXTRA_DOMAINS := fuzz-heartbeat
SRCS := main.c gen.c ops.c ops_hypercall.c ops_gnttab.c ops_arch.c access.S

# The seed can be chosen at build time (it is printed at start):
#   make -C guests fuzz-hypercall FUZZ_SEED=0x1234
# or at run time with "fuzz.seed=0x1234" in the domain's bootargs.
# seed.stamp changes only when FUZZ_SEED does, so main.c is rebuilt then.
ifneq ($(FUZZ_SEED),)
$(OBJ)/tests/fuzz-hypercall/main.c.o: CFLAGS += -DFUZZ_SEED=$(FUZZ_SEED)
endif
$(OBJ)/tests/fuzz-hypercall/main.c.o: $(OBJ)/tests/fuzz-hypercall/seed.stamp
$(OBJ)/tests/fuzz-hypercall/seed.stamp: fuzz-seed-check
	@mkdir -p $(dir $@)
	@echo '$(FUZZ_SEED)' | cmp -s - $@ || echo '$(FUZZ_SEED)' > $@
.PHONY: fuzz-seed-check
fuzz-seed-check:
