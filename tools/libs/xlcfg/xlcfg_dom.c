/* SPDX-License-Identifier: MIT */
/* xl.cfg(5): the domain keys armvisor's xl understands (see xlcfg.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "xlcfg.h"

struct ctx {
	struct xlcfg *c;
	FILE *err;
	int failed;
};

static void bad(struct ctx *x, struct xlcfg_setting *s, const char *fmt, ...)
{
	va_list ap;

	x->failed = 1;
	if (!x->err)
		return;
	if (s->line > 0)
		fprintf(x->err, "%s:%d: key '%s': ", x->c->file, s->line,
			s->key);
	else
		fprintf(x->err, "%s: command line: key '%s': ", x->c->file,
			s->key);
	va_start(ap, fmt);
	vfprintf(x->err, fmt, ap);
	va_end(ap);
	fputc('\n', x->err);
}

static struct xlcfg_setting *get(struct ctx *x, const char *key)
{
	struct xlcfg_setting *s = xlcfg_get(x->c, key);

	/* Every setting of the key counts as read, not only the last. */
	for (size_t i = 0; i < x->c->n; i++) {
		if (!strcmp(x->c->s[i].key, key))
			x->c->s[i].used = 1;
	}
	return s;
}

static int get_str(struct ctx *x, const char *key, char *out, size_t len)
{
	struct xlcfg_setting *s = get(x, key);

	if (!s)
		return 0;
	if (s->type != XLCFG_STRING) {
		bad(x, s, "expected a \"string\"");
		return -1;
	}
	if (strlen(s->str) >= len) {
		bad(x, s, "too long (at most %zu characters)", len - 1);
		return -1;
	}
	strcpy(out, s->str);
	return 1;
}

static int get_num(struct ctx *x, const char *key, uint64_t min, uint64_t max,
		   uint64_t *out)
{
	struct xlcfg_setting *s = get(x, key);
	uint64_t v;
	char *end;

	if (!s)
		return 0;
	if (s->type == XLCFG_NUMBER) {
		v = s->num;
	} else if (s->type == XLCFG_STRING && s->str[0] >= '0' &&
		   s->str[0] <= '9') {
		/* Xen's xl accepts quoted numbers too. */
		v = strtoull(s->str, &end, 0);
		if (*end) {
			bad(x, s, "'%s' is not a number", s->str);
			return -1;
		}
	} else {
		bad(x, s, "expected a number");
		return -1;
	}
	if (v < min || v > max) {
		bad(x, s, "%llu is out of range [%llu, %llu]",
		    (unsigned long long)v, (unsigned long long)min,
		    (unsigned long long)max);
		return -1;
	}
	*out = v;
	return 1;
}

/* A list of strings (a single string counts as a list of one). */
static int get_list(struct ctx *x, const char *key, char **out, size_t *n)
{
	struct xlcfg_setting *s = get(x, key);
	size_t cnt;

	*n = 0;
	if (!s)
		return 0;
	if (s->type == XLCFG_NUMBER) {
		bad(x, s, "expected a list [ ... ]");
		return -1;
	}
	cnt = s->type == XLCFG_LIST ? s->nitems : 1;
	if (cnt > XL_MAX_LIST) {
		bad(x, s, "too many entries (at most %d)", XL_MAX_LIST);
		return -1;
	}
	for (size_t i = 0; i < cnt; i++) {
		out[i] = strdup(s->type == XLCFG_LIST ? s->items[i] : s->str);
		if (!out[i]) {
			bad(x, s, "out of memory");
			return -1;
		}
		*n = i + 1;
	}
	return 1;
}

/* Parse the disk and vif entries; devids must differ. */
static void devices(struct ctx *x, struct xl_domcfg *d)
{
	char msg[160];

	if (d->ndisk)
		d->disk_line = xlcfg_get(x->c, "disk")->line;
	if (d->nvif)
		d->vif_line = xlcfg_get(x->c, "vif")->line;
	for (size_t i = 0; i < d->ndisk; i++) {
		if (xl_parse_disk(d->disk[i], &d->disks[i], msg, sizeof(msg))) {
			bad(x, xlcfg_get(x->c, "disk"), "entry %zu '%s': %s",
			    i + 1, d->disk[i], msg);
			continue;
		}
		for (size_t j = 0; j < i; j++) {
			if (d->disks[j].devid == d->disks[i].devid)
				bad(x, xlcfg_get(x->c, "disk"),
				    "entry %zu: vdev %s is used twice", i + 1,
				    d->disks[i].vdev);
		}
	}
	for (size_t i = 0; i < d->nvif; i++) {
		struct xl_vif *v = &d->vifs[i];

		if (xl_parse_vif(d->vif[i], v, msg, sizeof(msg))) {
			bad(x, xlcfg_get(x->c, "vif"), "entry %zu '%s': %s",
			    i + 1, d->vif[i], msg);
			continue;
		}
		if (v->devid < 0)
			v->devid = (int)i;
		for (size_t j = 0; j < i; j++) {
			if (d->vifs[j].devid == v->devid)
				bad(x, xlcfg_get(x->c, "vif"),
				    "entry %zu: devid %d is used twice", i + 1,
				    v->devid);
		}
	}
}

static const char *const action_names[] = {
	[XL_ACTION_DESTROY] = "destroy",
	[XL_ACTION_RESTART] = "restart",
	[XL_ACTION_PRESERVE] = "preserve",
	[XL_ACTION_RENAME_RESTART] = "rename-restart",
	[XL_ACTION_COREDUMP_DESTROY] = "coredump-destroy",
	[XL_ACTION_COREDUMP_RESTART] = "coredump-restart",
	[XL_ACTION_SOFT_RESET] = "soft-reset",
};

const char *xl_action_name(enum xl_action a)
{
	if ((size_t)a < sizeof(action_names) / sizeof(action_names[0]))
		return action_names[a];
	return "?";
}

static void get_action(struct ctx *x, const char *key, enum xl_action *out)
{
	char buf[32];
	struct xlcfg_setting *s = xlcfg_get(x->c, key);

	if (get_str(x, key, buf, sizeof(buf)) <= 0)
		return;
	for (size_t i = 0; i < sizeof(action_names) / sizeof(action_names[0]);
	     i++) {
		if (!strcmp(buf, action_names[i])) {
			*out = (enum xl_action)i;
			return;
		}
	}
	bad(x, s, "unknown action '%s' (destroy, restart, preserve, ...)", buf);
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

int xl_parse_uuid(const char *s, uint8_t out[16])
{
	size_t n = 0, len = strlen(s);

	if (len != 32 && len != 36)
		return -1;
	for (size_t i = 0; i < len && n < 16; i++) {
		int hi, lo;

		if (len == 36 && (i == 8 || i == 13 || i == 18 || i == 23)) {
			if (s[i] != '-')
				return -1;
			continue;
		}
		hi = hexval(s[i]);
		lo = i + 1 < len ? hexval(s[i + 1]) : -1;
		if (hi < 0 || lo < 0)
			return -1;
		out[n++] = (uint8_t)(hi << 4 | lo);
		i++;
	}
	return n == 16 ? 0 : -1;
}

void xl_format_uuid(const uint8_t u[16], char out[37])
{
	snprintf(out, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x",
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9],
		 u[10], u[11], u[12], u[13], u[14], u[15]);
}

int xl_parse_cpulist(const char *s, uint8_t *map)
{
	int first = 1;

	memset(map, 0, XL_MAX_CPUS / 8);
	if (!strcmp(s, "all")) {
		memset(map, 0xff, XL_MAX_CPUS / 8);
		return 0;
	}
	while (*s) {
		int neg = 0;
		unsigned long a, b;
		char *end;

		if (*s == '^') {
			neg = 1;
			s++;
			/* "^N" first means all but N. */
			if (first)
				memset(map, 0xff, XL_MAX_CPUS / 8);
		}
		if (*s < '0' || *s > '9')
			return -1;
		a = strtoul(s, &end, 10);
		b = a;
		if (*end == '-') {
			if (end[1] < '0' || end[1] > '9')
				return -1;
			b = strtoul(end + 1, &end, 10);
		}
		if (a > b || b >= XL_MAX_CPUS)
			return -1;
		for (unsigned long i = a; i <= b; i++) {
			if (neg)
				map[i / 8] &= (uint8_t) ~(1U << (i % 8));
			else
				map[i / 8] |= (uint8_t)(1U << (i % 8));
		}
		first = 0;
		s = end;
		if (*s == ',')
			s++;
		else if (*s)
			return -1;
	}
	return first ? -1 : 0;
}

/* "GFN_HEX,NR_HEX[@MFN_HEX]"-style iomem entry: "start,count[@gfn]". */
static int parse_iomem(const char *s, struct xl_iomem *io)
{
	char *end;

	io->mfn = strtoull(s, &end, 16);
	if (end == s || *end != ',')
		return -1;
	s = end + 1;
	io->nr = strtoull(s, &end, 16);
	if (end == s || io->nr == 0)
		return -1;
	io->gfn = io->mfn;
	if (*end == '@') {
		s = end + 1;
		io->gfn = strtoull(s, &end, 16);
		if (end == s)
			return -1;
	}
	return *end ? -1 : 0;
}

static void kernel_args(struct ctx *x, struct xl_domcfg *d)
{
	char root[200] = "", extra[800] = "";
	int have_cmdline;

	have_cmdline = get_str(x, "cmdline", d->cmdline, sizeof(d->cmdline));
	get_str(x, "root", root, sizeof(root));
	get_str(x, "extra", extra, sizeof(extra));
	if (have_cmdline > 0)
		return; /* cmdline overrides root and extra, as in Xen's xl */
	snprintf(d->cmdline, sizeof(d->cmdline), "%s%s%s%s",
		 root[0] ? "root=" : "", root, root[0] && extra[0] ? " " : "",
		 extra);
}

/* Keys Xen's xl knows that are not applicable here: accepted silently. */
static const char *const ignored[] = {
	"builder", "on_watchdog", "on_soft_reset", "device_model_version",
	"serial",  "vnc",	  "sdl",	   "localtime",
	"acpi",	   NULL,
};

int xlcfg_domain(struct xlcfg *c, struct xl_domcfg *d, FILE *err)
{
	struct ctx x = {.c = c, .err = err};
	char buf[256];
	uint64_t v;
	char *items[XL_MAX_LIST];
	size_t n;

	memset(d, 0, sizeof(*d));
	d->memory_mb = 128;
	d->vcpus = 1;
	d->on_poweroff = XL_ACTION_DESTROY;
	d->on_reboot = XL_ACTION_RESTART;
	d->on_crash = XL_ACTION_DESTROY;

	if (get_str(&x, "name", d->name, sizeof(d->name)) == 0) {
		x.failed = 1;
		if (err)
			fprintf(err, "%s: key 'name' is required\n", c->file);
	} else if (!d->name[0] || strchr(d->name, '/')) {
		bad(&x, xlcfg_get(c, "name"), "invalid name '%s'", d->name);
	}
	if (get_str(&x, "uuid", buf, sizeof(buf)) > 0) {
		if (xl_parse_uuid(buf, d->uuid))
			bad(&x, xlcfg_get(c, "uuid"), "invalid UUID '%s'", buf);
		else
			d->have_uuid = 1;
	}
	if (get_str(&x, "type", buf, sizeof(buf)) > 0 && strcmp(buf, "pvh") &&
	    strcmp(buf, "pv") && strcmp(buf, "hvm"))
		bad(&x, xlcfg_get(c, "type"), "unknown type '%s'", buf);
	if (get_num(&x, "memory", 1, 1ULL << 20, &v) > 0)
		d->memory_mb = v;
	d->maxmem_mb = d->memory_mb;
	if (get_num(&x, "maxmem", 1, 1ULL << 20, &v) > 0) {
		if (v < d->memory_mb)
			bad(&x, xlcfg_get(c, "maxmem"),
			    "%llu is below memory (%llu)",
			    (unsigned long long)v,
			    (unsigned long long)d->memory_mb);
		d->maxmem_mb = v;
	}
	if (get_num(&x, "vcpus", 1, XL_MAX_CPUS, &v) > 0)
		d->vcpus = (unsigned int)v;
	d->maxvcpus = d->vcpus;
	if (get_num(&x, "maxvcpus", 1, XL_MAX_CPUS, &v) > 0) {
		if (v < d->vcpus)
			bad(&x, xlcfg_get(c, "maxvcpus"), "below vcpus (%u)",
			    d->vcpus);
		d->maxvcpus = (unsigned int)v;
	}
	if (get_str(&x, "cpus", buf, sizeof(buf)) > 0) {
		if (xl_parse_cpulist(buf, d->cpus))
			bad(&x, xlcfg_get(c, "cpus"), "invalid CPU list '%s'",
			    buf);
		else
			d->have_cpus = 1;
	}
	if (get_str(&x, "kernel", d->kernel, sizeof(d->kernel)) == 0) {
		x.failed = 1;
		if (err)
			fprintf(err, "%s: key 'kernel' is required\n", c->file);
	}
	get_str(&x, "ramdisk", d->ramdisk, sizeof(d->ramdisk));
	kernel_args(&x, d);
	get_str(&x, "device_tree", d->device_tree, sizeof(d->device_tree));
	get_list(&x, "dtdev", d->dtdev, &d->ndtdev);
	get_list(&x, "disk", d->disk, &d->ndisk);
	get_list(&x, "vif", d->vif, &d->nvif);
	devices(&x, d);
	if (get_list(&x, "iomem", items, &n) < 0) {
		while (n)
			free(items[--n]);
	} else if (n) {
		for (size_t i = 0; i < n; i++) {
			if (parse_iomem(items[i], &d->iomem[i]))
				bad(&x, xlcfg_get(c, "iomem"),
				    "invalid entry '%s' (MFN,NR[@GFN] in hex)",
				    items[i]);
			free(items[i]);
		}
		d->niomem = n;
	}
	if (get_list(&x, "irqs", items, &n) < 0) {
		while (n)
			free(items[--n]);
	} else if (n) {
		for (size_t i = 0; i < n; i++) {
			char *end;
			unsigned long irq = strtoul(items[i], &end, 0);

			if (end == items[i] || *end || irq < 32 || irq > 1019)
				bad(&x, xlcfg_get(c, "irqs"),
				    "invalid SPI '%s' (32..1019)", items[i]);
			d->irqs[i] = (uint32_t)irq;
			free(items[i]);
		}
		d->nirqs = n;
	}
	get_action(&x, "on_poweroff", &d->on_poweroff);
	get_action(&x, "on_reboot", &d->on_reboot);
	get_action(&x, "on_crash", &d->on_crash);
	if (get_str(&x, "vuart", buf, sizeof(buf)) > 0) {
		if (strcmp(buf, "sbsa_uart"))
			bad(&x, xlcfg_get(c, "vuart"),
			    "only \"sbsa_uart\" is supported, not '%s'", buf);
		d->vuart = 1;
	}
	if (get_str(&x, "gic_version", buf, sizeof(buf)) > 0) {
		if (!strcmp(buf, "native"))
			d->gic_version = 0;
		else if (!strcmp(buf, "v2"))
			d->gic_version = 2;
		else if (!strcmp(buf, "v3"))
			d->gic_version = 3;
		else
			bad(&x, xlcfg_get(c, "gic_version"),
			    "expected \"native\", \"v2\" or \"v3\", not '%s'",
			    buf);
	}
	if (get_num(&x, "nr_spis", 0, 960, &v) > 0) {
		d->nr_spis = (uint32_t)v;
		d->have_nr_spis = 1;
	}

	for (const char *const *k = ignored; *k; k++)
		get(&x, *k);
	for (size_t i = 0; i < c->n; i++) {
		if (!c->s[i].used && err) {
			if (c->s[i].line > 0)
				fprintf(err,
					"%s:%d: warning: unknown key '%s' "
					"ignored\n",
					c->file, c->s[i].line, c->s[i].key);
			else
				fprintf(err,
					"%s: command line: warning: "
					"unknown key '%s' ignored\n",
					c->file, c->s[i].key);
		}
	}
	if (x.failed) {
		xl_domcfg_free(d);
		return -1;
	}
	return 0;
}

void xl_domcfg_free(struct xl_domcfg *d)
{
	for (size_t i = 0; i < d->ndtdev; i++)
		free(d->dtdev[i]);
	for (size_t i = 0; i < d->ndisk; i++)
		free(d->disk[i]);
	for (size_t i = 0; i < d->nvif; i++)
		free(d->vif[i]);
	d->ndtdev = d->ndisk = d->nvif = 0;
}
