/* SPDX-License-Identifier: MIT */
/*
 * The public ABI headers (hyp/include/public) built for the x86-64 host.
 *
 * Including them is most of the test: every struct carries static
 * assertions of its AArch64 size and field offsets, so this file only
 * compiles if the host lays the structs out exactly as an AArch64 guest
 * does. The aarch64 build of the same headers is checked by the
 * abi-headers rule in tests.mk, before this binary is built. At run time
 * we check values that a wrong number would silently break: hypercall
 * numbers, ids, encodings, and where fields land in the raw bytes.
 */
#include <public/xen.h>
#include <public/arch-arm.h>
#include <public/device_tree_defs.h>
#include <public/domctl.h>
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/features.h>
#include <public/grant_table.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/io/console.h>
#include <public/io/xs_wire.h>
#include <public/memory.h>
#include <public/physdev.h>
#include <public/platform.h>
#include <public/sched.h>
#include <public/sysctl.h>
#include <public/vcpu.h>
#include <public/version.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Little-endian value of n bytes at offset off of buf. */
static uint64_t le_at(const void *buf, size_t off, size_t n)
{
	const uint8_t *b = (const uint8_t *)buf + off;
	uint64_t v = 0;

	while (n--)
		v = (v << 8) | b[n];
	return v;
}

static void test_hypercall_numbers(void **state)
{
	assert_int_equal(XEN_HYPERCALL_TAG, 0xea1);
	assert_int_equal(__HYPERVISOR_platform_op, 7);
	assert_int_equal(__HYPERVISOR_memory_op, 12);
	assert_int_equal(__HYPERVISOR_multicall, 13);
	assert_int_equal(__HYPERVISOR_xen_version, 17);
	assert_int_equal(__HYPERVISOR_console_io, 18);
	assert_int_equal(__HYPERVISOR_grant_table_op, 20);
	assert_int_equal(__HYPERVISOR_vm_assist, 21);
	assert_int_equal(__HYPERVISOR_vcpu_op, 24);
	assert_int_equal(__HYPERVISOR_xsm_op, 27);
	assert_int_equal(__HYPERVISOR_sched_op, 29);
	assert_int_equal(__HYPERVISOR_event_channel_op, 32);
	assert_int_equal(__HYPERVISOR_physdev_op, 33);
	assert_int_equal(__HYPERVISOR_hvm_op, 34);
	assert_int_equal(__HYPERVISOR_sysctl, 35);
	assert_int_equal(__HYPERVISOR_domctl, 36);
	assert_int_equal(__HYPERVISOR_dm_op, 41);
	assert_int_equal(__HYPERVISOR_hypfs_op, 42);

	assert_int_equal(XENMEM_add_to_physmap, 7);
	assert_int_equal(XENMEM_add_to_physmap_batch, 23);
	assert_int_equal(XENMEM_acquire_resource, 28);
	assert_int_equal(GNTTABOP_cache_flush, 12);
	assert_int_equal(EVTCHNOP_init_control, 11);
	assert_int_equal(EVTCHNOP_set_priority, 13);
	assert_int_equal(VCPUOP_register_runstate_memory_area, 5);
	assert_int_equal(VCPUOP_register_vcpu_info, 10);
	assert_int_equal(SCHEDOP_shutdown, 2);
	assert_int_equal(SCHEDOP_pin_override, 7);
	assert_int_equal(HVMOP_get_param, 1);
	assert_int_equal(XENVER_build_id, 10);
	assert_int_equal(XENPF_settime64, 62);
	assert_int_equal(PHYSDEVOP_pci_device_add, 25);
	assert_int_equal(XEN_DOMCTL_cacheflush, 71);
	assert_int_equal(XEN_DOMCTL_vuart_op, 81);
	assert_int_equal(XEN_DOMCTL_set_paging_mempool_size, 86);
	assert_int_equal(XEN_SYSCTL_getdomaininfolist, 6);
	assert_int_equal(XEN_SYSCTL_getcpuinfo, 8);

	assert_int_equal(XEN_DOMCTL_INTERFACE_VERSION, 0x15);
	assert_int_equal(XEN_SYSCTL_INTERFACE_VERSION, 0x15);
	assert_int_equal(XENPF_INTERFACE_VERSION, 0x03000001);
}

static void test_ids_and_constants(void **state)
{
	assert_int_equal(DOMID_FIRST_RESERVED, 0x7ff0);
	assert_int_equal(DOMID_SELF, 0x7ff0);
	assert_int_equal(DOMID_IO, 0x7ff1);
	assert_int_equal(DOMID_XEN, 0x7ff2);
	assert_int_equal(DOMID_COW, 0x7ff3);
	assert_int_equal(DOMID_INVALID, 0x7ff4);
	assert_int_equal(DOMID_IDLE, 0x7fff);

	assert_int_equal(VIRQ_CONSOLE, 2);
	assert_int_equal(VIRQ_DOM_EXC, 3);
	assert_int_equal(VIRQ_XENPMU, 13);
	assert_int_equal(VIRQ_ARCH_0, 16);
	assert_int_equal(NR_VIRQS, 24);

	assert_int_equal(VMASST_TYPE_runstate_update_flag, 5);
	assert_true(XEN_RUNSTATE_UPDATE == 1ULL << 63);

	assert_int_equal(EVTCHN_2L_NR_CHANNELS, 4096);
	assert_int_equal(EVTCHN_FIFO_NR_CHANNELS, 131072);
	assert_int_equal(EVTCHN_FIFO_LINK_MASK, 0x1ffff);
	assert_int_equal(EVTCHN_FIFO_MAX_QUEUES, 16);

	assert_int_equal(GNTST_no_space, -13);
	assert_int_equal(GTF_writing, 1 << 4);
	assert_int_equal(GNTMAP_host_map | GNTMAP_readonly, 6);
	assert_true(GNTTAB_CACHE_SOURCE_GREF == 1u << 31);

	assert_int_equal(SHUTDOWN_soft_reset, 5);
	assert_int_equal(HVM_PARAM_CONSOLE_EVTCHN, 18);
	assert_int_equal(HVM_PARAM_MONITOR_RING_PFN, 28);
	assert_int_equal(HVM_NR_PARAMS, 39);

	assert_int_equal(XEN_EPERM, 1);
	assert_int_equal(XEN_EINVAL, 22);
	assert_int_equal(XEN_ENOSYS, 38);
	assert_int_equal(XEN_EOPNOTSUPP, 95);
	assert_int_equal(XEN_EISCONN, 106);
	assert_int_equal(XEN_ETIMEDOUT, 110);

	assert_int_equal(GUEST_PHANDLE_GIC, 65000);
}

/* What Xen 4.17 reports to a domU and to a direct-mapped dom0. */
static void test_features(void **state)
{
	uint32_t common = (1u << XENFEAT_writable_page_tables) |
			  (1u << XENFEAT_auto_translated_physmap) |
			  (1u << XENFEAT_memory_op_vnode_supported) |
			  (1u << XENFEAT_ARM_SMCCC_supported);

	assert_int_equal(common | (1u << XENFEAT_not_direct_mapped), 0x16005);
	assert_int_equal(common | (1u << XENFEAT_dom0) |
				 (1u << XENFEAT_direct_mapped),
			 0x26805);
	assert_int_equal(XENFEAT_NR_SUBMAPS, 1);
}

static void test_guest_memory_map(void **state)
{
	static const uint64_t bases[] = GUEST_RAM_BANK_BASES;
	static const uint64_t sizes[] = GUEST_RAM_BANK_SIZES;

	assert_int_equal(ARRAY_SIZE(bases), GUEST_RAM_BANKS);
	assert_true(bases[0] == 0x40000000ULL && sizes[0] == 0xc0000000ULL);
	assert_true(bases[1] == 0x200000000ULL && sizes[1] == 0xfe00000000ULL);
	assert_true(GUEST_GNTTAB_BASE == 0x38000000ULL);
	assert_true(GUEST_GNTTAB_SIZE == 4096 * 4096ULL);
	assert_true(GUEST_MAGIC_BASE == 0x39000000ULL);
	assert_true(GUEST_GICV3_GICR0_BASE == 0x03020000ULL);
	assert_true(GUEST_GICV3_GICR0_SIZE == GUEST_MAX_VCPUS * 0x20000ULL);
	assert_true(GUEST_PL011_BASE == 0x22000000ULL);
	assert_int_equal(GUEST_EVTCHN_PPI, 31);
	assert_int_equal(GUEST_VPL011_SPI, 32);
	assert_int_equal(GUEST_TIMER_VIRT_PPI, 27);

	assert_int_equal(PSR_GUEST64_INIT, 0x1c5);
	assert_true(SCTLR_GUEST_INIT == 0x00c50078ULL);
	assert_int_equal(VGCF_online, 1);
}

/* The domU value Xen and libxl store: PPI 31, level, active-low. */
static void test_callback_irq(void **state)
{
	uint64_t v = HVM_PARAM_CALLBACK_PPI(
		GUEST_EVTCHN_PPI, HVM_PARAM_CALLBACK_TYPE_PPI_FLAG_LOW_LEVEL);

	assert_true(v == 0x020000000000021fULL);
	assert_true((v & HVM_PARAM_CALLBACK_IRQ_TYPE_MASK) >>
			    HVM_PARAM_CALLBACK_IRQ_TYPE_SHIFT ==
		    HVM_PARAM_CALLBACK_TYPE_PPI);
	assert_int_equal((v & HVM_PARAM_CALLBACK_TYPE_PPI_FLAG_MASK) >> 8,
			 HVM_PARAM_CALLBACK_TYPE_PPI_FLAG_LOW_LEVEL);
}

/* A handle is 8 bytes holding the pointer, whatever the pointer size. */
static void test_guest_handles(void **state)
{
	static xen_pfn_t frames[4];
	struct xen_memory_reservation r;
	XEN_GUEST_HANDLE(const_char) h;

	memset(&r, 0xa5, sizeof(r));
	set_xen_guest_handle(r.extent_start, frames);
	assert_true(xen_guest_handle_addr(r.extent_start) ==
		    (uint64_t)(uintptr_t)frames);
	assert_true(le_at(&r, 0, 8) == (uint64_t)(uintptr_t)frames);
	assert_ptr_equal(r.extent_start.p, frames);

	set_xen_guest_handle(h, NULL);
	assert_true(h.q == 0);
	assert_int_equal(sizeof(h), 8);
	assert_int_equal(_Alignof(XEN_GUEST_HANDLE(xen_domctl_t)), 8);
}

/* Fields land on the bytes an AArch64 guest uses. */
static void test_raw_layouts(void **state)
{
	struct gnttab_map_grant_ref map;
	struct evtchn_status st;
	struct xen_add_to_physmap_batch batch;
	struct shared_info si;
	struct xen_domctl dc;

	memset(&map, 0, sizeof(map));
	map.host_addr = 0x1122334455667788ULL;
	map.flags = GNTMAP_host_map;
	map.ref = 0x2345;
	map.dom = 7;
	map.status = GNTST_bad_gntref;
	map.handle = 0xdeadbeef;
	map.dev_bus_addr = 0x8000000040001000ULL;
	assert_true(le_at(&map, 0, 8) == 0x1122334455667788ULL);
	assert_true(le_at(&map, 8, 4) == GNTMAP_host_map);
	assert_true(le_at(&map, 12, 4) == 0x2345);
	assert_true(le_at(&map, 16, 2) == 7);
	assert_true(le_at(&map, 18, 2) == 0xfffd);
	assert_true(le_at(&map, 20, 4) == 0xdeadbeef);
	assert_true(le_at(&map, 24, 8) == 0x8000000040001000ULL);

	memset(&st, 0, sizeof(st));
	st.status = EVTCHNSTAT_interdomain;
	st.u.interdomain.dom = 3;
	st.u.interdomain.port = 0x1234;
	assert_true(le_at(&st, 8, 4) == 2);
	assert_true(le_at(&st, 16, 2) == 3);
	assert_true(le_at(&st, 20, 4) == 0x1234);

	memset(&batch, 0, sizeof(batch));
	batch.space = XENMAPSPACE_gmfn_foreign;
	batch.size = 9;
	batch.u.foreign_domid = 5;
	assert_true(le_at(&batch, 2, 2) == 4);
	assert_true(le_at(&batch, 4, 2) == 9);
	assert_true(le_at(&batch, 6, 2) == 5);

	memset(&si, 0, sizeof(si));
	si.vcpu_info[0].evtchn_upcall_pending = 1;
	si.vcpu_info[0].evtchn_pending_sel = 1ULL << 63;
	si.evtchn_pending[63] = 1;
	si.evtchn_mask[0] = 2;
	si.wc_sec_hi = 0x77;
	assert_true(le_at(&si, 0, 1) == 1);
	assert_true(le_at(&si, 8, 8) == 1ULL << 63);
	assert_true(le_at(&si, 48 + 63 * 8, 8) == 1);
	assert_true(le_at(&si, 560, 8) == 2);
	assert_true(le_at(&si, 1084, 4) == 0x77);

	memset(&dc, 0, sizeof(dc));
	dc.cmd = XEN_DOMCTL_createdomain;
	dc.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	dc.domain = 0x7ff0;
	dc.u.createdomain.flags = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap;
	dc.u.createdomain.max_grant_frames = -1;
	dc.u.createdomain.arch.gic_version = XEN_DOMCTL_CONFIG_GIC_V3;
	dc.u.createdomain.arch.nr_spis = 64;
	assert_true(le_at(&dc, 0, 4) == 1);
	assert_true(le_at(&dc, 4, 4) == 0x15);
	assert_true(le_at(&dc, 8, 2) == 0x7ff0);
	assert_true(le_at(&dc, 16 + 20, 4) == 3);
	assert_true(le_at(&dc, 16 + 36, 4) == 0xffffffff);
	assert_true(le_at(&dc, 16 + 56, 1) == 2);
	assert_true(le_at(&dc, 16 + 60, 4) == 64);
	assert_int_equal(sizeof(dc), 144);
}

static void test_console_and_xenstore(void **state)
{
	static struct xencons_interface cons;
	static struct xenstore_domain_interface xs;
	static const char *const names[] = {
		"EINVAL", "EACCES",  "EEXIST",	  "EISDIR", "ENOENT", "ENOMEM",
		"ENOSPC", "EIO",     "ENOTEMPTY", "ENOSYS", "EROFS",  "EBUSY",
		"EAGAIN", "EISCONN", "E2BIG",	  "EPERM",
	};
	size_t i;

	assert_int_equal(MASK_XENCONS_IDX(3000u, cons.out), 3000 & 2047);
	assert_int_equal(MASK_XENCONS_IDX(3000u, cons.in), 3000 & 1023);
	assert_int_equal(MASK_XENSTORE_IDX(1025u), 1);
	assert_int_equal(sizeof(xs.req), XENSTORE_RING_SIZE);

	assert_int_equal(XS_CONTROL, 0);
	assert_int_equal(XS_DEBUG, 0);
	assert_int_equal(XS_READ, 2);
	assert_int_equal(XS_INTRODUCE, 8);
	assert_int_equal(XS_WATCH_EVENT, 15);
	assert_int_equal(XS_ERROR, 16);
	assert_int_equal(XS_SET_TARGET, 19);
	assert_int_equal(XS_RESET_WATCHES, 21);
	assert_int_equal(XS_DIRECTORY_PART, 22);
	assert_int_equal(XS_TYPE_COUNT, 23);
	assert_int_equal(XS_INVALID, 0xffff);
	assert_int_equal(XENSTORE_PAYLOAD_MAX, 4096);

	assert_int_equal(ARRAY_SIZE(xsd_errors), ARRAY_SIZE(names));
	for (i = 0; i < ARRAY_SIZE(names); i++)
		assert_string_equal(xsd_errors[i].errstring, names[i]);
	assert_int_equal(xsd_errors[0].errnum, 22);
	assert_int_equal(xsd_errors[4].errnum, 2);
	assert_int_equal(xsd_errors[15].errnum, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hypercall_numbers),
		cmocka_unit_test(test_ids_and_constants),
		cmocka_unit_test(test_features),
		cmocka_unit_test(test_guest_memory_map),
		cmocka_unit_test(test_callback_irq),
		cmocka_unit_test(test_guest_handles),
		cmocka_unit_test(test_raw_layouts),
		cmocka_unit_test(test_console_and_xenstore),
	};

	return cmocka_run_group_tests_name("abi", tests, NULL, NULL);
}
