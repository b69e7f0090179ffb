/* SPDX-License-Identifier: MIT */
/*
 * xen_version: armvisor presents itself as Xen 4.17 so that guests built
 * for it take the same paths; extraversion and changeset say what it is.
 * Permissions follow Xen's default policy: version, platform parameters
 * and features are open to all; others see "<denied>" for the command line
 * and -EPERM for the build id.
 */
#include <hyp/cmdline.h>
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/guest_access.h>
#include <hyp/hypercall.h>
#include <hyp/lib.h>
#include <public/features.h>
#include <public/version.h>

#define XEN_MAJOR 4
#define XEN_MINOR 17
/* What Xen 4.17 reports as virt_start on arm64 (its XEN_VIRT_START). */
#define XEN_VIRT_START_ARM64 0x00000a0000000000UL

static u32 features_submap0(const struct domain *d)
{
	u32 f = (1U << XENFEAT_writable_page_tables) |
		(1U << XENFEAT_auto_translated_physmap) |
		(1U << XENFEAT_memory_op_vnode_supported) |
		(1U << XENFEAT_ARM_SMCCC_supported);

	if (d->is_privileged)
		f |= 1U << XENFEAT_dom0;
	f |= d->direct_map ? 1U << XENFEAT_direct_mapped
			   : 1U << XENFEAT_not_direct_mapped;
	return f;
}

static long copy_string_out(u64 arg, const char *s, size_t bufsize)
{
	char buf[1024];

	memset(buf, 0, bufsize);
	hyp_strlcpy(buf, s, bufsize);
	return copy_to_guest(arg, buf, bufsize) ? -EFAULT : 0;
}

long do_xen_version(u64 cmd, u64 arg)
{
	struct domain *d = current->domain;

	switch (cmd) {
	case XENVER_version:
		return (XEN_MAJOR << 16) | XEN_MINOR;
	case XENVER_extraversion:
		return copy_string_out(arg, ".0-armvisor",
				       sizeof(xen_extraversion_t));
	case XENVER_compile_info: {
		struct xen_compile_info info;

		memset(&info, 0, sizeof(info));
		hyp_strlcpy(info.compiler, "gcc " __VERSION__,
			    sizeof(info.compiler));
		hyp_strlcpy(info.compile_by, "armvisor",
			    sizeof(info.compile_by));
		hyp_strlcpy(info.compile_date, __DATE__,
			    sizeof(info.compile_date));
		return copy_to_guest(arg, &info, sizeof(info)) ? -EFAULT : 0;
	}
	case XENVER_capabilities:
		/* AArch64 guests only: EL1 always runs AArch64 (HCR_EL2.RW). */
		return copy_string_out(arg, "xen-3.0-aarch64 ",
				       sizeof(xen_capabilities_info_t));
	case XENVER_changeset:
		return copy_string_out(arg, "armvisor " HYP_VERSION,
				       sizeof(xen_changeset_info_t));
	case XENVER_platform_parameters: {
		struct xen_platform_parameters p = {
			.virt_start = XEN_VIRT_START_ARM64};

		return copy_to_guest(arg, &p, sizeof(p)) ? -EFAULT : 0;
	}
	case XENVER_get_features: {
		struct xen_feature_info fi;

		if (copy_from_guest(&fi, arg, sizeof(fi)))
			return -EFAULT;
		if (fi.submap_idx != 0)
			return -EINVAL;
		fi.submap = features_submap0(d);
		return copy_to_guest(arg, &fi, sizeof(fi)) ? -EFAULT : 0;
	}
	case XENVER_pagesize:
		/* Xen: the result is the return value; a buffer is an error. */
		return arg ? -EINVAL : (long)PAGE_SIZE;
	case XENVER_guest_handle:
		return copy_to_guest(arg, d->handle, sizeof(d->handle))
			       ? -EFAULT
			       : 0;
	case XENVER_commandline:
		/* Denied to others the way Xen denies it: succeed, hide it. */
		return copy_string_out(
			arg, d->is_privileged ? cmdline_saved() : "<denied>",
			sizeof(xen_commandline_t));
	case XENVER_build_id:
		if (!d->is_privileged)
			return -EPERM;
		return -ENODATA;
	default:
		return -ENOSYS;
	}
}
