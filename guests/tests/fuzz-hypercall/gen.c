/* SPDX-License-Identifier: MIT */
/*
 * Random numbers and the values the fuzzer feeds the hypervisor.
 *
 * The one rule: no generated value may let the hypervisor write into (or
 * unmap) the fuzzer's own image, data or stacks, or it would be testing
 * its own corruption. So every value is passed through sanitize(): an
 * address or frame number inside guest RAM but outside the scratch area
 * is moved into the scratch area. Garbage above, below and between stays
 * garbage.
 */
#include "fuzz.h"

u64 scratch_base, scratch_end;
static u64 ram_base, ram_end;
/* Scratch pages the hypervisor took away and that could not be put back. */
static u32 scratch_dead;

/* xorshift64* (Marsaglia / Vigna): small, fast, good enough here. */
u64 rng_next(struct rng *r)
{
	u64 x = r->s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	r->s = x;
	return x * 0x2545f4914f6cdd1dUL;
}

u64 rng_below(struct rng *r, u64 n)
{
	return n ? rng_next(r) % n : 0;
}

bool rng_pct(struct rng *r, unsigned int pct)
{
	return rng_below(r, 100) < pct;
}

void gen_init(void)
{
	ram_base = platform.ram_base;
	ram_end = platform.ram_base + platform.ram_size;
	scratch_end = ram_end;
	scratch_base = ram_end - SCRATCH_SIZE;
}

static bool page_alive(unsigned int page)
{
	return page < SCRATCH_PAGES && !(scratch_dead & (1U << page));
}

bool in_scratch(u64 p, size_t len)
{
	u64 pg;

	if (p < scratch_base || p >= scratch_end || len > scratch_end - p)
		return false;
	for (pg = (p - scratch_base) >> PAGE_SHIFT;
	     pg <= (p + (len ? len - 1 : 0) - scratch_base) >> PAGE_SHIFT; pg++)
		if (!page_alive((unsigned int)pg))
			return false;
	return true;
}

/* Frames of the emulated devices the fuzzer needs: the vGIC, the vpl011. */
#define DEV_GFN_LO (GUEST_GICD_BASE >> PAGE_SHIFT)
#define DEV_GFN_HI \
	((GUEST_GICV3_GICR0_BASE + GUEST_GICV3_GICR0_SIZE) >> PAGE_SHIFT)
#define UART_GFN (GUEST_PL011_BASE >> PAGE_SHIFT)

u64 sanitize(u64 v)
{
	u64 gfn_lo = ram_base >> PAGE_SHIFT, gfn_hi = ram_end >> PAGE_SHIFT;
	u64 sgfn_lo = scratch_base >> PAGE_SHIFT;

	if (v >= ram_base && v < ram_end && v < scratch_base)
		return scratch_base + (v & (SCRATCH_SIZE - 1));
	if (v >= gfn_lo && v < gfn_hi && v < sgfn_lo)
		return sgfn_lo + (v & (SCRATCH_PAGES - 1));
	/*
	 * A page mapped over the vGIC or vpl011 (add_to_physmap,
	 * populate_physmap, a grant map) would hide them from the fuzzer,
	 * which needs the vGIC to wake up from blocking calls.
	 */
	if ((v >= DEV_GFN_LO && v < DEV_GFN_HI) || v == UART_GFN)
		return sgfn_lo + (v & (SCRATCH_PAGES - 1));
	return v;
}

/* ---- interesting values ---- */

static const u64 interesting[] = {
	0,
	1,
	2,
	3,
	4,
	5,
	7,
	8,
	15,
	16,
	31,
	32,
	33,
	63,
	64,
	127,
	128,
	255,
	256,
	511,
	512,
	1023,
	1024,
	1025,
	4095,
	4096,
	4097,
	0x7fff,
	0x8000,
	0xffff,
	0x10000,
	0x1ffff,
	0x20000,
	0x7fffffff,
	0x80000000,
	0xfffffffe,
	0xffffffff,
	0x100000000UL,
	0x100000001UL,
	0x7fffffffffffffffUL,
	0x8000000000000000UL,
	0xfffffffffffffffeUL,
	0xffffffffffffffffUL,
	0xfffffffffffff000UL,
	0xffffffffffffefffUL, /* -4097 */
	0xfffffffffffff001UL, /* -4095 */
	0x7ff0,		      /* DOMID_SELF */
	0x7ff1,		      /* DOMID_IO */
	0x7ff2,		      /* DOMID_XEN */
	0x7ff4,		      /* DOMID_INVALID */
	0x7fff,
};

u64 gen_int(struct rng *r)
{
	switch (rng_below(r, 6)) {
	case 0:
	case 1:
		return interesting[rng_below(r, ARRAY_SIZE(interesting))];
	case 2:
		return rng_below(r, 64);
	case 3:
		return rng_next(r) & 0xffffffff;
	case 4: /* a power of two, or one off */
		return (1UL << rng_below(r, 64)) + rng_below(r, 3) - 1;
	default:
		return rng_next(r);
	}
}

/* MMIO and unbacked guest-physical addresses (identity-mapped). */
static u64 gen_mmio_addr(struct rng *r)
{
	static const u64 regions[] = {
		GUEST_GICD_BASE,
		GUEST_GICC_BASE,
		GUEST_GICV3_GICR0_BASE,
		GUEST_PL011_BASE,
		GUEST_VIRTIO_MMIO_BASE,
		GUEST_VPCI_ECAM_BASE,
		GUEST_GNTTAB_BASE,
		GUEST_MAGIC_BASE,
		0,
	};
	u64 base = regions[rng_below(r, ARRAY_SIZE(regions))];

	return base + (rng_pct(r, 50) ? 0 : rng_below(r, 0x3000));
}

u64 gen_scratch_ptr(struct rng *r, size_t len)
{
	u64 p;
	unsigned int tries;

	if (len > SCRATCH_SIZE)
		len = SCRATCH_SIZE;
	for (tries = 0; tries < 8; tries++) {
		p = scratch_base +
		    (rng_below(r, SCRATCH_SIZE - len + 1) & ~7UL);
		if (in_scratch(p, len))
			return p;
	}
	return p;
}

u64 gen_ptr(struct rng *r)
{
	u64 page = scratch_base + rng_below(r, SCRATCH_PAGES) * PAGE_SIZE;

	switch (rng_below(r, 12)) {
	case 0:
	case 1:
	case 2: /* somewhere in scratch, aligned */
		return gen_scratch_ptr(r, 64);
	case 3: /* at the start of a page */
		return page;
	case 4: /* just before a page boundary: the buffer straddles it */
		return page + PAGE_SIZE - 8 * (1 + rng_below(r, 8));
	case 5: /* the last bytes of RAM: the next page is not there */
		return scratch_end - 1 - rng_below(r, 64);
	case 6: /* misaligned */
		return gen_scratch_ptr(r, 64) + 1 + rng_below(r, 7);
	case 7:
		return gen_mmio_addr(r);
	case 8: /* no stage-1 mapping at all */
		return UNMAPPED_VA + rng_below(r, PAGE_SIZE);
	case 9: /* past the end of RAM: no stage-2 mapping */
		return scratch_end + rng_below(r, 4) * PAGE_SIZE +
		       rng_below(r, 16);
	case 10: /* the top of the address space: lengths wrap */
		return -1UL - rng_below(r, 4096);
	default:
		return sanitize(gen_int(r));
	}
}

u64 gen_gfn(struct rng *r)
{
	switch (rng_below(r, 8)) {
	case 0:
	case 1:
	case 2:
		return (scratch_base >> PAGE_SHIFT) +
		       rng_below(r, SCRATCH_PAGES);
	case 3:
		return (scratch_end >> PAGE_SHIFT) + rng_below(r, 4);
	case 4:
		return (GUEST_GNTTAB_BASE >> PAGE_SHIFT) + rng_below(r, 32);
	case 5:
		return (GUEST_MAGIC_BASE >> PAGE_SHIFT) + rng_below(r, 8);
	default:
		return sanitize(gen_int(r));
	}
}

u64 gen_domid(struct rng *r)
{
	static const u64 ids[] = {0x7ff0, 0,	  1,	  2,
				  3,	  0x7ff1, 0x7ff2, 0x7ff4,
				  0x7fff, 0xffff, 0x10000};

	return rng_pct(r, 90) ? ids[rng_below(r, ARRAY_SIZE(ids))] : gen_int(r);
}

u64 gen_port(struct rng *r)
{
	static const u64 edges[] = {0,	   63,	    64,	     1023,
				    1024,  4095,    4096,    32767,
				    32768, 0x1ffff, 0x20000, 0xffffffff};

	switch (rng_below(r, 4)) {
	case 0:
	case 1:
		return rng_below(r, 12);
	case 2:
		return edges[rng_below(r, ARRAY_SIZE(edges))];
	default:
		return gen_int(r) & 0xffffffff;
	}
}

u64 gen_val(struct rng *r)
{
	switch (rng_below(r, 10)) {
	case 0:
	case 1:
		return gen_ptr(r);
	case 2:
		return gen_gfn(r);
	case 3:
		return gen_domid(r);
	case 4:
		return gen_port(r);
	default:
		return sanitize(gen_int(r));
	}
}

/* ---- scratch memory, which the hypervisor may take away ---- */

/*
 * One byte store that may fault (the page may have been unmapped by a
 * memory_op); the fault is absorbed.
 */
static bool try_store8(u64 va, u8 v)
{
	fault_clear();
	__asm__ __volatile__("1:\tstrb %w0, [%1]\n"
			     "2:\n\t" EXTABLE("1b", "1b", "2b")
			     :
			     : "r"(v), "r"(va)
			     : "memory");
	return !fault_last()->taken;
}

static bool try_store64(u64 va, u64 v)
{
	fault_clear();
	__asm__ __volatile__("1:\tstr %0, [%1]\n"
			     "2:\n\t" EXTABLE("1b", "1b", "2b")
			     :
			     : "r"(v), "r"(va)
			     : "memory");
	return !fault_last()->taken;
}

void scratch_memset(u64 p, u8 c, size_t len)
{
	while (len) {
		u64 pg = (p - scratch_base) >> PAGE_SHIFT;
		size_t chunk = MIN(len, PAGE_SIZE - (p & (PAGE_SIZE - 1)));

		if (p < scratch_base || p >= scratch_end)
			return;
		if (page_alive((unsigned int)pg)) {
			if (!try_store8(p, c)) {
				/* Went away: scratch_check() deals with it. */
			} else {
				memset((void *)(uintptr_t)(p + 1), c,
				       chunk - 1);
			}
		}
		p += chunk;
		len -= chunk;
	}
}

void scratch_write64(u64 p, u64 v)
{
	u64 pg;

	if (p < scratch_base || p > scratch_end - 8)
		return;
	pg = (p - scratch_base) >> PAGE_SHIFT;
	if (!page_alive((unsigned int)pg) ||
	    !page_alive((unsigned int)((p + 7 - scratch_base) >> PAGE_SHIFT)))
		return;
	if (p & 7) {
		unsigned int i;

		for (i = 0; i < 8; i++)
			if (!try_store8(p + i, (u8)(v >> (8 * i))))
				return;
		return;
	}
	try_store64(p, v);
}

void gen_fill(struct rng *r, u64 p, size_t len)
{
	u64 a = ALIGN_DOWN(p, 8), end = p + len;

	if (p < scratch_base)
		return;
	if (end > scratch_end || end < p)
		end = scratch_end;
	for (; a < end; a += 8)
		scratch_write64(a, gen_val(r));
}

void sanitize_windows(u64 p, unsigned int nwords)
{
	unsigned int k;

	if (!(p & 7))
		return; /* aligned words were sanitized when written */
	for (k = 0; k < nwords; k++) {
		u64 w = p + 8 * k, v = 0;
		unsigned int i;

		if (!in_scratch(w, 8))
			return;
		for (i = 0; i < 8; i++) {
			u8 b;

			if (!probe_read8(w + i, &b))
				return;
			v |= (u64)b << (8 * i);
		}
		if (sanitize(v) != v)
			scratch_write64(w, sanitize(v));
	}
}

/*
 * A scratch page that faults (stage 2 took it away): ask for it back with
 * XENMEM_populate_physmap (Xen; armvisor never takes RAM away). A page
 * that is still missing is never used again by anything but the "no
 * mapping" cases.
 */
unsigned int scratch_check(void)
{
	unsigned int pg, alive = 0;
	u8 v;

	for (pg = 0; pg < SCRATCH_PAGES; pg++) {
		u64 va = scratch_base + pg * PAGE_SIZE;

		if (!page_alive(pg))
			continue;
		if (!probe_read8(va, &v) || !try_store8(va, v)) {
			static xen_pfn_t gfn;
			struct xen_memory_reservation res = {
				.nr_extents = 1,
				.extent_order = 0,
				.domid = DOMID_SELF,
			};

			gfn = va >> PAGE_SHIFT;
			set_xen_guest_handle(res.extent_start, &gfn);
			if (HYPERVISOR_memory_op(XENMEM_populate_physmap,
						 &res) != 1 ||
			    !probe_read8(va, &v)) {
				scratch_dead |= 1U << pg;
				stats.pages_lost++;
				continue;
			}
		}
		alive++;
	}
	return alive;
}
