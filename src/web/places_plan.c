/* Plans for requests for a place (docs/places.md "Runs and decisions"): /places/plan
 * (upload requests, the saved runs), a run's page with each request's recommendation,
 * the comparison, and the forms to accept or reject; and the API /api/v1/place-plans.
 * Only those who may (plan/placeplan.h: staff and admins; a council's own people for its
 * requests) see anything; everyone else is refused before any plan is read. Requests are
 * pseudonymous: a reference, age bands and needs. */
#include "web/page.h"

#include "base/log.h"
#include "place/place.h"
#include "plan/placeplan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Seconds a plan made through the web may take at most. */
#define WEB_PLAN_SECONDS 30

static const char refused_see[] =
    "Only The Promise Scotland's staff, and a council's own people for their council's requests, see plans for "
    "requests for a place.";

static const char *council_name(const char *code)
{
	const char *n = code ? place_council_name(place_council_index(code)) : NULL;
	return n ? n : code ? code : "";
}

/* Who is asking; false after answering 500 when the store fails. */
static bool who_of(struct web_request *req, struct web_response *res, struct placeplan_who *w, bool api)
{
	struct kerr e = {0};
	if (placeplan_who_of(req->store, req->user, w, &e) == 0)
		return true;
	log_error("who may see plans: %s", e.msg);
	if (api)
		web_json_error(res, 500, "internal", "the server could not answer; the failure has been logged");
	else
		web_error_page(req, res, 500, NULL);
	return false;
}

/* The requests' homes may be run by w. */
static bool may_run(const struct placeplan_who *w, const struct place_request *r, size_t n)
{
	const char **homes = calloc(n ? n : 1, sizeof *homes);
	for (size_t i = 0; i < n; i++)
		homes[i] = r[i].home;
	bool ok = placeplan_may_run(w, homes, n);
	free(homes);
	return ok;
}

/* Makes the plan of r (nationally, or council by council), always with the comparison;
 * saved when save. 0 with *run; -1 with e. */
static int make(struct web_request *req, const struct placeplan_who *w, const struct place_request *r, size_t n,
                int32_t day, bool by_council, bool save, json_t **run, long long *id, struct kerr *e)
{
	struct place_options o = {.time_limit_s = WEB_PLAN_SECONDS};
	if (placeplan_make(req->store, r, n, day, by_council, true, &o, run, e) < 0)
		return -1;
	*id = 0;
	if (save && placeplan_save(req->store, w, *run, id, e) < 0) {
		json_decref(*run);
		*run = NULL;
		return -1;
	}
	if (*id)
		json_object_set_new(*run, "id", json_integer(*id));
	return 0;
}

/* ---------------------------------------------------------------- pages */

static void list_page(struct web_request *req, struct web_response *res, const struct placeplan_who *w, int status,
                      json_t *errors, const char *problem)
{
	struct kerr e = {0};
	json_t *runs = placeplan_list(req->store, w, &e);
	if (!runs) {
		json_decref(errors);
		page_read_failed(req, res, "plans for requests", &e);
		return;
	}
	size_t i;
	json_t *x;
	json_array_foreach(runs, i, x)
	{
		page_set_date_words(x, "day_words", page_str(x, "day"));
		page_set_str(x, "scope_words", strcmp(page_str(x, "scope"), "council") == 0 ? "Council by council" : "Nationally");
		json_object_set_new(x, "at_words", json_stringn(page_str(x, "at"), 10));
		page_set_date_words(x, "at_words", page_str(x, "at_words"));
	}
	json_t *list = page_error_list(errors);
	bool may_upload = w->all || (w->council[0] && w->may_decide);
	json_t *ctx = json_pack("{s:s,s:o,s:b,s:b,s:s,s:o,s:o,s:b,s:s?,s:s?}", "title",
	                        json_array_size(list) || problem ? "Error: plans for requests for a place"
	                                                         : "Plans for requests for a place",
	                        "runs", runs, "has_runs", json_array_size(runs) > 0, "may_upload", may_upload, "csrf",
	                        page_str(req->user, "csrf") ? page_str(req->user, "csrf") : "", "errors", errors,
	                        "error_list", list, "has_errors", json_array_size(list) > 0, "problem", problem, "council",
	                        w->all ? NULL : council_name(w->council));
	char today[11];
	date_format(req->today, today);
	page_set_str(ctx, "today", today);
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "", "Plans for requests for a place");
	json_object_set_new(ctx, "breadcrumbs", crumbs);
	web_page(req, res, status, "place_plans", ctx);
	res->cache_control = "no-store";
}

/* Signed in as someone who may see plans: true; otherwise answered. */
static bool may_see_page(struct web_request *req, struct web_response *res, struct placeplan_who *w)
{
	if (!page_signed_in(req, res) || !who_of(req, res, w, false))
		return false;
	if (!placeplan_may_see(w)) {
		web_error_page(req, res, 403, refused_see);
		return false;
	}
	return true;
}

void web_page_places_plan(struct web_request *req, struct web_response *res)
{
	struct placeplan_who w;
	if (may_see_page(req, res, &w))
		list_page(req, res, &w, 200, json_object(), NULL);
}

void web_places_plan_post(struct web_request *req, struct web_response *res)
{
	struct placeplan_who w;
	if (!may_see_page(req, res, &w))
		return;
	const struct upload *file = NULL;
	for (size_t i = 0; i < req->nfiles; i++)
		if (strcmp(req->files[i].field, "requests") == 0 && (req->files[i].filename[0] || req->files[i].len))
			file = &req->files[i];
	json_t *errors = json_object();
	const char *day_text = query_get(&req->form, "day");
	struct kdate d = req->today;
	struct kerr e = {0};
	if (day_text && *day_text && date_parse(day_text, &d, &e) < 0)
		json_object_set_new(errors, "day", json_string("Enter the day as YYYY-MM-DD, for example 2026-12-08"));
	if (!file)
		json_object_set_new(errors, "requests", json_string("Choose the file of requests (a CSV file)"));
	if (json_object_size(errors)) {
		list_page(req, res, &w, 400, errors, NULL);
		return;
	}
	struct place_request *r = NULL;
	size_t n = 0;
	const char *name = file->filename[0] ? file->filename : "requests.csv";
	if (place_requests_read(file->data, file->len, name, &r, &n, &e) < 0) {
		list_page(req, res, &w, 400, errors, e.msg);
		return;
	}
	if (!may_run(&w, r, n)) {
		free(r);
		list_page(req, res, &w, 403, errors,
		          "You may plan only your own council's requests: every request's home must be your council.");
		return;
	}
	const char *scope = query_get(&req->form, "scope");
	json_t *run = NULL;
	long long id = 0;
	int rc = make(req, &w, r, n, (int32_t)date_days(d), scope && strcmp(scope, "council") == 0, true, &run, &id, &e);
	free(r);
	json_decref(run);
	if (rc < 0) {
		log_error("a plan through the web: %s", e.msg);
		if (e.code == KERR_INVALID || e.code == KERR_USAGE)
			list_page(req, res, &w, 400, errors, e.msg);
		else {
			json_decref(errors);
			web_error_page(req, res, 500, NULL);
		}
		return;
	}
	json_decref(errors);
	char to[64];
	snprintf(to, sizeof to, "/places/plan/%lld", id);
	web_redirect(res, to);
}

/* The run's id in the path, or -1 after answering 404. */
static long long id_param(struct web_request *req, struct web_response *res, bool api)
{
	const char *p = req->params[0];
	char *end;
	long long id = p && *p >= '1' && *p <= '9' ? strtoll(p, &end, 10) : -1;
	if (id <= 0 || *end) {
		if (api)
			web_json_error(res, 404, "not_found", "No such plan.");
		else
			web_error_page(req, res, 404, "There is no such plan.");
		return -1;
	}
	return id;
}

/* A child's place in words. */
static void place_words(json_t *c, struct buf *b)
{
	buf_printf(b, "%s (%s), %s, %s", page_str(c, "name"), page_str(c, "service"),
	           json_is_true(json_object_get(c, "outside_scotland")) ? "outside Scotland"
	                                                                : council_name(page_str(c, "council")),
	           place_sector_labels[place_sector_of(page_str(c, "sector")) >= 0 ? place_sector_of(page_str(c, "sector"))
	                                                                            : 0]);
	if (json_is_true(json_object_get(c, "near_home")))
		buf_puts(b, ", near home");
	if (json_is_true(json_object_get(c, "made_up")))
		buf_puts(b, " (a made-up service, for showing how keep works: not real)");
}

static const char *band_words(const char *key)
{
	for (int b = 0; b < MB_NBANDS; b++)
		if (key && strcmp(key, money_band_keys[b]) == 0)
			return money_band_labels[b];
	return key ? key : "";
}

/* The words a run's page shows for each request, and the comparison's rows. */
static void run_words(json_t *run)
{
	size_t i;
	json_t *q;
	page_set_date_words(run, "day_words", page_str(run, "day"));
	json_object_set_new(run, "at_words", json_stringn(page_str(run, "at"), 10));
	page_set_date_words(run, "at_words", page_str(run, "at_words"));
	bool council = strcmp(page_str(run, "scope"), "council") == 0;
	page_set_str(run, "scope_words", council ? "council by council" : "nationally");
	json_object_set_new(run, "optimal", json_boolean(strcmp(page_str(run, "status"), "optimal") == 0));
	json_array_foreach(json_object_get(run, "requests"), i, q)
	{
		page_set_str(q, "home_words", council_name(page_str(q, "home")));
		if (page_str(q, "school"))
			page_set_str(q, "school_words", council_name(page_str(q, "school")));
		json_t *kids = json_object_get(q, "children"), *rec = json_object_get(q, "recommendation");
		json_t *where = json_object_get(rec, "children");
		size_t n = json_array_size(kids);
		json_object_set_new(q, "child_count", json_integer((json_int_t)n));
		json_object_set_new(q, "group", json_boolean(n >= 2));
		json_t *rows = json_array();
		for (size_t c = 0; c < n; c++) {
			json_t *k = json_array_get(kids, c), *wh = json_array_get(where, c);
			struct buf needs = {0}, at = {0};
			size_t j;
			json_t *nd;
			json_array_foreach(json_object_get(k, "needs"), j, nd)
			{
				int x = place_need_of(json_string_value(nd));
				buf_printf(&needs, "%s%s", j ? "; " : "", x >= 0 ? place_need_labels[x] : json_string_value(nd));
			}
			if (json_is_null(wh) || !wh)
				buf_puts(&at, "Not placed");
			else
				place_words(wh, &at);
			json_array_append_new(rows, json_pack("{s:i,s:s,s:s,s:s,s:b}", "number", (int)c + 1, "band_words",
			                                      band_words(page_str(k, "band")), "needs_words",
			                                      needs.len ? buf_str(&needs) : "None given", "where_words",
			                                      buf_str(&at), "placed", wh && !json_is_null(wh)));
			buf_free(&needs);
			buf_free(&at);
		}
		json_object_set_new(q, "rows", rows);
		json_t *t = json_object_get(rec, "together");
		if (t && !json_is_null(t))
			page_set_str(q, "together_words",
			             json_is_true(t)                               ? "All placed together"
			             : json_is_true(json_object_get(q, "together")) ? "Not placed together"
			                                                            : "Not to live together: kept apart as asked");
		const char *u = page_str(q, "urgency");
		page_set_str(q, "urgency_words", !u                           ? ""
		                                 : strcmp(u, "today") == 0 ? "today"
		                                 : strcmp(u, "week") == 0  ? "within a week"
		                                                           : "within a month");
		json_t *d = json_object_get(q, "decision");
		if (d && !json_is_null(d)) {
			page_set_str(d, "decision_words",
			             strcmp(page_str(d, "decision"), "accepted") == 0 ? "Accepted" : "Rejected");
			page_set_date_words(d, "at_words", page_str(d, "at") ? page_str(d, "at") : "");
			json_object_set_new(q, "decided", json_true());
		}
	}
	/* the comparison: one row per aim */
	json_t *aims = json_object_get(run, "aims"), *cmp = json_object_get(aims, "comparison");
	json_t *rows = json_array();
	for (int a = 0; a < PA_NAIMS; a++) {
		json_t *row = json_pack("{s:s}", "aim", a == PA_COST ? "Weekly cost (pounds)" : place_aim_labels[a]);
		static const char *const cols[] = {"national", "council", "greedy"};
		for (int k = 0; k < 3; k++) {
			json_t *c = json_object_get(json_object_get(cmp, cols[k]), "aims");
			json_t *v = json_object_get(c ? c : json_object_get(aims, "aims"), place_aim_keys[a]);
			if (c || (k == (council ? 1 : 0)))
				json_object_set(row, cols[k], v ? v : json_null());
		}
		json_t *b = json_object_get(json_object_get(aims, "bounds"), place_aim_keys[a]);
		json_object_set(row, "bound", b ? b : json_null());
		json_array_append_new(rows, row);
	}
	json_object_set_new(run, "comparison_rows", rows);
	json_object_set_new(run, "has_greedy", json_boolean(json_object_get(cmp, "greedy") != NULL));
	json_object_set_new(run, "has_other", json_boolean(json_object_get(cmp, council ? "national" : "council") != NULL));
}

void web_page_places_plan_run(struct web_request *req, struct web_response *res)
{
	struct placeplan_who w;
	if (!may_see_page(req, res, &w))
		return;
	long long id = id_param(req, res, false);
	if (id < 0)
		return;
	struct kerr e = {0};
	json_t *run = placeplan_get(req->store, &w, id, &e);
	if (!run) {
		if (e.code == KERR_NOTFOUND)
			web_error_page(req, res, 404, "There is no such plan.");
		else
			page_read_failed(req, res, "a plan for requests", &e);
		return;
	}
	run_words(run);
	char title[80];
	snprintf(title, sizeof title, "Plan %lld", id);
	json_t *ctx = json_pack("{s:s,s:o,s:b,s:s}", "title", title, "run", run, "may_decide", w.may_decide, "csrf",
	                        page_str(req->user, "csrf") ? page_str(req->user, "csrf") : "");
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/places/plan", "Plans for requests for a place");
	page_crumb_add(crumbs, "", title);
	json_object_set_new(ctx, "breadcrumbs", crumbs);
	web_page(req, res, 200, "place_plan", ctx);
	res->cache_control = "no-store";
}

void web_places_plan_decision_post(struct web_request *req, struct web_response *res)
{
	struct placeplan_who w;
	if (!may_see_page(req, res, &w))
		return;
	long long id = id_param(req, res, false);
	if (id < 0)
		return;
	const char *ref = query_get(&req->form, "request"), *decision = query_get(&req->form, "decision"),
	           *reason = query_get(&req->form, "reason");
	struct kerr e = {0};
	int rc = placeplan_decide(req->store, &w, id, ref, decision, reason, &e);
	if (rc < 0) {
		if (e.code == KERR_NOTFOUND)
			web_error_page(req, res, 404, "There is no such plan or request.");
		else if (e.code == KERR_USAGE)
			web_error_page(req, res, 403, "You may see this plan, but only your council's editors decide on it.");
		else if (e.code == KERR_INVALID) {
			char msg[1100];
			snprintf(msg, sizeof msg, "The decision was not saved: %s. Go back, put it right and send it again.", e.msg);
			web_error_page(req, res, 400, msg);
		} else {
			log_error("a decision on a plan: %s", e.msg);
			web_error_page(req, res, 500, NULL);
		}
		return;
	}
	char to[128];
	snprintf(to, sizeof to, "/places/plan/%lld#request-%.40s", id, ref);
	web_redirect(res, to);
}

/* ---------------------------------------------------------------- API */

static bool api_who(struct web_request *req, struct web_response *res, struct placeplan_who *w)
{
	res->cache_control = "no-store";
	if (!req->user) {
		web_json_error(res, 401, "unauthorized",
		               "Sign in first: POST /api/v1/session with {\"email\", \"password\"} gives a token to send as "
		               "Authorization: Bearer <token>.");
		return false;
	}
	if (!who_of(req, res, w, true))
		return false;
	if (!placeplan_may_see(w)) {
		web_json_error(res, 403, "forbidden", refused_see);
		return false;
	}
	return true;
}

/* A 422 as every write of the API gives it: fields {field: message}. The field is the
 * message's own "field: " prefix when it has one, else the one given. */
static void api_invalid(struct web_response *res, const char *field, const char *msg)
{
	const char *colon = strstr(msg, ": ");
	char f[40];
	snprintf(f, sizeof f, "%s", field);
	if (colon && (size_t)(colon - msg) < sizeof f && strspn(msg, "abcdefghijklmnopqrstuvwxyz_") == (size_t)(colon - msg)) {
		memcpy(f, msg, (size_t)(colon - msg));
		f[colon - msg] = '\0';
		msg = colon + 2;
	}
	json_t *fields = json_object();
	json_object_set_new(fields, f, json_string(msg));
	web_json(res, 422,
	         json_pack("{s:{s:s,s:s,s:o}}", "error", "code", "invalid", "message",
	                   "Some fields are not right: see fields. Nothing was saved.", "fields", fields));
}

static void api_failed(struct web_response *res, const struct kerr *e, const char *what)
{
	if (e->code == KERR_NOTFOUND)
		web_json_error(res, 404, "not_found", e->msg);
	else if (e->code == KERR_INVALID)
		api_invalid(res, "body", e->msg);
	else if (e->code == KERR_USAGE)
		web_json_error(res, 403, "forbidden", e->msg);
	else {
		log_error("%s: %s", what, e->msg);
		web_json_error(res, 500, "internal", "the server could not answer; the failure has been logged");
	}
}

void web_api_place_plans_list(struct web_request *req, struct web_response *res)
{
	struct placeplan_who w;
	if (!api_who(req, res, &w))
		return;
	struct kerr e = {0};
	json_t *runs = placeplan_list(req->store, &w, &e);
	if (!runs) {
		api_failed(res, &e, "listing plans");
		return;
	}
	web_json(res, 200, json_pack("{s:o}", "data", runs));
}

void web_api_place_plan_get(struct web_request *req, struct web_response *res)
{
	struct placeplan_who w;
	if (!api_who(req, res, &w))
		return;
	long long id = id_param(req, res, true);
	if (id < 0)
		return;
	struct kerr e = {0};
	json_t *run = placeplan_get(req->store, &w, id, &e);
	if (!run) {
		api_failed(res, &e, "reading a plan");
		return;
	}
	web_json(res, 200, json_pack("{s:o}", "data", run));
}

void web_api_place_plans_post(struct web_request *req, struct web_response *res)
{
	struct placeplan_who w;
	if (!api_who(req, res, &w))
		return;
	struct kerr e = {0};
	struct place_request *r = NULL;
	size_t n = 0;
	bool by_council = false, save = false;
	struct kdate d = req->today;
	int rc;
	json_t *b = req->json;
	if (b) {
		const char *key;
		json_t *v;
		json_object_foreach(b, key, v)
		{
			if (strcmp(key, "requests") != 0 && strcmp(key, "csv") != 0 && strcmp(key, "day") != 0 &&
			    strcmp(key, "by_council") != 0 && strcmp(key, "save") != 0) {
				char m[200];
				snprintf(m, sizeof m, "unknown field '%.60s': this request takes requests or csv, day, by_council, save",
				         key);
				web_json_error(res, 400, "bad_body", m);
				return;
			}
		}
		json_t *csv = json_object_get(b, "csv"), *day = json_object_get(b, "day");
		by_council = json_is_true(json_object_get(b, "by_council"));
		save = json_is_true(json_object_get(b, "save"));
		if (day && (!json_is_string(day) || date_parse(json_string_value(day), &d, &e) < 0)) {
			api_invalid(res, "day", "a date as YYYY-MM-DD");
			return;
		}
		if (json_is_string(csv) == (json_object_get(b, "requests") != NULL)) {
			web_json_error(res, 400, "bad_body",
			               "Give the requests either as csv (the text of a requests file) or as requests (a list of "
			               "objects, one per child), not both.");
			return;
		}
		rc = json_is_string(csv) ? place_requests_read(json_string_value(csv), json_string_length(csv), "csv", &r, &n, &e)
		                         : place_requests_json(json_object_get(b, "requests"), "requests", &r, &n, &e);
	} else {
		const struct upload *file = NULL;
		for (size_t i = 0; i < req->nfiles; i++)
			if (strcmp(req->files[i].field, "requests") == 0)
				file = &req->files[i];
		if (!file) {
			web_json_error(res, 400, "bad_body",
			               "Send a JSON object {\"csv\": \"...\"} or {\"requests\": [...]}, or a form "
			               "(multipart/form-data) with the file of requests as the field requests.");
			return;
		}
		const char *day = query_get(&req->form, "day"), *scope = query_get(&req->form, "by_council"),
		           *sv = query_get(&req->form, "save");
		by_council = scope && strcmp(scope, "true") == 0;
		save = sv && strcmp(sv, "true") == 0;
		if (day && *day && date_parse(day, &d, &e) < 0) {
			api_invalid(res, "day", "a date as YYYY-MM-DD");
			return;
		}
		rc = place_requests_read(file->data, file->len, file->filename[0] ? file->filename : "requests.csv", &r, &n,
		                         &e);
	}
	if (rc < 0) {
		api_invalid(res, b && json_object_get(b, "requests") ? "requests" : b ? "csv" : "requests", e.msg);
		return;
	}
	if (!may_run(&w, r, n)) {
		free(r);
		web_json_error(res, 403, "forbidden", "You may plan only your own council's requests.");
		return;
	}
	json_t *run = NULL;
	long long id = 0;
	rc = make(req, &w, r, n, (int32_t)date_days(d), by_council, save, &run, &id, &e);
	free(r);
	if (rc < 0) {
		api_failed(res, &e, "a plan through the API");
		return;
	}
	web_json(res, id ? 201 : 200, json_pack("{s:o}", "data", run));
}

void web_api_place_plan_decision(struct web_request *req, struct web_response *res)
{
	struct placeplan_who w;
	if (!api_who(req, res, &w))
		return;
	long long id = id_param(req, res, true);
	if (id < 0)
		return;
	json_t *b = req->json;
	const char *key;
	json_t *v;
	if (!b) {
		web_json_error(res, 400, "bad_body",
		               "Send a JSON object {\"request\": \"R1\", \"decision\": \"accepted\" or \"rejected\", "
		               "\"reason\": \"...\"}.");
		return;
	}
	json_object_foreach(b, key, v)
	{
		if ((strcmp(key, "request") != 0 && strcmp(key, "decision") != 0 && strcmp(key, "reason") != 0) ||
		    !(json_is_string(v) || (strcmp(key, "reason") == 0 && json_is_null(v)))) {
			char m[200];
			snprintf(m, sizeof m, "field '%.60s': this request takes request, decision and reason, each text", key);
			web_json_error(res, 400, "bad_body", m);
			return;
		}
	}
	const char *ref = json_string_value(json_object_get(b, "request"));
	if (!ref) {
		api_invalid(res, "request", "the reference of the request decided on");
		return;
	}
	struct kerr e = {0};
	if (placeplan_decide(req->store, &w, id, ref, json_string_value(json_object_get(b, "decision")),
	                     json_string_value(json_object_get(b, "reason")), &e) < 0) {
		api_failed(res, &e, "a decision through the API");
		return;
	}
	json_t *run = placeplan_get(req->store, &w, id, &e);
	json_t *found = NULL;
	size_t i;
	json_t *q;
	json_array_foreach(run ? json_object_get(run, "requests") : NULL, i, q) if (strcmp(page_str(q, "request"), ref) == 0)
	    found = json_incref(json_object_get(q, "decision"));
	json_decref(run);
	web_json(res, 201, json_pack("{s:o}", "data", found ? found : json_null()));
}
