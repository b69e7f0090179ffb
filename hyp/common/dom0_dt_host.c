/* SPDX-License-Identifier: MIT */
/*
 * dom0's device tree (common/dom0_dt*.c): reading the host tree. The
 * context of one walk, node paths for messages, string lists, the GIC,
 * timer and CPU nodes, /reserved-memory, the checks of the host tree and
 * the config, and classify(): what happens to each host node.
 */
#include <hyp/dom0_dt.h>
#include <hyp/errno.h>
#include <hyp/fdt.h>
#include <hyp/lib.h>
#include "dom0_dt_internal.h"

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

int dt0_fail(struct ctx *c, int rc, const char *fmt, ...) __printf(3, 4);

int dt0_fail(struct ctx *c, int rc, const char *fmt, ...)
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

void dt0_ctx_init(struct ctx *c, const struct fdt *host,
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
const char *dt0_path(struct ctx *c, int node)
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

bool dt0_prop_is_string(const struct ctx *c, int node, const char *name,
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

void dt0_put_cells(u8 *p, int cells, u64 v)
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

/* ---- the host GIC, timer and CPUs ---- */

int dt0_find_gic(struct ctx *c)
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
		return dt0_fail(c, -ENOENT,
				"host DT has no GICv2 or GICv3 interrupt "
				"controller");
	c->gic = node;
	c->gic_phandle = fdt_get_phandle(c->host, node);
	if (!c->gic_phandle)
		return dt0_fail(c, -EINVAL, "%s: the GIC has no phandle",
				dt0_path(c, node));
	rc = fdt_getprop_u32(c->host, node, "#interrupt-cells", &c->gic_icells);
	if (rc || c->gic_icells < 3 || c->gic_icells > 4)
		return dt0_fail(c, -EINVAL,
				"%s: GIC #interrupt-cells must be 3 or 4",
				dt0_path(c, node));
	rc = fdt_reg_cells(c->host, node, &ac, &sc);
	reg = fdt_getprop(c->host, node, "reg", &len);
	if (rc || !reg || ac < 1 || len % (4 * (ac + sc)))
		return dt0_fail(c, -EINVAL, "%s: GIC reg missing or malformed",
				dt0_path(c, node));
	return 0;
}

/* The first available timer node, or -ENOENT. */
int dt0_find_timer_node(struct ctx *c)
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

int dt0_find_cpu(struct ctx *c)
{
	int cpus = child_named(c, c->root, "cpus"), node;

	if (cpus >= 0)
		fdt_for_each_subnode (node, c->host, cpus)
			if (dt0_prop_is_string(c, node, "device_type", "cpu")) {
				if (!fdt_getprop(c->host, node, "compatible",
						 NULL))
					return dt0_fail(c, -EINVAL,
							"%s: CPU without a "
							"compatible",
							dt0_path(c, node));
				c->cpu = node;
				return 0;
			}
	return dt0_fail(c, -ENOENT, "host DT has no /cpus/cpu node");
}

/*
 * The /reserved-memory regions, which dom0 also gets as a memory node
 * (as Xen's bootinfo.reserved_mem): counted, and with out non-NULL
 * stored as reg cells of the root's layout. Returns the count. *first
 * gets the first region's address.
 */
int dt0_resv_regions(struct ctx *c, u8 *out, u64 *first)
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
				return dt0_fail(
					c, -ERANGE,
					"%s: region does not fit the root's "
					"cells",
					dt0_path(c, child));
			if (!n)
				*first = addr;
			if (out) {
				dt0_put_cells(out, c->root_ac, addr);
				out += 4 * c->root_ac;
				dt0_put_cells(out, c->root_sc, size);
				out += 4 * c->root_sc;
			}
			n++;
		}
		if (rc)
			return dt0_fail(c, -EINVAL, "%s: malformed reg",
					dt0_path(c, child));
	}
	return n;
}

/* Common to all entry points: the root, /chosen, /reserved-memory, GIC. */
int dt0_prepare_common(struct ctx *c)
{
	if (!c->host || !c->cfg)
		return dt0_fail(c, -EINVAL, "dom0 DT: no host DT or config");
	if (c->cfg->nr_hidden && !c->cfg->hidden)
		return dt0_fail(c, -EINVAL,
				"dom0 DT: nr_hidden without hidden");
	c->root = fdt_root(c->host);
	/* The cells of the generated regs; dt0_check_config() checks them. */
	c->root_ac = fdt_address_cells(c->host, c->root);
	c->root_sc = fdt_size_cells(c->host, c->root);
	c->chosen = child_named(c, c->root, "chosen");
	c->resv = child_named(c, c->root, "reserved-memory");
	return dt0_find_gic(c);
}

/* The names of the generated memory nodes (root names dom0 reserves). */
int dt0_prepare_names(struct ctx *c)
{
	const struct dom0_dt_config *cfg = c->cfg;
	u64 first = 0;

	if (cfg->nr_banks && cfg->banks)
		snprintf(c->mem_name, sizeof(c->mem_name), "memory@%llx",
			 (unsigned long long)pa_val(cfg->banks[0].start));
	c->nr_resv = dt0_resv_regions(c, NULL, &first);
	if (c->nr_resv < 0)
		return c->nr_resv;
	if (c->nr_resv)
		snprintf(c->resv_name, sizeof(c->resv_name), "memory@%llx",
			 (unsigned long long)first);
	if (c->nr_resv && strcmp(c->resv_name, c->mem_name) == 0)
		return dt0_fail(c, -EINVAL,
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
		return dt0_fail(c, -EINVAL, "dom0 DT: %s %u is empty or wraps",
				what, i);
	if (!fits(start, c->root_ac) || !fits(b->size, c->root_sc))
		return dt0_fail(c, -ERANGE,
				"dom0 DT: %s %u does not fit the root's "
				"#address-cells %d / #size-cells %d",
				what, i, c->root_ac, c->root_sc);
	return 0;
}

int dt0_check_config(struct ctx *c)
{
	const struct dom0_dt_config *cfg = c->cfg;
	unsigned int i;
	int rc;

	/* Xen cannot cope with other sizes either. */
	if (c->root_ac < 1 || c->root_ac > 2 || c->root_sc < 1 ||
	    c->root_sc > 2)
		return dt0_fail(
			c, -EINVAL,
			"host DT root #address-cells / #size-cells must "
			"be 1 or 2");
	if (!cfg->nr_banks || !cfg->banks)
		return dt0_fail(c, -EINVAL, "dom0 DT: no memory banks");
	for (i = 0; i < cfg->nr_banks; i++) {
		rc = check_region(c, "memory bank", i, &cfg->banks[i]);
		if (rc)
			return rc;
	}
	rc = check_region(c, "grant-table window", 0, &cfg->gnttab);
	if (rc)
		return rc;
	if (cfg->nr_ext_regions && !cfg->ext_regions)
		return dt0_fail(c, -EINVAL,
				"dom0 DT: no extended regions array");
	for (i = 0; i < cfg->nr_ext_regions; i++) {
		rc = check_region(c, "extended region", i,
				  &cfg->ext_regions[i]);
		if (rc)
			return rc;
	}
	if (!cfg->nr_vcpus || cfg->nr_vcpus > MAX_VCPUS)
		return dt0_fail(c, -EINVAL, "dom0 DT: %u vCPUs", cfg->nr_vcpus);
	if (c->gic_version == 2 && cfg->nr_vcpus > DOM0_DT_GICV2_MAX_VCPUS)
		return dt0_fail(c, -EINVAL,
				"dom0 DT: %u vCPUs, a GICv2 handles at most %d",
				cfg->nr_vcpus, DOM0_DT_GICV2_MAX_VCPUS);
	if (cfg->evtchn_ppi < 16 || cfg->evtchn_ppi > 31)
		return dt0_fail(c, -EINVAL,
				"dom0 DT: event-channel interrupt %u is no PPI",
				cfg->evtchn_ppi);
	for (i = 0; i < 3; i++)
		if (cfg->evtchn_ppi == c->timer_ppi[i])
			return dt0_fail(
				c, -EINVAL,
				"dom0 DT: event-channel PPI %u is a timer "
				"PPI",
				cfg->evtchn_ppi);
	if (cfg->initrd_end < cfg->initrd_start)
		return dt0_fail(c, -EINVAL,
				"dom0 DT: initrd ends before it starts");
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
int dt0_classify(struct ctx *c, int node)
{
	const char *list, *name;
	int len, parent, rc;
	bool top;

	list = fdt_getprop(c->host, node, "compatible", &len);
	if (list_has_any(list, len, skip_compat, ARRAY_SIZE(skip_compat)) ||
	    list_has_match(list, len, "arm,psci", "") || is_cpu_pmu(list, len))
		return V_DROP;
	if (dt0_prop_is_string(c, node, "device_type", "memory"))
		return V_DROP;
	parent = fdt_parent_offset(c->host, node);
	name = fdt_get_name(c->host, node, NULL);
	if (parent < 0 || !name)
		return dt0_fail(c, -EINVAL, "host DT: bad node at offset %d",
				node);
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
	rc = dt0_walk_irqs(c, node, dt0_find_ppi, NULL);
	if (rc)
		return rc < 0 ? rc : V_DROP;
	if (top && reserved_name(c, name))
		return V_DROP;
	return V_KEEP;
}

bool dt0_is_passthrough(const struct ctx *c, int node)
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
bool dt0_iommu_prop(const struct ctx *c, int node, const char *name)
{
	if (!c->cfg->hide_iommus ||
	    (strcmp(name, "iommus") && strcmp(name, "iommu-map") &&
	     strcmp(name, "iommu-map-mask")))
		return false;
	return refs_hidden_iommu(c, node, "iommus", 0) ||
	       refs_hidden_iommu(c, node, "iommu-map", 1);
}

/* /chosen properties Xen removes or rewrites. */
bool dt0_chosen_dropped(const char *name)
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
