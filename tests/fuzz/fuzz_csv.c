/* libFuzzer target for the CSV reader (src/base/csv.c).
 *
 * The input is any bytes: a file someone uploads as CSV. Every row is read, and these
 * must hold (abort() otherwise):
 *   - csv_next gives 1, 0 or -1; a row has 1 to 1000 fields and at most 1 MiB of text;
 *   - every field's line and column are >= 1, a row's line is its first field's, fields
 *     within a row come in order of (line, column), and lines never go back from row
 *     to row;
 *   - every field's text is valid UTF-8 (utf8_valid) with no NUL byte;
 *   - there are at most as many rows as '\n' bytes in the input, plus one;
 *   - csv_offset never goes back, stays <= size, and is size once csv_next gives 0;
 *   - an error message is "fuzz.csv:LINE:COLUMN: ..." with LINE and COLUMN >= 1, and a
 *     call after an error does not crash (what it gives is checked by the unit tests).
 * Then, when the whole input read without an error, every row without a field starting
 * with = + - @ (csv_field would prefix those with ') is written back with csv_field,
 * fields joined by ',' and rows ended by '\n', and read again: it must give the same
 * rows, field for field. Two things are not the reader's to keep and are allowed for:
 *   - a field may hold CR LF (from CR CR LF inside quotes); csv_field writes it inside
 *     quotes, where the reader turns CR LF into LF, so the field comes back with each
 *     CR that is followed by LF removed;
 *   - a first field starting with U+FEFF would be taken for a byte-order mark, so the
 *     written text starts with a BOM whenever the input did or that field does. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/csv.h"
#include "base/kerr.h"
#include "base/mem.h"
#include "base/text.h"

#define NAME "fuzz.csv"
#define MAX_FIELDS 1000
#define MAX_ROW (1024u * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what)
{
	fprintf(stderr, "fuzz_csv: %s\n", what);
	abort();
}

/* The rows expected back from the round trip: field texts back to back in text, each
 * field's length in len, each row's number of fields in per_row. */
struct expected {
	struct buf text;
	size_t *len, nlen, caplen;
	size_t *per_row, nrows, caprows;
};

static void push(size_t **a, size_t *n, size_t *cap, size_t v)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*a = xrealloc(*a, *cap * sizeof **a);
	}
	(*a)[(*n)++] = v;
}

static void expected_free(struct expected *x)
{
	buf_free(&x->text);
	free(x->len);
	free(x->per_row);
}

/* The checks every row must pass, whether or not the file reads to the end. */
static void check_row(const struct csv_row *row)
{
	if (row->n < 1 || row->n > MAX_FIELDS)
		die("a row has no fields or more than 1000");
	if (!row->f)
		die("a row has no field array");
	if (row->line < 1)
		die("a row's line is 0");
	if (row->f[0].line != row->line)
		die("a row's line is not its first field's");
	size_t total = 0;
	for (size_t i = 0; i < row->n; i++) {
		const struct csv_field *f = &row->f[i];
		if (f->line < 1 || f->column < 1)
			die("a field's line or column is 0");
		if (i > 0) {
			const struct csv_field *p = &row->f[i - 1];
			if (f->line < p->line || (f->line == p->line && f->column <= p->column))
				die("fields within a row are out of order");
		}
		if (f->n && !f->p)
			die("a field has text but no pointer");
		if (f->n && memchr(f->p, '\0', f->n))
			die("a field holds a NUL byte");
		if (!utf8_valid(f->p, f->n))
			die("a field is not valid UTF-8");
		total += f->n;
	}
	if (total > MAX_ROW)
		die("a row holds more than 1 MiB of text");
}

static void check_message(const struct kerr *e, size_t newlines)
{
	size_t line = 0, col = 0;
	int used = 0;
	if (sscanf(e->msg, NAME ":%zu:%zu: %n", &line, &col, &used) != 2 || used == 0)
		die("an error message is not NAME:LINE:COLUMN: ...");
	if (line < 1 || col < 1)
		die("an error message names line or column 0");
	if (line > newlines + 1)
		die("an error message names a line past the end");
	if (e->msg[used] == '\0')
		die("an error message says nothing after the position");
}

/* Appends f's text as the reader will give it back after csv_field: every CR that is
 * followed by LF dropped. */
static void put_expected(struct buf *out, const struct csv_field *f)
{
	for (size_t i = 0; i < f->n; i++)
		if (!(f->p[i] == '\r' && i + 1 < f->n && f->p[i + 1] == '\n'))
			buf_putc(out, f->p[i]);
}

static void round_trip(const struct buf *enc, const struct expected *x)
{
	struct csv_reader *r = csv_open(enc->p ? enc->p : "", enc->len, NAME);
	struct csv_row row;
	struct kerr e = {0};
	size_t at = 0, field = 0;
	for (size_t k = 0; k < x->nrows; k++) {
		int rc = csv_next(r, &row, &e);
		if (rc != 1) {
			fprintf(stderr, "fuzz_csv: row %zu of the written text: %d (%s)\n", k, rc,
			        rc < 0 ? e.msg : "end");
			die("the written text does not read back");
		}
		check_row(&row);
		if (row.n != x->per_row[k])
			die("a row read back has a different number of fields");
		for (size_t i = 0; i < row.n; i++, field++) {
			/* What an import takes: the field less the one guard csv_field adds. */
			size_t n = x->len[field], g = csv_guard_len(row.f[i].p, row.f[i].n);
			if (row.f[i].n - g != n || (n && memcmp(row.f[i].p + g, x->text.p + at, n) != 0))
				die("a field read back differs");
			at += n;
		}
	}
	if (csv_next(r, &row, &e) != 0)
		die("the written text reads back with more rows");
	if (csv_offset(r) != enc->len)
		die("csv_offset is not the written text's length at its end");
	csv_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	size_t newlines = 0;
	for (size_t i = 0; i < size; i++)
		newlines += in[i] == '\n';
	bool bom = size >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0;

	struct csv_reader *r = csv_open(in, size, NAME);
	if (!r)
		die("csv_open gave NULL");
	struct csv_row row;
	struct kerr e = {0};
	struct buf rows_enc = {0};
	struct expected x = {0};
	size_t nrows = 0, last_line = 0, off = csv_offset(r);
	if (off > size)
		die("csv_offset starts past the end");
	int rc;
	while ((rc = csv_next(r, &row, &e)) == 1) {
		check_row(&row);
		if (++nrows > newlines + 1)
			die("more rows than newlines + 1");
		if (row.line < last_line)
			die("a row starts on a line before the last row's");
		last_line = row.line;
		for (size_t i = 0; i < row.n; i++)
			if (row.f[i].line < last_line)
				die("a field is on a line before its row's");
		size_t now = csv_offset(r);
		if (now < off || now > size)
			die("csv_offset went back or past the end");
		off = now;

		if (x.nrows == 0 && row.f[0].n >= 3 && memcmp(row.f[0].p, "\xEF\xBB\xBF", 3) == 0)
			bom = true;
		for (size_t i = 0; i < row.n; i++) {
			if (i)
				buf_putc(&rows_enc, ',');
			csv_field(&rows_enc, row.f[i].p, row.f[i].n);
			size_t before = x.text.len;
			put_expected(&x.text, &row.f[i]);
			push(&x.len, &x.nlen, &x.caplen, x.text.len - before);
		}
		buf_putc(&rows_enc, '\n');
		push(&x.per_row, &x.nrows, &x.caprows, row.n);
	}
	if (rc == 0) {
		if (csv_offset(r) != size)
			die("csv_offset is not size at the end");
		if (csv_next(r, &row, &e) != 0)
			die("csv_next after the end did not give 0 again");
	} else if (rc == -1) {
		check_message(&e, newlines);
		if (csv_offset(r) > size)
			die("csv_offset past the end after an error");
		/* Called again: no crash, and anything it gives is still well-formed. */
		for (int k = 0; k < 2; k++) {
			struct kerr e2 = {0};
			int again = csv_next(r, &row, &e2);
			if (again == 1)
				check_row(&row);
			else if (again == -1)
				check_message(&e2, newlines);
			else if (again != 0)
				die("csv_next after an error gave neither 1, 0 nor -1");
			if (csv_offset(r) > size)
				die("csv_offset past the end after an error");
		}
	} else {
		die("csv_next gave neither 1, 0 nor -1");
	}
	csv_close(r);

	if (rc == 0 && x.nrows > 0) {
		struct buf enc = {0};
		if (bom)
			buf_put(&enc, "\xEF\xBB\xBF", 3);
		buf_put(&enc, rows_enc.p, rows_enc.len);
		round_trip(&enc, &x);
		buf_free(&enc);
	}
	buf_free(&rows_enc);
	expected_free(&x);
	return 0;
}
