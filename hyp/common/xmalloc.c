/* SPDX-License-Identifier: MIT */
/*
 * Small-object allocator.
 *
 * Objects up to SLAB_MAX_OBJ bytes come from one-page slabs, one size class
 * per slab. A slab starts with a 64-byte header holding a bitmap of the
 * objects in use, so the allocator never writes into free objects and a
 * double free is a clear bit. The class sizes are multiples of 16 chosen to
 * fill the 4032 bytes after the header with little waste; every object is
 * 16-byte aligned.
 *
 * Bigger requests take whole pages from the heap (page aligned). The head
 * page's struct page_info records them: PGF_XMALLOC plus the block order in
 * page_info.order (SLAB_ORDER for slab pages), which lets xfree() tell the
 * two apart and reject pointers that xmalloc never returned.
 *
 * Lock order: each class lock is a leaf. Pages are taken from and given back
 * to the heap with no class lock held, so heap_lock never nests with them.
 */
#include <hyp/compiler.h>
#include <hyp/lib.h>
#include <hyp/list.h>
#include <hyp/mm.h>
#include <hyp/spinlock.h>
#include <hyp/types.h>

#include "mm_internal.h"

#define SLAB_HDR_SIZE 64
#define SLAB_MAGIC 0x51ab0b1eU
#define SLAB_ORDER 0xff	 /* page_info.order of a slab page */
#define SLAB_MAP_WORDS 4 /* bitmap words: up to 256 objects */
#define XMALLOC_ALIGN 16

struct slab {
	struct list_head list; /* on the class's partial list */
	u32 magic;
	u16 cls;
	u16 nr_free;
	u64 used[SLAB_MAP_WORDS]; /* bit set = object allocated */
};

_Static_assert(sizeof(struct slab) <= SLAB_HDR_SIZE, "slab header too big");
_Static_assert(SLAB_HDR_SIZE % XMALLOC_ALIGN == 0, "misaligned objects");

struct xclass {
	unsigned int size;    /* object size, a multiple of XMALLOC_ALIGN */
	unsigned int nr_objs; /* objects per slab */
	spinlock_t lock;
	/* Slabs with at least one free object; protected by lock. */
	struct list_head partial;
	unsigned int nr_partial;
};

#define SLAB_SPACE (PAGE_SIZE - SLAB_HDR_SIZE)
#define XCLASS(i, sz)                        \
	[i] = {.size = (sz),                 \
	       .nr_objs = SLAB_SPACE / (sz), \
	       .lock = SPINLOCK_INIT,        \
	       .partial = LIST_HEAD_INIT(xclasses[i].partial)}

/* 4032 = 2^6 * 63: most of these divide it exactly. */
static struct xclass xclasses[] = {
	XCLASS(0, 16),	  XCLASS(1, 32),    XCLASS(2, 48),    XCLASS(3, 64),
	XCLASS(4, 96),	  XCLASS(5, 128),   XCLASS(6, 192),   XCLASS(7, 256),
	XCLASS(8, 336),	  XCLASS(9, 448),   XCLASS(10, 576),  XCLASS(11, 672),
	XCLASS(12, 1008), XCLASS(13, 1344), XCLASS(14, 2016),
};

#define NR_CLASSES ARRAY_SIZE(xclasses)
#define SLAB_MAX_OBJ 2016

_Static_assert(SLAB_SPACE / 16 <= SLAB_MAP_WORDS * 64, "bitmap too small");
_Static_assert(SLAB_MAX_OBJ * 2 <= SLAB_SPACE, "largest class too big");

#ifdef HYP_DEBUG
#define XFREE_POISON 0x6b /* catches use after xfree() */
#endif

static struct page_info *obj_page(const void *va)
{
	mfn_t mfn = pa_to_mfn(virt_to_maddr(va));

	if (!mfn_valid(mfn))
		panic("xmalloc: %p is not heap memory", va);
	return mfn_to_page(mfn);
}

static unsigned int size_to_class(size_t size)
{
	unsigned int i;

	for (i = 0; i < NR_CLASSES; i++)
		if (size <= xclasses[i].size)
			break;
	return i;
}

static struct slab *new_slab(unsigned int cls)
{
	const struct xclass *c = &xclasses[cls];
	struct page_info *pg;
	struct slab *s;
	unsigned int i;

	s = alloc_hyp_pages(0, 0);
	if (!s)
		return NULL;
	memset(s, 0, SLAB_HDR_SIZE);
	s->magic = SLAB_MAGIC;
	s->cls = cls;
	s->nr_free = c->nr_objs;
	/* Bits past the last object count as used so they are never found. */
	for (i = c->nr_objs; i < SLAB_MAP_WORDS * 64; i++)
		s->used[i / 64] |= 1ULL << (i % 64);

	pg = obj_page(s);
	pg->order = SLAB_ORDER;
	pg->flags |= PGF_XMALLOC;
	return s;
}

static void release_slab(struct slab *s)
{
	struct page_info *pg = obj_page(s);

	s->magic = 0;
	pg->flags &= ~PGF_XMALLOC;
	free_hyp_pages(s, 0);
}

static void *slab_alloc(unsigned int cls)
{
	struct xclass *c = &xclasses[cls];
	struct slab *s, *fresh = NULL;
	unsigned long irq;
	unsigned int w, idx;

	irq = spin_lock_irqsave(&c->lock);
	if (list_empty(&c->partial)) {
		spin_unlock_irqrestore(&c->lock, irq);
		fresh = new_slab(cls);
		if (!fresh)
			return NULL;
		irq = spin_lock_irqsave(&c->lock);
		list_add(&fresh->list, &c->partial);
		c->nr_partial++;
	}

	s = list_first_entry(&c->partial, struct slab, list);
	for (w = 0; w < SLAB_MAP_WORDS; w++)
		if (~s->used[w])
			break;
	BUG_ON(w == SLAB_MAP_WORDS || !s->nr_free);
	idx = w * 64 + __builtin_ctzll(~s->used[w]);
	s->used[w] |= 1ULL << (idx % 64);
	if (--s->nr_free == 0) {
		list_del(&s->list);
		c->nr_partial--;
	}
	spin_unlock_irqrestore(&c->lock, irq);

	return (char *)s + SLAB_HDR_SIZE + (size_t)idx * c->size;
}

static void slab_free(void *p)
{
	struct slab *s = (struct slab *)ALIGN_DOWN((vaddr_t)p, PAGE_SIZE);
	vaddr_t off = (vaddr_t)p - (vaddr_t)s;
	struct xclass *c;
	unsigned long irq;
	unsigned int idx;
	u64 bit;
	bool release = false;

	if (s->magic != SLAB_MAGIC || s->cls >= NR_CLASSES)
		panic("xfree: %p: corrupt slab header", p);
	c = &xclasses[s->cls];
	if (off < SLAB_HDR_SIZE || (off - SLAB_HDR_SIZE) % c->size ||
	    (off - SLAB_HDR_SIZE) / c->size >= c->nr_objs)
		panic("xfree: %p is not an object of its %u-byte slab", p,
		      c->size);
	idx = (off - SLAB_HDR_SIZE) / c->size;
	bit = 1ULL << (idx % 64);

	irq = spin_lock_irqsave(&c->lock);
	if (!(s->used[idx / 64] & bit))
		panic("xfree: double free of %p", p);
#ifdef XFREE_POISON
	memset(p, XFREE_POISON, c->size);
#endif
	s->used[idx / 64] &= ~bit;
	if (s->nr_free++ == 0) {
		list_add(&s->list, &c->partial);
		c->nr_partial++;
	}
	/* Keep one empty slab per class so alloc/free pairs do not thrash. */
	if (s->nr_free == c->nr_objs && c->nr_partial > 1) {
		list_del(&s->list);
		c->nr_partial--;
		release = true;
	}
	spin_unlock_irqrestore(&c->lock, irq);

	if (release)
		release_slab(s);
}

static void *large_alloc(size_t size, bool zero)
{
	unsigned int order = 0;
	struct page_info *pg;
	void *p;

	while (order < MAX_ORDER && (PAGE_SIZE << order) < size)
		order++;
	if (order >= MAX_ORDER)
		return NULL;
	p = alloc_hyp_pages(order, zero ? ALLOC_ZERO : 0);
	if (!p)
		return NULL;
	pg = obj_page(p);
	pg->order = order;
	pg->flags |= PGF_XMALLOC;
	return p;
}

static void *xmalloc_common(size_t size, bool zero)
{
	unsigned int cls;
	void *p;

	/* Like malloc(0): a unique pointer that can be freed. */
	if (!size)
		size = 1;
	if (size > SLAB_MAX_OBJ)
		return large_alloc(size, zero);

	cls = size_to_class(size);
	p = slab_alloc(cls);
	if (p && zero)
		memset(p, 0, xclasses[cls].size);
	return p;
}

void *xmalloc_bytes(size_t size)
{
	return xmalloc_common(size, false);
}

void *xzalloc_bytes(size_t size)
{
	return xmalloc_common(size, true);
}

void *xzalloc_array_bytes(size_t elem, size_t count)
{
	size_t bytes;

	if (__builtin_mul_overflow(elem, count, &bytes))
		return NULL;
	return xmalloc_common(bytes, true);
}

void xfree(void *p)
{
	struct page_info *pg;

	if (!p)
		return;
	if (!IS_ALIGNED((vaddr_t)p, XMALLOC_ALIGN))
		panic("xfree: %p is misaligned", p);

	pg = obj_page(p);
	if (!(pg->flags & PGF_XMALLOC))
		panic("xfree: %p was not allocated by xmalloc (or is freed)",
		      p);
	if (!IS_ALIGNED((vaddr_t)p, PAGE_SIZE)) {
		slab_free(p);
		return;
	}
	/* Slab objects are never page aligned: the header comes first. */
	if (pg->order >= MAX_ORDER)
		panic("xfree: %p is a slab header, not an object", p);
	pg->flags &= ~PGF_XMALLOC;
	free_hyp_pages(p, pg->order);
}

/*
 * Give the empty slab each class keeps back to the heap, so the free page
 * count says what is really in use (checked after domains are destroyed).
 */
void xmalloc_release_free(void)
{
	unsigned int i;

	for (i = 0; i < NR_CLASSES; i++) {
		struct xclass *c = &xclasses[i];
		struct slab *s, *tmp, *empty = NULL;
		unsigned long irq = spin_lock_irqsave(&c->lock);

		list_for_each_entry_safe (s, tmp, &c->partial, list)
			if (s->nr_free == c->nr_objs) {
				list_del(&s->list);
				c->nr_partial--;
				/* Chain them through list for release. */
				s->list.next = (struct list_head *)empty;
				empty = s;
			}
		spin_unlock_irqrestore(&c->lock, irq);
		while (empty) {
			s = empty;
			empty = (struct slab *)s->list.next;
			release_slab(s);
		}
	}
}

#ifdef HYP_HOST_TEST
void xmalloc_reset_for_test(void)
{
	unsigned int i;

	for (i = 0; i < NR_CLASSES; i++) {
		spin_lock_init(&xclasses[i].lock);
		INIT_LIST_HEAD(&xclasses[i].partial);
		xclasses[i].nr_partial = 0;
	}
}
#endif
