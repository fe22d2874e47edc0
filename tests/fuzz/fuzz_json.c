/* libFuzzer target for the jansson glue (src/base/json.c).
 *
 * The input is any bytes. These must hold (abort() otherwise):
 *   - json_text(input) is a JSON string (never NULL) whose text is valid UTF-8 with no
 *     NUL byte, equal to the input when the input was already that, and otherwise no
 *     more than 3 bytes per input byte;
 *   - it survives json_dumps -> json_loads unchanged (json_equal);
 *   - when the input parses as JSON: json_rows_csv does not crash, only appends, and
 *     writes valid UTF-8 ending in "\r\n" (or nothing); json_dump_buf of an array or
 *     object loads back equal, a real to its 15 significant digits (the figure the API
 *     writes), everything else exactly. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <math.h>

#include "base/buf.h"
#include "base/json.h"
#include "base/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what)
{
	fprintf(stderr, "fuzz_json: %s\n", what);
	abort();
}

static void check_text(const char *in, size_t size)
{
	json_t *v = json_text(in, size);
	if (!v || !json_is_string(v))
		die("json_text did not give a string");
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	if (memchr(s, '\0', n))
		die("json_text kept a NUL byte");
	if (!utf8_valid(s, n))
		die("json_text is not valid UTF-8");
	if (n > 3 * size)
		die("json_text is more than 3 bytes per input byte");
	if (utf8_valid(in, size) && !memchr(in, '\0', size) &&
	    (n != size || (size && memcmp(s, in, size) != 0)))
		die("json_text changed clean text");

	char *dump = json_dumps(v, JSON_ENCODE_ANY);
	if (!dump)
		die("json_dumps refused json_text's string");
	json_error_t je;
	json_t *back = json_loads(dump, JSON_DECODE_ANY, &je);
	if (!back)
		die(je.text);
	if (!json_equal(v, back))
		die("json_text's string does not survive a dump and load");
	json_decref(back);
	free(dump);
	json_decref(v);
}

/* Equal as json_equal, except that a real need only agree to 15 significant digits. */
static bool equal_to_15_digits(json_t *a, json_t *b)
{
	if (json_is_real(a) && json_is_real(b)) {
		double x = json_real_value(a), y = json_real_value(b);
		return x == y || fabs(x - y) <= 1e-14 * fmax(fabs(x), fabs(y));
	}
	if (json_is_array(a) && json_is_array(b)) {
		if (json_array_size(a) != json_array_size(b))
			return false;
		for (size_t i = 0; i < json_array_size(a); i++)
			if (!equal_to_15_digits(json_array_get(a, i), json_array_get(b, i)))
				return false;
		return true;
	}
	if (json_is_object(a) && json_is_object(b)) {
		if (json_object_size(a) != json_object_size(b))
			return false;
		const char *k;
		json_t *va;
		json_object_foreach(a, k, va) {
			json_t *vb = json_object_get(b, k);
			if (!vb || !equal_to_15_digits(va, vb))
				return false;
		}
		return true;
	}
	return json_equal(a, b);
}

static void check_parsed(const char *in, size_t size)
{
	json_error_t je;
	json_t *v = json_loadb(in, size, JSON_DECODE_ANY, &je);
	if (!v)
		return;

	struct buf csv = {0};
	buf_puts(&csv, "#");
	json_rows_csv(v, &csv);
	if (csv.p[0] != '#')
		die("json_rows_csv overwrote the buffer");
	if (!utf8_valid(csv.p, csv.len))
		die("json_rows_csv wrote invalid UTF-8");
	if (csv.len > 1 && (csv.len < 3 || memcmp(csv.p + csv.len - 2, "\r\n", 2) != 0))
		die("json_rows_csv output does not end with \\r\\n");
	buf_free(&csv);

	if (json_is_array(v) || json_is_object(v)) {
		struct buf out = {0};
		json_dump_buf(v, &out);
		json_t *back = json_loadb(buf_str(&out), out.len, 0, &je);
		if (!back)
			die("json_dump_buf wrote what does not load");
		if (!equal_to_15_digits(v, back))
			die("json_dump_buf does not load back equal");
		json_decref(back);
		buf_free(&out);
	}
	json_decref(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_text((const char *)data, size);
	check_parsed((const char *)data, size);
	return 0;
}
