/* SPDX-License-Identifier: MIT */
/*
 * Copying to and from guest memory. Virtual addresses are translated with
 * the guest's own stage-1 (AT S1E1R/W, Arm ARM C5.5) while its context is
 * loaded, then through the domain's stage-2 with p2m_lookup, so only the
 * domain's RAM is ever touched, through the directmap.
 */
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/guest_access.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/p2m.h>
#include <asm/sysregs.h>

int gva_to_gpa(u64 gva, bool write, u64 *gpa)
{
	unsigned long flags = local_irq_save();
	/* AT overwrites PAR_EL1, which is guest state: keep it. */
	u64 saved = READ_SYSREG(par_el1);
	u64 par;

	if (write)
		__asm__ __volatile__("at s1e1w, %0" : : "r"(gva));
	else
		__asm__ __volatile__("at s1e1r, %0" : : "r"(gva));
	isb();
	par = READ_SYSREG(par_el1);
	WRITE_SYSREG(saved, par_el1);
	local_irq_restore(flags);
	if (par & 1)
		return -EFAULT;
	*gpa = (par & 0x0000fffffffff000UL) | (gva & ~PAGE_MASK);
	return 0;
}

mfn_t gfn_to_mfn_ram(struct domain *d, gfn_t gfn)
{
	enum p2m_type t;
	mfn_t mfn = p2m_lookup(d, gfn, &t);
	struct page_info *pg;

	if (t != P2M_RAM_RW || !mfn_valid(mfn))
		return INVALID_MFN;
	pg = mfn_to_page(mfn);
	if (pg->owner != (u64)(uintptr_t)d)
		return INVALID_MFN;
	return mfn;
}

/* One page at most: the caller splits at page boundaries. */
static int copy_gpa_page(struct domain *d, u64 gpa, void *buf, size_t len,
			 bool to_guest)
{
	mfn_t mfn = gfn_to_mfn_ram(d, gfn_init(gpa >> PAGE_SHIFT));
	char *p;

	if (mfn_val(mfn) == mfn_val(INVALID_MFN))
		return -EFAULT;
	p = (char *)maddr_to_virt(mfn_to_pa(mfn)) + (gpa & ~PAGE_MASK);
	if (to_guest)
		memcpy(p, buf, len);
	else
		memcpy(buf, p, len);
	return 0;
}

static int copy_gpa(struct domain *d, u64 gpa, void *buf, size_t len,
		    bool to_guest)
{
	while (len) {
		size_t chunk = MIN(len, PAGE_SIZE - (gpa & ~PAGE_MASK));

		if (copy_gpa_page(d, gpa, buf, chunk, to_guest))
			return -EFAULT;
		gpa += chunk;
		buf = (char *)buf + chunk;
		len -= chunk;
	}
	return 0;
}

int copy_from_gpa(struct domain *d, void *dst, u64 gpa, size_t len)
{
	return copy_gpa(d, gpa, dst, len, false);
}

int copy_to_gpa(struct domain *d, u64 gpa, const void *src, size_t len)
{
	return copy_gpa(d, gpa, (void *)src, len, true);
}

static int copy_gva(u64 gva, void *buf, size_t len, bool to_guest)
{
	struct domain *d = current->domain;

	if (gva + len < gva)
		return -EFAULT;
	while (len) {
		size_t chunk = MIN(len, PAGE_SIZE - (gva & ~PAGE_MASK));
		u64 gpa;

		if (gva_to_gpa(gva, to_guest, &gpa) ||
		    copy_gpa_page(d, gpa, buf, chunk, to_guest))
			return -EFAULT;
		gva += chunk;
		buf = (char *)buf + chunk;
		len -= chunk;
	}
	return 0;
}

int copy_from_guest(void *dst, u64 gva, size_t len)
{
	return copy_gva(gva, dst, len, false);
}

int copy_to_guest(u64 gva, const void *src, size_t len)
{
	return copy_gva(gva, (void *)src, len, true);
}
