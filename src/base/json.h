/* Glue between keep and jansson: making JSON strings from text that may not be valid
 * UTF-8, and writing arrays of flat objects as CSV. */
#ifndef KEEP_BASE_JSON_H
#define KEEP_BASE_JSON_H
#include <jansson.h>
#include <stddef.h>

#include "base/buf.h"

/* A JSON string holding s[0..n), with ill-formed UTF-8 replaced by U+FFFD and NUL
 * bytes dropped (jansson refuses both). Never NULL. */
json_t *json_text(const char *s, size_t n);

/* Writes rows (an array of objects) as CSV with a header row taken from the first
 * row's keys: strings as they are, numbers in decimal, true/false, null as an empty
 * field, arrays of scalars joined with ";". Lines end with \r\n (RFC 4180). */
void json_rows_csv(json_t *rows, struct buf *out);

/* Writes names (an array of strings) as a CSV header row. */
void json_csv_header(json_t *names, struct buf *out);

/* Appends value as compact JSON (keys in insertion order). */
void json_dump_buf(json_t *value, struct buf *out);

/* A new array of items' elements ordered by cmp (qsort's, on pointers to json_t *);
 * takes the reference to items. */
json_t *json_array_sorted(json_t *items, int (*cmp)(const void *, const void *));

#endif
