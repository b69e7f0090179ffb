/* SPDX-License-Identifier: MIT */
/*
 * domctl and sysctl from a domain that is not the control domain (Xen
 * 4.17 xen/common/domctl.c, sysctl.c with the dummy/SILO policy): the
 * interface version is checked first (-EACCES), then for domctl the
 * target domain must exist (-ESRCH; not needed for createdomain and
 * getdomaininfo), then the caller must be privileged (-EPERM), and only
 * then are commands looked at: even unknown ones give -EPERM.
 *
 * The test domain is the only one, domain 1 (dom0less numbering); domain
 * 0 does not exist.
 */
#include <test.h>

#include <public/domctl.h>
#include <public/sysctl.h>

const char test_title[] = "domctl and sysctl are refused to a domU";

#define SELF_ID 1

static struct xen_domctl dc;
static struct xen_sysctl sc;

static long domctl(u32 cmd, domid_t dom, u32 version)
{
	memset(&dc, 0, sizeof(dc));
	dc.cmd = cmd;
	dc.domain = dom;
	dc.interface_version = version;
	if (cmd == XEN_DOMCTL_createdomain) {
		dc.u.createdomain.flags =
			XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap;
		dc.u.createdomain.max_vcpus = 1;
		dc.u.createdomain.grant_opts = 1;
		dc.u.createdomain.max_grant_frames = -1;
		dc.u.createdomain.max_maptrack_frames = -1;
	}
	if (cmd == XEN_DOMCTL_memory_mapping) {
		/*
		 * Xen's policy lets a domain reach memory_mapping on itself
		 * (device-model privilege), where bad arguments give -EINVAL
		 * before the caller's I/O-memory rights (-EPERM) are checked;
		 * armvisor refuses it outright. Valid arguments: -EPERM on
		 * both (the PL011's frame).
		 */
		dc.u.memory_mapping.first_gfn = 0x10000;
		dc.u.memory_mapping.first_mfn = 0x9000;
		dc.u.memory_mapping.nr_mfns = 1;
		dc.u.memory_mapping.add_mapping = DPCI_ADD_MAPPING;
	}
	return hypercall1(__HYPERVISOR_domctl, (u64)&dc);
}

static long sysctl(u32 cmd, u32 version)
{
	memset(&sc, 0, sizeof(sc));
	sc.cmd = cmd;
	sc.interface_version = version;
	return hypercall1(__HYPERVISOR_sysctl, (u64)&sc);
}

void test_main(void)
{
	static const u32 self_cmds[] = {
		XEN_DOMCTL_destroydomain,
		XEN_DOMCTL_pausedomain,
		XEN_DOMCTL_unpausedomain,
		XEN_DOMCTL_max_mem,
		XEN_DOMCTL_setvcpucontext,
		XEN_DOMCTL_getvcpuinfo,
		XEN_DOMCTL_scheduler_op,
		XEN_DOMCTL_iomem_permission,
		XEN_DOMCTL_memory_mapping,
		XEN_DOMCTL_cacheflush,
		XEN_DOMCTL_vuart_op,
		XEN_DOMCTL_max_vcpus,
		9999,
	};
	static const u32 sys_cmds[] = {
		XEN_SYSCTL_readconsole,
		XEN_SYSCTL_physinfo,
		XEN_SYSCTL_sched_id,
		XEN_SYSCTL_getdomaininfolist,
		XEN_SYSCTL_debug_keys,
		XEN_SYSCTL_cpupool_op,
		9999,
	};
	const u32 v = XEN_DOMCTL_INTERFACE_VERSION;
	unsigned int i;

	check_eq(domctl(XEN_DOMCTL_getdomaininfo, SELF_ID, v - 1), -XEN_EACCES,
		 "domctl, interface version 0x14");
	check_eq(domctl(XEN_DOMCTL_getdomaininfo, SELF_ID, 0), -XEN_EACCES,
		 "domctl, interface version 0");
	check_eq(domctl(XEN_DOMCTL_createdomain, 0, v), -XEN_EPERM,
		 "domctl createdomain");
	check_eq(domctl(XEN_DOMCTL_getdomaininfo, 0, v), -XEN_EPERM,
		 "domctl getdomaininfo (domain 0)");
	check_eq(domctl(XEN_DOMCTL_getdomaininfo, SELF_ID, v), -XEN_EPERM,
		 "domctl getdomaininfo (itself)");
	for (i = 0; i < ARRAY_SIZE(self_cmds); i++)
		check_eq(domctl(self_cmds[i], SELF_ID, v), -XEN_EPERM,
			 "domctl %u on itself", self_cmds[i]);
	/* The target is looked up before the caller's rights. */
	check_eq(domctl(XEN_DOMCTL_pausedomain, 0, v), -XEN_ESRCH,
		 "domctl pausedomain of a domain that does not exist");

	check_eq(sysctl(XEN_SYSCTL_physinfo, XEN_SYSCTL_INTERFACE_VERSION + 1),
		 -XEN_EACCES, "sysctl, interface version 0x16");
	for (i = 0; i < ARRAY_SIZE(sys_cmds); i++)
		check_eq(sysctl(sys_cmds[i], XEN_SYSCTL_INTERFACE_VERSION),
			 -XEN_EPERM, "sysctl %u", sys_cmds[i]);
	/* Nothing was written back. */
	check_eq(sc.u.physinfo.nr_cpus, 0, "physinfo left untouched");
	test_success(NULL);
}
