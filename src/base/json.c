#include "base/json.h"

#include "base/mem.h"
#include "base/text.h"

#include <stdlib.h>
#include <string.h>

json_t *json_text(const char *s, size_t n)
{
	if (utf8_valid(s, n) && !memchr(s, '\0', n)) {
		json_t *v = json_stringn_nocheck(s, n);
		if (v)
			return v;
	}
	struct buf clean = {0};
	struct buf b = {0};
	utf8_repair(&clean, s, n);
	for (size_t i = 0; i < clean.len; i++)
		if (clean.p[i] != '\0')
			buf_putc(&b, clean.p[i]);
	json_t *v = json_stringn_nocheck(buf_str(&b), b.len);
	buf_free(&clean);
	buf_free(&b);
	return v;
}

/* Appends one scalar as CSV text (without escaping). */
static void scalar_text(json_t *v, struct buf *out)
{
	if (!v)
		return;
	switch (json_typeof(v)) {
	case JSON_STRING: buf_put(out, json_string_value(v), json_string_length(v)); break;
	case JSON_INTEGER: buf_printf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v)); break;
	case JSON_REAL: buf_printf(out, "%.15g", json_real_value(v)); break;
	case JSON_TRUE: buf_puts(out, "true"); break;
	case JSON_FALSE: buf_puts(out, "false"); break;
	default: break;
	}
}

static void csv_value(json_t *v, struct buf *out)
{
	struct buf t = {0};
	if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
		{
			if (i)
				buf_putc(&t, ';');
			if (json_is_object(x)) {
				json_t *id = json_object_get(x, "slug");
				scalar_text(id ? id : json_object_get(x, "id"), &t);
			} else
				scalar_text(x, &t);
		}
	} else if (json_is_object(v)) {
		json_t *id = json_object_get(v, "slug");
		if (id)
			scalar_text(id, &t);
	} else if (v) {
		scalar_text(v, &t);
	}
	csv_field(out, buf_str(&t), t.len);
	buf_free(&t);
}

void json_csv_header(json_t *names, struct buf *out)
{
	size_t i;
	json_t *n;
	json_array_foreach(names, i, n)
	{
		if (i)
			buf_putc(out, ',');
		csv_field(out, json_string_value(n) ? json_string_value(n) : "", json_string_length(n));
	}
	buf_puts(out, "\r\n");
}

void json_rows_csv(json_t *rows, struct buf *out)
{
	json_t *first = json_array_get(rows, 0);
	if (!json_is_object(first))
		return;
	const char *key;
	json_t *v;
	int col = 0;
	json_object_foreach(first, key, v)
	{
		if (col++)
			buf_putc(out, ',');
		csv_field(out, key, strlen(key));
	}
	buf_puts(out, "\r\n");
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		col = 0;
		json_object_foreach(first, key, v)
		{
			if (col++)
				buf_putc(out, ',');
			csv_value(json_object_get(row, key), out);
		}
		buf_puts(out, "\r\n");
	}
}

static int dump_cb(const char *data, size_t size, void *ctx)
{
	buf_put(ctx, data, size);
	return 0;
}

void json_dump_buf(json_t *value, struct buf *out)
{
	/* 15 significant digits, as the API writes figures (61.6, not 61.600000000000001). */
	json_dump_callback(value, dump_cb, out, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
}

json_t *json_array_sorted(json_t *items, int (*cmp)(const void *, const void *))
{
	size_t n = json_array_size(items);
	json_t **v = xcalloc(n ? n : 1, sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = json_array_get(items, i);
	qsort(v, n, sizeof *v, cmp);
	json_t *out = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append(out, v[i]);
	free(v);
	json_decref(items);
	return out;
}
