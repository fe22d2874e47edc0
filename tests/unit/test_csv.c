/* Unit tests for src/base/csv.c: the one CSV reader. Every test states the exact fields,
 * the line each row starts on and the line:column of each field, or the exact error
 * message a user would read ("NAME:LINE:COLUMN: what is wrong").
 *
 * Each input is copied into a buffer of exactly its length (no NUL after it), so that
 * AddressSanitizer catches a read past the end. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/csv.h"
#include "base/kerr.h"

#define MIB (1024u * 1024)

/* A string literal and its length (literals below may hold NUL bytes). */
#define S(lit) lit, sizeof(lit) - 1

/* ---- helpers ---- */

struct want_field {
	const char *text; /* NUL-terminated: a field never holds a NUL */
	size_t line, column;
};

struct want_row {
	size_t line;
	size_t n;
	struct want_field f[8];
};

/* An array of expected rows and its length. */
#define ROWS(...)                                                                                            \
	(const struct want_row[]){__VA_ARGS__},                                                              \
	    sizeof((const struct want_row[]){__VA_ARGS__}) / sizeof(struct want_row)

/* in[0..n) with control and non-ASCII bytes shown as \xNN, for failure messages. */
static const char *show(const char *in, size_t n)
{
	static char out[4][160];
	static int which;
	char *o = out[which++ % 4];
	size_t k = 0;
	for (size_t i = 0; i < n && k + 8 < sizeof out[0]; i++) {
		unsigned char c = (unsigned char)in[i];
		if (c >= 0x20 && c < 0x7F && c != '\\')
			o[k++] = (char)c;
		else
			k += (size_t)snprintf(o + k, sizeof out[0] - k, "\\x%02X", c);
	}
	if (k + 8 >= sizeof out[0])
		k += (size_t)snprintf(o + k, sizeof out[0] - k, "...");
	o[k] = '\0';
	return o;
}

/* A copy of in[0..n) in a block of exactly n bytes (one byte when n is 0). */
static char *exact_copy(const char *in, size_t n)
{
	char *p = malloc(n ? n : 1);
	assert_non_null(p);
	if (n)
		memcpy(p, in, n);
	return p;
}

static void expect_row(const char *in, size_t len, size_t i, const struct csv_row *row,
                       const struct want_row *w)
{
	if (row->line != w->line)
		fail_msg("[%s] row %zu: line %zu, want %zu", show(in, len), i, row->line, w->line);
	if (row->n != w->n)
		fail_msg("[%s] row %zu: %zu fields, want %zu", show(in, len), i, row->n, w->n);
	for (size_t j = 0; j < w->n; j++) {
		const struct csv_field *f = &row->f[j];
		const struct want_field *wf = &w->f[j];
		size_t wn = strlen(wf->text);
		if (f->n != wn || (wn && memcmp(f->p, wf->text, wn) != 0))
			fail_msg("[%s] row %zu field %zu: text [%s], want [%s]", show(in, len), i, j,
			         show(f->p, f->n), show(wf->text, wn));
		if (f->line != wf->line || f->column != wf->column)
			fail_msg("[%s] row %zu field %zu: at %zu:%zu, want %zu:%zu", show(in, len), i, j,
			         f->line, f->column, wf->line, wf->column);
	}
}

/* Reads in[0..len) and expects exactly the rows want[0..nwant), then the end (0, twice),
 * with csv_offset never going back and ending at len. */
static void check_rows(const char *in, size_t len, const struct want_row *want, size_t nwant)
{
	char *data = exact_copy(in, len);
	struct csv_reader *r = csv_open(data, len, "t.csv");
	assert_non_null(r);
	struct csv_row row;
	struct kerr e = {0};
	size_t off = csv_offset(r);
	assert_true(off <= len);
	for (size_t i = 0; i < nwant; i++) {
		int rc = csv_next(r, &row, &e);
		if (rc != 1)
			fail_msg("[%s] row %zu: csv_next gave %d (%s), want 1", show(in, len), i, rc, e.msg);
		expect_row(in, len, i, &row, &want[i]);
		size_t now = csv_offset(r);
		if (now < off || now > len)
			fail_msg("[%s] row %zu: csv_offset went from %zu to %zu (len %zu)", show(in, len), i,
			         off, now, len);
		off = now;
	}
	for (int k = 0; k < 2; k++) {
		int rc = csv_next(r, &row, &e);
		if (rc != 0)
			fail_msg("[%s] after %zu rows: csv_next gave %d (%s), want 0", show(in, len), nwant,
			         rc, rc < 0 ? e.msg : "a row");
		if (csv_offset(r) != len)
			fail_msg("[%s] at the end: csv_offset %zu, want %zu", show(in, len), csv_offset(r),
			         len);
	}
	csv_close(r);
	free(data);
}

/* Reads in[0..len) as name, expects ok_rows rows, then the error msg. Calls again twice
 * afterwards: whatever comes back, it must not crash (ASan/UBSan would say). */
static void check_error_named(const char *in, size_t len, const char *name, size_t ok_rows, const char *msg)
{
	char *data = exact_copy(in, len);
	struct csv_reader *r = csv_open(data, len, name);
	assert_non_null(r);
	struct csv_row row;
	struct kerr e = {0};
	for (size_t i = 0; i < ok_rows; i++) {
		int rc = csv_next(r, &row, &e);
		if (rc != 1)
			fail_msg("[%s] row %zu: csv_next gave %d (%s), want 1", show(in, len), i, rc, e.msg);
	}
	int rc = csv_next(r, &row, &e);
	bool past_end = false;
	if (rc == -1) {
		for (int k = 0; k < 2; k++) {
			struct kerr e2 = {0};
			(void)csv_next(r, &row, &e2);
			past_end |= csv_offset(r) > len;
		}
	}
	/* Freed before any failure, so that a failing test does not also report leaks. */
	csv_close(r);
	free(data);
	if (rc != -1)
		fail_msg("[%s] csv_next gave %d, want -1 with \"%s\"", show(in, len), rc, msg);
	assert_int_equal(e.code, KERR_INVALID);
	if (strcmp(e.msg, msg) != 0)
		fail_msg("[%s] message \"%s\", want \"%s\"", show(in, len), e.msg, msg);
	assert_false(past_end);
}

static void check_error(const char *in, size_t len, size_t ok_rows, const char *msg)
{
	check_error_named(in, len, "t.csv", ok_rows, msg);
}

/* Messages, exactly as csv.c words them. */
#define NOT_UTF8 "the text is not UTF-8 (save the file as UTF-8 CSV)"
#define NUL_BYTE "a NUL byte: this is not a text file"
#define QUOTE_INSIDE "a quote inside a field that does not start with one (quote the whole field)"
#define AFTER_QUOTE "text after a closing quote (a quote inside a quoted field must be doubled)"
#define UNCLOSED "a quoted field is never closed (a \" is missing)"
#define TOO_MANY "more than 1000 fields in one row"
#define TOO_LONG "a row longer than 1 MiB"

/* ---- rows that read ---- */

static void test_simple_header_and_rows(void **state)
{
	(void)state;
	check_rows(S("id,name,date\n1,Alice,2024-01-01\n22,Bob,2024-02-02\n"),
	           ROWS({1, 3, {{"id", 1, 1}, {"name", 1, 4}, {"date", 1, 9}}},
	                {2, 3, {{"1", 2, 1}, {"Alice", 2, 3}, {"2024-01-01", 2, 9}}},
	                {3, 3, {{"22", 3, 1}, {"Bob", 3, 4}, {"2024-02-02", 3, 8}}}));
	/* One field, one row. */
	check_rows(S("x\n"), ROWS({1, 1, {{"x", 1, 1}}}));
	/* Ragged rows are the caller's business: the reader gives what is there. */
	check_rows(S("a,b,c\n1\n1,2,3,4\n"),
	           ROWS({1, 3, {{"a", 1, 1}, {"b", 1, 3}, {"c", 1, 5}}}, {2, 1, {{"1", 2, 1}}},
	                {3, 4, {{"1", 3, 1}, {"2", 3, 3}, {"3", 3, 5}, {"4", 3, 7}}}));
	/* Spaces are text, kept as they are. */
	check_rows(S(" a , b \n"), ROWS({1, 2, {{" a ", 1, 1}, {" b ", 1, 5}}}));
}

static void test_line_ends(void **state)
{
	(void)state;
	/* LF */
	check_rows(S("a,b\nc,d\n"),
	           ROWS({1, 2, {{"a", 1, 1}, {"b", 1, 3}}}, {2, 2, {{"c", 2, 1}, {"d", 2, 3}}}));
	/* CRLF: the CR is not part of the last field. */
	check_rows(S("a,b\r\nc,d\r\n"),
	           ROWS({1, 2, {{"a", 1, 1}, {"b", 1, 3}}}, {2, 2, {{"c", 2, 1}, {"d", 2, 3}}}));
	/* Mixed in one file. */
	check_rows(S("a,b\r\nc,d\ne,f\r\ng\n"),
	           ROWS({1, 2, {{"a", 1, 1}, {"b", 1, 3}}}, {2, 2, {{"c", 2, 1}, {"d", 2, 3}}},
	                {3, 2, {{"e", 3, 1}, {"f", 3, 3}}}, {4, 1, {{"g", 4, 1}}}));
	/* A quoted last field before CRLF. */
	check_rows(S("\"a\",\"b\"\r\n\"c\"\r\n"),
	           ROWS({1, 2, {{"a", 1, 1}, {"b", 1, 5}}}, {2, 1, {{"c", 2, 1}}}));
}

static void test_last_line_with_and_without_newline(void **state)
{
	(void)state;
	check_rows(S("a,b\nc,d\n"),
	           ROWS({1, 2, {{"a", 1, 1}, {"b", 1, 3}}}, {2, 2, {{"c", 2, 1}, {"d", 2, 3}}}));
	check_rows(S("a,b\nc,d"),
	           ROWS({1, 2, {{"a", 1, 1}, {"b", 1, 3}}}, {2, 2, {{"c", 2, 1}, {"d", 2, 3}}}));
	check_rows(S("a,b\r\nc,d"),
	           ROWS({1, 2, {{"a", 1, 1}, {"b", 1, 3}}}, {2, 2, {{"c", 2, 1}, {"d", 2, 3}}}));
	/* A quoted last field with no newline after it. */
	check_rows(S("a\n\"c,d\""), ROWS({1, 1, {{"a", 1, 1}}}, {2, 1, {{"c,d", 2, 1}}}));
	/* A file cut after the CR of a CRLF still ends the row cleanly. */
	check_rows(S("a,b\r"), ROWS({1, 2, {{"a", 1, 1}, {"b", 1, 3}}}));
	check_rows(S("\"a\"\r"), ROWS({1, 1, {{"a", 1, 1}}}));
	/* One line, no newline. */
	check_rows(S("only"), ROWS({1, 1, {{"only", 1, 1}}}));
}

static void test_bom(void **state)
{
	(void)state;
	/* Skipped, and columns on line 1 still start at 1. */
	check_rows(S("\xEF\xBB\xBFid,name\n1,x\n"),
	           ROWS({1, 2, {{"id", 1, 1}, {"name", 1, 4}}}, {2, 2, {{"1", 2, 1}, {"x", 2, 3}}}));
	check_rows(S("\xEF\xBB\xBF\"q\",b\r\n"), ROWS({1, 2, {{"q", 1, 1}, {"b", 1, 5}}}));
	/* A BOM alone is an empty file. */
	check_rows(S("\xEF\xBB\xBF"), NULL, 0);
	/* Only the first one is a BOM: one later on is text (U+FEFF). */
	check_rows(S("\xEF\xBB\xBF\xEF\xBB\xBF"
	             "a\n"),
	           ROWS({1,
	                 1,
	                 {{"\xEF\xBB\xBF"
	                   "a",
	                   1, 1}}}));
	check_rows(S("a,\xEF\xBB\xBF\n"), ROWS({1, 2, {{"a", 1, 1}, {"\xEF\xBB\xBF", 1, 3}}}));
}

static void test_quoted_fields(void **state)
{
	(void)state;
	/* Commas. */
	check_rows(S("\"a,b\",c\n"), ROWS({1, 2, {{"a,b", 1, 1}, {"c", 1, 7}}}));
	/* Doubled quotes: each pair is one quote, and two columns. */
	check_rows(S("\"say \"\"hi\"\"\",x\n"), ROWS({1, 2, {{"say \"hi\"", 1, 1}, {"x", 1, 14}}}));
	check_rows(S("\"\"\"\"\n"), ROWS({1, 1, {{"\"", 1, 1}}}));
	check_rows(S("\"\"\"\"\"\",\"a\"\"\"\n"), ROWS({1, 2, {{"\"\"", 1, 1}, {"a\"", 1, 8}}}));
	/* LF inside: the row starts on line 1, the next field is on line 2. */
	check_rows(S("\"line1\nline2\",x\nnext\n"),
	           ROWS({1, 2, {{"line1\nline2", 1, 1}, {"x", 2, 8}}}, {3, 1, {{"next", 3, 1}}}));
	/* CRLF inside becomes LF. */
	check_rows(S("\"l1\r\nl2\",x\r\ny\r\n"),
	           ROWS({1, 2, {{"l1\nl2", 1, 1}, {"x", 2, 5}}}, {3, 1, {{"y", 3, 1}}}));
	/* Several breaks, both kinds, and a CR alone (kept). */
	check_rows(S("h\n\"a\r\n\nb\rc\n\",z\n"),
	           ROWS({1, 1, {{"h", 1, 1}}}, {2, 2, {{"a\n\nb\rc\n", 2, 1}, {"z", 5, 3}}}));
	/* A quoted field may be anywhere in the row. */
	check_rows(S("a,\"b\",c\n"), ROWS({1, 3, {{"a", 1, 1}, {"b", 1, 3}, {"c", 1, 7}}}));
	/* Quoted text may hold anything but an undoubled quote. */
	check_rows(S("\"  x;y\t\"\n"), ROWS({1, 1, {{"  x;y\t", 1, 1}}}));
}

static void test_empty_fields(void **state)
{
	(void)state;
	check_rows(S(",,\n"), ROWS({1, 3, {{"", 1, 1}, {"", 1, 2}, {"", 1, 3}}}));
	check_rows(S("a,,b\n"), ROWS({1, 3, {{"a", 1, 1}, {"", 1, 3}, {"b", 1, 4}}}));
	/* A trailing comma: an empty last field, with LF, CRLF and at the very end. */
	check_rows(S("a,b,\n"), ROWS({1, 3, {{"a", 1, 1}, {"b", 1, 3}, {"", 1, 5}}}));
	check_rows(S("a,b,\r\n"), ROWS({1, 3, {{"a", 1, 1}, {"b", 1, 3}, {"", 1, 5}}}));
	check_rows(S("a,b,"), ROWS({1, 3, {{"a", 1, 1}, {"b", 1, 3}, {"", 1, 5}}}));
	check_rows(S(","), ROWS({1, 2, {{"", 1, 1}, {"", 1, 2}}}));
	/* A quoted empty "". */
	check_rows(S("\"\",x\n"), ROWS({1, 2, {{"", 1, 1}, {"x", 1, 4}}}));
	check_rows(S("x,\"\"\n"), ROWS({1, 2, {{"x", 1, 1}, {"", 1, 3}}}));
	check_rows(S("x,\"\""), ROWS({1, 2, {{"x", 1, 1}, {"", 1, 3}}}));
	check_rows(S("\"\"\n"), ROWS({1, 1, {{"", 1, 1}}}));
}

static void test_blank_lines(void **state)
{
	(void)state;
	/* A blank line is a row of one empty field. */
	check_rows(S("a\n\nb\n"), ROWS({1, 1, {{"a", 1, 1}}}, {2, 1, {{"", 2, 1}}}, {3, 1, {{"b", 3, 1}}}));
	check_rows(S("a\r\n\r\nb\r\n"),
	           ROWS({1, 1, {{"a", 1, 1}}}, {2, 1, {{"", 2, 1}}}, {3, 1, {{"b", 3, 1}}}));
	check_rows(S("\n"), ROWS({1, 1, {{"", 1, 1}}}));
	check_rows(S("\n\n"), ROWS({1, 1, {{"", 1, 1}}}, {2, 1, {{"", 2, 1}}}));
	/* A final newline does not add a blank row; a second one does. */
	check_rows(S("a\n\n"), ROWS({1, 1, {{"a", 1, 1}}}, {2, 1, {{"", 2, 1}}}));
}

static void test_lone_cr_in_unquoted_field(void **state)
{
	(void)state;
	/* A CR not followed by LF is text, and counts as a column. */
	check_rows(S("a\rb,c\n"), ROWS({1, 2, {{"a\rb", 1, 1}, {"c", 1, 5}}}));
	check_rows(S("\r,x\n"), ROWS({1, 2, {{"\r", 1, 1}, {"x", 1, 3}}}));
	/* The last CR before LF ends the line; one before it is kept. */
	check_rows(S("a\r\r\nb\n"), ROWS({1, 1, {{"a\r", 1, 1}}}, {2, 1, {{"b", 2, 1}}}));
	check_rows(S("a\r\rb"), ROWS({1, 1, {{"a\r\rb", 1, 1}}}));
}

static void test_columns_count_characters(void **state)
{
	(void)state;
	/* e-acute (2 bytes), u-umlaut (2) + euro (3), an emoji (4). */
	check_rows(S("\xC3\xA9,\xC3\xBC\xE2\x82\xAC,\xF0\x9F\x98\x80,x\n"),
	           ROWS({1,
	                 4,
	                 {{"\xC3\xA9", 1, 1},
	                  {"\xC3\xBC\xE2\x82\xAC", 1, 3},
	                  {"\xF0\x9F\x98\x80", 1, 6},
	                  {"x", 1, 8}}}));
	/* Inside quotes too, and across a line break in quotes. */
	check_rows(S("\"\xE2\x82\xAC\xE2\x82\xAC\",y\n\"\xC3\xA9\n\xC3\xA9\",z\n"),
	           ROWS({1, 2, {{"\xE2\x82\xAC\xE2\x82\xAC", 1, 1}, {"y", 1, 6}}},
	                {2, 2, {{"\xC3\xA9\n\xC3\xA9", 2, 1}, {"z", 3, 4}}}));
	/* Characters at the very end of the text. */
	check_rows(S("a,\xF0\x9F\x98\x80"), ROWS({1, 2, {{"a", 1, 1}, {"\xF0\x9F\x98\x80", 1, 3}}}));
	/* The largest code point and the last before the surrogates are fine. */
	check_rows(S("\xF4\x8F\xBF\xBF,\xED\x9F\xBF,z"),
	           ROWS({1, 3, {{"\xF4\x8F\xBF\xBF", 1, 1}, {"\xED\x9F\xBF", 1, 3}, {"z", 1, 5}}}));
}

static void test_offset_progresses(void **state)
{
	(void)state;
	const char in[] = "ab,c\nd\r\n\"e\nf\"\n";
	size_t len = sizeof in - 1;
	char *data = exact_copy(in, len);
	struct csv_reader *r = csv_open(data, len, "t.csv");
	struct csv_row row;
	struct kerr e = {0};
	assert_int_equal(csv_offset(r), 0);
	assert_int_equal(csv_next(r, &row, &e), 1);
	assert_int_equal(csv_offset(r), 5);
	assert_int_equal(csv_next(r, &row, &e), 1);
	assert_int_equal(csv_offset(r), 8);
	assert_int_equal(csv_next(r, &row, &e), 1);
	assert_int_equal(csv_offset(r), len);
	assert_int_equal(csv_next(r, &row, &e), 0);
	assert_int_equal(csv_offset(r), len);
	csv_close(r);
	free(data);

	/* With a BOM and no final newline: still ends exactly at len. */
	check_rows(S("\xEF\xBB\xBF"
	             "a\nb"),
	           ROWS({1, 1, {{"a", 1, 1}}}, {2, 1, {{"b", 2, 1}}}));
}

static void test_empty_input(void **state)
{
	(void)state;
	char *data = exact_copy("", 0);
	struct csv_reader *r = csv_open(data, 0, "empty.csv");
	struct csv_row row;
	struct kerr e = {0};
	assert_int_equal(csv_offset(r), 0);
	assert_int_equal(csv_next(r, &row, &e), 0);
	assert_int_equal(csv_next(r, &row, &e), 0);
	assert_int_equal(csv_offset(r), 0);
	csv_close(r);
	free(data);
}

/* Field text moves while a row is read (the buffer grows); every pointer handed back
 * must be right once the row is complete, and stay right until the next csv_next. */
static void test_field_pointers_after_growth(void **state)
{
	(void)state;
	enum { NF = 300 };
	struct buf in = {0};
	for (int row = 0; row < 2; row++) {
		for (int i = 0; i < NF; i++) {
			if (i)
				buf_putc(&in, ',');
			if (i % 3 == 0)
				buf_printf(&in, "\"r%d,f%d\"\"%0*d\"", row, i, 200, i);
			else if (i % 3 == 1)
				buf_printf(&in, "r%d-f%d-%0*d", row, i, 300, i);
			/* else empty */
		}
		buf_puts(&in, "\n");
	}
	char *data = exact_copy(in.p, in.len);
	struct csv_reader *r = csv_open(data, in.len, "big.csv");
	struct csv_row row;
	struct kerr e = {0};
	struct buf want = {0};
	for (int rn = 0; rn < 2; rn++) {
		assert_int_equal(csv_next(r, &row, &e), 1);
		assert_int_equal(row.line, (size_t)rn + 1);
		assert_int_equal(row.n, NF);
		size_t col = 1;
		for (int i = 0; i < NF; i++) {
			buf_reset(&want);
			size_t raw;
			if (i % 3 == 0) {
				buf_printf(&want, "r%d,f%d\"%0*d", rn, i, 200, i);
				raw = want.len + 3; /* the quotes, and the doubled one */
			} else if (i % 3 == 1) {
				buf_printf(&want, "r%d-f%d-%0*d", rn, i, 300, i);
				raw = want.len;
			} else {
				raw = 0;
			}
			assert_int_equal(row.f[i].n, want.len);
			if (want.len)
				assert_memory_equal(row.f[i].p, want.p, want.len);
			assert_int_equal(row.f[i].line, (size_t)rn + 1);
			assert_int_equal(row.f[i].column, col);
			col += raw + 1;
		}
	}
	assert_int_equal(csv_next(r, &row, &e), 0);
	assert_int_equal(csv_offset(r), in.len);
	csv_close(r);
	free(data);
	buf_free(&want);
	buf_free(&in);
}

static void test_limits_reached_exactly(void **state)
{
	(void)state;
	/* 1000 fields is allowed, on any line. */
	struct buf in = {0};
	buf_puts(&in, "h\n");
	for (int i = 0; i < 1000; i++)
		buf_puts(&in, i ? ",x" : "x");
	buf_puts(&in, "\n");
	char *data = exact_copy(in.p, in.len);
	struct csv_reader *r = csv_open(data, in.len, "t.csv");
	struct csv_row row;
	struct kerr e = {0};
	assert_int_equal(csv_next(r, &row, &e), 1);
	assert_int_equal(csv_next(r, &row, &e), 1);
	assert_int_equal(row.n, 1000);
	assert_int_equal(row.line, 2);
	assert_int_equal(row.f[999].column, 1999);
	assert_int_equal(csv_next(r, &row, &e), 0);
	csv_close(r);
	free(data);

	/* 999 commas at the very end: 1000 empty fields. */
	buf_reset(&in);
	for (int i = 0; i < 999; i++)
		buf_putc(&in, ',');
	data = exact_copy(in.p, in.len);
	r = csv_open(data, in.len, "t.csv");
	assert_int_equal(csv_next(r, &row, &e), 1);
	assert_int_equal(row.n, 1000);
	assert_int_equal(row.f[999].column, 1000);
	assert_int_equal(row.f[999].n, 0);
	assert_int_equal(csv_next(r, &row, &e), 0);
	csv_close(r);
	free(data);

	/* A row of exactly 1 MiB of text is allowed, quoted or not. */
	for (int quoted = 0; quoted < 2; quoted++) {
		buf_reset(&in);
		if (quoted)
			buf_putc(&in, '"');
		for (size_t i = 0; i < MIB; i++)
			buf_putc(&in, 'a');
		buf_puts(&in, quoted ? "\"\nb\n" : "\nb\n");
		data = exact_copy(in.p, in.len);
		r = csv_open(data, in.len, "t.csv");
		assert_int_equal(csv_next(r, &row, &e), 1);
		assert_int_equal(row.n, 1);
		assert_int_equal(row.f[0].n, MIB);
		assert_int_equal(csv_next(r, &row, &e), 1);
		assert_int_equal(row.line, 2);
		assert_int_equal(csv_next(r, &row, &e), 0);
		csv_close(r);
		free(data);
	}
	buf_free(&in);
}

/* Unquoted fields are given from the text as it is and quoted ones from a copy: rows that
 * mix them, with characters beyond ASCII and a lone CR inside plain runs, keep each
 * field's text and column; and the 1 MiB limit counts both kinds together. */
static void test_mixed_fields_and_limit(void **state)
{
	(void)state;
	static const char in[] = "ab\xC3\xA9" "cd,\"q,\"\"x\",plain\rtail,\"\",\xE2\x82\xAC\n";
	const struct want_row want[] = {
	    {1, 5, {{"ab\xC3\xA9" "cd", 1, 1}, {"q,\"x", 1, 7}, {"plain\rtail", 1, 15}, {"", 1, 26}, {"\xE2\x82\xAC", 1, 29}}},
	};
	check_rows(in, sizeof in - 1, want, 1);

	struct buf big = {0};
	for (int over = 0; over < 2; over++) {
		/* Half a MiB unquoted, then half a MiB (+ 1 byte when over) quoted. */
		buf_reset(&big);
		for (size_t i = 0; i < MIB / 2; i++)
			buf_putc(&big, 'a');
		buf_puts(&big, ",\"");
		for (size_t i = 0; i < MIB / 2 + (size_t)over; i++)
			buf_putc(&big, 'b');
		buf_puts(&big, "\"\n");
		char *data = exact_copy(big.p, big.len);
		struct csv_reader *r = csv_open(data, big.len, "t.csv");
		struct csv_row row;
		struct kerr e = {0};
		int rc = csv_next(r, &row, &e);
		if (over) {
			assert_int_equal(rc, -1);
			assert_string_equal(e.msg, "t.csv:1:1: " TOO_LONG);
		} else {
			assert_int_equal(rc, 1);
			assert_int_equal(row.n, 2);
			assert_int_equal(row.f[0].n, MIB / 2);
			assert_int_equal(row.f[1].n, MIB / 2);
			assert_int_equal(row.f[0].p[0], 'a');
			assert_int_equal(row.f[1].p[MIB / 2 - 1], 'b');
		}
		csv_close(r);
		free(data);
	}
	buf_free(&big);
}

/* ---- errors ---- */

/* The large input of the running test, freed by teardown when the test fails before it
 * could free it itself (so that a failure is not also reported as a leak). */
static struct buf *big_input;

static int free_big_input(void **state)
{
	(void)state;
	if (big_input)
		buf_free(big_input);
	big_input = NULL;
	return 0;
}

static void test_error_not_utf8(void **state)
{
	(void)state;
	/* Latin-1 e-acute, in an unquoted and a quoted field. */
	check_error(S("name\ncaf\xE9,x\n"), 1, "t.csv:2:4: " NOT_UTF8);
	check_error(S("\"caf\xE9\"\n"), 0, "t.csv:1:5: " NOT_UTF8);
	check_error(S("\xE9t\xE9\n"), 0, "t.csv:1:1: " NOT_UTF8);
	/* Overlongs: '/' in two and three bytes, NUL in two. */
	check_error(S("a,\xC0\xAF\n"), 0, "t.csv:1:3: " NOT_UTF8);
	check_error(S("a,\xE0\x80\xAF\n"), 0, "t.csv:1:3: " NOT_UTF8);
	check_error(S("\"\xC3\xA9\xC0\x80\"\n"), 0, "t.csv:1:3: " NOT_UTF8);
	/* A surrogate, a code point past U+10FFFF, a lone continuation byte, 0xFF. */
	check_error(S("\xED\xA0\x80"), 0, "t.csv:1:1: " NOT_UTF8);
	check_error(S("x\xF4\x90\x80\x80"), 0, "t.csv:1:2: " NOT_UTF8);
	check_error(S("ab\x80"
	              "cd"),
	            0, "t.csv:1:3: " NOT_UTF8);
	check_error(S("\xFF"), 0, "t.csv:1:1: " NOT_UTF8);
	/* A sequence cut short by the end of the text. */
	check_error(S("ok,\xE2\x82"), 0, "t.csv:1:4: " NOT_UTF8);
	check_error(S("ok\n\xF0\x9F\x98"), 1, "t.csv:2:1: " NOT_UTF8);
	check_error(S("\"\xC3"), 0, "t.csv:1:2: " NOT_UTF8);
	/* A sequence cut short by the next character. */
	check_error(S("\xE2\x82,x\n"), 0, "t.csv:1:1: " NOT_UTF8);
	/* Half a BOM is not a BOM. */
	check_error(S("\xEF\xBB"), 0, "t.csv:1:1: " NOT_UTF8);
	/* The column counts characters before the bad byte. */
	check_error(S("\xC3\xA9\xE2\x82\xAC\xE9"), 0, "t.csv:1:3: " NOT_UTF8);
	/* The name given is the name in the message. */
	check_error_named(S("a\n\xE9"), "commitments.csv", 1, "commitments.csv:2:1: " NOT_UTF8);
}

static void test_error_nul(void **state)
{
	(void)state;
	check_error(S("a,b\0c\n"), 0, "t.csv:1:4: " NUL_BYTE);
	check_error(S("\0"), 0, "t.csv:1:1: " NUL_BYTE);
	check_error(S("x\n\"a\0\"\n"), 1, "t.csv:2:3: " NUL_BYTE);
	check_error(S("a,\0"), 0, "t.csv:1:3: " NUL_BYTE);
	/* A UTF-16 file: the first NUL is right after the first letter. */
	check_error(S("\xFF\xFE"
	              "a\0"),
	            0, "t.csv:1:1: " NOT_UTF8);
	check_error(S("a\0,\0"), 0, "t.csv:1:2: " NUL_BYTE);
}

static void test_error_quote_inside_unquoted(void **state)
{
	(void)state;
	check_error(S("ab\"c\",d\n"), 0, "t.csv:1:3: " QUOTE_INSIDE);
	check_error(S("x,5\" screen\n"), 0, "t.csv:1:4: " QUOTE_INSIDE);
	check_error(S("h\n\xC3\xA9\xC3\xA9\"\n"), 1, "t.csv:2:3: " QUOTE_INSIDE);
	check_error(S("a\"\n"), 0, "t.csv:1:2: " QUOTE_INSIDE);
	/* A space before the opening quote makes the field unquoted. */
	check_error(S("a, \"b\"\n"), 0, "t.csv:1:4: " QUOTE_INSIDE);
}

static void test_error_text_after_closing_quote(void **state)
{
	(void)state;
	check_error(S("\"ab\"c,d\n"), 0, "t.csv:1:5: " AFTER_QUOTE);
	check_error(S("x,\"ab\" ,d\n"), 0, "t.csv:1:7: " AFTER_QUOTE);
	check_error(S("\"a\"\"\"b\n"), 0, "t.csv:1:6: " AFTER_QUOTE);
	/* After a field spanning lines, on the line where it closes. */
	check_error(S("\"a\n\xC3\xA9\"!\n"), 0, "t.csv:2:3: " AFTER_QUOTE);
	/* A CR that is not a line end is text after the quote. */
	check_error(S("\"a\"\rx\n"), 0, "t.csv:1:4: " AFTER_QUOTE);
	/* Two quoted fields with nothing between them read as one with doubled quotes (and
	 * then never close); with a space between, the space is text after a quote. */
	check_error(S("\"a\"\"b\"\"c"), 0, "t.csv:1:1: " UNCLOSED);
	check_error(S("\"a\" \"b\""), 0, "t.csv:1:4: " AFTER_QUOTE);
}

static void test_error_unclosed_quote(void **state)
{
	(void)state;
	/* The position is that of the opening quote. */
	check_error(S("a,\"bc\nde"), 0, "t.csv:1:3: " UNCLOSED);
	check_error(S("x\n\xC3\xA9,\"abc\n\n\n"), 1, "t.csv:2:3: " UNCLOSED);
	check_error(S("\""), 0, "t.csv:1:1: " UNCLOSED);
	/* A doubled quote at the end is a quote, not a close. */
	check_error(S("\"abc\"\""), 0, "t.csv:1:1: " UNCLOSED);
	check_error(S("a,\"\"\"\n"), 0, "t.csv:1:3: " UNCLOSED);
}

static void test_error_too_many_fields(void **state)
{
	(void)state;
	static struct buf in; /* static: teardown frees it after a failure */
	big_input = &in;
	/* 1001 fields: the message points at the 1001st. */
	for (int i = 0; i < 1001; i++)
		buf_puts(&in, i ? ",x" : "x");
	buf_puts(&in, "\n");
	check_error(in.p, in.len, 0, "t.csv:1:2001: " TOO_MANY);

	/* On line 3, after a quoted field with a line break. */
	buf_reset(&in);
	buf_puts(&in, "h\n\"a\nb\"");
	for (int i = 0; i < 1000; i++)
		buf_puts(&in, ",y");
	buf_puts(&in, "\r\n");
	check_error(in.p, in.len, 1, "t.csv:3:2002: " TOO_MANY);

	/* 1000 commas then a newline: 1001 empty fields. */
	buf_reset(&in);
	for (int i = 0; i < 1000; i++)
		buf_putc(&in, ',');
	buf_puts(&in, "\n");
	check_error(in.p, in.len, 0, "t.csv:1:1001: " TOO_MANY);
	buf_free(&in);
	big_input = NULL;
}

/* The same 1001 fields as above, but the text ends right after the last comma. */
static void test_error_too_many_fields_at_end_of_text(void **state)
{
	(void)state;
	static struct buf in; /* static: teardown frees it after a failure */
	big_input = &in;
	for (int i = 0; i < 1000; i++)
		buf_putc(&in, ',');
	check_error(in.p, in.len, 0, "t.csv:1:1001: " TOO_MANY);

	buf_reset(&in);
	for (int i = 0; i < 1000; i++)
		buf_puts(&in, "x,");
	check_error(in.p, in.len, 0, "t.csv:1:2001: " TOO_MANY);
	buf_free(&in);
	big_input = NULL;
}

static void test_error_row_too_long(void **state)
{
	(void)state;
	static struct buf in; /* static: teardown frees it after a failure */
	big_input = &in;
	/* One unquoted field of 1 MiB + 1. */
	for (size_t i = 0; i < MIB + 1; i++)
		buf_putc(&in, 'a');
	buf_puts(&in, "\n");
	check_error(in.p, in.len, 0, "t.csv:1:1: " TOO_LONG);

	/* The same quoted, on line 2. */
	buf_reset(&in);
	buf_puts(&in, "h\n\"");
	for (size_t i = 0; i < MIB + 1; i++)
		buf_putc(&in, 'a');
	buf_puts(&in, "\"\n");
	check_error(in.p, in.len, 1, "t.csv:2:1: " TOO_LONG);

	/* Two fields of 600 KiB: the whole row counts. */
	buf_reset(&in);
	for (int f = 0; f < 2; f++) {
		if (f)
			buf_putc(&in, ',');
		for (size_t i = 0; i < 600 * 1024; i++)
			buf_putc(&in, 'b');
	}
	check_error(in.p, in.len, 0, "t.csv:1:1: " TOO_LONG);

	/* No final newline. */
	buf_reset(&in);
	for (size_t i = 0; i < 2 * MIB; i++)
		buf_putc(&in, 'c');
	check_error(in.p, in.len, 0, "t.csv:1:1: " TOO_LONG);
	buf_free(&in);
	big_input = NULL;
}

/* A quoted field of 1 MiB + 1 quotes, each written doubled: 1 MiB + 1 of text. */
static void test_error_row_too_long_of_doubled_quotes(void **state)
{
	(void)state;
	static struct buf in; /* static: teardown frees it after a failure */
	big_input = &in;
	buf_putc(&in, '"');
	for (size_t i = 0; i < MIB + 1; i++)
		buf_puts(&in, "\"\"");
	buf_puts(&in, "\"\n");
	check_error(in.p, in.len, 0, "t.csv:1:1: " TOO_LONG);
	buf_free(&in);
	big_input = NULL;
}

/* After an error the reader is done with the text: a call again gives the error again
 * (-1) or the end (0), never a row made from what follows the error. */
static void test_error_is_final(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		size_t len;
	} cases[] = {
	    {S("caf\xE9,x\ny\n")},    {S("a\xC0\xAF\ny\n")}, {S("ok,\xE2\x82")},        {S("a,b\0c\nd\n")},
	    {S("ab\"c\",d\ne\n")},    {S("\"ab\"c,d\ne\n")}, {S("\"ab\" ,d\n\"e\"\n")}, {S("a,\"bc\nde")},
	    {S("x,\"\xE9\",y\nz\n")}, {S("\"a\"\rb,c\n")},
	};
	struct buf big = {0};
	int bad = 0;
	for (size_t c = 0; c < sizeof cases / sizeof cases[0] + 2; c++) {
		const char *in;
		size_t len;
		if (c < sizeof cases / sizeof cases[0]) {
			in = cases[c].in;
			len = cases[c].len;
		} else if (c == sizeof cases / sizeof cases[0]) {
			buf_reset(&big);
			for (int i = 0; i < 1001; i++)
				buf_puts(&big, i ? ",x" : "x");
			buf_puts(&big, "\nnext\n");
			in = big.p;
			len = big.len;
		} else {
			buf_reset(&big);
			for (size_t i = 0; i < MIB + 1; i++)
				buf_putc(&big, 'a');
			buf_puts(&big, ",tail\nnext\n");
			in = big.p;
			len = big.len;
		}
		char *data = exact_copy(in, len);
		struct csv_reader *r = csv_open(data, len, "t.csv");
		struct csv_row row;
		struct kerr e = {0};
		int rc;
		while ((rc = csv_next(r, &row, &e)) == 1) {
		}
		assert_int_equal(rc, -1);
		for (int k = 0; k < 3; k++) {
			struct kerr e2 = {0};
			rc = csv_next(r, &row, &e2);
			if (rc == 1) {
				print_error("[%s] after \"%s\", csv_next gave a row of %zu field(s) at "
				            "%zu:%zu, first [%s]\n",
				            show(in, len < 40 ? len : 40), e.msg, row.n, row.f[0].line,
				            row.f[0].column,
				            show(row.f[0].p, row.f[0].n < 20 ? row.f[0].n : 20));
				bad++;
				break;
			}
			assert_true(csv_offset(r) <= len);
		}
		csv_close(r);
		free(data);
	}
	buf_free(&big);
	if (bad)
		fail_msg("%d input(s) gave rows after an error", bad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_simple_header_and_rows),
	    cmocka_unit_test(test_line_ends),
	    cmocka_unit_test(test_last_line_with_and_without_newline),
	    cmocka_unit_test(test_bom),
	    cmocka_unit_test(test_quoted_fields),
	    cmocka_unit_test(test_empty_fields),
	    cmocka_unit_test(test_blank_lines),
	    cmocka_unit_test(test_lone_cr_in_unquoted_field),
	    cmocka_unit_test(test_columns_count_characters),
	    cmocka_unit_test(test_offset_progresses),
	    cmocka_unit_test(test_empty_input),
	    cmocka_unit_test(test_field_pointers_after_growth),
	    cmocka_unit_test(test_limits_reached_exactly),
	    cmocka_unit_test(test_mixed_fields_and_limit),
	    cmocka_unit_test(test_error_not_utf8),
	    cmocka_unit_test(test_error_nul),
	    cmocka_unit_test(test_error_quote_inside_unquoted),
	    cmocka_unit_test(test_error_text_after_closing_quote),
	    cmocka_unit_test(test_error_unclosed_quote),
	    cmocka_unit_test_teardown(test_error_too_many_fields, free_big_input),
	    cmocka_unit_test_teardown(test_error_too_many_fields_at_end_of_text, free_big_input),
	    cmocka_unit_test_teardown(test_error_row_too_long, free_big_input),
	    cmocka_unit_test_teardown(test_error_row_too_long_of_doubled_quotes, free_big_input),
	    cmocka_unit_test(test_error_is_final),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
