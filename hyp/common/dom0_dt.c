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
 *
 * This file writes; dom0_dt_host.c reads and classifies host nodes,
 * dom0_dt_irq.c decodes interrupts and the GIC / timer, dom0_dt_devices.c
 * lists the devices dom0 keeps (shared internals: dom0_dt_internal.h).
 */
#include <hyp/dom0_dt.h>
#include <hyp/errno.h>
#include <hyp/fdt.h>
#include <hyp/fdt_wr.h>
#include <hyp/lib.h>
#include "dom0_dt_internal.h"

/* A GIC interrupt specifier of icells cells for a PPI, as Xen writes it. */
static void put_ppi(u8 *p, u32 icells, unsigned int intid)
{
	memset(p, 0, icells * 4);
	dt0_put_cells(p, 1, GIC_TYPE_PPI);
	dt0_put_cells(p + 4, 1, intid - 16);
	dt0_put_cells(p + 8, 1, PPI_FLAGS);
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

	if (node == c->chosen && dt0_chosen_dropped(name))
		return false;
	if (strcmp(name, "xen,passthrough") == 0)
		return false;
	if (strcmp(name, "status") == 0 && dt0_is_passthrough(c, node))
		return false;
	return !dt0_iommu_prop(c, node, name);
}

static void copy_props_done(struct fdtw *w, const struct fdt *src, int node,
			    void *arg)
{
	struct ctx *c = arg;

	if (dt0_is_passthrough(c, node))
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
	const u8 *reg = dt0_gic_reg(c, &len, &ac, &sc, &n);
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
							 V2M_COMPAT);
		if (v2m)
			copy_prop_if_present(c, w, c->gic, "ranges");
		fdt_for_each_subnode (child, c->host, c->gic) {
			if (!fdt_node_check_compatible(c->host, child,
						       V2M_COMPAT))
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
	v = dt0_classify(c, node);
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
		dt0_put_cells(p, c->root_ac, pa_val(b->start));
		dt0_put_cells(p + 4 * c->root_ac, c->root_sc, b->size);
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
		dt0_resv_regions(c, v, &first);
	fdtw_end_node(w);
}

static int writer_error(struct ctx *c, int rc, size_t size)
{
	if (rc == -ENOSPC)
		return dt0_fail(c, rc, "dom0 DT does not fit in %zu bytes",
				size);
	if (rc == -ERANGE)
		return dt0_fail(c, rc,
				"dom0 DT: a value does not fit its cells");
	return dt0_fail(
		c, rc,
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

	dt0_ctx_init(&c, host, cfg, err, errlen);
	if (len)
		*len = 0;
	if (!buf)
		return dt0_fail(&c, -EINVAL, "dom0 DT: no buffer");
	/* Clears any old header first: on error buf is no DTB. */
	rc = fdtw_init(&w, buf, size);
	if (!rc)
		rc = dt0_prepare_common(&c);
	else
		rc = writer_error(&c, rc, size);
	if (!rc)
		rc = dt0_find_timer(&c);
	if (!rc)
		rc = dt0_find_cpu(&c);
	if (!rc)
		rc = dt0_check_config(&c);
	if (!rc)
		rc = dt0_check_gic(&c);
	if (!rc)
		rc = dt0_prepare_names(&c);
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

	dt0_ctx_init(&c, host, &none, err, errlen);
	rc = dt0_prepare_common(&c);
	if (rc)
		return rc;
	if (c.gic_version != 3)
		return dt0_fail(&c, -ENODEV, "%s: not a GICv3",
				dt0_path(&c, c.gic));
	if (max && !regions)
		return dt0_fail(&c, -EINVAL, "dom0 DT: no regions array");
	return dt0_gicv3_regions(&c, nr_vcpus ? nr_vcpus : 1, regions, max);
}
