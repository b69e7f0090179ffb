/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: random grant-table operations from several domains, with
 * granters rewriting their entries behind the hypervisor's back, racing
 * its compare-and-swap, and domains dying and coming back. After every
 * step the page references must match the mappings that exist, and the
 * pins the grant entries carry; at the end every page must be back in the
 * allocator (and the sanitizers must see no leak).
 *
 * GNTTAB_FUZZ_SEED=<n> runs that seed only (GNTTAB_FUZZ_STEPS=<n> steps);
 * otherwise a fixed set of seeds runs.
 */
#include "gnttab_test_util.h"

#define NDOM 4
#define MAX_REF 1100 /* a little past two frames */
#define MAP_WINDOW 96

static struct gdom *doms[NDOM];
static u64 seed;
static unsigned int hook_left;

static u64 rnd(void)
{
	return gd_rnd(&seed);
}

static unsigned int rnd_n(unsigned int n)
{
	return n ? rnd() % n : 0;
}

static struct gnttab_maptrack *mt_at(struct grant_table *gt, u32 h)
{
	return &gt->maptrack[h / GNTTAB_MAPTRACK_PER_PAGE]
			    [h % GNTTAB_MAPTRACK_PER_PAGE];
}

static domid_t dom_id(unsigned int slot)
{
	return slot; /* slot 0 is the control domain, dom0 */
}

static struct gdom *new_dom(unsigned int slot)
{
	static const unsigned int frames[] = {1, 2, 3, 64};
	struct gdom *g = calloc(1, sizeof(*g));

	assert_non_null(g);
	gd_init(g, dom_id(slot), slot == 0, frames[rnd_n(4)]);
	return g;
}

static void kill_dom(unsigned int slot)
{
	gd_destroy(doms[slot]);
	free(doms[slot]);
	doms[slot] = NULL;
}

/* A granter flipping bits of the word we are about to swap. */
static void fuzz_hook(u32 *word)
{
	if (!hook_left)
		return;
	hook_left--;
	__atomic_xor_fetch(word, 1U << rnd_n(32), __ATOMIC_RELAXED);
}

static domid_t rnd_domid(void)
{
	switch (rnd_n(8)) {
	case 0:
		return DOMID_SELF;
	case 1:
		return (domid_t)rnd();
	default:
		return dom_id(rnd_n(NDOM + 1));
	}
}

static grant_ref_t rnd_ref(void)
{
	return rnd_n(4) ? 8 + rnd_n(40) : rnd_n(8) ? rnd_n(MAX_REF) : rnd();
}

static u64 rnd_gfn(void)
{
	switch (rnd_n(10)) {
	case 0:
		return rnd();
	case 1:
		return GD_RAM_GFN + rnd_n(GD_RAM_PAGES + 2);
	case 2:
		return GD_GNTTAB_GFN + rnd_n(3);
	default:
		return GD_MAP_GFN + rnd_n(MAP_WINDOW);
	}
}

/* The guest writes one of its grant entries. */
static void step_write_entry(struct gdom *g)
{
	struct grant_table *gt = g->d.grant_table;
	grant_ref_t ref = rnd_n(MAX_REF);
	static const u16 flags[] = {
		GTF_permit_access,
		GTF_permit_access | GTF_readonly,
		0,
		GTF_permit_access | GTF_reading,
		GTF_accept_transfer,
	};
	struct grant_entry_v1 *e;

	if (ref >= gnttab_nr_entries(gt)) {
		gnttab_map_frame(&g->d, ref / GNTTAB_ENTRIES_PER_FRAME,
				 gfn_init(GD_GNTTAB_GFN +
					  ref / GNTTAB_ENTRIES_PER_FRAME));
		if (ref >= gnttab_nr_entries(gt))
			return;
	}
	e = gnttab_entry(gt, ref);
	if (rnd_n(3)) {
		e->frame = (u32)(GD_RAM_GFN + rnd_n(GD_RAM_PAGES + 1));
		e->domid = dom_id(rnd_n(NDOM + 1));
		e->flags = flags[rnd_n(ARRAY_SIZE(flags))] |
			   (e->flags & (GTF_reading | GTF_writing));
	} else {
		/* Hostile: anything at all. */
		__atomic_store_n((u64 *)e, rnd(), __ATOMIC_RELAXED);
	}
}

/*
 * Half the time a granter first grants the entry to g, as a frontend
 * would before telling its backend: returns the granter's id and the ref.
 */
static domid_t cooperate(struct gdom *g, grant_ref_t *ref, bool readonly)
{
	struct gdom *r = doms[rnd_n(NDOM)];
	struct grant_entry_v1 *e;

	if (!r)
		return rnd_domid();
	*ref = 8 + rnd_n(40);
	e = gnttab_entry(r->d.grant_table, *ref);
	e->frame = (u32)(GD_RAM_GFN + rnd_n(GD_RAM_PAGES));
	e->domid = g->d.domain_id;
	/* Keep the flags we set for pins still held. */
	__atomic_store_n(&e->flags,
			 GTF_permit_access | (readonly ? GTF_readonly : 0) |
				 (e->flags & (GTF_reading | GTF_writing)),
			 __ATOMIC_RELEASE);
	return r->d.domain_id;
}

static void step_map(struct gdom *g)
{
	struct gnttab_map_grant_ref op[4];
	unsigned int i, n = 1 + rnd_n(4);
	static const u32 flags[] = {
		GNTMAP_host_map,
		GNTMAP_host_map | GNTMAP_readonly,
		GNTMAP_host_map | GNTMAP_readonly,
		GNTMAP_device_map | GNTMAP_host_map,
		0,
	};

	for (i = 0; i < n; i++) {
		op[i] = (struct gnttab_map_grant_ref){
			.host_addr = rnd_gfn() << PAGE_SHIFT,
			.flags = rnd_n(16) ? flags[rnd_n(ARRAY_SIZE(flags))]
					   : (u32)rnd(),
			.ref = rnd_ref(),
			.dom = rnd_domid(),
		};
		if (rnd_n(2))
			op[i].dom = cooperate(g, &op[i].ref,
					      op[i].flags & GNTMAP_readonly &&
						      rnd_n(2));
	}
	assert_int_equal(gd_op(g, GNTTABOP_map_grant_ref, op, n), 0);
	for (i = 0; i < n; i++)
		assert_true(op[i].status <= 0 &&
			    op[i].status >= GNTST_no_space);
}

/* Unmap something g maps (mostly at the right place), or junk. */
static void step_unmap(struct gdom *g)
{
	struct grant_table *gt = g->d.grant_table;
	struct gnttab_unmap_grant_ref op = {.handle = (u32)rnd()};
	u32 h;

	if (gt->maptrack_limit && rnd_n(8)) {
		unsigned int tries = 0;

		/* Mostly a handle in use. */
		do
			h = rnd_n(gt->maptrack_limit);
		while (!mt_at(gt, h)->flags && ++tries < 16);
		op.handle = h;
		op.host_addr = rnd_gfn() << PAGE_SHIFT;
		/* Find where it is mapped, as a real guest would know. */
		if (rnd_n(4)) {
			u64 gfn;

			for (gfn = GD_MAP_GFN; gfn < GD_MAP_GFN + MAP_WINDOW;
			     gfn++) {
				struct gnttab_maptrack *mt = mt_at(gt, h);

				if (mt->flags &&
				    mfn_val(p2m_lookup(&g->d, gfn_init(gfn),
						       NULL)) ==
					    mfn_val(mt->mfn)) {
					op.host_addr = gfn << PAGE_SHIFT;
					break;
				}
			}
		}
	}
	if (rnd_n(6)) {
		assert_int_equal(gd_op(g, GNTTABOP_unmap_grant_ref, &op, 1), 0);
	} else {
		struct gnttab_unmap_and_replace ur = {
			.host_addr = op.host_addr,
			.new_addr = rnd_n(2) ? 0 : rnd(),
			.handle = op.handle,
		};

		assert_int_equal(gd_op(g, GNTTABOP_unmap_and_replace, &ur, 1),
				 0);
	}
}

static void rnd_copy_ptr(struct gnttab_copy_ptr *p, bool gref)
{
	if (gref)
		p->u.ref = rnd_ref();
	else
		p->u.gmfn =
			rnd_n(8) ? GD_RAM_GFN + rnd_n(GD_RAM_PAGES) : rnd_gfn();
	p->domid = gref || rnd_n(8) == 0 ? rnd_domid() : DOMID_SELF;
	p->offset = rnd_n(4) ? rnd_n(PAGE_SIZE) : (u16)rnd();
}

static void step_copy(struct gdom *g)
{
	struct gnttab_copy op[3];
	unsigned int i, n = 1 + rnd_n(3);

	for (i = 0; i < n; i++) {
		memset(&op[i], 0, sizeof(op[i]));
		op[i].flags = rnd_n(4);
		rnd_copy_ptr(&op[i].source, op[i].flags & GNTCOPY_source_gref);
		rnd_copy_ptr(&op[i].dest, op[i].flags & GNTCOPY_dest_gref);
		if ((op[i].flags & GNTCOPY_source_gref) && rnd_n(2))
			op[i].source.domid =
				cooperate(g, &op[i].source.u.ref, true);
		if ((op[i].flags & GNTCOPY_dest_gref) && rnd_n(2))
			op[i].dest.domid =
				cooperate(g, &op[i].dest.u.ref, false);
		op[i].len = rnd_n(3) ? rnd_n(PAGE_SIZE + 1) : (u16)rnd();
	}
	assert_int_equal(gd_op(g, GNTTABOP_copy, op, n), 0);
	for (i = 0; i < n; i++)
		assert_true(op[i].status <= 0 &&
			    op[i].status >= GNTST_no_space);
}

static void step_misc(struct gdom *g)
{
	union {
		struct gnttab_query_size q;
		struct gnttab_setup_table st;
		struct gnttab_swap_grant_ref sw;
		struct gnttab_cache_flush cf;
		struct gnttab_set_version sv;
		u8 raw[256]; /* the largest element times 3 */
	} u;
	xen_pfn_t frames[4];
	long rc;

	memset(&u, 0, sizeof(u));
	switch (rnd_n(7)) {
	case 0:
		u.q.dom = rnd_domid();
		rc = gd_op(g, GNTTABOP_query_size, &u, 1);
		assert_int_equal(rc, 0);
		break;
	case 1:
		u.st.dom = rnd_domid();
		u.st.nr_frames = rnd_n(5);
		u.st.frame_list.q = (u64)(uintptr_t)frames;
		assert_int_equal(gd_op(g, GNTTABOP_setup_table, &u, 1), 0);
		break;
	case 2:
		u.sw.ref_a = rnd_ref();
		u.sw.ref_b = rnd_ref();
		assert_int_equal(gd_op(g, GNTTABOP_swap_grant_ref, &u, 1), 0);
		break;
	case 3:
		u.cf.a.dev_bus_addr = rnd_n(4) ? (gd_mfn(doms[rnd_n(NDOM)] ?: g,
							 rnd_n(GD_RAM_PAGES))
						  << PAGE_SHIFT)
					       : rnd();
		u.cf.offset = rnd_n(PAGE_SIZE);
		u.cf.length = rnd_n(PAGE_SIZE);
		u.cf.op = rnd_n(4);
		rc = gd_op(g, GNTTABOP_cache_flush, &u, 1);
		assert_true(rc == 0 || rc == -EINVAL || rc == -EPERM);
		break;
	case 4:
		u.sv.version = rnd_n(4);
		rc = gd_op(g, GNTTABOP_set_version, &u, 1);
		assert_true(rc == 0 || rc == -EINVAL || rc == -ENOSYS);
		assert_int_equal(u.sv.version, 1);
		break;
	case 5:
		gnttab_map_frame(&g->d, rnd_n(4) ? rnd_n(5) : rnd(),
				 gfn_init(rnd_gfn()));
		break;
	default:
		/* Anything, to anything. */
		rc = gd_op(g, rnd_n(16), u.raw, rnd_n(3));
		assert_true(rc <= 0);
		break;
	}
}

/*
 * Each page's references equal the mappings of it; each entry's pins equal
 * the mappings of it (copies are over by now). With all_pages, every page
 * of the allocator is checked, else those of live domains and mapped ones.
 */
static void check_invariants(bool all_pages)
{
	static u32 refs[GD_HOST_RAM_SIZE >> PAGE_SHIFT];
	static u16 pins[NDOM][2]
		       [GNTTAB_DEFAULT_MAX_FRAMES * GNTTAB_ENTRIES_PER_FRAME];
	u64 base = GD_HOST_RAM_BASE >> PAGE_SHIFT;
	unsigned int s, t, i, p;
	u32 h;

	memset(refs, 0, sizeof(refs));
	for (s = 0; s < NDOM; s++) {
		unsigned int n =
			doms[s] ? gnttab_nr_entries(doms[s]->d.grant_table) : 0;

		memset(pins[s][0], 0, n * sizeof(u16));
		memset(pins[s][1], 0, n * sizeof(u16));
	}
	for (t = 0; t < NDOM; t++) {
		struct grant_table *lgt =
			doms[t] ? doms[t]->d.grant_table : NULL;

		for (h = 0; lgt && h < lgt->maptrack_limit; h++) {
			struct gnttab_maptrack *mt = mt_at(lgt, h);

			if (!mt->flags)
				continue;
			refs[mfn_val(mt->mfn) - base]++;
			for (s = 0; s < NDOM; s++) {
				struct grant_table *rgt;
				struct gnttab_active *act;

				if (!doms[s] ||
				    doms[s]->d.grant_table != mt->rgt)
					continue;
				rgt = mt->rgt;
				act = gnttab_act(rgt, mt->ref);
				assert_int_equal(act->domid, lgt->domid);
				assert_int_equal(mfn_val(act->mfn),
						 mfn_val(mt->mfn));
				pins[s][!(mt->flags & GNTMAP_readonly)]
				    [mt->ref]++;
			}
		}
	}
	for (s = 0; s < NDOM; s++) {
		struct grant_table *rgt =
			doms[s] ? doms[s]->d.grant_table : NULL;

		for (i = 0; rgt && i < gnttab_nr_entries(rgt); i++) {
			struct gnttab_active *act = gnttab_act(rgt, i);

			assert_int_equal(act->pin_ro, pins[s][0][i]);
			assert_int_equal(act->pin_rw, pins[s][1][i]);
		}
	}
	for (p = 0; p < ARRAY_SIZE(refs); p++) {
		struct page_info *pg = mfn_to_page(mfn_init(base + p));
		bool live = false;

		for (s = 0; s < NDOM; s++)
			if (doms[s] &&
			    base + p - doms[s]->ram_mfn < GD_RAM_PAGES)
				live = true;
		if (!all_pages && !live && !refs[p])
			continue;
		if (pg->flags & PGF_RAM)
			assert_int_equal(pg->map_count & 0x7fffffff, refs[p]);
	}
}

static void run_seed(u64 s, unsigned int steps)
{
	unsigned int i, slot;

	seed = s ? s : 1;
	gnttab_test_race_hook = fuzz_hook;
	for (slot = 0; slot < NDOM; slot++)
		doms[slot] = new_dom(slot);
	for (i = 0; i < steps; i++) {
		struct gdom *g;

		slot = rnd_n(NDOM);
		if (!doms[slot]) {
			doms[slot] = new_dom(slot);
			continue;
		}
		g = doms[slot];
		hook_left = rnd_n(10) ? 0 : rnd_n(8);
		switch (rnd_n(20)) {
		case 0:
			kill_dom(slot);
			break;
		case 1 ... 5:
			step_write_entry(g);
			break;
		case 6 ... 10:
			step_map(g);
			break;
		case 11 ... 14:
			step_unmap(g);
			break;
		case 15 ... 17:
			step_copy(g);
			break;
		default:
			step_misc(g);
			break;
		}
		if (i % 4 == 0)
			check_invariants(i % 1024 == 0);
	}
	check_invariants(true);
	for (slot = 0; slot < NDOM; slot++)
		if (doms[slot])
			kill_dom(slot);
	gnttab_test_race_hook = NULL;
}

static int setup(void **state)
{
	gd_env_init();
	return 0;
}

static int teardown(void **state)
{
	gd_env_fini();
	return 0;
}

static void test_fuzz(void **state)
{
	static const u64 seeds[] = {1, 2, 3, 0x5eed, 0xdeadbeef, 20260801};
	const char *env = getenv("GNTTAB_FUZZ_SEED");
	const char *env_steps = getenv("GNTTAB_FUZZ_STEPS");
	unsigned int steps = env_steps ? strtoul(env_steps, NULL, 0) : 6000;
	unsigned int i;

	if (env) {
		u64 s = strtoull(env, NULL, 0);

		print_message("gnttab fuzz: seed %llu, %u steps\n",
			      (unsigned long long)s, steps);
		run_seed(s, steps);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(seeds); i++)
		run_seed(seeds[i], steps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fuzz, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
