// SPDX-License-Identifier: MIT
/*
 * Boot device tree → struct bootinfo. Follows Xen's rules where Xen has
 * them (docs/misc/arm/device-tree/booting.txt, xen/arch/arm/bootfdt.c as
 * summarised in docs abi.md 2.2-2.3) and the Devicetree Specification v0.4
 * elsewhere. Everything comes from an untrusted blob: every value is
 * range-checked and every failure is reported through err, not printed.
 */
#include <hyp/bootinfo.h>
#include <hyp/errno.h>
#include <hyp/fdt.h>
#include <hyp/lib.h>

#include "bootinfo_internal.h"

int bootinfo_fail(struct bootinfo_ctx *c, int rc, const char *fmt, ...)
{
	va_list ap;

	if (c->err && c->errlen) {
		va_start(ap, fmt);
		vsnprintf(c->err, c->errlen, fmt, ap);
		va_end(ap);
	}
	return rc;
}

const char *bootinfo_node_name(struct bootinfo_ctx *c, int node)
{
	const char *name = fdt_get_name(c->fdt, node, NULL);

	if (!name)
		return "?";
	return *name ? name : "/";
}

/* Spec 2.2.1: "name" matches the node name with or without @unit. */
static bool name_is(const char *name, const char *base)
{
	size_t len = strlen(base);

	return strncmp(name, base, len) == 0 &&
	       (name[len] == '\0' || name[len] == '@');
}

static bool str_prop_is(struct bootinfo_ctx *c, int node, const char *prop,
			const char *val)
{
	const char *s;

	return fdt_getprop_str(c->fdt, node, prop, &s) >= 0 &&
	       strcmp(s, val) == 0;
}

bool bootinfo_compatible_any(struct bootinfo_ctx *c, int node,
			     const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (fdt_node_check_compatible(c->fdt, node, list[i]))
			return true;
	return false;
}

/* First available node in document order compatible with one of list. */
int bootinfo_find_compatible(struct bootinfo_ctx *c, const char *const *list,
			     size_t n)
{
	int off;

	for (off = fdt_root(c->fdt); off >= 0;
	     off = fdt_next_node(c->fdt, off, NULL))
		if (bootinfo_compatible_any(c, off, list, n) &&
		    fdt_node_is_available(c->fdt, off))
			return off;
	return -ENOENT;
}

/* Copy a string of length len; too long is an error, not a truncation. */
static int copy_str(struct bootinfo_ctx *c, char *dst, size_t size,
		    const char *src, size_t len, const char *what)
{
	if (len >= size)
		return bootinfo_fail(c, -ENAMETOOLONG,
				     "%s is %zu bytes long, the limit is %zu",
				     what, len, size - 1);
	memcpy(dst, src, len);
	dst[len] = '\0';
	return 0;
}

/* Read a string property; absent is 0 with *str NULL. */
int bootinfo_get_str(struct bootinfo_ctx *c, int node, const char *prop,
		     const char **str)
{
	int len;

	*str = NULL;
	len = fdt_getprop_str(c->fdt, node, prop, str);
	if (len == -ENOENT)
		return 0;
	if (len < 0)
		return bootinfo_fail(c, len,
				     "node %s: property %s is not a string",
				     bootinfo_node_name(c, node), prop);
	return len;
}

static int check_region(struct bootinfo_ctx *c, int node, u64 start, u64 size)
{
	if (size && size - 1 > UINT64_MAX - start)
		return bootinfo_fail(
			c, -ERANGE,
			"node %s: region 0x%llx size 0x%llx wraps past the "
			"end of the address space",
			bootinfo_node_name(c, node), (unsigned long long)start,
			(unsigned long long)size);
	return 0;
}

int bootinfo_reg_get(struct bootinfo_ctx *c, int node, int ac, int sc,
		     struct bootinfo_reg *r)
{
	u64 a, s;
	int rc;

	if (ac < 0) {
		rc = fdt_reg_cells(c->fdt, node, &ac, &sc);
		if (rc)
			return bootinfo_fail(c, rc,
					     "node %s: bad #address-cells or "
					     "#size-cells above it",
					     bootinfo_node_name(c, node));
	}
	r->ac = ac;
	r->sc = sc;
	r->p = fdt_getprop(c->fdt, node, "reg", &r->len);
	if (!r->p)
		return bootinfo_fail(c, r->len, "node %s has no reg",
				     bootinfo_node_name(c, node));
	rc = fdt_reg_entry(r->p, r->len, ac, sc, 0, &a, &s);
	if (rc == -EINVAL)
		return bootinfo_fail(c, rc,
				     "node %s: malformed reg (%d bytes for "
				     "%d address and %d size cells)",
				     bootinfo_node_name(c, node), r->len, ac,
				     sc);
	r->count = r->len / (4 * (ac + sc));
	return 0;
}

int bootinfo_reg_read(struct bootinfo_ctx *c, int node,
		      const struct bootinfo_reg *r, int i, bool translate,
		      u64 *start, u64 *size)
{
	int rc = fdt_reg_entry(r->p, r->len, r->ac, r->sc, i, start, size);

	if (rc == -ENOENT)
		return bootinfo_fail(c, rc, "node %s: reg has no entry %d",
				     bootinfo_node_name(c, node), i);
	if (rc == -ERANGE)
		return bootinfo_fail(c, rc,
				     "node %s: reg entry %d exceeds 64 bits",
				     bootinfo_node_name(c, node), i);
	if (rc)
		return bootinfo_fail(c, rc, "node %s: malformed reg",
				     bootinfo_node_name(c, node));
	if (translate) {
		rc = fdt_translate_address(c->fdt, node, start);
		if (rc)
			return bootinfo_fail(c, rc,
					     "node %s: reg entry %d cannot be "
					     "translated through the parents' "
					     "ranges",
					     bootinfo_node_name(c, node), i);
	}
	return check_region(c, node, *start, *size);
}

static int add_bank(struct bootinfo_ctx *c, struct membank *bank,
		    unsigned int *nr, unsigned int max, u64 start, u64 size,
		    const char *what)
{
	/* Some DTs describe empty banks; Xen ignores them too. */
	if (!size)
		return 0;
	if (*nr >= max)
		return bootinfo_fail(c, -ENOSPC, "more than %u %s regions", max,
				     what);
	bank[*nr].start = pa_init(start);
	bank[*nr].size = size;
	(*nr)++;
	return 0;
}

/*
 * Every reg entry of node, laid out with ac/sc cells, into bank[]
 * (zero-sized ones skipped).
 */
static int add_reg_banks(struct bootinfo_ctx *c, int node, int ac, int sc,
			 struct membank *bank, unsigned int *nr,
			 unsigned int max, const char *what)
{
	struct bootinfo_reg r;
	u64 start, size;
	int i, rc;

	rc = bootinfo_reg_get(c, node, ac, sc, &r);
	for (i = 0; !rc && i < r.count; i++) {
		rc = bootinfo_reg_read(c, node, &r, i, false, &start, &size);
		if (!rc)
			rc = add_bank(c, bank, nr, max, start, size, what);
	}
	return rc;
}

static int parse_memreserve(struct bootinfo_ctx *c)
{
	struct reserved_meminfo *r = &c->bi->reserved;
	u64 start, size;
	int i, rc;

	for (i = 0; i < fdt_num_mem_rsv(c->fdt); i++) {
		fdt_get_mem_rsv(c->fdt, i, &start, &size);
		if (size && size - 1 > UINT64_MAX - start)
			return bootinfo_fail(
				c, -ERANGE,
				"/memreserve/ entry %d wraps past the end "
				"of the address space",
				i);
		rc = add_bank(c, r->bank, &r->nr, BOOT_MAX_RESERVED, start,
			      size, "reserved memory");
		if (rc)
			return rc;
	}
	return 0;
}

/* Sort by start (later code wants the lowest bank first) and refuse overlap. */
static int sort_memory(struct bootinfo_ctx *c)
{
	struct meminfo *m = &c->bi->mem;
	unsigned int i, j;

	for (i = 1; i < m->nr; i++) {
		struct membank b = m->bank[i];

		for (j = i;
		     j > 0 && pa_val(m->bank[j - 1].start) > pa_val(b.start);
		     j--)
			m->bank[j] = m->bank[j - 1];
		m->bank[j] = b;
	}
	for (i = 1; i < m->nr; i++) {
		u64 prev_last = pa_val(m->bank[i - 1].start) +
				(m->bank[i - 1].size - 1);

		if (pa_val(m->bank[i].start) <= prev_last)
			return bootinfo_fail(
				c, -EINVAL,
				"memory banks at 0x%llx and 0x%llx overlap",
				(unsigned long long)pa_val(
					m->bank[i - 1].start),
				(unsigned long long)pa_val(m->bank[i].start));
	}
	return 0;
}

/* Spec 3.4: memory nodes are children of the root. */
static int parse_memory(struct bootinfo_ctx *c)
{
	int root = fdt_root(c->fdt), node, ac, sc, cells_rc, rc;

	/* Looked up once: all memory nodes are siblings. */
	cells_rc = fdt_child_reg_cells(c->fdt, root, &ac, &sc);
	fdt_for_each_subnode (node, c->fdt, root) {
		const char *name = bootinfo_node_name(c, node);

		if (!name_is(name, "memory") &&
		    !str_prop_is(c, node, "device_type", "memory"))
			continue;
		if (!fdt_node_is_available(c->fdt, node))
			continue;
		/* As Xen: a memory bank needs both an address and a size. */
		if (cells_rc || ac < 1 || sc < 1)
			return bootinfo_fail(c, -EINVAL,
					     "node %s: invalid #address-cells "
					     "or #size-cells",
					     name);
		rc = add_reg_banks(c, node, ac, sc, c->bi->mem.bank,
				   &c->bi->mem.nr, BOOT_MAX_MEM_BANKS,
				   "memory");
		if (rc)
			return rc;
	}
	return sort_memory(c);
}

/*
 * /reserved-memory children with a static reg; the ones without reg are
 * allocated by the OS ("size"/"alloc-ranges") and are not our concern.
 */
static int parse_reserved_memory(struct bootinfo_ctx *c)
{
	struct reserved_meminfo *r = &c->bi->reserved;
	int resv, node, ac, sc, rc;

	fdt_for_each_subnode (resv, c->fdt, fdt_root(c->fdt)) {
		if (strcmp(bootinfo_node_name(c, resv), "reserved-memory") == 0)
			break;
	}
	if (resv < 0)
		return 0;
	rc = fdt_child_reg_cells(c->fdt, resv, &ac, &sc);
	if (rc)
		return bootinfo_fail(c, rc,
				     "reserved-memory: bad #address-cells or "
				     "#size-cells");
	fdt_for_each_subnode (node, c->fdt, resv) {
		if (!fdt_node_is_available(c->fdt, node) ||
		    !fdt_getprop(c->fdt, node, "reg", NULL))
			continue;
		rc = add_reg_banks(c, node, ac, sc, r->bank, &r->nr,
				   BOOT_MAX_RESERVED, "reserved memory");
		if (rc)
			return rc;
	}
	return 0;
}

/* Arm DT cpus binding: reg holds only MPIDR affinity fields. */
#define MPIDR_AFF_MASK 0xff00ffffffULL

static int parse_cpus(struct bootinfo_ctx *c)
{
	struct bootinfo *bi = c->bi;
	struct bootinfo_reg r;
	int cpus, node, ac, sc, rc;
	unsigned int i;
	u64 mpidr, size;

	cpus = fdt_path_offset(c->fdt, "/cpus");
	if (cpus < 0)
		return 0;
	rc = fdt_child_reg_cells(c->fdt, cpus, &ac, &sc);
	if (rc)
		return bootinfo_fail(c, rc,
				     "cpus: bad #address-cells or #size-cells");
	fdt_for_each_subnode (node, c->fdt, cpus) {
		if (!str_prop_is(c, node, "device_type", "cpu") ||
		    !fdt_node_is_available(c->fdt, node))
			continue;
		rc = bootinfo_reg_get(c, node, ac, sc, &r);
		if (!rc)
			rc = bootinfo_reg_read(c, node, &r, 0, false, &mpidr,
					       &size);
		if (rc)
			return rc;
		if (mpidr & ~MPIDR_AFF_MASK)
			return bootinfo_fail(
				c, -EINVAL,
				"cpu node %s: reg 0x%llx is not an MPIDR "
				"affinity value",
				bootinfo_node_name(c, node),
				(unsigned long long)mpidr);
		for (i = 0; i < bi->nr_cpus; i++)
			if (bi->cpu_mpidr[i] == mpidr)
				return bootinfo_fail(
					c, -EINVAL,
					"cpu node %s: MPIDR 0x%llx listed "
					"twice",
					bootinfo_node_name(c, node),
					(unsigned long long)mpidr);
		if (bi->nr_cpus >= BOOT_MAX_CPUS) {
			bi->nr_cpus_ignored++;
			continue;
		}
		bi->cpu_mpidr[bi->nr_cpus++] = mpidr;
	}
	return 0;
}

static int add_module(struct bootinfo_ctx *c, enum bootmod_kind kind, u64 start,
		      u64 size, int domain_node, struct bootmodule **out)
{
	struct bootinfo *bi = c->bi;
	struct bootmodule *m;

	if (bi->nr_modules >= BOOT_MAX_MODULES)
		return bootinfo_fail(c, -ENOSPC, "more than %d boot modules",
				     BOOT_MAX_MODULES);
	m = &bi->modules[bi->nr_modules++];
	m->kind = kind;
	m->start = pa_init(start);
	m->size = size;
	m->domain_node = domain_node;
	m->has_cmdline = false;
	m->cmdline[0] = '\0';
	if (out)
		*out = m;
	return 0;
}

/* Linux's /chosen binding: one or two cells each. */
static int read_initrd_prop(struct bootinfo_ctx *c, int chosen,
			    const char *name, u64 *val)
{
	const void *p;
	int len;

	p = fdt_getprop(c->fdt, chosen, name, &len);
	if (!p)
		return len;
	if (len != 4 && len != 8)
		return bootinfo_fail(c, -EINVAL, "chosen: %s has length %d",
				     name, len);
	*val = fdt_read_cells(p, len / 4);
	return 0;
}

/* Xen turns linux,initrd-start/-end into a dom0 ramdisk module. */
static int parse_initrd(struct bootinfo_ctx *c, int chosen)
{
	u64 start, end;
	int rc;

	rc = read_initrd_prop(c, chosen, "linux,initrd-start", &start);
	if (rc == -ENOENT)
		return 0;
	if (rc)
		return rc;
	rc = read_initrd_prop(c, chosen, "linux,initrd-end", &end);
	if (rc == -ENOENT)
		return bootinfo_fail(c, rc,
				     "chosen: linux,initrd-start without -end");
	if (rc)
		return rc;
	if (start >= end)
		return bootinfo_fail(c, -EINVAL,
				     "chosen: initrd start 0x%llx >= end",
				     (unsigned long long)start);
	return add_module(c, BOOTMOD_RAMDISK, start, end - start, -1, NULL);
}

static enum bootmod_kind module_kind(struct bootinfo_ctx *c, int node)
{
	static const struct {
		const char *compat;
		enum bootmod_kind kind;
	} kinds[] = {
		{"multiboot,kernel", BOOTMOD_KERNEL},
		{"xen,linux-zimage", BOOTMOD_KERNEL},
		{"multiboot,ramdisk", BOOTMOD_RAMDISK},
		{"xen,linux-initrd", BOOTMOD_RAMDISK},
		{"xen,xsm-policy", BOOTMOD_XSM},
		{"multiboot,device-tree", BOOTMOD_GUEST_DTB},
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kinds); i++)
		if (fdt_node_check_compatible(c->fdt, node, kinds[i].compat))
			return kinds[i].kind;
	return BOOTMOD_UNKNOWN;
}

static int parse_module(struct bootinfo_ctx *c, int node)
{
	enum bootmod_kind kind = module_kind(c, node);
	struct bootinfo_reg r;
	struct bootmodule *m;
	const char *args;
	int parent, domain = -1, rc;
	u64 start, size;

	parent = fdt_parent_offset(c->fdt, node);
	if (parent >= 0 &&
	    fdt_node_check_compatible(c->fdt, parent, "xen,domain"))
		domain = parent;
	/* Xen reads only the first reg entry of a module. */
	rc = bootinfo_reg_get(c, node, -1, -1, &r);
	if (!rc)
		rc = bootinfo_reg_read(c, node, &r, 0, false, &start, &size);
	if (rc)
		return rc;
	/*
	 * Xen guesses unknown kinds: the first becomes the kernel, the
	 * second the ramdisk. (Xen also checks later unknowns for the XSM
	 * magic, which needs the module's contents: not done here.)
	 */
	if (kind == BOOTMOD_UNKNOWN && domain < 0) {
		if (c->dom0_unknowns == 0)
			kind = BOOTMOD_KERNEL;
		else if (c->dom0_unknowns == 1)
			kind = BOOTMOD_RAMDISK;
		c->dom0_unknowns++;
	}
	rc = add_module(c, kind, start, size, domain, &m);
	if (rc)
		return rc;
	rc = bootinfo_get_str(c, node, "bootargs", &args);
	if (rc < 0 || !args)
		return rc;
	m->has_cmdline = true;
	return copy_str(c, m->cmdline, sizeof(m->cmdline), args, (size_t)rc,
			"module bootargs");
}

/* Nodes at depth <= 3 under /chosen (abi.md 2.2), in document order. */
static int parse_modules(struct bootinfo_ctx *c, int chosen)
{
	static const char *const compat[] = {"multiboot,module",
					     "xen,multiboot-module"};
	int node = chosen, depth = 0, rc;

	for (;;) {
		node = fdt_next_node(c->fdt, node, &depth);
		if (node < 0)
			return 0;
		/* depth is relative to /chosen, itself at depth 1. */
		if (depth > 2 || !bootinfo_compatible_any(c, node, compat, 2))
			continue;
		rc = parse_module(c, node);
		if (rc)
			return rc;
	}
}

static const struct bootmodule *dom0_kernel(const struct bootinfo *bi)
{
	unsigned int i;

	for (i = 0; i < bi->nr_modules; i++)
		if (bi->modules[i].kind == BOOTMOD_KERNEL &&
		    bi->modules[i].domain_node < 0)
			return &bi->modules[i];
	return NULL;
}

static int parse_cmdlines(struct bootinfo_ctx *c, int chosen)
{
	struct bootinfo *bi = c->bi;
	const struct bootmodule *k;
	const char *xen, *dom0, *args, *out, *colon;
	int xlen, dlen, alen, olen, rc;

	xlen = bootinfo_get_str(c, chosen, "xen,xen-bootargs", &xen);
	if (xlen < 0)
		return xlen;
	dlen = bootinfo_get_str(c, chosen, "xen,dom0-bootargs", &dom0);
	if (dlen < 0)
		return dlen;
	alen = bootinfo_get_str(c, chosen, "bootargs", &args);
	if (alen < 0)
		return alen;
	/*
	 * Xen's command line: xen,xen-bootargs, else bootargs, but only
	 * when something else gives dom0 its command line. Unlike Xen we also
	 * take bootargs when there is no dom0 kernel at all: nobody else can
	 * own them, and "qemu -kernel armvisor -append ..." then just works.
	 */
	k = dom0_kernel(bi);
	if (xen) {
		rc = copy_str(c, bi->cmdline, sizeof(bi->cmdline), xen,
			      (size_t)xlen, "xen,xen-bootargs");
		if (rc)
			return rc;
	} else if (args && (dom0 || !k || (k->has_cmdline && k->cmdline[0]))) {
		rc = copy_str(c, bi->cmdline, sizeof(bi->cmdline), args,
			      (size_t)alen, "bootargs");
		if (rc)
			return rc;
	}
	if (dom0) {
		rc = copy_str(c, bi->dom0_bootargs, sizeof(bi->dom0_bootargs),
			      dom0, (size_t)dlen, "xen,dom0-bootargs");
		if (rc)
			return rc;
		bi->has_dom0_bootargs = true;
	}

	olen = bootinfo_get_str(c, chosen, "stdout-path", &out);
	if (olen == 0 && !out)
		olen = bootinfo_get_str(c, chosen, "linux,stdout-path", &out);
	if (olen < 0)
		return olen;
	if (!out)
		return 0;
	/* Spec 3.6: "path:options", the options are for the OS. */
	colon = memchr(out, ':', (size_t)olen);
	if (colon)
		olen = (int)(colon - out);
	return copy_str(c, bi->stdout_path, sizeof(bi->stdout_path), out,
			(size_t)olen, "stdout-path");
}

static int parse_chosen(struct bootinfo_ctx *c)
{
	int chosen, rc;

	chosen = fdt_subnode_offset_namelen(c->fdt, fdt_root(c->fdt), "chosen",
					    6);
	if (chosen < 0)
		return 0;
	rc = parse_initrd(c, chosen);
	if (!rc)
		rc = parse_modules(c, chosen);
	if (!rc)
		rc = parse_cmdlines(c, chosen);
	return rc;
}

int bootinfo_parse(struct bootinfo *bi, const struct fdt *fdt, char *err,
		   size_t errlen)
{
	struct bootinfo_ctx c = {
		.bi = bi,
		.fdt = fdt,
		.err = err,
		.errlen = errlen,
		.gic_icells = 3,
	};
	int rc;

	if (err && errlen)
		err[0] = '\0';
	memset(bi, 0, sizeof(*bi));
	bi->gic.node = -1;
	bi->timer.node = -1;
	if (!fdt->blob)
		return bootinfo_fail(&c, -EINVAL, "device tree not opened");

	rc = parse_memreserve(&c);
	if (!rc)
		rc = parse_memory(&c);
	if (!rc)
		rc = parse_reserved_memory(&c);
	if (!rc)
		rc = parse_cpus(&c);
	if (!rc)
		rc = bootinfo_parse_psci(&c);
	if (!rc)
		rc = bootinfo_parse_gic(&c);
	if (!rc)
		rc = bootinfo_parse_timer(&c);
	if (!rc)
		rc = parse_chosen(&c);
	return rc;
}

int bootinfo_find_uart(const struct fdt *fdt, const char *path_or_alias,
		       paddr_t *base, u64 *size)
{
	const char *colon;
	size_t len;
	u64 a, s;
	int node, rc;

	if (!path_or_alias)
		return -EINVAL;
	/* "dtuart=" and stdout-path may both carry ":options". */
	colon = strchr(path_or_alias, ':');
	len = colon ? (size_t)(colon - path_or_alias) : strlen(path_or_alias);
	node = fdt_path_offset_namelen(fdt, path_or_alias, len);
	if (node < 0)
		return node;
	if (!fdt_node_is_available(fdt, node))
		return -ENODEV;
	rc = fdt_read_reg(fdt, node, 0, &a, &s);
	if (!rc)
		rc = fdt_translate_address(fdt, node, &a);
	if (rc)
		return rc;
	*base = pa_init(a);
	*size = s;
	return node;
}

const char *bootmod_kind_name(enum bootmod_kind kind)
{
	switch (kind) {
	case BOOTMOD_KERNEL:
		return "Kernel";
	case BOOTMOD_RAMDISK:
		return "Ramdisk";
	case BOOTMOD_XSM:
		return "XSM";
	case BOOTMOD_GUEST_DTB:
		return "Device Tree";
	case BOOTMOD_UNKNOWN:
		break;
	}
	return "Unknown";
}
