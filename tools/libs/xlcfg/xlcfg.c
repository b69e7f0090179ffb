/* SPDX-License-Identifier: MIT */
/* xl.cfg(5) syntax: tokenizer and parser (see xlcfg.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "xlcfg.h"

#define MAX_KEY 64
#define MAX_STRING 4096
#define MAX_ITEMS 256
#define MAX_SETTINGS 1024

enum tok {
	T_EOF,
	T_NL,
	T_SEMI,
	T_IDENT,
	T_STRING,
	T_NUMBER,
	T_EQ,
	T_PLUSEQ,
	T_LBRACK,
	T_RBRACK,
	T_COMMA,
	T_ERROR,
};

struct lexer {
	const char *p, *end;
	int line;
	enum tok tok;
	int tok_line;
	char text[MAX_STRING + 1];
	uint64_t num;
	const char *why; /* T_ERROR */
};

struct parser {
	struct xlcfg *c;
	struct lexer lx;
	FILE *err;
	int failed;
};

static void msg(struct parser *ps, int line, const char *key, const char *fmt,
		...)
{
	va_list ap;

	if (!ps->err)
		return;
	if (line > 0)
		fprintf(ps->err, "%s:%d: ", ps->c->file, line);
	else
		fprintf(ps->err, "%s: command line: ", ps->c->file);
	if (key)
		fprintf(ps->err, "key '%s': ", key);
	va_start(ap, fmt);
	vfprintf(ps->err, fmt, ap);
	va_end(ap);
	fputc('\n', ps->err);
}

static int is_ident(int ch, int first)
{
	if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_')
		return 1;
	return !first && ((ch >= '0' && ch <= '9') || ch == '.' || ch == '-');
}

static void skip_space(struct lexer *lx)
{
	while (lx->p < lx->end) {
		char ch = *lx->p;

		if (ch == ' ' || ch == '\t' || ch == '\r') {
			lx->p++;
		} else if (ch == '\\' && lx->p + 1 < lx->end &&
			   lx->p[1] == '\n') {
			lx->p += 2; /* continuation */
			lx->line++;
		} else if (ch == '#') {
			while (lx->p < lx->end && *lx->p != '\n')
				lx->p++;
		} else {
			break;
		}
	}
}

static enum tok lex_error(struct lexer *lx, const char *why)
{
	lx->why = why;
	return lx->tok = T_ERROR;
}

static enum tok lex_string(struct lexer *lx)
{
	char q = *lx->p++;
	size_t n = 0;

	while (lx->p < lx->end && *lx->p != q) {
		char ch = *lx->p++;

		if (ch == '\n' || ch == '\0')
			return lex_error(lx, "unterminated string");
		if (ch == '\\' && q == '"' && lx->p < lx->end) {
			char e = *lx->p++;

			ch = e == 'n' ? '\n' : e == 't' ? '\t' : e;
			if (e != 'n' && e != 't' && e != '"' && e != '\\')
				return lex_error(lx,
						 "unknown escape in string");
		}
		if (n >= MAX_STRING)
			return lex_error(lx, "string too long");
		lx->text[n++] = ch;
	}
	if (lx->p >= lx->end)
		return lex_error(lx, "unterminated string");
	lx->p++;
	lx->text[n] = '\0';
	return lx->tok = T_STRING;
}

static enum tok lex_number(struct lexer *lx)
{
	size_t n = 0;
	char *endp;

	while (lx->p < lx->end && is_ident((unsigned char)*lx->p, 0)) {
		if (n >= 32)
			return lex_error(lx, "number too long");
		lx->text[n++] = *lx->p++;
	}
	lx->text[n] = '\0';
	errno = 0;
	lx->num = strtoull(lx->text, &endp, 0);
	if (errno || *endp || lx->text[0] == '-')
		return lex_error(lx, "bad number");
	return lx->tok = T_NUMBER;
}

static enum tok next(struct lexer *lx)
{
	char ch;

	skip_space(lx);
	lx->tok_line = lx->line;
	if (lx->p >= lx->end)
		return lx->tok = T_EOF;
	ch = *lx->p;
	switch (ch) {
	case '\n':
		lx->p++;
		lx->line++;
		return lx->tok = T_NL;
	case ';':
		lx->p++;
		return lx->tok = T_SEMI;
	case '=':
		lx->p++;
		return lx->tok = T_EQ;
	case '+':
		if (lx->p + 1 < lx->end && lx->p[1] == '=') {
			lx->p += 2;
			return lx->tok = T_PLUSEQ;
		}
		lx->p++;
		return lex_error(lx, "unexpected '+'");
	case '[':
		lx->p++;
		return lx->tok = T_LBRACK;
	case ']':
		lx->p++;
		return lx->tok = T_RBRACK;
	case ',':
		lx->p++;
		return lx->tok = T_COMMA;
	case '"':
	case '\'':
		return lex_string(lx);
	default:
		break;
	}
	if (ch >= '0' && ch <= '9')
		return lex_number(lx);
	if (is_ident((unsigned char)ch, 1)) {
		size_t n = 0;

		while (lx->p < lx->end && is_ident((unsigned char)*lx->p, 0)) {
			if (n >= MAX_KEY)
				return lex_error(lx, "name too long");
			lx->text[n++] = *lx->p++;
		}
		lx->text[n] = '\0';
		return lx->tok = T_IDENT;
	}
	lx->p++;
	if (ch == '\0')
		return lex_error(lx, "NUL byte in the file");
	return lex_error(lx, "unexpected character");
}

static void setting_free(struct xlcfg_setting *s)
{
	free(s->key);
	free(s->str);
	for (size_t i = 0; i < s->nitems; i++)
		free(s->items[i]);
	free(s->items);
	memset(s, 0, sizeof(*s));
}

void xlcfg_init(struct xlcfg *c, const char *file)
{
	memset(c, 0, sizeof(*c));
	c->file = file;
}

void xlcfg_free(struct xlcfg *c)
{
	for (size_t i = 0; i < c->n; i++)
		setting_free(&c->s[i]);
	free(c->s);
	c->s = NULL;
	c->n = 0;
}

struct xlcfg_setting *xlcfg_get(struct xlcfg *c, const char *key)
{
	for (size_t i = c->n; i-- > 0;) {
		if (!strcmp(c->s[i].key, key))
			return &c->s[i];
	}
	return NULL;
}

static int add_item(struct xlcfg_setting *s, const char *text)
{
	char **items;
	char *dup;

	if (s->nitems >= MAX_ITEMS)
		return -1;
	dup = strdup(text);
	items = realloc(s->items, (s->nitems + 1) * sizeof(*items));
	if (!dup || !items) {
		free(dup);
		if (items)
			s->items = items;
		return -1;
	}
	s->items = items;
	s->items[s->nitems++] = dup;
	return 0;
}

/* Skip to the end of the line after an error. */
static void recover(struct parser *ps)
{
	struct lexer *lx = &ps->lx;

	ps->failed = 1;
	while (lx->tok != T_NL && lx->tok != T_EOF && lx->tok != T_SEMI)
		next(lx);
}

static int parse_list(struct parser *ps, struct xlcfg_setting *s)
{
	struct lexer *lx = &ps->lx;
	int want_value = 1;

	s->type = XLCFG_LIST;
	for (;;) {
		next(lx);
		if (lx->tok == T_NL)
			continue;
		if (lx->tok == T_RBRACK)
			return 0;
		if ((lx->tok == T_STRING || lx->tok == T_NUMBER) &&
		    want_value) {
			if (add_item(s, lx->text)) {
				msg(ps, lx->tok_line, s->key,
				    "list too long (at most %d items)",
				    MAX_ITEMS);
				return -1;
			}
			want_value = 0;
			continue;
		}
		if (lx->tok == T_COMMA && !want_value) {
			want_value = 1;
			continue;
		}
		if (lx->tok == T_ERROR)
			msg(ps, lx->tok_line, s->key, "%s", lx->why);
		else if (lx->tok == T_EOF)
			msg(ps, s->line, s->key, "list not closed with ']'");
		else
			msg(ps, lx->tok_line, s->key,
			    want_value
				    ? "expected a string or number in the list"
				    : "expected ',' or ']' in the list");
		return -1;
	}
}

/* Store s (taking its allocations) as the newest setting of its key. */
static int store(struct parser *ps, struct xlcfg_setting *s, int append)
{
	struct xlcfg *c = ps->c;
	struct xlcfg_setting *old = xlcfg_get(c, s->key);
	struct xlcfg_setting *arr;

	if (append && old) {
		if (old->type != XLCFG_LIST || s->type != XLCFG_LIST) {
			msg(ps, s->line, s->key,
			    "'+=' needs lists on both sides");
			return -1;
		}
		for (size_t i = 0; i < s->nitems; i++) {
			if (add_item(old, s->items[i])) {
				msg(ps, s->line, s->key, "list too long");
				return -1;
			}
		}
		old->line = s->line;
		setting_free(s);
		return 0;
	}
	if (c->n >= MAX_SETTINGS) {
		msg(ps, s->line, s->key, "too many settings");
		return -1;
	}
	arr = realloc(c->s, (c->n + 1) * sizeof(*arr));
	if (!arr) {
		msg(ps, s->line, s->key, "out of memory");
		return -1;
	}
	c->s = arr;
	c->s[c->n++] = *s;
	memset(s, 0, sizeof(*s));
	return 0;
}

static void parse_setting(struct parser *ps)
{
	struct lexer *lx = &ps->lx;
	struct xlcfg_setting s = {.line = lx->tok_line};
	int append;

	s.key = strdup(lx->text);
	if (!s.key) {
		msg(ps, s.line, NULL, "out of memory");
		recover(ps);
		return;
	}
	next(lx);
	if (lx->tok != T_EQ && lx->tok != T_PLUSEQ) {
		msg(ps, s.line, s.key, "expected '=' after the key");
		goto fail;
	}
	append = lx->tok == T_PLUSEQ;
	next(lx);
	switch (lx->tok) {
	case T_STRING:
	case T_NUMBER:
		s.type = lx->tok == T_STRING ? XLCFG_STRING : XLCFG_NUMBER;
		s.num = lx->num;
		s.str = strdup(lx->text);
		if (!s.str) {
			msg(ps, s.line, s.key, "out of memory");
			goto fail;
		}
		break;
	case T_LBRACK:
		if (parse_list(ps, &s))
			goto fail;
		break;
	case T_ERROR:
		msg(ps, lx->tok_line, s.key, "%s", lx->why);
		goto fail;
	default:
		msg(ps, s.line, s.key,
		    "expected a value (\"string\", number "
		    "or [ list ])");
		goto fail;
	}
	next(lx);
	if (lx->tok != T_NL && lx->tok != T_SEMI && lx->tok != T_EOF) {
		msg(ps, lx->tok_line, s.key, "unexpected text after the value");
		goto fail;
	}
	if (store(ps, &s, append))
		goto fail;
	return;
fail:
	setting_free(&s);
	recover(ps);
}

static int parse(struct xlcfg *c, const char *text, size_t len, int line,
		 FILE *err)
{
	struct parser ps = {.c = c, .err = err};
	struct lexer *lx = &ps.lx;

	lx->p = text;
	lx->end = text + len;
	lx->line = line;
	if (len > XLCFG_MAX_SIZE) {
		msg(&ps, 0, NULL, "file too big (over %u bytes)",
		    XLCFG_MAX_SIZE);
		return -1;
	}
	for (next(lx); lx->tok != T_EOF; next(lx)) {
		if (lx->tok == T_NL || lx->tok == T_SEMI)
			continue;
		if (lx->tok == T_IDENT) {
			parse_setting(&ps);
			if (lx->tok == T_EOF)
				break;
			continue;
		}
		if (lx->tok == T_ERROR)
			msg(&ps, lx->tok_line, NULL, "%s", lx->why);
		else
			msg(&ps, lx->tok_line, NULL,
			    "expected a setting (KEY = VALUE)");
		recover(&ps);
		if (lx->tok == T_EOF)
			break;
	}
	return ps.failed ? -1 : 0;
}

int xlcfg_parse(struct xlcfg *c, const char *text, size_t len, FILE *err)
{
	return parse(c, text, len, 1, err);
}

int xlcfg_set(struct xlcfg *c, const char *assignment, FILE *err)
{
	size_t n = strlen(assignment);
	size_t before = c->n;

	if (memchr(assignment, '\n', n)) {
		if (err)
			fprintf(err,
				"%s: command line: '%s': newline in a "
				"setting\n",
				c->file, assignment);
		return -1;
	}
	if (parse(c, assignment, n, 0, err))
		return -1;
	(void)before;
	return 0;
}
