/* SPDX-License-Identifier: MIT */
/*
 * A domain's RAM: populating it with zeroed blocks and making what the
 * hypervisor wrote there visible to a guest that starts with its MMU and
 * caches off (XSA-364). Such a guest reads RAM directly, so zeroes or
 * images still in our data cache would show it stale data, possibly
 * another domain's (Arm ARM B2.4.4, D5.11.7).
 *
 * Each page is cleaned to the Point of Coherency once, after the last
 * write: at runtime (populate_physmap) by the allocator right after
 * zeroing (ALLOC_GUEST); while building a domain, after its kernel,
 * initrd and device tree are copied in, by domain_clean_ram(), so the
 * image pages are not cleaned twice.
 *
 * No lock: a domain's page_list only changes while it is built or by its
 * own memory_op (serialised by the caller's context as before).
 */
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/grant_table.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/p2m.h>

/* Undo a failed domain_populate_ram(): [gpa, gpa+done) and its pages. */
static void populate_unwind(struct domain *d, u64 gpa, u64 done,
			    struct list_head *pages)
{
	struct page_info *pg, *tmp;

	/* Whole leaves it mapped itself: no table needed, cannot fail. */
	if (done)
		p2m_unmap(d, gfn_init(gpa >> PAGE_SHIFT), done >> PAGE_SHIFT);
	list_for_each_entry_safe (pg, tmp, pages, list) {
		unsigned int order = pg->order;

		list_del(&pg->list);
		d->tot_pages -= 1UL << order;
		gnttab_free_ram(pg, order);
	}
}

/*
 * Give the domain RAM at [gpa, gpa+size): 2 MiB or larger chunks where
 * alignment allows, so stage-2 can use block mappings. All or nothing: on
 * -ENOMEM (heap, or the p2m pool for its tables) nothing is left mapped.
 * While building, pages are only zeroed: domain_clean_ram() cleans them
 * once the images are in.
 */
int domain_populate_ram(struct domain *d, u64 gpa, u64 size, bool building)
{
	unsigned int flags = building ? ALLOC_ZERO : ALLOC_GUEST;
	struct list_head pages;
	struct page_info *pg, *tmp;
	u64 done = 0;
	int rc;

	if ((gpa | size) & ~PAGE_MASK)
		return -EINVAL;
	if ((d->max_pages || d->max_pages_strict) &&
	    d->tot_pages + (size >> PAGE_SHIFT) > d->max_pages)
		return -ENOMEM;
	INIT_LIST_HEAD(&pages);
	while (done < size) {
		u64 left = size - done;
		unsigned int order = 9;

		while (order &&
		       ((1UL << (order + PAGE_SHIFT)) > left ||
			!IS_ALIGNED(gpa + done, 1UL << (order + PAGE_SHIFT))))
			order--;
		pg = alloc_pages(order, flags);
		while (!pg && order) {
			order--;
			pg = alloc_pages(order, flags);
		}
		rc = -ENOMEM;
		if (!pg)
			goto fail;
		pg->owner = (u64)(uintptr_t)d;
		pg->order = order;
		/* Every page of the block must say who owns it. */
		for (u64 i = 1; i < (1UL << order); i++)
			pg[i].owner = (u64)(uintptr_t)d;
		list_add_tail(&pg->list, &pages);
		d->tot_pages += 1UL << order;
		rc = p2m_map(d, gfn_init((gpa + done) >> PAGE_SHIFT),
			     page_to_mfn(pg), 1UL << order, P2M_RAM_RW);
		if (rc)
			goto fail;
		done += 1UL << (order + PAGE_SHIFT);
	}
	list_for_each_entry_safe (pg, tmp, &pages, list) {
		list_del(&pg->list);
		list_add_tail(&pg->list, &d->page_list);
	}
	return 0;

fail:
	populate_unwind(d, gpa, done, &pages);
	return rc;
}

void domain_clean_ram(struct domain *d)
{
	struct page_info *pg;

	list_for_each_entry (pg, &d->page_list, list)
		arch_clean_dcache_poc(maddr_to_virt(mfn_to_pa(page_to_mfn(pg))),
				      PAGE_SIZE << pg->order);
}
