/* SPDX-License-Identifier: MIT */
/*
 * Exceptions taken at EL2 from EL2 itself: interrupts go to the IRQ layer;
 * anything else is a hypervisor bug, dumped in words and fatal.
 */
#include <hyp/arch.h>
#include <hyp/irq.h>
#include <hyp/lib.h>
#include <hyp/percpu.h>
#include <asm/regs.h>
#include <asm/sysregs.h>

void do_hyp_sync(struct cpu_regs *regs, unsigned long kind);
void do_hyp_irq(struct cpu_regs *regs, unsigned long kind);
void do_bad_exception(struct cpu_regs *regs, unsigned long kind);

/* Exception classes, Arm ARM D17.2.40 (ESR_ELx.EC). */
static const char *const ec_names[64] = {
	[0x00] = "Unknown reason",
	[0x01] = "Trapped WFI/WFE",
	[0x03] = "Trapped MCR/MRC (cp15)",
	[0x04] = "Trapped MCRR/MRRC (cp15)",
	[0x05] = "Trapped MCR/MRC (cp14)",
	[0x06] = "Trapped LDC/STC",
	[0x07] = "Trapped SVE/SIMD/FP access",
	[0x0c] = "Trapped MRRC (cp14)",
	[0x0d] = "Branch target exception",
	[0x0e] = "Illegal execution state",
	[0x11] = "SVC (AArch32)",
	[0x12] = "HVC (AArch32)",
	[0x13] = "SMC (AArch32)",
	[0x15] = "SVC (AArch64)",
	[0x16] = "HVC (AArch64)",
	[0x17] = "SMC (AArch64)",
	[0x18] = "Trapped MSR/MRS/system instruction",
	[0x19] = "Trapped SVE access",
	[0x1c] = "Pointer authentication failure",
	[0x20] = "Instruction abort from a lower EL",
	[0x21] = "Instruction abort at EL2",
	[0x22] = "PC alignment fault",
	[0x24] = "Data abort from a lower EL",
	[0x25] = "Data abort at EL2",
	[0x26] = "SP alignment fault",
	[0x28] = "Floating-point exception (AArch32)",
	[0x2c] = "Floating-point exception (AArch64)",
	[0x2f] = "SError interrupt",
	[0x30] = "Breakpoint from a lower EL",
	[0x31] = "Breakpoint at EL2",
	[0x32] = "Software step from a lower EL",
	[0x33] = "Software step at EL2",
	[0x34] = "Watchpoint from a lower EL",
	[0x35] = "Watchpoint at EL2",
	[0x38] = "BKPT (AArch32)",
	[0x3c] = "BRK (AArch64)",
};

static const char *const kind_names[16] = {
	"synchronous (SP_EL0)",
	"IRQ (SP_EL0)",
	"FIQ (SP_EL0)",
	"SError (SP_EL0)",
	"synchronous",
	"IRQ",
	"FIQ",
	"SError",
	"synchronous from lower EL",
	"IRQ from lower EL",
	"FIQ from lower EL",
	"SError from lower EL",
	"synchronous from AArch32",
	"IRQ from AArch32",
	"FIQ from AArch32",
	"SError from AArch32",
};

static const char *esr_class_name(u64 esr)
{
	const char *n = ec_names[(esr >> ESR_EC_SHIFT) & ESR_EC_MASK];

	return n ? n : "Reserved exception class";
}

/* Data/instruction abort status codes (ISS.DFSC/IFSC), D17.2.40. */
static const char *fault_status_name(u64 fsc)
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
	case 0x10:
		return "synchronous external abort";
	case 0x20:
		return "alignment fault";
	case 0x30:
		return "TLB conflict abort";
	default:
		return "other fault";
	}
}

static void show_regs(const struct cpu_regs *regs)
{
	unsigned int i;
	u64 ec = (regs->esr >> ESR_EC_SHIFT) & ESR_EC_MASK;

	printk("ESR_EL2: %#018lx  EC %#04lx: %s\n", regs->esr, ec,
	       esr_class_name(regs->esr));
	if (ec == 0x21 || ec == 0x25 || ec == 0x20 || ec == 0x24)
		printk("         %s%s, level %lu\n",
		       (ec == 0x25 || ec == 0x24) && (regs->esr & (1 << 6))
			       ? "write, "
			       : "",
		       fault_status_name(regs->esr & 0x3f), regs->esr & 3);
	printk("FAR_EL2: %#018lx\n", regs->far);
	printk("ELR_EL2: %#018lx  SPSR_EL2: %#010lx\n", regs->pc, regs->pstate);
	printk("SP:      %#018lx\n", regs->sp);
	for (i = 0; i < 30; i += 2)
		printk("x%-2u %#018lx  x%-2u %#018lx\n", i, regs->x[i], i + 1,
		       regs->x[i + 1]);
	printk("x30 %#018lx\n", regs->x[30]);
}

/* Walk frame records (AAPCS64 6.2.3): {previous x29, return address}. */
static void backtrace_from(u64 fp, u64 pc)
{
	unsigned int depth;

	printk("Backtrace:\n  [<%#018lx>]\n", pc);
	for (depth = 0; depth < 32 && fp && IS_ALIGNED(fp, 16); depth++) {
		const u64 *frame = (const u64 *)fp;

		/* Only follow frames inside hypervisor stacks or the image. */
		if (fp < 0x00000a0000000000UL || fp >= 0x00000a1000000000UL)
			break;
		if (!frame[1])
			break;
		printk("  [<%#018lx>]\n", frame[1]);
		if (frame[0] <= fp)
			break;
		fp = frame[0];
	}
}

void arch_dump_stack(void)
{
	u64 fp = (u64)__builtin_frame_address(0);

	backtrace_from(fp, (u64)&arch_dump_stack);
}

static __noreturn void fatal(struct cpu_regs *regs, unsigned long kind)
{
	printk(HYPLOG_ERR "*** Unexpected %s exception at EL2 on CPU%u ***\n",
	       kind < 16 ? kind_names[kind] : "?", smp_processor_id());
	show_regs(regs);
	backtrace_from(regs->x[29], regs->pc);
	panic("Unexpected %s exception at EL2: %s",
	      kind < 16 ? kind_names[kind] : "?", esr_class_name(regs->esr));
}

void do_hyp_sync(struct cpu_regs *regs, unsigned long kind)
{
	fatal(regs, kind);
}

void do_hyp_irq(struct cpu_regs *regs, unsigned long kind)
{
	do_irq(regs);
}

void do_bad_exception(struct cpu_regs *regs, unsigned long kind)
{
	fatal(regs, kind);
}
