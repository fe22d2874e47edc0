/* Forms that change records: a commitment (change, add), what has been heard, an
 * organisation's details. Each GET shows the form; each POST checks it (the domain's
 * rules), shows it again with the input kept and a message beside each wrong field, or
 * saves it in one audited transaction and goes back to the record's page. The CSRF
 * check has already run in server.c. */
#include "web/page.h"

#include "base/log.h"
#include "plan/assessment.h"
#include "plan/commitment.h"
#include "plan/plan.h"

#include <stdio.h>
#include <string.h>

/* The form's fields from a POST, or from the stored commitment for a first look. */
static void edit_form_fill(json_t *ctx, const struct commitment_form *f)
{
	json_t *form = json_pack("{s:s, s:s, s:s, s:s}", "text", f->text ? f->text : "", "due", f->due ? f->due : "",
	                         "due_text", f->due_text ? f->due_text : "", "note", f->note ? f->note : "");
	json_object_set_new(ctx, "form", form);
}

/* Renders the edit form for commitment c (taken) with f and errors (taken, may be
 * empty). */
static void edit_form(struct web_request *req, struct web_response *res, int status, json_t *c,
                      const struct commitment_form *f, json_t *errors)
{
	struct kerr e = {0};
	json_t *actions = store_resource_all(req->store, "actions", &e);
	json_t *plans = actions ? store_plans(req->store, &e) : NULL;
	if (!plans) {
		json_decref(actions);
		json_decref(c);
		json_decref(errors);
		page_read_failed(req, res, "commitment edit", &e);
		return;
	}
	size_t i;
	json_t *v;
	json_t *action_opts = json_array();
	json_array_foreach(actions, i, v)
	{
		/* Each action or route map with its plan: titles may repeat across plans. */
		const char *id = page_str(v, "id"), *plan = page_str(v, "plan");
		size_t k;
		json_t *p;
		json_array_foreach(plans, k, p) if (plan && page_str(p, "slug") && strcmp(page_str(p, "slug"), plan) == 0) plan =
		    page_str(p, "title");
		char title[600];
		snprintf(title, sizeof title, "%s (%s)", page_str(v, "title") ? page_str(v, "title") : id, plan ? plan : "");
		json_array_append_new(action_opts, json_pack("{s:s, s:s, s:b}", "id", id, "title", title, "selected",
		                                         f->action && strcmp(f->action, id) == 0));
	}
	json_decref(plans);
	json_decref(actions);
	json_object_set_new(c, "actions", action_opts);
	json_t *statuses = json_array();
	json_array_append_new(statuses, json_pack("{s:s, s:s, s:b}", "key", "", "words", "Not yet recorded", "selected",
	                                          !f->status || !*f->status));
	for (size_t k = 0; plan_statuses[k]; k++)
		json_array_append_new(statuses, json_pack("{s:s, s:s, s:b}", "key", plan_statuses[k], "words",
		                                          plan_status_words(plan_statuses[k]), "selected",
		                                          f->status && strcmp(f->status, plan_statuses[k]) == 0));
	json_object_set_new(c, "statuses", statuses);
	edit_form_fill(c, f);
	json_t *list = page_error_list(errors);
	if (json_array_size(list))
		json_object_set_new(c, "has_errors", json_true());
	json_object_set_new(c, "error_list", list);
	json_object_set_new(c, "errors", errors);
	page_set_str(c, "csrf", page_str(req->user, "csrf"));
	/* One form for both: changing a commitment (c has its slug) and adding one to an
	 * organisation (c has only the organisation). */
	const char *slug = page_str(c, "slug"), *org = page_slug(c, "organisation");
	bool adding = !slug;
	char href[200], action[240];
	if (adding) {
		snprintf(href, sizeof href, "/organisations/%s", org);
		snprintf(action, sizeof action, "/organisations/%s/commitments/new", org);
	} else {
		snprintf(href, sizeof href, "/commitments/%s", slug);
		snprintf(action, sizeof action, "/commitments/%s/edit", slug);
	}
	page_set_str(c, "form_action", action);
	page_set_str(c, "back_href", href);
	page_set_str(c, "heading", adding ? "Add a commitment of" : "Change a commitment of");
	json_t *crumbs = page_crumbs_new();
	if (adding) {
		page_crumb_add(crumbs, "/organisations", "Organisations");
		page_crumb_add(crumbs, href, json_string_value(json_object_get(json_object_get(c, "organisation"), "name")));
		page_crumb_add(crumbs, "", "Add a commitment");
	} else {
		page_crumb_add(crumbs, href, "Commitment");
		page_crumb_add(crumbs, "", "Change");
	}
	json_object_set_new(c, "breadcrumbs", crumbs);
	char title[64];
	snprintf(title, sizeof title, "%s%s a commitment", json_array_size(list) ? "Error: " : "", adding ? "Add" : "Change");
	page_set_str(c, "title", title);
	web_page(req, res, status, "commitment_edit", c);
	res->cache_control = "no-store";
}

/* The commitment to change, after checking who asks: anonymous people are sent to sign
 * in, people without the right get a 403. NULL when answered. */
static json_t *editable(struct web_request *req, struct web_response *res)
{
	const char *slug = page_slug_param(req, res);
	if (!slug || !page_signed_in(req, res))
		return NULL;
	struct kerr e = {0};
	json_t *c = store_commitment(req->store, slug, &e);
	if (!c) {
		page_read_failed(req, res, "commitment edit", &e);
		return NULL;
	}
	if (!commitment_may_edit(req->user, page_slug(c, "organisation"))) {
		json_decref(c);
		web_error_page(req, res, 403,
		               "You can change only your own organisation's commitments. Ask The Promise Scotland if "
		               "this one needs changing.");
		return NULL;
	}
	return c;
}

void web_page_commitment_edit(struct web_request *req, struct web_response *res)
{
	json_t *c = editable(req, res);
	if (!c)
		return;
	/* f borrows from a copy that edit_form keeps alive until the page is rendered. */
	json_t *copy = json_deep_copy(c);
	json_decref(c);
	struct commitment_form f = {page_str(copy, "text"),     page_slug(copy, "action"), page_str(copy, "due"),
	                            page_str(copy, "due_text"), page_str(copy, "status"),  NULL};
	json_incref(copy);
	edit_form(req, res, 200, copy, &f, json_object());
	json_decref(copy);
}

void web_commitment_edit_post(struct web_request *req, struct web_response *res)
{
	json_t *c = editable(req, res);
	if (!c)
		return;
	const struct query *q = &req->form;
	struct commitment_form f = {query_get(q, "text"),   query_get(q, "action"), query_get(q, "due"),
	                            query_get(q, "due_text"), query_get(q, "status"), query_get(q, "note")};
	json_t *errors = json_object();
	if (commitment_check(req->store, &f, errors) > 0) {
		edit_form(req, res, 400, c, &f, errors);
		return;
	}
	json_decref(errors);
	struct kerr e = {0};
	char slug[100];
	snprintf(slug, sizeof slug, "%s", page_str(c, "slug"));
	json_decref(c);
	page_saved(req, res, commitment_change(req->store, page_str(req->user, "email"), slug, &f, &e), &e, "/commitments/",
	      slug);
}

/* ---- recording what has been heard (staff) ---- */

static const char heard_refused[] = "Only The Promise Scotland's staff record what has been heard.";

static void heard_form(struct web_request *req, struct web_response *res, int status, json_t *a, const char *text,
                       const char *error)
{
	json_t *ctx = json_pack("{s:s, s:O, s:O, s:s, s:s}", "title", error ? "Error: record what has been heard" :
	                        "Record what has been heard", "slug", json_object_get(a, "id"), "action_title",
	                        json_object_get(a, "title"), "text", text ? text : "", "csrf", page_str(req->user, "csrf"));
	if (error)
		page_set_str(ctx, "error", error);
	json_t *crumbs = page_crumbs_new();
	char href[200];
	snprintf(href, sizeof href, "/actions/%s", page_str(a, "id"));
	page_crumb_add(crumbs, href, page_str(a, "title"));
	page_crumb_add(crumbs, "", "Record what has been heard");
	json_object_set_new(ctx, "breadcrumbs", crumbs);
	json_decref(a);
	web_page(req, res, status, "heard_add", ctx);
	res->cache_control = "no-store";
}

void web_page_heard_add(struct web_request *req, struct web_response *res)
{
	json_t *a = page_action_target(req, res, heard_may_add, heard_refused, "heard");
	if (a)
		heard_form(req, res, 200, a, NULL, NULL);
}

void web_heard_add_post(struct web_request *req, struct web_response *res)
{
	json_t *a = page_action_target(req, res, heard_may_add, heard_refused, "heard");
	if (!a)
		return;
	const char *text = query_get(&req->form, "text");
	struct kerr e = {0};
	if (heard_add(req->store, page_str(req->user, "email"), page_str(a, "id"), text, NULL, &e) < 0) {
		if (e.code == KERR_INVALID) {
			heard_form(req, res, 400, a, text, e.msg);
			return;
		}
		json_decref(a);
		log_error("heard: %s", e.msg);
		web_error_page(req, res, 500, NULL);
		return;
	}
	char to[200];
	snprintf(to, sizeof to, "/actions/%s#heard", page_str(a, "id"));
	json_decref(a);
	web_redirect(res, to);
}

/* ---- changing an organisation's details ---- */

static const char refused_details[] = "You can change only your own organisation's details.";
static const char refused_commitments[] = "You can add commitments only for your own organisation.";

/* Renders the form for organisation o (borrowed; NULL for a new one) with f and errors
 * (taken). */
static void organisation_form_page(struct web_request *req, struct web_response *res, int status, json_t *o,
                                   const struct organisation_form *f, json_t *errors)
{
	static const char *const sectors[][2] = {{"public", "Public"}, {"third", "Third sector"}, {"private", "Private"}};
	static const char *const scales[][2] = {{"national", "National"}, {"local", "Local"}};
	struct kerr e = {0};
	json_t *areas = store_resource_all(req->store, "council-areas", &e);
	if (!areas) {
		json_decref(errors);
		page_read_failed(req, res, "organisation edit", &e);
		return;
	}
	json_t *area_opts = json_array();
	json_array_append_new(area_opts, json_pack("{s:s, s:s, s:b}", "key", "", "words", "None (a national body)",
	                                           "selected", !f->council_area || !*f->council_area));
	size_t i;
	json_t *v;
	json_array_foreach(areas, i, v)
	{
		const char *code = page_str(v, "id");
		json_array_append_new(area_opts, json_pack("{s:s, s:s, s:b}", "key", code, "words", page_str(v, "name"),
		                                           "selected", f->council_area && strcmp(f->council_area, code) == 0));
	}
	json_decref(areas);
	bool adding = !o;
	const char *slug = adding ? "" : page_str(o, "id");
	json_t *list = page_error_list(errors);
	bool wrong = json_array_size(list) > 0;
	const char *title = adding ? (wrong ? "Error: add an organisation" : "Add an organisation")
	                           : (wrong ? "Error: change an organisation" : "Change an organisation");
	char heading[400], action[200], back[200];
	snprintf(heading, sizeof heading, adding ? "Add an organisation" : "Change the details of %s",
	         adding ? "" : page_str(o, "name"));
	snprintf(action, sizeof action, adding ? "/organisations/new" : "/organisations/%s/edit", slug);
	snprintf(back, sizeof back, adding ? "/organisations" : "/organisations/%s", slug);
	json_t *ctx = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:b}", "title", title,
	                        "heading", heading, "form_action", action, "back_href", back, "submit",
	                        adding ? "Add the organisation" : "Save the changes", "name", f->name ? f->name : "",
	                        "csrf", page_str(req->user, "csrf"), "slug", slug, "sectors",
	                        page_options(sectors, 3, f->sector), "scales", page_options(scales, 2, f->scale), "areas",
	                        area_opts, "errors", errors, "error_list", list, "has_errors", json_array_size(list) > 0);
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/organisations", "Organisations");
	if (!adding)
		page_crumb_add(crumbs, back, page_str(o, "name"));
	page_crumb_add(crumbs, "", adding ? "Add an organisation" : "Change");
	json_object_set_new(ctx, "breadcrumbs", crumbs);
	web_page(req, res, status, "organisation_edit", ctx);
	res->cache_control = "no-store";
}

void web_page_organisation_edit(struct web_request *req, struct web_response *res)
{
	json_t *o = page_organisation_target(req, res, refused_details);
	if (!o)
		return;
	struct organisation_form f = {page_str(o, "name"), page_str(o, "sector"), page_str(o, "scale"), page_str(o, "council_area")};
	organisation_form_page(req, res, 200, o, &f, json_object());
	json_decref(o);
}

void web_organisation_edit_post(struct web_request *req, struct web_response *res)
{
	json_t *o = page_organisation_target(req, res, refused_details);
	if (!o)
		return;
	const struct query *q = &req->form;
	struct organisation_form f = {query_get(q, "name"), query_get(q, "sector"), query_get(q, "scale"),
	                              query_get(q, "council_area")};
	json_t *errors = json_object();
	if (organisation_check(req->store, &f, page_str(o, "id"), errors) > 0) {
		organisation_form_page(req, res, 400, o, &f, errors);
		json_decref(o);
		return;
	}
	json_decref(errors);
	char slug[100];
	snprintf(slug, sizeof slug, "%s", page_str(o, "id"));
	json_decref(o);
	struct kerr e = {0};
	page_saved(req, res, organisation_change(req->store, page_str(req->user, "email"), slug, &f, &e), &e,
	      "/organisations/", slug);
}

/* ---- adding a commitment to an organisation ---- */

/* {organisation: {slug, name}} of the organisation in the path, for a new commitment;
 * NULL when answered. */
static json_t *new_commitment_target(struct web_request *req, struct web_response *res)
{
	json_t *o = page_organisation_target(req, res, refused_commitments);
	if (!o)
		return NULL;
	json_t *c = json_pack("{s:{s:O, s:O}}", "organisation", "slug", json_object_get(o, "id"), "name",
	                      json_object_get(o, "name"));
	json_decref(o);
	return c;
}

void web_page_commitment_new(struct web_request *req, struct web_response *res)
{
	json_t *c = new_commitment_target(req, res);
	if (!c)
		return;
	struct commitment_form f = {0};
	edit_form(req, res, 200, c, &f, json_object());
}

void web_commitment_new_post(struct web_request *req, struct web_response *res)
{
	json_t *c = new_commitment_target(req, res);
	if (!c)
		return;
	const struct query *q = &req->form;
	struct commitment_form f = {query_get(q, "text"),     query_get(q, "action"), query_get(q, "due"),
	                            query_get(q, "due_text"), query_get(q, "status"), query_get(q, "note")};
	json_t *errors = json_object();
	if (commitment_check(req->store, &f, errors) > 0) {
		edit_form(req, res, 400, c, &f, errors);
		return;
	}
	json_decref(errors);
	char org[100], slug[128];
	snprintf(org, sizeof org, "%s", page_slug(c, "organisation"));
	json_decref(c);
	struct kerr e = {0};
	int rc = commitment_add(req->store, page_str(req->user, "email"), org, &f, slug, &e);
	page_saved(req, res, rc, &e, rc < 0 ? "/organisations/" : "/commitments/", rc < 0 ? org : slug);
}

/* ---- adding an organisation (staff) ---- */

/* True when the signed-in person may add organisations; otherwise answered (sign in,
 * or 403). */
static bool may_add_organisation(struct web_request *req, struct web_response *res)
{
	if (!page_signed_in(req, res))
		return false;
	if (!organisation_may_manage(req->user)) {
		web_error_page(req, res, 403, "Only The Promise Scotland's staff add organisations.");
		return false;
	}
	return true;
}

void web_page_organisation_new(struct web_request *req, struct web_response *res)
{
	if (!may_add_organisation(req, res))
		return;
	struct organisation_form f = {0};
	organisation_form_page(req, res, 200, NULL, &f, json_object());
}

void web_organisation_new_post(struct web_request *req, struct web_response *res)
{
	if (!may_add_organisation(req, res))
		return;
	const struct query *q = &req->form;
	struct organisation_form f = {query_get(q, "name"), query_get(q, "sector"), query_get(q, "scale"),
	                              query_get(q, "council_area")};
	json_t *errors = json_object();
	if (organisation_check(req->store, &f, NULL, errors) > 0) {
		organisation_form_page(req, res, 400, NULL, &f, errors);
		return;
	}
	json_decref(errors);
	char slug[128];
	struct kerr e = {0};
	int rc = organisation_add(req->store, page_str(req->user, "email"), &f, slug, &e);
	page_saved(req, res, rc, &e, "/organisations/", rc < 0 ? "" : slug);
}

/* ---- a commitment's timeline: adding a dated update ---- */

/* Renders the update form for commitment c (taken) with f and errors (taken). */
static void update_form(struct web_request *req, struct web_response *res, int status, json_t *c,
                        const struct commitment_update_form *f, json_t *errors)
{
	json_t *statuses = json_array();
	json_array_append_new(statuses, json_pack("{s:s, s:s, s:b}", "key", "", "words", "No change", "selected",
	                                          !f->status || !*f->status));
	for (size_t k = 0; plan_statuses[k]; k++)
		json_array_append_new(statuses, json_pack("{s:s, s:s, s:b}", "key", plan_statuses[k], "words",
		                                          plan_status_words(plan_statuses[k]), "selected",
		                                          f->status && strcmp(f->status, plan_statuses[k]) == 0));
	json_object_set_new(c, "statuses", statuses);
	char today[11];
	date_format(req->today, today);
	page_set_str(c, "today", today);
	json_object_set_new(c, "form", json_pack("{s:s, s:s}", "date", f->date ? f->date : today, "text",
	                                         f->text ? f->text : ""));
	json_t *list = page_error_list(errors);
	bool wrong = json_array_size(list) > 0;
	json_object_set_new(c, "has_errors", json_boolean(wrong));
	json_object_set_new(c, "error_list", list);
	json_object_set_new(c, "errors", errors);
	page_set_str(c, "csrf", page_str(req->user, "csrf"));
	page_set_str(c, "title", wrong ? "Error: add an update" : "Add an update");
	char href[200];
	snprintf(href, sizeof href, "/commitments/%s", page_str(c, "slug"));
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, href, "Commitment");
	page_crumb_add(crumbs, "", "Add an update");
	json_object_set_new(c, "breadcrumbs", crumbs);
	web_page(req, res, status, "commitment_update", c);
	res->cache_control = "no-store";
}

void web_page_commitment_update(struct web_request *req, struct web_response *res)
{
	json_t *c = editable(req, res);
	if (!c)
		return;
	struct commitment_update_form f = {0};
	update_form(req, res, 200, c, &f, json_object());
}

void web_commitment_update_post(struct web_request *req, struct web_response *res)
{
	json_t *c = editable(req, res);
	if (!c)
		return;
	const struct query *q = &req->form;
	struct commitment_update_form f = {query_get(q, "date"), query_get(q, "status"), query_get(q, "text")};
	json_t *errors = json_object();
	if (commitment_update_check(&f, req->today, errors) > 0) {
		update_form(req, res, 400, c, &f, errors);
		return;
	}
	json_decref(errors);
	char slug[128];
	snprintf(slug, sizeof slug, "%s", page_str(c, "slug"));
	json_decref(c);
	struct kerr e = {0};
	int rc = commitment_update_add(req->store, page_str(req->user, "email"), slug, &f, req->today, NULL, &e);
	page_saved(req, res, rc, &e, "/commitments/", slug);
}

/* ---- deleting a commitment ---- */

void web_page_commitment_delete(struct web_request *req, struct web_response *res)
{
	json_t *c = editable(req, res);
	if (!c)
		return;
	char href[200], action[240], heading[400];
	snprintf(href, sizeof href, "/commitments/%s", page_str(c, "slug"));
	snprintf(action, sizeof action, "%s/delete", href);
	snprintf(heading, sizeof heading, "Delete a commitment of %s?",
	         json_string_value(json_object_get(json_object_get(c, "organisation"), "name")));
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, href, "Commitment");
	page_crumb_add(crumbs, "", "Delete");
	struct page_delete d = {
		"Delete a commitment", heading, page_str(c, "text"),
		"Deleting it removes the commitment and its timeline from keep. The history of changes keeps a copy of "
		"what it said, with your name.",
		NULL, action, "Yes, delete this commitment", href, "No, go back to the commitment"};
	page_delete_confirm(req, res, &d, crumbs);
	json_decref(c);
}

void web_commitment_delete_post(struct web_request *req, struct web_response *res)
{
	json_t *c = editable(req, res);
	if (!c)
		return;
	char slug[128], org[128];
	snprintf(slug, sizeof slug, "%s", page_str(c, "slug"));
	snprintf(org, sizeof org, "%s", page_slug(c, "organisation"));
	json_decref(c);
	struct kerr e = {0};
	page_saved(req, res, commitment_delete(req->store, page_str(req->user, "email"), slug, &e), &e,
	           "/organisations/", org);
}

/* ---- lead roles on an action (staff) ---- */

/* The action in the path (store_action's shape) when the signed-in person may set its
 * lead roles; NULL when answered (sign in, 403, 404). */
static json_t *leads_target(struct web_request *req, struct web_response *res)
{
	const char *slug = page_slug_param(req, res);
	if (!slug || !page_signed_in(req, res))
		return NULL;
	if (!organisation_may_manage(req->user)) {
		web_error_page(req, res, 403, "Only The Promise Scotland's staff set lead roles on actions.");
		return NULL;
	}
	struct kerr e = {0};
	json_t *a = store_action(req->store, slug, &e);
	if (!a)
		page_read_failed(req, res, "lead roles", &e);
	return a;
}

/* Renders the lead roles of action a (taken) with the add form holding f, and errors
 * (taken). */
static void leads_page(struct web_request *req, struct web_response *res, int status, json_t *a,
                       const struct lead_form *f, json_t *errors)
{
	static const char *const roles[][2] = {{"lead", "Lead"}, {"key", "Key role"}};
	struct kerr e = {0};
	json_t *orgs = store_organisations(req->store, &e);
	if (!orgs) {
		json_decref(a);
		json_decref(errors);
		page_read_failed(req, res, "lead roles", &e);
		return;
	}
	const char *slug = page_str(a, "slug"), *csrf = page_str(req->user, "csrf");
	json_t *org_opts = json_array();
	json_array_append_new(org_opts, json_pack("{s:s, s:s, s:b}", "key", "", "words", "Choose an organisation",
	                                          "selected", !f->organisation || !*f->organisation));
	size_t i;
	json_t *v;
	json_array_foreach(orgs, i, v)
	{
		const char *key = page_str(v, "slug");
		json_array_append_new(org_opts, json_pack("{s:s, s:s, s:b}", "key", key, "words", page_str(v, "name"),
		                                          "selected", f->organisation && strcmp(f->organisation, key) == 0));
	}
	json_decref(orgs);
	json_t *role_opts = json_array();
	for (size_t k = 0; k < 2; k++)
		json_array_append_new(role_opts, json_pack("{s:s, s:s, s:b}", "key", roles[k][0], "words", roles[k][1],
		                                           "selected", f->role && strcmp(f->role, roles[k][0]) == 0));
	json_t *leads = json_object_get(a, "leads");
	json_array_foreach(leads, i, v)
	{
		json_t *o = json_object_get(v, "organisation");
		page_set_str(v, "role_words", plan_role_words(page_str(v, "role")));
		page_set_str(v, "action_slug", slug);
		page_set_str(v, "org_slug", page_str(o, "slug"));
		page_set_str(v, "org_name", page_str(o, "name"));
		page_set_str(v, "csrf", csrf);
	}
	json_t *list = page_error_list(errors);
	bool wrong = json_array_size(list) > 0;
	json_t *ctx = json_pack("{s:s, s:s, s:O, s:s, s:O, s:b, s:o, s:o, s:o, s:o, s:b}", "title",
	                        wrong ? "Error: lead roles" : "Lead roles", "slug", slug, "action_title",
	                        json_object_get(a, "title"), "csrf", csrf, "leads", leads, "has_leads",
	                        json_array_size(leads) > 0, "organisations", org_opts, "roles", role_opts, "errors",
	                        errors, "error_list", list, "has_errors", wrong);
	char href[200];
	snprintf(href, sizeof href, "/actions/%s", slug);
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, href, page_str(a, "title"));
	page_crumb_add(crumbs, "", "Lead roles");
	json_object_set_new(ctx, "breadcrumbs", crumbs);
	json_decref(a);
	web_page(req, res, status, "action_leads", ctx);
	res->cache_control = "no-store";
}

void web_page_action_leads(struct web_request *req, struct web_response *res)
{
	json_t *a = leads_target(req, res);
	if (!a)
		return;
	struct lead_form f = {0};
	f.role = "lead";
	leads_page(req, res, 200, a, &f, json_object());
}

void web_action_leads_post(struct web_request *req, struct web_response *res)
{
	json_t *a = leads_target(req, res);
	if (!a)
		return;
	struct lead_form f = {page_str(a, "slug"), query_get(&req->form, "organisation"), query_get(&req->form, "role")};
	json_t *errors = json_object();
	struct kerr e = {0};
	if (lead_check(req->store, &f, errors) == 0 && lead_add(req->store, page_str(req->user, "email"), &f, &e) < 0) {
		if (e.code != KERR_CONFLICT) {
			json_decref(a);
			json_decref(errors);
			page_saved(req, res, -1, &e, "", "");
			return;
		}
		json_object_set_new(errors, "organisation",
		                    json_string("This organisation already has a role on this action: remove it first to "
		                                "give another."));
	}
	if (json_object_size(errors)) {
		leads_page(req, res, 400, a, &f, errors);
		return;
	}
	json_decref(errors);
	char to[200];
	snprintf(to, sizeof to, "/actions/%s/leads", page_str(a, "slug"));
	json_decref(a);
	web_redirect(res, to);
}

void web_action_lead_remove_post(struct web_request *req, struct web_response *res)
{
	json_t *a = leads_target(req, res);
	if (!a)
		return;
	const char *org = req->nparams > 1 ? req->params[1] : "";
	char to[200];
	snprintf(to, sizeof to, "/actions/%s/leads", page_str(a, "slug"));
	struct kerr e = {0};
	int rc = lead_remove(req->store, page_str(req->user, "email"), page_str(a, "slug"), org, &e);
	json_decref(a);
	if (rc < 0) {
		page_read_failed(req, res, "removing a lead role", &e);
		return;
	}
	web_redirect(res, to);
}

/* ---- deleting an organisation (staff) ---- */

/* The organisation in the path, for staff and admins; NULL when answered. */
static json_t *deletable_organisation(struct web_request *req, struct web_response *res)
{
	const char *slug = page_slug_param(req, res);
	if (!slug || !page_signed_in(req, res))
		return NULL;
	struct kerr e = {0};
	json_t *o = store_resource_get(req->store, "organisations", slug, &e);
	if (!o) {
		page_read_failed(req, res, "organisation delete", &e);
		return NULL;
	}
	if (!organisation_may_manage(req->user)) {
		json_decref(o);
		web_error_page(req, res, 403, "Only The Promise Scotland's staff delete organisations.");
		return NULL;
	}
	return o;
}

void web_page_organisation_delete(struct web_request *req, struct web_response *res)
{
	json_t *o = deletable_organisation(req, res);
	if (!o)
		return;
	char href[200], action[240], heading[400];
	const char *blocked = NULL;
	snprintf(href, sizeof href, "/organisations/%s", page_str(o, "id"));
	snprintf(action, sizeof action, "%s/delete", href);
	snprintf(heading, sizeof heading, "Delete %s?", page_str(o, "name") ? page_str(o, "name") : page_str(o, "id"));
	/* Whether it may be deleted is the domain's to say: ask it, and show its answer. */
	struct kerr e = {0};
	if (organisation_delete_check(req->store, page_str(o, "id"), &e) < 0) {
		if (e.code != KERR_CONFLICT) {
			json_decref(o);
			page_read_failed(req, res, "organisation delete", &e);
			return;
		}
		blocked = e.msg;
	}
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/organisations", "Organisations");
	page_crumb_add(crumbs, href, page_str(o, "name"));
	page_crumb_add(crumbs, "", "Delete");
	struct page_delete d = {
		"Delete an organisation", heading, NULL,
		"Deleting it removes the organisation from keep. The history of changes keeps a copy of its details, with "
		"your name.",
		blocked, action, "Yes, delete this organisation", href, "No, go back to the organisation"};
	page_delete_confirm(req, res, &d, crumbs);
	json_decref(o);
}

void web_organisation_delete_post(struct web_request *req, struct web_response *res)
{
	json_t *o = deletable_organisation(req, res);
	if (!o)
		return;
	char slug[128];
	snprintf(slug, sizeof slug, "%s", page_str(o, "id"));
	json_decref(o);
	struct kerr e = {0};
	if (organisation_delete(req->store, page_str(req->user, "email"), slug, &e) < 0) {
		if (e.code == KERR_CONFLICT) {
			web_error_page(req, res, 409, e.msg);
			return;
		}
		page_saved(req, res, -1, &e, "/organisations/", slug);
		return;
	}
	web_redirect(res, "/organisations");
}

/* ---- the Oversight Board's assessments ---- */

static const char assess_refused[] = "Only members of the Oversight Board record assessments.";

/* The form for action a (taken) with f and errors (taken). */
static void assess_form(struct web_request *req, struct web_response *res, int status, json_t *a,
                        const struct assessment_form *f, json_t *errors)
{
	json_t *ratings = json_array();
	for (const struct plan_rating *r = plan_ratings; r->key; r++)
		json_array_append_new(ratings, json_pack("{s:s, s:s, s:b}", "key", r->key, "words", r->words, "selected",
		                                         f->rating && strcmp(f->rating, r->key) == 0));
	json_t *list = page_error_list(errors);
	char today[11];
	date_format(req->today, today);
	json_t *ctx = json_pack("{s:s, s:O, s:O, s:s, s:s, s:o, s:{s:s, s:s, s:s}, s:o, s:o, s:b}", "title",
	                        json_array_size(list) ? "Error: record an assessment" : "Record an assessment", "slug",
	                        json_object_get(a, "id"), "action_title", json_object_get(a, "title"), "csrf",
	                        page_str(req->user, "csrf"), "today", today, "ratings", ratings, "form", "text",
	                        f->text ? f->text : "", "next_steps", f->next_steps ? f->next_steps : "", "date",
	                        f->date ? f->date : "", "errors", errors, "error_list", list, "has_errors",
	                        json_array_size(list) > 0);
	json_t *crumbs = page_crumbs_new();
	char href[200];
	snprintf(href, sizeof href, "/actions/%s", page_str(a, "id"));
	page_crumb_add(crumbs, href, page_str(a, "title"));
	page_crumb_add(crumbs, "", "Record an assessment");
	json_object_set_new(ctx, "breadcrumbs", crumbs);
	json_decref(a);
	web_page(req, res, status, "assess", ctx);
	res->cache_control = "no-store";
}

void web_page_assess(struct web_request *req, struct web_response *res)
{
	json_t *a = page_action_target(req, res, assessment_may_record, assess_refused, "assessment");
	if (!a)
		return;
	struct assessment_form f = {0};
	assess_form(req, res, 200, a, &f, json_object());
}

void web_assess_post(struct web_request *req, struct web_response *res)
{
	json_t *a = page_action_target(req, res, assessment_may_record, assess_refused, "assessment");
	if (!a)
		return;
	const struct query *q = &req->form;
	struct assessment_form f = {query_get(q, "date"), query_get(q, "rating"), query_get(q, "text"),
	                            query_get(q, "next_steps")};
	json_t *errors = json_object();
	if (assessment_check(&f, req->today, errors) > 0) {
		assess_form(req, res, 400, a, &f, errors);
		return;
	}
	json_decref(errors);
	char slug[128], id[128], to[200];
	snprintf(slug, sizeof slug, "%s", page_str(a, "id"));
	json_decref(a);
	struct kerr e = {0};
	if (assessment_add(req->store, page_str(req->user, "email"), slug, &f, req->today, id, &e) < 0) {
		page_saved(req, res, -1, &e, "/actions/", slug);
		return;
	}
	snprintf(to, sizeof to, "/actions/%s#assessment", slug);
	web_redirect(res, to);
}
