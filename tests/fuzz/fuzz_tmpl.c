/* libFuzzer target for the template engine.
 *
 * Input: a template source, optionally followed by a NUL byte and a JSON context. When
 * the part after the NUL is not JSON, a fixed context with markup in its strings is used.
 * The template is compiled as "t" beside a partial "p"; if it compiles it is rendered
 * and these must hold (abort() otherwise):
 *   - a compile error names "t:LINE:COLUMN: "; a render error is one of the documented
 *     ones (unknown partial, nesting deeper than 32, the runaway limits);
 *   - rendering appends: what was in the buffer before is left alone;
 *   - when the source has no '<' and no unescaped tag ("{{{", "{{&"), the output has no
 *     '<', whatever the context holds; this is checked with the context as given and
 *     again with every string in it replaced by "<&>\"'". */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/buf.h"
#include "base/kerr.h"
#include "base/tmpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char fixed_json[] =
    "{\"name\": \"<b>&amp;</b>\", \"s\": \"x<y\", \"q\": \"\\\"'\", \"n\": 42, \"r\": 1.5, \"t\": true,"
    " \"f\": false, \"z\": null, \"e\": \"\", \"zero\": 0,"
    " \"list\": [\"<a>\", \"b&c\", {\"name\": \"<li>\"}, 3],"
    " \"obj\": {\"name\": \"'o'\", \"inner\": {\"name\": \"<i>\", \"list\": []}},"
    " \"empty\": [], \"eo\": {}}";

/* The partial every template may use; it has no '<' so the escaping check holds. */
static const char partial_src[] = "({{name}}|{{.}}|{{#list}}{{.}}{{/list}}|{{obj.inner.name}})";

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_tmpl: %s: %s\n", what, detail);
	abort();
}

/* Replaces every string in v, at any depth, by one holding all the HTML specials. */
static void poison(json_t *v)
{
	const char *key;
	json_t *item;
	size_t i;
	switch (json_typeof(v)) {
	case JSON_STRING:
		json_string_set(v, "<&>\"'");
		break;
	case JSON_ARRAY:
		json_array_foreach(v, i, item)
		{
			poison(item);
		}
		break;
	case JSON_OBJECT:
		json_object_foreach(v, key, item)
		{
			poison(item);
		}
		break;
	default:
		break;
	}
}

static bool has(const char *s, size_t n, const char *needle)
{
	return memmem(s, n, needle, strlen(needle)) != NULL;
}

/* Renders "t" with ctx after a marker and checks the invariants above. Returns whether
 * the render was cheap enough to be worth repeating: one that runs into a limit can take
 * a second under the sanitizers, and the per-input timeout is 10 s on a busy machine. */
static bool check_render(const struct tmpl_set *set, json_t *ctx, bool no_markup)
{
	bool cheap = true;
	static const char marker[] = "<prefix>";
	struct buf out = {0};
	struct kerr e;
	kerr_clear(&e);
	buf_puts(&out, marker);
	if (tmpl_render(set, "t", ctx, &out, &e) != 0) {
		bool documented = (e.code == KERR_NOTFOUND && strstr(e.msg, ": unknown partial '")) ||
		                  (e.code == KERR_INVALID && (strstr(e.msg, " nesting deeper than 32") ||
		                                              strstr(e.msg, ": rendering stopped after ") ||
		                                              strstr(e.msg, ": output is over the limit")));
		if (!documented)
			die("undocumented render error", e.msg);
		cheap = e.code == KERR_NOTFOUND;
	}
	if (out.len < sizeof marker - 1 || memcmp(out.p, marker, sizeof marker - 1) != 0)
		die("render did not append", buf_str(&out));
	if (no_markup && memchr(out.p + sizeof marker - 1, '<', out.len - (sizeof marker - 1)))
		die("'<' from a value reached the output", buf_str(&out));
	cheap = cheap && out.len < (1 << 20);
	buf_free(&out);
	return cheap;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static json_t *fixed;
	if (!fixed) {
		fixed = json_loads(fixed_json, 0, NULL);
		if (!fixed)
			die("fixed context", "does not parse");
	}

	const char *src = (const char *)data;
	const uint8_t *nul = memchr(data, '\0', size);
	size_t src_len = nul ? (size_t)(nul - data) : size;

	json_t *ctx = NULL;
	if (nul)
		ctx = json_loadb((const char *)nul + 1, size - src_len - 1, JSON_DECODE_ANY | JSON_ALLOW_NUL,
		                 NULL);
	if (!ctx)
		ctx = json_deep_copy(fixed);

	struct tmpl_set *set = tmpl_set_new();
	struct kerr e;
	kerr_clear(&e);
	if (tmpl_set_add(set, "p", partial_src, sizeof partial_src - 1, &e) != 0)
		die("partial does not compile", e.msg);
	kerr_clear(&e);
	if (tmpl_set_add(set, "t", src, src_len, &e) != 0) {
		unsigned line, col;
		int used = 0;
		if (e.code != KERR_INVALID || sscanf(e.msg, "t:%u:%u: %n", &line, &col, &used) != 2 ||
		    used == 0 || line == 0 || col == 0 || e.msg[used] == '\0')
			die("compile error without a place", e.msg);
	} else {
		bool no_markup =
		    !memchr(src, '<', src_len) && !has(src, src_len, "{{{") && !has(src, src_len, "{{&");
		if (check_render(set, ctx, no_markup)) {
			poison(ctx);
			check_render(set, ctx, no_markup);
		}
	}
	tmpl_set_free(set);
	json_decref(ctx);
	return 0;
}
