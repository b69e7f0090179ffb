// SPDX-License-Identifier: MIT
/*
 * Boot device tree: PSCI, GIC and generic timer nodes (see bootinfo.c).
 * Device register addresses are translated through "ranges", since SoCs
 * often put the GIC under a bus node.
 */
#include <hyp/bootinfo.h>
#include <hyp/errno.h>
#include <hyp/fdt.h>
#include <hyp/lib.h>

#include "bootinfo_internal.h"

int bootinfo_parse_psci(struct bootinfo_ctx *c)
{
	static const char *const compat[] = {"arm,psci-1.0", "arm,psci-0.2",
					     "arm,psci"};
	struct bootinfo *bi = c->bi;
	const char *method;
	int node, rc;

	node = bootinfo_find_compatible(c, compat, ARRAY_SIZE(compat));
	if (node < 0)
		return 0;
	rc = bootinfo_get_str(c, node, "method", &method);
	if (rc < 0)
		return rc;
	if (!method)
		return bootinfo_fail(c, -EINVAL, "psci node %s has no method",
				     bootinfo_node_name(c, node));
	if (strcmp(method, "smc") == 0)
		bi->psci = PSCI_CONDUIT_SMC;
	else if (strcmp(method, "hvc") == 0)
		bi->psci = PSCI_CONDUIT_HVC;
	else
		return bootinfo_fail(c, -EINVAL, "psci: unknown method \"%s\"",
				     method);
	bi->psci_v02 = bootinfo_compatible_any(c, node, compat, 2);
	/* PSCI 0.1 has no standard function ids: the DT gives them. */
	rc = fdt_getprop_u32(c->fdt, node, "cpu_on", &bi->psci_cpu_on_id);
	if (rc && rc != -ENOENT)
		return bootinfo_fail(c, rc,
				     "psci: cpu_on is not a single cell");
	return 0;
}

/*
 * GIC interrupt specifier (arm,gic and arm,gic-v3 bindings): <type num
 * flags>, type 0 = SPI (INTID num + 32), type 1 = PPI (INTID num + 16).
 */
static int decode_irq(struct bootinfo_ctx *c, int node, const u8 *spec,
		      unsigned int *intid, bool *ppi)
{
	u32 type = fdt32_ld(spec), num = fdt32_ld(spec + 4);

	if (type == 1 && num < 16) {
		*intid = num + 16;
		*ppi = true;
	} else if (type == 0 && num < 988) {
		*intid = num + 32;
		*ppi = false;
	} else {
		return bootinfo_fail(c, -EINVAL,
				     "node %s: unsupported interrupt <%u %u>",
				     bootinfo_node_name(c, node), type, num);
	}
	return 0;
}

/* The node's interrupts, checked to hold at least min specifiers. */
static const u8 *get_irqs(struct bootinfo_ctx *c, int node, int min, int *rc)
{
	int len, stride = 4 * c->gic_icells;
	const u8 *p;

	p = fdt_getprop(c->fdt, node, "interrupts", &len);
	if (!p) {
		*rc = bootinfo_fail(c, -EINVAL,
				    "node %s has no interrupts property",
				    bootinfo_node_name(c, node));
		return NULL;
	}
	if (len % stride || len / stride < min) {
		*rc = bootinfo_fail(c, -EINVAL,
				    "node %s: interrupts must hold at least %d "
				    "specifiers of %d cells",
				    bootinfo_node_name(c, node), min,
				    c->gic_icells);
		return NULL;
	}
	*rc = 0;
	return p;
}

/* Device registers: bus addresses go through "ranges" as Xen does. */
static int read_region(struct bootinfo_ctx *c, int node,
		       const struct bootinfo_reg *r, int i, paddr_t *base,
		       u64 *size)
{
	u64 a = 0;
	int rc = bootinfo_reg_read(c, node, r, i, true, &a, size);

	*base = pa_init(a);
	return rc;
}

static int parse_gicv3(struct bootinfo_ctx *c, int node)
{
	struct boot_gic *g = &c->bi->gic;
	struct bootinfo_reg r;
	const void *stride;
	u32 nr = 1;
	int n, i, rc, len;

	rc = bootinfo_reg_get(c, node, -1, -1, &r);
	if (rc)
		return rc;
	n = r.count;
	rc = fdt_getprop_u32(c->fdt, node, "#redistributor-regions", &nr);
	if (rc && rc != -ENOENT)
		return bootinfo_fail(c, rc, "gic: bad #redistributor-regions");
	if (nr < 1 || nr > BOOT_MAX_REDIST_REGIONS)
		return bootinfo_fail(
			c, -EINVAL,
			"gic: %u redistributor regions (1 to %d supported)", nr,
			BOOT_MAX_REDIST_REGIONS);
	if ((u32)n < 1 + nr)
		return bootinfo_fail(
			c, -EINVAL,
			"gic: reg has %d regions, need GICD and %u "
			"redistributor regions",
			n, nr);
	rc = read_region(c, node, &r, 0, &g->dist_base, &g->dist_size);
	for (i = 0; !rc && (u32)i < nr; i++)
		rc = read_region(c, node, &r, 1 + i, &g->redist[i].start,
				 &g->redist[i].size);
	if (rc)
		return rc;
	g->nr_redist_regions = nr;
	stride = fdt_getprop(c->fdt, node, "redistributor-stride", &len);
	if (stride) {
		/* Binding: a u64, a multiple of 64 KiB. */
		g->redist_stride = len == 8 ? fdt64_ld(stride) : 1;
		if (!g->redist_stride || !IS_ALIGNED(g->redist_stride, KB(64)))
			return bootinfo_fail(c, -EINVAL,
					     "gic: bad redistributor-stride");
	}
	return 0;
}

static int parse_gicv2(struct bootinfo_ctx *c, int node)
{
	struct boot_gic *g = &c->bi->gic;
	struct bootinfo_reg r;
	int n, rc;

	rc = bootinfo_reg_get(c, node, -1, -1, &r);
	if (rc)
		return rc;
	n = r.count;
	if (n < 2)
		return bootinfo_fail(
			c, -EINVAL,
			"gic: reg needs GICD and GICC regions, has %d", n);
	rc = read_region(c, node, &r, 0, &g->dist_base, &g->dist_size);
	if (!rc)
		rc = read_region(c, node, &r, 1, &g->cpu_base, &g->cpu_size);
	/* GICH and GICV exist only with the virtualization extensions. */
	if (!rc && n > 2)
		rc = read_region(c, node, &r, 2, &g->hyp_base, &g->hyp_size);
	if (!rc && n > 3)
		rc = read_region(c, node, &r, 3, &g->vcpu_base, &g->vcpu_size);
	return rc;
}

int bootinfo_parse_gic(struct bootinfo_ctx *c)
{
	static const char *const v3[] = {"arm,gic-v3"};
	/* GICv2-compatible distributors known to Linux's GIC driver. */
	static const char *const v2[] = {
		"arm,gic-400",	     "arm,cortex-a15-gic", "arm,cortex-a9-gic",
		"arm,cortex-a7-gic", "arm,arm11mp-gic",	   "arm,eb11mp-gic",
		"arm,pl390",
	};
	struct boot_gic *g = &c->bi->gic;
	unsigned int version = 0;
	const u8 *irqs;
	u32 icells = 3;
	int node, rc;
	bool ppi;

	/* The first usable one; Xen too drives a single GIC. */
	for (node = fdt_root(c->fdt); node >= 0;
	     node = fdt_next_node(c->fdt, node, NULL)) {
		if (bootinfo_compatible_any(c, node, v3, ARRAY_SIZE(v3)))
			version = 3;
		else if (bootinfo_compatible_any(c, node, v2, ARRAY_SIZE(v2)))
			version = 2;
		else
			continue;
		if (fdt_node_is_available(c->fdt, node) &&
		    fdt_getprop(c->fdt, node, "interrupt-controller", NULL))
			break;
	}
	if (node < 0)
		return 0;
	g->version = version;
	g->node = node;
	rc = fdt_getprop_u32(c->fdt, node, "#interrupt-cells", &icells);
	if ((rc && rc != -ENOENT) || icells < 3 || icells > 4)
		return bootinfo_fail(c, -EINVAL,
				     "gic: #interrupt-cells must be 3 or 4");
	c->gic_icells = (int)icells;
	rc = version == 3 ? parse_gicv3(c, node) : parse_gicv2(c, node);
	if (rc)
		return rc;
	if (!fdt_getprop(c->fdt, node, "interrupts", NULL))
		return 0;
	irqs = get_irqs(c, node, 1, &rc);
	if (!irqs)
		return rc;
	rc = decode_irq(c, node, irqs, &g->maintenance_irq, &ppi);
	if (!rc && !ppi)
		return bootinfo_fail(c, -EINVAL,
				     "gic: maintenance interrupt not a PPI");
	return rc;
}

int bootinfo_parse_timer(struct bootinfo_ctx *c)
{
	static const char *const compat[] = {"arm,armv8-timer",
					     "arm,armv7-timer"};
	struct boot_timer *t = &c->bi->timer;
	unsigned int *irq[] = {&t->secure_phys_irq, &t->phys_irq, &t->virt_irq,
			       &t->hyp_irq};
	const u8 *irqs;
	unsigned int i;
	int node, rc;
	bool ppi;

	node = bootinfo_find_compatible(c, compat, ARRAY_SIZE(compat));
	if (node < 0)
		return 0;
	/* Binding order: secure phys, non-secure phys, virtual, hyp. */
	irqs = get_irqs(c, node, 4, &rc);
	if (!irqs)
		return rc;
	for (i = 0; i < ARRAY_SIZE(irq); i++) {
		rc = decode_irq(c, node, irqs + i * 4 * c->gic_icells, irq[i],
				&ppi);
		if (rc)
			return rc;
		if (!ppi)
			return bootinfo_fail(c, -EINVAL,
					     "timer: interrupt %u is not a PPI",
					     i);
	}
	rc = fdt_getprop_u32(c->fdt, node, "clock-frequency",
			     &t->clock_frequency);
	if (rc && rc != -ENOENT)
		return bootinfo_fail(c, rc,
				     "timer: clock-frequency is not one cell");
	t->node = node;
	t->present = true;
	return 0;
}
