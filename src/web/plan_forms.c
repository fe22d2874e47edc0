/* Keeping the Plan: the forms The Promise Scotland's staff and admins use to
 * create, change and delete plans, phases, priority areas (a route maps plan's
 * foundation groups), actions (route maps) and milestones. Each GET shows a form; each
 * POST checks it with the domain's rules (plan/planedit.h), shows it again with the
 * input kept and a message beside each wrong field, or saves it in one audited
 * transaction and goes to the page of what changed. The CSRF check has already run in
 * server.c.
 *
 * Every form is the one template plan_edit: a list of fields, each a text box, a date,
 * a text area, a choice of one (radios, or a list), or of several (checkboxes). A form's
 * values are an object {field: text, or [texts] for several}, as the API's resources
 * name the fields, so a stored record fills its form as it is. */
#include "web/page.h"

#include "base/mem.h"
#include "plan/plan.h"
#include "plan/planedit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char refused[] = "Only The Promise Scotland's staff and admins change the Plan.";

/* ---- the form ---- */

enum ftype { F_TEXT, F_DATE, F_AREA, F_RADIOS, F_CHECKBOXES, F_SELECT };

struct field {
	const char *name;
	enum ftype type;
	const char *label, *hint;
	bool optional;
};

static const char *val(json_t *values, const char *key)
{
	return json_string_value(json_object_get(values, key));
}

/* The values of a posted form: every field but the CSRF token, a list field (lists,
 * NULL-terminated) as an array of its non-empty values. */
static json_t *posted(struct web_request *req, const char *const *lists)
{
	json_t *v = json_object();
	for (const char *const *l = lists; l && *l; l++)
		json_object_set_new(v, *l, json_array());
	for (size_t i = 0; i < req->form.n; i++) {
		const char *name = req->form.p[i].name, *value = req->form.p[i].value;
		if (strcmp(name, "csrf") == 0)
			continue;
		json_t *list = json_object_get(v, name);
		if (json_is_array(list)) {
			if (value[0])
				json_array_append_new(list, json_string(value));
		} else {
			json_object_set_new(v, name, json_string(value));
		}
	}
	return v;
}

/* The strings of values[key] (an array), NULL-terminated, borrowed; free the array. */
static const char **list_of(json_t *values, const char *key, size_t *n)
{
	json_t *a = json_object_get(values, key);
	const char **out = xcalloc(json_array_size(a) + 1, sizeof *out);
	*n = 0;
	size_t i;
	json_t *x;
	json_array_foreach(a, i, x) if (json_is_string(x)) out[(*n)++] = json_string_value(x);
	return out;
}

static bool in_array(json_t *a, const char *key)
{
	size_t i;
	json_t *x;
	json_array_foreach(a, i,
	                   x) if (json_is_string(x) && strcmp(json_string_value(x), key) == 0) return true;
	return false;
}

/* Adds field f to fields with its value, its error and its options ([{key, words}],
 * taken; for the choices). */
static void add_field(json_t *fields, const struct field *f, json_t *values, json_t *errors, json_t *options)
{
	static const char *const kinds[] = {"text", "text", "area", "choices", "choices", "select"};
	json_t *o = json_pack("{s:s, s:s, s:b, s:b}", "name", f->name, "label", f->label, "optional",
	                      f->optional, kinds[f->type], 1);
	if (f->type == F_DATE)
		json_object_set_new(o, "numeric", json_true());
	if (f->hint)
		page_set_str(o, "hint", f->hint);
	const char *error = val(errors, f->name);
	if (error)
		page_set_str(o, "error", error);
	char described[200] = "";
	if (f->hint)
		snprintf(described, sizeof described, "%s-hint", f->name);
	if (error) {
		size_t l = strlen(described);
		snprintf(described + l, sizeof described - l, "%s%s-error", l ? " " : "", f->name);
	}
	if (described[0])
		page_set_str(o, "describedby", described);
	json_t *v = json_object_get(values, f->name);
	if (json_is_string(v))
		json_object_set(o, "value", v);
	if (options) {
		size_t i;
		json_t *x;
		json_array_foreach(options, i, x)
		{
			const char *key = page_str(x, "key");
			char id[200];
			if (i == 0)
				snprintf(id, sizeof id, "%s", f->name);
			else
				snprintf(id, sizeof id, "%s-%s", f->name, key);
			page_set_str(x, "id", id);
			page_set_str(x, "input", f->type == F_CHECKBOXES ? "checkbox" : "radio");
			bool on = f->type == F_CHECKBOXES
			              ? in_array(v, key)
			              : json_is_string(v) && strcmp(json_string_value(v), key) == 0;
			json_object_set_new(x, "checked", json_boolean(on));
		}
		json_object_set_new(o, "options", options);
	}
	json_array_append_new(fields, o);
}

/* [{key, words}] of rows by their key and words fields; a first {"", none} when none. */
static json_t *options_of(json_t *rows, const char *key, const char *words, const char *none)
{
	json_t *a = json_array();
	if (none)
		json_array_append_new(a, json_pack("{s:s, s:s}", "key", "", "words", none));
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	    json_array_append_new(a, json_pack("{s:s, s:s}", "key", page_str(r, key) ? page_str(r, key) : "",
	                                       "words", page_str(r, words) ? page_str(r, words) : ""));
	return a;
}

/* What a form page shows around its fields. */
struct form_page {
	const char *heading, *lede, *action, *submit, *back_href, *back_words;
	const char *crumb_href, *crumb_words; /* the page above it, or NULL */
};

/* Sends the form page (never cached: it carries a CSRF token and what was typed), with
 * fields (taken) and errors (taken). */
static void form_send(struct web_request *req, struct web_response *res, int status,
                      const struct form_page *p, json_t *fields, json_t *errors)
{
	/* The summary lists the problems in the order of the fields. */
	json_t *ordered = json_object(), *f;
	size_t i;
	json_array_foreach(fields, i, f)
	{
		json_t *m = json_object_get(errors, page_str(f, "name"));
		if (m)
			json_object_set(ordered, page_str(f, "name"), m);
	}
	json_object_update_missing(ordered, errors);
	json_t *list = page_error_list(ordered);
	json_decref(ordered);
	bool wrong = json_array_size(list) > 0;
	char title[300];
	snprintf(title, sizeof title, "%s%s", wrong ? "Error: " : "", p->heading);
	json_t *crumbs = page_crumbs_new();
	if (p->crumb_href)
		page_crumb_add(crumbs, p->crumb_href, p->crumb_words);
	page_crumb_add(crumbs, "", p->heading);
	json_t *ctx = json_pack("{s:s, s:s, s:s?, s:s, s:s, s:o, s:o, s:b, s:s, s:o, s:o, s:s, s:s}", "title",
	                        title, "heading", p->heading, "lede", p->lede, "form_action", p->action,
	                        "submit", p->submit, "errors", errors, "error_list", list, "has_errors",
	                        wrong, "csrf", page_str(req->user, "csrf"), "breadcrumbs", crumbs, "fields",
	                        fields, "back_href", p->back_href, "back_words", p->back_words);
	web_page(req, res, status, "plan_edit", ctx);
	res->cache_control = "no-store";
}

/* True when someone signed in may keep the Plan; otherwise answered. */
static bool may(struct web_request *req, struct web_response *res)
{
	if (!page_signed_in(req, res))
		return false;
	if (!planedit_may(req->user)) {
		web_error_page(req, res, 403, refused);
		return false;
	}
	return true;
}

/* The item of resource named in the path for someone who may keep the Plan; NULL when
 * answered. */
static json_t *target(struct web_request *req, struct web_response *res, const char *resource)
{
	const char *slug = page_slug_param(req, res);
	if (!slug || !may(req, res))
		return NULL;
	struct kerr e = {0};
	json_t *item = store_resource_get(req->store, resource, slug, &e);
	if (!item)
		page_read_failed(req, res, resource, &e);
	return item;
}

static json_t *plan_item(struct web_request *req, const char *slug)
{
	return slug ? store_resource_get(req->store, "plans", slug, NULL) : NULL;
}

/* After a write: on success a 303 to where; a conflict a 409 page saying why; any other
 * failure a logged 500. */
static void done(struct web_request *req, struct web_response *res, int rc, const struct kerr *e,
                 const char *where)
{
	if (rc < 0 && e->code == KERR_CONFLICT) {
		web_error_page(req, res, 409, e->msg);
		return;
	}
	page_saved(req, res, rc, e, where, "");
}

/* The confirmation page before deleting: blocked (the domain's refusal) when something
 * still hangs off it. */
static void delete_page(struct web_request *req, struct web_response *res, const char *title,
                        const char *heading, const char *explain, const char *entity, const char *id,
                        const char *action, const char *button, const char *back_href, const char *back_words)
{
	struct kerr e = {0};
	const char *blocked = NULL;
	if (planedit_delete_check(req->store, entity, id, &e) < 0) {
		if (e.code != KERR_CONFLICT) {
			page_read_failed(req, res, entity, &e);
			return;
		}
		blocked = e.msg;
	}
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, back_href, back_words);
	page_crumb_add(crumbs, "", title);
	char back[300];
	snprintf(back, sizeof back, "No, go back to %s", back_words);
	struct page_delete d = {title, heading, NULL, explain, blocked, action, button, back_href, back};
	page_delete_confirm(req, res, &d, crumbs);
}

/* ---- plans ---- */

static const char *const plan_status_options[][2] = {
    {"draft", "Draft: seen only by staff, admins and the Oversight Board"},
    {"published", "Published: seen by everyone"},
    {"ended", "Ended: its time is over; it stays to be read"},
};
static const char *const plan_shape_options[][2] = {
    {"priorities", "Actions grouped under priority areas (as Plan 21-24)"},
    {"route_maps", "Route maps grouped under the five foundations (as Plan 24-30)"},
};

static json_t *pairs(const char *const (*p)[2], size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s}", "key", p[i][0], "words", p[i][1]));
	return a;
}

static const struct field slug_field = {
    "slug", F_TEXT, "Web address name",
    "Small letters, digits and hyphens, like plan-24-30. Leave it empty to make "
    "it from the title. It cannot be changed later.",
    true};
static const struct field source_fields[] = {
    {"source", F_TEXT, "Source", "The web address it was published at, starting https://", true},
    {"source_date", F_DATE, "Date of the source",
     "The date it was published or read, for example 2024-06-20; or only its month, for example 2025-12, "
     "when the source names no day",
     true},
};

static struct planrules_plan plan_form(json_t *v)
{
	return (struct planrules_plan){val(v, "slug"),   val(v, "title"),  val(v, "summary"),
	                               val(v, "starts"), val(v, "ends"),   val(v, "status"),
	                               val(v, "shape"),  val(v, "source"), val(v, "source_date")};
}

static void plan_page(struct web_request *req, struct web_response *res, int status, json_t *plan, json_t *v,
                      json_t *errors)
{
	json_t *fields = json_array();
	add_field(fields, &(struct field){"title", F_TEXT, "Title", "For example, Plan 24-30", false}, v,
	          errors, NULL);
	if (!plan)
		add_field(fields, &slug_field, v, errors, NULL);
	add_field(fields, &(struct field){"summary", F_AREA, "Summary", NULL, true}, v, errors, NULL);
	add_field(fields, &(struct field){"starts", F_DATE, "Start date", "For example, 2024-04-01", false},
	          v, errors, NULL);
	add_field(fields, &(struct field){"ends", F_DATE, "End date", "For example, 2030-03-31", false}, v,
	          errors, NULL);
	add_field(fields, &(struct field){"status", F_RADIOS, "Who may see it", NULL, false}, v, errors,
	          pairs(plan_status_options, 3));
	add_field(fields, &(struct field){"shape", F_RADIOS, "How it groups its work", NULL, false}, v,
	          errors, pairs(plan_shape_options, 2));
	for (size_t i = 0; i < 2; i++)
		add_field(fields, &source_fields[i], v, errors, NULL);
	char action[200], back[200];
	snprintf(action, sizeof action, plan ? "/plans/%s/edit" : "/plans/new",
	         plan ? page_str(plan, "id") : "");
	snprintf(back, sizeof back, plan ? "/plans/%s" : "/", plan ? page_str(plan, "id") : "");
	struct form_page p = {plan ? "Change the plan" : "Add a plan",
	                      plan ? page_str(plan, "title") : NULL,
	                      action,
	                      plan ? "Save the changes" : "Add the plan",
	                      back,
	                      "Go back without saving",
	                      plan ? back : NULL,
	                      plan ? page_str(plan, "title") : NULL};
	form_send(req, res, status, &p, fields, errors);
}

void web_page_plan_new(struct web_request *req, struct web_response *res)
{
	if (!may(req, res))
		return;
	json_t *v = json_pack("{s:s, s:s}", "status", "draft", "shape", "route_maps");
	plan_page(req, res, 200, NULL, v, json_object());
	json_decref(v);
}

void web_plan_new_post(struct web_request *req, struct web_response *res)
{
	if (!may(req, res))
		return;
	json_t *v = posted(req, NULL);
	struct planrules_plan f = plan_form(v);
	json_t *errors = json_object();
	if (planedit_plan_check(req->store, NULL, &f, errors) > 0) {
		plan_page(req, res, 400, NULL, v, errors);
		json_decref(v);
		return;
	}
	json_decref(errors);
	char slug[128] = "", to[200];
	struct kerr e = {0};
	int rc = planedit_plan_add(req->store, page_str(req->user, "email"), &f, slug, &e);
	json_decref(v);
	snprintf(to, sizeof to, "/plans/%s", slug);
	done(req, res, rc, &e, to);
}

void web_page_plan_edit(struct web_request *req, struct web_response *res)
{
	json_t *plan = target(req, res, "plans");
	if (!plan)
		return;
	plan_page(req, res, 200, plan, plan, json_object());
	json_decref(plan);
}

void web_plan_edit_post(struct web_request *req, struct web_response *res)
{
	json_t *plan = target(req, res, "plans");
	if (!plan)
		return;
	json_t *v = posted(req, NULL);
	struct planrules_plan f = plan_form(v);
	json_t *errors = json_object();
	char slug[128], to[200];
	snprintf(slug, sizeof slug, "%s", page_str(plan, "id"));
	if (planedit_plan_check(req->store, slug, &f, errors) > 0) {
		plan_page(req, res, 400, plan, v, errors);
	} else {
		json_decref(errors);
		struct kerr e = {0};
		int rc = planedit_plan_change(req->store, page_str(req->user, "email"), slug, &f, &e);
		snprintf(to, sizeof to, "/plans/%s", slug);
		done(req, res, rc, &e, to);
	}
	json_decref(v);
	json_decref(plan);
}

void web_page_plan_delete(struct web_request *req, struct web_response *res)
{
	json_t *plan = target(req, res, "plans");
	if (!plan)
		return;
	char heading[400], action[200], back[200];
	snprintf(heading, sizeof heading, "Delete %s?", page_str(plan, "title"));
	snprintf(action, sizeof action, "/plans/%s/delete", page_str(plan, "id"));
	snprintf(back, sizeof back, "/plans/%s", page_str(plan, "id"));
	delete_page(req, res, "Delete a plan", heading,
	            "Deleting it removes the plan from keep with its phases, its groups, what is under them "
	            "and their "
	            "milestones. The history of changes keeps a copy of each, with your name.",
	            "plan", page_str(plan, "id"), action, "Yes, delete this plan", back,
	            page_str(plan, "title"));
	json_decref(plan);
}

void web_plan_delete_post(struct web_request *req, struct web_response *res)
{
	json_t *plan = target(req, res, "plans");
	if (!plan)
		return;
	char slug[128];
	snprintf(slug, sizeof slug, "%s", page_str(plan, "id"));
	json_decref(plan);
	struct kerr e = {0};
	done(req, res, planedit_plan_delete(req->store, page_str(req->user, "email"), slug, &e), &e, "/");
}

/* ---- phases ---- */

static struct planrules_phase phase_form(json_t *v)
{
	return (struct planrules_phase){val(v, "slug"),    val(v, "title"),  val(v, "years"),
	                                val(v, "summary"), val(v, "starts"), val(v, "ends")};
}

/* plan: the phase's plan (a "plans" item); phase: the phase, or NULL for a new one. */
static void phase_page(struct web_request *req, struct web_response *res, int status, json_t *plan,
                       json_t *phase, json_t *v, json_t *errors)
{
	json_t *fields = json_array();
	add_field(fields, &(struct field){"title", F_TEXT, "Title", NULL, false}, v, errors, NULL);
	if (!phase)
		add_field(fields, &slug_field, v, errors, NULL);
	add_field(
	    fields,
	    &(struct field){"years", F_TEXT, "Which years, in words", "For example, Years one and two", true},
	    v, errors, NULL);
	add_field(fields, &(struct field){"summary", F_AREA, "Summary", NULL, true}, v, errors, NULL);
	char hint_s[200], hint_e[200];
	snprintf(hint_s, sizeof hint_s, "On or after the plan starts (%s)", page_str(plan, "starts"));
	snprintf(hint_e, sizeof hint_e, "On or before the plan ends (%s)", page_str(plan, "ends"));
	add_field(fields, &(struct field){"starts", F_DATE, "Start date", hint_s, false}, v, errors, NULL);
	add_field(fields, &(struct field){"ends", F_DATE, "End date", hint_e, false}, v, errors, NULL);
	char action[200], back[200];
	if (phase)
		snprintf(action, sizeof action, "/phases/%s/edit", page_str(phase, "id"));
	else
		snprintf(action, sizeof action, "/plans/%s/phases/new", page_str(plan, "id"));
	snprintf(back, sizeof back, "/plans/%s", page_str(plan, "id"));
	struct form_page p = {phase ? "Change the phase" : "Add a phase",
	                      page_str(plan, "title"),
	                      action,
	                      phase ? "Save the changes" : "Add the phase",
	                      back,
	                      "Go back without saving",
	                      back,
	                      page_str(plan, "title")};
	form_send(req, res, status, &p, fields, errors);
}

void web_page_phase_new(struct web_request *req, struct web_response *res)
{
	json_t *plan = target(req, res, "plans");
	if (!plan)
		return;
	json_t *v = json_object();
	phase_page(req, res, 200, plan, NULL, v, json_object());
	json_decref(v);
	json_decref(plan);
}

void web_phase_new_post(struct web_request *req, struct web_response *res)
{
	json_t *plan = target(req, res, "plans");
	if (!plan)
		return;
	json_t *v = posted(req, NULL);
	struct planrules_phase f = phase_form(v);
	json_t *errors = json_object();
	if (planedit_phase_check(req->store, page_str(plan, "id"), NULL, &f, errors) > 0) {
		phase_page(req, res, 400, plan, NULL, v, errors);
	} else {
		json_decref(errors);
		char slug[128], to[200];
		struct kerr e = {0};
		int rc = planedit_phase_add(req->store, page_str(req->user, "email"), page_str(plan, "id"),
		                            &f, slug, &e);
		snprintf(to, sizeof to, "/plans/%s", page_str(plan, "id"));
		done(req, res, rc, &e, to);
	}
	json_decref(v);
	json_decref(plan);
}

void web_page_phase_edit(struct web_request *req, struct web_response *res)
{
	json_t *phase = target(req, res, "phases");
	if (!phase)
		return;
	json_t *plan = plan_item(req, page_str(phase, "plan"));
	phase_page(req, res, 200, plan, phase, phase, json_object());
	json_decref(plan);
	json_decref(phase);
}

void web_phase_edit_post(struct web_request *req, struct web_response *res)
{
	json_t *phase = target(req, res, "phases");
	if (!phase)
		return;
	json_t *plan = plan_item(req, page_str(phase, "plan"));
	json_t *v = posted(req, NULL);
	struct planrules_phase f = phase_form(v);
	json_t *errors = json_object();
	if (planedit_phase_check(req->store, NULL, page_str(phase, "id"), &f, errors) > 0) {
		phase_page(req, res, 400, plan, phase, v, errors);
	} else {
		json_decref(errors);
		char to[200];
		struct kerr e = {0};
		int rc = planedit_phase_change(req->store, page_str(req->user, "email"),
		                               page_str(phase, "id"), &f, &e);
		snprintf(to, sizeof to, "/plans/%s", page_str(phase, "plan"));
		done(req, res, rc, &e, to);
	}
	json_decref(v);
	json_decref(plan);
	json_decref(phase);
}

void web_page_phase_delete(struct web_request *req, struct web_response *res)
{
	json_t *phase = target(req, res, "phases");
	if (!phase)
		return;
	json_t *plan = plan_item(req, page_str(phase, "plan"));
	char heading[400], action[200], back[200];
	snprintf(heading, sizeof heading, "Delete the phase %s?", page_str(phase, "title"));
	snprintf(action, sizeof action, "/phases/%s/delete", page_str(phase, "id"));
	snprintf(back, sizeof back, "/plans/%s", page_str(phase, "plan"));
	delete_page(req, res, "Delete a phase", heading,
	            "Deleting it removes the phase from its plan. The history of changes keeps a copy of it, "
	            "with your "
	            "name.",
	            "phase", page_str(phase, "id"), action, "Yes, delete this phase", back,
	            page_str(plan, "title"));
	json_decref(plan);
	json_decref(phase);
}

void web_phase_delete_post(struct web_request *req, struct web_response *res)
{
	json_t *phase = target(req, res, "phases");
	if (!phase)
		return;
	char to[200];
	snprintf(to, sizeof to, "/plans/%s", page_str(phase, "plan"));
	struct kerr e = {0};
	int rc = planedit_phase_delete(req->store, page_str(req->user, "email"), page_str(phase, "id"), &e);
	json_decref(phase);
	done(req, res, rc, &e, to);
}

/* ---- priority areas, or a route maps plan's foundation groups ---- */

static struct planrules_priority priority_form(json_t *v)
{
	return (struct planrules_priority){val(v, "slug"), val(v, "title"), val(v, "text"),
	                                   val(v, "foundation")};
}

static bool route_maps(json_t *plan)
{
	return page_str(plan, "shape") && strcmp(page_str(plan, "shape"), "route_maps") == 0;
}

static void priority_page(struct web_request *req, struct web_response *res, int status, json_t *plan,
                          json_t *priority, json_t *v, json_t *errors)
{
	const struct plan_words *w = plan_shape_words(page_str(plan, "shape"));
	json_t *fields = json_array();
	if (route_maps(plan)) {
		json_t *fnd = store_foundations(req->store, NULL);
		add_field(fields, &(struct field){"foundation", F_SELECT, "Foundation", NULL, false}, v,
		          errors, options_of(fnd, "slug", "title", "Choose a foundation"));
		json_decref(fnd);
	}
	add_field(fields, &(struct field){"title", F_TEXT, "Title", NULL, false}, v, errors, NULL);
	if (!priority)
		add_field(fields, &slug_field, v, errors, NULL);
	add_field(fields, &(struct field){"text", F_AREA, "What it is about", NULL, true}, v, errors, NULL);
	char action[200], back[200], heading[200];
	if (priority)
		snprintf(action, sizeof action, "/priorities/%s/edit", page_str(priority, "id"));
	else
		snprintf(action, sizeof action, "/plans/%s/priorities/new", page_str(plan, "id"));
	snprintf(back, sizeof back, "/plans/%s", page_str(plan, "id"));
	snprintf(heading, sizeof heading, "%s %s", priority ? "Change the" : "Add a", w->group);
	struct form_page p = {
	    heading, page_str(plan, "title"),  action, priority ? "Save the changes" : "Add it",
	    back,    "Go back without saving", back,   page_str(plan, "title")};
	form_send(req, res, status, &p, fields, errors);
}

void web_page_priority_new(struct web_request *req, struct web_response *res)
{
	json_t *plan = target(req, res, "plans");
	if (!plan)
		return;
	json_t *v = json_object();
	priority_page(req, res, 200, plan, NULL, v, json_object());
	json_decref(v);
	json_decref(plan);
}

void web_priority_new_post(struct web_request *req, struct web_response *res)
{
	json_t *plan = target(req, res, "plans");
	if (!plan)
		return;
	json_t *v = posted(req, NULL);
	struct planrules_priority f = priority_form(v);
	json_t *errors = json_object();
	if (planedit_priority_check(req->store, page_str(plan, "id"), NULL, &f, errors) > 0) {
		priority_page(req, res, 400, plan, NULL, v, errors);
	} else {
		json_decref(errors);
		char slug[128], to[300];
		struct kerr e = {0};
		int rc = planedit_priority_add(req->store, page_str(req->user, "email"), page_str(plan, "id"),
		                               &f, slug, &e);
		snprintf(to, sizeof to, "/plans/%s#%s", page_str(plan, "id"), slug);
		done(req, res, rc, &e, to);
	}
	json_decref(v);
	json_decref(plan);
}

void web_page_priority_edit(struct web_request *req, struct web_response *res)
{
	json_t *pr = target(req, res, "priorities");
	if (!pr)
		return;
	json_t *plan = plan_item(req, page_str(pr, "plan"));
	priority_page(req, res, 200, plan, pr, pr, json_object());
	json_decref(plan);
	json_decref(pr);
}

void web_priority_edit_post(struct web_request *req, struct web_response *res)
{
	json_t *pr = target(req, res, "priorities");
	if (!pr)
		return;
	json_t *plan = plan_item(req, page_str(pr, "plan"));
	json_t *v = posted(req, NULL);
	struct planrules_priority f = priority_form(v);
	json_t *errors = json_object();
	if (planedit_priority_check(req->store, NULL, page_str(pr, "id"), &f, errors) > 0) {
		priority_page(req, res, 400, plan, pr, v, errors);
	} else {
		json_decref(errors);
		char to[300];
		struct kerr e = {0};
		int rc = planedit_priority_change(req->store, page_str(req->user, "email"),
		                                  page_str(pr, "id"), &f, &e);
		snprintf(to, sizeof to, "/plans/%s#%s", page_str(pr, "plan"), page_str(pr, "id"));
		done(req, res, rc, &e, to);
	}
	json_decref(v);
	json_decref(plan);
	json_decref(pr);
}

void web_page_priority_delete(struct web_request *req, struct web_response *res)
{
	json_t *pr = target(req, res, "priorities");
	if (!pr)
		return;
	json_t *plan = plan_item(req, page_str(pr, "plan"));
	const struct plan_words *w = plan_shape_words(page_str(plan, "shape"));
	char title[100], heading[400], explain[400], button[100], action[200], back[200];
	snprintf(title, sizeof title, "Delete a %s", w->group);
	snprintf(heading, sizeof heading, "Delete %s?", page_str(pr, "title"));
	snprintf(
	    explain, sizeof explain,
	    "Deleting it removes it from its plan with the %s under it and their milestones. The history of "
	    "changes keeps a copy of each, with your name.",
	    w->items);
	snprintf(button, sizeof button, "Yes, delete this %s", w->group);
	snprintf(action, sizeof action, "/priorities/%s/delete", page_str(pr, "id"));
	snprintf(back, sizeof back, "/plans/%s", page_str(pr, "plan"));
	delete_page(req, res, title, heading, explain, "priority", page_str(pr, "id"), action, button, back,
	            page_str(plan, "title"));
	json_decref(plan);
	json_decref(pr);
}

void web_priority_delete_post(struct web_request *req, struct web_response *res)
{
	json_t *pr = target(req, res, "priorities");
	if (!pr)
		return;
	char to[200];
	snprintf(to, sizeof to, "/plans/%s", page_str(pr, "plan"));
	struct kerr e = {0};
	int rc = planedit_priority_delete(req->store, page_str(req->user, "email"), page_str(pr, "id"), &e);
	json_decref(pr);
	done(req, res, rc, &e, to);
}

/* ---- actions, or route maps ---- */

static const char *const action_lists[] = {"foundations", "fundamentals", NULL};

/* Runs fn with the action form of v (its lists borrowed for the call). */
struct action_call {
	struct planrules_action f;
	const char **fnd, **fun;
};

static void action_form(json_t *v, struct action_call *c)
{
	size_t nf, nu;
	c->fnd = list_of(v, "foundations", &nf);
	c->fun = list_of(v, "fundamentals", &nu);
	c->f = (struct planrules_action){.slug = val(v, "slug"),
	                                 .title = val(v, "title"),
	                                 .priority = val(v, "priority"),
	                                 .required = val(v, "required"),
	                                 .now = val(v, "now"),
	                                 .outcomes = val(v, "outcomes"),
	                                 .committed = val(v, "committed"),
	                                 .leads_text = val(v, "leads_text"),
	                                 .next_steps = val(v, "next_steps"),
	                                 .due = val(v, "due"),
	                                 .source = val(v, "source"),
	                                 .source_date = val(v, "source_date"),
	                                 .foundations = c->fnd,
	                                 .nfoundations = nf,
	                                 .fundamentals = c->fun,
	                                 .nfundamentals = nu};
}

static void action_call_free(struct action_call *c)
{
	free(c->fnd);
	free(c->fun);
}

/* A stored action as its form's values: the lists as they are, the rest strings. */
static json_t *action_values(json_t *a)
{
	return json_deep_copy(a);
}

static void action_page(struct web_request *req, struct web_response *res, int status, json_t *plan,
                        json_t *action, json_t *v, json_t *errors)
{
	const struct plan_words *w = plan_shape_words(page_str(plan, "shape"));
	struct kerr e = {0};
	json_t *prios = store_resource_all(req->store, "priorities", &e), *mine = json_array();
	size_t i;
	json_t *x;
	json_array_foreach(prios, i, x) if (page_str(x, "plan") &&
	                                    strcmp(page_str(x, "plan"), page_str(plan, "id")) == 0)
	    json_array_append(mine, x);
	json_decref(prios);
	json_t *fields = json_array();
	char label[200];
	snprintf(label, sizeof label, "The %s it comes under", w->group);
	add_field(fields, &(struct field){"priority", F_SELECT, label, NULL, false}, v, errors,
	          options_of(mine, "id", "title", "Choose one"));
	json_decref(mine);
	add_field(fields, &(struct field){"title", F_TEXT, "Title", NULL, false}, v, errors, NULL);
	if (!action)
		add_field(fields, &slug_field, v, errors, NULL);
	static const struct field texts[] = {
	    {"now", F_AREA, "Where is Scotland now", NULL, true},
	    {"outcomes", F_AREA, "Where Scotland should be by 2030", "One outcome a line", true},
	    {"required", F_AREA, "What is required", NULL, true},
	    {"committed", F_AREA, "What has been committed", NULL, true},
	    {"leads_text", F_AREA, "Who leads, in words", NULL, true},
	    {"next_steps", F_AREA, "Next steps", NULL, true},
	    {"due", F_DATE, "Due date", "For example, 2030-03-31", true},
	};
	for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++)
		add_field(fields, &texts[k], v, errors, NULL);
	for (size_t k = 0; k < 2; k++)
		add_field(fields, &source_fields[k], v, errors, NULL);
	json_t *fnd = store_foundations(req->store, NULL), *fun = store_fundamentals(req->store, NULL);
	add_field(fields,
	          &(struct field){"foundations", F_CHECKBOXES, "The foundations it serves",
	                          route_maps(plan) ? "Choose at least one" : "Choose all that apply",
	                          !route_maps(plan)},
	          v, errors, options_of(fnd, "slug", "title", NULL));
	add_field(fields,
	          &(struct field){"fundamentals", F_CHECKBOXES, "The fundamentals it serves",
	                          "Choose all that apply", true},
	          v, errors, options_of(fun, "slug", "title", NULL));
	json_decref(fnd);
	json_decref(fun);
	char act[200], back[200], heading[200], submit[100];
	if (action) {
		snprintf(act, sizeof act, "/actions/%s/edit", page_str(action, "id"));
		snprintf(back, sizeof back, "/actions/%s", page_str(action, "id"));
	} else {
		snprintf(act, sizeof act, "/priorities/%s/actions/new", req->nparams ? req->params[0] : "");
		snprintf(back, sizeof back, "/plans/%s", page_str(plan, "id"));
	}
	snprintf(heading, sizeof heading, "%s %s", action ? "Change the" : "Add a", w->item);
	snprintf(submit, sizeof submit, action ? "Save the changes" : "Add the %s", w->item);
	struct form_page p = {heading, action ? page_str(action, "title") : page_str(plan, "title"),
	                      act,     submit,
	                      back,    "Go back without saving",
	                      back,    action ? page_str(action, "title") : page_str(plan, "title")};
	form_send(req, res, status, &p, fields, errors);
}

/* The priority area in the path of /priorities/x/actions/new (a "priorities" item)
 * with its plan into *plan; NULL when answered. */
static json_t *priority_target(struct web_request *req, struct web_response *res, json_t **plan)
{
	json_t *pr = target(req, res, "priorities");
	*plan = pr ? plan_item(req, page_str(pr, "plan")) : NULL;
	return pr;
}

void web_page_action_new(struct web_request *req, struct web_response *res)
{
	json_t *plan, *pr = priority_target(req, res, &plan);
	if (!pr)
		return;
	json_t *v =
	    json_pack("{s:s, s:[], s:[]}", "priority", page_str(pr, "id"), "foundations", "fundamentals");
	/* A foundation group's route maps serve its foundation. */
	if (page_str(pr, "foundation"))
		json_array_append_new(json_object_get(v, "foundations"),
		                      json_string(page_str(pr, "foundation")));
	action_page(req, res, 200, plan, NULL, v, json_object());
	json_decref(v);
	json_decref(plan);
	json_decref(pr);
}

void web_action_new_post(struct web_request *req, struct web_response *res)
{
	json_t *plan, *pr = priority_target(req, res, &plan);
	if (!pr)
		return;
	json_t *v = posted(req, action_lists);
	if (!val(v, "priority"))
		page_set_str(v, "priority", page_str(pr, "id"));
	struct action_call c;
	action_form(v, &c);
	json_t *errors = json_object();
	if (planedit_action_check(req->store, page_str(plan, "id"), NULL, &c.f, errors) > 0) {
		action_page(req, res, 400, plan, NULL, v, errors);
	} else {
		json_decref(errors);
		char slug[128], to[200];
		struct kerr e = {0};
		int rc = planedit_action_add(req->store, page_str(req->user, "email"), &c.f, slug, &e);
		snprintf(to, sizeof to, "/actions/%s", slug);
		done(req, res, rc, &e, to);
	}
	action_call_free(&c);
	json_decref(v);
	json_decref(plan);
	json_decref(pr);
}

void web_page_action_edit(struct web_request *req, struct web_response *res)
{
	json_t *a = target(req, res, "actions");
	if (!a)
		return;
	json_t *plan = plan_item(req, page_str(a, "plan"));
	json_t *v = action_values(a);
	action_page(req, res, 200, plan, a, v, json_object());
	json_decref(v);
	json_decref(plan);
	json_decref(a);
}

void web_action_edit_post(struct web_request *req, struct web_response *res)
{
	json_t *a = target(req, res, "actions");
	if (!a)
		return;
	json_t *plan = plan_item(req, page_str(a, "plan"));
	json_t *v = posted(req, action_lists);
	struct action_call c;
	action_form(v, &c);
	json_t *errors = json_object();
	if (planedit_action_check(req->store, NULL, page_str(a, "id"), &c.f, errors) > 0) {
		action_page(req, res, 400, plan, a, v, errors);
	} else {
		json_decref(errors);
		char to[200];
		struct kerr e = {0};
		int rc = planedit_action_change(req->store, page_str(req->user, "email"), page_str(a, "id"),
		                                &c.f, &e);
		snprintf(to, sizeof to, "/actions/%s", page_str(a, "id"));
		done(req, res, rc, &e, to);
	}
	action_call_free(&c);
	json_decref(v);
	json_decref(plan);
	json_decref(a);
}

void web_page_action_delete(struct web_request *req, struct web_response *res)
{
	json_t *a = target(req, res, "actions");
	if (!a)
		return;
	json_t *plan = plan_item(req, page_str(a, "plan"));
	const struct plan_words *w = plan_shape_words(page_str(plan, "shape"));
	char title[100], heading[400], explain[300], button[100], action[200], back[200];
	snprintf(title, sizeof title, "Delete a %s", w->item);
	snprintf(heading, sizeof heading, "Delete %s?", page_str(a, "title"));
	snprintf(explain, sizeof explain,
	         "Deleting it removes it from its plan with its milestones. The history of changes keeps a "
	         "copy of each, "
	         "with your name.");
	snprintf(button, sizeof button, "Yes, delete this %s", w->item);
	snprintf(action, sizeof action, "/actions/%s/delete", page_str(a, "id"));
	snprintf(back, sizeof back, "/actions/%s", page_str(a, "id"));
	delete_page(req, res, title, heading, explain, "action", page_str(a, "id"), action, button, back,
	            page_str(a, "title"));
	json_decref(plan);
	json_decref(a);
}

void web_action_delete_post(struct web_request *req, struct web_response *res)
{
	json_t *a = target(req, res, "actions");
	if (!a)
		return;
	char to[200];
	snprintf(to, sizeof to, "/plans/%s", page_str(a, "plan"));
	struct kerr e = {0};
	int rc = planedit_action_delete(req->store, page_str(req->user, "email"), page_str(a, "id"), &e);
	json_decref(a);
	done(req, res, rc, &e, to);
}

/* ---- milestones ---- */

static struct planrules_milestone milestone_form(json_t *v)
{
	return (struct planrules_milestone){val(v, "when"),   val(v, "due"),         val(v, "text"),
	                                    val(v, "source"), val(v, "source_date"), NULL};
}

/* action: the milestone's action (an "actions" item); m: the milestone, or NULL. */
static void milestone_page(struct web_request *req, struct web_response *res, int status, json_t *action,
                           json_t *m, json_t *v, json_t *errors)
{
	json_t *plan = plan_item(req, page_str(action, "plan"));
	json_t *fields = json_array();
	add_field(fields, &(struct field){"text", F_AREA, "What is to happen", NULL, false}, v, errors, NULL);
	add_field(fields,
	          &(struct field){"when", F_TEXT, "When, in the plan's words",
	                          "For example, by the end of 2025", true},
	          v, errors, NULL);
	char hint[300];
	snprintf(hint, sizeof hint, "Between the plan's dates, %s and %s", page_str(plan, "starts"),
	         page_str(plan, "ends"));
	add_field(fields, &(struct field){"due", F_DATE, "Due date", hint, true}, v, errors, NULL);
	for (size_t k = 0; k < 2; k++)
		add_field(fields, &source_fields[k], v, errors, NULL);
	char act[300], back[200];
	if (m)
		snprintf(act, sizeof act, "/milestones/%s/edit", page_str(m, "id"));
	else
		snprintf(act, sizeof act, "/actions/%s/milestones/new", page_str(action, "id"));
	snprintf(back, sizeof back, "/actions/%s", page_str(action, "id"));
	struct form_page p = {m ? "Change the milestone" : "Add a milestone",
	                      page_str(action, "title"),
	                      act,
	                      m ? "Save the changes" : "Add the milestone",
	                      back,
	                      "Go back without saving",
	                      back,
	                      page_str(action, "title")};
	form_send(req, res, status, &p, fields, errors);
	json_decref(plan);
}

void web_page_milestone_new(struct web_request *req, struct web_response *res)
{
	json_t *a = target(req, res, "actions");
	if (!a)
		return;
	json_t *v = json_object();
	milestone_page(req, res, 200, a, NULL, v, json_object());
	json_decref(v);
	json_decref(a);
}

void web_milestone_new_post(struct web_request *req, struct web_response *res)
{
	json_t *a = target(req, res, "actions");
	if (!a)
		return;
	json_t *v = posted(req, NULL);
	struct planrules_milestone f = milestone_form(v);
	json_t *errors = json_object();
	if (planedit_milestone_check(req->store, page_str(a, "id"), NULL, &f, errors) > 0) {
		milestone_page(req, res, 400, a, NULL, v, errors);
	} else {
		json_decref(errors);
		char id[256], to[200];
		struct kerr e = {0};
		int rc = planedit_milestone_add(req->store, page_str(req->user, "email"), page_str(a, "id"),
		                                &f, id, &e);
		snprintf(to, sizeof to, "/actions/%s", page_str(a, "id"));
		done(req, res, rc, &e, to);
	}
	json_decref(v);
	json_decref(a);
}

/* The milestone in the path with its action into *action; NULL when answered. */
static json_t *milestone_target(struct web_request *req, struct web_response *res, json_t **action)
{
	json_t *m = target(req, res, "milestones");
	*action = m ? store_resource_get(req->store, "actions", page_str(m, "action"), NULL) : NULL;
	return m;
}

void web_page_milestone_edit(struct web_request *req, struct web_response *res)
{
	json_t *a, *m = milestone_target(req, res, &a);
	if (!m)
		return;
	milestone_page(req, res, 200, a, m, m, json_object());
	json_decref(a);
	json_decref(m);
}

void web_milestone_edit_post(struct web_request *req, struct web_response *res)
{
	json_t *a, *m = milestone_target(req, res, &a);
	if (!m)
		return;
	json_t *v = posted(req, NULL);
	struct planrules_milestone f = milestone_form(v);
	json_t *errors = json_object();
	if (planedit_milestone_check(req->store, NULL, page_str(m, "id"), &f, errors) > 0) {
		milestone_page(req, res, 400, a, m, v, errors);
	} else {
		json_decref(errors);
		char to[200];
		struct kerr e = {0};
		int rc = planedit_milestone_change(req->store, page_str(req->user, "email"),
		                                   page_str(m, "id"), &f, &e);
		snprintf(to, sizeof to, "/actions/%s", page_str(m, "action"));
		done(req, res, rc, &e, to);
	}
	json_decref(v);
	json_decref(a);
	json_decref(m);
}

void web_page_milestone_delete(struct web_request *req, struct web_response *res)
{
	json_t *a, *m = milestone_target(req, res, &a);
	if (!m)
		return;
	char action[300], back[200];
	snprintf(action, sizeof action, "/milestones/%s/delete", page_str(m, "id"));
	snprintf(back, sizeof back, "/actions/%s", page_str(m, "action"));
	struct page_delete d = {
	    "Delete a milestone",
	    "Delete this milestone?",
	    page_str(m, "text"),
	    "Deleting it removes it from the timeline. The history of changes keeps a copy of it, with "
	    "your name.",
	    NULL,
	    action,
	    "Yes, delete this milestone",
	    back,
	    "No, go back"};
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, back, page_str(a, "title"));
	page_crumb_add(crumbs, "", "Delete a milestone");
	page_delete_confirm(req, res, &d, crumbs);
	json_decref(a);
	json_decref(m);
}

void web_milestone_delete_post(struct web_request *req, struct web_response *res)
{
	json_t *a, *m = milestone_target(req, res, &a);
	if (!m)
		return;
	char to[200];
	snprintf(to, sizeof to, "/actions/%s", page_str(m, "action"));
	struct kerr e = {0};
	int rc = planedit_milestone_delete(req->store, page_str(req->user, "email"), page_str(m, "id"), &e);
	json_decref(a);
	json_decref(m);
	done(req, res, rc, &e, to);
}
