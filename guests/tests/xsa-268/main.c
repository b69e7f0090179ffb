/* SPDX-License-Identifier: MIT */
/*
 * Grant-table version 2 on Arm, regression test for:
 *  - XSA-268 ("Use of v2 grant tables may cause crash on ARM", 2018):
 *    v2 status frames were never put in an Arm guest's physmap, and
 *    unpopulating them hit a BUG_ON; the fix disabled v2 on Arm;
 *  - XSA-255 ("grant table v2 -> v1 transition may crash Xen", 2018):
 *    going back to v1 freed status frames that were still mapped;
 *  - XSA-382 ("insufficient bounds checks on GNTTABOP_get_status_frames",
 *    2021): a frame count checked against 8 times the real limit.
 *
 * Bad input: GNTTABOP_set_version(2), then back to 1; versions 0, 3 and
 * ~0; GNTTABOP_get_status_frames for 1, 2^16 and ~0 frames, into a
 * buffer at an unmapped address; then mapping the status frames as
 * XENMAPSPACE_grant_table with the status bit (v2 only).
 *
 * What must happen: version 2 is refused (Xen 4.17: -ENOSYS, "behave as
 * before set_version existed") and the table stays version 1; other
 * versions are -EINVAL; get_status_frames reports an error status and
 * writes no frame; the status-frame physmap fails; version 1 still works.
 */
#include <test.h>
#include <public/grant_table.h>

const char test_title[] = "XSA-268/255/382: grant table v2 stays unavailable";

static u64 frames[4];

static u32 get_version(void)
{
	struct gnttab_get_version gv = {.dom = DOMID_SELF};
	long rc = HYPERVISOR_grant_table_op(GNTTABOP_get_version, &gv, 1);

	check_eq(rc, 0, "GNTTABOP_get_version");
	return gv.version;
}

static long set_version(u32 v, u32 *out)
{
	struct gnttab_set_version sv = {.version = v};
	long rc = HYPERVISOR_grant_table_op(GNTTABOP_set_version, &sv, 1);

	*out = sv.version;
	return rc;
}

static void status_frames(u32 nr, u64 list, bool bad_buffer)
{
	struct gnttab_get_status_frames gs = {.nr_frames = nr,
					      .dom = DOMID_SELF};
	unsigned int i, written = 0;
	long rc;

	frames[0] = frames[1] = frames[2] = frames[3] = 0x5a5a5a5a5a5a5a5aUL;
	set_xen_guest_handle_raw(gs.frame_list, (void *)(uintptr_t)list);
	rc = HYPERVISOR_grant_table_op(GNTTABOP_get_status_frames, &gs, 1);
	check(rc < 0 || gs.status < 0,
	      "get_status_frames(%u frames%s) fails: rc %s, status %d", nr,
	      bad_buffer ? ", unmapped buffer" : "", errname(rc), gs.status);
	for (i = 0; i < ARRAY_SIZE(frames); i++)
		written += frames[i] != 0x5a5a5a5a5a5a5a5aUL;
	check(written == 0, "get_status_frames(%u) wrote no frame", nr);
}

void test_main(void)
{
	static const u32 bad[] = {0, 3, 0x80000002U, ~0U};
	struct xen_add_to_physmap xatp;
	unsigned int i;
	u32 v;
	long rc;

	check_eq(get_version(), 1, "the table starts at version 1");
	rc = set_version(2, &v);
	check(rc < 0, "set_version(2) is refused: %s", errname(rc));
	check_eq(v, 1, "set_version(2) reports version 1 in force");
	check_eq(get_version(), 1, "still version 1 after set_version(2)");
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		rc = set_version(bad[i], &v);
		check_eq(rc, -XEN_EINVAL, "set_version(%#x)", bad[i]);
	}

	status_frames(1, (u64)(uintptr_t)frames, false);
	status_frames(2, (u64)(uintptr_t)frames, false);
	status_frames(1U << 16, (u64)(uintptr_t)frames, false);
	status_frames(~0U, (u64)(uintptr_t)frames, false);
	status_frames(1, UNMAPPED_VA, true);

	/* The first v2 status frame, into a free GFN of the grant window. */
	xatp = (struct xen_add_to_physmap){
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_grant_table,
		.idx = XENMAPIDX_grant_table_status | 0,
		.gpfn = ((platform.gnttab_base ? platform.gnttab_base
					       : 0x38000000UL) >>
			 12) +
			8,
	};
	rc = HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp);
	check(rc < 0, "XENMAPSPACE_grant_table status frame 0: %s",
	      errname(rc));

	rc = set_version(1, &v);
	check_eq(rc, 0, "set_version(1)");
	check_eq(v, 1, "version 1 in force");
	test_success(NULL);
}
