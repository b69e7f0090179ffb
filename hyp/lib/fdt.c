// SPDX-License-Identifier: MIT
/*
 * DTB header, memory reservation block and structure block validation
 * (Devicetree Specification v0.4, chapter 5), plus the token reader the
 * accessors in fdt_ro.c are built on.
 */
#include <hyp/errno.h>
#include <hyp/fdt.h>
#include <hyp/lib.h>

/* Header field offsets (spec 5.2). */
#define HDR_MAGIC 0
#define HDR_TOTALSIZE 4
#define HDR_OFF_STRUCT 8
#define HDR_OFF_STRINGS 12
#define HDR_OFF_RSVMAP 16
#define HDR_VERSION 20
#define HDR_LAST_COMP 24
#define HDR_SIZE_STRINGS 32
#define HDR_SIZE_STRUCT 36
/* Version 16 lacks size_dt_struct; version 17 adds it. */
#define HDR_LEN_V16 36
#define HDR_LEN_V17 40

#define RSV_ENTRY_LEN 16
/* Keeps every offset and every aligned end offset within an int. */
#define FDT_MAX_TOTALSIZE 0x7ffffff0U

static const u8 *struct_ptr(const struct fdt *fdt, u32 off)
{
	return fdt->blob + fdt->off_struct + off;
}

/*
 * Decode the token at off. On success returns the token and sets *next;
 * on failure returns -EINVAL and sets *why.
 */
static int tag_at(const struct fdt *fdt, u32 off, u32 *next, const char **why)
{
	u64 end = (u64)off + 4;
	const u8 *name, *nul;
	u32 tag, len;

	if (!IS_ALIGNED(off, 4)) {
		*why = "token not 4-byte aligned";
		return -EINVAL;
	}
	if (end > fdt->size_struct) {
		*why = "token runs past the end of the struct block";
		return -EINVAL;
	}
	tag = fdt32_ld(struct_ptr(fdt, off));
	switch (tag) {
	case FDT_BEGIN_NODE:
		/* Spec 5.4.1: the name is NUL-terminated, then padded. */
		name = struct_ptr(fdt, end);
		nul = memchr(name, 0, fdt->size_struct - end);
		if (!nul) {
			*why = "node name not terminated within struct block";
			return -EINVAL;
		}
		end += (u64)(nul - name) + 1;
		break;
	case FDT_PROP:
		/* Spec 5.4.1: u32 len, u32 nameoff, then len value bytes. */
		if (end + 8 > fdt->size_struct) {
			*why = "property header runs past the struct block";
			return -EINVAL;
		}
		len = fdt32_ld(struct_ptr(fdt, end));
		end += 8;
		if (len > fdt->size_struct - end) {
			*why = "property length exceeds the struct block";
			return -EINVAL;
		}
		end += len;
		break;
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		break;
	default:
		*why = "unknown token";
		return -EINVAL;
	}
	*next = (u32)ALIGN_UP(end, 4);
	return (int)tag;
}

int fdt_next_tag(const struct fdt *fdt, int off, int *next)
{
	const char *why;
	u32 n;
	int tag;

	if (off < 0)
		return -EINVAL;
	tag = tag_at(fdt, (u32)off, &n, &why);
	if (tag >= 0)
		*next = (int)n;
	return tag;
}

static int __printf(2, 3) open_fail(struct fdt *fdt, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(fdt->err, sizeof(fdt->err), fmt, ap);
	va_end(ap);
	fdt->blob = NULL;
	fdt->totalsize = 0;
	fdt->size_struct = 0;
	fdt->size_strings = 0;
	fdt->nr_rsv = 0;
	fdt->root = -EINVAL;
	return -EINVAL;
}

static bool ranges_overlap(u64 a, u64 alen, u64 b, u64 blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

/* Spec 5.3: 16-byte entries, 8-byte aligned, ended by a zero entry. */
static int check_rsvmap(struct fdt *fdt)
{
	u64 off = fdt->off_rsvmap;
	u64 len;
	u32 n = 0;

	for (;;) {
		const u8 *e = fdt->blob + off;

		if (off + RSV_ENTRY_LEN > fdt->totalsize)
			return open_fail(fdt, "memory reservation block not "
					      "terminated within totalsize");
		if (fdt64_ld(e) == 0 && fdt64_ld(e + 8) == 0)
			break;
		off += RSV_ENTRY_LEN;
		n++;
	}
	len = (u64)(n + 1) * RSV_ENTRY_LEN;
	if (ranges_overlap(fdt->off_rsvmap, len, fdt->off_struct,
			   fdt->size_struct) ||
	    ranges_overlap(fdt->off_rsvmap, len, fdt->off_strings,
			   fdt->size_strings))
		return open_fail(fdt, "memory reservation block overlaps the "
				      "struct or strings block");
	fdt->nr_rsv = n;
	return 0;
}

/*
 * One pass over the structure block (spec 5.4.2): a single root node,
 * balanced BEGIN_NODE/END_NODE, properties only inside nodes and before
 * their subnodes, property names inside the strings block, bounded depth,
 * and an END token after the root.
 */
static int check_struct(struct fdt *fdt)
{
	bool seen_root = false, after_child = false;
	const char *why = NULL;
	u32 off = 0, next, nameoff;
	int depth = 0, tag;

	for (;;) {
		tag = tag_at(fdt, off, &next, &why);
		if (tag < 0)
			return open_fail(fdt, "struct block offset %u: %s", off,
					 why);
		switch (tag) {
		case FDT_BEGIN_NODE:
			if (depth == 0 && seen_root)
				return open_fail(fdt,
						 "second root node at "
						 "struct offset %u",
						 off);
			if (depth >= FDT_MAX_DEPTH)
				return open_fail(fdt,
						 "nodes nested deeper "
						 "than %d levels",
						 FDT_MAX_DEPTH);
			if (depth == 0) {
				seen_root = true;
				fdt->root = (int)off;
			}
			depth++;
			after_child = false;
			break;
		case FDT_END_NODE:
			if (depth == 0)
				return open_fail(fdt,
						 "unbalanced END_NODE at "
						 "struct offset %u",
						 off);
			depth--;
			after_child = true;
			break;
		case FDT_PROP:
			if (depth == 0)
				return open_fail(fdt,
						 "property outside any "
						 "node at struct offset %u",
						 off);
			if (after_child)
				return open_fail(fdt,
						 "property after a "
						 "subnode at struct "
						 "offset %u",
						 off);
			nameoff = fdt32_ld(struct_ptr(fdt, off + 8));
			if (nameoff >= fdt->size_strings)
				return open_fail(fdt,
						 "property name offset "
						 "out of bounds at struct "
						 "offset %u",
						 off);
			if (!memchr(fdt->blob + fdt->off_strings + nameoff, 0,
				    fdt->size_strings - nameoff))
				return open_fail(fdt, "property name not "
						      "terminated within "
						      "strings block");
			break;
		case FDT_NOP:
			break;
		case FDT_END:
			if (!seen_root)
				return open_fail(fdt, "no root node");
			if (depth != 0)
				return open_fail(fdt,
						 "END token inside a node "
						 "at struct offset %u",
						 off);
			return 0;
		}
		/* tag_at() guarantees next > off, so this loop ends. */
		off = next;
	}
}

/* Size of the v16 struct block: up to the next block or the end. */
static u32 v16_struct_size(const struct fdt *fdt)
{
	u32 end = fdt->totalsize;

	if (fdt->off_strings > fdt->off_struct && fdt->off_strings < end)
		end = fdt->off_strings;
	if (fdt->off_rsvmap > fdt->off_struct && fdt->off_rsvmap < end)
		end = fdt->off_rsvmap;
	return end - fdt->off_struct;
}

int fdt_open(struct fdt *fdt, const void *blob, size_t avail)
{
	const u8 *b = blob;
	u32 magic, last_comp, hdrlen;
	int rc;

	memset(fdt, 0, sizeof(*fdt));
	if (!blob)
		return open_fail(fdt, "no device tree");
	if (avail < HDR_LEN_V16)
		return open_fail(fdt, "only %zu bytes, too small for a header",
				 avail);
	magic = fdt32_ld(b + HDR_MAGIC);
	if (magic != FDT_MAGIC)
		return open_fail(fdt, "bad magic 0x%08x", magic);
	fdt->version = fdt32_ld(b + HDR_VERSION);
	last_comp = fdt32_ld(b + HDR_LAST_COMP);
	if (fdt->version < FDT_MIN_VERSION)
		return open_fail(fdt, "version %u too old (need %u or later)",
				 fdt->version, FDT_MIN_VERSION);
	if (last_comp > FDT_MAX_COMP_VERSION)
		return open_fail(fdt, "last_comp_version %u not supported",
				 last_comp);
	if (last_comp > fdt->version)
		return open_fail(fdt, "last_comp_version %u > version %u",
				 last_comp, fdt->version);
	hdrlen = fdt->version >= 17 ? HDR_LEN_V17 : HDR_LEN_V16;

	fdt->totalsize = fdt32_ld(b + HDR_TOTALSIZE);
	if (fdt->totalsize < hdrlen)
		return open_fail(fdt, "totalsize %u smaller than the header",
				 fdt->totalsize);
	if (fdt->totalsize > avail)
		return open_fail(fdt,
				 "totalsize %u exceeds the %zu bytes "
				 "available",
				 fdt->totalsize, avail);
	if (fdt->totalsize > FDT_MAX_TOTALSIZE)
		return open_fail(fdt, "totalsize %u too large", fdt->totalsize);

	fdt->off_struct = fdt32_ld(b + HDR_OFF_STRUCT);
	fdt->off_strings = fdt32_ld(b + HDR_OFF_STRINGS);
	fdt->off_rsvmap = fdt32_ld(b + HDR_OFF_RSVMAP);
	fdt->size_strings = fdt32_ld(b + HDR_SIZE_STRINGS);

	/* Spec 5.3, 5.4 and 5.6: where the blocks may start. */
	if (fdt->off_rsvmap < hdrlen || fdt->off_rsvmap >= fdt->totalsize ||
	    !IS_ALIGNED(fdt->off_rsvmap, 8))
		return open_fail(fdt,
				 "memory reservation block offset %u "
				 "invalid",
				 fdt->off_rsvmap);
	if (fdt->off_struct < hdrlen || fdt->off_struct >= fdt->totalsize ||
	    !IS_ALIGNED(fdt->off_struct, 4))
		return open_fail(fdt, "struct block offset %u invalid",
				 fdt->off_struct);
	if (fdt->off_strings < hdrlen || fdt->off_strings > fdt->totalsize)
		return open_fail(fdt, "strings block offset %u invalid",
				 fdt->off_strings);
	if ((u64)fdt->off_strings + fdt->size_strings > fdt->totalsize)
		return open_fail(fdt, "strings block exceeds totalsize");

	if (fdt->version >= 17) {
		fdt->size_struct = fdt32_ld(b + HDR_SIZE_STRUCT);
		if ((u64)fdt->off_struct + fdt->size_struct > fdt->totalsize)
			return open_fail(fdt, "struct block exceeds "
					      "totalsize");
	} else {
		fdt->size_struct = v16_struct_size(fdt);
	}
	if (ranges_overlap(fdt->off_struct, fdt->size_struct, fdt->off_strings,
			   fdt->size_strings))
		return open_fail(fdt, "struct and strings blocks overlap");

	fdt->blob = b;
	rc = check_rsvmap(fdt);
	if (rc)
		return rc;
	rc = check_struct(fdt);
	if (rc)
		return rc;
	fdt->err[0] = '\0';
	return 0;
}

int fdt_num_mem_rsv(const struct fdt *fdt)
{
	return (int)fdt->nr_rsv;
}

int fdt_get_mem_rsv(const struct fdt *fdt, int i, u64 *addr, u64 *size)
{
	const u8 *e;

	if (i < 0 || (u32)i >= fdt->nr_rsv)
		return -ENOENT;
	e = fdt->blob + fdt->off_rsvmap + (u32)i * RSV_ENTRY_LEN;
	*addr = fdt64_ld(e);
	*size = fdt64_ld(e + 8);
	return 0;
}
