/* Text handling shared by every layer: the one HTML escaper, the one CSV escaper,
 * URL and query-string decoding, UTF-8 checks and slugs. */
#ifndef KEEP_BASE_TEXT_H
#define KEEP_BASE_TEXT_H
#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/kerr.h"

/* Appends s[0..n) to out with & < > " ' escaped, so the result is safe in HTML text
 * and in quoted attribute values. */
void html_escape(struct buf *out, const char *s, size_t n);

/* Appends one CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF,
 * with quotes doubled. The guard against formulas: a text a spreadsheet would read as
 * a formula, one starting with = + - @, a tab or a carriage return (after any number of
 * '), gets one ' in front, so a spreadsheet shows it as text; a plain number
 * (-?digits[.digits], as keep writes figures, such as -5) is a number, not a formula,
 * and gets none.
 * csv_guard_len finds exactly that one ', so export then import gives back the text. */
void csv_field(struct buf *out, const char *s, size_t n);
/* 1 when the field s[0..n) (as read) starts with the guard csv_field adds: a ' followed
 * by any number of ' and then = + - @, a tab or a carriage return; else 0. An import
 * drops that many bytes from the front. */
size_t csv_guard_len(const char *s, size_t n);

/* Decodes %XX escapes (and '+' as space when plus_is_space) from in[0..n) into out.
 * Refuses a truncated or non-hex escape and a decoded NUL byte, naming the offset. */
int url_decode(struct buf *out, const char *in, size_t n, bool plus_is_space, struct kerr *e);

/* One decoded name=value pair of a query string. */
struct query_param {
	char *name;
	char *value;
};

struct query {
	struct query_param *p;
	size_t n;
};

/* Parses "a=1&b=two%20words" into q (owned by q; free with query_free). At most
 * max_params pairs; more is an error. An empty or NULL string gives no pairs. */
int query_parse(struct query *q, const char *qs, size_t max_params, struct kerr *e);
/* The last value given for name, or NULL. */
const char *query_get(const struct query *q, const char *name);
void query_free(struct query *q);

/* True when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const char *s, size_t n);
/* Appends s[0..n) to out with every ill-formed byte replaced by U+FFFD. */
void utf8_repair(struct buf *out, const char *s, size_t n);

/* True when s is a slug: 1-80 chars of [a-z0-9] in hyphen-separated runs. */
bool slug_valid(const char *s);

#endif
