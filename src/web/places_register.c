/* The register of care services on the web (docs/places.md "The register of services",
 * "Vacancies", "Where people see it"): /places, a service's page with its vacancy returns
 * and the form to add one, the staff's forms for a service, and /api/v1/services. What
 * is public: the services and their registered places. Vacancy returns are shown only to
 * people who are signed in. */
#include "web/places_register.h"

#include "base/buf.h"
#include "base/date.h"
#include "base/log.h"
#include "place/place.h"
#include "web/page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- who may do what */

static bool is_staff(json_t *user)
{
	const char *role = page_str(user, "role");
	return role && (strcmp(role, "admin") == 0 || strcmp(role, "staff") == 0);
}

/* Staff and admins any service's; an organisation's editors those whose organisation is
 * theirs. */
static bool may_return(json_t *user, json_t *svc)
{
	if (!user)
		return false;
	if (is_staff(user))
		return true;
	const char *role = page_str(user, "role"), *org = page_str(user, "organisation");
	const char *own = page_str(json_object_get(svc, "organisation"), "slug");
	return role && strcmp(role, "editor") == 0 && org && own && strcmp(org, own) == 0;
}

static const char refused_return[] =
	"Only The Promise Scotland's staff, admins, and the editors of the service's own organisation add its vacancy "
	"returns.";
static const char refused_service[] = "Only The Promise Scotland's staff and admins add and change services.";

/* ---- words */

/* s with its first letter a capital, as a JSON string ("Fostering service"). */
static json_t *capital(const char *s)
{
	char b[200];
	snprintf(b, sizeof b, "%s", s);
	if (b[0] >= 'a' && b[0] <= 'z')
		b[0] = (char)(b[0] - 'a' + 'A');
	return json_string(b);
}


static const char *type_words(const char *key)
{
	int t = place_type_of(key);
	return t >= 0 ? place_type_labels[t] : "";
}

static const char *sector_words(const char *key)
{
	int s = place_sector_of(key);
	return s >= 0 ? place_sector_labels[s] : "";
}

/* Adds words to a service as the store gives it, for the pages. */
static void service_words(json_t *x)
{
	json_object_set_new(x, "type_words", capital(type_words(page_str(x, "type"))));
	json_object_set_new(x, "sector_words", capital(sector_words(page_str(x, "sector"))));
	page_set_str(x, "where", json_is_true(json_object_get(x, "outside_scotland")) ? "Outside Scotland"
	                                                                              : page_str(x, "council_name"));
	char ages[40];
	snprintf(ages, sizeof ages, "%" JSON_INTEGER_FORMAT " to %" JSON_INTEGER_FORMAT,
	         json_integer_value(json_object_get(x, "age_from")), json_integer_value(json_object_get(x, "age_to")));
	page_set_str(x, "ages", ages);
	struct buf needs = {0};
	uint32_t mask = 0;
	struct kerr e = {0};
	if (place_needs_parse(page_str(x, "needs"), &mask, &e) == 0)
		for (int k = 0; k < PN_NNEEDS; k++)
			if (mask & (1u << k)) {
				if (needs.len)
					buf_puts(&needs, "; ");
				buf_puts(&needs, place_need_labels[k]);
			}
	page_set_str(x, "needs_words", needs.len ? buf_str(&needs) : "none listed");
	buf_free(&needs);
	json_t *cost = json_object_get(x, "weekly_cost");
	char c[48] = "not known";
	if (json_is_number(cost))
		snprintf(c, sizeof c, "£%.2f", json_number_value(cost));
	page_set_str(x, "cost_words", c);
	page_set_date_words(x, "registered_words", page_str(x, "registered"));
	page_set_date_words(x, "ended_words", page_str(x, "ended"));
	const char *st = page_str(x, "status");
	page_set_str(x, "status_words", st && strcmp(st, "active") == 0 ? "Active"
	                                : st && strcmp(st, "proposed") == 0 ? "Proposed"
	                                                                    : "Cancelled");
}

/* {key, words, selected} options. */
static json_t *options(const char *const *keys, const char *const *labels, int n, const char *chosen)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:o, s:b}", "key", keys[i], "words", capital(labels[i]), "selected",
		                                   chosen && strcmp(chosen, keys[i]) == 0));
	return a;
}

static json_t *council_options(struct web_request *req, const char *chosen, struct kerr *e)
{
	struct store_page pg = {.limit = 500};
	json_t *page = store_resource_list(req->store, "council-areas", &pg, e);
	if (!page)
		return NULL;
	json_t *a = json_array(), *x;
	size_t i;
	json_array_foreach(json_object_get(page, "items"), i, x)
	{
		const char *code = page_str(x, "code") ? page_str(x, "code") : page_str(x, "id");
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "key", code ? code : "", "words",
		                                   page_str(x, "name") ? page_str(x, "name") : "", "selected",
		                                   chosen && code && strcmp(chosen, code) == 0));
	}
	json_decref(page);
	return a;
}

/* ---- /places */

#define PLACES_SHOWN 200

void web_page_places(struct web_request *req, struct web_response *res)
{
	const char *council = query_get(&req->query, "council"), *type = query_get(&req->query, "type"),
	           *sector = query_get(&req->query, "sector");
	if (council && (!*council || (strcmp(council, "outside") != 0 && !place_council_known(council))))
		council = NULL;
	if (type && place_type_of(type) < 0)
		type = NULL;
	if (sector && place_sector_of(sector) < 0)
		sector = NULL;
	struct kerr e = {0};
	json_t *all = store_place_service_list(req->store, council, type, sector, NULL, &e);
	json_t *councils = all ? council_options(req, council, &e) : NULL;
	if (!all || !councils) {
		json_decref(all);
		page_read_failed(req, res, "places", &e);
		return;
	}
	/* active services and their registered places, by type and sector */
	long long n[PT_NTYPES][PS_NSECTORS + 1] = {{0}}, places[PT_NTYPES][PS_NSECTORS + 1] = {{0}};
	long long tn[PS_NSECTORS + 1] = {0}, tp[PS_NSECTORS + 1] = {0};
	json_t *shown = json_array(), *x;
	size_t i;
	bool made_up = false;
	json_array_foreach(all, i, x)
	{
		made_up |= json_is_true(json_object_get(x, "made_up"));
		int t = place_type_of(page_str(x, "type")), s = place_sector_of(page_str(x, "sector"));
		const char *st = page_str(x, "status");
		if (t >= 0 && s >= 0 && st && strcmp(st, "active") == 0) {
			long long p = json_integer_value(json_object_get(x, "places"));
			n[t][s]++, n[t][PS_NSECTORS]++, places[t][s] += p, places[t][PS_NSECTORS] += p;
			tn[s]++, tn[PS_NSECTORS]++, tp[s] += p, tp[PS_NSECTORS] += p;
		}
		if (i < PLACES_SHOWN) {
			service_words(x);
			json_array_append(shown, x);
		}
	}
	json_t *counts = json_array();
	for (int t = 0; t < PT_NTYPES; t++) {
		if (n[t][PS_NSECTORS] == 0)
			continue;
		json_t *cells = json_array();
		for (int s = 0; s <= PS_NSECTORS; s++)
			json_array_append_new(cells, json_pack("{s:I, s:I}", "services", (json_int_t)n[t][s], "places",
			                                       (json_int_t)places[t][s]));
		json_array_append_new(counts, json_pack("{s:o, s:o}", "words", capital(place_type_labels[t]), "cells", cells));
	}
	json_t *totals = json_array();
	for (int s = 0; s <= PS_NSECTORS; s++)
		json_array_append_new(totals, json_pack("{s:I, s:I}", "services", (json_int_t)tn[s], "places", (json_int_t)tp[s]));
	char more[160] = "";
	if (json_array_size(all) > PLACES_SHOWN)
		snprintf(more, sizeof more, "Showing the first %d of %zu services. Choose a council area or a type to see fewer.",
		         PLACES_SHOWN, json_array_size(all));
	json_t *ctx = json_pack(
	    "{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:I, s:s, s:b, s:b}", "title", "Care services and places", "councils",
	    councils, "types", options(place_type_keys, place_type_labels, PT_NTYPES, type), "sectors",
	    options(place_sector_keys, place_sector_labels, PS_NSECTORS, sector), "counts", counts, "totals", totals,
	    "services", shown, "has_services", json_array_size(all) > 0, "total", (json_int_t)json_array_size(all), "more",
	    more, "made_up", made_up, "may_add", is_staff(req->user));
	json_object_set_new(ctx, "outside_selected", json_boolean(council && strcmp(council, "outside") == 0));
	json_decref(all);
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "", "Care services and places");
	json_object_set_new(ctx, "breadcrumbs", crumbs);
	web_page(req, res, 200, "places", ctx);
}

/* ---- a service's page, with its returns and the form to add one */

/* The service in the path, as the store gives it; NULL after answering 404. */
static json_t *service_of_path(struct web_request *req, struct web_response *res)
{
	const char *regno = req->nparams > 0 ? req->params[0] : NULL;
	struct kerr e = {0};
	json_t *svc = regno && strlen(regno) <= PLACE_REGNO_MAX ? store_place_service(req->store, regno, &e) : NULL;
	if (!svc) {
		if (!regno || strlen(regno) > PLACE_REGNO_MAX || e.code == KERR_NOTFOUND)
			web_error_page(req, res, 404, "There is no service with that registration number in the register.");
		else
			page_read_failed(req, res, "place service", &e);
	}
	return svc;
}

/* The service page (svc taken), with f (what was typed into the return form) and errors
 * ({field: message}), each taken, or NULL. */
static void service_page(struct web_request *req, struct web_response *res, int status, json_t *svc, json_t *f,
                         json_t *errors)
{
	struct kerr e = {0};
	const char *regno = page_str(svc, "regno");
	json_t *returns = NULL;
	if (req->user) {
		returns = store_place_returns(req->store, regno, 10, &e);
		if (!returns) {
			json_decref(svc);
			json_decref(f);
			json_decref(errors);
			page_read_failed(req, res, "place service", &e);
			return;
		}
		size_t i;
		json_t *r;
		json_array_foreach(returns, i, r)
		{
			page_set_date_words(r, "date_words", page_str(r, "date"));
			char ages[40];
			snprintf(ages, sizeof ages, "%" JSON_INTEGER_FORMAT " to %" JSON_INTEGER_FORMAT,
			         json_integer_value(json_object_get(r, "age_from")), json_integer_value(json_object_get(r, "age_to")));
			page_set_str(r, "ages", ages);
		}
	}
	service_words(svc);
	if (!errors)
		errors = json_object();
	if (!f) {
		char today[11];
		date_format(date_today(), today);
		f = json_pack("{s:s}", "date", today);
	}
	json_t *list = page_error_list(errors);
	bool wrong = json_array_size(list) > 0;
	char title[300];
	snprintf(title, sizeof title, "%s%s", wrong ? "Error: " : "", page_str(svc, "name"));
	json_t *ctx = json_pack("{s:s, s:O, s:b, s:o?, s:b, s:b, s:b, s:o, s:o, s:b, s:o, s:s}", "title", title, "service",
	                        svc, "signed_in", req->user != NULL, "returns", returns, "has_returns",
	                        returns && json_array_size(returns) > 0, "may_return", may_return(req->user, svc),
	                        "may_edit", is_staff(req->user), "errors", errors, "error_list", list, "has_errors", wrong,
	                        "form", f, "csrf", page_str(req->user, "csrf") ? page_str(req->user, "csrf") : "");
	json_decref(svc);
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/places", "Care services and places");
	page_crumb_add(crumbs, "", page_str(json_object_get(ctx, "service"), "name"));
	json_object_set_new(ctx, "breadcrumbs", crumbs);
	web_page(req, res, status, "place_service", ctx);
	if (req->user)
		res->cache_control = "no-store";
}

void web_page_place_service(struct web_request *req, struct web_response *res)
{
	json_t *svc = service_of_path(req, res);
	if (svc)
		service_page(req, res, 200, svc, NULL, NULL);
}

static const char *form_value(const struct query *q, const char *name)
{
	const char *v = query_get(q, name);
	return v ? v : "";
}

/* Adds the return; 0, or -1 with errors filled (or e for a failed write). */
static int vacancy_add(struct web_request *req, const char *regno, const struct place_vacancy_text *t,
                       json_t *errors, struct kerr *e)
{
	struct place_vacancy v;
	if (place_vacancy_parse(t, &v, errors) > 0)
		return -1;
	if (strcmp(v.regno, regno) != 0) {
		json_object_set_new(errors, "regno", json_string("The registration number is not this service's"));
		return -1;
	}
	return store_place_vacancies_write(req->store, page_str(req->user, "email"), &v, 1, NULL, e);
}

void web_place_vacancy_post(struct web_request *req, struct web_response *res)
{
	if (!page_signed_in(req, res))
		return;
	json_t *svc = service_of_path(req, res);
	if (!svc)
		return;
	if (!may_return(req->user, svc)) {
		json_decref(svc);
		web_error_page(req, res, 403, refused_return);
		return;
	}
	const struct query *q = &req->form;
	const char *regno = page_str(svc, "regno");
	struct place_vacancy_text t = {regno, form_value(q, "date"), form_value(q, "places"), form_value(q, "age_from"),
	                               form_value(q, "age_to"), form_value(q, "max_siblings")};
	json_t *f = json_pack("{s:s, s:s, s:s, s:s, s:s}", "date", t.date, "places", t.places, "age_from", t.age_from,
	                      "age_to", t.age_to, "max_siblings", t.max_siblings);
	json_t *errors = json_object();
	struct kerr e = {0};
	int rc = vacancy_add(req, regno, &t, errors, &e);
	if (rc < 0 && json_object_size(errors) > 0) {
		service_page(req, res, 400, svc, f, errors);
		return;
	}
	char where[80];
	snprintf(where, sizeof where, "/places/services/%s", regno);
	json_decref(svc);
	json_decref(f);
	json_decref(errors);
	if (rc < 0) {
		page_saved(req, res, rc, &e, where, "");
		return;
	}
	web_redirect(res, where);
}

/* ---- the staff's form for a service */

static const char *const service_fields[] = {
	"regno",       "name",   "provider",   "sector", "type",  "council",      "outside_scotland", "age_from",
	"age_to",      "places", "max_siblings", "needs", "weekly_cost", "status", "registered",  "ended",
	"organisation",
};
#define NSERVICE_FIELDS (sizeof service_fields / sizeof service_fields[0])

/* The form (regno NULL: a new service) with what was typed (f) and errors, each taken. */
static void service_form(struct web_request *req, struct web_response *res, int status, const char *regno, json_t *f,
                         json_t *errors)
{
	struct kerr e = {0};
	json_t *councils = council_options(req, page_str(f, "council"), &e);
	if (!councils) {
		json_decref(f);
		json_decref(errors);
		page_read_failed(req, res, "place service form", &e);
		return;
	}
	json_t *statuses = json_array();
	static const char *const status_words[] = {"Active", "Proposed", "Cancelled"};
	for (int i = 0; i < PSS_NSTATUS; i++)
		json_array_append_new(statuses, json_pack("{s:s, s:s, s:b}", "key", place_status_keys[i], "words",
		                                          status_words[i], "selected",
		                                          page_str(f, "status") && strcmp(page_str(f, "status"), place_status_keys[i]) == 0));
	json_t *needs = json_array();
	uint32_t mask = 0;
	struct kerr ne = {0};
	place_needs_parse(page_str(f, "needs") ? page_str(f, "needs") : "", &mask, &ne);
	for (int k = 0; k < PN_NNEEDS; k++)
		json_array_append_new(needs, json_pack("{s:s, s:s, s:b}", "key", place_need_keys[k], "words",
		                                       place_need_labels[k], "checked", (mask >> k) & 1u));
	json_t *list = page_error_list(errors);
	bool wrong = json_array_size(list) > 0;
	char title[200], action[80], back[80];
	snprintf(title, sizeof title, "%s%s", wrong ? "Error: " : "", regno ? "Change a service" : "Add a service");
	if (regno) {
		snprintf(action, sizeof action, "/places/services/%s/edit", regno);
		snprintf(back, sizeof back, "/places/services/%s", regno);
	} else {
		snprintf(action, sizeof action, "/places/services/new");
		snprintf(back, sizeof back, "/places");
	}
	json_t *ctx = json_pack(
	    "{s:s, s:s, s:s, s:s, s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:s, s:b}", "title", title, "heading",
	    regno ? "Change a service" : "Add a service", "form_action", action, "back", back, "editing", regno != NULL,
	    "councils", councils, "types", options(place_type_keys, place_type_labels, PT_NTYPES, page_str(f, "type")),
	    "sectors", options(place_sector_keys, place_sector_labels, PS_NSECTORS, page_str(f, "sector")), "statuses",
	    statuses, "needs", needs, "errors", errors, "error_list", list, "form", f, "has_errors", wrong, "csrf",
	    page_str(req->user, "csrf") ? page_str(req->user, "csrf") : "", "outside",
	    page_str(f, "outside_scotland") && strcmp(page_str(f, "outside_scotland"), "yes") == 0);
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/places", "Care services and places");
	page_crumb_add(crumbs, "", regno ? "Change a service" : "Add a service");
	json_object_set_new(ctx, "breadcrumbs", crumbs);
	web_page(req, res, status, "place_service_edit", ctx);
	res->cache_control = "no-store";
}

static bool staff_only(struct web_request *req, struct web_response *res)
{
	if (!page_signed_in(req, res))
		return false;
	if (!is_staff(req->user)) {
		web_error_page(req, res, 403, refused_service);
		return false;
	}
	return true;
}

void web_page_place_service_new(struct web_request *req, struct web_response *res)
{
	if (!staff_only(req, res))
		return;
	service_form(req, res, 200, NULL, json_pack("{s:s, s:s, s:s, s:s}", "status", "active", "age_from", "0", "age_to", "17",
	                                            "max_siblings", "1"),
	             json_object());
}

/* A service as the form's fields (text). */
static json_t *service_as_form(json_t *svc)
{
	json_t *f = json_object();
	for (size_t i = 0; i < NSERVICE_FIELDS; i++) {
		json_t *v = json_object_get(svc, service_fields[i]);
		char text[64];
		if (json_is_string(v))
			page_set_str(f, service_fields[i], json_string_value(v));
		else if (json_is_integer(v)) {
			snprintf(text, sizeof text, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
			page_set_str(f, service_fields[i], text);
		} else if (json_is_real(v)) {
			snprintf(text, sizeof text, "%.2f", json_real_value(v));
			page_set_str(f, service_fields[i], text);
		}
	}
	page_set_str(f, "outside_scotland", json_is_true(json_object_get(svc, "outside_scotland")) ? "yes" : "no");
	const char *org = page_str(json_object_get(svc, "organisation"), "slug");
	if (org)
		page_set_str(f, "organisation", org);
	return f;
}

void web_page_place_service_edit(struct web_request *req, struct web_response *res)
{
	if (!staff_only(req, res))
		return;
	json_t *svc = service_of_path(req, res);
	if (!svc)
		return;
	service_form(req, res, 200, page_str(svc, "regno"), service_as_form(svc), json_object());
	json_decref(svc);
}

/* Checks and writes the service of t as actor: 0, or -1 with errors filled (a field's
 * problem) or e (a failed write). */
static int service_write(struct web_request *req, const struct place_service_text *t, json_t *errors, struct kerr *e)
{
	struct place_service_row row;
	if (place_service_parse(t, &row, errors) > 0)
		return -1;
	struct store_place_service_row w = {&row.svc, row.organisation[0] ? row.organisation : NULL, row.made_up};
	if (store_place_services_write(req->store, page_str(req->user, "email"), &w, 1, NULL, e) < 0) {
		if (e->code == KERR_NOTFOUND)
			json_object_set_new(errors, "organisation",
			                    json_string("There is no organisation with that short name in keep"));
		return -1;
	}
	return 0;
}

static void service_post(struct web_request *req, struct web_response *res, const char *regno)
{
	const struct query *q = &req->form;
	json_t *f = json_object();
	for (size_t i = 0; i < NSERVICE_FIELDS; i++)
		page_set_str(f, service_fields[i], form_value(q, service_fields[i]));
	/* the needs come as one checkbox each */
	struct buf needs = {0};
	for (size_t i = 0; i < q->n; i++)
		if (strcmp(q->p[i].name, "need") == 0 && q->p[i].value[0]) {
			if (needs.len)
				buf_putc(&needs, ';');
			buf_puts(&needs, q->p[i].value);
		}
	page_set_str(f, "needs", buf_str(&needs));
	buf_free(&needs);
	if (regno)
		page_set_str(f, "regno", regno);
	if (!page_str(f, "outside_scotland")[0])
		page_set_str(f, "outside_scotland", "no");
	struct place_service_text t = {
	    page_str(f, "regno"),       page_str(f, "name"),   page_str(f, "provider"),   page_str(f, "sector"),
	    page_str(f, "type"),        page_str(f, "council"), page_str(f, "outside_scotland"), page_str(f, "age_from"),
	    page_str(f, "age_to"),      page_str(f, "places"), page_str(f, "max_siblings"), page_str(f, "needs"),
	    page_str(f, "weekly_cost"), page_str(f, "status"), page_str(f, "registered"), page_str(f, "ended"),
	    page_str(f, "organisation"), NULL};
	json_t *errors = json_object();
	struct kerr e = {0};
	if (!regno && t.regno[0]) {
		json_t *old = store_place_service(req->store, t.regno, &e);
		if (old)
			json_object_set_new(errors, "regno",
			                    json_string("A service with this registration number is in the register already: "
			                                "change it from its own page"));
		json_decref(old);
	}
	int rc = json_object_size(errors) ? -1 : service_write(req, &t, errors, &e);
	if (rc < 0 && json_object_size(errors) > 0) {
		service_form(req, res, 400, regno, f, errors);
		return;
	}
	char where[80];
	snprintf(where, sizeof where, "/places/services/%s", page_str(f, "regno"));
	json_decref(f);
	json_decref(errors);
	if (rc < 0) {
		page_saved(req, res, rc, &e, where, "");
		return;
	}
	web_redirect(res, where);
}

void web_place_service_new_post(struct web_request *req, struct web_response *res)
{
	if (staff_only(req, res))
		service_post(req, res, NULL);
}

void web_place_service_edit_post(struct web_request *req, struct web_response *res)
{
	if (!staff_only(req, res))
		return;
	json_t *svc = service_of_path(req, res);
	if (!svc)
		return;
	char regno[PLACE_REGNO_MAX + 1];
	snprintf(regno, sizeof regno, "%s", page_str(svc, "regno"));
	json_decref(svc);
	service_post(req, res, regno);
}

/* ---- the API */

static void api_internal(struct web_response *res, const struct kerr *e)
{
	log_error("api: services: %s", e->msg);
	web_json_error(res, 500, "internal", "the server could not answer; the failure has been logged");
}

static void api_invalid(struct web_response *res, json_t *errors)
{
	web_json(res, 422, json_pack("{s:{s:s, s:s, s:o}}", "error", "code", "invalid", "message",
	                             "Some fields are not right: see fields. Nothing was saved.", "fields", errors));
}

static void put_query_value(struct buf *u, const char *v)
{
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		    *p == '_' || *p == '.')
			buf_putc(u, (char)*p);
		else
			buf_printf(u, "%%%02X", *p);
	}
}

static json_t *services_link(int limit, const char *after, const char *const *v)
{
	static const char *const names[] = {"council", "type", "sector", "status"};
	struct buf u = {0};
	buf_printf(&u, "/api/v1/services?limit=%d", limit);
	if (after) {
		buf_puts(&u, "&after=");
		put_query_value(&u, after);
	}
	for (int k = 0; k < 4; k++)
		if (v[k + 2]) {
			buf_printf(&u, "&%s=", names[k]);
			put_query_value(&u, v[k + 2]);
		}
	json_t *link = json_string(buf_str(&u));
	buf_free(&u);
	return link;
}

/* GET /api/v1/services: one page of the register, in registration number order. */
void web_api_services_list(struct web_request *req, struct web_response *res)
{
	static const char *const params[] = {"limit", "after", "council", "type", "sector", "status"};
	const char *v[6] = {0};
	const struct query *q = &req->query;
	for (size_t i = 0; i < q->n; i++) {
		size_t k = 0;
		while (k < 6 && strcmp(params[k], q->p[i].name) != 0)
			k++;
		char m[300];
		if (k == 6 && (strcmp(q->p[i].name, "priority") == 0 || strcmp(q->p[i].name, "organisation") == 0)) {
			snprintf(m, sizeof m,
			         "parameter '%s' does not apply to services: this endpoint takes limit, after, council, type, "
			         "sector, status",
			         q->p[i].name);
			web_json_error(res, 400, "bad_parameter", m);
			return;
		}
		if (k == 6) {
			snprintf(m, sizeof m,
			         "unknown parameter '%.60s': this endpoint takes limit, after, council, type, sector, status",
			         q->p[i].name);
			web_json_error(res, 400, "bad_parameter", m);
			return;
		}
		if (v[k]) {
			snprintf(m, sizeof m, "%s is given more than once: give it once", params[k]);
			web_json_error(res, 400, "bad_parameter", m);
			return;
		}
		v[k] = q->p[i].value;
	}
	int limit = 50;
	if (v[0]) {
		char *end;
		long n = strtol(v[0], &end, 10);
		if (!*v[0] || *end || n < 1 || n > 500 || v[0][0] < '0' || v[0][0] > '9' || strlen(v[0]) > 3) {
			char m[120];
			snprintf(m, sizeof m, "limit must be a whole number from 1 to 500 (got '%.40s')", v[0]);
			web_json_error(res, 400, "bad_parameter", m);
			return;
		}
		limit = (int)n;
	}
	if (v[2] && strcmp(v[2], "outside") != 0 && !place_council_known(v[2])) {
		web_json_error(res, 400, "bad_parameter", "council must be a council area's GSS code, or outside");
		return;
	}
	if (v[3] && place_type_of(v[3]) < 0) {
		web_json_error(res, 400, "bad_parameter",
		               "type must be fostering, adoption, residential_house, residential_school, secure, short_breaks "
		               "or supported_lodgings");
		return;
	}
	if (v[4] && place_sector_of(v[4]) < 0) {
		web_json_error(res, 400, "bad_parameter", "sector must be council, third or private");
		return;
	}
	if (v[5] && strcmp(v[5], "active") && strcmp(v[5], "proposed") && strcmp(v[5], "cancelled")) {
		web_json_error(res, 400, "bad_parameter", "status must be active, proposed or cancelled");
		return;
	}
	struct kerr e = {0};
	json_t *page = store_place_service_page(req->store, v[2], v[3], v[4], v[5], v[1], limit, &e);
	if (!page) {
		if (e.code == KERR_NOTFOUND)
			web_json_error(res, 404, "not_found", e.msg);
		else
			api_internal(res, &e);
		return;
	}
	json_t *next = json_object_get(page, "next");
	json_t *root = json_pack("{s:O, s:O, s:{s:o, s:o}}", "data", json_object_get(page, "items"), "next", next, "links",
	                         "self", services_link(limit, v[1], v), "next",
	                         json_is_string(next) ? services_link(limit, json_string_value(next), v) : json_null());
	json_decref(page);
	web_json(res, 200, root);
}

/* The service as the list has it: its id (the regno) first. */
static json_t *service_item(struct web_request *req, const char *regno, struct kerr *e)
{
	json_t *svc = strlen(regno) <= PLACE_REGNO_MAX ? store_place_service(req->store, regno, e) : NULL;
	if (!svc)
		return NULL;
	json_t *item = json_pack("{s:s}", "id", regno);
	json_object_update(item, svc);
	json_decref(svc);
	return item;
}

/* GET /api/v1/services/{regno}: the service; its latest vacancy returns (up to 10) only
 * for those signed in. */
void web_api_service_get(struct web_request *req, struct web_response *res)
{
	const char *regno = req->params[0];
	if (req->query.n > 0) {
		char m[200];
		snprintf(m, sizeof m, "unknown parameter '%.60s': this endpoint takes no parameters", req->query.p[0].name);
		web_json_error(res, 400, "bad_parameter", m);
		return;
	}
	struct kerr e = {0};
	json_t *svc = service_item(req, regno, &e);
	if (!svc) {
		if (strlen(regno) > PLACE_REGNO_MAX || e.code == KERR_NOTFOUND)
			web_json_error(res, 404, "not_found", "no service has that registration number");
		else
			api_internal(res, &e);
		return;
	}
	if (req->user) {
		json_t *r = store_place_returns(req->store, regno, 10, &e);
		if (!r) {
			json_decref(svc);
			api_internal(res, &e);
			return;
		}
		json_object_set_new(svc, "returns", r);
		res->cache_control = "no-store";
	}
	web_json(res, 200, json_pack("{s:o}", "data", svc));
}

/* A field of a JSON body as text: a string as it is, a whole number in digits, a
 * number with up to two decimals, true/false as yes/no, null as ""; NULL when it is of
 * none of these kinds. */
static const char *body_text(json_t *v, char *buf, size_t cap)
{
	if (!v || json_is_null(v))
		return "";
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, cap, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return buf;
	}
	if (json_is_real(v)) {
		snprintf(buf, cap, "%.2f", json_real_value(v));
		return buf;
	}
	if (json_is_boolean(v))
		return json_is_true(v) ? "yes" : "no";
	return NULL;
}

/* Checks a body's fields against names[n]: 400 answered (false) for one that is not
 * an object, an unknown field or one of the wrong kind. */
static bool body_fields(struct web_request *req, struct web_response *res, const char *const *names, size_t n,
                        const char *example)
{
	json_t *b = req->json;
	if (!json_is_object(b)) {
		char m[400];
		snprintf(m, sizeof m, "Send a JSON object with Content-Type: application/json, for example %s.", example);
		web_json_error(res, 400, "bad_body", m);
		return false;
	}
	const char *key;
	json_t *v;
	json_object_foreach(b, key, v)
	{
		bool known = false;
		for (size_t i = 0; i < n; i++)
			known |= strcmp(key, names[i]) == 0;
		char tmp[64];
		if (!known || !body_text(v, tmp, sizeof tmp)) {
			char m[300];
			snprintf(m, sizeof m,
			         known ? "field '%.60s': give text, a number, true or false, or null"
			               : "unknown field '%.60s': see the services endpoint in /api/openapi.json for the fields",
			         key);
			web_json_error(res, 400, "bad_body", m);
			return false;
		}
	}
	return true;
}

static bool api_signed_in(struct web_request *req, struct web_response *res)
{
	res->cache_control = "no-store";
	if (req->user)
		return true;
	web_json_error(res, 401, "unauthorized",
	               "Sign in first: POST /api/v1/session with {\"email\", \"password\"} gives a token to send as "
	               "Authorization: Bearer <token>.");
	return false;
}

/* POST /api/v1/services (staff): adds a service, or changes the one with its regno. */
void web_api_services_post(struct web_request *req, struct web_response *res)
{
	if (!api_signed_in(req, res))
		return;
	if (!is_staff(req->user)) {
		web_json_error(res, 403, "forbidden", refused_service);
		return;
	}
	static const char *const names[] = {"regno",   "name",         "provider",   "sector",     "type",
	                                    "council", "outside_scotland", "age_from", "age_to",   "places",
	                                    "max_siblings", "needs",   "weekly_cost", "status",    "registered",
	                                    "ended",   "organisation"};
	if (!body_fields(req, res, names, sizeof names / sizeof names[0],
	                 "{\"regno\": \"CS2005113322\", \"name\": \"...\", \"sector\": \"third\", ...}"))
		return;
	char buf[17][64];
	const char *v[17];
	for (size_t i = 0; i < 17; i++)
		v[i] = body_text(json_object_get(req->json, names[i]), buf[i], sizeof buf[i]);
	struct place_service_text t = {v[0], v[1], v[2],  v[3],  v[4],  v[5],  v[6],  v[7], v[8],
	                               v[9], v[10], v[11], v[12], v[13], v[14], v[15], v[16], NULL};
	json_t *errors = json_object();
	struct kerr e = {0};
	json_t *before = v[0][0] ? store_place_service(req->store, v[0], &e) : NULL;
	bool existed = before != NULL;
	json_decref(before);
	if (service_write(req, &t, errors, &e) < 0) {
		if (json_object_size(errors) > 0)
			api_invalid(res, errors);
		else {
			json_decref(errors);
			api_internal(res, &e);
		}
		return;
	}
	json_decref(errors);
	json_t *svc = service_item(req, v[0], &e);
	if (!svc) {
		api_internal(res, &e);
		return;
	}
	web_json(res, existed ? 200 : 201, json_pack("{s:o}", "data", svc));
}

/* POST /api/v1/services/{regno}/vacancies: adds a vacancy return (who may: as the form). */
void web_api_service_vacancies_post(struct web_request *req, struct web_response *res)
{
	if (!api_signed_in(req, res))
		return;
	const char *regno = req->params[0];
	struct kerr e = {0};
	json_t *svc = strlen(regno) <= PLACE_REGNO_MAX ? store_place_service(req->store, regno, &e) : NULL;
	if (!svc) {
		if (strlen(regno) > PLACE_REGNO_MAX || e.code == KERR_NOTFOUND)
			web_json_error(res, 404, "not_found", "no service has that registration number");
		else
			api_internal(res, &e);
		return;
	}
	bool may = may_return(req->user, svc);
	json_decref(svc);
	if (!may) {
		web_json_error(res, 403, "forbidden", refused_return);
		return;
	}
	static const char *const names[] = {"date", "places", "age_from", "age_to", "max_siblings"};
	if (!body_fields(req, res, names, 5,
	                 "{\"date\": \"2025-01-31\", \"places\": 2, \"age_from\": 5, \"age_to\": 15, \"max_siblings\": 2}"))
		return;
	char buf[5][64];
	const char *v[5];
	for (size_t i = 0; i < 5; i++)
		v[i] = body_text(json_object_get(req->json, names[i]), buf[i], sizeof buf[i]);
	struct place_vacancy_text t = {regno, v[0], v[1], v[2], v[3], v[4]};
	json_t *errors = json_object();
	if (vacancy_add(req, regno, &t, errors, &e) < 0) {
		if (json_object_size(errors) > 0)
			api_invalid(res, errors);
		else {
			json_decref(errors);
			api_internal(res, &e);
		}
		return;
	}
	json_decref(errors);
	json_t *r = store_place_returns(req->store, regno, 10, &e);
	json_t *made = NULL, *x;
	size_t i;
	json_array_foreach(r, i, x) if (!made && strcmp(page_str(x, "date"), v[0]) == 0) made = x;
	web_json(res, 201, json_pack("{s:O?}", "data", made));
	json_decref(r);
}
