/* SPDX-License-Identifier: MIT */
/*
 * The host devices dom0 keeps (dom0_dt_collect_devices()): the MMIO ranges
 * and SPIs of every node dom0's device tree keeps, for dom0.c to map 1:1
 * and route.
 */
#include <hyp/dom0_dt.h>
#include <hyp/errno.h>
#include <hyp/fdt.h>
#include <hyp/lib.h>
#include "dom0_dt_internal.h"

/* ---- the devices dom0 keeps ---- */

struct report {
	dom0_dt_res_fn fn;
	void *arg;
	unsigned int flags;
	u64 seen[SEEN_BITS / 64];
};

static int emit(struct ctx *c, struct report *r,
		const struct dom0_dt_resource *res)
{
	return r->fn(c->host, res, r->arg);
}

static int emit_mmio(struct ctx *c, struct report *r, int node,
		     unsigned int flags, u64 addr, u64 size)
{
	struct dom0_dt_resource res = {
		.node = node,
		.kind = DOM0_RES_MMIO,
		/* A passthrough device's PCI windows are not dom0's either. */
		.flags = flags | (r->flags & DOM0_RES_PASSTHROUGH),
		.addr = addr,
		.size = size,
	};

	if (addr + size < addr)
		return dt0_fail(c, -EINVAL, "%s: region wraps",
				dt0_path(c, node));
	return emit(c, r, &res);
}

/* Once per node and INTID. */
static int emit_spi(struct ctx *c, struct report *r, int node,
		    unsigned int flags, unsigned int intid, unsigned int type)
{
	struct dom0_dt_resource res = {
		.node = node,
		.kind = DOM0_RES_SPI,
		.flags = flags | (r->flags & DOM0_RES_PASSTHROUGH),
		.intid = intid,
		.irq_type = type,
	};
	unsigned int bit =
		intid < GIC_ESPI_BASE ? intid : 1024 + intid - GIC_ESPI_BASE;

	if (bit < SEEN_BITS) {
		if (r->seen[bit / 64] & (1ULL << (bit % 64)))
			return 0;
		r->seen[bit / 64] |= 1ULL << (bit % 64);
	}
	return emit(c, r, &res);
}

static int report_irq(struct ctx *c, int node, const struct gic_irq *irq,
		      void *arg)
{
	struct report *r = arg;

	/* dt0_classify() dropped every node with a PPI. */
	return emit_spi(c, r, node, r->flags, irq->intid, irq->flags);
}

/* The node's reg entries that are memory-mapped. */
static int report_reg(struct ctx *c, struct report *r, int node, bool raw)
{
	int len, ac, sc, i, rc;
	const void *reg;
	u64 addr, size;

	reg = fdt_getprop(c->host, node, "reg", &len);
	if (!reg)
		return 0;
	rc = fdt_reg_cells(c->host, node, &ac, &sc);
	if (rc)
		return dt0_fail(c, rc, "%s: bad #address-cells or #size-cells",
				dt0_path(c, node));
	if (ac == 0)
		return 0; /* no address space to map */
	if (len % (4 * (ac + sc)))
		return dt0_fail(c, -EINVAL, "%s: malformed reg",
				dt0_path(c, node));
	for (i = 0; i < len / (4 * (ac + sc)); i++) {
		/* Beyond 64 bits (-ERANGE) cannot be memory-mapped. */
		if (fdt_reg_entry(reg, len, ac, sc, i, &addr, &size) || !size)
			continue;
		/* Reserved memory is taken as given, as Xen does. */
		if (!raw && fdt_translate_address(c->host, node, &addr))
			continue;
		rc = emit_mmio(c, r, node, r->flags, addr, size);
		if (rc)
			return rc;
	}
	return 0;
}

static bool is_pci_host(struct ctx *c, int node)
{
	int parent;

	if (!dt0_prop_is_string(c, node, "device_type", "pci"))
		return false;
	parent = fdt_parent_offset(c->host, node);
	return parent < 0 ||
	       !dt0_prop_is_string(c, parent, "device_type", "pci");
}

/* A PCI host bridge's windows: <child-address parent-address size>. */
static int report_pci_ranges(struct ctx *c, struct report *r, int node)
{
	int cac, csc, pac, psc, len, entry, rc;
	const u8 *p;
	u64 addr, size;

	p = fdt_getprop(c->host, node, "ranges", &len);
	if (!p)
		return 0;
	cac = fdt_address_cells(c->host, node);
	csc = fdt_size_cells(c->host, node);
	rc = fdt_reg_cells(c->host, node, &pac, &psc);
	entry = 4 * (cac + pac + csc);
	if (rc || cac < 0 || csc < 0 || entry <= 0 || len % entry)
		return dt0_fail(c, -EINVAL, "%s: malformed ranges",
				dt0_path(c, node));
	for (; len > 0; p += entry, len -= entry) {
		if (fdt_read_cells_checked(p + 4 * cac, pac, &addr) ||
		    fdt_read_cells_checked(p + 4 * (cac + pac), csc, &size) ||
		    !size || fdt_translate_address(c->host, node, &addr))
			continue;
		rc = emit_mmio(c, r, node, DOM0_RES_PCI_WINDOW, addr, size);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * A PCI host bridge's legacy interrupts: interrupt-map entries <child
 * unit address, child specifier, parent phandle, parent unit address,
 * parent specifier>, reported when the parent is the GIC.
 */
static int report_pci_intx(struct ctx *c, struct report *r, int node)
{
	const u8 *p;
	int len, cells, ctrl, rc;
	u32 cac, cic, pac, pic, need;
	struct gic_irq irq;

	p = fdt_getprop(c->host, node, "interrupt-map", &len);
	if (!p)
		return 0;
	cac = (u32)fdt_address_cells(c->host, node);
	if (fdt_getprop_u32(c->host, node, "#interrupt-cells", &cic) ||
	    cac > FDT_MAX_CELLS || cic > MAX_INTERRUPT_CELLS || len % 4)
		goto bad;
	for (cells = len / 4; cells > 0;) {
		need = cac + cic + 1;
		if ((u32)cells < need)
			goto bad;
		ctrl = dt0_by_phandle(c, fdt32_ld(p + 4 * (need - 1)));
		if (ctrl < 0)
			return dt0_fail(
				c, -EINVAL,
				"%s: interrupt-map: no node with phandle "
				"%#x",
				dt0_path(c, node),
				fdt32_ld(p + 4 * (need - 1)));
		rc = dt0_irq_cells(c, ctrl, node, &pic);
		if (rc)
			return rc;
		if (fdt_getprop_u32(c->host, ctrl, "#address-cells", &pac))
			pac = 0;
		if (pac > FDT_MAX_CELLS || (u32)cells < need + pac + pic)
			goto bad;
		if (ctrl == c->gic) {
			rc = dt0_gic_decode(c, node, p + 4 * (need + pac),
					    &irq);
			if (!rc && !irq.ppi)
				rc = emit_spi(c, r, node, DOM0_RES_PCI_INTX,
					      irq.intid, irq.flags);
			if (rc)
				return rc;
		}
		p += 4 * (need + pac + pic);
		cells -= (int)(need + pac + pic);
	}
	return 0;
bad:
	return dt0_fail(c, -EINVAL, "%s: malformed interrupt-map",
			dt0_path(c, node));
}

static int report_device(struct ctx *c, struct report *r, int node,
			 unsigned int flags)
{
	int parent = fdt_parent_offset(c->host, node);
	bool resv = parent >= 0 && parent == c->resv;
	int rc;

	memset(r->seen, 0, sizeof(r->seen));
	r->flags = flags | (resv ? DOM0_RES_RESERVED_MEM : 0);
	rc = report_reg(c, r, node, resv);
	if (!rc)
		rc = dt0_walk_irqs(c, node, report_irq, r);
	if (!rc && is_pci_host(c, node)) {
		rc = report_pci_ranges(c, r, node);
		if (!rc)
			rc = report_pci_intx(c, r, node);
	}
	return rc;
}

/* GICv2m frames: mapped for dom0 like any device (Xen does too). */
static int report_msi_frames(struct ctx *c, struct report *r)
{
	u32 base, num, i;
	int child, rc;

	if (c->gic_version != 2)
		return 0;
	fdt_for_each_subnode (child, c->host, c->gic) {
		if (!fdt_node_check_compatible(c->host, child, V2M_COMPAT) ||
		    !fdt_node_is_available(c->host, child))
			continue;
		memset(r->seen, 0, sizeof(r->seen));
		r->flags = DOM0_RES_MSI_FRAME;
		rc = report_reg(c, r, child, false);
		if (rc)
			return rc;
		if (fdt_getprop_u32(c->host, child, "arm,msi-base-spi",
				    &base) ||
		    fdt_getprop_u32(c->host, child, "arm,msi-num-spis", &num))
			continue;
		if (base < 32 || num > 1020 || base + num > 1020)
			return dt0_fail(c, -EINVAL, "%s: bad arm,msi-*-spi(s)",
					dt0_path(c, child));
		for (i = 0; i < num; i++) {
			rc = emit_spi(c, r, child, DOM0_RES_MSI_FRAME, base + i,
				      IRQ_EDGE_RISING);
			if (rc)
				return rc;
		}
	}
	return 0;
}

int dom0_dt_collect_devices(const struct fdt *host,
			    const struct dom0_dt_config *cfg, dom0_dt_res_fn fn,
			    void *arg, char *err, size_t errlen)
{
	struct report r = {.fn = fn, .arg = arg};
	int off, depth = 0, skip = -1, v, rc;
	struct ctx c;

	dt0_ctx_init(&c, host, cfg, err, errlen);
	if (!fn)
		return dt0_fail(&c, -EINVAL, "dom0 devices: no callback");
	rc = dt0_prepare_common(&c);
	if (!rc)
		rc = dt0_prepare_names(&c);
	if (rc)
		return rc;
	c.timer = dt0_find_timer_node(&c);
	for (off = fdt_next_node(host, c.root, &depth); off >= 0;
	     off = fdt_next_node(host, off, &depth)) {
		if (skip >= 0 && depth > skip)
			continue;
		skip = -1;
		v = dt0_classify(&c, off);
		if (v < 0)
			return v;
		if (v == V_GIC) {
			rc = report_msi_frames(&c, &r);
			if (rc)
				return rc;
		}
		if (v != V_KEEP || !fdt_node_is_available(host, off)) {
			skip = depth;
			continue;
		}
		if (dt0_is_passthrough(&c, off)) {
			/* Reported for permissions only; subtree left out. */
			skip = depth;
			rc = report_device(&c, &r, off, DOM0_RES_PASSTHROUGH);
			if (rc)
				return rc;
			continue;
		}
		rc = report_device(&c, &r, off, 0);
		if (rc)
			return rc;
		/* Its children live inside the bridge's windows. */
		if (is_pci_host(&c, off))
			skip = depth;
	}
	if (off != -ENOENT)
		return dt0_fail(&c, off, "host DT: walk failed (%d)", off);
	return 0;
}
