/* keep place sufficiency [--council CODE] [--format table|csv|json] [--db FILE]:
 * sufficiency to 2030 and commissioning (place.h; docs/places.md "Sufficiency to 2030",
 * "Commissioning"), the published figures of place_sufficiency_report. */
#include "cli/cli.h"
#include "cli/cmd_place.h"

#include "base/buf.h"
#include "base/text.h"
#include "base/date.h"
#include "place/place.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double num(json_t *o, const char *k)
{
	return json_number_value(json_object_get(o, k));
}

/* "12 (5 to 20)" from a band {p5, p50, p95}, signed when sign is true. */
static void band_text(json_t *b, bool sign, char *out, size_t n)
{
	const char *f = sign ? "%+.0f (%+.0f to %+.0f)" : "%.0f (%.0f to %.0f)";
	snprintf(out, n, f, num(b, "p50"), num(b, "p5"), num(b, "p95"));
}

/* A today's count: "fewer than 5" when it was 1 to 4. */
static void count_text(json_t *c, char *out, size_t n)
{
	if (json_is_true(json_object_get(c, "few")))
		snprintf(out, n, "fewer than 5");
	else
		snprintf(out, n, "%lld", (long long)json_integer_value(json_object_get(c, "count")));
}

static void print_council(json_t *c)
{
	json_t *today = json_object_get(c, "today"), *now = json_object_get(c, "now");
	char n[48];
	printf("\n%s (%s)\n", json_string_value(json_object_get(c, "name")),
	       json_string_value(json_object_get(c, "council")));
	count_text(json_object_get(today, "children"), n, sizeof n);
	printf("  On %s: %s children placed with a care service\n",
	       json_string_value(json_object_get(today, "day")), n);
	size_t i;
	json_t *g;
	json_array_foreach(json_object_get(today, "groups"), i, g)
	{
		char a[48], b[48];
		count_text(json_object_get(g, "groups"), a, sizeof a);
		if (json_object_get(g, "apart")) {
			count_text(json_object_get(g, "apart"), b, sizeof b);
			printf("    groups of %-3s %14s, of them living apart %s\n",
			       json_string_value(json_object_get(g, "size")), a, b);
		} else {
			printf("    groups of %-3s %14s\n", json_string_value(json_object_get(g, "size")), a);
		}
	}
	printf("  The register on %s:\n    %-40s %8s %8s %8s\n",
	       json_string_value(json_object_get(now, "day")), "service type", "services", "places", "free");
	json_t *t;
	json_array_foreach(json_object_get(now, "types"), i, t)
	    printf("    %-40s %8lld %8lld %8lld\n", json_string_value(json_object_get(t, "label")),
	           (long long)json_integer_value(json_object_get(t, "services")),
	           (long long)json_integer_value(json_object_get(t, "places")),
	           (long long)json_integer_value(json_object_get(t, "vacancies")));
	json_t *y;
	json_array_foreach(json_object_get(c, "years"), i, y)
	{
		printf("  %s (on %s)\n    %-40s %8s %-22s %-22s\n",
		       json_string_value(json_object_get(y, "year")),
		       json_string_value(json_object_get(y, "day")), "service type", "places", "children",
		       "places left");
		size_t k;
		json_array_foreach(json_object_get(y, "types"), k, t)
		{
			char a[64], b[64];
			band_text(json_object_get(t, "children"), false, a, sizeof a);
			band_text(json_object_get(t, "gap"), true, b, sizeof b);
			printf("    %-40s %8lld %-22s %-22s\n",
			       json_string_value(json_object_get(t, "label")),
			       (long long)json_integer_value(json_object_get(t, "places")), a, b);
		}
		json_t *p = json_object_get(y, "placed"), *h3 = json_object_get(y, "homes3");
		char a[64], b[64];
		band_text(json_object_get(p, "children"), false, a, sizeof a);
		band_text(json_object_get(p, "gap"), true, b, sizeof b);
		printf("    %-40s %8lld %-22s %-22s\n", "every type",
		       (long long)json_integer_value(json_object_get(p, "places")), a, b);
		band_text(json_object_get(h3, "groups"), false, a, sizeof a);
		band_text(json_object_get(h3, "gap"), true, b, sizeof b);
		printf("    groups of 3 or more: %s, homes that take 3 or more together: %lld, left: %s\n", a,
		       (long long)json_integer_value(json_object_get(h3, "homes")), b);
		printf(
		    "    homes to add so every group lives together, by the group they take (middle, high):");
		json_array_foreach(json_object_get(y, "commission"), k, t)
		    printf("%s %s: %lld, %lld", k ? ";" : "", json_string_value(json_object_get(t, "size")),
		           (long long)json_integer_value(json_object_get(t, "p50")),
		           (long long)json_integer_value(json_object_get(t, "p95")));
		printf("\n");
	}
}

static void print_csv(json_t *councils)
{
	struct buf out = {0};
	buf_puts(&out,
	         "council,council_name,year,type,places,children_p5,children_p50,children_p95,gap_p5,gap_p50,"
	         "gap_p95\n");
	size_t i, k, j;
	json_t *c, *y, *t;
	json_array_foreach(councils, i, c)
	{
		const char *name = json_string_value(json_object_get(c, "name"));
		json_array_foreach(json_object_get(c, "years"), k, y)
		{
			json_t *rows = json_copy(json_object_get(y, "types"));
			json_t *all = json_copy(json_object_get(y, "placed"));
			json_object_set_new(all, "type", json_string("all"));
			json_array_append_new(rows, all);
			json_array_foreach(rows, j, t)
			{
				buf_printf(&out, "%s,", json_string_value(json_object_get(c, "council")));
				csv_field(&out, name, strlen(name));
				json_t *ch = json_object_get(t, "children"), *g = json_object_get(t, "gap");
				buf_printf(&out, ",%s,%s,%lld,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f\n",
				           json_string_value(json_object_get(y, "year")),
				           json_string_value(json_object_get(t, "type")),
				           (long long)json_integer_value(json_object_get(t, "places")),
				           num(ch, "p5"), num(ch, "p50"), num(ch, "p95"), num(g, "p5"),
				           num(g, "p50"), num(g, "p95"));
			}
			json_decref(rows);
		}
	}
	fwrite(out.p, 1, out.len, stdout);
	buf_free(&out);
}

int cmd_place_sufficiency(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"council", required_argument, NULL, 'c'},
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	const char *db = cli_default_db(), *council = NULL, *format = "table";
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'c':
			council = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case ':':
			return cli_usage_error("place sufficiency", "%s needs a value", argv[optind - 1]);
		default:
			return cli_usage_error("place sufficiency", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("place sufficiency", "unexpected '%s'", argv[optind]);
	if (strcmp(format, "table") != 0 && strcmp(format, "csv") != 0 && strcmp(format, "json") != 0)
		return cli_usage_error("place sufficiency", "--format '%s': expected table, csv or json",
		                       format);
	struct kerr e = {0};
	struct store *s = store_open(db, STORE_READONLY, &e);
	if (!s)
		return cli_fail("place sufficiency", "%s", e.msg);
	int rc = EXIT_OK;
	json_t *r = place_sufficiency_report(s, council, (int32_t)date_days(date_today()), 0, &e);
	if (!r) {
		rc = e.code == KERR_USAGE
		         ? cli_usage_error("place sufficiency",
		                           "--council '%s' is not a council area's code (see 'keep export "
		                           "council-areas')",
		                           council)
		         : cli_fail("place sufficiency", "%s", e.msg);
		goto done;
	}
	json_t *councils = json_object_get(r, "councils");
	if (json_array_size(councils) == 0) {
		rc = cli_fail("place sufficiency",
		              "%s holds no care records%s%s: import them with 'keep import records' first",
		              db, council ? " of " : "", council ? council : "");
		goto done;
	}
	if (strcmp(format, "json") == 0) {
		char *text = json_dumps(r, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("%s\n", text);
		free(text);
	} else if (strcmp(format, "csv") == 0) {
		print_csv(councils);
	} else {
		printf("Sufficiency to 2030: children needing a place from a care service on 31 March of "
		       "each year,\n"
		       "against the places registered in the council. Figures from the care records are "
		       "rounded to 5;\n"
		       "a figure and its band (5th to 95th percentile of %lld draws).\n",
		       (long long)json_integer_value(json_object_get(r, "draws")));
		size_t i;
		json_t *x;
		json_array_foreach(councils, i, x) print_council(x);
	}
done:
	json_decref(r);
	store_close(s);
	return rc;
}
