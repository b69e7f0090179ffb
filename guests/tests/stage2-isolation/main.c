/* SPDX-License-Identifier: MIT */
/*
 * Stage-2 isolation: guest-physical addresses with nothing behind them in
 * the domain's p2m must not reach anything. The runtime maps them at stage
 * 1, so an access goes to the hypervisor, which has to inject an abort
 * (Xen 4.17: do_trap_stage2_abort_guest -> inject_dabt_exception /
 * inject_iabt_exception).
 *
 * Checked for the host's devices (GIC, PL011, RTC, virtio, PCIe windows),
 * empty guest windows (vPCI, grant table and magic pages before they are
 * mapped), the first byte after the domain's RAM, bank 1 and the top of the
 * IPA space the runtime maps:
 *  - a read and a write take a data abort from the current EL with FAR =
 *    the address and ELR = the access; the write uses a handler installed
 *    with set_sync_handler() instead of an exception-table entry;
 *  - an instruction fetch past the end of RAM takes an instruction abort;
 *  - RAM still reads back what was written afterwards.
 * Xen reports these aborts with ISS 0 (FSC 0); the test only prints the
 * ISS.
 */
#include <test.h>

const char test_title[] = "Unmapped IPAs fault";

static struct {
	bool taken;
	u64 esr, far, elr;
} write_fault;

/* Expectation handler for the write probes: record, skip the store. */
static bool write_abort_handler(struct trap_frame *f)
{
	if (ESR_EC(f->esr) != EC_DABT_CUR)
		return false;
	write_fault.taken = true;
	write_fault.esr = f->esr;
	write_fault.far = f->far;
	write_fault.elr = f->elr;
	f->elr += 4;
	return true;
}

static void plain_write32(u64 addr, u32 v)
{
	__asm__ __volatile__("str %w0, [%1]" ::"r"(v), "r"(addr) : "memory");
}

static void probe_unmapped(const char *what, u64 addr)
{
	const struct fault_record *f;
	u32 v = 0x5a5a5a5a;

	if (probe_read32(addr, &v)) {
		test_failure("FAIL: read of %s (0x%lx) did not fault: 0x%x",
			     what, addr, v);
	} else {
		f = fault_last();
		check(ESR_EC(f->esr) == EC_DABT_CUR && f->far == addr,
		      "read of %s (0x%lx): data abort, FAR 0x%lx, ESR 0x%lx "
		      "(ISS 0x%lx)",
		      what, addr, f->far, f->esr, ESR_ISS(f->esr));
	}

	write_fault.taken = false;
	set_sync_handler(write_abort_handler);
	plain_write32(addr, 0xdeadbeef);
	set_sync_handler(NULL);
	check(write_fault.taken && write_fault.far == addr,
	      "write to %s (0x%lx): data abort%s, FAR 0x%lx", what, addr,
	      write_fault.taken ? "" : " NOT taken", write_fault.far);
}

void test_main(void)
{
	static const struct {
		const char *what;
		u64 addr;
	} holes[] = {
		{"IPA 0", 0x0},
		{"the host GICD", 0x08000000},
		{"the host GICv3 ITS", 0x08080000},
		{"the host GICR", 0x080a0000},
		{"the host PL011", 0x09000000},
		{"the host PL031 RTC", 0x09010000},
		{"the host fw_cfg", 0x09020000},
		{"the host virtio-mmio", 0x0a000000},
		{"the host PCIe MMIO window", 0x10000000},
		{"the host PCIe PIO window", 0x3eff0000},
		{"the guest vPCI ECAM window", 0x10000000 + 0x1000},
		{"the unmapped grant-table window", GUEST_GNTTAB_BASE},
		{"the unmapped magic-page window", GUEST_MAGIC_BASE},
		{"RAM bank 1", 0x200000000UL},
		{"the top of the mapped IPA space", 0x3fffff000UL},
	};
	u64 ram_end = platform.ram_base + platform.ram_size;
	static u32 canary = 0x12345678;
	const struct fault_record *f;
	unsigned int i;

	if (!platform.ram_size) {
		test_error("no memory node in the DT");
		return;
	}
	for (i = 0; i < ARRAY_SIZE(holes); i++)
		probe_unmapped(holes[i].what, holes[i].addr);
	probe_unmapped("the first page after RAM", ram_end);
	probe_unmapped("the last word before 4 GiB", 0xfffffffcUL);

	/* Fetching from past the end of RAM: instruction abort. */
	if (probe_exec(ram_end + MiB(2))) {
		test_failure("FAIL: executing at 0x%lx did not fault",
			     ram_end + MiB(2));
	} else {
		f = fault_last();
		check(ESR_EC(f->esr) == EC_IABT_CUR &&
			      f->elr == ram_end + MiB(2),
		      "fetch from 0x%lx: instruction abort (ESR 0x%lx, ELR "
		      "0x%lx, FAR 0x%lx)",
		      ram_end + MiB(2), f->esr, f->elr, f->far);
	}

	/* Own RAM is unaffected. */
	WRITE_ONCE(canary, 0xcafef00d);
	check_eq(READ_ONCE(canary), 0xcafef00d, "RAM still reads back");
	{
		u32 v = 0;

		check(probe_read32(ram_end - 4, &v),
		      "the last word of RAM (0x%lx) is readable", ram_end - 4);
	}
	test_success(NULL);
}
