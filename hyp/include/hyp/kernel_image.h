/* SPDX-License-Identifier: MIT */
/*
 * A domain's kernel from its boot module: an arm64 Image (Linux
 * Documentation/arch/arm64/booting.rst), or one compressed with gzip,
 * which is decompressed into hypervisor memory first (as Xen does).
 */
#ifndef HYP_KERNEL_IMAGE_H
#define HYP_KERNEL_IMAGE_H

#include <hyp/bootinfo.h>
#include <hyp/types.h>

struct page_info;

struct kernel_image {
	const u8 *data; /* the Image, in the module or decompressed */
	u64 size;
	u64 text_offset;      /* from the Image header */
	u64 image_size;	      /* memory the kernel needs from its start */
	struct page_info *pg; /* decompression buffer, or NULL */
	unsigned int order;
};

/*
 * Find the Image in module m, decompressing it if it is gzip. On error
 * one line naming who and the reason is printed and -EINVAL (not an
 * Image, malformed gzip), -E2BIG or -ENOMEM is returned.
 */
int kernel_image_load(const struct bootmodule *m, const char *who,
		      struct kernel_image *ki);

/* Free the decompression buffer once the Image is copied. */
void kernel_image_release(struct kernel_image *ki);

#endif
