/* SPDX-License-Identifier: MIT */
/*
 * Cross-checks of the parsed boot description that no single DT node can
 * fail on its own: RAM the CPU cannot address, boot modules outside RAM or
 * on top of each other, of the hypervisor, of the DTB or of memory the
 * firmware reserved. Run once by the boot CPU before any of it is used
 * (bootmem, the direct map and domain building all trust these ranges).
 */
#include <hyp/bootinfo.h>
#include <hyp/errno.h>
#include <hyp/lib.h>

/* [s1, s1+n1) and [s2, s2+n2) share a byte (neither wraps: parse refused that). */
static bool overlaps(u64 s1, u64 n1, u64 s2, u64 n2)
{
	return n1 && n2 && s1 < s2 + n2 && s2 < s1 + n1;
}

static bool inside_ram(const struct bootinfo *bi, u64 start, u64 size)
{
	unsigned int i;

	for (i = 0; i < bi->mem.nr; i++) {
		u64 b = pa_val(bi->mem.bank[i].start), n = bi->mem.bank[i].size;

		if (start >= b && size <= n && start - b <= n - size)
			return true;
	}
	return false;
}

static int fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int check_memory(const struct bootinfo *bi, unsigned int pa_bits,
			char *err, size_t len)
{
	u64 limit = pa_bits >= 64 ? ~0UL : (1UL << pa_bits) - 1;
	unsigned int i;

	for (i = 0; i < bi->mem.nr; i++) {
		u64 b = pa_val(bi->mem.bank[i].start), n = bi->mem.bank[i].size;

		if (n && (b > limit || n - 1 > limit - b))
			return fail(err, len,
				    "memory bank %#lx-%#lx is beyond the CPU's "
				    "%u-bit physical address range",
				    b, b + n, pa_bits);
	}
	return 0;
}

int bootinfo_check_layout(const struct bootinfo *bi, paddr_t image,
			  u64 image_size, paddr_t fdt, u64 fdt_size,
			  unsigned int pa_bits, char *err, size_t len)
{
	unsigned int i, j;
	int rc;

	rc = check_memory(bi, pa_bits, err, len);
	if (rc)
		return rc;
	for (i = 0; i < bi->nr_modules; i++) {
		const struct bootmodule *m = &bi->modules[i];
		const char *kind = bootmod_kind_name(m->kind);
		u64 s = pa_val(m->start), n = m->size;

		if (!inside_ram(bi, s, n))
			return fail(err, len,
				    "%s module %#lx-%#lx is not in RAM", kind,
				    s, s + n);
		if (overlaps(s, n, pa_val(image), image_size))
			return fail(err, len,
				    "%s module %#lx-%#lx overlaps the "
				    "hypervisor image",
				    kind, s, s + n);
		if (overlaps(s, n, pa_val(fdt), fdt_size))
			return fail(err, len,
				    "%s module %#lx-%#lx overlaps the device "
				    "tree",
				    kind, s, s + n);
		for (j = 0; j < bi->reserved.nr; j++) {
			u64 rs = pa_val(bi->reserved.bank[j].start);
			u64 rn = bi->reserved.bank[j].size;

			if (overlaps(s, n, rs, rn))
				return fail(err, len,
					    "%s module %#lx-%#lx overlaps "
					    "reserved memory %#lx-%#lx",
					    kind, s, s + n, rs, rs + rn);
		}
		for (j = 0; j < i; j++) {
			const struct bootmodule *o = &bi->modules[j];

			if (overlaps(s, n, pa_val(o->start), o->size))
				return fail(err, len,
					    "%s module %#lx-%#lx overlaps %s "
					    "module %#lx-%#lx",
					    kind, s, s + n,
					    bootmod_kind_name(o->kind),
					    pa_val(o->start),
					    pa_val(o->start) + o->size);
		}
	}
	return 0;
}
