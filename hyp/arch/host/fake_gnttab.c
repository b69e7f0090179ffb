/* SPDX-License-Identifier: MIT */
/*
 * Fake stage 2 for host unit tests (the grant-table tests): p2m_map,
 * p2m_unmap and p2m_lookup record page mappings per domain in a table, so
 * tests can see what a guest would. Linked into every unit test binary, so
 * the fakes are weak: a test that links or defines its own gets that one.
 * The test-facing side is declared in tests/unit/gnttab_test_util.h.
 */
/* hyp headers first: compiler.h defines names glibc also defines. */
#include <hyp/compiler.h>
#include <hyp/errno.h>
#include <hyp/p2m.h>
#include <hyp/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FAKE_P2M_MAX 8192
#define FAKE_P2M_IPA_BITS 40

struct fake_p2m_entry {
	struct domain *d;
	u64 gfn, mfn;
	enum p2m_type t;
};

static struct fake_p2m_entry fake_p2m[FAKE_P2M_MAX];
static unsigned int fake_p2m_nr;
static unsigned int fake_p2m_fail;
static unsigned long fake_p2m_maps, fake_p2m_unmaps;

void host_fake_p2m_reset(void)
{
	fake_p2m_nr = 0;
	fake_p2m_fail = 0;
	fake_p2m_maps = 0;
	fake_p2m_unmaps = 0;
}

/* Make the n-th p2m_map from now (1: the next) fail with -ENOMEM. */
void host_fake_p2m_fail_map(unsigned int n)
{
	fake_p2m_fail = n;
}

/* Pages mapped for d (all domains with NULL). */
unsigned int host_fake_p2m_count(struct domain *d)
{
	unsigned int i, n = 0;

	for (i = 0; i < fake_p2m_nr; i++)
		if (!d || fake_p2m[i].d == d)
			n++;
	return n;
}

unsigned long host_fake_p2m_nr_maps(void)
{
	return fake_p2m_maps;
}

unsigned long host_fake_p2m_nr_unmaps(void)
{
	return fake_p2m_unmaps;
}

/* Forget d's mappings (its p2m_teardown). */
void host_fake_p2m_forget(struct domain *d)
{
	unsigned int i = 0;

	while (i < fake_p2m_nr) {
		if (fake_p2m[i].d == d)
			fake_p2m[i] = fake_p2m[--fake_p2m_nr];
		else
			i++;
	}
}

static struct fake_p2m_entry *fake_p2m_find(struct domain *d, u64 gfn)
{
	unsigned int i;

	for (i = 0; i < fake_p2m_nr; i++)
		if (fake_p2m[i].d == d && fake_p2m[i].gfn == gfn)
			return &fake_p2m[i];
	return NULL;
}

static bool fake_p2m_range_ok(gfn_t gfn, u64 nr)
{
	u64 g = gfn_val(gfn);

	return nr && g + nr >= g &&
	       g + nr <= (1ULL << (FAKE_P2M_IPA_BITS - 12));
}

__weak int p2m_map(struct domain *d, gfn_t gfn, mfn_t mfn, u64 nr,
		   enum p2m_type t)
{
	u64 i;

	if (!fake_p2m_range_ok(gfn, nr) || t == P2M_INVALID)
		return -EINVAL;
	if (fake_p2m_fail && --fake_p2m_fail == 0)
		return -ENOMEM;
	fake_p2m_maps++;
	for (i = 0; i < nr; i++) {
		struct fake_p2m_entry *e = fake_p2m_find(d, gfn_val(gfn) + i);

		if (!e) {
			if (fake_p2m_nr == FAKE_P2M_MAX) {
				fprintf(stderr, "fake p2m: table full\n");
				abort();
			}
			e = &fake_p2m[fake_p2m_nr++];
		}
		*e = (struct fake_p2m_entry){d, gfn_val(gfn) + i,
					     mfn_val(mfn) + i, t};
	}
	return 0;
}

__weak int p2m_unmap(struct domain *d, gfn_t gfn, u64 nr)
{
	u64 i;

	if (!fake_p2m_range_ok(gfn, nr))
		return -EINVAL;
	fake_p2m_unmaps++;
	for (i = 0; i < nr; i++) {
		struct fake_p2m_entry *e = fake_p2m_find(d, gfn_val(gfn) + i);

		if (e)
			*e = fake_p2m[--fake_p2m_nr];
	}
	return 0;
}

__weak mfn_t p2m_lookup(struct domain *d, gfn_t gfn, enum p2m_type *t)
{
	struct fake_p2m_entry *e = fake_p2m_find(d, gfn_val(gfn));

	if (t)
		*t = e ? e->t : P2M_INVALID;
	return e ? mfn_init(e->mfn) : INVALID_MFN;
}

__weak unsigned int p2m_ipa_bits(void)
{
	return FAKE_P2M_IPA_BITS;
}

/* The table pool size, as a plain number per test run (test_domctl). */
static u64 fake_p2m_pool_pages;

__weak int p2m_set_pool_size(struct domain *d, u64 pages)
{
	fake_p2m_pool_pages = pages;
	return 0;
}

__weak u64 p2m_pool_size(struct domain *d)
{
	return fake_p2m_pool_pages;
}

__weak gfn_t p2m_max_mapped_gfn(struct domain *d)
{
	u64 max = 0;
	unsigned int i;

	for (i = 0; i < fake_p2m_nr; i++)
		if (fake_p2m[i].d == d && fake_p2m[i].gfn > max)
			max = fake_p2m[i].gfn;
	return gfn_init(max);
}
