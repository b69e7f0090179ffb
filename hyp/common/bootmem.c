/* SPDX-License-Identifier: MIT */
/*
 * Boot allocator: physical memory for the early boot, before the buddy
 * heap exists.
 *
 * Two sorted tables of disjoint, non-adjacent, page-aligned ranges: the RAM
 * banks, and the reservations (which include what bootmem_alloc() handed
 * out). Free memory is RAM minus reservations, computed when needed, so the
 * order of bootmem_add_ram() and bootmem_reserve() calls does not matter.
 *
 * Locking: none. Only the boot CPU runs before page_alloc_init(), which
 * ends this allocator.
 */
#include <hyp/compiler.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/types.h>

#include "mm_internal.h"

struct range {
	u64 start, end; /* [start, end) */
};

struct range_table {
	const char *what;
	unsigned int nr;
	struct range r[BOOTMEM_MAX_RANGES];
};

static struct range_table ram = {.what = "RAM"};
static struct range_table rsv = {.what = "reserved"};
static bool bootmem_ended;

/* Highest page-aligned address that still fits in a u64 end. */
#define PA_TOP (~0ULL & PAGE_MASK)

typedef unsigned long long ull; /* for printk formats */

static void check_not_ended(const char *fn)
{
	if (bootmem_ended)
		panic("bootmem: %s() called after page_alloc_init()", fn);
}

/* Add [s, e) to t, merging with overlapping or adjacent ranges. */
static void table_insert(struct range_table *t, u64 s, u64 e)
{
	unsigned int i, j;

	/* Ranges i..j-1 overlap or touch [s, e). */
	for (i = 0; i < t->nr && t->r[i].end < s; i++)
		;
	for (j = i; j < t->nr && t->r[j].start <= e; j++)
		;

	if (i == j) {
		if (t->nr == BOOTMEM_MAX_RANGES)
			panic("bootmem: more than %u %s ranges; cannot add "
			      "[%#llx, %#llx)",
			      BOOTMEM_MAX_RANGES, t->what, (ull)s, (ull)e);
		memmove(&t->r[i + 1], &t->r[i], (t->nr - i) * sizeof(t->r[0]));
		t->r[i].start = s;
		t->r[i].end = e;
		t->nr++;
		return;
	}

	t->r[i].start = MIN(s, t->r[i].start);
	t->r[i].end = MAX(e, t->r[j - 1].end);
	memmove(&t->r[i + 1], &t->r[j], (t->nr - j) * sizeof(t->r[0]));
	t->nr -= j - i - 1;
}

/* End of [s, s + size), saturated rather than wrapped. */
static u64 range_end(u64 s, u64 size, bool *wrapped)
{
	*wrapped = size > ~0ULL - s;
	return *wrapped ? ~0ULL : s + size;
}

void bootmem_add_ram(paddr_t start, u64 size)
{
	u64 s = pa_val(start), e;
	bool wrapped;

	check_not_ended(__func__);
	e = range_end(s, size, &wrapped);
	if (wrapped)
		printk(HYPLOG_WARNING "bootmem: RAM bank %#llx+%#llx wraps "
				      "around; truncated\n",
		       (ull)s, (ull)size);

	/* Only whole pages are usable. */
	s = s > PA_TOP ? PA_TOP : ALIGN_UP(s, PAGE_SIZE);
	e = ALIGN_DOWN(e, PAGE_SIZE);
	if (s >= e)
		return;
	table_insert(&ram, s, e);
}

void bootmem_reserve(paddr_t start, u64 size)
{
	u64 s = pa_val(start), e;
	bool wrapped;

	check_not_ended(__func__);
	e = range_end(s, size, &wrapped);

	/* Any page touched is unusable. */
	s = ALIGN_DOWN(s, PAGE_SIZE);
	e = e > PA_TOP ? PA_TOP : ALIGN_UP(e, PAGE_SIZE);
	if (s >= e)
		return;
	table_insert(&rsv, s, e);
}

/* Call fn for each maximal free range, ascending. */
static void walk_free(void (*fn)(u64 s, u64 e, void *arg), void *arg)
{
	unsigned int i, j, k = 0;

	for (i = 0; i < ram.nr; i++) {
		u64 cur = ram.r[i].start, end = ram.r[i].end;

		/* First reservation that may overlap this bank. */
		while (k < rsv.nr && rsv.r[k].end <= cur)
			k++;
		for (j = k; j < rsv.nr && rsv.r[j].start < end; j++) {
			if (rsv.r[j].start > cur)
				fn(cur, rsv.r[j].start, arg);
			cur = MAX(cur, rsv.r[j].end);
		}
		if (cur < end)
			fn(cur, end, arg);
	}
}

struct fit {
	u64 size, align;
	bool found;
	u64 addr;
	u64 largest;
};

static void fit_cb(u64 s, u64 e, void *arg)
{
	struct fit *f = arg;
	u64 cand;

	f->largest = MAX(f->largest, e - s);
	if (e - s < f->size)
		return;
	cand = ALIGN_DOWN(e - f->size, f->align);
	/* Ranges come in ascending order: the last fit is the highest. */
	if (cand >= s) {
		f->found = true;
		f->addr = cand;
	}
}

paddr_t bootmem_alloc(u64 size, u64 align)
{
	struct fit f = {0};

	check_not_ended(__func__);
	BUG_ON(!IS_POWER_OF_2(align));
	BUG_ON(size == 0);

	f.align = MAX(align, PAGE_SIZE);
	f.size = size > PA_TOP ? PA_TOP : ALIGN_UP(size, PAGE_SIZE);
	walk_free(fit_cb, &f);
	if (!f.found)
		panic("bootmem: out of memory: cannot allocate %#llx bytes "
		      "aligned to %#llx (largest free range: %#llx bytes)",
		      (ull)size, (ull)align, (ull)f.largest);

	table_insert(&rsv, f.addr, f.addr + f.size);
	return pa_init(f.addr);
}

struct iter {
	bootmem_range_fn fn;
	void *arg;
};

static void iter_cb(u64 s, u64 e, void *arg)
{
	struct iter *it = arg;

	it->fn(pa_init(s), e - s, it->arg);
}

void bootmem_for_each_free(bootmem_range_fn fn, void *arg)
{
	struct iter it = {fn, arg};

	walk_free(iter_cb, &it);
}

void bootmem_for_each_ram(bootmem_range_fn fn, void *arg)
{
	unsigned int i;

	for (i = 0; i < ram.nr; i++)
		fn(pa_init(ram.r[i].start), ram.r[i].end - ram.r[i].start, arg);
}

void bootmem_end(void)
{
	bootmem_ended = true;
}

#ifdef HYP_HOST_TEST
void bootmem_reset_for_test(void)
{
	ram.nr = 0;
	rsv.nr = 0;
	bootmem_ended = false;
}
#endif
