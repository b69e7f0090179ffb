/* SPDX-License-Identifier: MIT */
/*
 * vcpu_op and vm_assist on Arm (Xen 4.17: do_vcpu_op in
 * xen/arch/arm/domain.c, common_vcpu_op and map_vcpu_info in
 * xen/common/domain.c, update_runstate_area in xen/arch/arm/domain.c).
 * Three vCPUs; event-channel upcalls stay off (the event PPI is never
 * enabled), so vcpu_info contents can be looked at directly.
 *
 * VCPUOP_register_vcpu_info:
 *  - a vCPU id past the last one is -ENOENT (checked before the command),
 *    an unreadable argument -EFAULT, an offset leaving no room for the
 *    48-byte vcpu_info or not 8-byte aligned -ENXIO, a gfn that is not
 *    our RAM -EINVAL;
 *  - registering works, with the reserved field ignored (Xen does not
 *    look at it); the new vcpu_info starts with evtchn_upcall_pending set
 *    and every evtchn_pending_sel bit (Xen marks everything pending), and
 *    events for that vCPU are flagged there, no longer in shared_info;
 *  - registering again is -EINVAL; so is registering another vCPU's while
 *    it is online, but for an offline vCPU (never started) it works, and
 *    its events then land there.
 * VCPUOP_register_runstate_memory_area:
 *  - the area is filled in at once: "running" for the caller's own, and
 *    "offline" for a vCPU that was never started (Xen fills in the
 *    current state of another vCPU too);
 *  - it is updated when vCPUs switch: vCPU 0 sees vCPU 1's area say
 *    "blocked" while vCPU 1 waits in WFI, and vCPU 1 then finds the time
 *    it spent blocked added; vCPU 0 reading its own area always sees
 *    "running", and after a 20 ms WFI sleep its blocked time and entry
 *    time have advanced; the times grow by exactly as much as the entry
 *    time (each state change adds now - entry time to the old state's);
 *    with VMASST_TYPE_runstate_update_flag enabled the same holds and
 *    XEN_RUNSTATE_UPDATE is clear once an update is done;
 *  - address 0 stops the updates; an unreadable argument is -EFAULT.
 * Other vcpu_ops are -EINVAL on Arm. VCPUOP_up/down/is_up are -EINVAL on
 * Xen 4.17 too, but armvisor offers them (Xen's common semantics: is_up
 * says 1 or 0, down of an offline vCPU is 0): for those three the test
 * accepts either answer (and never brings a vCPU up that way).
 * vm_assist: only VMASST_TYPE_runstate_update_flag is valid on Arm
 * (enable, disable: 0); other types -EINVAL, other commands -ENOSYS.
 */
#include <test.h>

const char test_title[] = "vcpu_op and vm_assist";

#define NR_VCPUS 3
#define VTIMER_PPI 27
#define WAKE_SGI 3
#define POISON 0xaaaaaaaaaaaaaaaaUL

static u8 vi_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static struct vcpu_runstate_info rs[NR_VCPUS] __aligned(64);
static volatile u32 sgis, vtimer_irqs;
static volatile long remote_rc[NR_VCPUS];

static struct vcpu_info *vi(unsigned int cpu)
{
	return (struct vcpu_info *)(vi_page + cpu * 64);
}

static long register_vi(unsigned int vcpu, u64 gfn, u32 offset, u32 rsvd)
{
	struct vcpu_register_vcpu_info info = {
		.mfn = gfn, .offset = offset, .rsvd = rsvd};

	return HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, vcpu, &info);
}

static long register_vi_at(unsigned int vcpu, u32 rsvd)
{
	return register_vi(vcpu, (u64)(uintptr_t)vi_page >> PAGE_SHIFT,
			   vcpu * 64, rsvd);
}

static long register_rs(unsigned int vcpu, struct vcpu_runstate_info *r)
{
	struct vcpu_register_runstate_memory_area a = {
		.addr.p = (u64)(uintptr_t)r};

	return HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, vcpu,
				  &a);
}

static void poison(struct vcpu_runstate_info *r)
{
	memset(r, 0xaa, sizeof(*r));
}

/* A consistent copy of an area the hypervisor may be updating. */
static void snapshot(const struct vcpu_runstate_info *r,
		     struct vcpu_runstate_info *out)
{
	u64 t;

	do {
		t = READ_ONCE(r->state_entry_time);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		memcpy(out, (const void *)r, sizeof(*out));
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
	} while ((t & XEN_RUNSTATE_UPDATE) ||
		 t != READ_ONCE(r->state_entry_time));
}

static void on_sgi(u32 intid, void *arg)
{
	sgis++;
}

static void on_vtimer(u32 intid, void *arg)
{
	write_sysreg(2, cntv_ctl_el0); /* IMASK */
	isb();
	vtimer_irqs++;
}

/* ---- work run on secondary vCPUs ---- */

static void remote_register_vi(void *arg)
{
	unsigned int cpu = smp_processor_id();

	remote_rc[cpu] = register_vi_at(cpu, 0);
}

static void enable_wake_sgi(void *arg)
{
	gic_enable_irq(WAKE_SGI);
}

static struct vcpu_runstate_info v1_before, v1_after;

/* vCPU 1: WFI with interrupts masked until the SGI comes. */
static void block_until_sgi(void *arg)
{
	u32 before = sgis;
	u64 t0 = uptime_us();

	vi(1)->evtchn_upcall_pending = 0;
	snapshot(&rs[1], &v1_before);
	while (sgis == before && uptime_us() - t0 < 5000000) {
		wfi();
		local_irq_enable();
		isb();
		local_irq_disable();
	}
	snapshot(&rs[1], &v1_after);
}

/* ---- the checks ---- */

static void test_vcpu_info_errors(void)
{
	u64 ram_gfn = (u64)(uintptr_t)vi_page >> PAGE_SHIFT;
	u64 end_gfn = (platform.ram_base + platform.ram_size) >> PAGE_SHIFT;

	check_eq(register_vi(NR_VCPUS, ram_gfn, 0, 0), -XEN_ENOENT,
		 "register_vcpu_info for vCPU %u (none)", NR_VCPUS);
	check_eq(register_vi(100, ram_gfn, 0, 0), -XEN_ENOENT,
		 "register_vcpu_info for vCPU 100 (none)");
	check_eq(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0,
				    (void *)UNMAPPED_VA),
		 -XEN_EFAULT, "register_vcpu_info, argument not mapped");
	check_eq(register_vi(0, ram_gfn, PAGE_SIZE - 48 + 8, 0), -XEN_ENXIO,
		 "offset leaving less than 48 bytes");
	check_eq(register_vi(0, ram_gfn, PAGE_SIZE, 0), -XEN_ENXIO,
		 "offset of a page");
	check_eq(register_vi(0, ram_gfn, 4, 0), -XEN_ENXIO,
		 "offset not 8-byte aligned");
	check_eq(register_vi(0, 0x10000000 >> PAGE_SHIFT, 0, 0), -XEN_EINVAL,
		 "gfn of no RAM (0x10000000)");
	check_eq(register_vi(0, end_gfn + 16, 0, 0), -XEN_EINVAL,
		 "gfn past our RAM");
}

/* Send an event to vcpu: where is it flagged? */
static void check_event_lands(unsigned int vcpu, bool old_too)
{
	struct vcpu_info *old = &xen_shared_info->vcpu_info[0];
	evtchn_port_t port;

	vi(vcpu)->evtchn_upcall_pending = 0;
	vi(vcpu)->evtchn_pending_sel = 0;
	old->evtchn_upcall_pending = 0;
	old->evtchn_pending_sel = 0;
	if (!check_eq(evtchn_bind_ipi(vcpu, &port), 0, "bind_ipi(vCPU %u)",
		      vcpu))
		return;
	check_eq(evtchn_send(port), 0, "send to vCPU %u", vcpu);
	check_eq(READ_ONCE(vi(vcpu)->evtchn_upcall_pending), 1,
		 "vCPU %u: evtchn_upcall_pending set in the registered "
		 "vcpu_info",
		 vcpu);
	check(READ_ONCE(vi(vcpu)->evtchn_pending_sel) & BIT(port / 64),
	      "vCPU %u: selector bit set there", vcpu);
	if (old_too)
		check_eq(READ_ONCE(old->evtchn_upcall_pending), 0,
			 "... not in shared_info's vcpu_info[0]");
	evtchn_close(port);
	evtchn_clear_pending(port);
	vi(vcpu)->evtchn_upcall_pending = 0;
	vi(vcpu)->evtchn_pending_sel = 0;
}

static void test_vcpu_info(void)
{
	long rc;

	/* vCPU 1 was never started: registering it from here works. */
	check_eq(register_vi_at(1, 0), 0,
		 "register_vcpu_info for vCPU 1 while it is offline");
	check_eq(vi(1)->evtchn_upcall_pending, 1,
		 "vCPU 1's new vcpu_info: evtchn_upcall_pending set");

	/* Our own, with garbage in the reserved field. */
	rc = register_vi_at(0, 0x5a5a5a5a);
	check_eq(rc, 0, "register_vcpu_info, rsvd not 0 (ignored)");
	if (rc)
		rc = register_vi_at(0, 0);
	if (!check_eq(rc, 0, "register_vcpu_info for vCPU 0"))
		return;
	check_eq(vi(0)->evtchn_upcall_pending, 1,
		 "new vcpu_info: evtchn_upcall_pending set");
	check(vi(0)->evtchn_pending_sel == ~0UL,
	      "new vcpu_info: every selector bit set (%#lx)",
	      vi(0)->evtchn_pending_sel);
	check_eq(register_vi_at(0, 0), -XEN_EINVAL, "register_vcpu_info again");
	check_eq(register_vi(0, (u64)(uintptr_t)vi_page >> PAGE_SHIFT, 512, 0),
		 -XEN_EINVAL, "register_vcpu_info again, elsewhere");
	check_event_lands(0, true);

	/* vCPU 2 online: only it may register its own. */
	if (!check_eq(cpu_start(2), 0, "start vCPU 2"))
		return;
	check_eq(register_vi_at(2, 0), -XEN_EINVAL,
		 "register_vcpu_info for vCPU 2 while it is online");
	on_cpu(2, remote_register_vi, NULL);
	check_eq(remote_rc[2], 0, "vCPU 2 registers its own");
	on_cpu(2, remote_register_vi, NULL);
	check_eq(remote_rc[2], -XEN_EINVAL, "vCPU 2 registers again");
	check_event_lands(2, false);

	/* vCPU 1's was registered for it while it was offline. */
	if (!check_eq(cpu_start(1), 0, "start vCPU 1"))
		return;
	on_cpu(1, remote_register_vi, NULL);
	check_eq(remote_rc[1], -XEN_EINVAL,
		 "vCPU 1 registers again (registered while offline)");
	check_event_lands(1, false);
}

/* Sleep in WFI, interrupts masked, for us on the virtual timer. */
static void vtimer_sleep(u64 us)
{
	u64 freq = platform.timer_freq ? platform.timer_freq : timer_freq();
	u32 before = vtimer_irqs;
	u64 t0 = uptime_us();

	vi(0)->evtchn_upcall_pending = 0;
	write_sysreg(timer_count() + us * freq / 1000000, cntv_cval_el0);
	write_sysreg(1, cntv_ctl_el0);
	isb();
	while (vtimer_irqs == before && uptime_us() - t0 < 5000000) {
		wfi();
		local_irq_enable();
		isb();
		local_irq_disable();
	}
}

/*
 * b was read after a's vCPU spent at least min_blocked_us blocked (or, for
 * min_blocked_us 0, after it blocked in WFI for a timer min_entry_us away).
 */
static void check_advanced(const struct vcpu_runstate_info *a,
			   const struct vcpu_runstate_info *b, const char *who,
			   u64 min_blocked_us, u64 min_entry_us)
{
	u64 d_entry = b->state_entry_time - a->state_entry_time;
	u64 d_sum = 0;
	unsigned int i;

	for (i = 0; i < 4; i++)
		d_sum += b->time[i] - a->time[i];
	printk("%s: time running/runnable/blocked/offline +%lu/+%lu/+%lu/+%lu "
	       "us, entry time +%lu us\n",
	       who, (b->time[0] - a->time[0]) / 1000,
	       (b->time[1] - a->time[1]) / 1000,
	       (b->time[2] - a->time[2]) / 1000,
	       (b->time[3] - a->time[3]) / 1000, d_entry / 1000);
	check_eq(b->state, RUNSTATE_running, "%s: state running", who);
	check(!(b->state_entry_time & XEN_RUNSTATE_UPDATE),
	      "%s: XEN_RUNSTATE_UPDATE clear", who);
	/* Each change adds now - entry time to the old state's time. */
	check_eq(d_sum, d_entry,
		 "%s: the times grew by as much as the entry time", who);
	check(b->time[RUNSTATE_blocked] >
		      a->time[RUNSTATE_blocked] + min_blocked_us * 1000,
	      "%s: blocked time grew by more than %lu ms", who,
	      min_blocked_us / 1000);
	check(d_entry >= min_entry_us * 1000,
	      "%s: entry time advanced by at least %lu ms", who,
	      min_entry_us / 1000);
}

static void test_runstate(void)
{
	struct vcpu_runstate_info a, b;
	struct vcpu_register_runstate_memory_area area = {.addr.p = 0};
	u64 t0;

	check_eq(HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0,
				    (void *)UNMAPPED_VA),
		 -XEN_EFAULT,
		 "register_runstate_memory_area, argument not "
		 "mapped");

	/* Our own: filled in at once, running. */
	poison(&rs[0]);
	if (!check_eq(register_rs(0, &rs[0]), 0,
		      "register_runstate_memory_area for vCPU 0"))
		return;
	snapshot(&rs[0], &a);
	check_eq(a.state, RUNSTATE_running, "filled in: state running");
	check(a.state_entry_time != POISON && a.time[0] != POISON,
	      "filled in: entry time %lu ns, running %lu ns",
	      a.state_entry_time, a.time[RUNSTATE_running]);

	/* Ours after a sleep. */
	vtimer_sleep(20000);
	snapshot(&rs[0], &b);
	check_advanced(&a, &b, "vCPU 0 after a 20 ms WFI", 0, 15000);

	/* The same with the update flag. */
	check_eq(HYPERVISOR_vm_assist(VMASST_CMD_enable,
				      VMASST_TYPE_runstate_update_flag),
		 0, "enable VMASST_TYPE_runstate_update_flag");
	snapshot(&rs[0], &a);
	vtimer_sleep(20000);
	b = rs[0];
	check_advanced(&a, &b, "with the update flag, vCPU 0 after a WFI", 0,
		       15000);

	/* vCPU 1 blocked, as seen from vCPU 0. */
	on_cpu(1, enable_wake_sgi, NULL);
	on_cpu_async(1, block_until_sgi, NULL);
	t0 = uptime_us();
	while (READ_ONCE(rs[1].state) != RUNSTATE_blocked &&
	       uptime_us() - t0 < 2000000)
		cpu_relax();
	check_eq(READ_ONCE(rs[1].state), RUNSTATE_blocked,
		 "vCPU 1's area says blocked while it waits in WFI");
	udelay(20000);
	gic_send_sgi(1, WAKE_SGI);
	if (!check(cpu_wait_idle(1, 5000000), "vCPU 1 woke up"))
		return;
	check_eq(sgis, 1, "... on the SGI");
	check_advanced(&v1_before, &v1_after, "vCPU 1 after the WFI", 10000,
		       10000);

	/* Address 0: no more updates. */
	check_eq(HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0,
				    &area),
		 0, "register_runstate_memory_area(NULL) for vCPU 0");
	a = rs[0];
	vtimer_sleep(10000);
	check(!memcmp(&a, &rs[0], sizeof(a)), "vCPU 0's old area no longer "
					      "updated");
	check_eq(HYPERVISOR_vm_assist(VMASST_CMD_disable,
				      VMASST_TYPE_runstate_update_flag),
		 0, "disable VMASST_TYPE_runstate_update_flag");
}

static void test_runstate_offline(void)
{
	poison(&rs[1]);
	if (!check_eq(register_rs(1, &rs[1]), 0,
		      "register_runstate_memory_area for vCPU 1 (offline)"))
		return;
	check_eq(READ_ONCE(rs[1].state), RUNSTATE_offline,
		 "vCPU 1's area filled in at once: offline");
	check(READ_ONCE(rs[1].state_entry_time) != POISON,
	      "... with an entry time");
}

static bool one_of(long rc, long a, long b)
{
	return rc == a || rc == b;
}

static void test_other_ops(void)
{
	static const int einval[] = {
		VCPUOP_initialise,
		VCPUOP_get_runstate_info,
		VCPUOP_set_periodic_timer,
		VCPUOP_stop_periodic_timer,
		VCPUOP_set_singleshot_timer,
		VCPUOP_stop_singleshot_timer,
		VCPUOP_send_nmi,
		VCPUOP_get_physid,
		VCPUOP_register_vcpu_time_memory_area,
		14,
		99,
	};
	static u8 buf[64] __aligned(8);
	unsigned int i;
	long rc;

	for (i = 0; i < ARRAY_SIZE(einval); i++)
		check_eq(HYPERVISOR_vcpu_op(einval[i], 0, buf), -XEN_EINVAL,
			 "vcpu_op %d on Arm", einval[i]);
	check_eq(HYPERVISOR_vcpu_op(VCPUOP_initialise, 100, buf), -XEN_ENOENT,
		 "vcpu_op on vCPU 100: the id is checked first");
	check_eq(HYPERVISOR_vcpu_op(VCPUOP_up, NR_VCPUS, NULL), -XEN_ENOENT,
		 "VCPUOP_up of vCPU %u (none)", NR_VCPUS);

	/* Xen 4.17 on Arm: -EINVAL; armvisor: Xen's common semantics. */
	rc = HYPERVISOR_vcpu_op(VCPUOP_is_up, 0, NULL);
	check(one_of(rc, -XEN_EINVAL, 1), "VCPUOP_is_up(0): %s (-EINVAL, or 1)",
	      errname(rc));
	if (!check(cpu_stop(2), "stop vCPU 2 (PSCI CPU_OFF)"))
		return;
	rc = HYPERVISOR_vcpu_op(VCPUOP_is_up, 2, NULL);
	check(one_of(rc, -XEN_EINVAL, 0),
	      "VCPUOP_is_up(2) when off: %s (-EINVAL, or 0)", errname(rc));
	rc = HYPERVISOR_vcpu_op(VCPUOP_down, 2, NULL);
	check(one_of(rc, -XEN_EINVAL, 0),
	      "VCPUOP_down(2) when off: %s (-EINVAL, or 0)", errname(rc));
}

static void test_vm_assist(void)
{
	static const unsigned int bad_types[] = {0,  1,	 2,  3,	 4,   6,
						 31, 32, 63, 64, 1000};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad_types); i++) {
		check_eq(HYPERVISOR_vm_assist(VMASST_CMD_enable, bad_types[i]),
			 -XEN_EINVAL, "vm_assist enable, type %u",
			 bad_types[i]);
		check_eq(HYPERVISOR_vm_assist(VMASST_CMD_disable, bad_types[i]),
			 -XEN_EINVAL, "vm_assist disable, type %u",
			 bad_types[i]);
	}
	check_eq(HYPERVISOR_vm_assist(2, VMASST_TYPE_runstate_update_flag),
		 -XEN_ENOSYS, "vm_assist command 2");
	check_eq(HYPERVISOR_vm_assist(2, 3), -XEN_EINVAL,
		 "vm_assist command 2, type 3: the type is checked first");
}

void test_main(void)
{
	if (!platform.gic_version || nr_cpus() < NR_VCPUS) {
		test_error("needs a GIC and %u vCPUs", NR_VCPUS);
		return;
	}
	if (!check_eq(xen_map_shared_info(), 0, "map shared_info"))
		return;
	irq_register(WAKE_SGI, on_sgi, NULL);
	irq_register(VTIMER_PPI, on_vtimer, NULL);
	gic_enable_irq(VTIMER_PPI);

	test_vcpu_info_errors();
	test_runstate_offline();
	test_vcpu_info();
	test_runstate();
	test_other_ops();
	test_vm_assist();
	check_eq(irq_unhandled, 0, "no unexpected interrupt");
	test_success(NULL);
}
