/* SPDX-License-Identifier: MIT */
/* Command-line parsing: Xen's option syntax, our extensions, bad input. */
#include "printk_capture.h"

#include <hyp/cmdline.h>
#include <hyp/errno.h>
#include <hyp/param.h>

static bool t_bool;
boolean_param("t_bool", t_bool);
static bool t_flag = true;
boolean_param("t-flag", t_flag);
static unsigned int t_uint_bool; /* a boolean held in a 4-byte variable */
boolean_param("t_uint_bool", t_uint_bool);

static u8 t_u8;
integer_param("t_u8", t_u8);
static u16 t_u16;
integer_param("t_u16", t_u16);
static unsigned int t_u32;
integer_param("t_u32", t_u32);
static u64 t_u64;
integer_param("t_u64", t_u64);
static int t_int;
integer_param("t_int", t_int);

static u64 t_size;
size_param("t_size", t_size);
static u32 t_size32;
size_param("t_size32", t_size32);

static char t_str[16] = "init";
string_param("t_str", t_str);

static char custom_val[512];
static int custom_calls;
static int custom_rc;
static int parse_custom(const char *s)
{
	custom_calls++;
	snprintf(custom_val, sizeof(custom_val), "%s", s);
	return custom_rc;
}
custom_param("t_custom", parse_custom);

/* Two records with one name: Xen applies the option to both. */
static int dup_calls;
static int parse_dup_a(const char *s)
{
	dup_calls++;
	return 0;
}
static int parse_dup_b(const char *s)
{
	dup_calls += 10;
	return 0;
}
custom_param("t_dup", parse_dup_a);
custom_param("t_dup", parse_dup_b);

static int setup(void **state)
{
	capture_reset();
	custom_calls = 0;
	custom_rc = 0;
	custom_val[0] = '\0';
	return 0;
}

static void test_null_and_empty(void **state)
{
	assert_int_equal(cmdline_parse(NULL), 0);
	assert_int_equal(cmdline_parse(""), 0);
	assert_int_equal(cmdline_parse("   \t \n "), 0);
	assert_string_equal(captured, "");
	assert_string_equal(cmdline_dom0_args(), "");
}

static void test_bool_forms(void **state)
{
	static const struct {
		const char *line;
		bool val;
	} cases[] = {
		{"t_bool", true},	  {"no-t_bool", false},
		{"t_bool=yes", true},	  {"t_bool=no", false},
		{"t_bool=true", true},	  {"t_bool=false", false},
		{"t_bool=on", true},	  {"t_bool=off", false},
		{"t_bool=enable", true},  {"t_bool=disable", false},
		{"t_bool=1", true},	  {"t_bool=0", false},
		{"t_bool=", true},	  {"no-t_bool=no", true},
		{"no-t_bool=yes", false}, {"no-t_bool=", false},
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		t_bool = !cases[i].val;
		capture_reset();
		assert_int_equal(cmdline_parse(cases[i].line), 0);
		if (t_bool != cases[i].val)
			fail_msg("\"%s\" gave %d", cases[i].line, t_bool);
		assert_captured("(HYP) cmdline: ");
	}
}

static void test_bool_bad(void **state)
{
	static const char *const bad[] = {"t_bool=2",	  "t_bool=YES",
					  "t_bool=maybe", "t_bool=onn",
					  "t_bool=of",	  "no-t_bool=x"};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		t_bool = true;
		capture_reset();
		assert_int_equal(cmdline_parse(bad[i]), 1);
		assert_true(t_bool);
		assert_captured("Bad value for option '");
		assert_not_captured("cmdline:");
	}
}

static void test_bool_wide_and_dash_names(void **state)
{
	assert_int_equal(cmdline_parse("t_uint_bool no-t-flag"), 0);
	assert_int_equal(t_uint_bool, 1);
	assert_false(t_flag);
	/* Names match exactly, as in Xen: '_' is not '-'. */
	capture_reset();
	assert_int_equal(cmdline_parse("t_flag T_BOOL"), 2);
	assert_false(t_flag);
	assert_captured("Unknown command line option 't_flag'");
	assert_captured("Unknown command line option 'T_BOOL'");
}

static void test_parse_bool_api(void **state)
{
	const char *s = "yesterday";

	assert_int_equal(parse_bool("on", NULL), 1);
	assert_int_equal(parse_bool("disable", NULL), 0);
	assert_int_equal(parse_bool(s, s + 3), 1);
	assert_int_equal(parse_bool(s, NULL), -EINVAL);
	assert_int_equal(parse_bool("", NULL), -EINVAL);
	assert_int_equal(parse_bool(NULL, NULL), -EINVAL);
	assert_int_equal(parse_bool(s + 3, s), -EINVAL);
}

static void test_integers(void **state)
{
	assert_int_equal(cmdline_parse("t_u8=255 t_u16=0xffff t_u32=4294967295 "
				       "t_u64=0xffffffffffffffff t_int=-5"),
			 0);
	assert_int_equal(t_u8, 255);
	assert_int_equal(t_u16, 0xffff);
	assert_int_equal(t_u32, 0xffffffffu);
	assert_true(t_u64 == UINT64_MAX);
	assert_int_equal(t_int, -5);

	/* Octal with a leading 0, hex with 0X, and Xen's negatives. */
	assert_int_equal(cmdline_parse("t_u16=010 t_u32=0X1F t_u8=-1"), 0);
	assert_int_equal(t_u16, 8);
	assert_int_equal(t_u32, 31);
	assert_int_equal(t_u8, 255);
	assert_int_equal(cmdline_parse("t_u8=-128 t_int=-2147483648"), 0);
	assert_int_equal(t_u8, 128);
	assert_int_equal(t_int, INT32_MIN);
	assert_captured("(HYP) cmdline: t_u8=-128\n");
}

static void test_integers_bad(void **state)
{
	static const char *const bad[] = {
		"t_u8=256",
		"t_u8=-129",
		"t_u16=65536",
		"t_u32=0x100000000",
		"t_int=4294967296",
		"t_u64=18446744073709551616",
		"t_u64=-9223372036854775809",
		"t_u32=12abc",
		"t_u32=abc",
		"t_u32=",
		"t_u32",
		"no-t_u32",
		"t_u32=0x",
		"t_u32=08",
		"t_u32= 5",
		"t_u32=--5",
		"t_u32=+5",
	};
	size_t i;

	t_u8 = 7;
	t_u16 = 7;
	t_u32 = 7;
	t_u64 = 7;
	t_int = 7;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		capture_reset();
		if (cmdline_parse(bad[i]) < 1)
			fail_msg("\"%s\" accepted", bad[i]);
		assert_captured("Bad value for option '");
	}
	assert_int_equal(t_u8, 7);
	assert_int_equal(t_u16, 7);
	assert_int_equal(t_u32, 7);
	assert_int_equal(t_u64, 7);
	assert_int_equal(t_int, 7);
}

static void test_sizes(void **state)
{
	static const struct {
		const char *line;
		u64 val;
	} cases[] = {
		{"t_size=512M", MB(512)},
		{"t_size=512m", MB(512)},
		{"t_size=1G", GB(1)},
		{"t_size=2g", GB(2)},
		{"t_size=4096K", KB(4096)},
		{"t_size=3k", KB(3)},
		{"t_size=1T", GB(1024)},
		{"t_size=1t", GB(1024)},
		{"t_size=100B", 100},
		{"t_size=100b", 100},
		{"t_size=1048576B", 0x100000},
		/* As in Xen, B after a hex number is a digit: KiB again. */
		{"t_size=0x10B", KB(0x10b)},
		/* Xen: no unit means KiB. */
		{"t_size=16", KB(16)},
		{"t_size=0x100000", GB(1)},
		{"t_size=0", 0},
		{"t_size=16777215T", 0xffffffULL << 40},
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		capture_reset();
		t_size = 1;
		assert_int_equal(cmdline_parse(cases[i].line), 0);
		if (t_size != cases[i].val)
			fail_msg("\"%s\" gave %#llx", cases[i].line,
				 (unsigned long long)t_size);
	}
	assert_int_equal(cmdline_parse("t_size32=4095M"), 0);
	assert_int_equal(t_size32, 4095u << 20);
}

static void test_sizes_bad(void **state)
{
	static const char *const bad[] = {
		"t_size=99999999999T",
		"t_size=16777216T",
		"t_size=18446744073709551616B",
		"t_size=512MB",
		"t_size=1X",
		"t_size=M",
		"t_size=",
		"t_size",
		"no-t_size",
		"t_size=1.5G",
		"t_size32=4G",
		"t_size=10%",
	};
	size_t i;

	t_size = 7;
	t_size32 = 7;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		capture_reset();
		if (cmdline_parse(bad[i]) != 1)
			fail_msg("\"%s\" accepted", bad[i]);
		assert_captured("Bad value for option '");
	}
	assert_int_equal(t_size, 7);
	assert_int_equal(t_size32, 7);
}

static void test_size_api(void **state)
{
	const char *s = "10%", *end;

	assert_int_equal(parse_size_and_unit(s, &end), 10);
	assert_ptr_equal(end, s + 2);
	assert_int_equal(parse_size_and_unit(s, NULL), KB(10));
	s = "2Mfoo";
	assert_int_equal(parse_size_and_unit(s, &end), MB(2));
	assert_ptr_equal(end, s + 2);
	s = "99999999999T";
	assert_int_equal(parse_size_and_unit(s, &end), 0);
	assert_ptr_equal(end, s);
	s = "xyz";
	assert_int_equal(parse_size_and_unit(s, &end), 0);
	assert_ptr_equal(end, s);
	assert_int_equal(parse_size_and_unit(NULL, &end), 0);
	assert_null(end);
}

static void test_strings(void **state)
{
	assert_int_equal(cmdline_parse("t_str=hello"), 0);
	assert_string_equal(t_str, "hello");
	assert_captured("(HYP) cmdline: t_str=hello\n");

	/* 15 chars fit in 16 bytes; 16 are refused, keeping the old value. */
	assert_int_equal(cmdline_parse("t_str=abcdefghijklmno"), 0);
	assert_string_equal(t_str, "abcdefghijklmno");
	capture_reset();
	assert_int_equal(cmdline_parse("t_str=abcdefghijklmnop"), 1);
	assert_string_equal(t_str, "abcdefghijklmno");
	assert_captured("Bad value for option 't_str': 'abcdefghijklmnop'");

	/* A bare name empties the string, as in Xen. */
	assert_int_equal(cmdline_parse("t_str"), 0);
	assert_string_equal(t_str, "");
	assert_int_equal(cmdline_parse("no-t_str"), 1);

	/* The first '=' splits; later ones belong to the value. */
	assert_int_equal(cmdline_parse("t_str=a=b,c"), 0);
	assert_string_equal(t_str, "a=b,c");
}

static void test_quotes(void **state)
{
	assert_int_equal(cmdline_parse("t_str=\"a b  c\" t_u32=3"), 0);
	assert_string_equal(t_str, "a b  c");
	assert_int_equal(t_u32, 3);
	assert_captured("cmdline: t_str=\"a b  c\"\n");

	assert_int_equal(cmdline_parse("\"t_str=x y\""), 0);
	assert_string_equal(t_str, "x y");
	assert_int_equal(cmdline_parse("t_str=pre\"mid dle\"post"), 0);
	assert_string_equal(t_str, "premid dlepost");
	assert_int_equal(cmdline_parse("t_str=\"\""), 0);
	assert_string_equal(t_str, "");
	assert_int_equal(cmdline_parse("t_custom=\"1 2\""), 0);
	assert_string_equal(custom_val, "1 2");

	/* An unclosed quote swallows the rest: refuse the whole option. */
	strcpy(t_str, "keep");
	t_u32 = 1;
	capture_reset();
	assert_int_equal(cmdline_parse("t_str=\"oops t_u32=5"), 1);
	assert_string_equal(t_str, "keep");
	assert_int_equal(t_u32, 1);
	assert_captured("Missing closing quote in option 't_str'");
}

static void test_custom(void **state)
{
	assert_int_equal(cmdline_parse("t_custom=a,b:c"), 0);
	assert_int_equal(custom_calls, 1);
	assert_string_equal(custom_val, "a,b:c");
	assert_int_equal(cmdline_parse("t_custom"), 0);
	assert_string_equal(custom_val, "");
	assert_int_equal(cmdline_parse("no-t_custom"), 0);
	assert_string_equal(custom_val, "no");
	assert_int_equal(custom_calls, 3);

	capture_reset();
	assert_int_equal(cmdline_parse("no-t_custom=x"), 1);
	assert_int_equal(custom_calls, 3);

	capture_reset();
	custom_rc = -EINVAL;
	assert_int_equal(cmdline_parse("t_custom=zzz"), 1);
	assert_captured("(HYP) Bad value for option 't_custom': 'zzz'\n");
	assert_not_captured("cmdline:");

	dup_calls = 0;
	assert_int_equal(cmdline_parse("t_dup=1"), 0);
	assert_int_equal(dup_calls, 11);
}

static void test_unknown(void **state)
{
	t_u32 = 0;
	assert_int_equal(cmdline_parse("frobnicate=3 t_u32=9 no-such =x"), 3);
	assert_captured("(HYP) Unknown command line option 'frobnicate'\n");
	assert_captured("Unknown command line option 'no-such'\n");
	assert_captured("Unknown command line option ''\n");
	assert_int_equal(t_u32, 9);
}

static void test_repeated_last_wins(void **state)
{
	assert_int_equal(cmdline_parse("t_u32=1 t_bool t_u32=2 no-t_bool "
				       "t_u32=3 t_str=a t_str=b"),
			 0);
	assert_int_equal(t_u32, 3);
	assert_false(t_bool);
	assert_string_equal(t_str, "b");
	assert_int_equal(count_substr(captured, "cmdline: t_u32="), 3);
}

static void test_separators(void **state)
{
	assert_int_equal(cmdline_parse("\tt_u32=4\n\nt_u16=5\r t_u8=6  "), 0);
	assert_int_equal(t_u32, 4);
	assert_int_equal(t_u16, 5);
	assert_int_equal(t_u8, 6);
}

static void test_dom0_args(void **state)
{
	t_u32 = 0;
	t_u16 = 0;
	assert_int_equal(
		cmdline_parse("t_u32=1 --   console=hvc0 t_u16=9  earlyprintk"),
		0);
	assert_int_equal(t_u32, 1);
	assert_int_equal(t_u16, 0);
	assert_string_equal(cmdline_dom0_args(),
			    "console=hvc0 t_u16=9  earlyprintk");
	assert_string_equal(cmdline_saved(), "t_u32=1");

	assert_int_equal(cmdline_parse("-- t_u16=3"), 0);
	assert_int_equal(t_u16, 0);
	assert_string_equal(cmdline_dom0_args(), "t_u16=3");
	assert_string_equal(cmdline_saved(), "");

	assert_int_equal(cmdline_parse("t_u16=2 --"), 0);
	assert_int_equal(t_u16, 2);
	assert_string_equal(cmdline_dom0_args(), "");

	/* "--x" and a quoted "--" are options, not the separator. */
	capture_reset();
	assert_int_equal(cmdline_parse("--x t_str=\"a -- b\" t_u16=4"), 1);
	assert_captured("Unknown command line option '--x'");
	assert_string_equal(t_str, "a -- b");
	assert_int_equal(t_u16, 4);
	assert_string_equal(cmdline_dom0_args(), "");
	assert_string_equal(cmdline_saved(), "--x t_str=\"a -- b\" t_u16=4");
}

static void test_long_inputs(void **state)
{
	static char line[8192];
	size_t i;

	/* A very long name: warned about once, then parsing goes on. */
	memset(line, 'n', 300);
	strcpy(line + 300, "=1 t_u32=77");
	t_u32 = 0;
	capture_reset();
	assert_int_equal(cmdline_parse(line), 1);
	assert_captured("Command line option name too long: 'nnnn");
	assert_int_equal(t_u32, 77);

	/* A very long value: refused for every kind of option. */
	strcpy(line, "t_custom=");
	memset(line + 9, 'v', 1000);
	strcpy(line + 1009, " t_str=");
	memset(line + 1016, 'w', 1000);
	strcpy(line + 2016, " t_u32=78");
	capture_reset();
	/* Three warnings: the two values and the over-long line. */
	assert_int_equal(cmdline_parse(line), 3);
	assert_int_equal(custom_calls, 0);
	assert_int_equal(t_u32, 78);
	assert_captured("Bad value for option 't_custom': 'vvvvvvvv");
	assert_captured("(over 255 chars)");

	/* A line over the saved size: still fully parsed. */
	line[0] = '\0';
	for (i = 0; strlen(line) < sizeof(line) - 40; i++)
		strcat(line, "t_u8=1 ");
	strcat(line, "t_u32=79 -- dom0arg");
	capture_reset();
	assert_int_equal(cmdline_parse(line), 1);
	assert_captured("Command line longer than 1023 chars");
	assert_int_equal(t_u32, 79);
	assert_int_equal(strlen(cmdline_saved()), CMDLINE_SAVED_SIZE - 1);
	assert_string_equal(cmdline_dom0_args(), "dom0arg");
}

/* Every printable byte pattern, with the parser never going astray. */
static void test_garbage(void **state)
{
	static const char chars[] = "=\"- tn_o0x1GgK%\\,:;";
	char line[64];
	unsigned int seed = 12345;
	int round;
	size_t i;

	for (round = 0; round < 20000; round++) {
		size_t len = (seed >> 3) % (sizeof(line) - 1);

		for (i = 0; i < len; i++) {
			seed = seed * 1103515245 + 12345;
			line[i] = chars[(seed >> 16) % (sizeof(chars) - 1)];
		}
		line[len] = '\0';
		capture_reset();
		cmdline_parse(line);
	}
	/* Bytes above 0x7f and control characters are just characters. */
	assert_int_equal(cmdline_parse("\x01\xff=\x80 t_u32=5"), 1);
	assert_int_equal(t_u32, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_null_and_empty, setup),
		cmocka_unit_test_setup(test_bool_forms, setup),
		cmocka_unit_test_setup(test_bool_bad, setup),
		cmocka_unit_test_setup(test_bool_wide_and_dash_names, setup),
		cmocka_unit_test_setup(test_parse_bool_api, setup),
		cmocka_unit_test_setup(test_integers, setup),
		cmocka_unit_test_setup(test_integers_bad, setup),
		cmocka_unit_test_setup(test_sizes, setup),
		cmocka_unit_test_setup(test_sizes_bad, setup),
		cmocka_unit_test_setup(test_size_api, setup),
		cmocka_unit_test_setup(test_strings, setup),
		cmocka_unit_test_setup(test_quotes, setup),
		cmocka_unit_test_setup(test_custom, setup),
		cmocka_unit_test_setup(test_unknown, setup),
		cmocka_unit_test_setup(test_repeated_last_wins, setup),
		cmocka_unit_test_setup(test_separators, setup),
		cmocka_unit_test_setup(test_dom0_args, setup),
		cmocka_unit_test_setup(test_long_inputs, setup),
		cmocka_unit_test_setup(test_garbage, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
