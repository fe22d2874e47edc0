#include "base/csv.h"

#include "base/buf.h"
#include "base/mem.h"
#include "base/text.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CSV_MAX_FIELDS 1000
#define CSV_MAX_ROW (1024u * 1024)

struct csv_reader {
	const char *data;
	size_t len, pos;
	size_t line, col; /* of pos */
	const char *name;
	int failed;       /* after an error the reader gives nothing more */
	struct buf text;  /* the current row's unquoted field text, fields back to back */
	struct csv_field *f;
	unsigned char *copied; /* by field: 1 when its text is in text, 0 when it is in data */
	size_t cap;
};

/* Bytes an unquoted field's scan stops at: the ends of a field, a quote, NUL and the
 * first byte of every non-ASCII character (checked as UTF-8 one at a time). */
static const unsigned char stop[256] = {
	['\0'] = 1, ['\n'] = 1, ['\r'] = 1, [','] = 1, ['"'] = 1,
#define STOP16(x) [x] = 1, [x + 1] = 1, [x + 2] = 1, [x + 3] = 1, [x + 4] = 1, [x + 5] = 1, [x + 6] = 1, \
		  [x + 7] = 1, [x + 8] = 1, [x + 9] = 1, [x + 10] = 1, [x + 11] = 1, [x + 12] = 1, [x + 13] = 1, \
		  [x + 14] = 1, [x + 15] = 1
	STOP16(0x80), STOP16(0x90), STOP16(0xA0), STOP16(0xB0), STOP16(0xC0), STOP16(0xD0), STOP16(0xE0),
	STOP16(0xF0),
#undef STOP16
};

struct csv_reader *csv_open(const char *data, size_t len, const char *name)
{
	struct csv_reader *r = xcalloc(1, sizeof *r);
	r->data = data;
	r->len = len;
	r->name = name;
	r->line = 1;
	r->col = 1;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		r->pos = 3;
	return r;
}

void csv_close(struct csv_reader *r)
{
	if (!r)
		return;
	buf_free(&r->text);
	free(r->f);
	free(r->copied);
	free(r);
}

size_t csv_offset(const struct csv_reader *r)
{
	return r->pos;
}

static int fail(struct csv_reader *r, struct kerr *e, size_t line, size_t col, const char *what)
{
	r->failed = 1;
	return kerr_set(e, KERR_INVALID, "%s:%zu:%zu: %s", r->name, line, col, what);
}

/* Moves past one character (a whole UTF-8 sequence), keeping line and column. Returns
 * -1 on ill-formed UTF-8. */
static int advance(struct csv_reader *r, struct kerr *e)
{
	unsigned char c = (unsigned char)r->data[r->pos];
	size_t n = 1;
	if (c >= 0x80) {
		n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		if (r->pos + n > r->len || !utf8_valid(r->data + r->pos, n))
			return fail(r, e, r->line, r->col, "the text is not UTF-8 (save the file as UTF-8 CSV)");
	} else if (c == '\0') {
		return fail(r, e, r->line, r->col, "a NUL byte: this is not a text file");
	}
	r->pos += n;
	if (c == '\n') {
		r->line++;
		r->col = 1;
	} else {
		r->col++;
	}
	return 0;
}

/* Adds a field: a quoted one's text is text[start..) (copied, as its quotes are
 * undone), an unquoted one's is data[start..start + n) as it is (borrowed). */
static void add_field(struct csv_reader *r, size_t *nf, bool copied, size_t start, size_t n, size_t line,
                      size_t col)
{
	if (*nf == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->f = xrealloc(r->f, r->cap * sizeof *r->f);
		r->copied = xrealloc(r->copied, r->cap);
	}
	/* A copied field's p is fixed up once the row is complete: text may move as it grows. */
	r->f[*nf].p = copied ? (const char *)(uintptr_t)start : r->data + start;
	r->f[*nf].n = n;
	r->f[*nf].line = line;
	r->f[*nf].column = col;
	r->copied[*nf] = copied;
	(*nf)++;
}

int csv_next(struct csv_reader *r, struct csv_row *row, struct kerr *e)
{
	if (r->failed || r->pos >= r->len)
		return 0;
	buf_reset(&r->text);
	size_t nf = 0;
	size_t unquoted = 0; /* bytes of the row's unquoted fields (not in text) */
	row->line = r->line;
	for (;;) {
		if (nf == CSV_MAX_FIELDS)
			return fail(r, e, r->line, r->col, "more than 1000 fields in one row");
		size_t start = r->text.len, fline = r->line, fcol = r->col;
		if (r->pos < r->len && r->data[r->pos] == '"') {
			if (advance(r, e) < 0)
				return -1;
			for (;;) {
				if (r->pos >= r->len)
					return fail(r, e, fline, fcol, "a quoted field is never closed (a \" is missing)");
				char c = r->data[r->pos];
				if (c == '"') {
					if (r->pos + 1 < r->len && r->data[r->pos + 1] == '"') {
						buf_putc(&r->text, '"');
						r->pos += 2;
						r->col += 2;
						if (r->text.len + unquoted > CSV_MAX_ROW)
							return fail(r, e, row->line, 1, "a row longer than 1 MiB");
						continue;
					}
					if (advance(r, e) < 0)
						return -1;
					break;
				}
				size_t from = r->pos;
				if (advance(r, e) < 0)
					return -1;
				/* CRLF inside quotes is kept as LF, as most readers do. */
				if (!(c == '\r' && r->pos < r->len && r->data[r->pos] == '\n'))
					buf_put(&r->text, r->data + from, r->pos - from);
				if (r->text.len + unquoted > CSV_MAX_ROW)
					return fail(r, e, row->line, 1, "a row longer than 1 MiB");
			}
			if (r->pos < r->len && r->data[r->pos] != ',' && r->data[r->pos] != '\n' &&
			    !(r->data[r->pos] == '\r' && (r->pos + 1 == r->len || r->data[r->pos + 1] == '\n')))
				return fail(r, e, r->line, r->col, "text after a closing quote (a quote inside a quoted field must be doubled)");
			add_field(r, &nf, true, start, r->text.len - start, fline, fcol);
		} else {
			/* Unquoted: the common case. Runs of plain ASCII are skipped through the
			 * table; the text is not copied. */
			size_t from = r->pos;
			for (;;) {
				/* In locals: a store through r would be assumed to change the text. */
				const unsigned char *d = (const unsigned char *)r->data;
				size_t run = r->pos, at = run, len = r->len;
				while (at < len && !stop[d[at]])
					at++;
				r->pos = at;
				r->col += at - run;
				if (r->pos >= r->len)
					break;
				unsigned char c = (unsigned char)r->data[r->pos];
				if (c == ',' || c == '\n')
					break;
				if (c == '\r') {
					if (r->pos + 1 == r->len || r->data[r->pos + 1] == '\n')
						break;
					r->pos++;
					r->col++;
					continue;
				}
				if (c == '"')
					return fail(r, e, r->line, r->col, "a quote inside a field that does not start with one (quote the whole field)");
				if (advance(r, e) < 0) /* NUL, or a character beyond ASCII */
					return -1;
			}
			if (r->text.len + unquoted + (r->pos - from) > CSV_MAX_ROW)
				return fail(r, e, row->line, 1, "a row longer than 1 MiB");
			unquoted += r->pos - from;
			add_field(r, &nf, false, from, r->pos - from, fline, fcol);
		}
		if (r->pos >= r->len)
			break;
		char c = r->data[r->pos];
		if (c == ',') {
			r->pos++;
			r->col++;
			/* At the end of the text the loop adds the empty last field (and checks
			 * the limit on fields first). */
			continue;
		}
		if (c == '\r')
			r->pos++;
		if (r->pos < r->len && r->data[r->pos] == '\n') {
			r->pos++;
			r->line++;
			r->col = 1;
		}
		break;
	}
	for (size_t i = 0; i < nf; i++)
		if (r->copied[i])
			r->f[i].p = buf_str(&r->text) + (uintptr_t)r->f[i].p;
	row->n = nf;
	row->f = r->f;
	return 1;
}
