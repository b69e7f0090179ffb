/* SPDX-License-Identifier: MIT */
/*
 * The xen_version hypercall, as a dom0less domU sees it on Xen 4.17
 * (xen/common/kernel.c, xsm dummy policy):
 *
 *  - XENVER_version is (4 << 16) | 17;
 *  - the strings (extraversion, compile_info, capabilities, changeset) come
 *    back NUL-terminated, capabilities starting "xen-3.0-aarch64";
 *  - get_features submap 0 is exactly the domU set (writable page tables,
 *    auto-translated physmap, vnode memory_op, SMCCC, not direct-mapped:
 *    0x00016005) and any other submap is -EINVAL;
 *  - pagesize is 4096 with a NULL handle and -EINVAL with one;
 *  - commandline is denied to a domU: rc 0 with the text "<denied>";
 *  - build_id is -EPERM for a domU;
 *  - unknown sub-ops are -ENOSYS;
 *  - an argument buffer the hypervisor cannot translate gives -EFAULT.
 */
#include <test.h>

const char test_title[] = "xen_version sub-operations";

#define XEN_VERSION_4_17 ((4 << 16) | 17)
#define DOMU_FEATURES                             \
	(BIT(XENFEAT_writable_page_tables) |      \
	 BIT(XENFEAT_auto_translated_physmap) |   \
	 BIT(XENFEAT_memory_op_vnode_supported) | \
	 BIT(XENFEAT_ARM_SMCCC_supported) | BIT(XENFEAT_not_direct_mapped))

/* A string returned in buf[size] must be NUL-terminated inside it. */
static bool check_string(const char *what, const char *buf, size_t size)
{
	size_t len = strnlen(buf, size);

	if (!check(len < size, "%s is NUL-terminated within %zu bytes", what,
		   size))
		return false;
	printk("%s: \"%s\"\n", what, buf);
	return true;
}

static void test_strings(void)
{
	static xen_extraversion_t extra;
	static struct xen_compile_info ci;
	static xen_capabilities_info_t caps;
	static xen_changeset_info_t chg;
	static struct xen_platform_parameters pp;
	static xen_domain_handle_t handle;
	static char cmdline[1024];
	long rc;

	memset(extra, 0xaa, sizeof(extra));
	rc = HYPERVISOR_xen_version(XENVER_extraversion, extra);
	if (check_eq(rc, 0, "XENVER_extraversion"))
		check_string("extraversion", extra, sizeof(extra));

	memset(&ci, 0xaa, sizeof(ci));
	rc = HYPERVISOR_xen_version(XENVER_compile_info, &ci);
	if (check_eq(rc, 0, "XENVER_compile_info")) {
		check_string("compiler", ci.compiler, sizeof(ci.compiler));
		check_string("compile_by", ci.compile_by,
			     sizeof(ci.compile_by));
		check_string("compile_date", ci.compile_date,
			     sizeof(ci.compile_date));
	}

	memset(caps, 0xaa, sizeof(caps));
	rc = HYPERVISOR_xen_version(XENVER_capabilities, caps);
	if (check_eq(rc, 0, "XENVER_capabilities") &&
	    check_string("capabilities", caps, sizeof(caps)))
		check(!strncmp(caps, "xen-3.0-aarch64", 15),
		      "capabilities start with \"xen-3.0-aarch64\"");

	memset(chg, 0xaa, sizeof(chg));
	rc = HYPERVISOR_xen_version(XENVER_changeset, chg);
	if (check_eq(rc, 0, "XENVER_changeset"))
		check_string("changeset", chg, sizeof(chg));

	rc = HYPERVISOR_xen_version(XENVER_platform_parameters, &pp);
	if (check_eq(rc, 0, "XENVER_platform_parameters"))
		printk("platform_parameters.virt_start: 0x%lx\n",
		       pp.virt_start);

	memset(handle, 0xaa, sizeof(handle));
	rc = HYPERVISOR_xen_version(XENVER_guest_handle, handle);
	if (check_eq(rc, 0, "XENVER_guest_handle")) {
		char hex[40];
		unsigned int i;

		for (i = 0; i < sizeof(handle); i++)
			snprintf(hex + 2 * i, 3, "%02x", handle[i]);
		printk("guest handle: %s\n", hex);
	}

	memset(cmdline, 0xaa, sizeof(cmdline));
	rc = HYPERVISOR_xen_version(XENVER_commandline, cmdline);
	if (check_eq(rc, 0, "XENVER_commandline (denied to a domU)") &&
	    check_string("commandline", cmdline, sizeof(cmdline)))
		check(!strcmp(cmdline, "<denied>"),
		      "a domU reads the command line as \"<denied>\"");

	rc = HYPERVISOR_xen_version(XENVER_build_id, NULL);
	check_eq(rc, -XEN_EPERM, "XENVER_build_id is refused to a domU");
}

static void test_features(void)
{
	static struct xen_feature_info fi;
	long rc;

	fi.submap_idx = 0;
	fi.submap = 0xdeadbeef;
	rc = HYPERVISOR_xen_version(XENVER_get_features, &fi);
	if (check_eq(rc, 0, "XENVER_get_features submap 0")) {
		printk("features submap 0: 0x%08x\n", fi.submap);
		check(!(fi.submap & BIT(XENFEAT_dom0)),
		      "XENFEAT_dom0 is clear for a domU");
		check(fi.submap & BIT(XENFEAT_auto_translated_physmap),
		      "XENFEAT_auto_translated_physmap is set");
		check(!(fi.submap & BIT(XENFEAT_direct_mapped)) &&
			      (fi.submap & BIT(XENFEAT_not_direct_mapped)),
		      "a domU is not direct-mapped");
		check_eq(fi.submap, DOMU_FEATURES,
			 "features submap 0 is the Xen 4.17 domU set");
	}

	fi.submap_idx = 1;
	rc = HYPERVISOR_xen_version(XENVER_get_features, &fi);
	check_eq(rc, -XEN_EINVAL, "XENVER_get_features submap 1");
	fi.submap_idx = 0xffffffff;
	rc = HYPERVISOR_xen_version(XENVER_get_features, &fi);
	check_eq(rc, -XEN_EINVAL, "XENVER_get_features submap 0xffffffff");
}

void test_main(void)
{
	static const int unknown[] = {11, 12, 100, 0x7fffffff, -1};
	long rc;
	unsigned int i;

	rc = HYPERVISOR_xen_version(XENVER_version, NULL);
	check_eq(rc, XEN_VERSION_4_17, "XENVER_version is 4.17");
	printk("version: %ld.%ld\n", rc >> 16, rc & 0xffff);

	test_strings();
	test_features();

	rc = HYPERVISOR_xen_version(XENVER_pagesize, NULL);
	check_eq(rc, 4096, "XENVER_pagesize");
	rc = HYPERVISOR_xen_version(XENVER_pagesize, (void *)_end);
	check_eq(rc, -XEN_EINVAL, "XENVER_pagesize with a non-NULL handle");

	for (i = 0; i < ARRAY_SIZE(unknown); i++) {
		rc = HYPERVISOR_xen_version(unknown[i], NULL);
		check_eq(rc, -XEN_ENOSYS, "unknown sub-op %d", unknown[i]);
	}

	rc = HYPERVISOR_xen_version(XENVER_extraversion, (void *)UNMAPPED_VA);
	check_eq(rc, -XEN_EFAULT, "XENVER_extraversion to an unmapped VA");
	rc = HYPERVISOR_xen_version(XENVER_get_features, (void *)UNMAPPED_VA);
	check_eq(rc, -XEN_EFAULT, "XENVER_get_features from an unmapped VA");
	rc = HYPERVISOR_xen_version(XENVER_version, (void *)UNMAPPED_VA);
	check_eq(rc, XEN_VERSION_4_17,
		 "XENVER_version ignores its (bad) argument");

	test_success(NULL);
}
