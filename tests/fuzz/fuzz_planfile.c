/* libFuzzer target for the position index of JSON texts (src/base/jsonpos.c) and the
 * reader of plan files (src/plan/planimport.c, plan_file_read: JSON and CSV).
 *
 * The input is any bytes. These must hold (abort() otherwise):
 *   - jsonpos_index never reads past the input and every position it gives is a line
 *     and column of the input (1-based, within its lines);
 *   - when jansson accepts the input, every value of the parsed tree (each element and
 *     member, at any depth) has a position in the index, and it is where a value of
 *     that type starts ('{' for an object, '[' for an array, '"' for a string...);
 *   - plan_file_read, as JSON and as CSV, returns 0 or -1; every problem is
 *     "fuzz:LINE:COLUMN: ..." (or "fuzz: and N more problems") with LINE and COLUMN
 *     at least 1; on 0, plans is an array of objects. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/buf.h"
#include "base/jsonpos.h"
#include "plan/planimport.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what)
{
	fprintf(stderr, "fuzz_planfile: %s\n", what);
	abort();
}

/* The byte offset of line:col (columns in characters) in text, or SIZE_MAX. */
static size_t offset_of(const char *text, size_t len, size_t line, size_t col)
{
	size_t i = 0, l = 1;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (l < line) {
		const char *nl = memchr(text + i, '\n', len - i);
		if (!nl)
			return SIZE_MAX;
		i = (size_t)(nl - text) + 1;
		l++;
	}
	for (size_t c = 1; c < col; c++) {
		if (i >= len || text[i] == '\n')
			return SIZE_MAX;
		i++;
		while (i < len && ((unsigned char)text[i] & 0xC0) == 0x80)
			i++;
	}
	return i < len ? i : SIZE_MAX;
}

static void walk(const struct jsonpos *x, json_t *v, struct buf *path, const char *text, size_t len)
{
	size_t line, col;
	if (!jsonpos_value(x, buf_str(path), &line, &col))
		die("a value of the parsed text has no position");
	size_t at = offset_of(text, len, line, col);
	if (at == SIZE_MAX)
		die("a position is outside the text");
	char c = text[at];
	bool ok = json_is_object(v)   ? c == '{'
	          : json_is_array(v)  ? c == '['
	          : json_is_string(v) ? c == '"'
	          : json_is_true(v)   ? c == 't'
	          : json_is_false(v)  ? c == 'f'
	          : json_is_null(v)   ? c == 'n'
	                              : (c == '-' || (c >= '0' && c <= '9'));
	if (!ok)
		die("a position is not where its value starts");
	size_t keep = path->len;
	if (json_is_object(v)) {
		const char *key;
		size_t klen;
		json_t *m;
		json_object_keylen_foreach(v, key, klen, m)
		{
			jsonpos_path_key(path, key, klen);
			if (!jsonpos_key(x, buf_str(path), &line, &col))
				die("a member has no key position");
			size_t k = offset_of(text, len, line, col);
			if (k == SIZE_MAX || text[k] != '"')
				die("a key position is not at a quote");
			walk(x, m, path, text, len);
			path->len = keep;
			if (path->p)
				path->p[keep] = '\0';
		}
	} else if (json_is_array(v)) {
		size_t i;
		json_t *m;
		json_array_foreach(v, i, m)
		{
			jsonpos_path_index(path, i);
			walk(x, m, path, text, len);
			path->len = keep;
			if (path->p)
				path->p[keep] = '\0';
		}
	}
}

static void check_problems(struct plan_file *f)
{
	size_t i;
	json_t *m;
	json_array_foreach(f->problems, i, m)
	{
		const char *s = json_string_value(m);
		if (!s || strncmp(s, "fuzz:", 5) != 0)
			die("a problem does not start with the file's name");
		if (strncmp(s + 5, " and ", 5) == 0)
			continue;
		char *end;
		unsigned long line = strtoul(s + 5, &end, 10);
		if (line < 1 || *end != ':')
			die("a problem has no line");
		unsigned long col = strtoul(end + 1, &end, 10);
		if (col < 1 || *end != ':')
			die("a problem has no column");
	}
}

static void read_as(const char *text, size_t size, enum plan_format fmt)
{
	struct plan_file f;
	int rc = plan_file_read(&f, "fuzz", text, size, fmt);
	if (rc != 0 && rc != -1)
		die("plan_file_read returned neither 0 nor -1");
	check_problems(&f);
	if (rc == 0) {
		if (!json_is_array(f.plans))
			die("plans is not an array");
		size_t i;
		json_t *p;
		json_array_foreach(f.plans, i, p) if (!json_is_object(p)) die("a plan is not an object");
		/* Any path asked for gets a place in the file. */
		plan_file_problem(&f, "plans[0].priorities[0].actions[0].timeline[0].due", "x");
		check_problems(&f);
	}
	plan_file_free(&f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A copy the exact size of the input, so that reading past it is caught. */
	char *text = malloc(size ? size : 1);
	if (!text)
		return 0;
	memcpy(text, data, size);

	struct jsonpos *x = jsonpos_index(text, size);
	if (jsonpos_count(x) > size + 1)
		die("more values than bytes");
	json_error_t je;
	json_t *v = json_loadb(text, size, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
	if (v) {
		struct buf path = {0};
		walk(x, v, &path, text, size);
		buf_free(&path);
		json_decref(v);
	}
	jsonpos_free(x);

	read_as(text, size, PLAN_FORMAT_JSON);
	read_as(text, size, PLAN_FORMAT_CSV);
	free(text);
	return 0;
}
