/* SPDX-License-Identifier: MIT */
/* Unit tests: xmalloc small-object allocator. */
/* hyp headers first: compiler.h defines names glibc also defines. */
#include <hyp/lib.h>
#include <hyp/mm.h>

#include "../../hyp/common/mm_internal.h"
#include "host_fake.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define RAM_BASE 0x80000000ULL
#define RAM_SIZE MB(256)
#define MAX_SIZE 8192
/* Slab classes; an empty slab per class may stay cached after frees. */
#define NR_CLASSES 15

static u64 free_pages_now(void)
{
	struct page_alloc_stats st;

	page_alloc_get_stats(&st);
	return st.free_pages;
}

static int setup(void **state)
{
	host_fake_ram_init(pa_init(RAM_BASE), RAM_SIZE);
	host_fake_ram_fill(0xa5);
	bootmem_reset_for_test();
	page_alloc_reset_for_test();
	xmalloc_reset_for_test();
	bootmem_add_ram(pa_init(RAM_BASE), RAM_SIZE);
	bootmem_reserve(pa_init(RAM_BASE + MB(2)), MB(8));
	page_alloc_init();
	return 0;
}

static int teardown(void **state)
{
	host_fake_ram_fini();
	return 0;
}

static unsigned char pattern(size_t size, size_t i)
{
	return (unsigned char)(size * 7 + i * 13 + 1);
}

struct obj {
	unsigned char *p;
	size_t size;
};

static int cmp_obj(const void *a, const void *b)
{
	const struct obj *x = a, *y = b;

	return x->p < y->p ? -1 : x->p > y->p;
}

static void test_every_size(void **state)
{
	static struct obj o[MAX_SIZE + 1];
	u64 before = free_pages_now();
	size_t size, i;
	u64 seed = 1;

	for (size = 1; size <= MAX_SIZE; size++) {
		unsigned char *p = xmalloc_bytes(size);

		assert_non_null(p);
		assert_true(((uintptr_t)p & 15) == 0);
		/* Above the largest slab class: whole pages. */
		if (size > 2016)
			assert_true(((uintptr_t)p & (PAGE_SIZE - 1)) == 0);
		for (i = 0; i < size; i++)
			p[i] = pattern(size, i);
		o[size] = (struct obj){p, size};
	}

	/* Nothing overwrote anything... */
	for (size = 1; size <= MAX_SIZE; size++)
		for (i = 0; i < size; i++)
			assert_int_equal(o[size].p[i], pattern(size, i));
	/* ...and no two objects overlap. */
	qsort(&o[1], MAX_SIZE, sizeof(o[0]), cmp_obj);
	for (size = 2; size <= MAX_SIZE; size++)
		assert_true(o[size - 1].p + o[size - 1].size <= o[size].p);

	/* Free in a shuffled order. */
	for (size = MAX_SIZE; size > 1; size--) {
		struct obj t;

		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		i = 1 + (seed >> 33) % size;
		t = o[i];
		o[i] = o[size];
		o[size] = t;
	}
	for (size = 1; size <= MAX_SIZE; size++)
		xfree(o[size].p);
	assert_true(free_pages_now() + NR_CLASSES >= before);
}

static void test_zero_and_tiny(void **state)
{
	unsigned char *a, *b;
	unsigned int i;

	/* Like malloc(0): distinct, freeable pointers. */
	a = xmalloc_bytes(0);
	b = xmalloc_bytes(0);
	assert_non_null(a);
	assert_non_null(b);
	assert_ptr_not_equal(a, b);
	xfree(a);
	xfree(b);
	xfree(NULL);

	/* xzalloc clears memory that held something. */
	a = xmalloc_bytes(100);
	memset(a, 0xff, 100);
	xfree(a);
	b = xzalloc_bytes(100);
	assert_ptr_equal(a, b); /* the slot is reused */
	for (i = 0; i < 100; i++)
		assert_int_equal(b[i], 0);
	xfree(b);
}

static void test_reuse(void **state)
{
	void *p[200], *q;
	unsigned int i;
	u64 before = free_pages_now();

	/* Several slabs of 64-byte objects. */
	for (i = 0; i < ARRAY_SIZE(p); i++) {
		p[i] = xmalloc_bytes(64);
		assert_non_null(p[i]);
	}
	assert_true(free_pages_now() <= before - 3);
	xfree(p[77]);
	q = xmalloc_bytes(60);
	assert_ptr_equal(q, p[77]);
	p[77] = q;

	for (i = 0; i < ARRAY_SIZE(p); i++)
		xfree(p[i]);
	/* Empty slabs go back to the heap, but for one kept per class. */
	assert_int_equal(free_pages_now(), before - 1);
	/* The kept slab serves the next allocation. */
	q = xmalloc_bytes(64);
	assert_int_equal(free_pages_now(), before - 1);
	xfree(q);
}

/* xmalloc_release_free: cached empty slabs go back, live objects stay. */
static void test_release_free(void **state)
{
	void *p[200], *keep;
	unsigned int i;
	u64 before = free_pages_now();

	for (i = 0; i < ARRAY_SIZE(p); i++) {
		p[i] = xmalloc_bytes(i % 2 ? 64 : 300);
		assert_non_null(p[i]);
	}
	keep = xmalloc_bytes(64);
	for (i = 0; i < ARRAY_SIZE(p); i++)
		xfree(p[i]);
	xmalloc_release_free();
	/* Only the slab holding keep is left. */
	assert_int_equal(free_pages_now(), before - 1);
	memset(keep, 0x5a, 64);
	xfree(keep);
	assert_int_equal(free_pages_now(), before - 1);
	xmalloc_release_free();
	assert_int_equal(free_pages_now(), before);
	/* And the allocator still works afterwards. */
	keep = xmalloc_bytes(64);
	assert_non_null(keep);
	xfree(keep);
}

static void test_array(void **state)
{
	struct item {
		u64 a, b, c;
	} * arr;
	unsigned int i;

	arr = xzalloc_array(struct item, 1000);
	assert_non_null(arr);
	for (i = 0; i < 1000; i++)
		assert_true(!arr[i].a && !arr[i].b && !arr[i].c);
	xfree(arr);

	/* Overflowing sizes fail cleanly. */
	assert_null(xzalloc_array_bytes(SIZE_MAX / 2 + 1, 2));
	assert_null(xzalloc_array_bytes(2, SIZE_MAX / 2 + 1));
	assert_null(xzalloc_array_bytes(SIZE_MAX, SIZE_MAX));
	assert_null(xzalloc_array(struct item, SIZE_MAX / 8));
	arr = xzalloc_array_bytes(0, 10);
	assert_non_null(arr);
	xfree(arr);
}

static void test_large(void **state)
{
	u64 before = free_pages_now();
	unsigned char *p, *q;
	size_t i;

	p = xzalloc_bytes(MB(3));
	assert_non_null(p);
	assert_true(((uintptr_t)p & (PAGE_SIZE - 1)) == 0);
	for (i = 0; i < MB(3); i++)
		assert_int_equal(p[i], 0);
	memset(p, 0x77, MB(3));
	/* 3 MiB rounds up to an order-10 block. */
	assert_int_equal(free_pages_now(), before - 1024);

	q = xmalloc_bytes(PAGE_SIZE);
	assert_int_equal(free_pages_now(), before - 1025);
	xfree(q);
	xfree(p);
	assert_int_equal(free_pages_now(), before);

	/* More than the heap could ever give. */
	assert_null(xmalloc_bytes(GB(1024)));
	assert_null(xmalloc_bytes(SIZE_MAX));
	assert_null(xzalloc_bytes(MB(512)));
}

static void test_exhaustion(void **state)
{
	void **p = calloc(RAM_SIZE / 2048, sizeof(*p));
	size_t n = 0, i;

	assert_non_null(p);
	while ((p[n] = xmalloc_bytes(2000)) != NULL)
		n++;
	/* Two per page. */
	assert_true(n >= 2 * (RAM_SIZE - MB(12)) / PAGE_SIZE);
	assert_null(xmalloc_bytes(16));
	for (i = 0; i < n; i++)
		xfree(p[i]);
	free(p);
	p = xmalloc_bytes(16);
	assert_non_null(p);
	xfree(p);
}

static void test_double_free_slab(void **state)
{
	void *p = xmalloc_bytes(32), *q = xmalloc_bytes(32);

	xfree(p);
	HOST_EXPECT_PANIC(xfree(p));
	assert_non_null(strstr(host_fake_panic_msg, "double free"));
	(void)q;
}

static void test_double_free_large(void **state)
{
	void *p = xmalloc_bytes(10000);

	xfree(p);
	HOST_EXPECT_PANIC(xfree(p));
}

static void test_bad_pointers(void **state)
{
	char *p = xmalloc_bytes(64);
	void *pages = alloc_hyp_pages(0, 0);

	/* Inside an object, or 16-aligned but not at an object's start. */
	HOST_EXPECT_PANIC(xfree(p + 1));
	HOST_EXPECT_PANIC(xfree(p + 16));
	assert_non_null(strstr(host_fake_panic_msg, "not an object"));
	/* The slab header itself. */
	HOST_EXPECT_PANIC(xfree((void *)ALIGN_DOWN((uintptr_t)p, PAGE_SIZE)));
	HOST_EXPECT_PANIC(
		xfree((char *)ALIGN_DOWN((uintptr_t)p, PAGE_SIZE) + 16));
	/* Heap pages that xmalloc did not hand out. */
	HOST_EXPECT_PANIC(xfree(pages));
	assert_non_null(strstr(host_fake_panic_msg, "not allocated by"));
	HOST_EXPECT_PANIC(xfree((char *)pages + 64));
	/* None of that disturbed the real object. */
	xfree(p);
	free_hyp_pages(pages, 0);
}

static void test_all_classes_aligned(void **state)
{
	static const size_t sizes[] = {
		1,    15,   16,	  17,	31,   33,   47,	  49,	63,   65,
		95,   97,   127,  129,	191,  193,  255,  257,	335,  337,
		447,  449,  575,  577,	671,  673,  1007, 1009, 1343, 1345,
		2015, 2016, 2017, 2048, 4095, 4096, 4097};
	void *p[ARRAY_SIZE(sizes)][20];
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		for (j = 0; j < 20; j++) {
			p[i][j] = xzalloc_bytes(sizes[i]);
			assert_non_null(p[i][j]);
			assert_true(((uintptr_t)p[i][j] & 15) == 0);
			assert_int_equal(
				((unsigned char *)p[i][j])[sizes[i] - 1], 0);
			memset(p[i][j], i, sizes[i]);
		}
	}
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		for (j = 0; j < 20; j++) {
			assert_int_equal(((unsigned char *)p[i][j])[0], i);
			assert_int_equal(
				((unsigned char *)p[i][j])[sizes[i] - 1], i);
			xfree(p[i][j]);
		}
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_every_size),
		T(test_zero_and_tiny),
		T(test_reuse),
		T(test_release_free),
		T(test_array),
		T(test_large),
		T(test_exhaustion),
		T(test_double_free_slab),
		T(test_double_free_large),
		T(test_bad_pointers),
		T(test_all_classes_aligned),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
