/* SPDX-License-Identifier: MIT */
/*
 * A dom0less domain with xen,enhanced = "no-xenstore" gets a /hypervisor
 * node in its DT (docs/abi.md 2.1 and 2.6; Xen 4.17 domain_build.c
 * make_hypervisor_node), which is how Linux finds Xen:
 *
 *  - compatible = "xen,xen-4.17", "xen,xen" (first string "xen,xen-"
 *    followed by the version);
 *  - reg[0] = the grant-table window, 0x38000000 + 16 MiB;
 *  - interrupts = <1 15 0xf08>: PPI 31, level-low, all CPUs, with
 *    interrupt-parent = the GIC (phandle 65000);
 *  - an event sent to the domain arrives as that PPI.
 */
#include <test.h>

const char test_title[] = "The /hypervisor node of an enhanced domU";

static volatile u32 hits;

static void on_event(evtchn_port_t port, void *arg)
{
	hits++;
}

static void check_node(int node)
{
	const char *compat;
	const u8 *irq;
	u32 len, phandle = 0, parent = 0;
	u64 base = 0, size = 0;
	int gic;

	compat = fdt_prop(node, "compatible", &len);
	if (check(compat != NULL, "/hypervisor has a compatible")) {
		printk("compatible: \"%s\"...\n", compat);
		check(!strcmp(compat, "xen,xen-4.17"),
		      "the first compatible is \"xen,xen-4.17\"");
		check(fdt_prop_has_string(node, "compatible", "xen,xen"),
		      "\"xen,xen\" is in the list");
	}
	if (check(fdt_reg(node, 0, &base, &size), "/hypervisor has a reg")) {
		check_eq(base, GUEST_GNTTAB_BASE, "grant-table window base");
		check_eq(size, MiB(16), "grant-table window size");
	}
	irq = fdt_prop(node, "interrupts", &len);
	if (check(irq && len == 12, "one 3-cell interrupt")) {
		check_eq(fdt32(irq), 1, "it is a PPI");
		check_eq(fdt32(irq + 4), GUEST_EVTCHN_PPI - 16,
			 "PPI number (INTID %d)", GUEST_EVTCHN_PPI);
		check_eq(fdt32(irq + 8), 0xf08, "flags: all CPUs, level-low");
	}
	gic = platform.gic_version == 3
		      ? fdt_find_compatible(-1, "arm,gic-v3")
		      : fdt_find_compatible(-1, "arm,gic-400");
	if (!fdt_prop_u32(node, "interrupt-parent", &parent))
		fdt_prop_u32(fdt_root(), "interrupt-parent", &parent);
	fdt_prop_u32(gic, "phandle", &phandle);
	check_eq(phandle, GUEST_PHANDLE_GIC, "the GIC's phandle");
	check_eq(parent, phandle, "the interrupt parent is the GIC");
}

void test_main(void)
{
	struct xen_hvm_param hp = {.domid = DOMID_SELF,
				   .index = HVM_PARAM_CALLBACK_IRQ};
	int node = fdt_path("/hypervisor");
	evtchn_port_t port;
	long rc;

	if (!check(node >= 0, "the DT has a /hypervisor node"))
		return;
	check_node(node);

	rc = HYPERVISOR_hvm_op(HVMOP_get_param, &hp);
	printk("HVM_PARAM_CALLBACK_IRQ: rc %ld, value %#lx\n", rc, hp.value);

	if (!check_eq(xen_map_shared_info(), 0, "map shared_info") ||
	    !check(xen_evtchn_upcall_init(), "upcall on PPI %u",
		   platform.evtchn_ppi) ||
	    !check_eq(evtchn_bind_ipi(0, &port), 0, "bind_ipi"))
		return;
	evtchn_bind_handler(port, on_event, NULL);
	check_eq(evtchn_send(port), 0, "send");
	local_irq_enable();
	udelay(2000);
	local_irq_disable();
	check_eq(hits, 1, "the event arrived on the DT's PPI");
	test_success(NULL);
}
