/* SPDX-License-Identifier: MIT */
/*
 * XSA-232 regression test (Xen: "Missing check for grant table", 2017:
 * GNTTABOP_cache_flush on a page whose owner has no grant table, e.g.
 * one owned by DOMID_IO or by nobody, dereferenced a NULL grant table).
 *
 * Bad input: GNTTABOP_cache_flush (clean, invalidate, both) by machine
 * address over every 64 KiB of the machine's RAM (where the hypervisor,
 * free memory and other domains' pages are) and around it (holes, MMIO,
 * the top of the address space); by a grant reference we never mapped;
 * with offsets and lengths that leave the page and unknown op bits.
 *
 * What must happen: every call returns 0 (a page the caller may flush),
 * -EPERM or -EINVAL (a page it may not, or a bad argument), -EFAULT or
 * -ENOSYS, never a crash; bad offsets, lengths and ops are -EINVAL; the
 * hypervisor still answers afterwards.
 */
#include <test.h>
#include <public/grant_table.h>

const char test_title[] =
	"XSA-232: GNTTABOP_cache_flush on pages of no grant table";

static struct gnttab_cache_flush fl[1];

static long flush(u64 addr, u16 offset, u16 length, u32 op)
{
	fl[0].a.dev_bus_addr = addr;
	fl[0].offset = offset;
	fl[0].length = length;
	fl[0].op = op;
	return HYPERVISOR_grant_table_op(GNTTABOP_cache_flush, fl, 1);
}

static bool allowed(long rc)
{
	return rc == 0 || rc == -XEN_EPERM || rc == -XEN_EINVAL ||
	       rc == -XEN_EFAULT;
}

void test_main(void)
{
	static const u64 odd[] = {
		0,
		0x1000,
		0x08000000, /* GICD */
		0x09000000,
		0x3ffff000,
		0x100000000UL,
		0xfffffffff000UL,
		0xfffffffffffff000UL,
		~0UL,
	};
	unsigned int i, bad = 0, n = 0, ok = 0, perm = 0, inval = 0;
	u64 a;
	long rc;

	rc = flush(0x40000000, 0, 64, GNTTAB_CACHE_CLEAN);
	if (rc == -XEN_ENOSYS) {
		test_skip("GNTTABOP_cache_flush not implemented");
		return;
	}
	/* 1 GiB of machine RAM at 0x40000000 (QEMU virt -m 1G). */
	for (a = 0x40000000; a < 0x80000000; a += 0x10000) {
		u32 op = 1 + (u32)((a >> 16) % 3); /* clean, inval, both */

		rc = flush(a + (a >> 16) % 4 * 0x400, 0, 0x100, op);
		n++;
		ok += rc == 0;
		perm += rc == -XEN_EPERM;
		inval += rc == -XEN_EINVAL;
		if (!allowed(rc) && bad++ < 5)
			check(false, "cache_flush of machine address %#lx: %s",
			      a, errname(rc));
	}
	printk("%u flushes over RAM: %u done, %u -EPERM, %u -EINVAL\n", n, ok,
	       perm, inval);
	check(bad == 0, "every flush over RAM answered 0, -EPERM or -EINVAL");
	for (i = 0; i < ARRAY_SIZE(odd); i++) {
		rc = flush(odd[i], 0, 0x40,
			   GNTTAB_CACHE_CLEAN | GNTTAB_CACHE_INVAL);
		check(allowed(rc), "cache_flush of %#lx: %s", odd[i],
		      errname(rc));
	}

	/* Arguments that can never be right. */
	check_eq(flush(0x40000000, 0x1000, 1, GNTTAB_CACHE_CLEAN), -XEN_EINVAL,
		 "offset at the end of the page");
	check_eq(flush(0x40000000, 0xf00, 0x200, GNTTAB_CACHE_CLEAN),
		 -XEN_EINVAL, "offset + length past the end of the page");
	check_eq(flush(0x40000000, 0, 0x1001, GNTTAB_CACHE_CLEAN), -XEN_EINVAL,
		 "length over a page");
	check_eq(flush(0x40000000, 0, 0x40, 1U << 5), -XEN_EINVAL,
		 "unknown op bit");
	/* A grant reference we have not mapped: not ours to flush. */
	fl[0].a.ref = 1;
	fl[0].offset = 0;
	fl[0].length = 0x40;
	fl[0].op = GNTTAB_CACHE_CLEAN | GNTTAB_CACHE_SOURCE_GREF;
	rc = HYPERVISOR_grant_table_op(GNTTABOP_cache_flush, fl, 1);
	check(rc == -XEN_EINVAL || rc == -XEN_EPERM || rc == -XEN_EOPNOTSUPP,
	      "flush by an unmapped grant reference: %s", errname(rc));

	check_eq(HYPERVISOR_xen_version(XENVER_version, NULL), 0x40011,
		 "the hypervisor still answers");
	test_success(NULL);
}
