/* SPDX-License-Identifier: MIT */
/* Exception handling: expected faults, IRQ dispatch, and crash reports. */
#include <arch.h>
#include <lib.h>
#include <report.h>
#include <smp.h>
#include <traps.h>

struct extable_entry {
	u64 from, to, fixup;
};

extern const struct extable_entry __ex_table_start[], __ex_table_end[];

void (*irq_dispatch)(struct trap_frame *frame);

void fault_clear(void)
{
	struct fault_record *r = &this_cpu()->fault;

	r->taken = false;
	r->slot = 0;
	r->esr = r->far = r->elr = 0;
	barrier();
}

const struct fault_record *fault_last(void)
{
	barrier();
	return &this_cpu()->fault;
}

void set_sync_handler(sync_handler_t fn)
{
	this_cpu()->sync_handler = fn;
	barrier();
}

void set_lower_sync_handler(lower_sync_handler_t fn)
{
	this_cpu()->lower_sync_handler = fn;
	barrier();
}

static const struct extable_entry *extable_find(u64 pc)
{
	const struct extable_entry *e;

	for (e = __ex_table_start; e < __ex_table_end; e++)
		if (pc >= e->from && pc <= e->to)
			return e;
	return NULL;
}

static const char *const ec_names[64] = {
	[EC_UNKNOWN] = "unknown reason (UNDEFINED instruction)",
	[EC_CP15_32] = "MCR/MRC cp15 (AArch32)",
	[EC_CP15_64] = "MCRR/MRRC cp15 (AArch32)",
	[EC_WFX] = "WFI/WFE",
	[EC_FP] = "FP/SIMD access",
	[EC_ILLEGAL] = "illegal execution state",
	[EC_SVC32] = "SVC (AArch32)",
	[EC_SVC64] = "SVC",
	[EC_HVC64] = "HVC",
	[EC_SMC64] = "SMC",
	[EC_SYSREG] = "MSR/MRS/system instruction",
	[EC_IABT_LOW] = "instruction abort from a lower EL",
	[EC_IABT_CUR] = "instruction abort",
	[EC_PC_ALIGN] = "PC alignment fault",
	[EC_DABT_LOW] = "data abort from a lower EL",
	[EC_DABT_CUR] = "data abort",
	[EC_SP_ALIGN] = "SP alignment fault",
	[EC_SERROR] = "SError",
	[EC_BRK64] = "BRK",
};

const char *esr_class_name(u64 esr)
{
	const char *n = ec_names[ESR_EC(esr)];

	return n ? n : "other";
}

const char *fsc_name(unsigned int fsc)
{
	switch (fsc & 0x3c) {
	case 0x00:
		return "address size fault";
	case 0x04:
		return "translation fault";
	case 0x08:
		return "access flag fault";
	case 0x0c:
		return "permission fault";
	}
	switch (fsc) {
	case 0x10:
		return "synchronous external abort";
	case 0x11:
		return "synchronous tag check fault";
	case 0x21:
		return "alignment fault";
	case 0x30:
		return "TLB conflict abort";
	}
	if ((fsc & 0x3c) == 0x14)
		return "synchronous external abort on table walk";
	return "other fault";
}

const char *vector_slot_name(unsigned int slot)
{
	static const char *const names[16] = {
		"EL1t sync",   "EL1t IRQ",   "EL1t FIQ",   "EL1t SError",
		"EL1h sync",   "EL1h IRQ",   "EL1h FIQ",   "EL1h SError",
		"EL0/64 sync", "EL0/64 IRQ", "EL0/64 FIQ", "EL0/64 SError",
		"EL0/32 sync", "EL0/32 IRQ", "EL0/32 FIQ", "EL0/32 SError",
	};

	return slot < 16 ? names[slot] : "?";
}

void dump_frame(const struct trap_frame *f, unsigned int slot)
{
	u64 esr = f->esr;
	unsigned int ec = ESR_EC(esr);
	int i;

	printk("Exception: %s on vCPU %u: ESR 0x%08lx (EC 0x%02x %s, IL %u, "
	       "ISS 0x%07lx)\n",
	       vector_slot_name(slot), smp_processor_id(), esr, ec,
	       esr_class_name(esr), (esr & ESR_IL) ? 1 : 0, ESR_ISS(esr));
	printk("  ELR 0x%016lx  SPSR 0x%08lx  FAR 0x%016lx  SP 0x%016lx\n",
	       f->elr, f->spsr, f->far, f->sp);
	if (ec == EC_DABT_CUR || ec == EC_DABT_LOW || ec == EC_IABT_CUR ||
	    ec == EC_IABT_LOW) {
		unsigned int fsc = ISS_FSC(ESR_ISS(esr));

		printk("  %s at 0x%lx: FSC 0x%02x (%s, level %u)%s\n",
		       (ec == EC_DABT_CUR || ec == EC_DABT_LOW)
			       ? "data access"
			       : "instruction fetch",
		       f->far, fsc, fsc_name(fsc), fsc & 3,
		       (ec == EC_DABT_CUR || ec == EC_DABT_LOW)
			       ? ((esr & ISS_WNR) ? ", write" : ", read")
			       : "");
	}
	for (i = 0; i < 30; i += 2)
		printk("  x%-2d 0x%016lx  x%-2d 0x%016lx\n", i, f->x[i], i + 1,
		       f->x[i + 1]);
	printk("  x30 0x%016lx\n", f->x[30]);
}

static void __noreturn unexpected(struct trap_frame *f, unsigned int slot)
{
	struct cpu_data *c = this_cpu();

	if (c->crash_depth++ > 0) {
		/* Crashed while reporting a crash: just stop. */
		report_crash_stop();
	}
	dump_frame(f, slot);
	test_error("Unexpected exception (%s, %s) at 0x%lx on vCPU %u",
		   vector_slot_name(slot), esr_class_name(f->esr), f->elr,
		   smp_processor_id());
	test_exit();
}

void trap_entry(struct trap_frame *f, unsigned long slot);
void trap_entry(struct trap_frame *f, unsigned long slot)
{
	struct cpu_data *c = this_cpu();

	if (slot == VEC_EL1H_SYNC) {
		const struct extable_entry *e = extable_find(f->elr);

		if (c->sync_handler && c->sync_handler(f))
			return;
		if (e) {
			c->fault.taken = true;
			c->fault.slot = (unsigned int)slot;
			c->fault.esr = f->esr;
			c->fault.far = f->far;
			c->fault.elr = f->elr;
			f->elr = e->fixup;
			return;
		}
	} else if (slot == VEC_EL0_64_SYNC || slot == VEC_EL0_32_SYNC) {
		if (c->lower_sync_handler &&
		    c->lower_sync_handler(f, (unsigned int)slot))
			return;
	} else if (slot == VEC_EL1H_IRQ && irq_dispatch) {
		irq_dispatch(f);
		return;
	}
	unexpected(f, (unsigned int)slot);
}

static u64 exec_probe_va[MAX_CPUS];

static bool exec_probe_handler(struct trap_frame *f)
{
	struct cpu_data *c = this_cpu();

	if (f->elr != exec_probe_va[c->id])
		return false;
	c->fault.taken = true;
	c->fault.slot = VEC_EL1H_SYNC;
	c->fault.esr = f->esr;
	c->fault.far = f->far;
	c->fault.elr = f->elr;
	f->elr = f->x[30]; /* back to the caller of the probed code */
	return true;
}

bool probe_exec(u64 va)
{
	struct cpu_data *c = this_cpu();
	sync_handler_t old = c->sync_handler;

	fault_clear();
	exec_probe_va[c->id] = va;
	set_sync_handler(exec_probe_handler);
	((void (*)(void))va)();
	set_sync_handler(old);
	exec_probe_va[c->id] = 0;
	return !fault_last()->taken;
}

bool __probe_read8(u64 va, u8 *val);
bool __probe_read32(u64 va, u32 *val);
bool __probe_read64(u64 va, u64 *val);
bool __probe_write32(u64 va, u32 val);
bool __probe_write64(u64 va, u64 val);

bool probe_read8(u64 va, u8 *val)
{
	fault_clear();
	return __probe_read8(va, val);
}

bool probe_read32(u64 va, u32 *val)
{
	fault_clear();
	return __probe_read32(va, val);
}

bool probe_read64(u64 va, u64 *val)
{
	fault_clear();
	return __probe_read64(va, val);
}

bool probe_write32(u64 va, u32 val)
{
	fault_clear();
	return __probe_write32(va, val);
}

bool probe_write64(u64 va, u64 val)
{
	fault_clear();
	return __probe_write64(va, val);
}
