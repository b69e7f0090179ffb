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
