/* SPDX-License-Identifier: MIT */
/*
 * Command-line options with Xen's names and value syntax. Each option is a
 * record in the "hyp_params" section, so the parser finds every option
 * that is linked in without a central list.
 */
#ifndef HYP_PARAM_H
#define HYP_PARAM_H

#include <hyp/compiler.h>
#include <hyp/types.h>

enum param_type {
	PARAM_BOOL, /* name, no-name, name=<bool> */
	PARAM_UINT, /* name=<number>, into an unsigned int/long of size len */
	PARAM_SIZE, /* name=<size>[bBkKmMgGtT], no unit = KiB as in Xen; u64 */
	PARAM_STRING, /* name=<text>, into a char array of size len */
	PARAM_CUSTOM, /* name=<text> handed to func; it returns 0 or -errno */
};

struct hyp_param {
	const char *name;
	enum param_type type;
	unsigned int len;
	union {
		void *var;
		int (*func)(const char *val);
	} par;
};

#define PARAM_SECTION __section("hyp_params") __aligned(8) __used

#define __param_rec(_name, _type, _len, _field, _val, _id)            \
	static const struct hyp_param __param_##_id PARAM_SECTION = { \
		.name = _name, .type = _type, .len = _len, .par._field = _val}

#define boolean_param(_name, _var) \
	__param_rec(_name, PARAM_BOOL, sizeof(_var), var, &(_var), _var)
#define integer_param(_name, _var) \
	__param_rec(_name, PARAM_UINT, sizeof(_var), var, &(_var), _var)
#define size_param(_name, _var) \
	__param_rec(_name, PARAM_SIZE, sizeof(_var), var, &(_var), _var)
#define string_param(_name, _var) \
	__param_rec(_name, PARAM_STRING, sizeof(_var), var, (_var), _var)
#define custom_param(_name, _func) \
	__param_rec(_name, PARAM_CUSTOM, 0, func, (_func), _func)

/*
 * Parse a whole command line: options separated by spaces, values quoted
 * with "..." when they contain spaces. Known options are applied and
 * echoed at boot; unknown options and bad values draw a warning and are
 * otherwise ignored. Returns the number of warnings issued.
 */
int cmdline_parse(const char *cmdline);

/* Value parsers shared with custom params (all return 0 or -EINVAL). */
int parse_bool(const char *s, const char *end); /* 1, 0, or -EINVAL */
/* Size with optional unit suffix (K, M, G, T; B = bytes); *end past it. */
u64 parse_size_and_unit(const char *s, const char **end);

#endif
