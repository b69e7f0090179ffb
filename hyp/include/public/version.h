/* SPDX-License-Identifier: MIT */
/*
 * __HYPERVISOR_xen_version(cmd, arg): version and build information.
 */
#ifndef PUBLIC_VERSION_H
#define PUBLIC_VERSION_H

#include "xen.h"

/* Returns (major << 16) | minor; arg unused. Xen 4.17 gives 0x00040011. */
#define XENVER_version 0

/* Fills a xen_extraversion_t, e.g. ".0". */
#define XENVER_extraversion 1
typedef char xen_extraversion_t[16];
#define XEN_EXTRAVERSION_LEN (sizeof(xen_extraversion_t))

/* Fills a struct xen_compile_info. */
#define XENVER_compile_info 2
struct xen_compile_info {
	char compiler[64];
	char compile_by[16];
	char compile_domain[32];
	char compile_date[32];
};
typedef struct xen_compile_info xen_compile_info_t;

XEN_ABI_SIZE(struct xen_compile_info, 144);
XEN_ABI_OFFSET(struct xen_compile_info, compiler, 0);
XEN_ABI_OFFSET(struct xen_compile_info, compile_by, 64);
XEN_ABI_OFFSET(struct xen_compile_info, compile_domain, 80);
XEN_ABI_OFFSET(struct xen_compile_info, compile_date, 112);

/*
 * Fills a xen_capabilities_info_t: space-separated guest types, e.g.
 * "xen-3.0-aarch64 ".
 */
#define XENVER_capabilities 3
typedef char xen_capabilities_info_t[1024];
#define XEN_CAPABILITIES_INFO_LEN (sizeof(xen_capabilities_info_t))

/* Fills a xen_changeset_info_t: the source revision of the build. */
#define XENVER_changeset 4
typedef char xen_changeset_info_t[64];
#define XEN_CHANGESET_INFO_LEN (sizeof(xen_changeset_info_t))

/* Fills a struct xen_platform_parameters. */
#define XENVER_platform_parameters 5
struct xen_platform_parameters {
	xen_ulong_t virt_start; /* start of the hypervisor hole (x86 PV) */
};
typedef struct xen_platform_parameters xen_platform_parameters_t;

XEN_ABI_SIZE(struct xen_platform_parameters, 8);

/*
 * Reads one 32-bit word of feature bits (XENFEAT_*): the caller sets
 * submap_idx, the hypervisor fills submap. Only submap 0 exists.
 */
#define XENVER_get_features 6
struct xen_feature_info {
	uint32_t submap_idx; /* IN */
	uint32_t submap;     /* OUT */
};
typedef struct xen_feature_info xen_feature_info_t;

XEN_ABI_SIZE(struct xen_feature_info, 8);
XEN_ABI_OFFSET(struct xen_feature_info, submap_idx, 0);
XEN_ABI_OFFSET(struct xen_feature_info, submap, 4);

#include "features.h"

/* Returns the hypervisor's page size; arg unused. */
#define XENVER_pagesize 7

/* Fills a xen_domain_handle_t with the caller's UUID. */
#define XENVER_guest_handle 8

/* Fills a xen_commandline_t with the hypervisor's command line. */
#define XENVER_commandline 9
typedef char xen_commandline_t[1024];

/*
 * Fills a struct xen_build_id: len is the size of buf[] on input; the call
 * returns the number of build-id bytes written to buf[].
 */
#define XENVER_build_id 10
struct xen_build_id {
	uint32_t len;
	unsigned char buf[XEN_FLEX_ARRAY_DIM];
};
typedef struct xen_build_id xen_build_id_t;

XEN_ABI_SIZE(struct xen_build_id, 4);
XEN_ABI_OFFSET(struct xen_build_id, buf, 4);

#endif /* PUBLIC_VERSION_H */
