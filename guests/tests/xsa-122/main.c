/* SPDX-License-Identifier: MIT */
/*
 * XSA-122 regression test (Xen: "information leak through version
 * information hypercall", fix 2015).
 *
 * Bad input: XENVER_extraversion, XENVER_compile_info,
 * XENVER_capabilities, XENVER_changeset and XENVER_commandline into
 * zeroed buffers between guard bytes. Xen used to copy whole fixed-size
 * arrays from its stack, strings plus whatever followed them.
 *
 * What must happen: each call writes a NUL-terminated string within its
 * field (its ABI size) and every byte after the NUL stays or becomes
 * zero; nothing outside the field is written. XENVER_commandline may be refused to a domU (-EPERM on Xen
 * with XSM dummy); if it succeeds the same rule holds.
 */
#include <test.h>

const char test_title[] = "XSA-122: no stack leak through xen_version strings";

#define PATTERN 0xa5
#define GUARD 64

static u8 buf[2048 + 2 * GUARD] __aligned(64);

/* Check one NUL-terminated field of len bytes at off within buf. */
static void check_field(const char *what, unsigned int off, unsigned int len)
{
	const u8 *f = buf + GUARD + off;
	unsigned int i, nul = len, junk = 0;

	for (i = 0; i < len; i++)
		if (!f[i]) {
			nul = i;
			break;
		}
	if (!check(nul < len, "%s: NUL-terminated within %u bytes", what, len))
		return;
	for (i = nul + 1; i < len; i++)
		if (f[i])
			junk++;
	check(junk == 0, "%s: %u non-zero byte(s) after the NUL at %u", what,
	      junk, nul);
}

/*
 * Guards hold a pattern, the field itself zeros: a leak shows as
 * non-zero bytes after the string, whether the hypervisor wrote the
 * whole field or only the string.
 */
static long call(int cmd, unsigned int len)
{
	memset(buf, PATTERN, sizeof(buf));
	memset(buf + GUARD, 0, len);
	return HYPERVISOR_xen_version(cmd, buf + GUARD);
}

static void check_guards(const char *what, unsigned int len)
{
	unsigned int i, bad = 0;

	for (i = 0; i < GUARD; i++)
		bad += buf[i] != PATTERN;
	for (i = GUARD + len; i < GUARD + len + GUARD; i++)
		bad += buf[i] != PATTERN;
	check(bad == 0, "%s: nothing written outside its %u bytes", what, len);
}

void test_main(void)
{
	long rc;

	rc = call(XENVER_extraversion, sizeof(xen_extraversion_t));
	check_eq(rc, 0, "XENVER_extraversion");
	check_field("extraversion", 0, sizeof(xen_extraversion_t));
	check_guards("extraversion", sizeof(xen_extraversion_t));

	rc = call(XENVER_compile_info, sizeof(struct xen_compile_info));
	check_eq(rc, 0, "XENVER_compile_info");
	check_field("compile_info.compiler",
		    offsetof(struct xen_compile_info, compiler), 64);
	check_field("compile_info.compile_by",
		    offsetof(struct xen_compile_info, compile_by), 16);
	check_field("compile_info.compile_domain",
		    offsetof(struct xen_compile_info, compile_domain), 32);
	check_field("compile_info.compile_date",
		    offsetof(struct xen_compile_info, compile_date), 32);
	check_guards("compile_info", sizeof(struct xen_compile_info));

	rc = call(XENVER_capabilities, sizeof(xen_capabilities_info_t));
	check_eq(rc, 0, "XENVER_capabilities");
	check_field("capabilities", 0, sizeof(xen_capabilities_info_t));
	check_guards("capabilities", sizeof(xen_capabilities_info_t));

	rc = call(XENVER_changeset, sizeof(xen_changeset_info_t));
	check_eq(rc, 0, "XENVER_changeset");
	check_field("changeset", 0, sizeof(xen_changeset_info_t));
	check_guards("changeset", sizeof(xen_changeset_info_t));

	rc = call(XENVER_commandline, sizeof(xen_commandline_t));
	if (rc == -XEN_EPERM) {
		printk("XENVER_commandline: -EPERM (refused to a domU)\n");
		check_guards("commandline (refused)",
			     sizeof(xen_commandline_t));
	} else {
		check_eq(rc, 0, "XENVER_commandline");
		check_field("commandline", 0, sizeof(xen_commandline_t));
		check_guards("commandline", sizeof(xen_commandline_t));
	}
	test_success(NULL);
}
