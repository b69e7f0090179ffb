/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: argument checks of domctl and sysctl (common/domctl*.c,
 * sysctl.c) in Xen 4.17's order, against fakes for the domain lifecycle
 * (domctl_fakes.c: domain_create and friends are recorded, not run) and
 * the fake guest layer (copies are host memcpy, current is settable).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <hyp/bootinfo.h>
#include <hyp/domain.h>
#include <hyp/domctl.h>
#include <hyp/errno.h>
#include <hyp/irq.h>
#include <hyp/mm.h>
#include <hyp/percpu.h>
#include <hyp/printk.h>
#include <hyp/timer.h>
#include <hyp/vcpu_arch.h>
#include <public/domctl.h>
#include <public/sysctl.h>

#include "domctl_test_util.h"
#include "host_fake_guest.h"

/* ---- the tests ---- */

static struct domain *dom0, *domu;
static struct vcpu *dom0_vcpu, *domu_vcpu;
static struct xen_domctl op;
static struct xen_sysctl sop;

static int setup(void **state)
{
	struct domain_config boot = {0};

	(void)state;
	host_fake_guest_reset();
	host_fake_p2m_reset();
	nr_creates = nr_pauses = nr_unpauses = nr_kills = 0;
	cpu_info[0].online = cpu_info[1].online = true;
	dom0 = new_domain(0, 2, true, &boot);
	domu = new_domain(1, 1, false, &boot);
	dom0_vcpu = dom0->vcpus[0];
	domu_vcpu = domu->vcpus[0];
	set_current_vcpu(dom0_vcpu);
	memset(&op, 0, sizeof(op));
	op.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	memset(&sop, 0, sizeof(sop));
	sop.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < MAX_TEST_DOMS; i++)
		if (doms[i])
			free_domain(doms[i]);
	return 0;
}

static long call(void)
{
	return do_domctl((u64)(uintptr_t)&op);
}

static long scall(void)
{
	return do_sysctl((u64)(uintptr_t)&sop);
}

static void test_order_unprivileged(void **state)
{
	(void)state;
	set_current_vcpu(domu_vcpu);
	op.cmd = XEN_DOMCTL_pausedomain;
	op.domain = 0;
	op.interface_version = 0x14;
	assert_int_equal(call(), -EACCES);
	op.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	op.domain = 7; /* no such domain: looked up before the rights */
	assert_int_equal(call(), -ESRCH);
	op.domain = 0;
	assert_int_equal(call(), -EPERM);
	op.cmd = 9999;
	assert_int_equal(call(), -EPERM);
	op.cmd = XEN_DOMCTL_createdomain;
	op.domain = 7;
	assert_int_equal(call(), -EPERM);
	assert_int_equal(nr_pauses + nr_creates, 0);
	sop.cmd = XEN_SYSCTL_physinfo;
	assert_int_equal(scall(), -EPERM);
	assert_int_equal(sop.u.physinfo.nr_cpus, 0);
	sop.interface_version = 0;
	assert_int_equal(scall(), -EACCES);
	/* An unreadable argument. */
	assert_int_equal(do_domctl(16), -EFAULT);
	assert_int_equal(do_sysctl(16), -EFAULT);
}

static void test_unknown(void **state)
{
	(void)state;
	op.cmd = 9999;
	op.domain = 1;
	assert_int_equal(call(), -ENOSYS);
	op.domain = 9;
	assert_int_equal(call(), -ESRCH);
	sop.cmd = 9999;
	assert_int_equal(scall(), -ENOSYS);
}

static void fill_create(void)
{
	struct xen_domctl_createdomain *c = &op.u.createdomain;

	memset(&op.u, 0, sizeof(op.u));
	op.cmd = XEN_DOMCTL_createdomain;
	op.domain = 0;
	c->flags = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap;
	c->max_vcpus = 2;
	c->max_evtchn_port = 1023;
	c->max_grant_frames = -1;
	c->max_maptrack_frames = -1;
	c->grant_opts = XEN_DOMCTL_GRANT_version(1);
	c->arch.gic_version = XEN_DOMCTL_CONFIG_GIC_NATIVE;
	c->arch.nr_spis = 1;
}

static void test_create_checks(void **state)
{
	struct xen_domctl_createdomain *c = &op.u.createdomain;

	(void)state;
	fill_create();
	c->flags = XEN_DOMCTL_CDF_hvm;
	assert_int_equal(call(), -EINVAL);
	fill_create();
	c->flags |= 1U << 20;
	assert_int_equal(call(), -EINVAL);
	fill_create();
	c->max_vcpus = 0;
	assert_int_equal(call(), -EINVAL);
	fill_create();
	c->max_vcpus = MAX_VIRT_CPUS + 1;
	assert_int_equal(call(), -EINVAL);
	fill_create();
	c->grant_opts = XEN_DOMCTL_GRANT_version(2);
	assert_int_equal(call(), -EINVAL);
	fill_create();
	c->max_grant_frames = -2;
	assert_int_equal(call(), -EINVAL);
	fill_create();
	c->arch.tee_type = XEN_DOMCTL_CONFIG_TEE_OPTEE;
	assert_int_equal(call(), -EINVAL);
	fill_create();
	c->arch.gic_version = XEN_DOMCTL_CONFIG_GIC_V2; /* host is v3 */
	assert_int_equal(call(), -ENODEV);
	fill_create();
	c->arch.gic_version = 9;
	assert_int_equal(call(), -EINVAL);
	fill_create();
	c->arch.nr_spis = 989;
	assert_int_equal(call(), -EINVAL);
	fill_create();
	c->cpupool_id = 1;
	assert_int_equal(call(), -ENOENT);
	fill_create();
	c->vmtrace_size = 4096;
	assert_int_equal(call(), -EINVAL);
	fill_create();
	op.domain = 1; /* taken */
	assert_int_equal(call(), -EEXIST);
	assert_int_equal(nr_creates, 0);
}

static void test_create(void **state)
{
	struct xen_domctl_createdomain *c = &op.u.createdomain;
	struct domain *d;

	(void)state;
	fill_create();
	assert_int_equal(call(), 0);
	assert_int_equal(nr_creates, 1);
	/* Native resolved and written back; the id chosen past dom0/d1. */
	assert_int_equal(c->arch.gic_version, XEN_DOMCTL_CONFIG_GIC_V3);
	assert_int_equal(c->arch.nr_spis, 1);
	assert_int_equal(domain_find_any(2)->ctl->nr_spis, 32);
	assert_int_equal(op.domain, 2);
	assert_true(last_cfg.toolstack);
	assert_int_equal(last_cfg.max_vcpus, 2);
	assert_int_equal(last_cfg.nr_spis, 1);
	assert_int_equal(last_cfg.max_evtchn_port, 1023);
	assert_int_equal(last_cfg.max_grant_frames, 0);
	d = domain_find_any(2);
	assert_non_null(d);

	/* vCPUs appear at max_vcpus (Xen 4.17), with the created count. */
	op.cmd = XEN_DOMCTL_getvcpuinfo;
	op.domain = 2;
	op.u.getvcpuinfo.vcpu = 0;
	assert_int_equal(call(), -ESRCH);
	op.cmd = XEN_DOMCTL_max_vcpus;
	op.u.max_vcpus.max = 3;
	assert_int_equal(call(), -EINVAL);
	op.u.max_vcpus.max = 2;
	assert_int_equal(call(), 0);
	op.cmd = XEN_DOMCTL_getvcpuinfo;
	op.u.getvcpuinfo.vcpu = 2;
	assert_int_equal(call(), -EINVAL);
	op.u.getvcpuinfo.vcpu = 1;
	assert_int_equal(call(), 0);
	assert_int_equal(op.u.getvcpuinfo.online, 0);

	/* Created paused by the controller: one unpause, then -EINVAL. */
	op.cmd = XEN_DOMCTL_unpausedomain;
	assert_int_equal(call(), 0);
	assert_int_equal(call(), -EINVAL);
	assert_int_equal(nr_unpauses, 1);
	op.cmd = XEN_DOMCTL_pausedomain;
	op.domain = 0; /* itself */
	assert_int_equal(call(), -EINVAL);

	/* Address size: 64 only, and only without memory. */
	op.cmd = XEN_DOMCTL_set_address_size;
	op.domain = 2;
	op.u.address_size.size = 32;
	assert_int_equal(call(), -EINVAL);
	op.u.address_size.size = 64;
	assert_int_equal(call(), 0);
	d->tot_pages = 1;
	assert_int_equal(call(), -EBUSY);

	/* max_mem in KiB. */
	op.cmd = XEN_DOMCTL_max_mem;
	op.u.max_mem.max_memkb = 4096 + 3;
	assert_int_equal(call(), 0);
	assert_int_equal(d->max_pages, 1024);
	assert_true(d->max_pages_strict);

	/* Destroying: itself and dom0 refused, then gone. */
	op.cmd = XEN_DOMCTL_destroydomain;
	op.domain = 0;
	assert_int_equal(call(), -EINVAL);
	op.domain = 2;
	assert_int_equal(call(), 0);
	assert_int_equal(nr_kills, 1);
	assert_null(domain_find_any(2));
	assert_int_equal(call(), -ESRCH);
}

static void test_getdomaininfo(void **state)
{
	struct xen_domctl_getdomaininfo list[4];

	(void)state;
	op.cmd = XEN_DOMCTL_getdomaininfo;
	op.domain = 1;
	assert_int_equal(call(), 0);
	assert_int_equal(op.u.getdomaininfo.domain, 1);
	assert_int_equal(op.u.getdomaininfo.max_vcpu_id, 0);
	assert_true(op.u.getdomaininfo.flags & XEN_DOMINF_hvm_guest);
	/* 4.17: the next domain up answers; none above -> -ESRCH. */
	op.domain = 2;
	assert_int_equal(call(), -ESRCH);
	op.domain = DOMID_SELF;
	assert_int_equal(call(), -EINVAL);

	sop.cmd = XEN_SYSCTL_getdomaininfolist;
	sop.u.getdomaininfolist.first_domain = 0;
	sop.u.getdomaininfolist.max_domains = 4;
	set_xen_guest_handle(sop.u.getdomaininfolist.buffer, list);
	assert_int_equal(scall(), 0);
	assert_int_equal(sop.u.getdomaininfolist.num_domains, 2);
	assert_int_equal(list[0].domain, 0);
	assert_int_equal(list[1].domain, 1);
	sop.u.getdomaininfolist.first_domain = 1;
	sop.u.getdomaininfolist.max_domains = 1;
	assert_int_equal(scall(), 0);
	assert_int_equal(sop.u.getdomaininfolist.num_domains, 1);
	assert_int_equal(list[0].domain, 1);
}

static void test_vcpu_args(void **state)
{
	u8 map[8] = {0};

	(void)state;
	op.cmd = XEN_DOMCTL_setvcpuaffinity;
	op.domain = 1;
	op.u.vcpuaffinity.vcpu = 0;
	op.u.vcpuaffinity.flags = 0;
	assert_int_equal(call(), -EINVAL);
	op.u.vcpuaffinity.flags = XEN_VCPUAFFINITY_HARD; /* NULL map */
	assert_int_equal(call(), -EINVAL);
	op.u.vcpuaffinity.vcpu = 1;
	set_xen_guest_handle(op.u.vcpuaffinity.cpumap_hard.bitmap, map);
	op.u.vcpuaffinity.cpumap_hard.nr_bits = 64;
	assert_int_equal(call(), -EINVAL);
	op.u.vcpuaffinity.vcpu = 0;
	map[0] = 2;
	assert_int_equal(call(), 0);
	assert_int_equal(domu_vcpu->hard_affinity, 2);
	assert_int_equal(map[0], 2);

	op.cmd = XEN_DOMCTL_scheduler_op;
	op.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT;
	op.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_getinfo;
	assert_int_equal(call(), -EINVAL);
	op.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT2;
	assert_int_equal(call(), 0);
	assert_int_equal(op.u.scheduler_op.u.credit2.weight, 256);
	op.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_putinfo;
	op.u.scheduler_op.u.credit2.cap = 101; /* 1 vCPU: at most 100 */
	assert_int_equal(call(), -EINVAL);
	op.u.scheduler_op.u.credit2.cap = 50;
	op.u.scheduler_op.u.credit2.weight = 512;
	assert_int_equal(call(), 0);
	op.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_getinfo;
	assert_int_equal(call(), 0);
	assert_int_equal(op.u.scheduler_op.u.credit2.weight, 512);
	assert_int_equal(op.u.scheduler_op.u.credit2.cap, 50);
	/* As credit2: weight 0 leaves it, cap 0 lifts the cap. */
	op.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_putinfo;
	op.u.scheduler_op.u.credit2.weight = 0;
	op.u.scheduler_op.u.credit2.cap = 0;
	assert_int_equal(call(), 0);
	op.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_getinfo;
	op.u.scheduler_op.u.credit2.weight = 1;
	op.u.scheduler_op.u.credit2.cap = 1;
	assert_int_equal(call(), 0);
	assert_int_equal(op.u.scheduler_op.u.credit2.weight, 512);
	assert_int_equal(op.u.scheduler_op.u.credit2.cap, 0);
}

static void test_hw_args(void **state)
{
	(void)state;
	op.domain = 1;
	op.cmd = XEN_DOMCTL_cacheflush;
	op.u.cacheflush.start_pfn = 0;
	op.u.cacheflush.nr_pfns = (1UL << MAX_ORDER) + 1;
	assert_int_equal(call(), -EINVAL);
	op.u.cacheflush.start_pfn = ~0UL;
	op.u.cacheflush.nr_pfns = 2;
	assert_int_equal(call(), -EINVAL);

	/* dom0 has no MMIO of its own in the fake p2m: nothing to give. */
	op.cmd = XEN_DOMCTL_iomem_permission;
	op.u.iomem_permission.first_mfn = 0x9000;
	op.u.iomem_permission.nr_mfns = 1;
	op.u.iomem_permission.allow_access = 1;
	assert_int_equal(call(), -EPERM);
	op.u.iomem_permission.nr_mfns = 0;
	assert_int_equal(call(), -EINVAL);
	op.cmd = XEN_DOMCTL_memory_mapping;
	op.u.memory_mapping.first_gfn = 0x9000;
	op.u.memory_mapping.first_mfn = 0x9000;
	op.u.memory_mapping.nr_mfns = 1;
	op.u.memory_mapping.add_mapping = DPCI_ADD_MAPPING;
	assert_int_equal(call(), -EPERM);
	op.u.memory_mapping.add_mapping = 7;
	assert_int_equal(call(), -EINVAL);

	op.cmd = XEN_DOMCTL_irq_permission;
	op.u.irq_permission.pirq = 20; /* a PPI */
	assert_int_equal(call(), -EINVAL);
	op.u.irq_permission.pirq = 40;
	op.u.irq_permission.allow_access = 1;
	/* Only what dom0 may use itself (its devices', xen,passthrough). */
	assert_int_equal(call(), -EPERM);
	assert_false(domctl_irq_allowed(domu, 40));
	assert_int_equal(domctl_irq_permit(dom0, 40), 0);
	assert_int_equal(call(), 0);
	assert_true(domctl_irq_allowed(domu, 40));

	op.cmd = XEN_DOMCTL_set_paging_mempool_size;
	op.u.paging_mempool.size = 4097;
	assert_int_equal(call(), -EINVAL);
	op.u.paging_mempool.size = 8192;
	assert_int_equal(call(), 0);
	op.cmd = XEN_DOMCTL_get_paging_mempool_size;
	op.u.paging_mempool.size = 0;
	assert_int_equal(call(), 0);
	assert_int_equal(op.u.paging_mempool.size, 8192);

	op.cmd = XEN_DOMCTL_vuart_op;
	op.u.vuart_op.cmd = XEN_DOMCTL_VUART_OP_INIT;
	op.u.vuart_op.type = 1;
	assert_int_equal(call(), -EINVAL);
	op.u.vuart_op.type = XEN_DOMCTL_VUART_TYPE_VPL011;
	op.u.vuart_op.gfn = 0x39003;
	op.u.vuart_op.console_domid = 0;
	assert_int_equal(call(), 0);
	assert_int_equal(op.u.vuart_op.evtchn, 5);
	/* Xen's layout, and the ring and back end the toolstack named. */
	assert_int_equal(vuart_base, GUEST_PL011_BASE);
	assert_int_equal(vuart_spi, GUEST_VPL011_SPI);
	assert_int_equal(vuart_gfn, 0x39003);
	assert_int_equal(vuart_backend, 0);
}

/* Passthrough: permissions of the caller and the target, Xen's checks. */
static void test_passthrough(void **state)
{
	(void)state;
	nr_pt_binds = nr_pt_unbinds = 0;
	op.domain = 1;

	/* iomem: a range dom0 was granted (a xen,passthrough device). */
	op.cmd = XEN_DOMCTL_iomem_permission;
	op.u.iomem_permission.first_mfn = 0x9030;
	op.u.iomem_permission.nr_mfns = 2;
	op.u.iomem_permission.allow_access = 1;
	assert_int_equal(call(), -EPERM);
	assert_int_equal(domctl_iomem_permit(dom0, 0x9030, 0x9030), 0);
	assert_int_equal(call(), -EPERM); /* 0x9031 is not dom0's */
	op.u.iomem_permission.nr_mfns = 1;
	assert_int_equal(call(), 0);
	assert_true(domctl_iomem_allowed(domu, 0x9030, 0x9030));

	/* memory_mapping needs the target's permission for every frame. */
	op.cmd = XEN_DOMCTL_memory_mapping;
	op.u.memory_mapping.first_gfn = 0x10000;
	op.u.memory_mapping.first_mfn = 0x9030;
	op.u.memory_mapping.nr_mfns = 2;
	op.u.memory_mapping.add_mapping = DPCI_ADD_MAPPING;
	assert_int_equal(call(), -EPERM);
	assert_int_equal(host_fake_p2m_count(domu), 0);
	op.u.memory_mapping.nr_mfns = 1;
	assert_int_equal(call(), 0);
	assert_int_equal(host_fake_p2m_count(domu), 1);
	op.u.memory_mapping.add_mapping = DPCI_REMOVE_MAPPING;
	assert_int_equal(call(), 0);
	assert_int_equal(host_fake_p2m_count(domu), 0);

	/* Revoked: no more mappings. */
	memset(&op.u, 0, sizeof(op.u));
	op.cmd = XEN_DOMCTL_iomem_permission;
	op.u.iomem_permission.first_mfn = 0x9030;
	op.u.iomem_permission.nr_mfns = 1;
	assert_int_equal(call(), 0);
	assert_false(domctl_iomem_allowed(domu, 0x9030, 0x9030));

	/* Bounded: DOMCTL_MAX_IOMEM ranges. */
	for (unsigned int i = 0; i < DOMCTL_MAX_IOMEM; i++)
		assert_int_equal(
			domctl_iomem_permit(domu, 0x100 + 2 * i, 0x100 + 2 * i),
			0);
	assert_int_equal(domctl_iomem_permit(domu, 0x200, 0x200), -ENOSPC);

	/* bind_pt_irq: Xen 4.17's order of checks. */
	memset(&op.u, 0, sizeof(op.u));
	op.cmd = XEN_DOMCTL_bind_pt_irq;
	op.u.bind_pt_irq.irq_type = PT_IRQ_TYPE_PCI;
	op.u.bind_pt_irq.machine_irq = 48;
	op.u.bind_pt_irq.u.spi.spi = 48;
	assert_int_equal(call(), -EOPNOTSUPP);
	op.u.bind_pt_irq.irq_type = PT_IRQ_TYPE_SPI;
	op.u.bind_pt_irq.u.spi.spi = 49;
	assert_int_equal(call(), -EINVAL); /* not 1:1 */
	op.u.bind_pt_irq.u.spi.spi = 48;
	assert_int_equal(call(), -EPERM); /* dom0 lacks it */
	assert_int_equal(domctl_irq_permit(dom0, 48), 0);
	assert_int_equal(call(), -EPERM); /* domU was not given it */
	assert_int_equal(nr_pt_binds, 0);
	assert_int_equal(domctl_irq_permit(domu, 48), 0);
	assert_int_equal(call(), 0);
	assert_int_equal(nr_pt_binds, 1);
	assert_int_equal(last_pt_irq, 48);
	op.cmd = XEN_DOMCTL_unbind_pt_irq;
	assert_int_equal(call(), 0);
	assert_int_equal(nr_pt_unbinds, 1);
	op.u.bind_pt_irq.machine_irq = op.u.bind_pt_irq.u.spi.spi = 20;
	assert_int_equal(call(), -EINVAL); /* a PPI: never passed through */

	/* An unprivileged caller gets nothing. */
	set_current_vcpu(domu_vcpu);
	op.domain = 0;
	op.cmd = XEN_DOMCTL_bind_pt_irq;
	op.u.bind_pt_irq.machine_irq = op.u.bind_pt_irq.u.spi.spi = 48;
	assert_int_equal(call(), -EPERM);
	assert_int_equal(nr_pt_binds, 1);
}

static void test_sysctl(void **state)
{
	char buf[16];

	(void)state;
	sop.cmd = XEN_SYSCTL_physinfo;
	assert_int_equal(scall(), 0);
	assert_int_equal(sop.u.physinfo.nr_cpus, 2);
	assert_int_equal(sop.u.physinfo.total_pages, 1000);
	assert_int_equal(sop.u.physinfo.free_pages, 600);
	assert_int_equal(sop.u.physinfo.cpu_khz, 62500);
	assert_true(sop.u.physinfo.capabilities & XEN_SYSCTL_PHYSCAP_hap);
	assert_true(sop.u.physinfo.capabilities & XEN_SYSCTL_PHYSCAP_gnttab_v1);

	{
		struct xen_sysctl_cpuinfo ci[4] = {0};

		sop.cmd = XEN_SYSCTL_getcpuinfo;
		sop.u.getcpuinfo.max_cpus = 4;
		set_xen_guest_handle(sop.u.getcpuinfo.info, ci);
		assert_int_equal(scall(), 0);
		assert_int_equal(sop.u.getcpuinfo.nr_cpus, 2);
		assert_int_equal(ci[1].idletime, 1001);
		assert_int_equal(ci[2].idletime, 0);
	}

	sop.cmd = XEN_SYSCTL_sched_id;
	assert_int_equal(scall(), 0);
	assert_int_equal(sop.u.sched_id.sched_id, XEN_SCHEDULER_CREDIT2);

	/* readconsole: incremental from index 4, 3 bytes at a time. */
	memset(&sop.u, 0, sizeof(sop.u));
	sop.cmd = XEN_SYSCTL_readconsole;
	set_xen_guest_handle(sop.u.readconsole.buffer, buf);
	sop.u.readconsole.incremental = 1;
	sop.u.readconsole.index = 4;
	sop.u.readconsole.count = 3;
	assert_int_equal(scall(), 0);
	assert_int_equal(sop.u.readconsole.count, 3);
	assert_int_equal(sop.u.readconsole.index, 7);
	assert_memory_equal(buf, "efg", 3);
	/* Non-incremental with clear: all, and the next read is empty. */
	sop.u.readconsole.incremental = 0;
	sop.u.readconsole.clear = 1;
	sop.u.readconsole.count = sizeof(buf);
	assert_int_equal(scall(), 0);
	assert_int_equal(sop.u.readconsole.count, 10);
	assert_memory_equal(buf, "abcdefghij", 10);
	sop.u.readconsole.clear = 0;
	sop.u.readconsole.count = sizeof(buf);
	assert_int_equal(scall(), 0);
	assert_int_equal(sop.u.readconsole.count, 0);
	sop.u.readconsole.pad0 = 1;
	assert_int_equal(scall(), -EINVAL);

	memset(&sop.u, 0, sizeof(sop.u));
	sop.cmd = XEN_SYSCTL_debug_keys;
	sop.u.debug_keys.nr_keys = 65;
	assert_int_equal(scall(), -E2BIG);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_order_unprivileged),
		T(test_unknown),
		T(test_create_checks),
		T(test_create),
		T(test_getdomaininfo),
		T(test_vcpu_args),
		T(test_hw_args),
		T(test_passthrough),
		T(test_sysctl),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
