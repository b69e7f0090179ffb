/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: dom0less passthrough from a partial device tree
 * (common/dom0less_pt.c) against QEMU virt's host DT: the plan made from
 * xen,reg / xen,path (its SPIs from the host node), every refusal before
 * anything is applied (no IOMMU without xen,force-assign-without-iommu,
 * misaligned or overlapping ranges, unknown paths, SPIs in use), and the
 * plan applied in order (permission, mapping, routing).
 */
#include <hyp/bootinfo.h>
#include <hyp/domain.h>
#include <hyp/domain_build.h>
#include <hyp/domctl.h>
#include <hyp/errno.h>
#include <hyp/fdt.h>
#include <hyp/irq.h>
#include <hyp/mm.h>
#include <hyp/p2m.h>

#include "fdt_test_util.h"
#include "host_fake.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>

#define MOD_BASE 0x48000000ULL

static const struct gic_ops fake_gic = {
	.name = "fake", .version = 3, .nr_lines = 288};
const struct gic_ops *gic = &fake_gic;
struct bootinfo bootinfo;

/* ---- what the plan is applied through, recorded ---- */

static bool in_use[1020];
static char calls[512];

static void rec(const char *fmt, ...)
{
	va_list ap;
	size_t n = strlen(calls);

	va_start(ap, fmt);
	vsnprintf(calls + n, sizeof(calls) - n, fmt, ap);
	va_end(ap);
}

bool irq_in_use(unsigned int irq)
{
	return irq < 1020 && in_use[irq];
}

void irq_set_dt_type(unsigned int irq, unsigned int type)
{
	rec("type %u %u;", irq, type);
}

int domctl_iomem_permit(struct domain *d, u64 first, u64 last)
{
	rec("iomem %llx-%llx;", (unsigned long long)first,
	    (unsigned long long)last);
	return 0;
}

int domctl_irq_permit(struct domain *d, unsigned int irq)
{
	rec("irqperm %u;", irq);
	return 0;
}

int domain_pt_bind_irq(struct domain *d, unsigned int irq)
{
	rec("bind %u;", irq);
	return 0;
}

int p2m_map(struct domain *d, gfn_t gfn, mfn_t mfn, u64 nr, enum p2m_type t)
{
	rec("map %llx->%llx+%llu %d;", (unsigned long long)gfn_val(gfn),
	    (unsigned long long)mfn_val(mfn), (unsigned long long)nr, t);
	return 0;
}

/* ---- helpers ---- */

static void *host_blob;
static struct fdt host;

static int setup(void **state)
{
	size_t len;

	(void)state;
	host_blob = tu_load_data("qemu-virt-gic3.dtb", &len);
	if (!host_blob)
		return 0;
	tu_open_ok(&host, host_blob, len);
	memset(&bootinfo, 0, sizeof(bootinfo));
	bootinfo.mem.nr = 1;
	bootinfo.mem.bank[0].start = pa_init(0x40000000);
	bootinfo.mem.bank[0].size = 0x100000000ULL;
	host_fake_ram_init(pa_init(MOD_BASE), 0x10000);
	memset(in_use, 0, sizeof(in_use));
	calls[0] = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	host_fake_ram_fini();
	free(host_blob);
	return 0;
}

/* Compile a partial DT and place it as a boot module. */
static struct bootmodule module_of(const char *dts)
{
	char src[] = "/tmp/test_dom0less_pt.XXXXXX";
	char cmd[200];
	struct bootmodule m = {.kind = BOOTMOD_GUEST_DTB};
	int fd = mkstemp(src);
	FILE *p;
	size_t n;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, dts, strlen(dts)), (ssize_t)strlen(dts));
	close(fd);
	snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb %s", src);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(maddr_to_virt(pa_init(MOD_BASE)), 1, 0x10000, p);
	assert_int_equal(pclose(p), 0);
	unlink(src);
	m.start = pa_init(MOD_BASE);
	m.size = n;
	return m;
}

static struct domain_build *build(void)
{
	static struct domain_build b;

	memset(&b, 0, sizeof(b));
	snprintf(b.name, sizeof(b.name), "domU1");
	b.ram0_size = 0x2000000;
	return &b;
}

#define PT_HEAD                                                     \
	"/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;\n" \
	"gic: gic { #interrupt-cells = <3>; interrupt-controller; };\n"
#define PT_BUS                                                 \
	"passthrough { compatible = \"simple-bus\"; ranges;\n" \
	"#address-cells = <2>; #size-cells = <2>;\n"
#define GPIO(props)                                                  \
	"pl061@9030000 { compatible = \"arm,pl061\";\n"              \
	"reg = <0 0x9030000 0 0x1000>; interrupt-parent = <&gic>;\n" \
	"interrupts = <0 7 4>;\n" props "}; }; };\n"
#define REG_OK "xen,reg = <0 0x9030000 0 0x1000 0 0x10000000>;\n"
#define PATH_OK "xen,path = \"/pl061@9030000\";\n"
#define FORCE "xen,force-assign-without-iommu;\n"

static int prepare(struct domain_build *b, const char *dts)
{
	struct bootmodule m = module_of(dts);

	return dom0less_pt_prepare(b, &m, &host);
}

static void test_plan_and_assign(void **state)
{
	struct domain_build *b = build();
	struct domain d = {.domain_id = 1};

	(void)state;
	if (!host_blob)
		skip();
	assert_int_equal(prepare(b, PT_HEAD PT_BUS GPIO(REG_OK PATH_OK FORCE)),
			 0);
	assert_true(b->has_pfdt);
	assert_true(b->pfdt_passthrough >= 0);
	assert_true(b->gic_phandle != 0 && b->gic_phandle != 65000);
	assert_int_equal(b->pt.nr_mmio, 1);
	assert_int_equal(b->pt.mmio[0].mfn, 0x9030);
	assert_int_equal(b->pt.mmio[0].gfn, 0x10000);
	assert_int_equal(b->pt.mmio[0].nr, 1);
	assert_int_equal(b->pt.nr_irqs, 1);
	assert_int_equal(b->pt.irqs[0].irq, 39);
	assert_int_equal(b->pt.irqs[0].type, IRQ_TYPE_LEVEL);
	assert_string_equal(calls, ""); /* nothing applied yet */

	assert_int_equal(dom0less_pt_assign(&d, b), 0);
	assert_string_equal(calls, "iomem 9030-9030;map 10000->9030+1 3;"
				   "type 39 0;irqperm 39;bind 39;");
}

/* Without /gic the GIC keeps 65000; xen,reg alone with force: no IRQs. */
static void test_reg_only(void **state)
{
	struct domain_build *b = build();

	(void)state;
	if (!host_blob)
		skip();
	assert_int_equal(prepare(b, "/dts-v1/;\n/ { #address-cells = <2>; "
				    "#size-cells = <2>;\n" PT_BUS
				    "dev@0 { xen,reg = <0 0x9030000 0 0x2000 "
				    "0 0x9030000>;\n" FORCE "}; }; };\n"),
			 0);
	assert_int_equal(b->gic_phandle, 65000);
	assert_int_equal(b->pt.nr_mmio, 1);
	assert_int_equal(b->pt.mmio[0].nr, 2);
	assert_int_equal(b->pt.nr_irqs, 0);
}

static void test_refusals(void **state)
{
	static const char *const bad[] = {
		/* No IOMMU: the force property is required. */
		PT_HEAD PT_BUS GPIO(REG_OK PATH_OK),
		/* xen,path without xen,reg. */
		PT_HEAD PT_BUS GPIO(PATH_OK FORCE),
		/* Not page aligned. */
		PT_HEAD PT_BUS GPIO("xen,reg = <0 0x9030100 0 0x1000 0 "
				    "0x10000000>;\n" PATH_OK FORCE),
		/* Over the guest's RAM. */
		PT_HEAD PT_BUS GPIO("xen,reg = <0 0x9030000 0 0x1000 0 "
				    "0x40000000>;\n" PATH_OK FORCE),
		/* Over the vGIC. */
		PT_HEAD PT_BUS GPIO("xen,reg = <0 0x9030000 0 0x1000 0 "
				    "0x3001000>;\n" PATH_OK FORCE),
		/* Host RAM is not a device. */
		PT_HEAD PT_BUS GPIO("xen,reg = <0 0x40000000 0 0x1000 0 "
				    "0x10000000>;\n" PATH_OK FORCE),
		/* Truncated triplet. */
		PT_HEAD PT_BUS GPIO(
			"xen,reg = <0 0x9030000 0 0x1000 0>;\n" PATH_OK FORCE),
		/* Unknown host path. */
		PT_HEAD PT_BUS GPIO(REG_OK "xen,path = \"/nope@0\";\n" FORCE),
		/* Not a path at all. */
		PT_HEAD PT_BUS GPIO(REG_OK "xen,path = <1>;\n" FORCE),
	};
	unsigned int i;

	(void)state;
	if (!host_blob)
		skip();
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct domain_build *b = build();

		if (prepare(b, bad[i]) == 0)
			fail_msg("partial DT %u was accepted", i);
	}
	/* The SPI belongs to someone (dom0, the hypervisor). */
	in_use[39] = true;
	assert_int_equal(
		prepare(build(), PT_HEAD PT_BUS GPIO(REG_OK PATH_OK FORCE)),
		-EBUSY);
	/* Not a device tree. */
	{
		struct domain_build *b = build();
		struct bootmodule m = {.kind = BOOTMOD_GUEST_DTB,
				       .start = pa_init(MOD_BASE),
				       .size = 64};

		memset(maddr_to_virt(pa_init(MOD_BASE)), 0x5a, 64);
		assert_int_equal(dom0less_pt_prepare(b, &m, &host), -EINVAL);
	}
	assert_string_equal(calls, "");
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plan_and_assign, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_reg_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
	};

	tu_set_data_dir(argv[0]);
	(void)argc;
	return cmocka_run_group_tests_name("dom0less_pt", tests, NULL, NULL);
}
