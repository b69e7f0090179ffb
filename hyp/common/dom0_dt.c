// SPDX-License-Identifier: MIT
/*
 * dom0's device tree from the host's, as Xen 4.17 builds the hardware
 * domain's (docs abi.md section 2.4), and the host devices dom0 keeps.
 *
 * One pass of fdtw_copy_node() over the host tree: its node callback
 * decides each node's fate with classify() and writes the GIC and the
 * timer anew in their places; its property callback drops what dom0 must
 * not see, and props_done adds what replaces it. The generated nodes
 * (/chosen when the host has none, /hypervisor, /psci, /cpus, memory)
 * close the root. What a bad host DT or cfg can break is checked before
 * the copy starts; the callbacks, which cannot return errors, record any
 * later one in the context and skip the node.
 */
#include <hyp/dom0_dt.h>
#include <hyp/errno.h>
#include <hyp/fdt.h>
#include <hyp/fdt_wr.h>
#include <hyp/lib.h>

/* GIC interrupt specifier (bindings arm,gic and arm,gic-v3): type cell. */
#define GIC_TYPE_SPI 0
#define GIC_TYPE_PPI 1
#define GIC_TYPE_ESPI 2
#define GIC_TYPE_EPPI 3
#define GIC_ESPI_BASE 4096
#define GIC_EPPI_BASE 1056
/* Flags of every PPI Xen writes: all 4 CPUs (0xf << 8), level low (8). */
#define PPI_FLAGS 0xf08
/* DT trigger flags: edge rising, and the mask of all four. */
#define IRQ_EDGE_RISING 1
#define IRQ_TYPE_MASK 0xf

/*
 * PSCI 0.2 CPU_OFF (SMC32) and CPU_ON (SMC64) function ids. Xen writes
 * the PSCI 0.1 ids 1 and 2 here; a PSCI 0.2 guest ignores both
 * properties, and our vPSCI only answers the standard ids.
 */
#define PSCI_CPU_OFF_ID 0x84000002U
#define PSCI_CPU_ON_ID 0xc4000003U

/* Bounds against malformed trees. */
#define MAX_INTERRUPT_CELLS 16
#define MAX_IRQ_PARENT_HOPS 32
#define MAX_VCPUS 4096 /* Aff1 = id >> 4 must fit its 8 bits */
/* INTIDs tracked for de-duplication: 0..1023 and extended SPIs. */
#define SEEN_BITS 2048

enum verdict { V_KEEP, V_DROP, V_GIC, V_TIMER };

struct ctx {
	const struct fdt *host;
	const struct dom0_dt_config *cfg;
	char *err;
	size_t errlen;
	int rc; /* first error, recorded by fail() */
	int root;
	int chosen; /* host /chosen, or negative */
	int resv;   /* host /reserved-memory, or negative */
	int gic;
	unsigned int gic_version;
	u32 gic_phandle;
	u32 gic_icells;
	int timer; /* negative in dom0_dt_collect_devices() without one */
	unsigned int timer_ppi[3];
	unsigned int nr_redist; /* GICv3 regions dom0 gets */
	int cpu;		/* first host CPU node */
	int root_ac, root_sc;
	int nr_resv; /* /reserved-memory regions */
	char mem_name[32];
	char resv_name[32];
	char path[160];
};

static const char *const gic_v3_compat[] = {"arm,gic-v3"};
/* As bootinfo: the GICv2-compatible distributors Linux drives. */
static const char *const gic_v2_compat[] = {
	"arm,gic-400",	     "arm,cortex-a15-gic", "arm,cortex-a9-gic",
	"arm,cortex-a7-gic", "arm,arm11mp-gic",	   "arm,eb11mp-gic",
	"arm,pl390",
};
static const char *const timer_compat[] = {"arm,armv8-timer",
					   "arm,armv7-timer"};
/* Nodes dom0 never sees, with their subtrees (Xen's skip list). */
static const char *const skip_compat[] = {
	"xen,xen",	     "xen,multiboot-module", "multiboot,module",
	"arm,cortex-a7-pmu", "arm,cortex-a15-pmu",   "arm,cortex-a53-edac",
	"arm,armv8-pmuv3",   "arm,armv7-timer-mem",
};
/* The IOMMUs Xen 4.17 has drivers for (SMMUv1/v2, SMMUv3, IPMMU-VMSA). */
static const char *const iommu_compat[] = {
	"arm,smmu-v1",
	"arm,smmu-v2",
	"arm,mmu-400",
	"arm,mmu-401",
	"arm,mmu-500",
	"arm,smmu-v3",
	"renesas,ipmmu-r8a7795",
	"renesas,ipmmu-r8a77965",
	"renesas,ipmmu-r8a7796",
	"renesas,ipmmu-r8a77961",
	"renesas,ipmmu-r8a779f0",
};
static const char *const v2m_compat = "arm,gic-v2m-frame";

static int fail(struct ctx *c, int rc, const char *fmt, ...) __printf(3, 4);

static int fail(struct ctx *c, int rc, const char *fmt, ...)
{
	va_list ap;

	if (c->rc)
		return c->rc;
	c->rc = rc;
	if (c->err && c->errlen) {
		va_start(ap, fmt);
		vsnprintf(c->err, c->errlen, fmt, ap);
		va_end(ap);
	}
	return rc;
}

static void ctx_init(struct ctx *c, const struct fdt *host,
		     const struct dom0_dt_config *cfg, char *err, size_t errlen)
{
	memset(c, 0, sizeof(*c));
	c->host = host;
	c->cfg = cfg;
	c->err = err;
	c->errlen = errlen;
	c->chosen = -ENOENT;
	c->resv = -ENOENT;
	c->gic = -ENOENT;
	c->timer = -ENOENT;
	c->cpu = -ENOENT;
	if (err && errlen)
		err[0] = '\0';
}

/* The node's path, for messages; one at a time (it lives in c). */
static const char *path(struct ctx *c, int node)
{
	int chain[FDT_MAX_DEPTH], n = 0, i;
	const char *name;
	size_t pos = 0;

	while (node >= 0 && node != c->root && n < FDT_MAX_DEPTH) {
		chain[n++] = node;
		node = fdt_parent_offset(c->host, node);
	}
	if (n == 0)
		return "/";
	c->path[0] = '\0';
	for (i = n - 1; i >= 0 && pos + 1 < sizeof(c->path); i--) {
		name = fdt_get_name(c->host, chain[i], NULL);
		pos += (size_t)snprintf(c->path + pos, sizeof(c->path) - pos,
					"/%s", name ? name : "?");
	}
	return c->path;
}

/* ---- string lists ---- */

/* Is one of the NUL-separated strings in list[0..len) in tbl[0..n)? */
static bool list_has_any(const char *list, int len, const char *const *tbl,
			 size_t n)
{
	size_t i;

	for (i = 0; list && i < n; i++)
		if (fdt_stringlist_contains(list, len, tbl[i]))
			return true;
	return false;
}

/* Does a string of list[0..len) start with prefix and end with suffix? */
static bool list_has_match(const char *list, int len, const char *prefix,
			   const char *suffix)
{
	size_t plen = strlen(prefix), slen = strlen(suffix), l;

	while (list && len > 0) {
		l = strnlen(list, (size_t)len);
		if (l == (size_t)len)
			return false; /* not NUL-terminated */
		if (l >= plen + slen && memcmp(list, prefix, plen) == 0 &&
		    memcmp(list + l - slen, suffix, slen) == 0)
			return true;
		list += l + 1;
		len -= (int)l + 1;
	}
	return false;
}

static bool node_compat_any(const struct ctx *c, int node,
			    const char *const *tbl, size_t n)
{
	const char *list;
	int len;

	list = fdt_getprop(c->host, node, "compatible", &len);
	return list_has_any(list, len, tbl, n);
}

static bool prop_is_string(const struct ctx *c, int node, const char *name,
			   const char *want)
{
	const char *s;

	return fdt_getprop_str(c->host, node, name, &s) >= 0 &&
	       strcmp(s, want) == 0;
}

/* A direct child of parent named exactly name, or -ENOENT. */
static int child_named(const struct ctx *c, int parent, const char *name)
{
	const char *n;
	int child;

	fdt_for_each_subnode (child, c->host, parent) {
		n = fdt_get_name(c->host, child, NULL);
		if (n && strcmp(n, name) == 0)
			return child;
	}
	return -ENOENT;
}

/* ---- cells ---- */

static void put_cells(u8 *p, int cells, u64 v)
{
	u32 cell;
	int i;

	for (i = 0; i < cells; i++) {
		cell = cpu_to_fdt32((u32)(v >> (32 * (cells - 1 - i))));
		memcpy(p + 4 * i, &cell, sizeof(cell));
	}
}

static bool fits(u64 v, int cells)
{
	return cells >= 2 || (v >> 32) == 0;
}

/* A GIC interrupt specifier of icells cells for a PPI, as Xen writes it. */
static void put_ppi(u8 *p, u32 icells, unsigned int intid)
{
	memset(p, 0, icells * 4);
	put_cells(p, 1, GIC_TYPE_PPI);
	put_cells(p + 4, 1, intid - 16);
	put_cells(p + 8, 1, PPI_FLAGS);
}

/* ---- interrupts ---- */

struct gic_irq {
	unsigned int intid;
	unsigned int flags; /* DT trigger flags */
	bool ppi;	    /* PPI or extended PPI */
};

typedef int (*irq_fn)(struct ctx *c, int node, const struct gic_irq *irq,
		      void *arg);

/* The node with phandle ph; the GIC's, by far the most used, at once. */
static int by_phandle(const struct ctx *c, u32 ph)
{
	if (ph == c->gic_phandle && c->gic >= 0)
		return c->gic;
	return fdt_node_offset_by_phandle(c->host, ph);
}

/* #interrupt-cells of the interrupt controller ctrl, used by node. */
static int irq_cells(struct ctx *c, int ctrl, int node, u32 *cells)
{
	int rc = fdt_getprop_u32(c->host, ctrl, "#interrupt-cells", cells);

	if (rc || *cells == 0 || *cells > MAX_INTERRUPT_CELLS) {
		/* path() is single-use: name the user by its name only. */
		const char *user = fdt_get_name(c->host, node, NULL);

		return fail(c, -EINVAL,
			    "%s: interrupt controller of %s has no usable "
			    "#interrupt-cells",
			    path(c, ctrl), user ? user : "?");
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
			return fail(c, -EINVAL,
				    "%s: interrupt-parent is not one cell",
				    path(c, cur));
		if (ph) {
			next = by_phandle(c, fdt32_ld(ph));
			if (next < 0)
				return fail(c, -EINVAL,
					    "%s: interrupt-parent %#x: no "
					    "such phandle",
					    path(c, cur), fdt32_ld(ph));
		} else {
			next = fdt_parent_offset(c->host, cur);
			if (next < 0)
				return fail(c, -EINVAL,
					    "%s: interrupts without an "
					    "interrupt parent",
					    path(c, node));
		}
		if (fdt_getprop(c->host, next, "#interrupt-cells", NULL))
			return next;
		cur = next;
	}
	return fail(c, -EINVAL, "%s: interrupt-parent chain too long",
		    path(c, node));
}

/* Decode a specifier of the GIC (c->gic_icells cells at spec). */
static int gic_decode(struct ctx *c, int node, const u8 *spec,
		      struct gic_irq *irq)
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
		return fail(c, -EINVAL, "%s: bad GIC interrupt <%u %u>",
			    path(c, node), type, num);
	return 0;
}

/*
 * Call fn for each of node's interrupts wired straight to the GIC, from
 * interrupts-extended if present, else interrupts. Interrupts of other
 * controllers are passed over. Stops at fn's first non-zero return.
 */
static int walk_irqs(struct ctx *c, int node, irq_fn fn, void *arg)
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
		rc = irq_cells(c, ctrl, node, &cells);
		if (rc)
			return rc;
		if (len % (int)(cells * 4))
			goto bad;
	}
	while (len > 0) {
		if (ext) {
			if (len < 4)
				goto bad;
			ctrl = by_phandle(c, fdt32_ld(p));
			if (ctrl < 0)
				return fail(c, -EINVAL,
					    "%s: interrupts-extended: no node "
					    "with phandle %#x",
					    path(c, node), fdt32_ld(p));
			rc = irq_cells(c, ctrl, node, &cells);
			if (rc)
				return rc;
			p += 4;
			len -= 4;
			if (len < (int)(cells * 4))
				goto bad;
		}
		if (ctrl == c->gic) {
			rc = gic_decode(c, node, p, &irq);
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
	return fail(c, -EINVAL, "%s: %s length does not match #interrupt-cells",
		    path(c, node), ext ? "interrupts-extended" : "interrupts");
}

static int find_ppi(struct ctx *c, int node, const struct gic_irq *irq,
		    void *arg)
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

/* ---- the host GIC, timer and CPUs ---- */

static int find_gic(struct ctx *c)
{
	const void *reg;
	int node, rc, len, ac, sc;

	for (node = c->root; node >= 0;
	     node = fdt_next_node(c->host, node, NULL)) {
		if (node_compat_any(c, node, gic_v3_compat,
				    ARRAY_SIZE(gic_v3_compat)))
			c->gic_version = 3;
		else if (node_compat_any(c, node, gic_v2_compat,
					 ARRAY_SIZE(gic_v2_compat)))
			c->gic_version = 2;
		else
			continue;
		if (fdt_node_is_available(c->host, node) &&
		    fdt_getprop(c->host, node, "interrupt-controller", NULL))
			break;
	}
	if (node < 0)
		return fail(c, -ENOENT,
			    "host DT has no GICv2 or GICv3 interrupt "
			    "controller");
	c->gic = node;
	c->gic_phandle = fdt_get_phandle(c->host, node);
	if (!c->gic_phandle)
		return fail(c, -EINVAL, "%s: the GIC has no phandle",
			    path(c, node));
	rc = fdt_getprop_u32(c->host, node, "#interrupt-cells", &c->gic_icells);
	if (rc || c->gic_icells < 3 || c->gic_icells > 4)
		return fail(c, -EINVAL,
			    "%s: GIC #interrupt-cells must be 3 or 4",
			    path(c, node));
	rc = fdt_reg_cells(c->host, node, &ac, &sc);
	reg = fdt_getprop(c->host, node, "reg", &len);
	if (rc || !reg || ac < 1 || len % (4 * (ac + sc)))
		return fail(c, -EINVAL, "%s: GIC reg missing or malformed",
			    path(c, node));
	return 0;
}

/* The GIC's reg entries, its cells and how many there are. */
static const u8 *gic_reg(struct ctx *c, int *len, int *ac, int *sc, int *n)
{
	const u8 *reg = fdt_getprop(c->host, c->gic, "reg", len);

	/* find_gic() checked these. */
	fdt_reg_cells(c->host, c->gic, ac, sc);
	*n = *len / (4 * (*ac + *sc));
	return reg;
}

/*
 * GICv3: how many redistributor regions cover nr_vcpus frames, storing
 * up to max of them (translated) in out.
 */
static int gicv3_regions(struct ctx *c, unsigned int nr_vcpus,
			 struct membank *out, unsigned int max)
{
	int len, ac, sc, n, rc;
	const u8 *reg = gic_reg(c, &len, &ac, &sc, &n);
	u64 addr, size, frames = 0;
	u32 nr = 1, i;

	rc = fdt_getprop_u32(c->host, c->gic, "#redistributor-regions", &nr);
	if ((rc && rc != -ENOENT) || nr == 0 || nr >= (u32)n)
		return fail(c, -EINVAL,
			    "%s: #redistributor-regions does not match reg "
			    "(%d entries)",
			    path(c, c->gic), n);
	for (i = 0; i < nr; i++) {
		rc = fdt_reg_entry(reg, len, ac, sc, (int)i + 1, &addr, &size);
		if (!rc && i < max) {
			rc = fdt_translate_address(c->host, c->gic, &addr);
			out[i].start = pa_init(addr);
			out[i].size = size;
		}
		if (rc)
			return fail(c, rc,
				    "%s: redistributor region %u unreadable",
				    path(c, c->gic), i);
		frames += size / DOM0_DT_GICR_FRAME_SIZE;
		if (frames >= nr_vcpus)
			return (int)i + 1;
	}
	return fail(c, -EINVAL,
		    "%s: the redistributor regions hold %llu CPUs, dom0 has %u "
		    "vCPUs",
		    path(c, c->gic), (unsigned long long)frames, nr_vcpus);
}

/* The first available timer node, or -ENOENT. */
static int find_timer_node(struct ctx *c)
{
	int node;

	for (node = c->root; node >= 0;
	     node = fdt_next_node(c->host, node, NULL))
		if (node_compat_any(c, node, timer_compat,
				    ARRAY_SIZE(timer_compat)) &&
		    fdt_node_is_available(c->host, node))
			return node;
	return -ENOENT;
}

static int find_timer(struct ctx *c)
{
	struct timer_irqs t = {.all_ppi = true};
	int rc;

	c->timer = find_timer_node(c);
	if (c->timer < 0)
		return fail(c, -ENOENT,
			    "host DT has no arm,armv8-timer or arm,armv7-timer "
			    "node");
	rc = walk_irqs(c, c->timer, timer_irq, &t);
	if (rc)
		return rc;
	if (t.n < 3 || !t.all_ppi)
		return fail(c, -EINVAL,
			    "%s: the timer needs its secure, non-secure and "
			    "virtual PPIs on the GIC",
			    path(c, c->timer));
	memcpy(c->timer_ppi, t.intid, sizeof(c->timer_ppi));
	return 0;
}

static int find_cpu(struct ctx *c)
{
	int cpus = child_named(c, c->root, "cpus"), node;

	if (cpus >= 0)
		fdt_for_each_subnode (node, c->host, cpus)
			if (prop_is_string(c, node, "device_type", "cpu")) {
				if (!fdt_getprop(c->host, node, "compatible",
						 NULL))
					return fail(c, -EINVAL,
						    "%s: CPU without a "
						    "compatible",
						    path(c, node));
				c->cpu = node;
				return 0;
			}
	return fail(c, -ENOENT, "host DT has no /cpus/cpu node");
}

/*
 * The /reserved-memory regions, which dom0 also gets as a memory node
 * (as Xen's bootinfo.reserved_mem): counted, and with out non-NULL
 * stored as reg cells of the root's layout. Returns the count. *first
 * gets the first region's address.
 */
static int resv_regions(struct ctx *c, u8 *out, u64 *first)
{
	int child, ac, sc, len, n = 0, i, rc;
	const void *reg;
	u64 addr, size;

	if (c->resv < 0)
		return 0;
	fdt_for_each_subnode (child, c->host, c->resv) {
		reg = fdt_getprop(c->host, child, "reg", &len);
		if (!reg || !fdt_node_is_available(c->host, child))
			continue;
		rc = fdt_reg_cells(c->host, child, &ac, &sc);
		for (i = 0; !rc; i++) {
			rc = fdt_reg_entry(reg, len, ac, sc, i, &addr, &size);
			if (rc == -ENOENT) {
				rc = 0;
				break;
			}
			if (rc)
				break;
			if (!size)
				continue;
			if (!fits(addr, c->root_ac) || !fits(size, c->root_sc))
				return fail(
					c, -ERANGE,
					"%s: region does not fit the root's "
					"cells",
					path(c, child));
			if (!n)
				*first = addr;
			if (out) {
				put_cells(out, c->root_ac, addr);
				out += 4 * c->root_ac;
				put_cells(out, c->root_sc, size);
				out += 4 * c->root_sc;
			}
			n++;
		}
		if (rc)
			return fail(c, -EINVAL, "%s: malformed reg",
				    path(c, child));
	}
	return n;
}

/* Common to all entry points: the root, /chosen, /reserved-memory, GIC. */
static int prepare_common(struct ctx *c)
{
	if (!c->host || !c->cfg)
		return fail(c, -EINVAL, "dom0 DT: no host DT or config");
	if (c->cfg->nr_hidden && !c->cfg->hidden)
		return fail(c, -EINVAL, "dom0 DT: nr_hidden without hidden");
	c->root = fdt_root(c->host);
	/* The cells of the generated regs; check_config() checks them. */
	c->root_ac = fdt_address_cells(c->host, c->root);
	c->root_sc = fdt_size_cells(c->host, c->root);
	c->chosen = child_named(c, c->root, "chosen");
	c->resv = child_named(c, c->root, "reserved-memory");
	return find_gic(c);
}

/* The names of the generated memory nodes (root names dom0 reserves). */
static int prepare_names(struct ctx *c)
{
	const struct dom0_dt_config *cfg = c->cfg;
	u64 first = 0;

	if (cfg->nr_banks && cfg->banks)
		snprintf(c->mem_name, sizeof(c->mem_name), "memory@%llx",
			 (unsigned long long)pa_val(cfg->banks[0].start));
	c->nr_resv = resv_regions(c, NULL, &first);
	if (c->nr_resv < 0)
		return c->nr_resv;
	if (c->nr_resv)
		snprintf(c->resv_name, sizeof(c->resv_name), "memory@%llx",
			 (unsigned long long)first);
	if (c->nr_resv && strcmp(c->resv_name, c->mem_name) == 0)
		return fail(c, -EINVAL,
			    "dom0 RAM starts where /reserved-memory does "
			    "(%#llx)",
			    (unsigned long long)first);
	return 0;
}

static int check_region(struct ctx *c, const char *what, unsigned int i,
			const struct membank *b)
{
	u64 start = pa_val(b->start);

	if (!b->size || start + b->size < start)
		return fail(c, -EINVAL, "dom0 DT: %s %u is empty or wraps",
			    what, i);
	if (!fits(start, c->root_ac) || !fits(b->size, c->root_sc))
		return fail(c, -ERANGE,
			    "dom0 DT: %s %u does not fit the root's "
			    "#address-cells %d / #size-cells %d",
			    what, i, c->root_ac, c->root_sc);
	return 0;
}

static int check_config(struct ctx *c)
{
	const struct dom0_dt_config *cfg = c->cfg;
	unsigned int i;
	int rc;

	/* Xen cannot cope with other sizes either. */
	if (c->root_ac < 1 || c->root_ac > 2 || c->root_sc < 1 ||
	    c->root_sc > 2)
		return fail(c, -EINVAL,
			    "host DT root #address-cells / #size-cells must "
			    "be 1 or 2");
	if (!cfg->nr_banks || !cfg->banks)
		return fail(c, -EINVAL, "dom0 DT: no memory banks");
	for (i = 0; i < cfg->nr_banks; i++) {
		rc = check_region(c, "memory bank", i, &cfg->banks[i]);
		if (rc)
			return rc;
	}
	rc = check_region(c, "grant-table window", 0, &cfg->gnttab);
	if (rc)
		return rc;
	if (cfg->nr_ext_regions && !cfg->ext_regions)
		return fail(c, -EINVAL, "dom0 DT: no extended regions array");
	for (i = 0; i < cfg->nr_ext_regions; i++) {
		rc = check_region(c, "extended region", i,
				  &cfg->ext_regions[i]);
		if (rc)
			return rc;
	}
	if (!cfg->nr_vcpus || cfg->nr_vcpus > MAX_VCPUS)
		return fail(c, -EINVAL, "dom0 DT: %u vCPUs", cfg->nr_vcpus);
	if (c->gic_version == 2 && cfg->nr_vcpus > DOM0_DT_GICV2_MAX_VCPUS)
		return fail(c, -EINVAL,
			    "dom0 DT: %u vCPUs, a GICv2 handles at most %d",
			    cfg->nr_vcpus, DOM0_DT_GICV2_MAX_VCPUS);
	if (cfg->evtchn_ppi < 16 || cfg->evtchn_ppi > 31)
		return fail(c, -EINVAL,
			    "dom0 DT: event-channel interrupt %u is no PPI",
			    cfg->evtchn_ppi);
	for (i = 0; i < 3; i++)
		if (cfg->evtchn_ppi == c->timer_ppi[i])
			return fail(c, -EINVAL,
				    "dom0 DT: event-channel PPI %u is a timer "
				    "PPI",
				    cfg->evtchn_ppi);
	if (cfg->initrd_end < cfg->initrd_start)
		return fail(c, -EINVAL,
			    "dom0 DT: initrd ends before it starts");
	return 0;
}

static int check_gic(struct ctx *c)
{
	int len, ac, sc, n, child;
	int rc;

	gic_reg(c, &len, &ac, &sc, &n);
	if (c->gic_version == 3) {
		rc = gicv3_regions(c, c->cfg->nr_vcpus, NULL, 0);
		if (rc < 0)
			return rc;
		c->nr_redist = (unsigned int)rc;
		return 0;
	}
	if (n < 2)
		return fail(c, -EINVAL, "%s: GICv2 reg needs GICD and GICC",
			    path(c, c->gic));
	fdt_for_each_subnode (child, c->host, c->gic)
		if (fdt_node_check_compatible(c->host, child, v2m_compat) &&
		    !fdt_getprop(c->host, c->gic, "ranges", NULL))
			return fail(c, -EINVAL,
				    "%s: GICv2m frames but no ranges",
				    path(c, c->gic));
	return 0;
}

/* ---- what dom0 keeps ---- */

static bool is_hidden(const struct ctx *c, int node)
{
	unsigned int i;

	for (i = 0; i < c->cfg->nr_hidden; i++)
		if (c->cfg->hidden[i] == node)
			return true;
	return false;
}

/*
 * CPU PMUs beyond Xen's list (arm,cortex-a57-pmu, arm,neoverse-n1-pmu...):
 * they belong to physical CPUs dom0 does not see as such. Most have PPIs
 * and go anyway; this catches those wired to per-CPU SPIs.
 */
static bool is_cpu_pmu(const char *list, int len)
{
	return list_has_match(list, len, "arm,cortex-", "-pmu") ||
	       list_has_match(list, len, "arm,neoverse-", "-pmu");
}

/* Root names the generated nodes take. */
static bool reserved_name(const struct ctx *c, const char *name)
{
	return strcmp(name, "hypervisor") == 0 || strcmp(name, "psci") == 0 ||
	       strcmp(name, c->mem_name) == 0 ||
	       strcmp(name, c->resv_name) == 0;
}

/* Decide a node's fate, or return a negative errno. */
static int classify(struct ctx *c, int node)
{
	const char *list, *name;
	int len, parent, rc;
	bool top;

	list = fdt_getprop(c->host, node, "compatible", &len);
	if (list_has_any(list, len, skip_compat, ARRAY_SIZE(skip_compat)) ||
	    list_has_match(list, len, "arm,psci", "") || is_cpu_pmu(list, len))
		return V_DROP;
	if (prop_is_string(c, node, "device_type", "memory"))
		return V_DROP;
	parent = fdt_parent_offset(c->host, node);
	name = fdt_get_name(c->host, node, NULL);
	if (parent < 0 || !name)
		return fail(c, -EINVAL, "host DT: bad node at offset %d", node);
	top = parent == c->root;
	if (top && strcmp(name, "cpus") == 0)
		return V_DROP;
	/* Before the hidden check: the hypervisor uses the GIC too. */
	if (node == c->gic)
		return V_GIC;
	if (list_has_any(list, len, gic_v3_compat, ARRAY_SIZE(gic_v3_compat)) ||
	    list_has_any(list, len, gic_v2_compat, ARRAY_SIZE(gic_v2_compat)))
		return V_DROP; /* a secondary GIC */
	if (node == c->timer)
		return V_TIMER;
	if (list_has_any(list, len, timer_compat, ARRAY_SIZE(timer_compat)))
		return V_DROP;
	if (is_hidden(c, node))
		return V_DROP;
	if (c->cfg->hide_iommus &&
	    list_has_any(list, len, iommu_compat, ARRAY_SIZE(iommu_compat)))
		return V_DROP;
	/* The vGIC cannot route hardware PPIs to a guest. */
	rc = walk_irqs(c, node, find_ppi, NULL);
	if (rc)
		return rc < 0 ? rc : V_DROP;
	if (top && reserved_name(c, name))
		return V_DROP;
	return V_KEEP;
}

static bool is_passthrough(const struct ctx *c, int node)
{
	return fdt_getprop(c->host, node, "xen,passthrough", NULL) != NULL;
}

/* Is the node at phandle cell idx of property name a hidden IOMMU? */
static bool refs_hidden_iommu(const struct ctx *c, int node, const char *name,
			      int idx)
{
	const u8 *p;
	int len, target;

	p = fdt_getprop(c->host, node, name, &len);
	if (!p || len < 4 * (idx + 1))
		return false;
	target = fdt_node_offset_by_phandle(c->host, fdt32_ld(p + 4 * idx));
	return target >= 0 && node_compat_any(c, target, iommu_compat,
					      ARRAY_SIZE(iommu_compat));
}

/*
 * A master behind a hidden IOMMU loses its IOMMU bindings, which would
 * point at a node dom0 does not have. Xen checks iommus only; iommu-map
 * (PCI host bridges) is checked too.
 */
static bool iommu_prop(const struct ctx *c, int node, const char *name)
{
	if (!c->cfg->hide_iommus ||
	    (strcmp(name, "iommus") && strcmp(name, "iommu-map") &&
	     strcmp(name, "iommu-map-mask")))
		return false;
	return refs_hidden_iommu(c, node, "iommus", 0) ||
	       refs_hidden_iommu(c, node, "iommu-map", 1);
}

/* /chosen properties Xen removes or rewrites. */
static bool chosen_dropped(const char *name)
{
	static const char *const drop[] = {
		"xen,xen-bootargs",   "xen,dom0-bootargs", "bootargs",
		"linux,initrd-start", "linux,initrd-end",  "stdout-path",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(drop); i++)
		if (strcmp(name, drop[i]) == 0)
			return true;
	return strncmp(name, "linux,uefi-", 11) == 0;
}

/* ---- writing ---- */

static void write_chosen_props(struct ctx *c, struct fdtw *w)
{
	const struct dom0_dt_config *cfg = c->cfg;

	if (cfg->bootargs)
		fdtw_property_string(w, "bootargs", cfg->bootargs);
	if (cfg->initrd_start || cfg->initrd_end) {
		fdtw_property_u64(w, "linux,initrd-start", cfg->initrd_start);
		fdtw_property_u64(w, "linux,initrd-end", cfg->initrd_end);
	}
}

static bool copy_prop(struct fdtw *w, const struct fdt *src, int node,
		      const char *name, const void *val, int len, void *arg)
{
	struct ctx *c = arg;

	if (node == c->chosen && chosen_dropped(name))
		return false;
	if (strcmp(name, "xen,passthrough") == 0)
		return false;
	if (strcmp(name, "status") == 0 && is_passthrough(c, node))
		return false;
	return !iommu_prop(c, node, name);
}

static void copy_props_done(struct fdtw *w, const struct fdt *src, int node,
			    void *arg)
{
	struct ctx *c = arg;

	if (is_passthrough(c, node))
		fdtw_property_string(w, "status", "disabled");
	if (node == c->chosen)
		write_chosen_props(c, w);
}

static void copy_prop_if_present(struct ctx *c, struct fdtw *w, int node,
				 const char *name)
{
	const void *val;
	int len;

	val = fdt_getprop(c->host, node, name, &len);
	if (val)
		fdtw_property(w, name, val, len);
}

/*
 * The GIC: host name, phandle and compatible; GICD and GICC (v2) or the
 * redistributor regions dom0 needs (v3); v2m MSI frames (v2).
 */
static void write_gic(struct ctx *c, struct fdtw *w)
{
	int len, ac, sc, n, child;
	const u8 *reg = gic_reg(c, &len, &ac, &sc, &n);
	int entry = 4 * (ac + sc);
	bool v2m = false;

	fdtw_begin_node(w, fdt_get_name(c->host, c->gic, NULL));
	fdtw_property_u32(w, "phandle", c->gic_phandle);
	copy_prop_if_present(c, w, c->gic, "#address-cells");
	copy_prop_if_present(c, w, c->gic, "#size-cells");
	fdtw_property_u32(w, "#interrupt-cells", c->gic_icells);
	fdtw_property_empty(w, "interrupt-controller");
	copy_prop_if_present(c, w, c->gic, "compatible");
	if (c->gic_version == 3) {
		fdtw_property_u32(w, "#redistributor-regions", c->nr_redist);
		fdtw_property(w, "reg", reg, entry * (int)(1 + c->nr_redist));
	} else {
		fdtw_property(w, "reg", reg, entry * 2);
		fdt_for_each_subnode (child, c->host, c->gic)
			v2m |= fdt_node_check_compatible(c->host, child,
							 v2m_compat);
		if (v2m)
			copy_prop_if_present(c, w, c->gic, "ranges");
		fdt_for_each_subnode (child, c->host, c->gic) {
			if (!fdt_node_check_compatible(c->host, child,
						       v2m_compat))
				continue;
			fdtw_begin_node(w, fdt_get_name(c->host, child, NULL));
			fdtw_copy_node(w, c->host, child, NULL);
			fdtw_end_node(w);
		}
	}
	fdtw_end_node(w);
}

/* interrupts = n PPIs (in the GIC's cells), and interrupt-parent. */
static void write_ppis(struct ctx *c, struct fdtw *w, const unsigned int *ppi,
		       int n)
{
	void *v;
	int i;

	if (fdtw_placeholder(w, "interrupts", n * (int)c->gic_icells * 4, &v))
		return;
	for (i = 0; i < n; i++)
		put_ppi((u8 *)v + i * c->gic_icells * 4, c->gic_icells, ppi[i]);
	fdtw_property_u32(w, "interrupt-parent", c->gic_phandle);
}

/* The timer: the host's name, its secure, non-secure and virtual PPIs. */
static void write_timer(struct ctx *c, struct fdtw *w)
{
	u32 freq;

	fdtw_begin_node(w, fdt_get_name(c->host, c->timer, NULL));
	fdtw_property_string(w, "compatible", "arm,armv8-timer");
	write_ppis(c, w, c->timer_ppi, 3);
	if (!fdt_getprop_u32(c->host, c->timer, "clock-frequency", &freq))
		fdtw_property_u32(w, "clock-frequency", freq);
	fdtw_end_node(w);
}

static bool copy_node_filter(struct fdtw *w, const struct fdt *src, int node,
			     void *arg)
{
	struct ctx *c = arg;
	int v;

	if (c->rc)
		return false;
	v = classify(c, node);
	if (v == V_GIC)
		write_gic(c, w);
	else if (v == V_TIMER)
		write_timer(c, w);
	return v == V_KEEP;
}

/* A reg of the root's cells: first (if given), then regions[0..n). */
static void write_reg(struct ctx *c, struct fdtw *w,
		      const struct membank *first,
		      const struct membank *regions, unsigned int n)
{
	int entry = 4 * (c->root_ac + c->root_sc);
	unsigned int i, total = n + (first ? 1 : 0);
	const struct membank *b;
	u8 *p;
	void *v;

	if (fdtw_placeholder(w, "reg", entry * (int)total, &v))
		return;
	p = v;
	for (i = 0; i < total; i++, p += entry) {
		b = first ? (i ? &regions[i - 1] : first) : &regions[i];
		put_cells(p, c->root_ac, pa_val(b->start));
		put_cells(p + 4 * c->root_ac, c->root_sc, b->size);
	}
}

static void write_hypervisor(struct ctx *c, struct fdtw *w)
{
	static const char *const compat[] = {DOM0_DT_XEN_COMPAT, "xen,xen"};
	const unsigned int ppi = c->cfg->evtchn_ppi;

	fdtw_begin_node(w, "hypervisor");
	fdtw_property_stringlist(w, "compatible", compat, 2);
	write_reg(c, w, &c->cfg->gnttab, c->cfg->ext_regions,
		  c->cfg->nr_ext_regions);
	write_ppis(c, w, &ppi, 1);
	fdtw_end_node(w);
}

static void write_psci(struct fdtw *w)
{
	static const char *const compat[] = {"arm,psci-1.0", "arm,psci-0.2",
					     "arm,psci"};

	fdtw_begin_node(w, "psci");
	fdtw_property_stringlist(w, "compatible", compat, 3);
	fdtw_property_string(w, "method", "hvc");
	fdtw_property_u32(w, "cpu_off", PSCI_CPU_OFF_ID);
	fdtw_property_u32(w, "cpu_on", PSCI_CPU_ON_ID);
	fdtw_end_node(w);
}

static void write_cpus(struct ctx *c, struct fdtw *w)
{
	unsigned int i, mpidr;
	char name[24];
	u32 freq;
	bool has_freq;

	has_freq = !fdt_getprop_u32(c->host, c->cpu, "clock-frequency", &freq);
	fdtw_begin_node(w, "cpus");
	fdtw_property_u32(w, "#address-cells", 1);
	fdtw_property_u32(w, "#size-cells", 0);
	for (i = 0; i < c->cfg->nr_vcpus; i++) {
		mpidr = ((i >> 4) << 8) | (i & 0xf);
		snprintf(name, sizeof(name), "cpu@%x", mpidr);
		fdtw_begin_node(w, name);
		copy_prop_if_present(c, w, c->cpu, "compatible");
		fdtw_property_string(w, "device_type", "cpu");
		fdtw_property_u32(w, "reg", mpidr);
		if (has_freq)
			fdtw_property_u32(w, "clock-frequency", freq);
		fdtw_property_string(w, "enable-method", "psci");
		fdtw_end_node(w);
	}
	fdtw_end_node(w);
}

static void write_memory(struct ctx *c, struct fdtw *w)
{
	u64 first;
	void *v;

	fdtw_begin_node(w, c->mem_name);
	fdtw_property_string(w, "device_type", "memory");
	write_reg(c, w, NULL, c->cfg->banks, c->cfg->nr_banks);
	fdtw_end_node(w);
	if (!c->nr_resv)
		return;
	fdtw_begin_node(w, c->resv_name);
	fdtw_property_string(w, "device_type", "memory");
	if (!fdtw_placeholder(w, "reg",
			      c->nr_resv * 4 * (c->root_ac + c->root_sc), &v))
		resv_regions(c, v, &first);
	fdtw_end_node(w);
}

static int writer_error(struct ctx *c, int rc, size_t size)
{
	if (rc == -ENOSPC)
		return fail(c, rc, "dom0 DT does not fit in %zu bytes", size);
	if (rc == -ERANGE)
		return fail(c, rc, "dom0 DT: a value does not fit its cells");
	return fail(c, rc,
		    "dom0 DT: the host DT has a name the writer refuses, or a "
		    "duplicate property (%d)",
		    rc);
}

int dom0_build_dt(const struct fdt *host, const struct dom0_dt_config *cfg,
		  void *buf, size_t size, size_t *len, char *err, size_t errlen)
{
	struct fdtw_copy_ops ops = {
		.prop = copy_prop,
		.props_done = copy_props_done,
		.node = copy_node_filter,
		.recurse = true,
	};
	struct fdtw w;
	struct ctx c;
	int rc;

	ctx_init(&c, host, cfg, err, errlen);
	if (len)
		*len = 0;
	if (!buf)
		return fail(&c, -EINVAL, "dom0 DT: no buffer");
	/* Clears any old header first: on error buf is no DTB. */
	rc = fdtw_init(&w, buf, size);
	if (!rc)
		rc = prepare_common(&c);
	else
		rc = writer_error(&c, rc, size);
	if (!rc)
		rc = find_timer(&c);
	if (!rc)
		rc = find_cpu(&c);
	if (!rc)
		rc = check_config(&c);
	if (!rc)
		rc = check_gic(&c);
	if (!rc)
		rc = prepare_names(&c);
	if (rc)
		return rc;

	ops.arg = &c;
	fdtw_begin_node(&w, "");
	rc = fdtw_copy_node(&w, host, c.root, &ops);
	if (c.rc)
		return c.rc;
	if (rc)
		return writer_error(&c, rc, size);
	if (c.chosen < 0 &&
	    (cfg->bootargs || cfg->initrd_start || cfg->initrd_end)) {
		fdtw_begin_node(&w, "chosen");
		write_chosen_props(&c, &w);
		fdtw_end_node(&w);
	}
	write_hypervisor(&c, &w);
	write_psci(&w);
	write_cpus(&c, &w);
	write_memory(&c, &w);
	fdtw_end_node(&w);
	rc = fdtw_finish(&w, len);
	if (c.rc)
		return c.rc;
	return rc ? writer_error(&c, rc, size) : 0;
}

int dom0_dt_set_initrd(void *dtb, size_t len, u64 start, u64 end)
{
	static const char *const names[] = {"linux,initrd-start",
					    "linux,initrd-end"};
	const u64 vals[] = {start, end};
	struct fdt f;
	const u8 *p;
	int chosen, plen, i;
	u64 v;

	if (!dtb || fdt_open(&f, dtb, len))
		return -EINVAL;
	chosen = fdt_path_offset(&f, "/chosen");
	if (chosen < 0)
		return -ENOENT;
	for (i = 0; i < 2; i++) {
		p = fdt_getprop(&f, chosen, names[i], &plen);
		if (!p)
			return -ENOENT;
		if (plen != 8)
			return -EINVAL;
	}
	for (i = 0; i < 2; i++) {
		p = fdt_getprop(&f, chosen, names[i], &plen);
		v = cpu_to_fdt64(vals[i]);
		memcpy((u8 *)dtb + (p - (const u8 *)dtb), &v, sizeof(v));
	}
	return 0;
}

int dom0_dt_redist_regions(const struct fdt *host, unsigned int nr_vcpus,
			   struct membank *regions, unsigned int max, char *err,
			   size_t errlen)
{
	const struct dom0_dt_config none = {0};
	struct ctx c;
	int rc;

	ctx_init(&c, host, &none, err, errlen);
	rc = prepare_common(&c);
	if (rc)
		return rc;
	if (c.gic_version != 3)
		return fail(&c, -ENODEV, "%s: not a GICv3", path(&c, c.gic));
	if (max && !regions)
		return fail(&c, -EINVAL, "dom0 DT: no regions array");
	return gicv3_regions(&c, nr_vcpus ? nr_vcpus : 1, regions, max);
}

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
		.flags = flags,
		.addr = addr,
		.size = size,
	};

	if (addr + size < addr)
		return fail(c, -EINVAL, "%s: region wraps", path(c, node));
	return emit(c, r, &res);
}

/* Once per node and INTID. */
static int emit_spi(struct ctx *c, struct report *r, int node,
		    unsigned int flags, unsigned int intid, unsigned int type)
{
	struct dom0_dt_resource res = {
		.node = node,
		.kind = DOM0_RES_SPI,
		.flags = flags,
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

	/* classify() dropped every node with a PPI. */
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
		return fail(c, rc, "%s: bad #address-cells or #size-cells",
			    path(c, node));
	if (ac == 0)
		return 0; /* no address space to map */
	if (len % (4 * (ac + sc)))
		return fail(c, -EINVAL, "%s: malformed reg", path(c, node));
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

	if (!prop_is_string(c, node, "device_type", "pci"))
		return false;
	parent = fdt_parent_offset(c->host, node);
	return parent < 0 || !prop_is_string(c, parent, "device_type", "pci");
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
		return fail(c, -EINVAL, "%s: malformed ranges", path(c, node));
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
		ctrl = by_phandle(c, fdt32_ld(p + 4 * (need - 1)));
		if (ctrl < 0)
			return fail(c, -EINVAL,
				    "%s: interrupt-map: no node with phandle "
				    "%#x",
				    path(c, node),
				    fdt32_ld(p + 4 * (need - 1)));
		rc = irq_cells(c, ctrl, node, &pic);
		if (rc)
			return rc;
		if (fdt_getprop_u32(c->host, ctrl, "#address-cells", &pac))
			pac = 0;
		if (pac > FDT_MAX_CELLS || (u32)cells < need + pac + pic)
			goto bad;
		if (ctrl == c->gic) {
			rc = gic_decode(c, node, p + 4 * (need + pac), &irq);
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
	return fail(c, -EINVAL, "%s: malformed interrupt-map", path(c, node));
}

static int report_device(struct ctx *c, struct report *r, int node)
{
	int parent = fdt_parent_offset(c->host, node);
	bool resv = parent >= 0 && parent == c->resv;
	int rc;

	memset(r->seen, 0, sizeof(r->seen));
	r->flags = resv ? DOM0_RES_RESERVED_MEM : 0;
	rc = report_reg(c, r, node, resv);
	if (!rc)
		rc = walk_irqs(c, node, report_irq, r);
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
		if (!fdt_node_check_compatible(c->host, child, v2m_compat) ||
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
			return fail(c, -EINVAL, "%s: bad arm,msi-*-spi(s)",
				    path(c, child));
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

	ctx_init(&c, host, cfg, err, errlen);
	if (!fn)
		return fail(&c, -EINVAL, "dom0 devices: no callback");
	rc = prepare_common(&c);
	if (!rc)
		rc = prepare_names(&c);
	if (rc)
		return rc;
	c.timer = find_timer_node(&c);
	for (off = fdt_next_node(host, c.root, &depth); off >= 0;
	     off = fdt_next_node(host, off, &depth)) {
		if (skip >= 0 && depth > skip)
			continue;
		skip = -1;
		v = classify(&c, off);
		if (v < 0)
			return v;
		if (v == V_GIC) {
			rc = report_msi_frames(&c, &r);
			if (rc)
				return rc;
		}
		if (v != V_KEEP || !fdt_node_is_available(host, off) ||
		    is_passthrough(&c, off)) {
			skip = depth;
			continue;
		}
		rc = report_device(&c, &r, off);
		if (rc)
			return rc;
		/* Its children live inside the bridge's windows. */
		if (is_pci_host(&c, off))
			skip = depth;
	}
	if (off != -ENOENT)
		return fail(&c, off, "host DT: walk failed (%d)", off);
	return 0;
}
