/* Indicators, targets and figures (issue 4): the public /indicators page, and the forms
 * the Oversight Board uses to add and change indicators and set targets, and that the
 * Board and The Promise Scotland's staff use to record figures. Each GET shows a form;
 * each POST checks it with the domain's rules (plan/target.h), shows it again with the
 * input kept and a message beside each wrong field, or saves it in one audited
 * transaction and goes back to /indicators. The CSRF check has already run in server.c. */
#include "web/page.h"

#include "plan/history.h"
#include "plan/pace.h"
#include "plan/plan.h"
#include "plan/target.h"

#include <stdio.h>
#include <string.h>

static const char refused_set[] = "Only members of the Oversight Board add indicators and set targets.";
static const char refused_record[] = "Only the Oversight Board and The Promise Scotland's staff record figures.";

/* A stored number as a form shows it, so that saving it unchanged changes nothing. */
static const char *number_text(json_t *v, char out[40])
{
	if (!json_is_number(v))
		return NULL;
	snprintf(out, 40, "%.15g", json_number_value(v));
	return out;
}

/* A number as people read it ("12.5", "10500"). */
static void set_number_words(json_t *o, const char *to, json_t *v)
{
	if (!json_is_number(v))
		return;
	char s[32];
	pace_number(json_number_value(v), s);
	page_set_str(o, to, s);
}

/* [{key, words, selected}] of items (a store array) by their key and words fields, after
 * a first {"" , none} when none is given. */
static json_t *item_options(json_t *items, const char *key, const char *words, const char *chosen, const char *none)
{
	json_t *a = json_array();
	if (none)
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "key", "", "words", none, "selected",
		                                   !chosen || !*chosen));
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		const char *k = page_str(it, key);
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "key", k ? k : "", "words",
		                                   page_str(it, words) ? page_str(it, words) : "", "selected",
		                                   chosen && k && strcmp(chosen, k) == 0));
	}
	return a;
}

/* Scotland, then the 32 council areas, as options; NULL when the store fails. */
static json_t *area_options(struct web_request *req, const char *chosen, struct kerr *e)
{
	json_t *areas = store_resource_all(req->store, "council-areas", e);
	if (!areas)
		return NULL;
	json_array_insert_new(areas, 0, json_pack("{s:s, s:s}", "id", TARGET_SCOTLAND, "name", "Scotland"));
	json_t *opts = item_options(areas, "id", "name", chosen, "Choose an area");
	json_decref(areas);
	return opts;
}

/* The options of a store resource, by id and title; NULL when the store fails. */
static json_t *resource_options(struct web_request *req, const char *resource, const char *chosen, const char *none,
                                struct kerr *e)
{
	json_t *all = store_resource_all(req->store, resource, e);
	if (!all)
		return NULL;
	json_t *opts = item_options(all, "id", "title", chosen, none);
	json_decref(all);
	return opts;
}

/* The frame every form here shares: title ("Error: " first when errors has any),
 * heading, where it posts, the submit words, errors (taken) and their summary, the CSRF
 * token and the trail back to /indicators. */
static json_t *form_ctx(struct web_request *req, const char *heading, const char *action, const char *submit,
                        json_t *errors, json_t *form)
{
	json_t *list = page_error_list(errors);
	bool wrong = json_array_size(list) > 0;
	char title[200];
	snprintf(title, sizeof title, "%s%s", wrong ? "Error: " : "", heading);
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/indicators", "Indicators and targets");
	page_crumb_add(crumbs, "", heading);
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:b, s:s, s:o, s:o}", "title", title, "heading", heading,
	                 "form_action", action, "submit", submit, "errors", errors, "error_list", list, "has_errors",
	                 wrong, "csrf", page_str(req->user, "csrf"), "breadcrumbs", crumbs, "form", form);
}

/* Sends a form page, never cached: it carries a CSRF token and what was typed. */
static void form_send(struct web_request *req, struct web_response *res, int status, const char *template,
                      json_t *ctx)
{
	web_page(req, res, status, template, ctx);
	res->cache_control = "no-store";
}

/* {field: value} of n fields, "" for NULL. */
static json_t *form_values(const char *const *names, const char *const *values, size_t n)
{
	json_t *o = json_object();
	for (size_t i = 0; i < n; i++)
		json_object_set_new(o, names[i], json_string(values[i] ? values[i] : ""));
	return o;
}

/* True when someone signed in may do what allowed says; otherwise answered (sign in,
 * or 403 saying refused). */
static bool may(struct web_request *req, struct web_response *res, bool (*allowed)(json_t *), const char *refused)
{
	if (!page_signed_in(req, res))
		return false;
	if (!allowed(req->user)) {
		web_error_page(req, res, 403, refused);
		return false;
	}
	return true;
}

/* The item of resource named in the path (a new reference) for someone who may set
 * targets; NULL when answered. */
static json_t *settable(struct web_request *req, struct web_response *res, const char *resource)
{
	const char *slug = page_slug_param(req, res);
	if (!slug || !may(req, res, target_may_set, refused_set))
		return NULL;
	struct kerr e = {0};
	json_t *item = store_resource_get(req->store, resource, slug, &e);
	if (!item)
		page_read_failed(req, res, resource, &e);
	return item;
}

/* Where to go after saving something of indicator: its place on /indicators. */
static void saved(struct web_request *req, struct web_response *res, int rc, const struct kerr *e,
                  const char *indicator)
{
	page_saved(req, res, rc, e, "/indicators#", indicator);
}

/* ---- the page ---- */

/* Adds the words the page shows for target t. */
static void target_words(json_t *t)
{
	set_number_words(t, "baseline_words", json_object_get(t, "baseline"));
	set_number_words(t, "value_words", json_object_get(t, "value"));
	page_set_date_words(t, "baseline_at_words", page_str(t, "baseline_at"));
	page_set_date_words(t, "due_words", page_str(t, "due"));
	const char *better = page_str(t, "better");
	page_set_str(t, "better_words", better && strcmp(better, "higher") == 0 ? "higher" : "lower");
	json_object_del(t, "observations");
}

void web_page_indicators(struct web_request *req, struct web_response *res)
{
	struct kerr e = {0};
	json_t *indicators = store_indicators_latest(req->store, &e);
	json_t *targets = indicators ? store_targets(req->store, NULL, &e) : NULL;
	if (!targets) {
		json_decref(indicators);
		page_read_failed(req, res, "indicators", &e);
		return;
	}
	bool may_set = target_may_set(req->user), may_record = observation_may_record(req->user);
	bool may_redact = redact_may(req->user);
	size_t i;
	json_t *x;
	json_array_foreach(indicators, i, x)
	{
		const char *freq = page_str(x, "frequency");
		page_set_str(x, "frequency_words", NOT_RECORDED);
		for (size_t k = 0; freq && k < target_nfrequencies; k++)
			if (strcmp(freq, target_frequencies[k][0]) == 0)
				page_set_str(x, "frequency_words", target_frequencies[k][1]);
		const char *source = page_str(x, "source");
		if (!source || !*source)
			page_set_str(x, "source", NOT_RECORDED);
		/* Its place in the Promise Progress Framework, in words. */
		const char *level = target_words_of(target_levels, target_nlevels, page_str(x, "level"));
		const char *kind = target_words_of(target_kinds, target_nkinds, page_str(x, "kind"));
		if (page_str(x, "outcome") || level || kind) {
			page_set_str(x, "level_words", level ? level : NOT_RECORDED);
			page_set_str(x, "kind_words", kind ? kind : NOT_RECORDED);
		}
		page_set_source_date_words(x, "framework_source_date_words", page_str(x, "framework_source_date"));
		json_t *mine = json_array();
		size_t k;
		json_t *t;
		json_array_foreach(targets, k, t)
		{
			if (strcmp(page_str(json_object_get(t, "indicator"), "id"), page_str(x, "id")) != 0)
				continue;
			target_words(t);
			if (may_set)
				json_object_set_new(t, "may_edit", json_true());
			const char *note = page_str(t, "note");
			if (may_redact && note && *note)
				json_object_set_new(t, "may_redact", json_true());
			json_array_append(mine, t);
		}
		json_object_set_new(x, "has_targets", json_boolean(json_array_size(mine) > 0));
		json_object_set_new(x, "targets", mine);
		json_t *latest = json_object_get(x, "latest");
		json_t *o;
		bool may_delete = may_record && !json_is_true(json_object_get(x, "computed"));
		if (may_delete)
			json_object_set_new(x, "may_delete", json_true());
		json_array_foreach(latest, k, o)
		{
			set_number_words(o, "value_words", json_object_get(o, "value"));
			page_set_date_words(o, "period_words", page_str(o, "period"));
			if (may_delete)
				json_object_set_new(o, "delete_href",
				                    json_sprintf("/observations/%s/%s/%s/delete", page_str(x, "id"),
				                                 page_str(o, "area"), page_str(o, "period")));
		}
		json_object_set_new(x, "has_latest", json_boolean(json_array_size(latest) > 0));
		if (may_set)
			json_object_set_new(x, "may_edit", json_true());
	}
	json_decref(targets);
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/indicators", "Indicators and targets");
	json_t *ctx = json_pack("{s:s, s:b, s:o, s:o, s:b, s:b, s:b}", "title", "Indicators and targets", "nav_indicators",
	                        1, "breadcrumbs", crumbs, "indicators", indicators, "has_indicators",
	                        json_array_size(indicators) > 0, "may_set", may_set, "may_record", may_record);
	web_page(req, res, 200, "indicators", ctx);
}

/* Every figure of one indicator, each with a Delete link for those who may delete it
 * (the latest of each area alone is on /indicators). */
void web_page_indicator_figures(struct web_request *req, struct web_response *res)
{
	const char *slug = page_slug_param(req, res);
	if (!slug)
		return;
	struct kerr e = {0};
	json_t *x = store_resource_get(req->store, "indicators", slug, &e);
	json_t *figures = x ? store_indicator_figures(req->store, slug, &e) : NULL;
	if (!figures) {
		json_decref(x);
		page_read_failed(req, res, "indicator", &e);
		return;
	}
	bool may_delete = observation_may_record(req->user) && !json_is_true(json_object_get(x, "computed"));
	size_t i;
	json_t *o;
	json_array_foreach(figures, i, o)
	{
		set_number_words(o, "value_words", json_object_get(o, "value"));
		page_set_date_words(o, "period_words", page_str(o, "period"));
		if (may_delete)
			json_object_set_new(o, "delete_href", json_sprintf("/observations/%s/%s/%s/delete", slug,
			                                                   page_str(o, "area"), page_str(o, "period")));
	}
	char title[400], back[200];
	snprintf(title, sizeof title, "Every figure of %s", page_str(x, "title"));
	snprintf(back, sizeof back, "/indicators#%s", slug);
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/indicators", "Indicators and targets");
	page_crumb_add(crumbs, back, page_str(x, "title"));
	page_crumb_add(crumbs, "", "Every figure");
	json_t *ctx = json_pack("{s:s, s:s, s:b, s:o, s:O, s:b, s:b, s:b, s:I}", "title", title, "back_href", back,
	                        "nav_indicators", 1, "breadcrumbs", crumbs, "indicator", x, "has_figures",
	                        json_array_size(figures) > 0, "may_delete", may_delete, "computed",
	                        json_is_true(json_object_get(x, "computed")), "count",
	                        (json_int_t)json_array_size(figures));
	json_object_set_new(ctx, "figures", figures);
	json_decref(x);
	web_page(req, res, 200, "indicator_figures", ctx);
}

/* ---- indicators ---- */

static const char *const indicator_names[] = {"title",  "unit",           "source",  "frequency", "foundation",
                                              "vision", "counts_children", "outcome", "level",     "kind"};

/* The outcomes of the Promise Progress Framework as the select's groups, one per
 * vision statement ({label, options: [{key, words, selected}]}), the chosen one
 * selected; NULL with e when the store fails. */
static json_t *outcome_groups(struct web_request *req, const char *chosen, struct kerr *e)
{
	json_t *fw = store_framework(req->store, e);
	if (!fw)
		return NULL;
	json_t *groups = json_array();
	size_t i, j;
	json_t *v, *o;
	json_array_foreach(json_object_get(fw, "statements"), i, v)
	{
		json_t *opts = json_array();
		json_array_foreach(json_object_get(v, "outcomes"), j, o)
		{
			const char *key = page_str(o, "id");
			json_array_append_new(opts, json_pack("{s:s?, s:s?, s:b}", "key", key, "words", page_str(o, "text"),
			                                      "selected", key && chosen && strcmp(key, chosen) == 0));
		}
		char label[700];
		const char *name = page_str(v, "name");
		snprintf(label, sizeof label, "Vision statement %" JSON_INTEGER_FORMAT ": %s",
		         json_integer_value(json_object_get(v, "position")), name ? name : page_str(v, "title"));
		if (json_array_size(opts) > 0)
			json_array_append_new(groups, json_pack("{s:s, s:o}", "label", label, "options", opts));
		else
			json_decref(opts);
	}
	json_decref(fw);
	return groups;
}

/* Renders the indicator form for x (borrowed; NULL for a new one) with f and errors
 * (taken). */
static void indicator_page(struct web_request *req, struct web_response *res, int status, json_t *x,
                           const struct indicator_form *f, json_t *errors)
{
	struct kerr e = {0};
	json_t *foundations = resource_options(req, "foundations", f->foundation, "None", &e);
	if (!foundations) {
		json_decref(errors);
		page_read_failed(req, res, "indicator form", &e);
		return;
	}
	json_t *outcomes = outcome_groups(req, f->outcome, &e);
	if (!outcomes) {
		json_decref(foundations);
		json_decref(errors);
		page_read_failed(req, res, "indicator form", &e);
		return;
	}
	const char *values[] = {f->title,  f->unit,            f->source,  f->frequency, f->foundation,
	                        f->vision, f->counts_children, f->outcome, f->level,     f->kind};
	char action[200], heading[300];
	snprintf(action, sizeof action, x ? "/indicators/%s/edit" : "/indicators/new", x ? page_str(x, "id") : "");
	snprintf(heading, sizeof heading, x ? "Change the indicator" : "Add an indicator");
	json_t *ctx = form_ctx(req, heading, action, x ? "Save the changes" : "Add the indicator", errors,
	                       form_values(indicator_names, values, 10));
	json_object_set_new(ctx, "outcome_groups", outcomes);
	json_object_set_new(ctx, "outcome_none", json_boolean(!plan_known(f->outcome)));
	json_t *levels = page_options(target_levels, target_nlevels, f->level);
	json_object_set_new(json_array_get(levels, 0), "words", json_string("Not known"));
	json_object_set_new(ctx, "levels", levels);
	json_t *kinds = page_options(target_kinds, target_nkinds, f->kind);
	json_object_set_new(json_array_get(kinds, 0), "words", json_string("Not known"));
	json_object_set_new(ctx, "kinds", kinds);
	json_object_set_new(ctx, "counts_children",
	                    json_boolean(f->counts_children && (strcmp(f->counts_children, "yes") == 0 ||
	                                                        strcmp(f->counts_children, "true") == 0)));
	json_t *freqs = page_options(target_frequencies, target_nfrequencies, f->frequency);
	json_object_set_new(json_array_get(freqs, 0), "words", json_string("Choose how often"));
	json_object_set_new(ctx, "frequencies", freqs);
	json_object_set_new(ctx, "foundations", foundations);
	form_send(req, res, status, "indicator_edit", ctx);
}

static struct indicator_form indicator_posted(struct web_request *req)
{
	const struct query *q = &req->form;
	return (struct indicator_form){query_get(q, "title"),     query_get(q, "unit"),       query_get(q, "source"),
	                               query_get(q, "frequency"), query_get(q, "foundation"), query_get(q, "vision"),
	                               query_get(q, "counts_children"), query_get(q, "outcome"), query_get(q, "level"),
	                               query_get(q, "kind")};
}

void web_page_indicator_new(struct web_request *req, struct web_response *res)
{
	if (!may(req, res, target_may_set, refused_set))
		return;
	struct indicator_form f = {0};
	indicator_page(req, res, 200, NULL, &f, json_object());
}

void web_indicator_new_post(struct web_request *req, struct web_response *res)
{
	if (!may(req, res, target_may_set, refused_set))
		return;
	struct indicator_form f = indicator_posted(req);
	json_t *errors = json_object();
	if (indicator_check(req->store, &f, errors) > 0) {
		indicator_page(req, res, 400, NULL, &f, errors);
		return;
	}
	json_decref(errors);
	char slug[128] = "";
	struct kerr e = {0};
	int rc = indicator_add(req->store, page_str(req->user, "email"), &f, slug, &e);
	saved(req, res, rc, &e, slug);
}

void web_page_indicator_edit(struct web_request *req, struct web_response *res)
{
	json_t *x = settable(req, res, "indicators");
	if (!x)
		return;
	struct indicator_form f = {page_str(x, "title"),     page_str(x, "unit"),       page_str(x, "source"),
	                           page_str(x, "frequency"), page_str(x, "foundation"), page_str(x, "vision"),
	                           json_is_true(json_object_get(x, "counts_children")) ? "yes" : "no",
	                           page_str(x, "outcome"),   page_str(x, "level"),      page_str(x, "kind")};
	indicator_page(req, res, 200, x, &f, json_object());
	json_decref(x);
}

void web_indicator_edit_post(struct web_request *req, struct web_response *res)
{
	json_t *x = settable(req, res, "indicators");
	if (!x)
		return;
	struct indicator_form f = indicator_posted(req);
	json_t *errors = json_object();
	if (indicator_check(req->store, &f, errors) > 0) {
		indicator_page(req, res, 400, x, &f, errors);
		json_decref(x);
		return;
	}
	json_decref(errors);
	char slug[128];
	snprintf(slug, sizeof slug, "%s", page_str(x, "id"));
	json_decref(x);
	struct kerr e = {0};
	saved(req, res, indicator_change(req->store, page_str(req->user, "email"), slug, &f, &e), &e, slug);
}

/* ---- targets ---- */

static const char *const target_names[] = {"indicator",   "area",  "action", "note", "baseline",
                                           "baseline_at", "value", "due",    "better"};

/* Renders the target form for t (borrowed; NULL for a new one) with f and errors
 * (taken). */
static void target_page(struct web_request *req, struct web_response *res, int status, json_t *t,
                        const struct target_form *f, json_t *errors)
{
	static const char *const betters[][2] = {{"higher", "A higher figure is better"},
	                                         {"lower", "A lower figure is better"}};
	struct kerr e = {0};
	json_t *indicators = resource_options(req, "indicators", f->indicator, "Choose an indicator", &e);
	json_t *areas = indicators ? area_options(req, f->area, &e) : NULL;
	json_t *actions = areas ? resource_options(req, "actions", f->action, "Not linked to an action", &e) : NULL;
	if (!actions) {
		json_decref(indicators);
		json_decref(areas);
		json_decref(errors);
		page_read_failed(req, res, "target form", &e);
		return;
	}
	const char *values[] = {f->indicator, f->area,  f->action, f->note,  f->baseline,
	                        f->baseline_at, f->value, f->due,  f->better};
	char action[200];
	snprintf(action, sizeof action, t ? "/targets/%s/edit" : "/targets/new", t ? page_str(t, "id") : "");
	json_t *ctx = form_ctx(req, t ? "Change the target" : "Set a target", action,
	                       t ? "Save the changes" : "Set the target", errors, form_values(target_names, values, 9));
	json_t *better = page_options(betters, 2, f->better);
	json_object_set_new(json_array_get(better, 0), "words", json_string("Choose one"));
	json_object_set_new(ctx, "indicators", indicators);
	json_object_set_new(ctx, "areas", areas);
	json_object_set_new(ctx, "actions", actions);
	json_object_set_new(ctx, "betters", better);
	form_send(req, res, status, "target_edit", ctx);
}

static struct target_form target_posted(struct web_request *req)
{
	const struct query *q = &req->form;
	return (struct target_form){query_get(q, "indicator"),   query_get(q, "area"),  query_get(q, "action"),
	                            query_get(q, "note"),        query_get(q, "baseline"),
	                            query_get(q, "baseline_at"), query_get(q, "value"), query_get(q, "due"),
	                            query_get(q, "better")};
}

void web_page_target_new(struct web_request *req, struct web_response *res)
{
	if (!may(req, res, target_may_set, refused_set))
		return;
	/* /targets/new?indicator=x starts with the indicator chosen. */
	struct target_form f = {.indicator = query_get(&req->query, "indicator")};
	target_page(req, res, 200, NULL, &f, json_object());
}

void web_target_new_post(struct web_request *req, struct web_response *res)
{
	if (!may(req, res, target_may_set, refused_set))
		return;
	struct target_form f = target_posted(req);
	json_t *errors = json_object();
	if (target_check(req->store, &f, errors) > 0) {
		target_page(req, res, 400, NULL, &f, errors);
		return;
	}
	json_decref(errors);
	char slug[128] = "";
	struct kerr e = {0};
	int rc = target_add(req->store, page_str(req->user, "email"), &f, slug, &e);
	saved(req, res, rc, &e, f.indicator);
}

void web_page_target_edit(struct web_request *req, struct web_response *res)
{
	json_t *t = settable(req, res, "targets");
	if (!t)
		return;
	char baseline[40], value[40];
	struct target_form f = {page_str(t, "indicator"),
	                        page_str(t, "area"),
	                        page_str(t, "action"),
	                        page_str(t, "note"),
	                        number_text(json_object_get(t, "baseline"), baseline),
	                        page_str(t, "baseline_at"),
	                        number_text(json_object_get(t, "value"), value),
	                        page_str(t, "due"),
	                        page_str(t, "better")};
	target_page(req, res, 200, t, &f, json_object());
	json_decref(t);
}

void web_target_edit_post(struct web_request *req, struct web_response *res)
{
	json_t *t = settable(req, res, "targets");
	if (!t)
		return;
	struct target_form f = target_posted(req);
	json_t *errors = json_object();
	if (target_check(req->store, &f, errors) > 0) {
		target_page(req, res, 400, t, &f, errors);
		json_decref(t);
		return;
	}
	json_decref(errors);
	char slug[128];
	snprintf(slug, sizeof slug, "%s", page_str(t, "id"));
	json_decref(t);
	struct kerr e = {0};
	saved(req, res, target_change(req->store, page_str(req->user, "email"), slug, &f, &e), &e, f.indicator);
}

void web_page_target_delete(struct web_request *req, struct web_response *res)
{
	json_t *t = settable(req, res, "targets");
	if (!t)
		return;
	struct kerr e = {0};
	json_t *x = store_resource_get(req->store, "indicators", page_str(t, "indicator"), &e);
	if (!x) {
		json_decref(t);
		page_read_failed(req, res, "target", &e);
		return;
	}
	target_words(t);
	const char *area = page_str(t, "area");
	json_t *ca = area && strcmp(area, TARGET_SCOTLAND) != 0 ? store_resource_get(req->store, "council-areas", area, NULL)
	                                                        : NULL;
	char lede[600], action[200], back[200];
	snprintf(lede, sizeof lede, "%s, %s: from %s on %s to %s by %s.", page_str(x, "title"),
	         ca ? page_str(ca, "name") : "Scotland", page_str(t, "baseline_words"), page_str(t, "baseline_at_words"),
	         page_str(t, "value_words"), page_str(t, "due_words"));
	snprintf(action, sizeof action, "/targets/%s/delete", page_str(t, "id"));
	snprintf(back, sizeof back, "/indicators#%s", page_str(x, "id"));
	struct page_delete d = {
	    "Delete a target", "Delete this target?", lede,
	    "Deleting it removes the target from keep and from the Board's review. The indicator and its figures stay. "
	    "The history of changes keeps a copy of the target, with your name.",
	    NULL, action, "Yes, delete this target", back, "No, go back to the indicators"};
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/indicators", "Indicators and targets");
	page_crumb_add(crumbs, "", "Delete a target");
	page_delete_confirm(req, res, &d, crumbs);
	json_decref(ca);
	json_decref(x);
	json_decref(t);
}

void web_target_delete_post(struct web_request *req, struct web_response *res)
{
	json_t *t = settable(req, res, "targets");
	if (!t)
		return;
	char slug[128], indicator[128];
	snprintf(slug, sizeof slug, "%s", page_str(t, "id"));
	snprintf(indicator, sizeof indicator, "%s", page_str(t, "indicator"));
	json_decref(t);
	struct kerr e = {0};
	saved(req, res, target_delete(req->store, page_str(req->user, "email"), slug, &e), &e, indicator);
}

/* ---- figures ---- */

static const char *const observation_names[] = {"indicator", "area", "period", "value", "suppressed", "source"};

static void observation_page(struct web_request *req, struct web_response *res, int status,
                             const struct observation_form *f, json_t *errors)
{
	struct kerr e = {0};
	/* Only the indicators whose figures are typed in: a computed one's come from keep's
	 * measures alone (a figure posted for one is still refused, by observation_check). */
	json_t *all = store_resource_all(req->store, "indicators", &e), *typed = json_array();
	size_t i;
	json_t *x;
	json_array_foreach(all, i, x) if (!json_is_true(json_object_get(x, "computed")))
	    json_array_append(typed, x);
	json_t *indicators = all ? item_options(typed, "id", "title", f->indicator, "Choose an indicator") : NULL;
	json_decref(all);
	json_decref(typed);
	json_t *areas = indicators ? area_options(req, f->area, &e) : NULL;
	if (!areas) {
		json_decref(indicators);
		json_decref(errors);
		page_read_failed(req, res, "figure form", &e);
		return;
	}
	const char *values[] = {f->indicator, f->area, f->period, f->value, f->suppressed, f->source};
	json_t *ctx = form_ctx(req, "Add a figure", "/observations/new", "Save the figure", errors,
	                       form_values(observation_names, values, 6));
	json_object_set_new(ctx, "indicators", indicators);
	json_object_set_new(ctx, "areas", areas);
	bool suppressed = f->suppressed && (strcmp(f->suppressed, "yes") == 0 || strcmp(f->suppressed, "true") == 0);
	json_object_set_new(ctx, "suppressed", json_boolean(suppressed));
	form_send(req, res, status, "observation_edit", ctx);
}

void web_page_observation_new(struct web_request *req, struct web_response *res)
{
	if (!may(req, res, observation_may_record, refused_record))
		return;
	struct observation_form f = {.indicator = query_get(&req->query, "indicator")};
	observation_page(req, res, 200, &f, json_object());
}

void web_observation_new_post(struct web_request *req, struct web_response *res)
{
	if (!may(req, res, observation_may_record, refused_record))
		return;
	const struct query *q = &req->form;
	struct observation_form f = {query_get(q, "indicator"), query_get(q, "area"),       query_get(q, "period"),
	                             query_get(q, "value"),     query_get(q, "suppressed"), query_get(q, "source")};
	json_t *errors = json_object();
	if (observation_check(req->store, &f, errors) > 0) {
		observation_page(req, res, 400, &f, errors);
		return;
	}
	json_decref(errors);
	enum observation_outcome out;
	struct kerr e = {0};
	int rc = observation_put(req->store, page_str(req->user, "email"), &f, false, &out, NULL, &e);
	saved(req, res, rc, &e, f.indicator);
}

/* The figure named by the path /observations/<indicator>/<area>/<period>/delete, for
 * someone who may record figures; NULL when answered. */
static json_t *deletable_figure(struct web_request *req, struct web_response *res, char id[400])
{
	if (!may(req, res, observation_may_record, refused_record))
		return NULL;
	snprintf(id, 400, "%s/%s/%s", req->params[0], req->params[1], req->params[2]);
	struct kerr e = {0};
	json_t *o = store_resource_get(req->store, "observations", id, &e);
	if (!o)
		page_read_failed(req, res, "figure", &e);
	return o;
}

void web_page_observation_delete(struct web_request *req, struct web_response *res)
{
	char id[400];
	json_t *o = deletable_figure(req, res, id);
	if (!o)
		return;
	struct kerr e = {0};
	json_t *x = store_resource_get(req->store, "indicators", page_str(o, "indicator"), &e);
	if (!x) {
		json_decref(o);
		page_read_failed(req, res, "figure", &e);
		return;
	}
	const char *area = page_str(o, "area");
	json_t *ca = area && strcmp(area, TARGET_SCOTLAND) != 0 ? store_resource_get(req->store, "council-areas", area, NULL)
	                                                        : NULL;
	set_number_words(o, "value_words", json_object_get(o, "value"));
	page_set_date_words(o, "period_words", page_str(o, "period"));
	bool hidden = json_is_true(json_object_get(o, "suppressed"));
	char lede[900], action[500], back[200];
	snprintf(lede, sizeof lede, "%s, %s, %s: %s (%s).", page_str(x, "title"), ca ? page_str(ca, "name") : "Scotland",
	         page_str(o, "period_words"), hidden ? "suppressed" : page_str(o, "value_words"), page_str(o, "source"));
	snprintf(action, sizeof action, "/observations/%s/delete", id);
	snprintf(back, sizeof back, "/indicators#%s", page_str(x, "id"));
	struct page_delete d = {
	    "Delete a figure", "Delete this figure?", lede,
	    "Deleting it removes the figure from keep, from the Board's review and from the reports made after. The "
	    "history of changes keeps a copy of the figure, with your name.",
	    json_is_true(json_object_get(x, "computed"))
	        ? "This figure cannot be deleted here: keep works it out from the councils' care records. Publish the "
	          "year's measures again to change it."
	        : NULL,
	    action, "Yes, delete this figure", back, "No, go back to the indicators"};
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/indicators", "Indicators and targets");
	page_crumb_add(crumbs, "", "Delete a figure");
	page_delete_confirm(req, res, &d, crumbs);
	json_decref(ca);
	json_decref(x);
	json_decref(o);
}

void web_observation_delete_post(struct web_request *req, struct web_response *res)
{
	char id[400], indicator[128];
	json_t *o = deletable_figure(req, res, id);
	if (!o)
		return;
	snprintf(indicator, sizeof indicator, "%s", page_str(o, "indicator"));
	json_decref(o);
	struct kerr e = {0};
	saved(req, res, observation_delete(req->store, page_str(req->user, "email"), id, &e), &e, indicator);
}
