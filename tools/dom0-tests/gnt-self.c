/* SPDX-License-Identifier: MIT */
/*
 * gnt-self: grant pages to ourselves and map them back, through
 * /dev/xen/gntalloc (the granting side) and /dev/xen/gntdev (the mapping
 * side), as a backend and a frontend in the same domain would.
 *
 *   gnt-self [-n PAGES] [-d DOMID]       default 2 pages, domid 0 (dom0)
 *
 *  1. IOCTL_GNTALLOC_ALLOC_GREF: PAGES writable grants to DOMID; mmap them
 *     (mapping A), check they are zeroed, write a pattern.
 *  2. IOCTL_GNTDEV_MAP_GRANT_REF of those refs from DOMID; mmap them
 *     (mapping B: GNTTABOP_map_grant_ref) and check the pattern.
 *  3. Write a second pattern through B, check it through A.
 *  4. IOCTL_GNTDEV_GRANT_COPY (GNTTABOP_copy) of each granted page into a
 *     local buffer, check it.
 *  5. munmap B, IOCTL_GNTDEV_UNMAP_GRANT_REF (unmap), munmap A,
 *     IOCTL_GNTALLOC_DEALLOC_GREF.
 *
 * Prints gnt_refs=R1,R2,...  gnt_map=ok  gnt_writeback=ok  gnt_copy=ok
 * gnt_unmap=ok.
 */
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <public/grant_table.h>

#include "linux-xen-uapi.h"
#include "dom0test.h"

#define PAGE 4096UL
#define MAX_PAGES 16

/* The word at index i of page p in pattern `seed`. */
static uint32_t pattern(uint32_t seed, unsigned long p, unsigned long i)
{
	uint32_t x = seed ^ (uint32_t)(p * 0x9e3779b9u) ^ (uint32_t)i;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return x;
}

static void fill(volatile uint32_t *mem, unsigned long pages, uint32_t seed)
{
	unsigned long p, i;

	for (p = 0; p < pages; p++)
		for (i = 0; i < PAGE / 4; i++)
			mem[p * PAGE / 4 + i] = pattern(seed, p, i);
}

/* Fail, describing the first mismatch, unless mem holds the pattern. */
static void check(const volatile uint32_t *mem, unsigned long pages,
		  uint32_t seed, const char *what)
{
	unsigned long p, i;

	for (p = 0; p < pages; p++)
		for (i = 0; i < PAGE / 4; i++) {
			uint32_t want = pattern(seed, p, i);
			uint32_t got = mem[p * PAGE / 4 + i];

			if (got != want)
				fail("%s: page %lu word %lu is %#x, expected "
				     "%#x",
				     what, p, i, got, want);
		}
}

int main(int argc, char **argv)
{
	union {
		struct ioctl_gntalloc_alloc_gref op;
		char room[sizeof(struct ioctl_gntalloc_alloc_gref) +
			  MAX_PAGES * sizeof(uint32_t)];
	} alloc;
	union {
		struct ioctl_gntdev_map_grant_ref op;
		char room[sizeof(struct ioctl_gntdev_map_grant_ref) +
			  MAX_PAGES * sizeof(struct ioctl_gntdev_grant_ref)];
	} map;
	struct gntdev_grant_copy_segment seg[MAX_PAGES];
	struct ioctl_gntdev_grant_copy copy;
	struct ioctl_gntdev_unmap_grant_ref unmap;
	struct ioctl_gntalloc_dealloc_gref dealloc;
	static uint32_t local[MAX_PAGES * PAGE / 4];
	unsigned long pages = 2, domid = 0, p;
	volatile uint32_t *a, *b;
	char refs[MAX_PAGES * 12];
	int ga, gd, opt;
	size_t len;

	dom0test_prog = "gnt-self";
	while ((opt = getopt(argc, argv, "n:d:")) != -1) {
		if (opt == 'n') {
			pages = strtoul(optarg, NULL, 0);
		} else if (opt == 'd') {
			domid = strtoul(optarg, NULL, 0);
		} else {
			fprintf(stderr,
				"usage: gnt-self [-n PAGES] [-d DOMID]\n");
			return 2;
		}
	}
	if (pages < 1 || pages > MAX_PAGES || domid > 0xffff) {
		fprintf(stderr, "gnt-self: 1 <= PAGES <= %d, DOMID < 65536\n",
			MAX_PAGES);
		return 2;
	}
	if (sysconf(_SC_PAGESIZE) != (long)PAGE)
		fail("page size is %ld, this test needs %lu",
		     sysconf(_SC_PAGESIZE), PAGE);
	len = pages * PAGE;

	/* 1. Grant our pages. */
	ga = open_dev("/dev/xen/gntalloc");
	memset(&alloc, 0, sizeof(alloc));
	alloc.op.domid = (uint16_t)domid;
	alloc.op.flags = GNTALLOC_FLAG_WRITABLE;
	alloc.op.count = (uint32_t)pages;
	if (ioctl(ga, IOCTL_GNTALLOC_ALLOC_GREF, &alloc) < 0)
		fail("IOCTL_GNTALLOC_ALLOC_GREF(%lu pages to d%lu): %s", pages,
		     domid, strerror(errno));
	refs[0] = '\0';
	for (p = 0; p < pages; p++)
		snprintf(refs + strlen(refs), sizeof(refs) - strlen(refs),
			 "%s%u", p ? "," : "", alloc.op.gref_ids[p]);
	result("gnt_refs", "%s", refs);
	a = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, ga,
		 (off_t)alloc.op.index);
	if (a == MAP_FAILED)
		fail("mmap gntalloc index %#llx: %s",
		     (unsigned long long)alloc.op.index, strerror(errno));
	for (p = 0; p < len / 4; p++)
		if (a[p] != 0)
			fail("new granted page: word %lu is %#x, not 0", p,
			     a[p]);
	fill(a, pages, 0x5eed0001);

	/* 2. Map the grants back. */
	gd = open_dev("/dev/xen/gntdev");
	memset(&map, 0, sizeof(map));
	map.op.count = (uint32_t)pages;
	for (p = 0; p < pages; p++) {
		map.op.refs[p].domid = (uint32_t)domid;
		map.op.refs[p].ref = alloc.op.gref_ids[p];
	}
	if (ioctl(gd, IOCTL_GNTDEV_MAP_GRANT_REF, &map) < 0)
		fail("IOCTL_GNTDEV_MAP_GRANT_REF: %s", strerror(errno));
	b = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, gd,
		 (off_t)map.op.index);
	if (b == MAP_FAILED)
		fail("mmap gntdev index %#llx (GNTTABOP_map_grant_ref): %s",
		     (unsigned long long)map.op.index, strerror(errno));
	if (b == a)
		fail("both mappings at the same address %p", (void *)a);
	check(b, pages, 0x5eed0001, "through gntdev");
	result("gnt_map", "ok");

	/* 3. And the other way. */
	fill(b, pages, 0x5eed0002);
	check(a, pages, 0x5eed0002, "written through gntdev, read in gntalloc");
	result("gnt_writeback", "ok");

	/* 4. Grant copy into a local buffer. */
	memset(seg, 0, sizeof(seg));
	memset(local, 0, sizeof(local));
	for (p = 0; p < pages; p++) {
		seg[p].source.foreign.ref = alloc.op.gref_ids[p];
		seg[p].source.foreign.offset = 0;
		seg[p].source.foreign.domid = (domid_t)domid;
		seg[p].dest.virt = (char *)local + p * PAGE;
		seg[p].len = PAGE;
		seg[p].flags = GNTCOPY_source_gref;
	}
	copy.count = (unsigned int)pages;
	copy.segments = seg;
	if (ioctl(gd, IOCTL_GNTDEV_GRANT_COPY, &copy) < 0)
		fail("IOCTL_GNTDEV_GRANT_COPY: %s", strerror(errno));
	for (p = 0; p < pages; p++)
		if (seg[p].status != GNTST_okay)
			fail("grant copy of ref %u: status %d",
			     alloc.op.gref_ids[p], seg[p].status);
	check(local, pages, 0x5eed0002, "grant copy");
	result("gnt_copy", "ok");

	/* 5. Tear down, in the order the drivers want. */
	if (munmap((void *)b, len) < 0)
		fail("munmap gntdev: %s", strerror(errno));
	memset(&unmap, 0, sizeof(unmap));
	unmap.index = map.op.index;
	unmap.count = (uint32_t)pages;
	if (ioctl(gd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &unmap) < 0)
		fail("IOCTL_GNTDEV_UNMAP_GRANT_REF: %s", strerror(errno));
	if (munmap((void *)a, len) < 0)
		fail("munmap gntalloc: %s", strerror(errno));
	memset(&dealloc, 0, sizeof(dealloc));
	dealloc.index = alloc.op.index;
	dealloc.count = (uint32_t)pages;
	if (ioctl(ga, IOCTL_GNTALLOC_DEALLOC_GREF, &dealloc) < 0)
		fail("IOCTL_GNTALLOC_DEALLOC_GREF: %s", strerror(errno));
	close(gd);
	close(ga);
	result("gnt_unmap", "ok");
	return 0;
}
