/* The one CSV reader (RFC 4180, as spreadsheets write it), over text in memory.
 * Accepts a UTF-8 byte-order mark, CRLF or LF line ends, quoted fields holding commas,
 * quotes ("") and line breaks. Refuses, with "NAME:LINE:COLUMN: what is wrong": text that
 * is not UTF-8, a NUL byte, a quote inside an unquoted field, text after a closing quote,
 * a quoted field never closed, and a row over 1,000 fields or 1 MiB. LINE and COLUMN
 * (1-based, COLUMN counted in characters) are where the problem is. */
#ifndef KEEP_BASE_CSV_H
#define KEEP_BASE_CSV_H
#include <stddef.h>

#include "base/kerr.h"

struct csv_field {
	const char *p; /* the field's text (not NUL-terminated); valid until the next csv_next */
	size_t n;
	size_t line, column; /* where the field starts */
};

struct csv_row {
	size_t line; /* the line the row starts on */
	size_t n;    /* number of fields */
	struct csv_field *f;
};

struct csv_reader;

/* A reader over data[0..len) (borrowed: it must outlive the reader). name is used in
 * messages ("commitments.csv"). */
struct csv_reader *csv_open(const char *data, size_t len, const char *name);
/* Reads the next row into row: 1 when there is one, 0 at the end, -1 on an error (e
 * filled; after it, 0). A blank line is a row of one empty field. */
int csv_next(struct csv_reader *r, struct csv_row *row, struct kerr *e);
/* How far through the text the reader is, in bytes (for progress). */
size_t csv_offset(const struct csv_reader *r);
void csv_close(struct csv_reader *r);

#endif
