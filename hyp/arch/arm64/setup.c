/* SPDX-License-Identifier: MIT */
/*
 * arm64 boot: from head.S (MMU on with the boot tables) to the common boot
 * sequence, plus the arch hooks common code uses (hyp/arch.h).
 */
#include <hyp/arch.h>
#include <hyp/bootinfo.h>
#include <hyp/console.h>
#include <hyp/fdt.h>
#include <hyp/guest_atomic.h>
#include <hyp/errno.h>
#include <hyp/irqflags.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/param.h>
#include <hyp/percpu.h>
#include <hyp/setup.h>
#include <hyp/vcpu_arch.h>
#include <asm/layout.h>
#include <asm/mm.h>
#include <asm/p2m.h>
#include <asm/psci.h>
#include <asm/sysregs.h>

void start_hyp(u64 fdt_pa, u64 load_pa);
void start_secondary(unsigned long cpu);

extern char _start[], _end[];
extern u64 secondary_stack;
extern char boot_stack_top[];
void enter_guest(void *stack_top);
void call_on_fresh_stack(void *stack_top, void (*fn)(void));
void secondary_entry(void);

static struct fdt boot_fdt;

struct cpu_info *arch_this_cpu(void)
{
	return (struct cpu_info *)READ_SYSREG(tpidr_el2);
}

u64 arch_cpu_affinity(void)
{
	/* Aff3 [39:32] and Aff2-Aff0 [23:0] (Arm ARM D17.2.101). */
	return READ_SYSREG(mpidr_el1) & 0xff00ffffffUL;
}

/* Stop with a message; nothing is set up enough to do better. */
static __noreturn void early_fatal(const char *fmt, const char *detail)
{
	printk(HYPLOG_ERR "%s%s\n", fmt, detail);
	printk(HYPLOG_ERR "armvisor cannot continue. Stopping.\n");
	arch_halt_cpu();
}

/* What the hypervisor cannot run without; a parsable DT may still lack it. */
static bool boot_requirements_missing(char *err, size_t len)
{
	const char *why = NULL;

	if (!bootinfo.nr_cpus)
		why = "no CPU nodes in /cpus";
	else if (!bootinfo.mem.nr)
		why = "no memory banks";
	else if (!bootinfo.gic.version)
		why = "no GICv2 or GICv3 interrupt controller";
	else if (!bootinfo.timer.present || !bootinfo.timer.hyp_irq)
		why = "no arm,armv8-timer node with a hypervisor timer PPI";
	if (why)
		snprintf(err, len, "%s", why);
	return why != NULL;
}

/* ID_AA64MMFR0_EL1.PARange (Arm ARM D17.2.64) as a number of bits. */
static unsigned int cpu_pa_bits(void)
{
	static const u8 bits[] = {32, 36, 40, 42, 44, 48, 52};
	u64 pa = READ_SYSREG(id_aa64mmfr0_el1) & 0xf;

	return pa < ARRAY_SIZE(bits) ? bits[pa] : 48;
}

void start_hyp(u64 fdt_pa, u64 load_pa)
{
	char err[160];
	u64 fdt_size = 0;
	int rc;

	WRITE_SYSREG(&cpu_info[0], tpidr_el2);
	cpu_info[0].id = 0;
	cpu_info[0].stack_top = boot_stack_top;
	cpu_info[0].mpidr = arch_cpu_affinity();
	mm_early_init(pa_init(load_pa));
	console_init_early(early_uart_virt());
	printk("armvisor %s (%s) starting on CPU MPIDR %#lx, loaded at %#lx\n",
	       HYP_VERSION, HYP_FLAVOUR, cpu_info[0].mpidr, load_pa);

	if (!fdt_pa || !IS_ALIGNED(fdt_pa, 8)) {
		snprintf(err, sizeof(err), "no usable address (x0 = %#lx)",
			 fdt_pa);
		early_fatal("Invalid device tree: ", err);
	}
	rc = fdt_open(&boot_fdt, boot_fdt_virt(pa_init(fdt_pa)), BOOT_FDT_MAX);
	if (rc)
		early_fatal("Invalid device tree: ", boot_fdt.err);
	fdt_size = boot_fdt.totalsize;
	rc = bootinfo_parse(&bootinfo, &boot_fdt, err, sizeof(err));
	if (rc)
		early_fatal("Invalid device tree: ", err);
	if (boot_requirements_missing(err, sizeof(err)))
		early_fatal("Invalid device tree: ", err);
	if (bootinfo_check_layout(&bootinfo, pa_init(load_pa),
				  (u64)(_end - _start), pa_init(fdt_pa),
				  fdt_size, cpu_pa_bits(), err, sizeof(err)))
		early_fatal("Invalid device tree: ", err);

	cmdline_parse(bootinfo.cmdline);
	psci_init(bootinfo.psci, bootinfo.psci_cpu_on_id, bootinfo.psci_v02);

	bootmem_setup(pa_init(load_pa), (u64)(_end - _start), pa_init(fdt_pa),
		      fdt_size);
	mm_init_final(pa_init(fdt_pa), fdt_size, &bootinfo.mem);
	p2m_arch_init();
	page_alloc_init();
	mm_page_alloc_ready();

	hyp_boot(&boot_fdt);
}

void start_secondary(unsigned long cpu)
{
	WRITE_SYSREG(&cpu_info[cpu], tpidr_el2);
	secondary_cpu_main(cpu);
}

int arch_cpu_up(unsigned int cpu, u64 mpidr, void *stack_top)
{
	paddr_t entry = pa_init((vaddr_t)secondary_entry - HYP_VIRT_START +
				pa_val(arch_load_address()));
	s64 rc;

	secondary_stack = (u64)stack_top;
	dsb(sy);
	rc = psci_cpu_on(mpidr, entry, cpu);
	if (rc == PSCI_SUCCESS)
		return 0;
	printk(HYPLOG_WARNING "PSCI CPU_ON of MPIDR %#lx failed: %ld\n", mpidr,
	       rc);
	return rc == PSCI_ALREADY_ON ? -EBUSY : -EIO;
}

/* asm/guest_atomic.h: LSE atomics, which cannot livelock, when all have them. */
bool arch_guest_lse;
static bool cpu_without_lse;

/* ID_AA64ISAR0_EL1.Atomic, bits [23:20]: 2 = FEAT_LSE (Arm ARM D17.2.61). */
static void guest_atomic_cpu_init(void)
{
	u64 isar0 = READ_SYSREG(id_aa64isar0_el1);

	if (((isar0 >> 20) & 0xf) < 2)
		cpu_without_lse = true;
	/* This CPU runs no guest atomic before it sees its own answer. */
	WRITE_ONCE(arch_guest_lse, !cpu_without_lse);
	if (!smp_processor_id())
		printk("Guest atomics: %s\n",
		       arch_guest_lse ? "LSE" : "LL/SC, bounded");
}

void arch_cpu_init(void)
{
	guest_atomic_cpu_init();
	/*
	 * Route physical IRQ, FIQ and SError to EL2 (HCR_EL2.IMO/FMO/AMO,
	 * Arm ARM D1.12.2); at EL2 they are then taken when PSTATE.I is clear.
	 */
	WRITE_SYSREG(HCR_FMO | HCR_IMO | HCR_AMO, hcr_el2);
	/*
	 * Guests' debug, OS lock and PMU register accesses trap (they are
	 * neither virtualized nor switched, XSA-93): vtraps.c makes them
	 * RAZ/WI. HPMN keeps its reset value (0 is UNPREDICTABLE without
	 * FEAT_HPMN0: Arm ARM, MDCR_EL2 description).
	 */
	WRITE_SYSREG((READ_SYSREG(mdcr_el2) & MDCR_HPMN_MASK) | MDCR_TDRA |
			     MDCR_TDOSA | MDCR_TDA | MDCR_TPM | MDCR_TPMCR,
		     mdcr_el2);
	isb();
	p2m_arch_cpu_init();
}

__noreturn void arch_call_on_fresh_stack(void (*fn)(void))
{
	call_on_fresh_stack(arch_this_cpu()->stack_top, fn);
	__builtin_unreachable();
}

__noreturn void arch_enter_guest(void)
{
	enter_guest(arch_this_cpu()->stack_top);
	__builtin_unreachable();
}

__noreturn void arch_halt_cpu(void)
{
	local_irq_disable();
	for (;;)
		wfi();
}

void arch_power_off(void)
{
	psci_system_off();
}

void arch_reset(void)
{
	psci_system_reset();
}

void arch_idle(void)
{
	dsb(sy);
	wfi();
}
