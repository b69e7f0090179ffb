/* SPDX-License-Identifier: MIT */
/*
 * Command-line parsing with Xen's syntax (docs/misc/xen-command-line.pandoc,
 * xen/common/kernel.c): space-separated options, "name=value" or a bare
 * name; booleans also as "no-name"; names matched exactly, case and '-'/'_'
 * included, as Xen does. Extensions: a value may be double-quoted to hold
 * spaces, and a lone "--" also ends the hypervisor's options. Bad input
 * only ever draws a warning.
 */
#include <hyp/cmdline.h>
#include <hyp/errno.h>
#include <hyp/lib.h>
#include <hyp/param.h>

/* Longer than any option name; longer ones cannot match and are skipped. */
#define NAME_MAX_LEN 63
/* Longest value accepted; longer ones are refused, never cut. */
#define VALUE_MAX_LEN 255

extern const struct hyp_param __start_hyp_params[], __stop_hyp_params[];

static char saved_cmdline[CMDLINE_SAVED_SIZE];
static char dom0_args[CMDLINE_SAVED_SIZE];

const char *cmdline_saved(void)
{
	return saved_cmdline;
}

const char *cmdline_dom0_args(void)
{
	return dom0_args;
}

/* ---- value parsers ---- */

int parse_bool(const char *s, const char *end)
{
	static const struct {
		const char *word;
		int val;
	} words[] = {
		{"1", 1},      {"0", 0},       {"on", 1},   {"no", 0},
		{"yes", 1},    {"off", 0},     {"true", 1}, {"false", 0},
		{"enable", 1}, {"disable", 0},
	};
	size_t len, i;

	if (!s)
		return -EINVAL;
	len = end ? (end >= s ? (size_t)(end - s) : 0) : strlen(s);
	for (i = 0; i < ARRAY_SIZE(words); i++) {
		if (strlen(words[i].word) == len &&
		    !strncmp(words[i].word, s, len))
			return words[i].val;
	}
	return -EINVAL;
}

/*
 * Xen's rules: a number in C syntax (0x hex, leading-0 octal) and one
 * optional unit letter; no unit means KiB. A '%' is left for the caller
 * (dom0_mem=10%) when it asked for the end. As in Xen, "0x10B" is hex
 * 0x10b KiB. No number or an overflow is reported as nothing parsed: 0
 * with *end == s.
 */
u64 parse_size_and_unit(const char *s, const char **end)
{
	const char *p;
	unsigned int shift;
	bool ovf;
	u64 val;

	if (!s) {
		if (end)
			*end = s;
		return 0;
	}
	val = hyp_strtoull(s, &p, 0, &ovf);
	if (p == s) {
		/* No number: a unit alone is not a size. */
		if (end)
			*end = s;
		return 0;
	}
	switch (*p) {
	case 'T':
	case 't':
		shift = 40;
		p++;
		break;
	case 'G':
	case 'g':
		shift = 30;
		p++;
		break;
	case 'M':
	case 'm':
		shift = 20;
		p++;
		break;
	case 'K':
	case 'k':
		shift = 10;
		p++;
		break;
	case 'B':
	case 'b':
		shift = 0;
		p++;
		break;
	case '%':
		shift = end ? 0 : 10;
		break;
	default:
		shift = 10;
		break;
	}
	if (ovf || (shift && val > (UINT64_MAX >> shift))) {
		if (end)
			*end = s;
		return 0;
	}
	if (end)
		*end = p;
	return val << shift;
}

/* ---- storing into variables ---- */

/*
 * Store into a 1, 2, 4 or 8 byte variable. Like Xen, a value fits when it
 * is in range either as unsigned or as a sign-extended negative number.
 */
static int store_int(const struct hyp_param *p, u64 val)
{
	unsigned int bits = p->len * 8;

	if (p->len != 1 && p->len != 2 && p->len != 4 && p->len != 8)
		return -EINVAL;
	if (bits < 64) {
		u64 umax = (1ULL << bits) - 1;
		u64 smin = ~0ULL << (bits - 1);

		if (val > umax && val < smin)
			return -ERANGE;
	}
	switch (p->len) {
	case 1:
		*(u8 *)p->par.var = (u8)val;
		break;
	case 2:
		*(u16 *)p->par.var = (u16)val;
		break;
	case 4:
		*(u32 *)p->par.var = (u32)val;
		break;
	default:
		*(u64 *)p->par.var = val;
		break;
	}
	return 0;
}

/* Xen's integer syntax: optional '-', then 0x hex, 0 octal or decimal. */
static int parse_integer(const char *s, u64 *out)
{
	bool neg = *s == '-', ovf;
	const char *end;
	u64 v;

	if (neg)
		s++;
	v = hyp_strtoull(s, &end, 0, &ovf);
	if (end == s || *end || ovf)
		return -EINVAL;
	/* The magnitude of a negative number must fit a signed 64-bit one. */
	if (neg && v > (1ULL << 63))
		return -ERANGE;
	*out = neg ? -v : v;
	return 0;
}

/*
 * Apply one option to one param record. negate: the name had a "no-"
 * prefix; val: NULL for a bare name.
 */
static int apply_param(const struct hyp_param *p, bool negate, const char *val)
{
	const char *end;
	u64 v;
	int rc, b;

	switch (p->type) {
	case PARAM_BOOL:
		/* Xen: "name=" counts as bare; "no-name=<bool>" inverts. */
		b = val && *val ? parse_bool(val, NULL) : 1;
		if (b < 0)
			return -EINVAL;
		return store_int(p, negate ? !b : b);
	case PARAM_UINT:
		if (negate || !val)
			return -EINVAL;
		rc = parse_integer(val, &v);
		return rc ? rc : store_int(p, v);
	case PARAM_SIZE:
		if (negate || !val || !*val)
			return -EINVAL;
		v = parse_size_and_unit(val, &end);
		if (end == val || *end)
			return -EINVAL;
		return store_int(p, v);
	case PARAM_STRING:
		if (negate || !p->len)
			return -EINVAL;
		if (!val)
			val = "";
		/* Refuse rather than truncate: keep the old value. */
		if (strlen(val) >= p->len)
			return -E2BIG;
		hyp_strlcpy(p->par.var, val, p->len);
		return 0;
	case PARAM_CUSTOM:
		if (!p->par.func)
			return -EINVAL;
		/* Xen hands "no-name" to the parser as "no". */
		if (negate)
			return val && *val ? -EINVAL : p->par.func("no");
		return p->par.func(val ? val : "");
	}
	return -EINVAL;
}

/* ---- tokens ---- */

struct option {
	char name[NAME_MAX_LEN + 1];
	char val[VALUE_MAX_LEN + 1];
	bool has_val;
	bool name_too_long;
	bool val_too_long;
	bool open_quote;
};

static bool is_sep(char c)
{
	return hyp_isspace(c);
}

/*
 * Split the next option off p into o, dropping double quotes (which keep
 * spaces inside an option). Returns the position after it.
 */
static const char *next_option(const char *p, struct option *o)
{
	size_t nlen = 0, vlen = 0;
	bool quoted = false;

	o->has_val = false;
	o->name_too_long = false;
	o->val_too_long = false;
	for (; *p && (quoted || !is_sep(*p)); p++) {
		if (*p == '"') {
			quoted = !quoted;
		} else if (!o->has_val && *p == '=') {
			o->has_val = true;
		} else if (!o->has_val) {
			if (nlen < NAME_MAX_LEN)
				o->name[nlen++] = *p;
			else
				o->name_too_long = true;
		} else {
			if (vlen < VALUE_MAX_LEN)
				o->val[vlen++] = *p;
			else
				o->val_too_long = true;
		}
	}
	o->name[nlen] = '\0';
	o->val[vlen] = '\0';
	o->open_quote = quoted;
	return p;
}

static void echo_option(const struct option *o)
{
	if (!o->has_val)
		printk(HYPLOG_INFO "cmdline: %s\n", o->name);
	else if (strchr(o->val, ' ') || !o->val[0])
		printk(HYPLOG_INFO "cmdline: %s=\"%s\"\n", o->name, o->val);
	else
		printk(HYPLOG_INFO "cmdline: %s=%s\n", o->name, o->val);
}

/* Apply o to every param of that name (Xen allows several); 0 or warnings. */
static int handle_option(const struct option *o)
{
	const struct hyp_param *p;
	const char *val = o->has_val ? o->val : NULL;
	bool found = false;
	int rc = 0;

	if (o->name_too_long) {
		printk(HYPLOG_WARNING
		       "Command line option name too long: '%s...'\n",
		       o->name);
		return 1;
	}
	if (o->open_quote) {
		printk(HYPLOG_WARNING
		       "Missing closing quote in option '%s'; ignored\n",
		       o->name);
		return 1;
	}

	for (p = __start_hyp_params; p < __stop_hyp_params; p++) {
		bool negate;
		int r;

		if (!p->name)
			continue;
		if (!strcmp(p->name, o->name))
			negate = false;
		else if (!strncmp(o->name, "no-", 3) &&
			 !strcmp(p->name, o->name + 3))
			negate = true;
		else
			continue;

		found = true;
		if (o->val_too_long) {
			rc = -E2BIG;
			continue;
		}
		r = apply_param(p, negate, val);
		if (r && !rc)
			rc = r;
	}

	if (!found) {
		printk(HYPLOG_WARNING "Unknown command line option '%s'\n",
		       o->name);
		return 1;
	}
	if (o->val_too_long) {
		printk(HYPLOG_WARNING "Bad value for option '%s': '%.32s...' "
				      "(over %u chars)\n",
		       o->name, o->val, VALUE_MAX_LEN);
		return 1;
	}
	if (rc) {
		printk(HYPLOG_WARNING "Bad value for option '%s': '%s'\n",
		       o->name, val ? val : "");
		return 1;
	}
	echo_option(o);
	return 0;
}

/* A lone "--" (outside quotes) ends the hypervisor's options. */
static bool is_dom0_separator(const char *p)
{
	return p[0] == '-' && p[1] == '-' && (!p[2] || is_sep(p[2]));
}

static void save_dom0_args(const char *p)
{
	while (*p && is_sep(*p))
		p++;
	if (hyp_strlcpy(dom0_args, p, sizeof(dom0_args)) >= sizeof(dom0_args))
		printk(HYPLOG_WARNING
		       "dom0 arguments after '--' truncated to %zu chars\n",
		       sizeof(dom0_args) - 1);
}

int cmdline_parse(const char *cmdline)
{
	struct option o;
	const char *p = cmdline;
	int warnings = 0;

	if (!cmdline)
		return 0;

	if (hyp_strlcpy(saved_cmdline, cmdline, sizeof(saved_cmdline)) >=
	    sizeof(saved_cmdline)) {
		printk(HYPLOG_WARNING
		       "Command line longer than %zu chars; saved copy cut\n",
		       sizeof(saved_cmdline) - 1);
		warnings++;
	}
	dom0_args[0] = '\0';

	for (;;) {
		while (*p && is_sep(*p))
			p++;
		if (!*p)
			break;
		if (is_dom0_separator(p)) {
			size_t off = (size_t)(p - cmdline);

			/* The saved line is the hypervisor's part only. */
			while (off && is_sep(cmdline[off - 1]))
				off--;
			if (off < sizeof(saved_cmdline))
				saved_cmdline[off] = '\0';
			save_dom0_args(p + 2);
			break;
		}
		p = next_option(p, &o);
		warnings += handle_option(&o);
	}
	return warnings;
}
