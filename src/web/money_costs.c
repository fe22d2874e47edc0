/* The Money's costs on the web: placement costs from the records and the cost of failure
 * as sections any page can hold (web_money_costs_sections: /money folds them in), the
 * page /money/costs that shows them, the form that sets a council's own unit costs, and
 * /api/v1/unit-costs. Public: what it shows are sums over many children (a type with
 * few is counted, never shown alone) and published figures. */
#include "web/web.h"
#include "web/money_costs.h"

#include "base/buf.h"
#include "base/log.h"
#include "measures/measures.h"
#include "money/money.h"
#include "plan/unitcost.h"
#include "store/money_costs.h"
#include "web/page.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "£12,345" into o[key], or words when v is not a number. */
static void set_pounds(json_t *o, const char *key, json_t *v, const char *otherwise)
{
	if (!json_is_number(v)) {
		page_set_str(o, key, otherwise);
		return;
	}
	char n[48], w[56];
	money_thousands(n, sizeof n, json_number_value(v));
	snprintf(w, sizeof w, "£%s", n);
	page_set_str(o, key, w);
}

static void set_count(json_t *o, const char *key, json_t *v)
{
	char n[48];
	money_thousands(n, sizeof n, json_number_value(v));
	page_set_str(o, key, n);
}

/* The words of one area's costs by type (an area of money_costs_report). */
static void area_words(json_t *a)
{
	if (!a)
		return;
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(a, "types"), i, t)
	{
		bool few = json_is_true(json_object_get(t, "few")), priced = json_is_true(json_object_get(t, "priced"));
		if (few)
			page_set_str(t, "days_words", "not shown");
		else
			set_count(t, "days_words", json_object_get(t, "days"));
		set_pounds(t, "cost_words", json_object_get(t, "cost"),
		           few ? "not shown" : priced ? "£0" : "not priced");
		set_pounds(t, "weekly_words", json_object_get(t, "weekly_cost"), "not priced");
	}
	set_pounds(a, "total_words", json_object_get(a, "total"), "");
	set_pounds(a, "shown_total_words", json_object_get(a, "shown_total"), "£0");
	set_count(a, "unpriced_days_words", json_object_get(a, "unpriced_days"));
	set_count(a, "days_words", json_object_get(a, "days"));
	json_t *from = json_object_get(a, "price_year_from"), *to = json_object_get(a, "price_year_to");
	if (json_is_string(from)) {
		char w[40];
		if (json_equal(from, to))
			snprintf(w, sizeof w, "%s", json_string_value(from));
		else
			snprintf(w, sizeof w, "%s to %s", json_string_value(from), json_string_value(to));
		page_set_str(a, "price_years_words", w);
	}
}

static void failure_words(json_t *f)
{
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(f, "outcomes"), i, o)
	{
		if (!json_is_true(json_object_get(o, "priced")))
			continue;
		set_count(o, "extra_words", json_object_get(o, "extra_cases"));
		set_count(o, "cases_words", json_object_get(o, "cases"));
		set_pounds(o, "per_case_words", json_object_get(o, "cost_per_case"), "");
		set_pounds(o, "cost_words", json_object_get(o, "cost"), "");
	}
	set_pounds(f, "needs_words", json_object_get(f, "needs_total"), "");
	set_pounds(f, "lost_per_adult_words", json_object_get(f, "lost_per_adult"), "");
	set_pounds(f, "the_money_needs_words", json_object_get(f, "the_money_needs"), "");
	set_pounds(f, "the_money_lost_words", json_object_get(f, "the_money_lost"), "");
	json_t *params = json_object_get(f, "parameters");
	json_array_foreach(params, i, o)
	{
		json_t *v = json_object_get(o, "value");
		char w[64];
		if (json_is_number(v))
			snprintf(w, sizeof w, "%g", json_number_value(v));
		else
			snprintf(w, sizeof w, "not known");
		page_set_str(o, "value_words", w);
	}
}

int web_money_costs_sections(struct web_request *req, const char *area, int fy, struct buf *out, struct kerr *e)
{
	bool scotland = !area || strcmp(area, MEASURES_SCOTLAND) == 0;
	json_t *r = money_costs_report(req->store, NULL, fy, -1, 0, e);
	if (!r)
		return -1;
	json_t *council = NULL;
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(r, "councils"), i, a) if (!scotland && strcmp(page_str(a, "area"), area) == 0)
	    council = a;
	json_t *scot = json_object_get(r, "scotland");
	area_words(council);
	area_words(scot);
	/* Scotland's child-days are of the councils asked for: every one for Scotland's page;
	 * for a council's, Scotland's sums come from the whole report. */
	json_t *rows = json_array();
	json_t *ct = json_object_get(council, "types"), *st = json_object_get(scot, "types");
	for (size_t k = 0; k < json_array_size(st); k++) {
		json_t *row = json_pack("{s:O, s:O}", "label", json_object_get(json_array_get(st, k), "label"), "scotland",
		                        json_array_get(st, k));
		if (council)
			json_object_set(row, "council", json_array_get(ct, k));
		json_array_append_new(rows, row);
	}
	json_t *failure = json_object_get(r, "failure");
	failure_words(failure);
	/* The unit costs in force and where each comes from. */
	struct money_unit_costs uc;
	if (money_unit_costs_in_force(req->store, scotland ? NULL : area, &uc, e) < 0) {
		json_decref(rows);
		json_decref(r);
		return -1;
	}
	json_t *costs = money_unit_costs_json(&uc);
	json_array_foreach(costs, i, a) set_pounds(a, "weekly_words", json_object_get(a, "weekly_cost"), "not priced");
	char first[40], last[40];
	snprintf(first, sizeof first, "1 April %d", fy);
	snprintf(last, sizeof last, "31 March %d", fy + 1);
	json_t *ctx = json_pack("{s:O, s:s, s:s, s:O, s:o, s:O, s:o, s:O, s:b, s:O}", "year",
	                        json_object_get(r, "year"), "first_day", first, "last_day", last, "scotland_area", scot,
	                        "council_area", council ? json_incref(council) : json_null(), "failure", failure, "rows",
	                        rows, "councils_with_records", json_object_get(r, "councils_with_records"), "has_records",
	                        json_integer_value(json_object_get(scot, "days")) > 0, "unit_costs",
	                        costs);
	json_decref(costs);
	json_object_set_new(ctx, "has_council", json_boolean(council != NULL));
	json_object_set_new(ctx, "one_council", json_boolean(json_integer_value(json_object_get(r, "councils_with_records")) == 1));
	if (!scotland && !council)
		page_set_str(ctx, "no_council_records", area);
	int rc = tmpl_render(req->tmpl, "money_costs_sections", ctx, out, e);
	json_decref(ctx);
	json_decref(r);
	return rc;
}

/* The area and year a page or form asks for: area a council area's code, Scotland's, or
 * none (Scotland); year "2024-25" or none (the latest the records cover). False after
 * answering 400 or 404. */
static bool area_year(struct web_request *req, struct web_response *res, const char **area, int *fy)
{
	*area = query_get(&req->query, "area");
	if (*area && (!**area || strcmp(*area, MEASURES_SCOTLAND) == 0))
		*area = NULL;
	struct kerr e = {0};
	if (*area && !store_council_area_known(req->store, *area, &e)) {
		web_error_page(req, res, 404, "There is no council area with that code.");
		return false;
	}
	const char *y = query_get(&req->query, "year");
	*fy = -1;
	if (y && *y) {
		*fy = money_fy_parse(y);
		if (*fy < 1990 || *fy > req->today.y + 1) {
			web_error_page(req, res, 400, "The year must be a financial year such as 2024-25.");
			return false;
		}
	}
	if (*fy < 0) {
		*fy = money_costs_latest_fy(req->store, &e);
		if (*fy == -2) {
			page_read_failed(req, res, "money costs", &e);
			return false;
		}
	}
	return true;
}

void web_page_money_costs(struct web_request *req, struct web_response *res)
{
	const char *area;
	int fy;
	if (!area_year(req, res, &area, &fy))
		return;
	struct kerr e = {0};
	json_t *list = store_resource_all(req->store, "council-areas", &e);
	if (!list) {
		page_read_failed(req, res, "money costs", &e);
		return;
	}
	json_t *areas = json_array();
	json_array_append_new(areas, json_pack("{s:s, s:s, s:b}", "code", MEASURES_SCOTLAND, "name", "Scotland",
	                                       "selected", area == NULL));
	size_t i;
	json_t *a;
	const char *area_name = "Scotland";
	json_array_foreach(list, i, a)
	{
		bool chosen = area && strcmp(page_str(a, "id"), area) == 0;
		if (chosen)
			area_name = page_str(a, "name");
		json_array_append_new(areas, json_pack("{s:O, s:O, s:b}", "code", json_object_get(a, "id"), "name",
		                                       json_object_get(a, "name"), "selected", chosen));
	}
	json_t *ctx = json_pack("{s:s, s:o, s:s, s:b}", "title", "What placements cost, and the cost of failure",
	                        "areas", areas, "area_name", area_name, "has_year", fy >= 0);
	if (fy >= 0) {
		char w[8];
		money_fy_words(fy, w);
		page_set_str(ctx, "year", w);
		struct buf html = {0};
		if (web_money_costs_sections(req, area, fy, &html, &e) < 0) {
			buf_free(&html);
			json_decref(list);
			json_decref(ctx);
			page_read_failed(req, res, "money costs", &e);
			return;
		}
		page_set_str(ctx, "sections", buf_str(&html));
		buf_free(&html);
	}
	if (area) {
		json_object_set_new(ctx, "area", json_string(area));
		json_object_set_new(ctx, "may_set", json_boolean(unit_cost_may_set(req->store, req->user, area)));
	}
	json_decref(list);
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "", "What placements cost");
	json_object_set_new(ctx, "breadcrumbs", crumbs);
	web_page(req, res, 200, "money_costs", ctx);
}

/* ---- the form: one placement type's own cost of a council area ---- */

static const char refused_set[] =
    "Only The Promise Scotland's staff, admins, and the editors of the council or its health and social care "
    "partnership set a council area's own unit costs.";

/* The form page for area, with what was typed (f: type, weekly_cost, price_year, source,
 * remove) and errors ({field: message}, taken). */
static void costs_form(struct web_request *req, struct web_response *res, int status, const char *area,
                       json_t *f, json_t *errors)
{
	struct kerr e = {0};
	struct money_unit_costs uc, dflt;
	json_t *ca = store_resource_get(req->store, "council-areas", area, &e);
	if (!ca || money_unit_costs_in_force(req->store, area, &uc, &e) < 0 || money_unit_costs_default(&dflt, &e) < 0) {
		json_decref(ca);
		json_decref(f);
		json_decref(errors);
		page_read_failed(req, res, "unit costs form", &e);
		return;
	}
	const char *type = page_str(f, "type");
	json_t *types = json_array();
	for (int t = 0; t < MONEY_NTYPES; t++) {
		char now[200], w[48];
		if (uc.t[t].weekly >= 0) {
			char py[8];
			money_fy_words(uc.t[t].price_year, py);
			money_thousands(w, sizeof w, uc.t[t].weekly);
			snprintf(now, sizeof now, "£%s a week (%s pounds)%s", w, py,
			         uc.t[t].own ? ", the council's own" : ", keep's default");
		} else {
			snprintf(now, sizeof now, "not priced");
		}
		json_array_append_new(types, json_pack("{s:s, s:s, s:s, s:b}", "key", records_placement_type_codes[t],
		                                       "label", money_type_labels[t], "now", now, "selected",
		                                       type && strcmp(type, records_placement_type_codes[t]) == 0));
	}
	json_t *list = page_error_list(errors);
	bool wrong = json_array_size(list) > 0;
	char title[200], action[80];
	snprintf(title, sizeof title, "%sSet %s's own unit costs", wrong ? "Error: " : "", page_str(ca, "name"));
	snprintf(action, sizeof action, "/money/costs/%s/edit", area);
	json_t *crumbs = page_crumbs_new();
	char back[80];
	snprintf(back, sizeof back, "/money/costs?area=%s", area);
	page_crumb_add(crumbs, back, "What placements cost");
	page_crumb_add(crumbs, "", "Set own unit costs");
	json_t *ctx = json_pack("{s:s, s:O, s:s, s:s, s:s, s:o, s:o, s:o, s:b, s:s, s:o, s:o}", "title", title,
	                        "area_name", json_object_get(ca, "name"), "area", area, "form_action", action, "back",
	                        back, "types", types, "errors", errors, "error_list", list, "has_errors", wrong, "csrf",
	                        page_str(req->user, "csrf") ? page_str(req->user, "csrf") : "", "breadcrumbs", crumbs,
	                        "form", f);
	json_decref(ca);
	web_page(req, res, status, "money_costs_edit", ctx);
	res->cache_control = "no-store";
}

/* The council area of the form (/money/costs/AREA/edit), for someone who may set its
 * costs; NULL when answered. */
static const char *settable_area(struct web_request *req, struct web_response *res)
{
	if (!page_signed_in(req, res))
		return NULL;
	const char *area = req->params[0];
	struct kerr e = {0};
	if (!area || !store_council_area_known(req->store, area, &e)) {
		web_error_page(req, res, 404, "There is no council area with that code.");
		return NULL;
	}
	if (!unit_cost_may_set(req->store, req->user, area)) {
		web_error_page(req, res, 403, refused_set);
		return NULL;
	}
	return area;
}

void web_page_money_costs_edit(struct web_request *req, struct web_response *res)
{
	const char *area = settable_area(req, res);
	if (!area)
		return;
	costs_form(req, res, 200, area, json_object(), json_object());
}

void web_money_costs_edit_post(struct web_request *req, struct web_response *res)
{
	const char *area = settable_area(req, res);
	if (!area)
		return;
	const struct query *q = &req->form;
	const char *type = query_get(q, "type"), *weekly = query_get(q, "weekly_cost"),
	           *py = query_get(q, "price_year"), *source = query_get(q, "source"), *remove = query_get(q, "remove");
	json_t *f = json_pack("{s:s, s:s, s:s, s:s}", "type", type ? type : "", "weekly_cost", weekly ? weekly : "",
	                      "price_year", py ? py : "", "source", source ? source : "");
	json_t *errors = json_object();
	bool del = remove && *remove;
	double w = 0;
	int fy = -1;
	if (!type || money_type_of(type) < 0)
		json_object_set_new(errors, "type", json_string("Choose a placement type"));
	if (!del) {
		char *end = NULL;
		w = weekly && *weekly ? strtod(weekly, &end) : NAN;
		if (!weekly || !*weekly || *end || !isfinite(w) || w < 0 || w > 100000)
			json_object_set_new(errors, "weekly_cost",
			                    json_string("Enter the cost a week in pounds, a number from 0 to 100,000, like 850 or 850.50"));
		fy = py ? money_fy_parse(py) : -1;
		if (fy < 1990 || fy > 2100)
			json_object_set_new(errors, "price_year",
			                    json_string("Enter the financial year of the pounds, like 2024-25"));
		if (!source || !source[strspn(source, " \t\r\n")])
			json_object_set_new(errors, "source", json_string("Say where the figure comes from"));
		else if (strlen(source) > 600)
			json_object_set_new(errors, "source", json_string("Keep it to 600 characters"));
	}
	if (json_object_size(errors) > 0) {
		costs_form(req, res, 400, area, f, errors);
		return;
	}
	struct kerr e = {0};
	int rc = unit_cost_set(req->store, page_str(req->user, "email"), area, type, del ? NULL : &w, fy, source, NULL,
	                       &e);
	if (rc < 0 && (e.code == KERR_INVALID || e.code == KERR_NOTFOUND)) {
		/* the domain's message is "field: words" */
		const char *colon = strstr(e.msg, ": ");
		char field[40] = "type";
		if (e.code == KERR_NOTFOUND)
			snprintf(field, sizeof field, "remove");
		else if (colon && (size_t)(colon - e.msg) < sizeof field)
			snprintf(field, sizeof field, "%.*s", (int)(colon - e.msg), e.msg);
		json_object_set_new(errors, field,
		                    json_string(e.code == KERR_NOTFOUND ? "This council has no own cost for that type to remove"
		                                : colon                 ? colon + 2
		                                                        : e.msg));
		costs_form(req, res, 400, area, f, errors);
		return;
	}
	json_decref(f);
	json_decref(errors);
	char where[80];
	snprintf(where, sizeof where, "/money/costs?area=%s", area);
	if (rc < 0) {
		page_saved(req, res, rc, &e, where, "");
		return;
	}
	web_redirect(res, where);
}

/* ---- the API ---- */

static void api_internal(struct web_response *res, const struct kerr *e)
{
	log_error("api: unit costs: %s", e->msg);
	web_json_error(res, 500, "internal", "the server could not answer; the failure has been logged");
}

/* 422 with fields {field: words} from a message "field: words" (the domain's). */
static void api_invalid(struct web_response *res, const char *msg)
{
	const char *colon = strstr(msg, ": ");
	char field[40] = "body";
	if (colon && (size_t)(colon - msg) < sizeof field) {
		memcpy(field, msg, (size_t)(colon - msg));
		field[colon - msg] = '\0';
	}
	json_t *root = json_pack("{s:{s:s, s:s, s:{s:s}}}", "error", "code", "invalid", "message",
	                         "Some fields are not right: see fields. Nothing was saved.", "fields", field,
	                         colon ? colon + 2 : msg);
	web_json(res, 422, root);
}

/* GET /api/v1/unit-costs[?area=CODE]: the unit costs in force, by type. */
void web_api_unit_costs_get(struct web_request *req, struct web_response *res)
{
	const char *area = NULL;
	for (size_t i = 0; i < req->query.n; i++) {
		if (strcmp(req->query.p[i].name, "area") != 0 || area) {
			char m[200];
			snprintf(m, sizeof m, "unknown parameter '%.60s': unit-costs takes area (a council area's GSS code), once",
			         req->query.p[i].name);
			web_json_error(res, 400, "bad_parameter", m);
			return;
		}
		area = req->query.p[i].value;
	}
	struct kerr e = {0};
	if (area && strcmp(area, MEASURES_SCOTLAND) == 0)
		area = NULL;
	if (area && !store_council_area_known(req->store, area, &e)) {
		char m[200];
		snprintf(m, sizeof m, "no council area has the code '%.40s'", area);
		web_json_error(res, 404, "not_found", m);
		return;
	}
	struct money_unit_costs uc;
	if (money_unit_costs_in_force(req->store, area, &uc, &e) < 0) {
		api_internal(res, &e);
		return;
	}
	web_json(res, 200, json_pack("{s:s, s:o}", "area", area ? area : MEASURES_SCOTLAND, "data",
	                             money_unit_costs_json(&uc)));
}

/* POST /api/v1/unit-costs {area, type, weekly_cost, price_year, source}: sets a council
 * area's own weekly cost of a type (weekly_cost null: removes it, and the default is in
 * force again). 200 with the area's costs in force. */
void web_api_unit_costs_post(struct web_request *req, struct web_response *res)
{
	res->cache_control = "no-store";
	if (!req->user) {
		web_json_error(res, 401, "unauthorized",
		               "Sign in first: POST /api/v1/session with {\"email\", \"password\"} gives a token to send as "
		               "Authorization: Bearer <token>.");
		return;
	}
	json_t *b = req->json;
	if (!json_is_object(b)) {
		web_json_error(res, 400, "bad_body",
		               "Send a JSON object with Content-Type: application/json, for example {\"area\": \"S12000005\", "
		               "\"type\": \"kinship\", \"weekly_cost\": 250, \"price_year\": \"2024-25\", \"source\": \"...\"}.");
		return;
	}
	const char *key;
	json_t *v;
	json_object_foreach(b, key, v)
	{
		bool known = strcmp(key, "area") == 0 || strcmp(key, "type") == 0 || strcmp(key, "weekly_cost") == 0 ||
		             strcmp(key, "price_year") == 0 || strcmp(key, "source") == 0;
		bool typed = strcmp(key, "weekly_cost") == 0 ? json_is_number(v) || json_is_null(v)
		                                             : json_is_string(v) || json_is_null(v);
		if (!known || !typed) {
			char m[240];
			snprintf(m, sizeof m,
			         known ? "field '%.60s': weekly_cost is a number or null, the others strings"
			               : "unknown field '%.60s': this request takes area, type, weekly_cost, price_year, source",
			         key);
			web_json_error(res, 400, "bad_body", m);
			return;
		}
	}
	const char *area = json_string_value(json_object_get(b, "area"));
	const char *type = json_string_value(json_object_get(b, "type"));
	json_t *w = json_object_get(b, "weekly_cost");
	const char *py = json_string_value(json_object_get(b, "price_year"));
	const char *source = json_string_value(json_object_get(b, "source"));
	struct kerr e = {0};
	if (!area || !store_council_area_known(req->store, area, &e)) {
		api_invalid(res, "area: give a council area's GSS code");
		return;
	}
	if (!unit_cost_may_set(req->store, req->user, area)) {
		web_json_error(res, 403, "forbidden", refused_set);
		return;
	}
	double weekly = json_number_value(w);
	int fy = py ? money_fy_parse(py) : -1;
	if (json_is_number(w) && fy < 0) {
		api_invalid(res, "price_year: a financial year such as 2024-25");
		return;
	}
	if (unit_cost_set(req->store, page_str(req->user, "email"), area, type, json_is_number(w) ? &weekly : NULL, fy,
	                  source, NULL, &e) < 0) {
		if (e.code == KERR_INVALID)
			api_invalid(res, e.msg);
		else if (e.code == KERR_NOTFOUND)
			web_json_error(res, 404, "not_found", "this area has no own cost for that type to remove");
		else
			api_internal(res, &e);
		return;
	}
	struct money_unit_costs uc;
	if (money_unit_costs_in_force(req->store, area, &uc, &e) < 0) {
		api_internal(res, &e);
		return;
	}
	web_json(res, 200, json_pack("{s:s, s:o}", "area", area, "data", money_unit_costs_json(&uc)));
}
