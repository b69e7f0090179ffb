/* SPDX-License-Identifier: MIT */
/*
 * Helpers for the grant-table unit tests (test_gnttab*.c): test domains
 * with RAM from the real page allocator over fake host RAM, a fake stage 2
 * (hyp/arch/host/fake_gnttab.c), and hypercall wrappers that run as a
 * chosen domain.
 *
 * Each test domain has GD_RAM_PAGES pages of RAM at guest frame
 * GD_RAM_GFN, owned by it as domain_populate_ram() would set them up, and
 * its grant frame 0 mapped at GD_GNTTAB_GFN as Linux does at boot. Grant
 * mappings go at guest frames from GD_MAP_GFN up. Destroying a test domain
 * does what domain_destroy() must: gnttab_domain_destroy(), the p2m goes,
 * then the RAM is freed through gnttab_free_ram().
 *
 * gd_env_fini() checks that every page went back to the allocator.
 */
#ifndef GNTTAB_TEST_UTIL_H
#define GNTTAB_TEST_UTIL_H

/* hyp headers first: compiler.h defines names glibc also defines. */
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/grant_table.h>
#include <hyp/hypercall.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/p2m.h>
#include <public/grant_table.h>
#include <public/memory.h>

#include "../../hyp/common/grant_table_internal.h"
#include "../../hyp/common/mm_internal.h"
#include "host_fake.h"
#include "host_fake_guest.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* ---- hyp/arch/host/fake_gnttab.c ---- */
void host_fake_p2m_reset(void);
void host_fake_p2m_fail_map(unsigned int n);
unsigned int host_fake_p2m_count(struct domain *d);
unsigned long host_fake_p2m_nr_maps(void);
unsigned long host_fake_p2m_nr_unmaps(void);
void host_fake_p2m_forget(struct domain *d);

#define GD_HOST_RAM_BASE 0x80000000ULL
#define GD_HOST_RAM_SIZE MB(64)
#define GD_RAM_ORDER 5
#define GD_RAM_PAGES (1U << GD_RAM_ORDER)
#define GD_RAM_GFN 0x40000ULL
#define GD_GNTTAB_GFN 0x38000ULL
#define GD_MAP_GFN 0x80000ULL
#define GD_MAX 16

struct gdom {
	struct domain d;
	struct vcpu vcpu;
	struct vcpu *vcpus[1];
	struct page_info *ram;
	u64 ram_mfn;
	bool alive;
};

static struct gdom *gd_live[GD_MAX];
static u64 gd_free_baseline;

static inline u64 gd_free_pages(void)
{
	struct page_alloc_stats st;

	page_alloc_get_stats(&st);
	return st.free_pages;
}

static inline void gd_env_init(void)
{
	host_fake_guest_reset();
	host_fake_p2m_reset();
	gnttab_test_race_hook = NULL;
	memset(gd_live, 0, sizeof(gd_live));
	host_fake_ram_init(pa_init(GD_HOST_RAM_BASE), GD_HOST_RAM_SIZE);
	bootmem_reset_for_test();
	page_alloc_reset_for_test();
	bootmem_add_ram(pa_init(GD_HOST_RAM_BASE), GD_HOST_RAM_SIZE);
	opt_bootscrub = BOOTSCRUB_OFF;
	page_alloc_init();
	gd_free_baseline = gd_free_pages();
}

static inline void gd_env_fini(void)
{
	unsigned int i;

	for (i = 0; i < GD_MAX; i++)
		assert_null(gd_live[i]);
	assert_int_equal(gd_free_pages(), gd_free_baseline);
	gnttab_test_race_hook = NULL;
	host_fake_ram_fini();
	host_fake_guest_reset();
	host_fake_p2m_reset();
}

/* host_fake_guest keeps no per-domain removal: rebuild its tables. */
static inline void gd_reregister(void)
{
	struct vcpu *cur = current;
	unsigned int i;

	host_fake_guest_reset();
	for (i = 0; i < GD_MAX; i++) {
		struct gdom *g = gd_live[i];

		if (!g)
			continue;
		host_fake_domain_register(&g->d);
		host_fake_gfn_map(&g->d, GD_RAM_GFN, g->ram_mfn, GD_RAM_PAGES);
	}
	set_current_vcpu(cur);
}

/* A domain with RAM and a grant table of max_frames (0: default). */
static inline void gd_init(struct gdom *g, domid_t id, bool privileged,
			   unsigned int max_frames)
{
	unsigned int i;

	memset(g, 0, sizeof(*g));
	g->d.domain_id = id;
	spin_lock_init(&g->d.lock);
	INIT_LIST_HEAD(&g->d.page_list);
	g->d.max_vcpus = 1;
	g->d.vcpus = g->vcpus;
	g->d.is_privileged = privileged;
	g->vcpu.domain = &g->d;
	g->vcpus[0] = &g->vcpu;
	g->ram = alloc_pages(GD_RAM_ORDER, ALLOC_ZERO);
	assert_non_null(g->ram);
	g->ram_mfn = mfn_val(page_to_mfn(g->ram));
	for (i = 0; i < GD_RAM_PAGES; i++)
		g->ram[i].owner = (u64)(uintptr_t)&g->d;
	assert_int_equal(gnttab_domain_init(&g->d, max_frames), 0);
	assert_int_equal(gnttab_map_frame(&g->d, 0, gfn_init(GD_GNTTAB_GFN)),
			 0);
	for (i = 0; i < GD_MAX; i++) {
		if (!gd_live[i]) {
			gd_live[i] = g;
			break;
		}
	}
	assert_true(i < GD_MAX);
	g->alive = true;
	host_fake_domain_register(&g->d);
	host_fake_gfn_map(&g->d, GD_RAM_GFN, g->ram_mfn, GD_RAM_PAGES);
}

/* What domain_destroy() does, in its order. */
static inline void gd_destroy(struct gdom *g)
{
	unsigned int i;

	assert_true(g->alive);
	g->alive = false;
	for (i = 0; i < GD_MAX; i++)
		if (gd_live[i] == g)
			gd_live[i] = NULL;
	gd_reregister(); /* domain_find() no longer finds it */
	gnttab_domain_destroy(&g->d);
	assert_null(g->d.grant_table);
	host_fake_p2m_forget(&g->d);
	gnttab_free_ram(g->ram, GD_RAM_ORDER);
}

static inline u8 *gd_page(struct gdom *g, unsigned int idx)
{
	return maddr_to_virt(mfn_to_pa(mfn_init(g->ram_mfn + idx)));
}

static inline struct page_info *gd_pg(struct gdom *g, unsigned int idx)
{
	return &g->ram[idx];
}

static inline u64 gd_mfn(struct gdom *g, unsigned int idx)
{
	return g->ram_mfn + idx;
}

/* The guest's view of its grant entry ref (maps the frame if needed). */
static inline struct grant_entry_v1 *gd_entry(struct gdom *g, grant_ref_t ref)
{
	unsigned int idx = ref / GNTTAB_ENTRIES_PER_FRAME;
	gfn_t gfn = gfn_init(GD_GNTTAB_GFN + idx);
	mfn_t mfn = p2m_lookup(&g->d, gfn, NULL);
	struct grant_entry_v1 *e;

	if (mfn_val(mfn) == mfn_val(INVALID_MFN)) {
		assert_int_equal(gnttab_map_frame(&g->d, idx, gfn), 0);
		mfn = p2m_lookup(&g->d, gfn, NULL);
	}
	e = maddr_to_virt(mfn_to_pa(mfn));
	return &e[ref % GNTTAB_ENTRIES_PER_FRAME];
}

/* Grant page idx of g's RAM to domid, as Linux does (flags last). */
static inline void gd_grant(struct gdom *g, grant_ref_t ref, domid_t domid,
			    unsigned int idx, u16 flags)
{
	struct grant_entry_v1 *e = gd_entry(g, ref);

	e->frame = (u32)(GD_RAM_GFN + idx);
	e->domid = domid;
	__atomic_store_n(&e->flags, flags, __ATOMIC_RELEASE);
}

static inline u16 gd_flags(struct gdom *g, grant_ref_t ref)
{
	return __atomic_load_n(&gd_entry(g, ref)->flags, __ATOMIC_ACQUIRE);
}

static inline long gd_op(struct gdom *g, u64 cmd, void *uop, u64 count)
{
	set_current_vcpu(&g->vcpu);
	return do_grant_table_op(cmd, (u64)(uintptr_t)uop, count);
}

static inline s16 gd_map(struct gdom *g, domid_t dom, grant_ref_t ref,
			 u32 flags, u64 gfn, grant_handle_t *handle)
{
	struct gnttab_map_grant_ref op = {
		.host_addr = gfn << PAGE_SHIFT,
		.flags = flags,
		.ref = ref,
		.dom = dom,
		.status = 0x7777,
		.handle = 0xdeadbeef,
	};

	assert_int_equal(gd_op(g, GNTTABOP_map_grant_ref, &op, 1), 0);
	if (handle)
		*handle = op.handle;
	/* dev_bus_addr is the machine address of what now sits at gfn. */
	if (op.status == GNTST_okay)
		assert_int_equal(
			op.dev_bus_addr >> PAGE_SHIFT,
			mfn_val(p2m_lookup(&g->d, gfn_init(gfn), NULL)));
	return op.status;
}

static inline s16 gd_unmap(struct gdom *g, u64 gfn, grant_handle_t handle)
{
	struct gnttab_unmap_grant_ref op = {
		.host_addr = gfn << PAGE_SHIFT,
		.handle = handle,
		.status = 0x7777,
	};

	assert_int_equal(gd_op(g, GNTTABOP_unmap_grant_ref, &op, 1), 0);
	return op.status;
}

/* What the mapper sees at guest frame gfn. */
static inline u8 *gd_mapped(struct gdom *g, u64 gfn, enum p2m_type *t)
{
	mfn_t mfn = p2m_lookup(&g->d, gfn_init(gfn), t);

	if (mfn_val(mfn) == mfn_val(INVALID_MFN))
		return NULL;
	return maddr_to_virt(mfn_to_pa(mfn));
}

static inline u32 gd_map_count(struct gdom *g, unsigned int idx)
{
	return g->ram[idx].map_count;
}

/* xorshift64*, deterministic for a seed. */
static inline u64 gd_rnd(u64 *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

#endif
