/* SPDX-License-Identifier: MIT */
/*
 * DEFLATE decoder (RFC 1951): stored, fixed-Huffman and dynamic-Huffman
 * blocks, into one flat output buffer that is also the window for
 * back-references. Bounds: input is read through getbits()/decode() only,
 * which stop at in_len; output is written only after checking out_max;
 * a distance is checked against what was already written.
 *
 * Huffman codes are canonical (RFC 1951 section 3.2.2): a table keeps the
 * number of codes of each length and the symbols in code order. Codes of
 * up to FAST_BITS bits are looked up directly by the next input bits;
 * longer ones are decoded a bit at a time from the counts.
 */
#include <hyp/errno.h>
#include <hyp/gunzip.h>
#include <hyp/lib.h>

#define MAX_BITS 15   /* longest code (section 3.2.7) */
#define NR_LITLEN 288 /* 0..287 in the fixed code; 286 and 287 unused */
#define NR_LITLEN_DYN 286
#define NR_DIST 30
#define NR_DIST_FIXED 32 /* 30 and 31 have codes but are invalid */
#define NR_CLEN 19
#define END_OF_BLOCK 256
#define FAST_BITS 9
#define FAST_SYM_BITS 9 /* a fast entry: length << 9 | symbol */

struct huffman {
	u16 count[MAX_BITS + 1]; /* count[l]: codes of length l */
	u16 symbol[NR_LITLEN];	 /* symbols ordered by code */
	u16 fast[1U << FAST_BITS];
};

struct inflater {
	const u8 *in;
	size_t in_len, in_pos;
	u64 bits; /* buffered input, next bit in bit 0; zero above nbits */
	unsigned int nbits;
	u8 *out;
	size_t out_max, out_pos;
	const char *why;
};

/* Section 3.2.5: base values and extra bits of length codes 257..285. */
static const u16 len_base[29] = {
	3,  4,	5,  6,	7,  8,	9,  10, 11,  13,  15,  17,  19,	 23,  27,
	31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
};
static const u8 len_extra[29] = {
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
	2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
};
/* ... and of distance codes 0..29. */
static const u16 dist_base[NR_DIST] = {
	1,    2,    3,	  4,	5,    7,    9,	  13,	 17,	25,
	33,   49,   65,	  97,	129,  193,  257,  385,	 513,	769,
	1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
};
static const u8 dist_extra[NR_DIST] = {
	0, 0, 0, 0, 1, 1, 2, 2,	 3,  3,	 4,  4,	 5,  5,	 6,
	6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
};
/* Section 3.2.7: the order code length code lengths are sent in. */
static const u8 clen_order[NR_CLEN] = {
	16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
};

static int bad(struct inflater *s, int rc, const char *why)
{
	s->why = why;
	return rc;
}

static void refill(struct inflater *s)
{
	while (s->nbits <= 56 && s->in_pos < s->in_len) {
		s->bits |= (u64)s->in[s->in_pos++] << s->nbits;
		s->nbits += 8;
	}
}

static void drop(struct inflater *s, unsigned int n)
{
	s->bits >>= n;
	s->nbits -= n;
}

/* The next n (<= 32) bits as a number, first bit least significant. */
static int getbits(struct inflater *s, unsigned int n, u32 *v)
{
	if (s->nbits < n)
		refill(s);
	if (s->nbits < n)
		return bad(s, -EINVAL, "truncated deflate data");
	*v = (u32)(s->bits & ((1ULL << n) - 1));
	drop(s, n);
	return 0;
}

static u32 reverse(u32 code, unsigned int len)
{
	u32 r = 0;

	while (len--) {
		r = (r << 1) | (code & 1);
		code >>= 1;
	}
	return r;
}

/*
 * Build h from the code lengths len[0..n) (0: symbol unused). Returns
 * how many codes of length MAX_BITS are left unassigned (0 for a
 * complete code), or -1 when the lengths ask for more codes than exist.
 */
static int build(struct huffman *h, const u8 *len, unsigned int n)
{
	u16 next[MAX_BITS + 1];
	unsigned int l, i, k, idx;
	int left = 1;
	u32 code;

	memset(h->count, 0, sizeof(h->count));
	memset(h->fast, 0, sizeof(h->fast));
	for (i = 0; i < n; i++)
		h->count[len[i]]++;
	for (l = 1; l <= MAX_BITS; l++) {
		left = 2 * left - h->count[l];
		if (left < 0)
			return -1;
	}
	next[1] = 0;
	for (l = 1; l < MAX_BITS; l++)
		next[l + 1] = next[l] + h->count[l];
	for (i = 0; i < n; i++)
		if (len[i])
			h->symbol[next[len[i]]++] = (u16)i;

	/* Codes of each length follow those of the shorter lengths, doubled. */
	code = 0;
	idx = 0;
	for (l = 1; l <= FAST_BITS; l++) {
		for (k = 0; k < h->count[l]; k++, idx++, code++)
			for (i = reverse(code, l); i < (1U << FAST_BITS);
			     i += 1U << l)
				h->fast[i] = (u16)(l << FAST_SYM_BITS |
						   h->symbol[idx]);
		code <<= 1;
	}
	return left;
}

static int decode(struct inflater *s, const struct huffman *h, u32 *sym)
{
	u32 code = 0, first = 0, index = 0, e;
	unsigned int l;

	if (s->nbits < MAX_BITS)
		refill(s);
	e = h->fast[s->bits & ((1U << FAST_BITS) - 1)];
	if (e && (e >> FAST_SYM_BITS) <= s->nbits) {
		drop(s, e >> FAST_SYM_BITS);
		*sym = e & ((1U << FAST_SYM_BITS) - 1);
		return 0;
	}
	/* Huffman codes are sent most significant bit first (3.1.1). */
	for (l = 1; l <= MAX_BITS; l++) {
		if (l > s->nbits)
			return bad(s, -EINVAL, "truncated deflate data");
		code |= (s->bits >> (l - 1)) & 1;
		if (code - first < h->count[l]) {
			*sym = h->symbol[index + code - first];
			drop(s, l);
			return 0;
		}
		index += h->count[l];
		first = (first + h->count[l]) << 1;
		code <<= 1;
	}
	return bad(s, -EINVAL, "invalid Huffman code");
}

static int put(struct inflater *s, u8 byte)
{
	if (s->out_pos == s->out_max)
		return bad(s, -E2BIG, "decompressed data too large");
	s->out[s->out_pos++] = byte;
	return 0;
}

/* Section 3.2.4: byte-aligned LEN, NLEN, then LEN literal bytes. */
static int stored_block(struct inflater *s)
{
	u32 len, nlen, b;
	int rc;

	drop(s, s->nbits & 7);
	rc = getbits(s, 16, &len);
	if (!rc)
		rc = getbits(s, 16, &nlen);
	if (rc)
		return rc;
	if (len != (~nlen & 0xffff))
		return bad(s, -EINVAL, "stored block length check failed");
	/* Whole bytes still in the bit buffer come first. */
	while (len && s->nbits) {
		getbits(s, 8, &b);
		if ((rc = put(s, (u8)b)))
			return rc;
		len--;
	}
	if (s->in_len - s->in_pos < len)
		return bad(s, -EINVAL, "truncated deflate data");
	if (s->out_max - s->out_pos < len)
		return bad(s, -E2BIG, "decompressed data too large");
	memcpy(s->out + s->out_pos, s->in + s->in_pos, len);
	s->out_pos += len;
	s->in_pos += len;
	return 0;
}

/* Literals and <length, distance> pairs up to end-of-block (3.2.5). */
static int codes(struct inflater *s, const struct huffman *lit,
		 const struct huffman *dist)
{
	u32 sym, extra, len, d;
	int rc;

	for (;;) {
		if ((rc = decode(s, lit, &sym)))
			return rc;
		if (sym < 256) {
			if ((rc = put(s, (u8)sym)))
				return rc;
			continue;
		}
		if (sym == END_OF_BLOCK)
			return 0;
		sym -= 257;
		if (sym >= ARRAY_SIZE(len_base))
			return bad(s, -EINVAL, "invalid length code");
		if ((rc = getbits(s, len_extra[sym], &extra)))
			return rc;
		len = len_base[sym] + extra;
		if ((rc = decode(s, dist, &sym)))
			return rc;
		if (sym >= NR_DIST)
			return bad(s, -EINVAL, "invalid distance code");
		if ((rc = getbits(s, dist_extra[sym], &extra)))
			return rc;
		d = dist_base[sym] + extra;
		if (d > s->out_pos)
			return bad(s, -EINVAL, "distance too far back");
		if (len > s->out_max - s->out_pos)
			return bad(s, -E2BIG, "decompressed data too large");
		if (d >= len) {
			memcpy(s->out + s->out_pos, s->out + s->out_pos - d,
			       len);
			s->out_pos += len;
			continue;
		}
		/* Byte by byte: the copy repeats what it writes. */
		while (len--) {
			s->out[s->out_pos] = s->out[s->out_pos - d];
			s->out_pos++;
		}
	}
}

/* Section 3.2.6. */
static void fixed_tables(struct huffman *lit, struct huffman *dist)
{
	u8 len[NR_LITLEN];
	unsigned int i;

	for (i = 0; i < NR_LITLEN; i++)
		len[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
	build(lit, len, NR_LITLEN);
	for (i = 0; i < NR_DIST_FIXED; i++)
		len[i] = 5;
	build(dist, len, NR_DIST_FIXED);
}

/*
 * Section 3.2.7: the code lengths of both codes, themselves Huffman coded
 * with a code whose lengths come first. dist holds that code meanwhile.
 */
static int dynamic_tables(struct inflater *s, struct huffman *lit,
			  struct huffman *dist)
{
	u8 len[NR_LITLEN_DYN + NR_DIST];
	u8 clen[NR_CLEN] = {0};
	u32 nlit, ndist, nclen, sym, rep, v;
	unsigned int i, n;
	u8 val;
	int rc;

	rc = getbits(s, 5, &nlit);
	if (!rc)
		rc = getbits(s, 5, &ndist);
	if (!rc)
		rc = getbits(s, 4, &nclen);
	if (rc)
		return rc;
	nlit += 257;
	ndist += 1;
	nclen += 4;
	if (nlit > NR_LITLEN_DYN || ndist > NR_DIST)
		return bad(s, -EINVAL, "too many length or distance codes");
	for (i = 0; i < nclen; i++) {
		if ((rc = getbits(s, 3, &v)))
			return rc;
		clen[clen_order[i]] = (u8)v;
	}
	if (build(dist, clen, NR_CLEN) != 0)
		return bad(s, -EINVAL, "invalid code length code");

	n = nlit + ndist;
	for (i = 0; i < n;) {
		if ((rc = decode(s, dist, &sym)))
			return rc;
		if (sym < 16) {
			len[i++] = (u8)sym;
			continue;
		}
		if (sym == 16) {
			if (!i)
				return bad(s, -EINVAL,
					   "length repeat with no previous "
					   "length");
			val = len[i - 1];
			rc = getbits(s, 2, &rep);
			rep += 3;
		} else if (sym == 17) {
			val = 0;
			rc = getbits(s, 3, &rep);
			rep += 3;
		} else {
			val = 0;
			rc = getbits(s, 7, &rep);
			rep += 11;
		}
		if (rc)
			return rc;
		if (rep > n - i)
			return bad(s, -EINVAL, "code lengths overrun");
		while (rep--)
			len[i++] = val;
	}
	if (!len[END_OF_BLOCK])
		return bad(s, -EINVAL, "no end-of-block code");
	/*
	 * Incomplete codes are accepted (RFC 1951 allows a single distance
	 * code); decode() rejects an unassigned code if one is met.
	 */
	if (build(lit, len, nlit) < 0)
		return bad(s, -EINVAL, "invalid literal/length code");
	if (build(dist, len + nlit, ndist) < 0)
		return bad(s, -EINVAL, "invalid distance code lengths");
	return 0;
}

int inflate_raw(const void *in, size_t in_len, size_t *consumed, void *out,
		size_t out_max, size_t *out_len, const char **why)
{
	struct inflater s = {
		.in = in,
		.in_len = in_len,
		.out = out,
		.out_max = out_max,
	};
	struct huffman lit, dist;
	u32 final, type;
	int rc;

	do {
		rc = getbits(&s, 1, &final);
		if (!rc)
			rc = getbits(&s, 2, &type);
		if (rc)
			break;
		if (type == 0) {
			rc = stored_block(&s);
			continue;
		}
		if (type == 1)
			fixed_tables(&lit, &dist);
		else if (type == 2)
			rc = dynamic_tables(&s, &lit, &dist);
		else
			rc = bad(&s, -EINVAL, "invalid block type");
		if (!rc)
			rc = codes(&s, &lit, &dist);
	} while (!rc && !final);

	*out_len = s.out_pos;
	/* Whole bytes read ahead into the bit buffer are not consumed. */
	*consumed = s.in_pos - s.nbits / 8;
	*why = rc ? s.why : NULL;
	return rc;
}
