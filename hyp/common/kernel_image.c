/* SPDX-License-Identifier: MIT */
/*
 * Kernel boot modules: plain arm64 Image or gzip-compressed Image. The
 * gzip trailer's ISIZE sizes a buffer from the page allocator, gunzip()
 * fills it without passing its end and checks CRC-32 and ISIZE; any
 * failure is one message and an error, never a partial kernel.
 */
#include <hyp/errno.h>
#include <hyp/gunzip.h>
#include <hyp/kernel_image.h>
#include <hyp/lib.h>
#include <hyp/mm.h>

#define IMAGE_MAGIC 0x644d5241U /* "ARM\x64" at offset 56 */
#define IMAGE_HEADER_SIZE 64
#define IMAGE_TEXT_OFFSET_OLD 0x80000 /* before Linux 3.17: image_size 0 */
/* Far above any kernel; bounds what a bad ISIZE can make us allocate. */
#define KERNEL_MAX_SIZE MB(512)
/* Bounds the header's text_offset and image_size, so sums cannot wrap. */
#define IMAGE_FIELD_MAX GB(1)

static int decompress(const struct bootmodule *m, const char *who,
		      struct kernel_image *ki)
{
	const void *gz = maddr_to_virt(m->start);
	const char *why;
	size_t len;
	u32 isize;
	int rc;

	rc = gzip_isize(gz, m->size, &isize, &why);
	if (!rc && isize > KERNEL_MAX_SIZE) {
		why = "decompressed size above 512 MiB";
		rc = -E2BIG;
	}
	if (rc)
		goto fail;
	ki->order = 0;
	while ((PAGE_SIZE << ki->order) < MAX(isize, 1U))
		ki->order++;
	ki->pg = alloc_pages(ki->order, 0);
	if (!ki->pg) {
		printk(HYPLOG_ERR "%s: no memory to decompress the kernel "
				  "(%u bytes)\n",
		       who, isize);
		return -ENOMEM;
	}
	ki->data = maddr_to_virt(mfn_to_pa(page_to_mfn(ki->pg)));
	rc = gunzip(gz, m->size, (void *)ki->data, isize, &len, &why);
	if (rc) {
		kernel_image_release(ki);
		goto fail;
	}
	ki->size = len;
	printk("%s: gzip kernel, %lu bytes decompressed to %lu\n", who, m->size,
	       ki->size);
	return 0;
fail:
	printk(HYPLOG_ERR "%s: bad gzip-compressed kernel: %s\n", who, why);
	return rc;
}

int kernel_image_load(const struct bootmodule *m, const char *who,
		      struct kernel_image *ki)
{
	u32 magic = 0;
	int rc;

	memset(ki, 0, sizeof(*ki));
	ki->data = maddr_to_virt(m->start);
	ki->size = m->size;
	if (gzip_magic(ki->data, ki->size)) {
		rc = decompress(m, who, ki);
		if (rc)
			return rc;
	}
	if (ki->size >= IMAGE_HEADER_SIZE)
		memcpy(&magic, ki->data + 56, 4);
	if (magic != IMAGE_MAGIC) {
		/* Xen refuses these too (zImage is 32-bit only). */
		printk(HYPLOG_ERR "%s: the kernel is not an arm64 Image\n",
		       who);
		kernel_image_release(ki);
		return -EINVAL;
	}
	memcpy(&ki->text_offset, ki->data + 8, 8);
	memcpy(&ki->image_size, ki->data + 16, 8);
	if (!ki->image_size) {
		ki->text_offset = IMAGE_TEXT_OFFSET_OLD;
		ki->image_size = ki->size;
	}
	ki->image_size = MAX(ki->image_size, ki->size);
	if (ki->text_offset > IMAGE_FIELD_MAX ||
	    ki->image_size > IMAGE_FIELD_MAX) {
		printk(HYPLOG_ERR "%s: implausible arm64 Image header "
				  "(text_offset %#lx, image_size %#lx)\n",
		       who, ki->text_offset, ki->image_size);
		kernel_image_release(ki);
		return -EINVAL;
	}
	return 0;
}

void kernel_image_release(struct kernel_image *ki)
{
	if (ki->pg)
		free_pages(ki->pg, ki->order);
	ki->pg = NULL;
}
