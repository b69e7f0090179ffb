/* SPDX-License-Identifier: MIT */
/* fdtw: sequential FDT writer (fdtw.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fdtw.h"

#define FDT_MAGIC 0xd00dfeedU
#define FDT_BEGIN_NODE 1U
#define FDT_END_NODE 2U
#define FDT_PROP 3U
#define FDT_END 9U
#define FDT_HEADER_SIZE 40U
#define FDT_RSVMAP_SIZE 16U /* the terminating empty entry only */

static uint32_t be32(uint32_t v)
{
	return __builtin_bswap32(v);
}

void fdtw_init(struct fdtw *w)
{
	memset(w, 0, sizeof(*w));
}

static int grow(uint8_t **buf, size_t *cap, size_t need)
{
	size_t cap2 = *cap ? *cap : 256;
	uint8_t *p;

	if (need <= *cap)
		return 0;
	while (cap2 < need)
		cap2 *= 2;
	p = realloc(*buf, cap2);
	if (!p)
		return -ENOMEM;
	*buf = p;
	*cap = cap2;
	return 0;
}

static void put(struct fdtw *w, const void *data, size_t len)
{
	size_t padded = (len + 3) & ~(size_t)3;

	if (w->err)
		return;
	if (grow(&w->st, &w->st_cap, w->st_len + padded)) {
		w->err = -ENOMEM;
		return;
	}
	memcpy(w->st + w->st_len, data, len);
	memset(w->st + w->st_len + len, 0, padded - len);
	w->st_len += padded;
}

static void put_u32(struct fdtw *w, uint32_t v)
{
	uint32_t b = be32(v);

	put(w, &b, 4);
}

/* Offset of name in the strings block, adding it if new. */
static uint32_t string_off(struct fdtw *w, const char *name)
{
	size_t n = strlen(name) + 1;

	for (size_t off = 0; off < w->str_len;
	     off += strlen(w->str + off) + 1) {
		if (!strcmp(w->str + off, name))
			return (uint32_t)off;
	}
	if (grow((uint8_t **)&w->str, &w->str_cap, w->str_len + n)) {
		w->err = -ENOMEM;
		return 0;
	}
	memcpy(w->str + w->str_len, name, n);
	w->str_len += n;
	return (uint32_t)(w->str_len - n);
}

void fdtw_begin_node(struct fdtw *w, const char *name)
{
	put_u32(w, FDT_BEGIN_NODE);
	put(w, name, strlen(name) + 1);
	w->depth++;
}

void fdtw_end_node(struct fdtw *w)
{
	if (w->depth <= 0) {
		w->err = -EINVAL;
		return;
	}
	put_u32(w, FDT_END_NODE);
	w->depth--;
}

void fdtw_prop(struct fdtw *w, const char *name, const void *val, size_t len)
{
	uint32_t off = string_off(w, name);

	if (w->depth <= 0)
		w->err = -EINVAL;
	put_u32(w, FDT_PROP);
	put_u32(w, (uint32_t)len);
	put_u32(w, off);
	if (len)
		put(w, val, len);
}

void fdtw_prop_u32(struct fdtw *w, const char *name, uint32_t v)
{
	fdtw_prop_cells(w, name, &v, 1);
}

void fdtw_prop_u64(struct fdtw *w, const char *name, uint64_t v)
{
	uint32_t c[2] = {(uint32_t)(v >> 32), (uint32_t)v};

	fdtw_prop_cells(w, name, c, 2);
}

void fdtw_prop_cells(struct fdtw *w, const char *name, const uint32_t *cells,
		     size_t n)
{
	uint32_t buf[32];

	if (n > 32) {
		w->err = -EINVAL;
		return;
	}
	for (size_t i = 0; i < n; i++)
		buf[i] = be32(cells[i]);
	fdtw_prop(w, name, buf, n * 4);
}

void fdtw_prop_str(struct fdtw *w, const char *name, const char *s)
{
	fdtw_prop(w, name, s, strlen(s) + 1);
}

void fdtw_prop_strs(struct fdtw *w, const char *name, const char *const *s)
{
	char buf[512];
	size_t len = 0;

	for (; *s; s++) {
		size_t n = strlen(*s) + 1;

		if (len + n > sizeof(buf)) {
			w->err = -EINVAL;
			return;
		}
		memcpy(buf + len, *s, n);
		len += n;
	}
	fdtw_prop(w, name, buf, len);
}

void fdtw_prop_empty(struct fdtw *w, const char *name)
{
	fdtw_prop(w, name, NULL, 0);
}

void *fdtw_finish(struct fdtw *w, size_t *len, int *err)
{
	uint8_t *blob = NULL;
	size_t total;
	uint32_t hdr[10];

	put_u32(w, FDT_END);
	if (!w->err && w->depth != 0)
		w->err = -EINVAL;
	if (w->err)
		goto out;
	total = FDT_HEADER_SIZE + FDT_RSVMAP_SIZE + w->st_len + w->str_len;
	blob = calloc(1, total);
	if (!blob) {
		w->err = -ENOMEM;
		goto out;
	}
	hdr[0] = be32(FDT_MAGIC);
	hdr[1] = be32((uint32_t)total);
	hdr[2] = be32(FDT_HEADER_SIZE + FDT_RSVMAP_SIZE); /* off_dt_struct */
	hdr[3] = be32((uint32_t)(FDT_HEADER_SIZE + FDT_RSVMAP_SIZE +
				 w->st_len)); /* off_dt_strings */
	hdr[4] = be32(FDT_HEADER_SIZE);	      /* off_mem_rsvmap */
	hdr[5] = be32(17);		      /* version */
	hdr[6] = be32(16);		      /* last_comp_version */
	hdr[7] = 0;			      /* boot_cpuid_phys */
	hdr[8] = be32((uint32_t)w->str_len);
	hdr[9] = be32((uint32_t)w->st_len);
	memcpy(blob, hdr, sizeof(hdr));
	memcpy(blob + FDT_HEADER_SIZE + FDT_RSVMAP_SIZE, w->st, w->st_len);
	memcpy(blob + FDT_HEADER_SIZE + FDT_RSVMAP_SIZE + w->st_len, w->str,
	       w->str_len);
	*len = total;
out:
	if (err)
		*err = w->err;
	free(w->st);
	free(w->str);
	memset(w, 0, sizeof(*w));
	return blob;
}
