/* SPDX-License-Identifier: MIT */
/*
 * Dom0less device passthrough from the partial device tree given as a
 * domain's "multiboot,device-tree" module (Xen 4.17: docs/misc/arm/
 * passthrough.txt "Dom0-less Device Passthrough", device-tree/booting.txt).
 *
 * Only /gic (its phandle becomes the guest GIC's), /aliases and
 * /passthrough are used. In /passthrough's subtree a node with xen,reg
 * (<host address, size, guest address> in its parent's #address-cells /
 * #size-cells) has those ranges mapped as device memory; with xen,path it
 * also gets the interrupts of that host DT node, routed 1:1. There is no
 * IOMMU here, so as on Xen without one a node must say
 * xen,force-assign-without-iommu (then xen,path is optional). The xen,*
 * properties are dropped from the copy the guest sees.
 *
 * Everything is checked in dom0less_pt_prepare() before the domain
 * exists; dom0less_pt_assign() only applies the plan.
 */
#include <hyp/bootinfo.h>
#include <hyp/dom0_dt.h>
#include <hyp/domain.h>
#include <hyp/domain_build.h>
#include <hyp/domctl.h>
#include <hyp/errno.h>
#include <hyp/fdt.h>
#include <hyp/fdt_wr.h>
#include <hyp/irq.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/p2m.h>
#include <public/arch-arm.h>
#include <public/device_tree_defs.h>

/* Xen's defaults for a node without #address-cells / #size-cells. */
#define PT_DEFAULT_AC 2
#define PT_DEFAULT_SC 1
/* Guest ranges a passed-through region may not cover. */
#define VGIC_WINDOW_BASE GUEST_GICD_BASE
#define VGIC_WINDOW_END (GUEST_GICV3_GICR0_BASE + GUEST_GICV3_GICR0_SIZE)

struct irq_walk {
	struct domain_build *b;
	int node;
	int rc;
};

static int fail(const struct domain_build *b, int rc, const char *what,
		const char *node)
{
	printk(HYPLOG_ERR "%s: partial DT: %s%s%s\n", b->name, node ? node : "",
	       node ? ": " : "", what);
	return rc;
}

static u32 cells_of(const struct fdt *f, int node, const char *name, u32 def)
{
	u32 v;

	return fdt_getprop_u32(f, node, name, &v) ? def : v;
}

static bool overlaps(u64 s, u64 e, u64 bs, u64 be)
{
	return s < be && bs < e;
}

static bool guest_range_ok(const struct domain_build *b, u64 g, u64 size)
{
	u64 e = g + size;

	if (e < g || e > (1ULL << p2m_ipa_bits()))
		return false;
	return !overlaps(g, e, VGIC_WINDOW_BASE, VGIC_WINDOW_END) &&
	       !overlaps(g, e, GUEST_PL011_BASE,
			 GUEST_PL011_BASE + GUEST_PL011_SIZE) &&
	       !overlaps(g, e, GUEST_GNTTAB_BASE,
			 GUEST_MAGIC_BASE + GUEST_MAGIC_SIZE) &&
	       !overlaps(g, e, GUEST_RAM0_BASE,
			 GUEST_RAM0_BASE + b->ram0_size) &&
	       !overlaps(g, e, GUEST_RAM1_BASE, GUEST_RAM1_BASE + b->ram1_size);
}

/* Host RAM is never device memory for a guest. */
static bool host_range_ok(u64 m, u64 size)
{
	unsigned int i;

	if (m + size < m)
		return false;
	for (i = 0; i < bootinfo.mem.nr; i++) {
		u64 s = pa_val(bootinfo.mem.bank[i].start);

		if (overlaps(m, m + size, s, s + bootinfo.mem.bank[i].size))
			return false;
	}
	return true;
}

static int plan_reg(struct domain_build *b, int node, const char *name)
{
	const struct fdt *f = &b->pfdt;
	int parent = fdt_parent_offset(f, node), len, i, n, ent;
	const u8 *p = fdt_getprop(f, node, "xen,reg", &len);
	u32 ac, sc;

	if (parent < 0)
		return fail(b, -EINVAL, "no parent", name);
	ac = cells_of(f, parent, "#address-cells", PT_DEFAULT_AC);
	sc = cells_of(f, parent, "#size-cells", PT_DEFAULT_SC);
	if (!ac || ac > 2 || !sc || sc > 2)
		return fail(b, -EINVAL, "unsupported #address/size-cells",
			    name);
	ent = (int)(2 * ac + sc) * 4;
	if (!len || len % ent)
		return fail(b, -EINVAL, "xen,reg is not <phys size guest>...",
			    name);
	n = len / ent;
	for (i = 0; i < n; i++, p += ent) {
		u64 m = fdt_read_cells(p, (int)ac);
		u64 size = fdt_read_cells(p + 4 * ac, (int)sc);
		u64 g = fdt_read_cells(p + 4 * (ac + sc), (int)ac);

		if ((m | g | size) & (PAGE_SIZE - 1) || !size)
			return fail(b, -EINVAL,
				    "xen,reg not page aligned or empty", name);
		if (!guest_range_ok(b, g, size) || !host_range_ok(m, size))
			return fail(b, -EINVAL,
				    "xen,reg overlaps RAM or the guest's "
				    "own devices",
				    name);
		if (b->pt.nr_mmio == DOMAIN_PT_MAX_MMIO)
			return fail(b, -ENOSPC, "too many xen,reg ranges",
				    name);
		b->pt.mmio[b->pt.nr_mmio].mfn = m >> PAGE_SHIFT;
		b->pt.mmio[b->pt.nr_mmio].gfn = g >> PAGE_SHIFT;
		b->pt.mmio[b->pt.nr_mmio++].nr = size >> PAGE_SHIFT;
	}
	return 0;
}

static int collect_irq(const struct fdt *host,
		       const struct dom0_dt_resource *res, void *arg)
{
	struct irq_walk *w = arg;
	struct domain_build *b = w->b;
	unsigned int i;

	if (res->node != w->node || res->kind != DOM0_RES_SPI)
		return 0;
	if (res->intid >= gic->nr_lines || res->intid >= DOMCTL_MAX_IRQ) {
		printk(HYPLOG_ERR "%s: IRQ %u beyond the GIC\n", b->name,
		       res->intid);
		return w->rc = -EINVAL;
	}
	for (i = 0; i < b->pt.nr_irqs; i++)
		if (b->pt.irqs[i].irq == res->intid)
			return 0;
	if (irq_in_use(res->intid)) {
		printk(HYPLOG_ERR "%s: IRQ %u is in use (by dom0? mark the "
				  "host node xen,passthrough)\n",
		       b->name, res->intid);
		return w->rc = -EBUSY;
	}
	if (b->pt.nr_irqs == DOMAIN_PT_MAX_IRQS)
		return w->rc = -ENOSPC;
	b->pt.irqs[b->pt.nr_irqs].irq = (u16)res->intid;
	b->pt.irqs[b->pt.nr_irqs++].type =
		(res->irq_type & 3) ? IRQ_TYPE_EDGE : IRQ_TYPE_LEVEL;
	return 0;
}

static int plan_path(struct domain_build *b, const struct fdt *host,
		     const char *path, int len, const char *name)
{
	struct dom0_dt_config cfg = {0};
	struct irq_walk w = {.b = b};
	int rc;

	if (len < 2 || path[len - 1] || path[0] != '/')
		return fail(b, -EINVAL, "bad xen,path", name);
	w.node = fdt_path_offset(host, path);
	if (w.node < 0)
		return fail(b, -ENOENT, "xen,path not in the host DT", name);
	rc = dom0_dt_collect_devices(host, &cfg, collect_irq, &w, NULL, 0);
	return w.rc ? w.rc : rc;
}

static int plan_node(struct domain_build *b, const struct fdt *host, int node)
{
	const struct fdt *f = &b->pfdt;
	const char *name = fdt_get_name(f, node, NULL);
	int reg_len, path_len, rc;
	bool reg = fdt_getprop(f, node, "xen,reg", &reg_len) != NULL;
	const char *path = fdt_getprop(f, node, "xen,path", &path_len);
	bool force = fdt_getprop(f, node, "xen,force-assign-without-iommu",
				 NULL) != NULL;

	if (!reg && !path)
		return 0;
	if (!reg || (!path && !force))
		return fail(b, -EINVAL, "xen,reg or xen,path missing", name);
	if (!force)
		return fail(b, -EINVAL,
			    "no IOMMU: needs xen,force-assign-without-iommu",
			    name);
	rc = plan_reg(b, node, name);
	if (!rc && path)
		rc = plan_path(b, host, path, path_len, name);
	return rc;
}

int dom0less_pt_prepare(struct domain_build *b, const struct bootmodule *m,
			const struct fdt *host)
{
	struct fdt *f = &b->pfdt;
	int node, depth = 0, rc;

	b->pfdt_passthrough = b->pfdt_aliases = -1;
	if (fdt_open(f, maddr_to_virt(m->start), m->size))
		return fail(b, -EINVAL, "not a valid device tree", NULL);
	fdt_for_each_subnode (node, f, fdt_root(f)) {
		const char *n = fdt_get_name(f, node, NULL);

		if (!n)
			continue;
		if (!strcmp(n, "gic"))
			b->gic_phandle = fdt_get_phandle(f, node);
		else if (!strcmp(n, "aliases"))
			b->pfdt_aliases = node;
		else if (!strcmp(n, "passthrough"))
			b->pfdt_passthrough = node;
	}
	if (b->gic_phandle == 0 || b->gic_phandle == ~0U)
		b->gic_phandle = GUEST_PHANDLE_GIC;
	b->has_pfdt = true;
	if (b->pfdt_passthrough < 0)
		return 0;
	rc = plan_node(b, host, b->pfdt_passthrough);
	for (node = fdt_next_node(f, b->pfdt_passthrough, &depth);
	     !rc && node >= 0 && depth > 0;
	     node = fdt_next_node(f, node, &depth))
		rc = plan_node(b, host, node);
	return rc;
}

int dom0less_pt_assign(struct domain *d, const struct domain_build *b)
{
	const struct domain_pt_plan *p = &b->pt;
	unsigned int i;
	int rc = 0;

	for (i = 0; !rc && i < p->nr_mmio; i++) {
		rc = domctl_iomem_permit(d, p->mmio[i].mfn,
					 p->mmio[i].mfn + p->mmio[i].nr - 1);
		if (!rc)
			rc = p2m_map(d, gfn_init(p->mmio[i].gfn),
				     mfn_init(p->mmio[i].mfn), p->mmio[i].nr,
				     P2M_MMIO_DEV);
	}
	for (i = 0; !rc && i < p->nr_irqs; i++) {
		irq_set_dt_type(p->irqs[i].irq, p->irqs[i].type);
		rc = domctl_irq_permit(d, p->irqs[i].irq);
		if (!rc)
			rc = domain_pt_bind_irq(d, p->irqs[i].irq);
	}
	if (rc)
		printk(HYPLOG_ERR "%s: passthrough failed: %d\n", b->name, rc);
	else if (p->nr_mmio || p->nr_irqs)
		printk("%s: passthrough: %u MMIO range(s), %u IRQ(s)\n",
		       b->name, p->nr_mmio, p->nr_irqs);
	return rc;
}
