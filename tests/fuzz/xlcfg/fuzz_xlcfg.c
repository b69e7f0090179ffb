/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the xl.cfg(5) parser and the domain keys
 * (tools/libs/xlcfg). Any input must give 0 or -1, never a crash, a leak
 * or undefined behaviour. The first line, if it starts with "#set ",
 * is also applied as a command-line override (xlcfg_set).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "xlcfg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xl_domcfg d;
	struct xlcfg c;
	FILE *devnull = fopen("/dev/null", "w");

	xlcfg_init(&c, "fuzz.cfg");
	if (xlcfg_parse(&c, (const char *)data, size, devnull) == 0) {
		if (size > 5 && !memcmp(data, "#set ", 5)) {
			char line[128];
			size_t n = 0;

			while (n + 5 < size && n < sizeof(line) - 1 &&
			       data[5 + n] != '\n' && data[5 + n] != '\0') {
				line[n] = (char)data[5 + n];
				n++;
			}
			line[n] = '\0';
			xlcfg_set(&c, line, devnull);
		}
		if (xlcfg_domain(&c, &d, devnull) == 0)
			xl_domcfg_free(&d);
	}
	xlcfg_free(&c);
	if (devnull)
		fclose(devnull);
	return 0;
}
