/* /places/sufficiency?council=&year= and GET /api/v1/sufficiency?council= (docs/places.md
 * "Sufficiency to 2030", "Commissioning"): for each council with care records, the
 * children projected to need a place from a care service against the places registered
 * there, the gap with its band, sibling groups and the homes to add so every group can
 * live together. Public: only the published (rounded) figures of
 * place_sufficiency_report, never a child's row. The page is cached by the router (its
 * figures change only when the database does). */
#include "web/web.h"

#include "base/log.h"
#include "base/mem.h"
#include "place/place.h"
#include "store/money_costs.h"
#include "web/page.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double num(json_t *o, const char *k)
{
	return json_number_value(json_object_get(o, k));
}

/* A whole number with a minus sign that is a minus ("−5"). */
static void signed_words(double v, char *out, size_t n)
{
	if (v < 0)
		snprintf(out, n, "\u2212%.0f", -v);
	else
		snprintf(out, n, "%.0f", v);
}

/* "12" and "5 to 20" of a band. */
static void band_cells(json_t *b, json_t *row, const char *key)
{
	char mid[32], lo[32], hi[32], band[80], k[64];
	signed_words(num(b, "p50"), mid, sizeof mid);
	signed_words(num(b, "p5"), lo, sizeof lo);
	signed_words(num(b, "p95"), hi, sizeof hi);
	snprintf(band, sizeof band, "%s to %s", lo, hi);
	json_object_set_new(row, key, json_string(mid));
	snprintf(k, sizeof k, "%s_band", key);
	json_object_set_new(row, k, json_string(band));
}

/* The gap in words: "5 short", "3 spare", "none spare", and its band. */
static void gap_cells(json_t *g, json_t *row)
{
	double m = num(g, "p50");
	char w[48];
	if (m < 0)
		snprintf(w, sizeof w, "%.0f short", -m);
	else if (m > 0)
		snprintf(w, sizeof w, "%.0f spare", m);
	else
		snprintf(w, sizeof w, "none spare");
	json_object_set_new(row, "gap", json_string(w));
	json_object_set_new(row, "short", json_boolean(m < 0));
	band_cells(g, row, "gap_n");
}

static json_t *count_cell(json_t *c)
{
	if (json_is_true(json_object_get(c, "few")))
		return json_string("fewer than 5");
	char w[32];
	snprintf(w, sizeof w, "%lld", (long long)json_integer_value(json_object_get(c, "count")));
	return json_string(w);
}

/* A type's label with a capital ("Fostering service"). */
static json_t *capital(const char *s)
{
	char w[160];
	snprintf(w, sizeof w, "%s", s ? s : "");
	if (w[0] >= 'a' && w[0] <= 'z')
		w[0] = (char)(w[0] - 'a' + 'A');
	return json_string(w);
}

/* The page's view of one council's JSON (place_sufficiency_json) for year (an index of
 * its years). */
static json_t *council_view(json_t *c, size_t year)
{
	json_t *today = json_object_get(c, "today"), *now = json_object_get(c, "now"),
	       *y = json_array_get(json_object_get(c, "years"), year);
	json_t *v = json_pack("{s:O, s:O}", "name", json_object_get(c, "name"), "code",
	                      json_object_get(c, "council"));
	page_set_date_words(v, "today_day", json_string_value(json_object_get(today, "day")));
	json_object_set_new(v, "today_children", count_cell(json_object_get(today, "children")));
	json_object_set_new(v, "siblings_given", json_incref(json_object_get(today, "siblings_given")));
	json_t *groups = json_array();
	size_t i;
	json_t *g;
	json_array_foreach(json_object_get(today, "groups"), i, g)
	{
		json_t *row = json_pack("{s:o, s:o}", "label", capital(page_str(g, "label")), "groups",
		                        count_cell(json_object_get(g, "groups")));
		json_t *apart = json_object_get(g, "apart");
		json_object_set_new(row, "apart", apart ? count_cell(apart) : json_string("not counted"));
		json_array_append_new(groups, row);
	}
	json_object_set_new(v, "today_groups", groups);
	page_set_date_words(v, "now_day", json_string_value(json_object_get(now, "day")));
	json_t *nrows = json_array(), *t;
	json_array_foreach(json_object_get(now, "types"), i, t) json_array_append_new(
	    nrows, json_pack("{s:o, s:O, s:O, s:O}", "label", capital(page_str(t, "label")), "services",
	                     json_object_get(t, "services"), "places", json_object_get(t, "places"),
	                     "vacancies", json_object_get(t, "vacancies")));
	json_object_set_new(v, "now_rows", nrows);
	if (!y)
		return v;
	json_object_set_new(v, "has_year", json_true());
	json_object_set_new(v, "year", json_incref(json_object_get(y, "year")));
	page_set_date_words(v, "year_day", json_string_value(json_object_get(y, "day")));
	json_t *rows = json_array();
	json_array_foreach(json_object_get(y, "types"), i, t)
	{
		json_t *row = json_pack("{s:o, s:O}", "label", capital(page_str(t, "label")), "places",
		                        json_object_get(t, "places"));
		band_cells(json_object_get(t, "children"), row, "children");
		gap_cells(json_object_get(t, "gap"), row);
		json_array_append_new(rows, row);
	}
	json_t *p = json_object_get(y, "placed");
	json_t *all = json_pack("{s:s, s:O}", "label", "Every type", "places", json_object_get(p, "places"));
	band_cells(json_object_get(p, "children"), all, "children");
	gap_cells(json_object_get(p, "gap"), all);
	json_object_set_new(v, "rows", rows);
	json_object_set_new(v, "all", all);
	json_t *h3 = json_object_get(y, "homes3"),
	       *h3v = json_pack("{s:O}", "homes", json_object_get(h3, "homes"));
	band_cells(json_object_get(h3, "groups"), h3v, "groups");
	gap_cells(json_object_get(h3, "gap"), h3v);
	json_object_set_new(v, "homes3", h3v);
	json_t *grows = json_array();
	for (size_t k = 1; k < PLACE_SIZES; k++) {
		json_t *gb = json_object_get(json_array_get(json_object_get(y, "groups"), k), "groups"),
		       *h = json_array_get(json_object_get(y, "homes"), k - 1),
		       *a = json_array_get(json_object_get(y, "commission"), k - 1);
		json_t *row = json_pack("{s:s, s:O, s:O, s:O}", "label", place_size_labels[k], "homes",
		                        json_object_get(h, "homes"), "add_mid", json_object_get(a, "p50"),
		                        "add_high", json_object_get(a, "p95"));
		band_cells(gb, row, "groups");
		json_array_append_new(grows, row);
	}
	json_object_set_new(v, "group_rows", grows);
	json_t *cp = json_object_get(y, "commission_places");
	json_object_set_new(v, "add_places_mid", json_incref(json_object_get(cp, "p50")));
	json_object_set_new(v, "add_places_high", json_incref(json_object_get(cp, "p95")));
	return v;
}

/* Reads council (a GSS code or "" for every council); false (an error page or answer
 * sent) when it names no council area. */
static bool council_of(struct web_request *req, struct web_response *res, bool api, const char **council)
{
	*council = query_get(&req->query, "council");
	if (*council && !**council)
		*council = NULL;
	struct kerr e = {0};
	if (*council && !store_council_area_known(req->store, *council, &e)) {
		if (api)
			web_json_error(res, 404, "not_found", "no council area has that code");
		else
			web_error_page(req, res, 404, "There is no council area with that code.");
		return false;
	}
	return true;
}

/* Every council's report, kept for the generation and day it was made for: the page's
 * filters and the API then read it without projecting again (32 councils' projections
 * take seconds). */
static struct {
	pthread_mutex_t lock;
	uint64_t gen;
	int32_t day;
	json_t *all;
} memo = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* The report of council (NULL: every council) for today: a new reference. */
static json_t *report(struct web_request *req, const char *council, struct kerr *e)
{
	int32_t today = (int32_t)date_days(req->today);
	uint64_t gen = web_generation(req->store);
	json_t *all = NULL;
	pthread_mutex_lock(&memo.lock);
	if (memo.all && memo.gen == gen && memo.day == today)
		all = json_incref(memo.all);
	pthread_mutex_unlock(&memo.lock);
	if (!all) {
		all = place_sufficiency_report(req->store, NULL, today, 0, e);
		if (!all)
			return NULL;
		pthread_mutex_lock(&memo.lock);
		if (web_generation(req->store) == gen) { /* nothing written meanwhile */
			json_decref(memo.all);
			memo.all = json_incref(all);
			memo.gen = gen;
			memo.day = today;
		}
		pthread_mutex_unlock(&memo.lock);
	}
	if (!council)
		return all;
	/* the council's part, as place_sufficiency_report gives it for one council */
	json_t *one = json_pack("{s:O, s:O, s:O, s:[], s:[]}", "day", json_object_get(all, "day"), "draws",
	                        json_object_get(all, "draws"), "rounded_to", json_object_get(all, "rounded_to"),
	                        "councils", "without_records");
	const char *lists[2] = {"councils", "without_records"};
	for (int l = 0; l < 2; l++) {
		size_t i;
		json_t *c;
		json_array_foreach(json_object_get(all, lists[l]), i, c) if (strcmp(page_str(c, "council"), council) == 0)
		    json_array_append(json_object_get(one, lists[l]), c);
	}
	json_decref(all);
	return one;
}

void web_page_places_sufficiency(struct web_request *req, struct web_response *res)
{
	const char *council;
	if (!council_of(req, res, false, &council))
		return;
	const char *yq = query_get(&req->query, "year");
	int fy = -1;
	if (yq && *yq) {
		fy = money_fy_parse(yq);
		if (fy < 2000 || fy > 2100) {
			web_error_page(req, res, 400, "The year must be a financial year such as 2029-30.");
			return;
		}
		if (fy > 2029) {
			web_error_page(req, res, 404,
			               "There are no figures for that year: choose a year from the list.");
			return;
		}
	}
	struct kerr e = {0};
	json_t *r = report(req, council, &e);
	json_t *list = r ? store_resource_all(req->store, "council-areas", &e) : NULL;
	if (!list) {
		json_decref(r);
		page_read_failed(req, res, "places sufficiency", &e);
		return;
	}
	json_t *opts = json_array();
	json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "code", "", "name", "Every council",
	                                      "selected", council == NULL));
	size_t i;
	json_t *a;
	json_array_foreach(list, i, a)
	    json_array_append_new(opts, json_pack("{s:O, s:O, s:b}", "code", json_object_get(a, "id"), "name",
	                                          json_object_get(a, "name"), "selected",
	                                          council && strcmp(page_str(a, "id"), council) == 0));
	json_decref(list);
	json_t *councils = json_object_get(r, "councils");
	/* the years: those of the first council (every council's run to 2029-30) */
	json_t *years = json_array(), *yv;
	size_t yi = 0, chosen = (size_t)-1;
	json_t *first = json_array_get(councils, 0);
	json_array_foreach(json_object_get(first, "years"), i, yv)
	{
		int f = (int)json_integer_value(json_object_get(yv, "fy"));
		if (f == fy)
			chosen = i;
		yi = i;
	}
	if (fy < 0)
		chosen = yi; /* the last: 2029-30 */
	json_array_foreach(json_object_get(first, "years"), i, yv) json_array_append_new(
	    years, json_pack("{s:O, s:b}", "year", json_object_get(yv, "year"), "selected", i == chosen));
	if (first && chosen == (size_t)-1) {
		json_decref(r);
		json_decref(opts);
		json_decref(years);
		web_error_page(req, res, 404,
		               "There are no figures for that year: choose a year from the list.");
		return;
	}
	json_t *views = json_array(), *c;
	json_array_foreach(councils, i, c)
	{
		/* a council's years are the first's unless its records end in another year */
		size_t k, at = (size_t)-1;
		json_t *y;
		json_t *want = json_array_get(json_object_get(first, "years"), chosen);
		json_array_foreach(json_object_get(c, "years"), k,
		                   y) if (json_equal(json_object_get(y, "fy"), json_object_get(want, "fy")))
		    at = k;
		json_array_append_new(views, council_view(c, at));
	}
	json_t *without = json_array();
	json_array_foreach(json_object_get(r, "without_records"), i, c)
	    json_array_append_new(without, json_pack("{s:O}", "name", json_object_get(c, "name")));
	json_t *ctx = json_pack("{s:s, s:o, s:o, s:o, s:b, s:o, s:b, s:O}", "title", "Enough places to 2030?",
	                        "options", opts, "years", years, "councils", views, "has_councils",
	                        json_array_size(views) > 0, "without", without, "has_without",
	                        json_array_size(without) > 0, "draws", json_object_get(r, "draws"));
	json_decref(r);
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "", "Enough places to 2030?");
	json_object_set_new(ctx, "breadcrumbs", crumbs);
	web_page(req, res, 200, "places_sufficiency", ctx);
}

void web_api_sufficiency(struct web_request *req, struct web_response *res)
{
	const struct query *q = &req->query;
	for (size_t i = 0; i < q->n; i++) {
		char m[200];
		if (strcmp(q->p[i].name, "council") != 0) {
			snprintf(m, sizeof m, "unknown parameter '%.60s': sufficiency takes council only",
			         q->p[i].name);
			web_json_error(res, 400, "bad_parameter", m);
			return;
		}
		if (i > 0) {
			web_json_error(res, 400, "bad_parameter",
			               "council is given more than once: give it once");
			return;
		}
	}
	const char *council;
	if (!council_of(req, res, true, &council))
		return;
	struct kerr e = {0};
	json_t *r = report(req, council, &e);
	if (!r) {
		log_error("api sufficiency: %s", e.msg);
		web_json_error(res, 500, "internal",
		               "the server could not answer; the failure has been logged");
		return;
	}
	web_json(res, 200, r);
}
