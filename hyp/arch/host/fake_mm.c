/* SPDX-License-Identifier: MIT */
/* Fake arch for host unit tests: fake RAM behind the directmap hooks. */
/* hyp headers first: compiler.h defines names glibc also defines. */
#include <hyp/compiler.h>
#include <hyp/mm.h>
#include <hyp/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "host_fake.h"

struct fake_ram {
	u64 base, size;
	unsigned char *mem;
};

static struct fake_ram fake_ram[HOST_FAKE_MAX_RAM];
static unsigned int nr_fake_ram;

static __noreturn void fake_mm_die(const char *what, unsigned long long v)
{
	fprintf(stderr, "host_fake: %s %#llx\n", what, v);
	abort();
}

void host_fake_ram_add(paddr_t base, u64 size)
{
	u64 b = pa_val(base);
	unsigned int i;
	void *mem;

	if (nr_fake_ram == HOST_FAKE_MAX_RAM)
		fake_mm_die("too many fake RAM ranges, adding", b);
	if (!size || size > ~0ULL - b)
		fake_mm_die("bad fake RAM size at", b);
	for (i = 0; i < nr_fake_ram; i++)
		if (b < fake_ram[i].base + fake_ram[i].size &&
		    fake_ram[i].base < b + size)
			fake_mm_die("overlapping fake RAM at", b);

	/* NORESERVE: tests map large sparse layouts but touch little. */
	mem = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (mem == MAP_FAILED)
		fake_mm_die("cannot mmap fake RAM of size", size);
	fake_ram[nr_fake_ram++] = (struct fake_ram){b, size, mem};
}

void host_fake_ram_fini(void)
{
	unsigned int i;

	for (i = 0; i < nr_fake_ram; i++)
		munmap(fake_ram[i].mem, fake_ram[i].size);
	nr_fake_ram = 0;
}

void host_fake_ram_init(paddr_t base, u64 size)
{
	host_fake_ram_fini();
	host_fake_ram_add(base, size);
}

void host_fake_ram_fill(int c)
{
	unsigned int i;

	for (i = 0; i < nr_fake_ram; i++)
		memset(fake_ram[i].mem, c, fake_ram[i].size);
}

void *maddr_to_virt(paddr_t pa)
{
	u64 p = pa_val(pa);
	unsigned int i;

	for (i = 0; i < nr_fake_ram; i++)
		if (p - fake_ram[i].base < fake_ram[i].size)
			return fake_ram[i].mem + (p - fake_ram[i].base);
	fake_mm_die("maddr_to_virt: no fake RAM at", p);
}

paddr_t virt_to_maddr(const void *va)
{
	uintptr_t v = (uintptr_t)va;
	unsigned int i;

	for (i = 0; i < nr_fake_ram; i++) {
		u64 off = v - (uintptr_t)fake_ram[i].mem;

		if (off < fake_ram[i].size)
			return pa_init(fake_ram[i].base + off);
	}
	fake_mm_die("virt_to_maddr: not in fake RAM:", v);
}

void *ioremap(paddr_t pa, u64 size)
{
	return NULL;
}

/*
 * arch_clean_dcache_poc(): a recorder. For each page cleaned whole it keeps
 * how often, and a hash of its contents then; a page whose contents still
 * hash the same was cleaned after its last change.
 */
#define CLEAN_SLOTS (1U << 17)

struct clean_rec {
	uintptr_t page; /* 0: free slot */
	unsigned int count;
	u64 hash;
};

static struct clean_rec clean_recs[CLEAN_SLOTS];

static u64 page_hash(const void *va)
{
	const unsigned char *p = va;
	u64 h = 0xcbf29ce484222325ULL; /* FNV-1a */
	size_t i;

	for (i = 0; i < PAGE_SIZE; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

static struct clean_rec *clean_slot(uintptr_t page, bool add)
{
	unsigned int i = (unsigned int)(page >> PAGE_SHIFT) % CLEAN_SLOTS, n;

	for (n = 0; n < CLEAN_SLOTS; n++, i = (i + 1) % CLEAN_SLOTS) {
		if (clean_recs[i].page == page)
			return &clean_recs[i];
		if (!clean_recs[i].page) {
			if (!add)
				return NULL;
			clean_recs[i].page = page;
			return &clean_recs[i];
		}
	}
	fake_mm_die("clean recorder full at", page);
}

void host_fake_clean_reset(void)
{
	memset(clean_recs, 0, sizeof(clean_recs));
}

unsigned int host_fake_clean_count(const void *va)
{
	struct clean_rec *r = clean_slot((uintptr_t)va & PAGE_MASK, false);

	return r ? r->count : 0;
}

bool host_fake_clean_current(const void *va)
{
	struct clean_rec *r = clean_slot((uintptr_t)va & PAGE_MASK, false);

	return r && r->hash == page_hash((const void *)r->page);
}

__weak void arch_clean_dcache_poc(const void *va, size_t len)
{
	uintptr_t p = ALIGN_UP((uintptr_t)va, PAGE_SIZE);
	uintptr_t end = (uintptr_t)va + len;

	/* Must be memory the hypervisor can see. */
	(void)virt_to_maddr(va);
	for (; p + PAGE_SIZE <= end; p += PAGE_SIZE) {
		struct clean_rec *r = clean_slot(p, true);

		r->count++;
		r->hash = page_hash((const void *)p);
	}
}
