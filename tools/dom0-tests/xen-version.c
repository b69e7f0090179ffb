/* SPDX-License-Identifier: MIT */
/*
 * xen-version: ask the hypervisor its version through /dev/xen/privcmd
 * (IOCTL_PRIVCMD_HYPERCALL running __HYPERVISOR_xen_version), as any Xen
 * toolstack does first.
 *
 *   xen-version [DEVICE]     default /dev/xen/privcmd
 *
 * Prints (stdout):
 *   xen_version=MAJOR.MINOR        XENVER_version            (required)
 *   xen_extraversion=TEXT          XENVER_extraversion       (required)
 *   xen_capabilities=TEXT          XENVER_capabilities       (information)
 *   xen_pagesize=N                 XENVER_pagesize           (information)
 *   xen_features=0xHEX             XENVER_get_features, submap 0 (information)
 * Exit status 0 when the two required calls succeed. An informational call
 * that fails prints `<key>_error=ERRNO` instead of its line.
 */
#include <stdint.h>
#include <sys/ioctl.h>

#include <public/version.h>

#include "linux-xen-uapi.h"
#include "dom0test.h"

/* The hypercall's return value, or -errno. */
static long hypercall(int fd, uint64_t op, uint64_t a0, uint64_t a1)
{
	struct privcmd_hypercall call = {
		.op = op,
		.arg = {a0, a1},
	};
	long rc = ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &call);

	return rc < 0 ? -errno : rc;
}

static long xen_version(int fd, unsigned int cmd, void *arg)
{
	return hypercall(fd, __HYPERVISOR_xen_version, cmd,
			 (uint64_t)(uintptr_t)arg);
}

/* Copy a fixed-size, maybe unterminated, string out of a reply. */
static void terminated(char *dst, size_t dstlen, const char *src, size_t srclen)
{
	size_t n = strnlen(src, srclen);

	if (n >= dstlen)
		n = dstlen - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

int main(int argc, char **argv)
{
	const char *dev = "/dev/xen/privcmd";
	xen_extraversion_t extra;
	static xen_capabilities_info_t caps;
	struct xen_feature_info feat;
	char text[sizeof(caps) + 1];
	long rc;
	int fd;

	dom0test_prog = "xen-version";
	if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
		fprintf(stderr, "usage: xen-version [PRIVCMD-DEVICE]\n");
		return 2;
	}
	if (argc == 2)
		dev = argv[1];
	fd = open_dev(dev);

	rc = xen_version(fd, XENVER_version, NULL);
	if (rc < 0)
		fail("xen_version(XENVER_version): %s", strerror((int)-rc));
	result("xen_version", "%ld.%ld", (rc >> 16) & 0xffff, rc & 0xffff);

	/* Touch the buffer first: the hypervisor writes to it directly. */
	memset(extra, 0, sizeof(extra));
	rc = xen_version(fd, XENVER_extraversion, extra);
	if (rc < 0)
		fail("xen_version(XENVER_extraversion): %s",
		     strerror((int)-rc));
	terminated(text, sizeof(text), extra, sizeof(extra));
	result("xen_extraversion", "%s", text);

	memset(caps, 0, sizeof(caps));
	rc = xen_version(fd, XENVER_capabilities, caps);
	if (rc < 0) {
		result("xen_capabilities_error", "%s", strerror((int)-rc));
	} else {
		terminated(text, sizeof(text), caps, sizeof(caps));
		result("xen_capabilities", "%s", text);
	}

	rc = xen_version(fd, XENVER_pagesize, NULL);
	if (rc < 0)
		result("xen_pagesize_error", "%s", strerror((int)-rc));
	else
		result("xen_pagesize", "%ld", rc);

	feat.submap_idx = 0;
	feat.submap = 0;
	rc = xen_version(fd, XENVER_get_features, &feat);
	if (rc < 0)
		result("xen_features_error", "%s", strerror((int)-rc));
	else
		result("xen_features", "0x%08x", feat.submap);

	close(fd);
	return 0;
}
