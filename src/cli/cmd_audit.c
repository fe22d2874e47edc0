/* keep audit: the history of changes, from the audit log. */
#include "cli/cli.h"

#include "base/date.h"
#include "base/json.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

/* A field's value in words for a history line. */
static void value_words(json_t *v, struct buf *out)
{
	if (!v || json_is_null(v))
		buf_puts(out, "none");
	else if (json_is_string(v))
		buf_puts(out, json_string_value(v));
	else if (json_is_true(v))
		buf_puts(out, "yes");
	else if (json_is_false(v))
		buf_puts(out, "no");
	else if (json_is_integer(v))
		buf_printf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else if (json_is_real(v)) /* a figure: json_dump_buf writes only arrays and objects */
		buf_printf(out, "%.15g", json_real_value(v));
	else
		json_dump_buf(v, out);
}

/* "field a → b; field c → d" for each field whose value differs. */
static void changes(json_t *before, json_t *after, struct buf *out)
{
	const char *key;
	json_t *v;
	int n = 0;
	json_object_foreach(after, key, v)
	{
		json_t *old = json_object_get(before, key);
		if (old && json_equal(old, v))
			continue;
		buf_puts(out, n++ ? "; " : ": ");
		if (!old && json_is_string(v) && strcmp(json_string_value(v), "changed") == 0) {
			buf_printf(out, "%s changed", key);
			continue;
		}
		buf_printf(out, "%s ", key);
		value_words(old, out);
		buf_puts(out, " \u2192 ");
		value_words(v, out);
	}
}

int cmd_audit(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"entity", required_argument, NULL, 'e'},
		{"id", required_argument, NULL, 'i'},
		{"since", required_argument, NULL, 's'},
		{"format", required_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	const char *db = cli_default_db(), *entity = NULL, *id = NULL, *since = NULL, *format = "text";
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'e': entity = optarg; break;
		case 'i': id = optarg; break;
		case 's': since = optarg; break;
		case 'f': format = optarg; break;
		case ':': return cli_usage_error("audit", "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error("audit", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("audit", "unexpected argument '%s'", argv[optind]);
	if (id && !entity)
		return cli_usage_error("audit", "--id needs --entity (e.g. --entity account --id a@example.org)");
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
		return cli_usage_error("audit", "--format '%s': expected text or json", format);
	struct kdate d;
	struct kerr e = {0};
	if (since && date_parse(since, &d, &e) < 0)
		return cli_usage_error("audit", "--since: %s", e.msg);

	struct store *s = store_open(db, STORE_READONLY, &e);
	if (!s)
		return cli_fail("audit", "%s", e.msg);
	json_t *rows = store_audit_list(s, entity, id, since, &e);
	store_close(s);
	if (!rows)
		return cli_fail("audit", "%s", e.msg);
	struct buf out = {0};
	if (strcmp(format, "json") == 0) {
		json_dump_buf(rows, &out);
		buf_putc(&out, '\n');
	} else {
		static const char *const past[][2] = {
			{"create", "created"}, {"update", "changed"}, {"delete", "deleted"}, {"redact", "removed a text of"}};
		size_t i;
		json_t *r;
		json_array_foreach(rows, i, r)
		{
			const char *verb = json_string_value(json_object_get(r, "verb"));
			for (size_t k = 0; k < sizeof past / sizeof past[0]; k++)
				if (strcmp(past[k][0], verb) == 0)
					verb = past[k][1];
			buf_printf(&out, "%s  %s %s %s %s", json_string_value(json_object_get(r, "at")),
			           json_string_value(json_object_get(r, "actor")), verb,
			           json_string_value(json_object_get(r, "entity")),
			           json_string_value(json_object_get(r, "entity_id")));
			/* A removal says what the text was and why it went (the audit is for admins). */
			if (strcmp(verb, "changed") == 0 || strcmp(verb, "removed a text of") == 0)
				changes(json_object_get(r, "before"), json_object_get(r, "after"), &out);
			buf_putc(&out, '\n');
		}
		if (json_array_size(rows) == 0)
			buf_puts(&out, "No changes recorded.\n");
	}
	json_decref(rows);
	fwrite(buf_str(&out), 1, out.len, stdout);
	buf_free(&out);
	return EXIT_OK;
}
