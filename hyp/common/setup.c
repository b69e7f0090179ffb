/* SPDX-License-Identifier: MIT */
/*
 * The boot sequence after memory management is up: console, banner,
 * interrupts, timers, secondary CPUs, self tests, then the domains.
 */
#include <hyp/arch.h>
#include <hyp/bootinfo.h>
#include <hyp/console.h>
#include <hyp/domain.h>
#include <hyp/dom0.h>
#include <hyp/domain_build.h>
#include <hyp/irq.h>
#include <hyp/irqflags.h>
#include <hyp/keyhandler.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/param.h>
#include <hyp/percpu.h>
#include <hyp/setup.h>
#include <hyp/timer.h>
#include <hyp/vgic.h>
#include <hyp/vtimer.h>

struct bootinfo bootinfo;
struct cpu_info cpu_info[NR_CPUS];
unsigned int nr_cpus_online = 1;
unsigned int nr_cpu_ids = 1;

/* maxcpus=<n>: start at most n CPUs (Xen's option). */
static unsigned int opt_maxcpus = NR_CPUS;
integer_param("maxcpus", opt_maxcpus);

void bootmem_setup(paddr_t image, u64 image_size, paddr_t fdt, u64 fdt_size)
{
	unsigned int i;

	for (i = 0; i < bootinfo.mem.nr; i++)
		bootmem_add_ram(bootinfo.mem.bank[i].start,
				bootinfo.mem.bank[i].size);
	bootmem_reserve(image, image_size);
	bootmem_reserve(fdt, fdt_size);
	for (i = 0; i < bootinfo.nr_modules; i++)
		bootmem_reserve(bootinfo.modules[i].start,
				bootinfo.modules[i].size);
	for (i = 0; i < bootinfo.reserved.nr; i++)
		bootmem_reserve(bootinfo.reserved.bank[i].start,
				bootinfo.reserved.bank[i].size);
}

static void print_banner(void)
{
	struct page_alloc_stats st;
	u64 ram = 0;
	unsigned int i;

	for (i = 0; i < bootinfo.mem.nr; i++)
		ram += bootinfo.mem.bank[i].size;
	page_alloc_get_stats(&st);

	printk("armvisor %s (%s build), a hypervisor speaking Xen's ABI\n",
	       HYP_VERSION, HYP_FLAVOUR);
	printk("Command line: %s\n", bootinfo.cmdline);
	printk("RAM: %lu MiB in %u bank(s)\n", ram >> 20, bootinfo.mem.nr);
	for (i = 0; i < bootinfo.mem.nr; i++)
		printk("  bank %u: %#014lx-%#014lx\n", i,
		       pa_val(bootinfo.mem.bank[i].start),
		       pa_val(bootinfo.mem.bank[i].start) +
			       bootinfo.mem.bank[i].size);
	for (i = 0; i < bootinfo.reserved.nr; i++)
		printk("  reserved: %#014lx-%#014lx\n",
		       pa_val(bootinfo.reserved.bank[i].start),
		       pa_val(bootinfo.reserved.bank[i].start) +
			       bootinfo.reserved.bank[i].size);
	printk("Free memory: %lu MiB of %lu MiB managed\n",
	       (st.free_pages << PAGE_SHIFT) >> 20,
	       (st.total_pages << PAGE_SHIFT) >> 20);
	printk("Modules: %u\n", bootinfo.nr_modules);
	for (i = 0; i < bootinfo.nr_modules; i++) {
		const struct bootmodule *m = &bootinfo.modules[i];

		printk("  %s: %#014lx-%#014lx%s%s\n",
		       bootmod_kind_name(m->kind), pa_val(m->start),
		       pa_val(m->start) + m->size,
		       m->has_cmdline ? " cmdline: " : "",
		       m->has_cmdline ? m->cmdline : "");
	}
}

static void start_secondaries(void)
{
	unsigned int i, cpu = 1;
	u64 self = arch_cpu_affinity();

	for (i = 0; i < bootinfo.nr_cpus; i++) {
		u64 mpidr = bootinfo.cpu_mpidr[i];
		void *stack;
		s_time_t deadline;

		if (mpidr == self)
			continue;
		if (cpu >= NR_CPUS || cpu >= opt_maxcpus) {
			printk(HYPLOG_WARNING
			       "CPU MPIDR %#lx not started (limit %u)\n",
			       mpidr, MIN(opt_maxcpus, (unsigned int)NR_CPUS));
			continue;
		}
		stack = arch_alloc_stack();
		if (!stack) {
			printk(HYPLOG_WARNING "No memory for CPU%u's stack\n",
			       cpu);
			break;
		}
		cpu_info[cpu].id = cpu;
		cpu_info[cpu].mpidr = mpidr;
		cpu_info[cpu].stack_top = stack;
		nr_cpu_ids = cpu + 1;
		if (arch_cpu_up(cpu, mpidr, stack))
			continue;
		deadline = NOW() + SECONDS(2);
		while (!READ_ONCE(cpu_info[cpu].online) && NOW() < deadline)
			;
		if (!READ_ONCE(cpu_info[cpu].online)) {
			printk(HYPLOG_WARNING
			       "CPU%u (MPIDR %#lx) did not come online\n",
			       cpu, mpidr);
			continue;
		}
		nr_cpus_online++;
		cpu++;
	}
}

static void cpu_common_init(unsigned int cpu)
{
	arch_cpu_init();
	if (gic->cpu_init())
		panic("GIC CPU interface init failed on CPU%u", cpu);
	arch_timer_cpu_init();
	/*
	 * PPIs of the device models: request_irq() enabled them on the boot
	 * CPU (after its GIC interface was up); the others enable their own.
	 */
	if (cpu) {
		vgic_cpu_init();
		vtimer_cpu_init();
	}
	local_irq_enable();
}

/* Set once the boot CPU has built the domains: then every CPU schedules. */
static bool boot_done;

__noreturn void secondary_cpu_main(unsigned int cpu)
{
	cpu_common_init(cpu);
	printk("CPU%u online, MPIDR %#lx\n", cpu, cpu_info[cpu].mpidr);
	WRITE_ONCE(cpu_info[cpu].online, true);
	while (!READ_ONCE(boot_done))
		arch_idle();
	sched_start();
}

/* One timer event on every CPU must fire, and every CPU must take an SGI. */
static struct timer selftest_timer[NR_CPUS];
static volatile bool selftest_fired[NR_CPUS];

static void selftest_timer_fn(void *data)
{
	selftest_fired[(unsigned long)data] = true;
}

static void boot_selftest(void)
{
	unsigned int cpu, ok_timer = 0, ok_ipi = 0;
	s_time_t deadline;
	u64 before[NR_CPUS];

	for_each_online_cpu (cpu) {
		before[cpu] = READ_ONCE(cpu_info[cpu].ipi_ping_count);
		init_timer(&selftest_timer[cpu], selftest_timer_fn,
			   (void *)(unsigned long)cpu, cpu);
		set_timer(&selftest_timer[cpu], NOW() + MILLISECS(1));
		if (cpu != smp_processor_id())
			send_ipi(cpu, IPI_PING);
	}
	deadline = NOW() + SECONDS(2);
	while (NOW() < deadline) {
		ok_timer = ok_ipi = 0;
		for_each_online_cpu (cpu) {
			ok_timer += selftest_fired[cpu];
			ok_ipi += cpu == smp_processor_id() ||
				  READ_ONCE(cpu_info[cpu].ipi_ping_count) !=
					  before[cpu];
		}
		if (ok_timer == nr_cpus_online && ok_ipi == nr_cpus_online)
			break;
	}
	printk("Self test: timer events on %u/%u CPUs, SGIs to %u/%u CPUs\n",
	       ok_timer, nr_cpus_online, ok_ipi, nr_cpus_online);
	if (ok_timer != nr_cpus_online || ok_ipi != nr_cpus_online)
		panic("Boot self test failed");
}

static void print_cpus(void)
{
	char buf[200];
	size_t len = 0;
	unsigned int cpu;

	for_each_online_cpu (cpu) {
		if (len < sizeof(buf))
			len += snprintf(buf + len, sizeof(buf) - len, " %#lx",
					cpu_info[cpu].mpidr);
	}
	printk("CPUs: %u online of %u in the device tree (MPIDRs:%s)\n",
	       nr_cpus_online, bootinfo.nr_cpus, buf);
}

__noreturn void hyp_boot(const struct fdt *fdt)
{
	unsigned int nr_domains;
	bool dom0_kernel;

	cpu_info[0].online = true;
	console_init(fdt);
	print_banner();

	gic_init();
	panic_init_ipi();
	printk("GIC: v%u, %u interrupt lines\n", gic->version, gic->nr_lines);
	arch_time_init();
	printk("Timer: %lu Hz system counter\n", arch_counter_freq());
	sched_init();
	cpu_common_init(0);
	vgic_init();
	vgic_cpu_init();
	vtimer_init();
	console_init_postirq();

	start_secondaries();
	print_cpus();
	boot_selftest();

	/* What destroying every domain must give back (domain_reap). */
	memory_report("before creating domains");
	dom0_kernel = dom0_kernel_given();
	nr_domains = 0;
	if (dom0_kernel && dom0_create(fdt))
		nr_domains++;
	nr_domains += dom0less_create_domains(fdt);
	if (!nr_domains) {
		if (!dom0_kernel)
			printk("No dom0 kernel given: nothing to run. "
			       "Powering off.\n");
		else
			printk("No domain to run. Powering off.\n");
		arch_power_off();
		panic("Power off failed");
	}
	printk("Starting %u domain(s)\n", nr_domains);
	console_input_endboot();
	console_enable_debug_keys();
	/* Make the domains visible before other CPUs start scheduling. */
	__atomic_store_n(&boot_done, true, __ATOMIC_RELEASE);
	send_ipi_allbutself(IPI_SCHED);
	sched_start();
}
