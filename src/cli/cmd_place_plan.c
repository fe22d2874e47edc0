/* keep place plan REQUESTS.csv [--day YYYY-MM-DD] [--by-council] [--compare] [--mps DIR]
 *                 [--time-limit S] [--alternatives] [--format table|json] [--save] [--db FILE]
 * A plan for requests for a place (docs/places.md "The plan", "Runs and decisions"): the
 * requests (checked all or nothing), the register's services and their vacancies on the
 * day, each request's recommendation, whether the plan is proven best or how far from it
 * the time limit left it, and with --compare the plan council by council and today's
 * practice side by side. --save keeps the run, audited, so that it can be decided on. */
#include "cli/cli.h"
#include "cli/cmd_place.h"

#include "base/buf.h"
#include "base/date.h"
#include "base/file.h"
#include "place/place.h"
#include "plan/placeplan.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CMD "place plan"

static const char *council_name(const char *code)
{
	const char *n = code ? place_council_name(place_council_index(code)) : NULL;
	return n ? n : code ? code : "";
}

static long aim_of(json_t *aims, int a) { return (long)json_integer_value(json_object_get(aims, place_aim_keys[a])); }

/* A child's place in words: "Hillside (CS2003000001), North Lanarkshire, third sector". */
static void where_words(json_t *c, struct buf *b)
{
	const char *council = json_string_value(json_object_get(c, "council"));
	buf_printf(b, "%s (%s), %s, %s", json_string_value(json_object_get(c, "name")),
	           json_string_value(json_object_get(c, "service")),
	           json_is_true(json_object_get(c, "outside_scotland")) ? "outside Scotland" : council_name(council),
	           place_sector_labels[place_sector_of(json_string_value(json_object_get(c, "sector")))]);
	if (json_is_true(json_object_get(c, "near_home")))
		buf_puts(b, ", near home");
	if (json_is_true(json_object_get(c, "made_up")))
		buf_puts(b, " (made up, for showing how keep works)");
}

static void print_table(json_t *run, long long saved)
{
	json_t *reqs = json_object_get(run, "requests");
	size_t children = 0, i;
	json_t *q;
	json_array_foreach(reqs, i, q) children += json_array_size(json_object_get(q, "children"));
	const char *status = json_string_value(json_object_get(run, "status"));
	printf("Plan of %zu request%s (%zu child%s), vacancies on %s, %s: %s in %.1f s\n", json_array_size(reqs),
	       json_array_size(reqs) == 1 ? "" : "s", children, children == 1 ? "" : "ren",
	       json_string_value(json_object_get(run, "day")),
	       strcmp(json_string_value(json_object_get(run, "scope")), "council") == 0 ? "council by council"
	                                                                                : "nationally",
	       strcmp(status, "optimal") == 0 ? "proven the best plan" : "stopped at the time limit, not proven the best",
	       json_number_value(json_object_get(run, "seconds")));
	json_t *aims = json_object_get(run, "aims"), *bounds = json_object_get(run, "bounds");
	if (strcmp(status, "optimal") != 0) {
		printf("The gap: for each aim, what the plan reached and the best any plan could reach (proven):\n");
		for (int a = 0; a < PA_NAIMS; a++)
			printf("  %-26s %8ld  %8ld\n", place_aim_labels[a], aim_of(aims, a), aim_of(bounds, a));
	}
	printf("\n");
	json_array_foreach(reqs, i, q)
	{
		json_t *rec = json_object_get(q, "recommendation"), *kids = json_object_get(q, "children");
		size_t n = json_array_size(kids);
		printf("%s: %zu child%s from %s, %s%s\n", json_string_value(json_object_get(q, "request")), n,
		       n == 1 ? "" : "ren", council_name(json_string_value(json_object_get(q, "home"))),
		       json_string_value(json_object_get(q, "urgency")),
		       n >= 2 ? (json_is_true(json_object_get(q, "together")) ? ", to live together" : ", not together") : "");
		json_t *where = json_object_get(rec, "children");
		if (json_is_true(json_object_get(rec, "together"))) {
			struct buf b = {0};
			where_words(json_array_get(where, 0), &b);
			printf("  all together at %s\n", buf_str(&b));
			buf_free(&b);
		} else
			for (size_t c = 0; c < n; c++) {
				json_t *w = json_array_get(where, c), *k = json_array_get(kids, c);
				struct buf b = {0};
				if (json_is_null(w))
					buf_puts(&b, "not placed");
				else
					where_words(w, &b);
				int band = -1;
				for (int x = 0; x < MB_NBANDS; x++)
					if (strcmp(money_band_keys[x], json_string_value(json_object_get(k, "band"))) == 0)
						band = x;
				printf("  child %zu (%s): %s\n", c + 1, band >= 0 ? money_band_labels[band] : "", buf_str(&b));
				buf_free(&b);
			}
		const char *why = json_string_value(json_object_get(rec, "explanation"));
		if (why)
			printf("  %s\n", why);
		const char *alt = json_string_value(json_object_get(rec, "alternative"));
		if (alt)
			printf("  %s\n", alt);
	}
	json_t *cmp = json_object_get(run, "comparison");
	printf("\n%-26s", "Aim");
	static const char *const cols[] = {"national", "council", "greedy"};
	static const char *const heads[] = {"nationally", "council by council", "today's practice"};
	for (int k = 0; k < 3; k++)
		if (cmp ? json_object_get(cmp, cols[k]) != NULL : k == 0)
			printf(" %20s", heads[k]);
	printf("\n");
	for (int a = 0; a < PA_NAIMS; a++) {
		printf("%-26s", a == PA_COST ? "Weekly cost (pounds)" : place_aim_labels[a]);
		if (!cmp)
			printf(" %20ld", aim_of(aims, a));
		for (int k = 0; cmp && k < 3; k++) {
			json_t *c = json_object_get(cmp, cols[k]);
			if (c)
				printf(" %20ld", aim_of(json_object_get(c, "aims"), a));
		}
		printf("\n");
	}
	if (saved > 0)
		printf("\nSaved as plan %lld.\n", saved);
}

/* Reads the requests of path (checked all or nothing), plans them over db's services and
 * vacancies on day, and keeps the run when save (*id its number). 0 with *run, or -1 with
 * e (a problem in the file: FILE:LINE:COLUMN). */
static int plan_file(const char *path, const char *db, int32_t day, bool by_council, bool compare,
                     const struct place_options *o, bool save, json_t **run, long long *id, struct kerr *e)
{
	*run = NULL;
	*id = 0;
	struct file_map m = {0};
	int got = file_map(path, &m, e);
	if (got == 0)
		return kerr_set(e, KERR_NOTFOUND, "%s: no such file", path);
	if (got < 0)
		return -1;
	struct place_request *req = NULL;
	size_t nreq = 0;
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	int rc = place_requests_read(m.p, m.len, base, &req, &nreq, e);
	file_unmap(&m);
	if (rc < 0)
		return -1;
	struct store *s = store_open(db, save ? STORE_READWRITE : STORE_READONLY, e);
	if (!s) {
		free(req);
		return -1;
	}
	rc = placeplan_make(s, req, nreq, day, by_council, compare, o, run, e);
	if (rc == 0 && save) {
		struct placeplan_who w;
		char actor[256];
		cli_actor(actor, sizeof actor);
		placeplan_who_everything(&w, actor);
		rc = placeplan_save(s, &w, *run, id, e);
	}
	store_close(s);
	free(req);
	if (rc < 0) {
		json_decref(*run);
		*run = NULL;
	}
	return rc;
}

int place_import_requests(const struct place_import_opts *o)
{
	if (o->format)
		return cli_usage_error("place import requests", "--format: requests are read in one format only (requests.csv)");
	struct kerr e = {0};
	json_t *run = NULL;
	long long id = 0;
	struct place_options po = {0};
	if (plan_file(o->file, o->db, (int32_t)date_days(date_today()), false, false, &po, true, &run, &id, &e) < 0)
		return cli_fail("place import requests", "%s", e.msg);
	json_t *reqs = json_object_get(run, "requests");
	size_t children = 0, i;
	json_t *q;
	json_array_foreach(reqs, i, q) children += json_array_size(json_object_get(q, "children"));
	printf("%zu request%s (%zu child%s) planned and kept as plan %lld: keep place plan shows a plan in full, "
	       "and /places/plan/%lld is where it is decided on.\n",
	       json_array_size(reqs), json_array_size(reqs) == 1 ? "" : "s", children, children == 1 ? "" : "ren", id, id);
	json_decref(run);
	return EXIT_OK;
}

int cmd_place_plan(int argc, char **argv)
{
	const char *db = cli_default_db(), *format = "table", *day_text = NULL, *mps = NULL, *limit_text = NULL;
	bool by_council = false, compare = false, save = false, alternatives = false;
	static const struct option opts[] = {
	    {"alternatives", no_argument, NULL, 'a'},
	    {"day", required_argument, NULL, 'D'},       {"by-council", no_argument, NULL, 'b'},
	    {"compare", no_argument, NULL, 'c'},         {"mps", required_argument, NULL, 'm'},
	    {"time-limit", required_argument, NULL, 't'}, {"format", required_argument, NULL, 'f'},
	    {"save", no_argument, NULL, 's'},            {"db", required_argument, NULL, 'd'},
	    {NULL, 0, NULL, 0},
	};
	optind = 1;
	opterr = 0;
	int ch;
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (ch) {
		case 'D': day_text = optarg; break;
		case 'b': by_council = true; break;
		case 'c': compare = true; break;
		case 'a': alternatives = true; break;
		case 'm': mps = optarg; break;
		case 't': limit_text = optarg; break;
		case 'f': format = optarg; break;
		case 's': save = true; break;
		case 'd': db = optarg; break;
		case ':': return cli_usage_error(CMD, "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error(CMD, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(CMD, optind == argc ? "needs the requests file (REQUESTS.csv)" : "unexpected '%s'",
		                       argv[optind + 1 < argc ? optind + 1 : optind]);
	if (strcmp(format, "table") != 0 && strcmp(format, "json") != 0)
		return cli_usage_error(CMD, "--format '%s': expected table or json", format);
	struct kerr e = {0};
	struct kdate d = date_today();
	if (day_text && date_parse(day_text, &d, &e) < 0)
		return cli_usage_error(CMD, "--day '%s' is not a date as YYYY-MM-DD", day_text);
	struct place_options o = {.mps_dir = mps, .alternatives = alternatives};
	if (limit_text) {
		char *end;
		o.time_limit_s = strtod(limit_text, &end);
		if (*end || end == limit_text || !(o.time_limit_s > 0 && o.time_limit_s <= 86400))
			return cli_usage_error(CMD, "--time-limit '%s' is not a number of seconds from 1 to 86400", limit_text);
	}

	json_t *run = NULL;
	long long id = 0;
	if (plan_file(argv[optind], db, (int32_t)date_days(d), by_council, compare, &o, save, &run, &id, &e) < 0)
		return cli_fail(CMD, "%s", e.msg);
	if (strcmp(format, "json") == 0) {
		if (id > 0)
			json_object_set_new(run, "id", json_integer(id));
		char *t = json_dumps(run, JSON_INDENT(2));
		printf("%s\n", t);
		free(t);
	} else
		print_table(run, id);
	json_decref(run);
	return EXIT_OK;
}
