/* keep measures [--council CODE] [--year YYYY] [--format table|csv|json] [--db FILE]
 * keep measures --from DIR --council CODE --year YYYY [--format ...]
 * keep measures --publish --year YYYY [--db FILE]
 * The published measures (measures/measures.h): from the database, every council's
 * import for the year (store_care_latest) and Scotland, protected as one table; or straight
 * from native files, writing nothing; or written as oversight observations. Only the
 * published table is ever printed: suppressed cells are marked, never shown. */
#include "cli/cli.h"

#include "base/buf.h"
#include "base/date.h"
#include "base/file.h"
#include "base/mem.h"
#include "base/text.h"
#include "measures/measures.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The table of one council's native files in dir, checked as an import would be, as the
 * national table of the database db would show the council with these files in place of
 * its import (measures_table_batch); with no database at db (and db not named with
 * --db), as the national table would show it with no other council. NULL with e (and
 * the problems printed) when they are not valid or the database cannot be read. */
static json_t *table_from_files(const char *dir, const char *council, int year, const char *db, bool db_named,
                                bool tty, struct kerr *e)
{
	struct file_map data[RECORDS_NFILES] = {{0}};
	char *paths[RECORDS_NFILES] = {0};
	struct records_input in[RECORDS_NFILES];
	size_t n = 0;
	json_t *out = NULL;
	size_t len = strlen(dir);
	struct buf prefix = {0};
	buf_printf(&prefix, "%s%s", dir, len && dir[len - 1] == '/' ? "" : "/");
	for (int k = 0; k < RECORDS_NFILES; k++) {
		struct buf p = {0};
		buf_printf(&p, "%s%s", buf_str(&prefix), records_file_names[k]);
		int rc = file_map(buf_str(&p), &data[n], e);
		if (rc < 0) {
			buf_free(&p);
			goto done;
		}
		if (rc == 1) {
			paths[n] = xstrdup(buf_str(&p));
			in[n] =
			    (struct records_input){(enum records_file)k, paths[n], data[n].p, data[n].len};
			n++;
		}
		buf_free(&p);
	}
	struct records b;
	records_init(&b, council, year);
	json_t *problems = json_array();
	int rc = records_read_native(&b, in, n, buf_str(&prefix), tty ? cli_progress : NULL,
	                             (void *)"records", problems, e);
	if (tty)
		fputs("\r\033[K", stderr);
	size_t i;
	json_t *m;
	json_array_foreach(problems, i, m) fprintf(stderr, "%s\n", json_string_value(m));
	json_decref(problems);
	if (rc == 0) {
		struct store *s = NULL;
		if (db_named || access(db, F_OK) == 0)
			s = store_open(db, STORE_READONLY, e);
		if (s || !(db_named || access(db, F_OK) == 0))
			out = measures_table_batch(s, &b, year, e);
		if (s)
			store_close(s);
	}
	else if (e->code == KERR_INVALID)
		kerr_set(e, KERR_INVALID, "problems in the records: no measures were worked out");
	records_free(&b);
done:
	for (size_t k = 0; k < n; k++)
		free(paths[k]);
	for (int k = 0; k < RECORDS_NFILES; k++)
		file_unmap(&data[k]);
	buf_free(&prefix);
	return out;
}

/* A cell as a person reads it. */
static void cell_words(json_t *c, struct buf *out)
{
	buf_reset(out);
	const char *status = json_string_value(json_object_get(c, "status"));
	if (json_is_true(json_object_get(c, "suppressed")))
		buf_printf(out, "[c] (%s)", status);
	else if (json_is_true(json_object_get(c, "missing")))
		buf_puts(out, "not available");
	else {
		const char *unit = json_string_value(json_object_get(c, "unit"));
		const char *v = json_string_value(json_object_get(c, "value"));
		buf_printf(out, "%s%s%s", v, strcmp(unit, "%") == 0 ? "" : " ", unit);
	}
}

static void print_table(json_t *t, json_t *areas)
{
	int year = (int)json_integer_value(json_object_get(t, "year"));
	struct buf v = {0};
	size_t i;
	json_t *a;
	int shown = 0;
	size_t with_data = 0;
	json_array_foreach(areas, i, a) with_data += json_is_true(json_object_get(a, "data"));
	if (with_data == 0) {
		/* One line, not one per council that says the same. */
		printf("No council has care records for the year to 31 July %d.\n", year);
		return;
	}
	json_array_foreach(areas, i, a)
	{
		const char *name = json_string_value(json_object_get(a, "name"));
		const char *code = json_string_value(json_object_get(a, "area"));
		if (!json_is_true(json_object_get(a, "data"))) {
			printf("%s%s (%s): no data for the year to 31 July %d\n", shown++ ? "\n" : "",
			       name ? name : code, code, year);
			continue;
		}
		printf("%s%s (%s), the year to 31 July %d", shown++ ? "\n" : "", name ? name : code, code,
		       year);
		if (json_object_get(a, "import"))
			printf(", from the import %s", json_string_value(json_object_get(a, "import")));
		if (json_object_get(a, "councils"))
			printf(", the sum of %d council%s",
			       (int)json_integer_value(json_object_get(a, "councils")),
			       json_integer_value(json_object_get(a, "councils")) == 1 ? "" : "s");
		printf("\n");
		if (json_object_get(a, "population"))
			printf("  Population aged 0 to 17: %s\n",
			       json_string_value(json_object_get(a, "population")));
		size_t k;
		json_t *c;
		json_array_foreach(json_object_get(a, "cells"), k, c)
		{
			json_t *title = json_object_get(c, "title");
			if (title)
				printf("  %d. %s\n", (int)json_integer_value(json_object_get(c, "measure")),
				       json_string_value(title));
			cell_words(c, &v);
			printf("       %-58s %s\n", json_string_value(json_object_get(c, "label")),
			       buf_str(&v));
		}
	}
	json_t *national = json_object_get(t, "national");
	if (national)
		printf("\nWorked out from the council's files, as the national table %s.\n",
		       json_is_true(national)
		           ? "of the database would show them with these files in place of the council's "
		             "import:\nevery cell it hides of the council is hidden here too"
		           : "would show them if no other council's figures were in it (there is no "
		             "database):\nonce other councils' are published, it may hide more: publish "
		             "only what it shows");
	printf("\n[c]: confidential. primary: a count from 1 to 4, or a share or rate worked from one;\n"
	       "secondary: hidden so that a confidential count cannot be worked out from the others.\n");
	buf_free(&v);
}

/* One field through the one CSV escaper (csv_field), to stdout. */
static void put_csv(const char *s)
{
	if (!s)
		return;
	struct buf b = {0};
	csv_field(&b, s, strlen(s));
	fwrite(buf_str(&b), 1, b.len, stdout);
	buf_free(&b);
}

static void print_csv(json_t *t, json_t *areas)
{
	int year = (int)json_integer_value(json_object_get(t, "year"));
	printf("area,name,year,measure,key,label,value,unit,status\n");
	size_t i;
	json_t *a;
	json_array_foreach(areas, i, a)
	{
		const char *code = json_string_value(json_object_get(a, "area"));
		const char *name = json_string_value(json_object_get(a, "name"));
		if (!json_is_true(json_object_get(a, "data"))) {
			printf("%s,", code);
			put_csv(name);
			printf(",%d,,,,,,no_data\n", year);
			continue;
		}
		size_t k;
		json_t *c;
		json_array_foreach(json_object_get(a, "cells"), k, c)
		{
			printf("%s,", code);
			put_csv(name);
			printf(",%d,%d,%s,", year, (int)json_integer_value(json_object_get(c, "measure")),
			       json_string_value(json_object_get(c, "key")));
			put_csv(json_string_value(json_object_get(c, "label")));
			putchar(',');
			if (json_is_true(json_object_get(c, "suppressed")))
				fputs("[c]", stdout);
			else
				put_csv(json_string_value(json_object_get(c, "value")));
			putchar(',');
			put_csv(json_string_value(json_object_get(c, "unit")));
			printf(",%s\n", json_string_value(json_object_get(c, "status")));
		}
	}
}

/* The areas to print: all, or the council named and Scotland (the table is protected
 * whole either way, so one council's figures are the same as in the full table). */
static json_t *chosen_areas(json_t *t, const char *council)
{
	json_t *all = json_object_get(t, "areas");
	if (!council)
		return json_incref(all);
	json_t *out = json_array();
	size_t i;
	json_t *a;
	json_array_foreach(all, i, a)
	{
		const char *code = json_string_value(json_object_get(a, "area"));
		if (strcmp(code, council) == 0 || strcmp(code, MEASURES_SCOTLAND) == 0)
			json_array_append(out, a);
	}
	return out;
}

/* The latest year of any import, or 0 when there is none. */
static int latest_year(struct store *s, struct kerr *e)
{
	json_t *imports = store_care_imports(s, e);
	if (!imports)
		return -1;
	int y = 0;
	size_t i;
	json_t *a;
	json_array_foreach(imports, i, a)
	{
		int v = (int)json_integer_value(json_object_get(a, "year"));
		if (v > y)
			y = v;
	}
	json_decref(imports);
	return y;
}

int cmd_measures(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"council", required_argument, NULL, 'c'},
	    {"year", required_argument, NULL, 'y'},
	    {"format", required_argument, NULL, 'f'},
	    {"from", required_argument, NULL, 'F'},
	    {"publish", no_argument, NULL, 'p'},
	    {NULL, 0, NULL, 0},
	};
	const char *db = cli_default_db(), *council = NULL, *year_text = NULL, *format = "table",
	           *from = NULL;
	bool publish = false, db_named = false;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			db_named = true;
			break;
		case 'c':
			council = optarg;
			break;
		case 'y':
			year_text = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case 'F':
			from = optarg;
			break;
		case 'p':
			publish = true;
			break;
		case ':':
			return cli_usage_error("measures", "%s needs a value", argv[optind - 1]);
		default:
			return cli_usage_error("measures", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("measures", "unexpected '%s'", argv[optind]);
	if (strcmp(format, "table") != 0 && strcmp(format, "csv") != 0 && strcmp(format, "json") != 0)
		return cli_usage_error("measures", "--format '%s': expected table, csv or json", format);
	int this_year = date_today().y;
	long year = 0;
	if (year_text) {
		char *end = NULL;
		year = strtol(year_text, &end, 10);
		if (!*year_text || *end || year < 1901 || year > this_year + 1)
			return cli_usage_error("measures", "--year '%s' is not a year from 1901 to %d",
			                       year_text, this_year + 1);
	}
	if (from && (!council || !year_text))
		return cli_usage_error("measures",
		                       "--from DIR needs --council CODE and --year YYYY: whose records, and "
		                       "the return year they run to");
	if (from && publish)
		return cli_usage_error(
		    "measures", "--publish writes the measures of the database's imports, not of files "
		                "(--from)");
	if (publish && !year_text)
		return cli_usage_error("measures",
		                       "--publish needs --year YYYY: the year whose measures to publish");
	if (publish && council)
		return cli_usage_error("measures",
		                       "--publish publishes every council's measures: leave out --council");

	struct kerr e = {0};
	int tty = isatty(STDERR_FILENO);
	json_t *t = NULL;
	if (from) {
		t = table_from_files(from, council, (int)year, db, db_named, tty, &e);
	} else {
		struct store *s = store_open(db, publish ? STORE_READWRITE : STORE_READONLY, &e);
		if (!s)
			return cli_fail("measures", "%s", e.msg);
		if (!year_text) {
			int y = latest_year(s, &e);
			if (y < 0) {
				store_close(s);
				return cli_fail("measures", "%s", e.msg);
			}
			if (y == 0) {
				store_close(s);
				return cli_fail(
				    "measures",
				    "%s holds no care records: import them with 'keep import records' "
				    "first",
				    db);
			}
			year = y;
		}
		if (council) {
			json_t *areas = store_resource_all(s, "council-areas", &e);
			bool known = false;
			size_t i;
			json_t *a;
			json_array_foreach(areas, i, a) known |=
			    strcmp(json_string_value(json_object_get(a, "id")), council) == 0;
			json_decref(areas);
			if (!known) {
				store_close(s);
				return cli_usage_error(
				    "measures",
				    "--council '%s' is not a council area's code (see 'keep export "
				    "council-areas')",
				    council);
			}
		}
		t = measures_table(s, (int)year, tty ? cli_progress : NULL, (void *)"measures", &e);
		if (tty)
			fputs("\r\033[K", stderr);
		if (t && publish) {
			char actor[128];
			cli_actor(actor, sizeof actor);
			struct measures_published p;
			if (measures_publish(s, t, actor, &p, &e) < 0) {
				json_decref(t);
				t = NULL;
			} else {
				printf("Published the measures for the year to 31 July %ld as oversight "
				       "observations: %zu written "
				       "(%zu suppressed), %zu councils with data, %zu new indicators.\n",
				       year, p.observations, p.suppressed, p.councils, p.indicators);
				json_decref(t);
				store_close(s);
				return EXIT_OK;
			}
		}
		store_close(s);
	}
	if (!t)
		return e.code == KERR_USAGE ? cli_usage_error("measures", "%s", e.msg)
		                            : cli_fail("measures", "%s", e.msg);
	json_t *areas = chosen_areas(t, council);
	if (strcmp(format, "json") == 0) {
		json_t *o = json_pack("{s:O, s:O, s:O}", "year", json_object_get(t, "year"), "secondary",
		                      json_object_get(t, "secondary"), "areas", areas);
		if (json_object_get(t, "national"))
			json_object_set(o, "national", json_object_get(t, "national"));
		char *text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("%s\n", text);
		free(text);
		json_decref(o);
	} else if (strcmp(format, "csv") == 0) {
		print_csv(t, areas);
	} else {
		print_table(t, areas);
	}
	json_decref(areas);
	json_decref(t);
	return EXIT_OK;
}
