#include "base/text.h"

#include "base/mem.h"

#include <stdlib.h>
#include <string.h>

void html_escape(struct buf *out, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_put(out, s + start, i - start);
		buf_puts(out, rep);
		start = i + 1;
	}
	buf_put(out, s + start, n - start);
}

/* A character that makes a spreadsheet read a cell as a formula when it comes first:
 * = + - @, and a tab or carriage return (which some strip before looking). */
static bool formula_start(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/* True for a plain number as keep writes figures, -?digits[.digits]: a spreadsheet
 * reads it as a number, never as a formula. */
static bool plain_number(const char *s, size_t n)
{
	size_t i = 0;
	if (i < n && s[i] == '-')
		i++;
	size_t d = i;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == d)
		return false;
	if (i < n && s[i] == '.') {
		size_t f = ++i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == f)
			return false;
	}
	return i == n;
}

/* True when s is a run of quotes (perhaps none) and then a formula character. A carriage
 * return followed by a line feed or another carriage return starts no formula: the reader
 * gives a CR LF back as the LF alone, so only thus does the writer's choice and the
 * reader's agree on every text. */
static bool quotes_then_formula(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] == '\'')
		i++;
	return i < n && formula_start(s[i]) && !(s[i] == '\r' && i + 1 < n && (s[i + 1] == '\n' || s[i + 1] == '\r'));
}

void csv_field(struct buf *out, const char *s, size_t n)
{
	bool guard = quotes_then_formula(s, n) && !plain_number(s, n);
	bool quote = guard;
	for (size_t i = 0; i < n && !quote; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			quote = true;
	if (!quote) {
		buf_put(out, s, n);
		return;
	}
	buf_putc(out, '"');
	if (guard)
		buf_putc(out, '\'');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_putc(out, '"');
		buf_putc(out, s[i]);
	}
	buf_putc(out, '"');
}

size_t csv_guard_len(const char *s, size_t n)
{
	return n > 1 && s[0] == '\'' && quotes_then_formula(s + 1, n - 1) ? 1 : 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* url_decode, reporting offsets counted from base (where in starts in a longer text). */
static int decode_at(struct buf *out, const char *in, size_t n, bool plus_is_space, size_t base, struct kerr *e)
{
	buf_grow(out, n);
	for (size_t i = 0; i < n; i++) {
		char c = in[i];
		if (c == '%') {
			int hi = i + 1 < n ? hexval(in[i + 1]) : -1;
			int lo = i + 2 < n ? hexval(in[i + 2]) : -1;
			if (hi < 0 || lo < 0)
				return kerr_set(e, KERR_INVALID, "bad percent-escape at offset %zu: expected %%XX with two hex digits", base + i);
			char d = (char)(hi * 16 + lo);
			if (d == '\0')
				return kerr_set(e, KERR_INVALID, "bad percent-escape at offset %zu: %%00 is not allowed", base + i);
			buf_putc(out, d);
			i += 2;
		} else if (c == '+' && plus_is_space) {
			buf_putc(out, ' ');
		} else if (c == '\0') {
			return kerr_set(e, KERR_INVALID, "NUL byte at offset %zu", base + i);
		} else {
			buf_putc(out, c);
		}
	}
	return 0;
}

int url_decode(struct buf *out, const char *in, size_t n, bool plus_is_space, struct kerr *e)
{
	return decode_at(out, in, n, plus_is_space, 0, e);
}

int query_parse(struct query *q, const char *qs, size_t max_params, struct kerr *e)
{
	q->p = NULL;
	q->n = 0;
	if (!qs)
		return 0;
	size_t cap = 0;
	const char *s = qs;
	while (*s) {
		const char *amp = strchr(s, '&');
		size_t len = amp ? (size_t)(amp - s) : strlen(s);
		if (len > 0) {
			if (q->n == max_params) {
				query_free(q);
				return kerr_set(e, KERR_INVALID, "too many query parameters: at most %zu are allowed", max_params);
			}
			const char *eq = memchr(s, '=', len);
			size_t nlen = eq ? (size_t)(eq - s) : len;
			struct buf name = {0}, value = {0};
			size_t at = (size_t)(s - qs);
			if (decode_at(&name, s, nlen, true, at, e) < 0 ||
			    (eq && decode_at(&value, eq + 1, len - nlen - 1, true, at + nlen + 1, e) < 0)) {
				buf_free(&name);
				buf_free(&value);
				query_free(q);
				return -1;
			}
			if (q->n == cap) {
				cap = cap ? cap * 2 : 8;
				q->p = xrealloc(q->p, cap * sizeof *q->p);
			}
			q->p[q->n].name = buf_steal(&name);
			q->p[q->n].value = buf_steal(&value);
			q->n++;
		}
		s += len;
		if (*s == '&')
			s++;
	}
	return 0;
}

const char *query_get(const struct query *q, const char *name)
{
	for (size_t i = q->n; i-- > 0;)
		if (strcmp(q->p[i].name, name) == 0)
			return q->p[i].value;
	return NULL;
}

void query_free(struct query *q)
{
	for (size_t i = 0; i < q->n; i++) {
		free(q->p[i].name);
		free(q->p[i].value);
	}
	free(q->p);
	q->p = NULL;
	q->n = 0;
}

/* Length of the well-formed UTF-8 sequence at s (at most n bytes), or 0 if ill-formed. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	if (c < 0x80)
		return 1;
	size_t len;
	unsigned lo = 0x80, hi = 0xBF;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		if (c == 0xE0)
			lo = 0xA0;
		if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		if (c == 0xF0)
			lo = 0x90;
		if (c == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	if (n < len)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return len;
}

bool utf8_valid(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		size_t l = utf8_seq(u + i, n - i);
		if (!l)
			return false;
		i += l;
	}
	return true;
}

void utf8_repair(struct buf *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		size_t l = utf8_seq(u + i, n - i);
		if (l) {
			buf_put(out, s + i, l);
			i += l;
		} else {
			buf_puts(out, "\xEF\xBF\xBD");
			i++;
		}
	}
}

bool slug_valid(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 80 || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && s[i + 1] != '-');
		if (!ok)
			return false;
	}
	return true;
}
