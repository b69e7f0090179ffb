/* SPDX-License-Identifier: MIT */
/* C entry of the boot vCPU, timing helpers and the spinlock. */
#include <test.h>

void __noreturn runtime_main(void *dtb);
void __noreturn runtime_main(void *dtb)
{
	u64 dtb_pa = (u64)(uintptr_t)dtb;

	cpu_data[0].online = true;
	if (!platform_init(dtb)) {
		printk("--- Test %s: %s ---\n", test_name, test_title);
		test_error("No valid device tree at x0 = %p", dtb);
		test_exit();
	}
	console_init();
	cpu_data[0].mpidr = cpu_mpidr(0);
	printk("--- Test %s: %s ---\n", test_name, test_title);
	platform_print();
	if (dtb_pa < (u64)(uintptr_t)_end &&
	    dtb_pa + platform.dtb_size > (u64)(uintptr_t)_start) {
		test_error("The DTB (%p) overlaps the image (%p-%p)", dtb,
			   _start, _end);
		test_exit();
	}
	if ((read_sysreg(mpidr_el1) & 0xff00ffffffUL) !=
	    (cpu_mpidr(0) & 0xff00ffffffUL))
		test_warning("vCPU 0 MPIDR 0x%lx is not the DT's first cpu "
			     "(0x%lx)",
			     read_sysreg(mpidr_el1), cpu_mpidr(0));
	gic_init();
	test_main();
	test_exit();
}

u64 uptime_us(void)
{
	u64 freq = platform.timer_freq ? platform.timer_freq : timer_freq();

	u64 c = timer_count();

	return c / freq * 1000000 + (c % freq) * 1000000 / freq;
}

void udelay(u64 us)
{
	u64 start = uptime_us();

	while (uptime_us() - start < us)
		cpu_relax();
}

void spin_lock(spinlock_t *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			cpu_relax();
}

void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}
