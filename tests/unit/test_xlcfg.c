/* SPDX-License-Identifier: MIT */
/*
 * The xl.cfg(5) parser (tools/libs/xlcfg): syntax, the domain keys, and
 * malformed input, whose messages must name the file, the line and the key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "xlcfg.h"

/* Parse text as file "t.cfg"; messages go to *msgs (caller frees). */
static int parse(struct xlcfg *c, const char *text, char **msgs)
{
	size_t len;
	FILE *err = open_memstream(msgs, &len);
	int rc;

	assert_non_null(err);
	xlcfg_init(c, "t.cfg");
	rc = xlcfg_parse(c, text, strlen(text), err);
	fclose(err);
	return rc;
}

/* Parse and interpret: rc of xlcfg_domain (or of the parse). */
static int domain(const char *text, struct xl_domcfg *d, char **msgs)
{
	struct xlcfg c;
	size_t len;
	FILE *err;
	int rc;

	err = open_memstream(msgs, &len);
	assert_non_null(err);
	xlcfg_init(&c, "t.cfg");
	rc = xlcfg_parse(&c, text, strlen(text), err);
	if (rc == 0)
		rc = xlcfg_domain(&c, d, err);
	fclose(err);
	xlcfg_free(&c);
	return rc;
}

static void test_syntax(void **state)
{
	struct xlcfg c;
	struct xlcfg_setting *s;
	char *msgs;
	const char *text = "# a comment\n"
			   "name = \"vm one\" # trailing comment\n"
			   "kernel='/boot/Image'\n"
			   "memory = 0x100; vcpus = 2\n"
			   "extra = \"a \\\"quoted\\\" \\\\ word\"\n"
			   "disk = [ 'a', \"b\",\n"
			   "         'c', ]\n"
			   "empty = []\n"
			   "cont = \\\n"
			   "   \"continued\"\n"
			   "disk += [ \"d\" ]\n";

	(void)state;
	assert_int_equal(parse(&c, text, &msgs), 0);
	assert_string_equal(msgs, "");
	s = xlcfg_get(&c, "name");
	assert_non_null(s);
	assert_int_equal(s->type, XLCFG_STRING);
	assert_string_equal(s->str, "vm one");
	assert_int_equal(s->line, 2);
	assert_string_equal(xlcfg_get(&c, "kernel")->str, "/boot/Image");
	s = xlcfg_get(&c, "memory");
	assert_int_equal(s->type, XLCFG_NUMBER);
	assert_int_equal(s->num, 256);
	assert_int_equal(xlcfg_get(&c, "vcpus")->num, 2);
	assert_string_equal(xlcfg_get(&c, "extra")->str,
			    "a \"quoted\" \\ word");
	s = xlcfg_get(&c, "disk");
	assert_int_equal(s->type, XLCFG_LIST);
	assert_int_equal(s->nitems, 4);
	assert_string_equal(s->items[0], "a");
	assert_string_equal(s->items[2], "c");
	assert_string_equal(s->items[3], "d");
	assert_int_equal(xlcfg_get(&c, "empty")->nitems, 0);
	s = xlcfg_get(&c, "cont");
	assert_string_equal(s->str, "continued");
	assert_int_equal(s->line, 9);
	assert_null(xlcfg_get(&c, "nothing"));
	xlcfg_free(&c);
	free(msgs);
}

static void test_last_wins_and_override(void **state)
{
	struct xlcfg c;
	char *msgs;

	(void)state;
	assert_int_equal(parse(&c, "memory = 64\nmemory = 96\n", &msgs), 0);
	assert_int_equal(xlcfg_get(&c, "memory")->num, 96);
	assert_int_equal(xlcfg_set(&c, "memory=200", NULL), 0);
	assert_int_equal(xlcfg_get(&c, "memory")->num, 200);
	assert_int_equal(xlcfg_get(&c, "memory")->line, 0);
	assert_int_equal(xlcfg_set(&c, "name=\"x\"", NULL), 0);
	assert_string_equal(xlcfg_get(&c, "name")->str, "x");
	assert_int_not_equal(xlcfg_set(&c, "name=x", NULL), 0);
	assert_int_not_equal(xlcfg_set(&c, "a=1\nb=2", NULL), 0);
	xlcfg_free(&c);
	free(msgs);
}

/* Each bad input fails with a message holding want. */
static void expect_syntax_error(const char *text, const char *want)
{
	struct xlcfg c;
	char *msgs;

	assert_int_not_equal(parse(&c, text, &msgs), 0);
	if (!strstr(msgs, want))
		fail_msg("input %s: message '%s' lacks '%s'", text, msgs, want);
	xlcfg_free(&c);
	free(msgs);
}

static void test_syntax_errors(void **state)
{
	(void)state;
	expect_syntax_error("name \"x\"\n",
			    "t.cfg:1: key 'name': expected '='");
	expect_syntax_error("a = 1\nname = \"x\n", "t.cfg:2: key 'name': "
						   "unterminated string");
	expect_syntax_error("disk = [ \"a\"\n\n", "t.cfg:1: key 'disk': list "
						  "not closed");
	expect_syntax_error("disk = [ \"a\" \"b\" ]\n", "key 'disk': expected "
							"',' or ']'");
	expect_syntax_error("disk = [ , ]\n", "expected a string or number");
	expect_syntax_error("memory = 12abc\n", "t.cfg:1: key 'memory': bad "
						"number");
	expect_syntax_error("memory = \n", "key 'memory': expected a value");
	expect_syntax_error("x = \"\\q\"\n", "unknown escape");
	expect_syntax_error("= 3\n", "t.cfg:1: expected a setting");
	expect_syntax_error("a = 1 2\n", "unexpected text after the value");
	expect_syntax_error("a = 1\n\n\n@\n", "t.cfg:4: unexpected character");
	expect_syntax_error("a = \"x\"\na += [ \"y\" ]\n",
			    "t.cfg:2: key 'a': '+=' needs lists");
	expect_syntax_error("a = 99999999999999999999999\n", "bad number");
}

static void test_nul_and_recovery(void **state)
{
	static const char text[] = "a = 1\nb\0 = 2\nc = 3\n";
	struct xlcfg c;
	size_t len;
	char *msgs;
	FILE *err = open_memstream(&msgs, &len);

	(void)state;
	xlcfg_init(&c, "t.cfg");
	assert_int_not_equal(xlcfg_parse(&c, text, sizeof(text) - 1, err), 0);
	fclose(err);
	assert_non_null(strstr(msgs, "t.cfg:2: "));
	/* Parsing goes on after an error: the later line is still read. */
	assert_non_null(xlcfg_get(&c, "c"));
	xlcfg_free(&c);
	free(msgs);
}

static void test_domain_full(void **state)
{
	struct xl_domcfg d;
	char *msgs;
	char u[37];
	const char *text =
		"name = \"guest\"\n"
		"uuid = \"01234567-89ab-cdef-0123-456789abcdef\"\n"
		"type = \"pvh\"\n"
		"memory = 256\nmaxmem = 512\nvcpus = 2\nmaxvcpus = 4\n"
		"cpus = \"0-2,^1\"\n"
		"kernel = \"/k\"\nramdisk = \"/r\"\n"
		"root = \"/dev/xvda\"\nextra = \"console=hvc0\"\n"
		"device_tree = \"/p.dtb\"\n"
		"dtdev = [ \"/soc/dev@1000\" ]\n"
		"iomem = [ \"9000,1@22000\", \"ab,2\" ]\n"
		"irqs = [ 33, \"40\" ]\n"
		"disk = [ \"phy:/dev/loop0,xvda,w\" ]\n"
		"vif = [ \"bridge=xenbr0\" ]\n"
		"on_poweroff = \"preserve\"\non_reboot = \"destroy\"\n"
		"on_crash = \"restart\"\n"
		"vuart = \"sbsa_uart\"\ngic_version = \"v3\"\nnr_spis = 64\n";

	(void)state;
	assert_int_equal(domain(text, &d, &msgs), 0);
	assert_string_equal(msgs, "");
	assert_string_equal(d.name, "guest");
	assert_true(d.have_uuid);
	xl_format_uuid(d.uuid, u);
	assert_string_equal(u, "01234567-89ab-cdef-0123-456789abcdef");
	assert_int_equal(d.memory_mb, 256);
	assert_int_equal(d.maxmem_mb, 512);
	assert_int_equal(d.vcpus, 2);
	assert_int_equal(d.maxvcpus, 4);
	assert_true(d.have_cpus);
	assert_int_equal(d.cpus[0], 0x5);
	assert_string_equal(d.kernel, "/k");
	assert_string_equal(d.ramdisk, "/r");
	assert_string_equal(d.cmdline, "root=/dev/xvda console=hvc0");
	assert_string_equal(d.device_tree, "/p.dtb");
	assert_int_equal(d.ndtdev, 1);
	assert_int_equal(d.niomem, 2);
	assert_int_equal(d.iomem[0].mfn, 0x9000);
	assert_int_equal(d.iomem[0].nr, 1);
	assert_int_equal(d.iomem[0].gfn, 0x22000);
	assert_int_equal(d.iomem[1].gfn, 0xab);
	assert_int_equal(d.nirqs, 2);
	assert_int_equal(d.irqs[1], 40);
	assert_int_equal(d.ndisk, 1);
	assert_int_equal(d.nvif, 1);
	assert_int_equal(d.on_poweroff, XL_ACTION_PRESERVE);
	assert_int_equal(d.on_reboot, XL_ACTION_DESTROY);
	assert_int_equal(d.on_crash, XL_ACTION_RESTART);
	assert_true(d.vuart);
	assert_int_equal(d.gic_version, 3);
	assert_true(d.have_nr_spis);
	assert_int_equal(d.nr_spis, 64);
	xl_domcfg_free(&d);
	free(msgs);
}

static void test_domain_defaults(void **state)
{
	struct xl_domcfg d;
	char *msgs;

	(void)state;
	assert_int_equal(domain("name='a'\nkernel='/k'\n"
				"cmdline='x'\nroot='/r'\n",
				&d, &msgs),
			 0);
	assert_int_equal(d.memory_mb, 128);
	assert_int_equal(d.maxmem_mb, 128);
	assert_int_equal(d.vcpus, 1);
	assert_int_equal(d.maxvcpus, 1);
	assert_false(d.have_cpus);
	assert_false(d.have_uuid);
	/* cmdline overrides root and extra. */
	assert_string_equal(d.cmdline, "x");
	assert_int_equal(d.on_poweroff, XL_ACTION_DESTROY);
	assert_int_equal(d.on_reboot, XL_ACTION_RESTART);
	assert_int_equal(d.on_crash, XL_ACTION_DESTROY);
	assert_int_equal(d.gic_version, 0);
	xl_domcfg_free(&d);
	free(msgs);
}

static void expect_domain_error(const char *text, const char *want)
{
	struct xl_domcfg d;
	char *msgs;

	assert_int_not_equal(domain(text, &d, &msgs), 0);
	if (!strstr(msgs, want))
		fail_msg("input %s: message '%s' lacks '%s'", text, msgs, want);
	free(msgs);
}

static void test_domain_errors(void **state)
{
	(void)state;
	expect_domain_error("kernel='/k'\n", "t.cfg: key 'name' is required");
	expect_domain_error("name='a'\n", "key 'kernel' is required");
	expect_domain_error("name='a'\nkernel='/k'\nmemory='lots'\n",
			    "t.cfg:3: key 'memory': expected a number");
	expect_domain_error("name='a'\nkernel='/k'\nvcpus=0\n",
			    "t.cfg:3: key 'vcpus': 0 is out of range");
	expect_domain_error("name='a'\nkernel='/k'\nmemory=64\nmaxmem=32\n",
			    "t.cfg:4: key 'maxmem': 32 is below memory");
	expect_domain_error("name='a'\nkernel='/k'\nvcpus=4\nmaxvcpus=2\n",
			    "key 'maxvcpus': below vcpus");
	expect_domain_error("name='a'\nkernel=7\n",
			    "t.cfg:2: key 'kernel': expected a \"string\"");
	expect_domain_error("name='a/b'\nkernel='/k'\n", "invalid name");
	expect_domain_error("name='a'\nkernel='/k'\nuuid='1234'\n",
			    "t.cfg:3: key 'uuid': invalid UUID");
	expect_domain_error("name='a'\nkernel='/k'\ncpus='3-1'\n",
			    "key 'cpus': invalid CPU list");
	expect_domain_error("name='a'\nkernel='/k'\non_crash='explode'\n",
			    "t.cfg:3: key 'on_crash': unknown action");
	expect_domain_error("name='a'\nkernel='/k'\nvuart='pl011'\n",
			    "key 'vuart': only \"sbsa_uart\"");
	expect_domain_error("name='a'\nkernel='/k'\ngic_version='v4'\n",
			    "key 'gic_version': expected");
	expect_domain_error("name='a'\nkernel='/k'\nirqs=[ 12 ]\n",
			    "key 'irqs': invalid SPI '12'");
	expect_domain_error("name='a'\nkernel='/k'\niomem=[ 'zz' ]\n",
			    "key 'iomem': invalid entry 'zz'");
	expect_domain_error("name='a'\nkernel='/k'\nnr_spis=961\n",
			    "key 'nr_spis': 961 is out of range");
	expect_domain_error("name='a'\nkernel='/k'\ndisk=3\n",
			    "key 'disk': expected a list");
	expect_domain_error("name='a'\nkernel='/k'\ntype='hvm2'\n",
			    "key 'type': unknown type");
}

static void test_unknown_key_warns(void **state)
{
	struct xl_domcfg d;
	char *msgs;

	(void)state;
	assert_int_equal(domain("name='a'\nkernel='/k'\nfrobnicate = 1\n"
				"builder='hvm'\n",
				&d, &msgs),
			 0);
	assert_non_null(
		strstr(msgs, "t.cfg:3: warning: unknown key 'frobnicate'"));
	assert_null(strstr(msgs, "builder"));
	xl_domcfg_free(&d);
	free(msgs);
}

static void test_cpulist_uuid(void **state)
{
	uint8_t map[XL_MAX_CPUS / 8], u[16];

	(void)state;
	assert_int_equal(xl_parse_cpulist("all", map), 0);
	assert_int_equal(map[15], 0xff);
	assert_int_equal(xl_parse_cpulist("1,3-4", map), 0);
	assert_int_equal(map[0], 0x1a);
	assert_int_equal(xl_parse_cpulist("^0", map), 0);
	assert_int_equal(map[0], 0xfe);
	assert_int_not_equal(xl_parse_cpulist("", map), 0);
	assert_int_not_equal(xl_parse_cpulist("1-", map), 0);
	assert_int_not_equal(xl_parse_cpulist("128", map), 0);
	assert_int_not_equal(xl_parse_cpulist("1;2", map), 0);
	assert_int_equal(xl_parse_uuid("0123456789abcdef0123456789ABCDEF", u),
			 0);
	assert_int_equal(u[15], 0xef);
	assert_int_not_equal(
		xl_parse_uuid("0123456789abcdef0123456789ABCDEG", u), 0);
	assert_int_not_equal(
		xl_parse_uuid("01234567-89ab-cdef-0123_456789abcdef", u), 0);
}

/* Random and mutated input: never a crash (ASan/UBSan watch), always 0/-1. */
static void test_garbage(void **state)
{
	static const char seed[] = "name = \"g\"\nkernel = '/k'\n"
				   "disk = [ 'a', 'b', ]\nmemory = 0x40\n";
	static const char alphabet[] = "=[],;'\"#\\\n +-0x9az_";
	uint32_t x = 12345;
	char buf[256];

	(void)state;
	for (int i = 0; i < 20000; i++) {
		struct xl_domcfg d;
		struct xlcfg c;
		size_t n;

		memcpy(buf, seed, sizeof(seed) - 1);
		n = sizeof(seed) - 1;
		for (int k = 0; k < 1 + i % 8; k++) {
			x = x * 1103515245 + 12345;
			buf[(x >> 8) % n] =
				(i & 1) ? (char)(x >> 16)
					: alphabet[(x >> 16) %
						   (sizeof(alphabet) - 1)];
		}
		xlcfg_init(&c, "g.cfg");
		if (xlcfg_parse(&c, buf, n, NULL) == 0 &&
		    xlcfg_domain(&c, &d, NULL) == 0)
			xl_domcfg_free(&d);
		xlcfg_free(&c);
	}
}

/* xen-vbd-interface(7) numbers. */
static void test_vdev_devid(void **state)
{
	(void)state;
	assert_int_equal(xl_vdev_to_devid("xvda"), 51712);
	assert_int_equal(xl_vdev_to_devid("xvdb"), 51728);
	assert_int_equal(xl_vdev_to_devid("xvda1"), 51713);
	assert_int_equal(xl_vdev_to_devid("xvdp15"), 202 << 8 | 15 << 4 | 15);
	assert_int_equal(xl_vdev_to_devid("xvdq"), 1 << 28 | 16 << 8);
	assert_int_equal(xl_vdev_to_devid("xvdaa"), 1 << 28 | 26 << 8);
	assert_int_equal(xl_vdev_to_devid("xvda16"), 1 << 28 | 16);
	assert_int_equal(xl_vdev_to_devid("sda"), 2048);
	assert_int_equal(xl_vdev_to_devid("sdb2"), 8 << 8 | 1 << 4 | 2);
	assert_int_equal(xl_vdev_to_devid("hda"), 768);
	assert_int_equal(xl_vdev_to_devid("hdb1"), 3 << 8 | 64 | 1);
	assert_int_equal(xl_vdev_to_devid("hdc"), 22 << 8);
	assert_int_equal(xl_vdev_to_devid("hdd"), 22 << 8 | 64);
	assert_int_equal(xl_vdev_to_devid("d0p1"), 51713);
	assert_int_equal(xl_vdev_to_devid("d16"), 1 << 28 | 16 << 8);
	assert_int_equal(xl_vdev_to_devid("51712"), 51712);
	assert_int_equal(xl_vdev_to_devid("hde"), -1);
	assert_int_equal(xl_vdev_to_devid("xvd"), -1);
	assert_int_equal(xl_vdev_to_devid("xvda256"), -1);
	assert_int_equal(xl_vdev_to_devid("vda"), -1);
	assert_int_equal(xl_vdev_to_devid("xvdA"), -1);
}

static void test_disk_specs(void **state)
{
	struct xl_disk d;
	char msg[160];

	(void)state;
	assert_int_equal(
		xl_parse_disk("phy:/dev/loop0,xvda,w", &d, msg, sizeof(msg)),
		0);
	assert_string_equal(d.target, "/dev/loop0");
	assert_string_equal(d.vdev, "xvda");
	assert_int_equal(d.devid, 51712);
	assert_int_equal(d.readwrite, 1);
	assert_int_equal(
		xl_parse_disk("file:/img/a.raw,xvdb,r", &d, msg, sizeof(msg)),
		0);
	assert_string_equal(d.target, "/img/a.raw");
	assert_int_equal(d.devid, 51728);
	assert_int_equal(d.readwrite, 0);
	assert_int_equal(xl_parse_disk("/dev/vg/g,,hda", &d, msg, sizeof(msg)),
			 0);
	assert_int_equal(d.devid, 768);
	assert_int_equal(d.readwrite, 1);
	assert_int_equal(
		xl_parse_disk("vg/g,raw,xvdc,ro", &d, msg, sizeof(msg)), 0);
	assert_string_equal(d.target, "/dev/vg/g");
	assert_int_equal(d.readwrite, 0);
	assert_int_equal(xl_parse_disk("format=raw, vdev=xvda, access=rw, "
				       "target=/a,b c",
				       &d, msg, sizeof(msg)),
			 0);
	assert_string_equal(d.target, "/a,b c");
	assert_int_equal(d.readwrite, 1);
	assert_int_equal(
		xl_parse_disk("/i.iso,,hdc,cdrom", &d, msg, sizeof(msg)), 0);
	assert_int_equal(d.cdrom, 1);
	assert_int_equal(d.readwrite, 0);
	assert_int_equal(
		xl_parse_disk("raw:/i.iso,hdc:cdrom,ro", &d, msg, sizeof(msg)),
		0);
	assert_int_equal(d.cdrom, 1);
	assert_int_equal(d.devid, 22 << 8);

	assert_int_equal(xl_parse_disk("/a", &d, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "no vdev"));
	assert_int_equal(xl_parse_disk("/a,qcow2,xvda", &d, msg, sizeof(msg)),
			 -1);
	assert_non_null(strstr(msg, "format 'qcow2'"));
	assert_int_equal(xl_parse_disk("/a,,xvda,x", &d, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "access 'x'"));
	assert_int_equal(xl_parse_disk("/a,,vdz", &d, msg, sizeof(msg)), -1);
	assert_int_equal(
		xl_parse_disk("/a,,xvda,w,extra", &d, msg, sizeof(msg)), -1);
	assert_int_equal(xl_parse_disk("vdev=xvda,vdev=xvdb,target=/a", &d, msg,
				       sizeof(msg)),
			 -1);
	assert_non_null(strstr(msg, "vdev given twice"));
	assert_int_equal(
		xl_parse_disk("colour=red,/a,,xvda", &d, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "unknown key 'colour'"));
}

static void test_vif_specs(void **state)
{
	struct xl_vif v;
	char msg[160];

	(void)state;
	assert_int_equal(xl_parse_vif("", &v, msg, sizeof(msg)), 0);
	assert_int_equal(v.have_mac, 0);
	assert_string_equal(v.bridge, "xenbr0");
	assert_string_equal(v.script, "vif-bridge");
	assert_int_equal(v.devid, -1);
	assert_int_equal(xl_parse_vif("mac=00:16:3E:01:02:0a, bridge=br1, "
				      "ip=10.0.0.2,devid=3",
				      &v, msg, sizeof(msg)),
			 0);
	assert_int_equal(v.have_mac, 1);
	assert_memory_equal(v.mac, ((uint8_t[]){0, 0x16, 0x3e, 1, 2, 10}), 6);
	assert_string_equal(v.bridge, "br1");
	assert_string_equal(v.ip, "10.0.0.2");
	assert_int_equal(v.devid, 3);
	assert_int_equal(
		xl_parse_vif("mac=00:16:3e:01:02", &v, msg, sizeof(msg)), -1);
	assert_int_equal(
		xl_parse_vif("mac=01:16:3e:01:02:03", &v, msg, sizeof(msg)),
		-1);
	assert_non_null(strstr(msg, "multicast"));
	assert_int_equal(xl_parse_vif("bridge", &v, msg, sizeof(msg)), -1);
	assert_int_equal(xl_parse_vif("speed=10", &v, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "unknown key 'speed'"));
}

/* Errors name the file, line and entry; devids must differ. */
static void test_device_errors(void **state)
{
	struct xl_domcfg d;
	char *msgs;
	int rc;

	(void)state;
	assert_int_equal(domain("kernel = \"/k\"\n"
				"disk = [ 'phy:/dev/a,xvda,w',\n"
				"  '/b,,xvda' ]\n"
				"vif = [ 'mac=zz' ]\n",
				&d, &msgs),
			 -1);
	assert_non_null(strstr(msgs, "t.cfg:2: key 'disk': entry 2: vdev "
				     "xvda is used twice"));
	assert_non_null(strstr(msgs, "t.cfg:4: key 'vif': entry 1 'mac=zz'"));
	free(msgs);
	assert_int_equal(domain("kernel = \"/k\"\n"
				"disk = [ '/dev/a,,xvda', 'file:/b,xvdb,r' ]\n"
				"vif = [ '', 'devid=0' ]\n",
				&d, &msgs),
			 -1);
	assert_non_null(strstr(msgs, "entry 2: devid 0 is used twice"));
	free(msgs);
	rc = domain("name = \"n\"\nkernel = \"/k\"\n"
		    "disk = [ '/dev/a,,xvda', 'file:/b,xvdb,r' ]\n"
		    "vif = [ '', 'bridge=br1' ]\n",
		    &d, &msgs);
	if (rc)
		print_message("%s", msgs);
	assert_int_equal(rc, 0);
	assert_int_equal(d.disks[1].devid, 51728);
	assert_int_equal(d.vifs[0].devid, 0);
	assert_int_equal(d.vifs[1].devid, 1);
	assert_string_equal(d.vifs[1].bridge, "br1");
	xl_domcfg_free(&d);
	free(msgs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_syntax),
		cmocka_unit_test(test_last_wins_and_override),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_nul_and_recovery),
		cmocka_unit_test(test_domain_full),
		cmocka_unit_test(test_domain_defaults),
		cmocka_unit_test(test_domain_errors),
		cmocka_unit_test(test_unknown_key_warns),
		cmocka_unit_test(test_cpulist_uuid),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_vdev_devid),
		cmocka_unit_test(test_disk_specs),
		cmocka_unit_test(test_vif_specs),
		cmocka_unit_test(test_device_errors),
	};

	return cmocka_run_group_tests_name("xlcfg", tests, NULL, NULL);
}
