/* GET /api/v1/crossborder: the children placed in Scotland by authorities outside Scotland
 * on a day, by council area and service type, protected as the measures' counts are
 * (docs/places.md "Where children live now"). Only counts: no row of the register. */
#include "web/web.h"
#include "web/places_crossborder.h"

#include "base/date.h"
#include "base/log.h"
#include "measures/measures.h"
#include "measures/sdc.h"
#include "place/place.h"
#include "plan/crossborder.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *status_word(unsigned char st)
{
	return st == SDC_PRIMARY ? "primary" : st == SDC_SECONDARY ? "secondary" : "published";
}

/* {"children": N or null, "status": ...} into o. */
static void count_into(json_t *o, long v, unsigned char st)
{
	bool shown = st == SDC_PUBLISHED || st == SDC_PUBLIC;
	json_object_set_new(o, "children", shown ? json_integer(v) : json_null());
	json_object_set_new(o, "status", json_string(status_word(st)));
}

void web_api_crossborder_get(struct web_request *req, struct web_response *res)
{
	const char *day_text = NULL;
	for (size_t i = 0; i < req->query.n; i++) {
		if (strcmp(req->query.p[i].name, "day") != 0 || day_text) {
			char m[200];
			snprintf(m, sizeof m,
			         "unknown parameter '%.60s': crossborder takes day (YYYY-MM-DD), once",
			         req->query.p[i].name);
			web_json_error(res, 400, "bad_parameter", m);
			return;
		}
		day_text = req->query.p[i].value;
	}
	struct kdate d = date_today();
	struct kerr e = {0};
	if (day_text && (date_parse(day_text, &d, &e) < 0 || !date_valid(d))) {
		web_json_error(res, 400, "bad_parameter", "day: give a real date as YYYY-MM-DD");
		return;
	}
	struct place_service *svc = NULL;
	struct place_crossborder *rows = NULL;
	size_t nsvc = 0, n = 0;
	if (store_place_services(req->store, &svc, &nsvc, &e) < 0 ||
	    store_crossborder_all(req->store, &rows, &n, &e) < 0) {
		free(svc);
		log_error("api: crossborder: %s", e.msg);
		web_json_error(res, 500, "internal",
		               "the server could not answer; the failure has been logged");
		return;
	}
	long count[PLACE_NCOUNCILS][PT_NTYPES], total;
	place_crossborder_count(rows, n, svc, nsvc, (int32_t)date_days(d), count, &total);
	free(rows);
	free(svc);
	struct place_crossborder_table *t = malloc(sizeof *t);
	if (!t) {
		web_json_error(res, 500, "internal",
		               "the server could not answer; the failure has been logged");
		return;
	}
	place_crossborder_protect(count, t);
	char iso[11];
	date_format(d, iso);
	json_t *all = json_object();
	count_into(all, t->total, t->total_status);
	json_t *types = json_array();
	for (int k = 0; k < PT_NTYPES; k++) {
		json_t *o =
		    json_pack("{s:s, s:s}", "type", place_type_keys[k], "label", place_type_labels[k]);
		count_into(o, t->type[k], t->type_status[k]);
		json_array_append_new(types, o);
	}
	json_t *councils = json_array();
	for (int c = 0; c < PLACE_NCOUNCILS; c++) {
		json_t *o =
		    json_pack("{s:s, s:s}", "area", place_council_code(c), "name", place_council_name(c));
		count_into(o, t->council[c], t->council_status[c]);
		json_t *by = json_array();
		for (int k = 0; k < PT_NTYPES; k++) {
			json_t *x = json_pack("{s:s}", "type", place_type_keys[k]);
			count_into(x, t->count[c][k], t->count_status[c][k]);
			json_array_append_new(by, x);
		}
		json_object_set_new(o, "types", by);
		json_array_append_new(councils, o);
	}
	free(t);
	web_json(res, 200,
	         json_pack("{s:s, s:s, s:{s:o, s:o, s:o}}", "day", iso, "area", MEASURES_SCOTLAND, "data",
	                   "scotland", all, "types", types, "councils", councils));
}

void web_api_crossborder_post(struct web_request *req, struct web_response *res)
{
	res->cache_control = "no-store";
	if (!req->user) {
		web_json_error(res, 401, "unauthorized",
		               "Sign in first: POST /api/v1/session with {\"email\", \"password\"} gives a "
		               "token to send as "
		               "Authorization: Bearer <token>.");
		return;
	}
	if (!crossborder_may_import(req->user)) {
		web_json_error(res, 403, "forbidden",
		               "Only The Promise Scotland's staff may replace the register of "
		               "cross-border placements.");
		return;
	}
	json_t *b = req->json;
	const char *key;
	json_t *v;
	json_object_foreach(b, key, v)
	{
		if (strcmp(key, "csv") != 0 || !json_is_string(v)) {
			web_json_error(
			    res, 400, "bad_body",
			    "This request takes one field, csv: the register as crossborder.csv (regno, "
			    "placing_authority, date_in, date_out), a string.");
			return;
		}
	}
	const char *csv = json_string_value(json_object_get(b, "csv"));
	struct kerr e = {0};
	if (!csv) {
		web_json(res, 422,
		         json_pack("{s:{s:s, s:s, s:{s:s}}}", "error", "code", "invalid", "message",
		                   "Some fields are not right: see fields. Nothing was saved.", "fields",
		                   "csv", "Give the register as crossborder.csv, in the field csv."));
		return;
	}
	struct place_service *svc = NULL;
	size_t nsvc = 0, n = 0;
	struct place_crossborder *rows = NULL;
	if (store_place_services(req->store, &svc, &nsvc, &e) < 0) {
		log_error("api: crossborder: %s", e.msg);
		web_json_error(res, 500, "internal",
		               "the server could not answer; the failure has been logged");
		return;
	}
	int rc = place_crossborder_read(csv, strlen(csv), "crossborder.csv", svc, nsvc, &rows, &n, &e);
	free(svc);
	if (rc < 0) {
		web_json(res, 422,
		         json_pack("{s:{s:s, s:s, s:{s:s}}}", "error", "code", "invalid", "message",
		                   "Some fields are not right: see fields. Nothing was saved.", "fields",
		                   "csv", e.msg));
		return;
	}
	rc = store_crossborder_replace(req->store, json_string_value(json_object_get(req->user, "email")),
	                               rows, n, &e);
	free(rows);
	if (rc < 0) {
		log_error("api: crossborder: %s", e.msg);
		web_json_error(res, 500, "internal",
		               "the server could not answer; the failure has been logged");
		return;
	}
	web_json(res, 200, json_pack("{s:{s:I}}", "data", "rows", (json_int_t)n));
}
