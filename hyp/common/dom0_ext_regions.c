/* SPDX-License-Identifier: MIT */
/*
 * Extended regions for dom0's /hypervisor reg (docs abi.md section 2.1):
 * address space dom0 may use for foreign and grant mappings, which must
 * never alias RAM or a device. We take the holes of the whole host map,
 * as Xen 4.17 does for dom0 behind an IOMMU (find_memory_holes): every
 * reg of every host node, enabled or not (devices, memory nodes,
 * /reserved-memory, the GIC and UART the hypervisor keeps), every PCI
 * host bridge window, plus the ranges the caller adds (RAM banks, the
 * grant window). What is left is cut to 2 MiB boundaries and kept when at
 * least DOM0_EXT_REGION_MIN, as Xen's add_ext_regions does.
 */
#include <hyp/dom0_dt.h>
#include <hyp/errno.h>
#include <hyp/fdt.h>
#include <hyp/lib.h>

struct used {
	struct membank *r;
	unsigned int n, max;
};

static int add(struct used *u, u64 addr, u64 size)
{
	if (!size)
		return 0;
	if (u->n == u->max)
		return -E2BIG;
	/* A range wrapping past 2^64 covers everything above addr. */
	if (addr + size < addr)
		size = ~0ULL - addr + 1;
	u->r[u->n++] = (struct membank){pa_init(addr), size};
	return 0;
}

/* Every memory-mapped reg entry; untranslatable ones as given. */
static int add_reg(struct used *u, const struct fdt *host, int node)
{
	int len, ac, sc, i, rc;
	const void *reg = fdt_getprop(host, node, "reg", &len);
	u64 addr, size;

	if (!reg || fdt_reg_cells(host, node, &ac, &sc) || !ac)
		return 0;
	for (i = 0;; i++) {
		rc = fdt_reg_entry(reg, len, ac, sc, i, &addr, &size);
		if (rc == -ENOENT)
			return 0;
		if (rc == -ERANGE)
			continue; /* beyond 64 bits: outside any region */
		if (rc)
			return rc;
		/* Xen takes reserved memory as given; so do we when needed. */
		fdt_translate_address(host, node, &addr);
		rc = add(u, addr, size);
		if (rc)
			return rc;
	}
}

/* A PCI host bridge's windows: <child-addr parent-addr size> entries. */
static int add_pci_ranges(struct used *u, const struct fdt *host, int node)
{
	int len, cac, csc, pac, psc, entry, rc;
	const u8 *p = fdt_getprop(host, node, "ranges", &len);
	const char *type;
	u64 addr, size;

	if (!p || fdt_getprop_str(host, node, "device_type", &type) < 0 ||
	    strcmp(type, "pci"))
		return 0;
	cac = fdt_address_cells(host, node);
	csc = fdt_size_cells(host, node);
	if (fdt_reg_cells(host, node, &pac, &psc) || cac < 0 || csc < 0)
		return -EINVAL;
	entry = 4 * (cac + pac + csc);
	if (entry <= 0 || len % entry)
		return -EINVAL;
	for (; len > 0; p += entry, len -= entry) {
		if (fdt_read_cells_checked(p + 4 * cac, pac, &addr) ||
		    fdt_read_cells_checked(p + 4 * (cac + pac), csc, &size))
			continue;
		fdt_translate_address(host, node, &addr);
		rc = add(u, addr, size);
		if (rc)
			return rc;
	}
	return 0;
}

static void sort(struct membank *r, unsigned int n)
{
	unsigned int i, j;
	struct membank t;

	for (i = 1; i < n; i++) {
		t = r[i];
		for (j = i; j && pa_val(r[j - 1].start) > pa_val(t.start); j--)
			r[j] = r[j - 1];
		r[j] = t;
	}
}

/* Keep [s, e) if, cut to 2 MiB boundaries, it is big enough. */
static void gap(u64 s, u64 e, struct membank *out, unsigned int max,
		unsigned int *n)
{
	u64 up = ALIGN_UP(s, MB(2));

	e = ALIGN_DOWN(e, MB(2));
	if (up < s)
		return; /* within 2 MiB of 2^64 */
	s = up;
	if (*n < max && e > s && e - s >= DOM0_EXT_REGION_MIN)
		out[(*n)++] = (struct membank){pa_init(s), e - s};
}

int dom0_dt_ext_regions(const struct fdt *host, const struct membank *extra,
			unsigned int nr_extra, u64 lo, u64 hi,
			struct membank *scratch, unsigned int nr_scratch,
			struct membank *out, unsigned int max)
{
	struct used u = {.r = scratch, .max = nr_scratch};
	unsigned int i, n = 0;
	int node, rc = 0;
	u64 cur, s, e;

	if (!host || (nr_extra && !extra) || (max && !out) || lo >= hi)
		return -EINVAL;
	for (i = 0; !rc && i < nr_extra; i++)
		rc = add(&u, pa_val(extra[i].start), extra[i].size);
	for (node = fdt_root(host); !rc && node >= 0;
	     node = fdt_next_node(host, node, NULL)) {
		rc = add_reg(&u, host, node);
		if (!rc)
			rc = add_pci_ranges(&u, host, node);
	}
	if (rc)
		return rc;
	sort(u.r, u.n);

	cur = lo;
	for (i = 0; i < u.n && cur < hi; i++) {
		s = pa_val(u.r[i].start);
		e = s + u.r[i].size -
		    1; /* inclusive: the range may end at 2^64 */
		if (e < cur)
			continue;
		if (s > cur)
			gap(cur, MIN(s, hi), out, max, &n);
		if (e >= hi - 1)
			return (int)n;
		cur = e + 1;
	}
	if (cur < hi)
		gap(cur, hi, out, max, &n);
	return (int)n;
}
