/* SPDX-License-Identifier: MIT */
/* Grant-table operations for the fuzzer (see ops.c). */
#include "ops.h"
#include <public/domctl.h>
#include <public/grant_table.h>
#include <public/platform.h>
#include <public/sysctl.h>

/*
 * Grant tables: where our own grant-table frames were mapped (by an
 * add_to_physmap that succeeded), so grant entries can be written there
 * and then mapped, copied, flushed and unmapped by reference; and the
 * last mappings made, for unmap.
 */
#define NR_GNT 4
static struct {
	u64 idx, gfn;
} gnt_frames[NR_GNT];
static unsigned int nr_gnt_frames;
static struct {
	u64 host_addr;
	u32 handle;
} gnt_maps[8];
static unsigned int nr_gnt_maps;

/* Write a plausible grant entry of ours; returns its reference. */
static u32 gnt_entry(struct rng *r)
{
	unsigned int f = rng_below(r, nr_gnt_frames);
	u32 slot = rng_below(r, 512); /* v1 entries: 8 bytes */
	u64 flags = rng_pct(r, 70) ? GTF_permit_access : rng_below(r, 0x10000);
	u64 dom = rng_pct(r, 50) ? 1 : gen_domid(r) & 0xffff;
	u64 frame = gen_gfn(r) & 0xffffffff;

	if (rng_pct(r, 30))
		flags |= GTF_readonly;
	scratch_write64((gnt_frames[f].gfn << PAGE_SHIFT) + slot * 8,
			flags | dom << 16 | frame << 32);
	return (u32)(gnt_frames[f].idx * 512 + slot);
}

static u32 gnt_ref(struct rng *r)
{
	if (nr_gnt_frames && rng_pct(r, 70))
		return gnt_entry(r);
	return rng_pct(r, 70) ? (u32)rng_below(r, 64) : (u32)gen_int(r);
}

void gen_grant_table_op(struct rng *r, struct call *c)
{
	u64 b[BUF_WORDS];
	u64 p = struct_ptr(r);
	unsigned int i, n;

	buf_random(r, b);
	c->a[0] = gen_cmd(r, 16);
	c->a[1] = p;
	c->a[2] = rng_pct(r, 75) ? 1 + rng_below(r, 3) : gen_int(r);
	n = MIN((unsigned int)c->a[2], 4U);
	c->flags |= CF_MEMORY;
	switch ((u32)c->a[0]) {
	case GNTTABOP_map_grant_ref:
		for (i = 0; i < n; i++) {
			struct gnttab_map_grant_ref *m = (void *)&b[4 * i];

			m->host_addr =
				gen_gfn(r) << PAGE_SHIFT |
				(rng_pct(r, 90) ? 0 : rng_below(r, 4096));
			m->flags = rng_pct(r, 80)
					   ? GNTMAP_host_map |
						     (rng_pct(r, 40)
							      ? GNTMAP_readonly
							      : 0)
					   : (u32)gen_int(r);
			m->ref = gnt_ref(r);
			m->dom = rng_pct(r, 60) ? 1 : gen_domid(r);
		}
		break;
	case GNTTABOP_unmap_grant_ref:
	case GNTTABOP_unmap_and_replace:
		for (i = 0; i < n; i++) {
			unsigned int k = rng_below(r, 8);

			if (nr_gnt_maps && rng_pct(r, 80)) {
				b[3 * i] = gnt_maps[k % nr_gnt_maps].host_addr;
				b[3 * i + 2] = gnt_maps[k % nr_gnt_maps].handle;
			} else {
				b[3 * i] = gen_gfn(r) << PAGE_SHIFT;
				b[3 * i + 2] = rng_below(r, 16);
			}
			/* unmap: dev_bus_addr; unmap_and_replace: new_addr */
			b[3 * i + 1] =
				rng_pct(r, 50) ? 0 : gen_gfn(r) << PAGE_SHIFT;
		}
		break;
	case GNTTABOP_copy:
		for (i = 0; i < n; i++) {
			struct gnttab_copy *cp = (void *)&b[5 * i];
			u16 fl = rng_below(r, 4);

			cp->source.u.gmfn = fl & GNTCOPY_source_gref
						    ? gnt_ref(r)
						    : gen_gfn(r);
			cp->source.domid =
				rng_pct(r, 70) ? DOMID_SELF : gen_domid(r);
			cp->source.offset = rng_pct(r, 70) ? rng_below(r, 4096)
							   : (u16)gen_int(r);
			cp->dest.u.gmfn = fl & GNTCOPY_dest_gref ? gnt_ref(r)
								 : gen_gfn(r);
			cp->dest.domid =
				rng_pct(r, 70) ? DOMID_SELF : gen_domid(r);
			cp->dest.offset = rng_pct(r, 70) ? rng_below(r, 4096)
							 : (u16)gen_int(r);
			cp->len = rng_pct(r, 70) ? rng_below(r, 4097)
						 : (u16)gen_int(r);
			cp->flags = rng_pct(r, 90) ? fl : (u16)gen_int(r);
		}
		break;
	case GNTTABOP_cache_flush:
		for (i = 0; i < n; i++) {
			struct gnttab_cache_flush *cf = (void *)&b[3 * i];
			bool gref = rng_pct(r, 50);

			/* XSA-232: machine addresses that are not ours. */
			cf->a.dev_bus_addr =
				gref ? gnt_ref(r)
				: rng_pct(r, 50)
					? 0x40000000UL +
						  (rng_below(r, 0x40000) << 12)
					: gen_int(r);
			cf->offset = rng_pct(r, 80) ? rng_below(r, 4096)
						    : (u16)gen_int(r);
			cf->length = rng_pct(r, 80) ? rng_below(r, 4097)
						    : (u16)gen_int(r);
			cf->op = rng_below(r, 4) |
				 (gref ? GNTTAB_CACHE_SOURCE_GREF : 0);
		}
		break;
	case GNTTABOP_setup_table:
		b[0] = gen_domid(r) |
		       (rng_pct(r, 80) ? rng_below(r, 70) : gen_int(r)) << 32;
		b[2] = list_ptr(r, gen_gfn, 8, 8); /* frame_list (OUT) */
		break;
	case GNTTABOP_set_version:
		b[0] = rng_pct(r, 80) ? rng_below(r, 4) : gen_int(r);
		break;
	case GNTTABOP_swap_grant_ref:
		for (i = 0; i < n; i++)
			b[i] = gnt_ref(r) | (u64)gnt_ref(r) << 32;
		break;
	default:
		/* query_size, get_version, get_status_frames: a domid first */
		b[0] = gen_domid(r) |
		       (rng_pct(r, 80) ? rng_below(r, 8) : gen_int(r)) << 32;
		break;
	}
	if (p >= scratch_base)
		buf_put(p, b);
}

/* After a grant map: remember where and with which handle. */
void gnt_after_map(u64 p, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		u64 e = p + 32 * i, v;
		u32 h;

		if (!in_scratch(e, 32) || (e & 7) || !probe_read64(e + 16, &v))
			return;
		if ((s16)(v >> 16)) /* status != GNTST_okay */
			continue;
		h = (u32)(v >> 32);
		if (!probe_read64(e, &v))
			return;
		gnt_maps[nr_gnt_maps % 8].host_addr = v;
		gnt_maps[nr_gnt_maps % 8].handle = h;
		nr_gnt_maps++;
		stats.gnt_maps++;
	}
}

void gnt_frame_mapped(u64 idx, u64 gfn)
{
	gnt_frames[nr_gnt_frames % NR_GNT].idx = idx;
	gnt_frames[nr_gnt_frames % NR_GNT].gfn = gfn;
	if (nr_gnt_frames < NR_GNT)
		nr_gnt_frames++;
	stats.gnt_frames++;
}
