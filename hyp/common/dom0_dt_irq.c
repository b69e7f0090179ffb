/* SPDX-License-Identifier: MIT */
/*
 * dom0's device tree (common/dom0_dt*.c): interrupt specifiers (interrupts,
 * interrupts-extended, interrupt parents) decoded for the GIC, the GIC's
 * reg and redistributor regions, and the timer's PPIs.
 */
#include <hyp/dom0_dt.h>
#include <hyp/errno.h>
#include <hyp/fdt.h>
#include <hyp/lib.h>
#include "dom0_dt_internal.h"

/* ---- interrupts ---- */

/* The node with phandle ph; the GIC's, by far the most used, at once. */
int dt0_by_phandle(const struct ctx *c, u32 ph)
{
	if (ph == c->gic_phandle && c->gic >= 0)
		return c->gic;
	return fdt_node_offset_by_phandle(c->host, ph);
}

/* #interrupt-cells of the interrupt controller ctrl, used by node. */
int dt0_irq_cells(struct ctx *c, int ctrl, int node, u32 *cells)
{
	int rc = fdt_getprop_u32(c->host, ctrl, "#interrupt-cells", cells);

	if (rc || *cells == 0 || *cells > MAX_INTERRUPT_CELLS) {
		/* dt0_path() is single-use: name the user by its name only. */
		const char *user = fdt_get_name(c->host, node, NULL);

		return dt0_fail(c, -EINVAL,
				"%s: interrupt controller of %s has no usable "
				"#interrupt-cells",
				dt0_path(c, ctrl), user ? user : "?");
	}
	return 0;
}

/*
 * The interrupt parent of node's "interrupts" (as Linux finds it): the
 * interrupt-parent phandle or else the parent node, repeated until a
 * node with #interrupt-cells.
 */
static int irq_parent(struct ctx *c, int node)
{
	int cur = node, next, len, hops;
	const void *ph;

	for (hops = 0; hops < MAX_IRQ_PARENT_HOPS; hops++) {
		ph = fdt_getprop(c->host, cur, "interrupt-parent", &len);
		if (ph && len != 4)
			return dt0_fail(c, -EINVAL,
					"%s: interrupt-parent is not one cell",
					dt0_path(c, cur));
		if (ph) {
			next = dt0_by_phandle(c, fdt32_ld(ph));
			if (next < 0)
				return dt0_fail(c, -EINVAL,
						"%s: interrupt-parent %#x: no "
						"such phandle",
						dt0_path(c, cur), fdt32_ld(ph));
		} else {
			next = fdt_parent_offset(c->host, cur);
			if (next < 0)
				return dt0_fail(c, -EINVAL,
						"%s: interrupts without an "
						"interrupt parent",
						dt0_path(c, node));
		}
		if (fdt_getprop(c->host, next, "#interrupt-cells", NULL))
			return next;
		cur = next;
	}
	return dt0_fail(c, -EINVAL, "%s: interrupt-parent chain too long",
			dt0_path(c, node));
}

/* Decode a specifier of the GIC (c->gic_icells cells at spec). */
int dt0_gic_decode(struct ctx *c, int node, const u8 *spec, struct gic_irq *irq)
{
	u32 type = fdt32_ld(spec), num = fdt32_ld(spec + 4);
	bool v3 = c->gic_version == 3;

	irq->flags = fdt32_ld(spec + 8) & IRQ_TYPE_MASK;
	irq->ppi = type == GIC_TYPE_PPI || type == GIC_TYPE_EPPI;
	if (type == GIC_TYPE_SPI && num <= 987)
		irq->intid = num + 32;
	else if (type == GIC_TYPE_PPI && num <= 15)
		irq->intid = num + 16;
	else if (v3 && type == GIC_TYPE_ESPI && num <= 1023)
		irq->intid = num + GIC_ESPI_BASE;
	else if (v3 && type == GIC_TYPE_EPPI && num <= 63)
		irq->intid = num + GIC_EPPI_BASE;
	else
		return dt0_fail(c, -EINVAL, "%s: bad GIC interrupt <%u %u>",
				dt0_path(c, node), type, num);
	return 0;
}

/*
 * Call fn for each of node's interrupts wired straight to the GIC, from
 * interrupts-extended if present, else interrupts. Interrupts of other
 * controllers are passed over. Stops at fn's first non-zero return.
 */
int dt0_walk_irqs(struct ctx *c, int node, irq_fn fn, void *arg)
{
	const u8 *p;
	int len, ctrl = -ENOENT, rc;
	u32 cells = 0;
	struct gic_irq irq;
	bool ext = true;

	p = fdt_getprop(c->host, node, "interrupts-extended", &len);
	if (!p) {
		ext = false;
		p = fdt_getprop(c->host, node, "interrupts", &len);
		if (!p)
			return 0;
		ctrl = irq_parent(c, node);
		if (ctrl < 0)
			return ctrl;
		rc = dt0_irq_cells(c, ctrl, node, &cells);
		if (rc)
			return rc;
		if (len % (int)(cells * 4))
			goto bad;
	}
	while (len > 0) {
		if (ext) {
			if (len < 4)
				goto bad;
			ctrl = dt0_by_phandle(c, fdt32_ld(p));
			if (ctrl < 0)
				return dt0_fail(
					c, -EINVAL,
					"%s: interrupts-extended: no node "
					"with phandle %#x",
					dt0_path(c, node), fdt32_ld(p));
			rc = dt0_irq_cells(c, ctrl, node, &cells);
			if (rc)
				return rc;
			p += 4;
			len -= 4;
			if (len < (int)(cells * 4))
				goto bad;
		}
		if (ctrl == c->gic) {
			rc = dt0_gic_decode(c, node, p, &irq);
			if (!rc)
				rc = fn(c, node, &irq, arg);
			if (rc)
				return rc;
		}
		p += cells * 4;
		len -= (int)(cells * 4);
	}
	return 0;
bad:
	return dt0_fail(
		c, -EINVAL, "%s: %s length does not match #interrupt-cells",
		dt0_path(c, node), ext ? "interrupts-extended" : "interrupts");
}

int dt0_find_ppi(struct ctx *c, int node, const struct gic_irq *irq, void *arg)
{
	return irq->ppi;
}

struct timer_irqs {
	unsigned int n;
	unsigned int intid[3];
	bool all_ppi;
};

static int timer_irq(struct ctx *c, int node, const struct gic_irq *irq,
		     void *arg)
{
	struct timer_irqs *t = arg;

	if (t->n < 3) {
		t->intid[t->n++] = irq->intid;
		/* Only real PPIs (16..31) can be listed for dom0. */
		if (!irq->ppi || irq->intid >= 32)
			t->all_ppi = false;
	}
	return 0;
}

/* ---- the host GIC and timer ---- */

/* The GIC's reg entries, its cells and how many there are. */
const u8 *dt0_gic_reg(struct ctx *c, int *len, int *ac, int *sc, int *n)
{
	const u8 *reg = fdt_getprop(c->host, c->gic, "reg", len);

	/* dt0_find_gic() checked these. */
	fdt_reg_cells(c->host, c->gic, ac, sc);
	*n = *len / (4 * (*ac + *sc));
	return reg;
}

/*
 * GICv3: how many redistributor regions cover nr_vcpus frames, storing
 * up to max of them (translated) in out.
 */
int dt0_gicv3_regions(struct ctx *c, unsigned int nr_vcpus, struct membank *out,
		      unsigned int max)
{
	int len, ac, sc, n, rc;
	const u8 *reg = dt0_gic_reg(c, &len, &ac, &sc, &n);
	u64 addr, size, frames = 0;
	u32 nr = 1, i;

	rc = fdt_getprop_u32(c->host, c->gic, "#redistributor-regions", &nr);
	if ((rc && rc != -ENOENT) || nr == 0 || nr >= (u32)n)
		return dt0_fail(c, -EINVAL,
				"%s: #redistributor-regions does not match reg "
				"(%d entries)",
				dt0_path(c, c->gic), n);
	for (i = 0; i < nr; i++) {
		rc = fdt_reg_entry(reg, len, ac, sc, (int)i + 1, &addr, &size);
		if (!rc && i < max) {
			rc = fdt_translate_address(c->host, c->gic, &addr);
			out[i].start = pa_init(addr);
			out[i].size = size;
		}
		if (rc)
			return dt0_fail(
				c, rc, "%s: redistributor region %u unreadable",
				dt0_path(c, c->gic), i);
		frames += size / DOM0_DT_GICR_FRAME_SIZE;
		if (frames >= nr_vcpus)
			return (int)i + 1;
	}
	return dt0_fail(
		c, -EINVAL,
		"%s: the redistributor regions hold %llu CPUs, dom0 has %u "
		"vCPUs",
		dt0_path(c, c->gic), (unsigned long long)frames, nr_vcpus);
}

int dt0_find_timer(struct ctx *c)
{
	struct timer_irqs t = {.all_ppi = true};
	int rc;

	c->timer = dt0_find_timer_node(c);
	if (c->timer < 0)
		return dt0_fail(
			c, -ENOENT,
			"host DT has no arm,armv8-timer or arm,armv7-timer "
			"node");
	rc = dt0_walk_irqs(c, c->timer, timer_irq, &t);
	if (rc)
		return rc;
	if (t.n < 3 || !t.all_ppi)
		return dt0_fail(
			c, -EINVAL,
			"%s: the timer needs its secure, non-secure and "
			"virtual PPIs on the GIC",
			dt0_path(c, c->timer));
	memcpy(c->timer_ppi, t.intid, sizeof(c->timer_ppi));
	return 0;
}

int dt0_check_gic(struct ctx *c)
{
	int len, ac, sc, n, child;
	int rc;

	dt0_gic_reg(c, &len, &ac, &sc, &n);
	if (c->gic_version == 3) {
		rc = dt0_gicv3_regions(c, c->cfg->nr_vcpus, NULL, 0);
		if (rc < 0)
			return rc;
		c->nr_redist = (unsigned int)rc;
		return 0;
	}
	if (n < 2)
		return dt0_fail(c, -EINVAL, "%s: GICv2 reg needs GICD and GICC",
				dt0_path(c, c->gic));
	fdt_for_each_subnode (child, c->host, c->gic)
		if (fdt_node_check_compatible(c->host, child, V2M_COMPAT) &&
		    !fdt_getprop(c->host, c->gic, "ranges", NULL))
			return dt0_fail(c, -EINVAL,
					"%s: GICv2m frames but no ranges",
					dt0_path(c, c->gic));
	return 0;
}
