/* The Oversight Board's pace and performance pages (issue 4, items 4 and 5): /review
 * (every target by status, each with its chart), /review/priorities (the same targets
 * by priority area beside the Board's assessments: "good enough and fast enough?"),
 * /gaps (the Change Programme's gaps), and the same findings as JSON under /api/v1.
 *
 * The findings come from src/plan (targets_review, gaps_find); this file only adds
 * what a reader needs (words, dates in words, the chart's SVG) and renders them. The
 * chart is drawn by src/report/chart.c, the one chart of keep. */
#include "web/page.h"

#include "base/date.h"
#include "base/log.h"
#include "base/mem.h"
#include "plan/gaps.h"
#include "plan/pace.h"
#include "plan/plan.h"
#include "plan/target.h"
#include "report/chart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The chart's size on a page, in CSS pixels (it scales down on narrow screens). */
#define CHART_W 560
#define CHART_H 280

/* The statuses in the order a reader needs them: what needs attention first. */
static const enum pace_status status_order[] = {PACE_OFF_TRACK, PACE_AT_RISK, PACE_ON_TRACK, PACE_REACHED,
                                                PACE_NO_DATA};
#define NSTATUS (sizeof status_order / sizeof status_order[0])

/* The sentence a status group shows when it is empty. */
static const char *status_none(enum pace_status s)
{
	switch (s) {
	case PACE_OFF_TRACK:
		return "No target is off track.";
	case PACE_AT_RISK:
		return "No target is at risk.";
	case PACE_ON_TRACK:
		return "No target is on track.";
	case PACE_REACHED:
		return "No target has been reached yet.";
	default:
		return "Every target has figures since its baseline.";
	}
}

/* The status of a target of targets_review, by its pace.status key. */
static enum pace_status status_of(json_t *t)
{
	const char *key = page_str(json_object_get(t, "pace"), "status");
	for (size_t i = 0; i < NSTATUS; i++)
		if (key && strcmp(key, pace_status_key(status_order[i])) == 0)
			return status_order[i];
	return PACE_NO_DATA;
}

/* Sets o[key] to v as people read it ("12.5"). */
static void set_number(json_t *o, const char *key, json_t *v)
{
	char num[32];
	pace_number(json_number_value(v), num);
	page_set_str(o, key, num);
}

/* "Scotland" or the council area's name, and "Children looked after: Scotland". */
static void target_names(json_t *t)
{
	char title[300];
	snprintf(title, sizeof title, "%s: %s", page_str(json_object_get(t, "indicator"), "title"),
	         page_str(t, "area_name") ? page_str(t, "area_name") : page_str(t, "area"));
	page_set_str(t, "heading", title);
}

/* The rows of a target's table of figures: period in words, the value or
 * "Suppressed", and whether the rule used it (and why not). */
static void observations_words(json_t *t, const char *baseline_at)
{
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(t, "observations"), i, o)
	{
		page_set_date_words(o, "period_words", page_str(o, "period"));
		bool suppressed = json_is_true(json_object_get(o, "suppressed"));
		const char *period = page_str(o, "period");
		if (suppressed) {
			page_set_str(o, "value_show", "Suppressed");
			page_set_str(o, "used_words", "No: suppressed figures are not used");
		} else {
			set_number(o, "value_show", json_object_get(o, "value"));
			bool after = period && baseline_at && strcmp(period, baseline_at) > 0;
			page_set_str(o, "used_words", after ? "Yes" : "No: on or before the baseline date");
		}
		if (!page_str(o, "source"))
			page_set_str(o, "source", NOT_RECORDED);
	}
	json_object_set_new(t, "has_observations", json_boolean(json_array_size(json_object_get(t, "observations")) > 0));
}

/* Adds to target t (an item of targets_review) everything its section on /review
 * shows: names, figures and dates in words, the table of figures and the chart's SVG
 * (drawn as seen on today). */
static void target_words(json_t *t, struct kdate today)
{
	json_t *pace = json_object_get(t, "pace");
	json_t *ind = json_object_get(t, "indicator");
	target_names(t);
	const char *unit = page_str(ind, "unit");
	page_set_str(t, "unit", unit ? unit : "");
	set_number(t, "baseline_show", json_object_get(t, "baseline"));
	set_number(t, "value_show", json_object_get(t, "value"));
	page_set_date_words(t, "baseline_at_words", page_str(t, "baseline_at"));
	page_set_date_words(t, "due_words", page_str(t, "due"));
	const char *better = page_str(t, "better");
	page_set_str(t, "better_words", better && strcmp(better, "higher") == 0 ? "Higher is better" : "Lower is better");
	page_set_str(t, "status_key", page_str(pace, "status"));
	page_set_str(t, "status_words", page_str(pace, "words"));
	page_set_str(t, "why", page_str(pace, "why"));
	const char *source = page_str(ind, "source");
	page_set_str(t, "source_words", source && *source ? source : NOT_RECORDED);
	const char *note = page_str(t, "note");
	if (!note || !*note)
		json_object_del(t, "note");

	/* The latest figure and the reach date, in words. */
	char line[200];
	if (json_is_number(json_object_get(pace, "latest"))) {
		char num[32];
		pace_number(json_number_value(json_object_get(pace, "latest")), num);
		struct kdate d;
		struct buf b = {0};
		if (date_parse(page_str(pace, "latest_at"), &d, NULL) == 0)
			date_words(d, &b);
		snprintf(line, sizeof line, "%s %s on %s", num, unit ? unit : "", buf_str(&b));
		buf_free(&b);
		page_set_str(t, "latest_words", line);
	} else
		page_set_str(t, "latest_words", "No figures since the baseline yet");
	const char *reach = page_str(pace, "reach_at");
	struct kdate rd;
	if (status_of(t) == PACE_REACHED)
		page_set_str(t, "reach_words", "Already reached: the latest figure meets the target");
	else if (reach && date_parse(reach, &rd, NULL) == 0) {
		struct buf b = {0};
		date_words(rd, &b);
		snprintf(line, sizeof line, "%s%s", buf_str(&b),
		         json_is_true(json_object_get(pace, "reaches_in_time")) ? "" : " (after the due date)");
		buf_free(&b);
		page_set_str(t, "reach_words", line);
	} else
		page_set_str(t, "reach_words", json_is_number(json_object_get(pace, "latest"))
		                                   ? "Not at the current trend"
		                                   : "Not known until there are figures");
	observations_words(t, page_str(t, "baseline_at"));

	/* The chart, from the same figures the finding used. */
	struct target_pace tp;
	target_pace_of(t, today, &tp);
	struct chart c;
	chart_layout(&tp.t, tp.obs, tp.n, &tp.r, page_str(t, "heading"), CHART_W, CHART_H, &c);
	/* The SVG's element ids: "chart-" and the slug, kept to the characters of a slug
	 * since chart_svg writes them into attributes as they are. */
	char id[200] = "chart-";
	const char *slug = page_str(t, "id");
	size_t k = strlen(id);
	for (const char *p = slug ? slug : ""; *p && k < sizeof id - 1; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')
			id[k++] = *p;
	id[k] = '\0';
	struct buf svg = {0};
	chart_svg(&c, id, &svg);
	json_object_set_new(t, "chart", json_stringn(svg.p ? svg.p : "", svg.len));
	if (c.note[0])
		page_set_str(t, "chart_note", c.note);
	else
		page_set_str(t, "chart_note", "");
	buf_free(&svg);
	chart_free(&c);
	target_pace_free(&tp);
}

/* ---- the area filter ---- */

/* qsort order of council areas ({id, name} json_t pointers) by name. */
static int area_cmp(const void *a, const void *b)
{
	const char *x = page_str(*(json_t *const *)a, "name"), *y = page_str(*(json_t *const *)b, "name");
	return strcmp(x ? x : "", y ? y : "");
}

/* The select's options: Scotland, then every council area, the chosen one selected.
 * Sets *name to the chosen area's name (borrowed from the result), or NULL when area
 * is given but is neither Scotland nor a council area. NULL with e when the store
 * fails. */
static json_t *area_options(struct web_request *req, const char *area, const char **name, struct kerr *e)
{
	json_t *areas = store_resource_all(req->store, "council-areas", e);
	if (!areas)
		return NULL;
	json_t *opts = json_array();
	bool all = !area || !*area;
	*name = NULL;
	json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "key", "", "words", "All areas", "selected", all));
	json_t *scot = json_pack("{s:s, s:s, s:b}", "key", TARGET_SCOTLAND, "words", "Scotland", "selected",
	                         !all && strcmp(area, TARGET_SCOTLAND) == 0);
	json_array_append_new(opts, scot);
	if (!all && strcmp(area, TARGET_SCOTLAND) == 0)
		*name = "Scotland";
	/* By name, as people look for them. */
	size_t n = json_array_size(areas);
	json_t **sorted = xcalloc(n + 1, sizeof *sorted);
	for (size_t i = 0; i < n; i++)
		sorted[i] = json_array_get(areas, i);
	qsort(sorted, n, sizeof *sorted, area_cmp);
	for (size_t i = 0; i < n; i++) {
		json_t *v = sorted[i];
		const char *code = page_str(v, "id");
		bool chosen = !all && code && strcmp(area, code) == 0;
		json_t *o = json_pack("{s:s, s:s, s:b}", "key", code ? code : "", "words", page_str(v, "name"), "selected",
		                      chosen);
		json_array_append_new(opts, o);
		if (chosen)
			*name = page_str(o, "words");
	}
	free(sorted);
	json_decref(areas);
	return opts;
}

/* ---- /review ---- */

void web_page_review(struct web_request *req, struct web_response *res)
{
	struct kerr e = {0};
	const char *area = query_get(&req->query, "area");
	if (area && !*area)
		area = NULL;
	const char *area_name = NULL;
	json_t *opts = area_options(req, area, &area_name, &e);
	if (!opts) {
		page_read_failed(req, res, "review", &e);
		return;
	}
	if (area && !area_name) {
		json_decref(opts);
		char msg[160];
		snprintf(msg, sizeof msg, "No area has the code '%.40s'. Choose Scotland or a council area from the list on the review page",
		         area);
		web_error_page(req, res, 404, msg);
		return;
	}
	json_t *targets = targets_review(req->store, area, req->today, &e);
	if (!targets) {
		json_decref(opts);
		page_read_failed(req, res, "review", &e);
		return;
	}
	json_t *groups = json_array();
	json_t *lists[NSTATUS];
	for (size_t k = 0; k < NSTATUS; k++)
		lists[k] = json_array();
	size_t i;
	json_t *t;
	json_array_foreach(targets, i, t)
	{
		target_words(t, req->today);
		enum pace_status s = status_of(t);
		for (size_t k = 0; k < NSTATUS; k++)
			if (status_order[k] == s)
				json_array_append(lists[k], t);
	}
	json_t *summary = json_array();
	for (size_t k = 0; k < NSTATUS; k++) {
		size_t n = json_array_size(lists[k]);
		const char *key = pace_status_key(status_order[k]);
		json_array_append_new(summary, json_pack("{s:s, s:s, s:I}", "group_key", key, "group_words",
		                                         pace_status_words(status_order[k]), "group_count", (json_int_t)n));
		json_array_append_new(groups, json_pack("{s:s, s:s, s:I, s:s, s:o, s:b}", "group_key", key, "group_words",
		                                        pace_status_words(status_order[k]), "group_count", (json_int_t)n,
		                                        "group_none", status_none(status_order[k]), "targets",
		                                        lists[k], "group_any", n > 0));
	}
	char heading[200];
	snprintf(heading, sizeof heading, area_name ? "Pace and performance: %s" : "Pace and performance%s",
	         area_name ? area_name : "");
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/review", "Pace and performance");
	if (area_name)
		page_crumb_add(crumbs, "", area_name);
	json_t *ctx = json_pack("{s:s, s:s, s:b, s:o, s:o, s:o, s:o, s:I, s:b}", "title", heading, "heading", heading,
	                        "nav_review", 1, "breadcrumbs", crumbs, "groups", groups, "summary", summary, "areas",
	                        opts, "total", (json_int_t)json_array_size(targets), "any_target",
	                        json_array_size(targets) > 0);
	if (area_name)
		page_set_str(ctx, "area_name", area_name);
	json_decref(targets);
	web_page(req, res, 200, "review", ctx);
}

/* ---- /review/priorities ---- */

/* {words, tone, at_words} of the Board's latest assessment {at, rating, text} or null,
 * as the overview shows it. */
static json_t *assessment_badge(json_t *a)
{
	const struct plan_rating *r = plan_rating_find(page_str(a, "rating"));
	const char *text = page_str(a, "text");
	json_t *b;
	if (r)
		b = json_pack("{s:s, s:s}", "words", r->words, "tone", r->tone);
	else if (text && *text)
		b = json_pack("{s:s, s:s}", "words", text, "tone", "none");
	else
		b = json_pack("{s:s, s:s}", "words", "No assessment yet", "tone", "none");
	if (!page_set_date_words(b, "at_words", page_str(a, "at")))
		page_set_str(b, "at_words", "");
	return b;
}

/* A priority area's part of the page: its targets (borrowed from all, those whose
 * priority is slug, or with none when slug is NULL), the count for each status, and
 * the Board's assessment of each of its actions (when actions is given). */
static json_t *priority_group(json_t *all, const char *slug, const char *title, json_t *actions)
{
	json_t *mine = json_array();
	size_t counts[NSTATUS] = {0};
	size_t i;
	json_t *t;
	json_array_foreach(all, i, t)
	{
		const char *p = page_str(t, "priority");
		if (slug ? !(p && strcmp(p, slug) == 0) : p != NULL)
			continue;
		target_names(t);
		page_set_str(t, "status_key", page_str(json_object_get(t, "pace"), "status"));
		page_set_str(t, "status_words", page_str(json_object_get(t, "pace"), "words"));
		enum pace_status s = status_of(t);
		for (size_t k = 0; k < NSTATUS; k++)
			if (status_order[k] == s)
				counts[k]++;
		json_array_append(mine, t);
	}
	/* The targets in the order of the statuses, as on /review. */
	json_t *sorted = json_array();
	for (size_t k = 0; k < NSTATUS; k++) {
		json_array_foreach(mine, i, t)
		{
			if (status_of(t) == status_order[k])
				json_array_append(sorted, t);
		}
	}
	json_decref(mine);
	json_t *count_list = json_array();
	for (size_t k = 0; k < NSTATUS; k++)
		json_array_append_new(count_list, json_pack("{s:s, s:s, s:I}", "count_key", pace_status_key(status_order[k]),
		                                            "count_words", pace_status_words(status_order[k]), "count_n",
		                                            (json_int_t)counts[k]));
	json_t *acts = json_array();
	json_t *a;
	json_array_foreach(actions, i, a)
	{
		json_array_append_new(acts, json_pack("{s:s?, s:s?, s:o}", "action_slug", page_str(a, "slug"), "action_title",
		                                      page_str(a, "title"), "badge",
		                                      assessment_badge(json_object_get(a, "assessment"))));
	}
	char id[200];
	snprintf(id, sizeof id, "priority-%s", slug ? slug : "none");
	return json_pack("{s:s, s:s, s:s?, s:o, s:b, s:o, s:o, s:b, s:I}", "group_id", id, "group_title", title,
	                 "priority_slug", slug, "group_targets", sorted, "has_group_targets",
	                 json_array_size(sorted) > 0, "counts", count_list, "actions", acts, "has_actions",
	                 json_array_size(acts) > 0, "group_total", (json_int_t)json_array_size(sorted));
}

void web_page_review_priorities(struct web_request *req, struct web_response *res)
{
	struct kerr e = {0};
	json_t *targets = targets_review(req->store, NULL, req->today, &e);
	json_t *priorities = targets ? store_priorities_with_actions(req->store, &e) : NULL;
	if (!priorities) {
		json_decref(targets);
		page_read_failed(req, res, "review priorities", &e);
		return;
	}
	json_t *words = page_group_words(req, &e);
	if (!words) {
		json_decref(priorities);
		json_decref(targets);
		page_read_failed(req, res, "review priorities", &e);
		return;
	}
	json_t *groups = json_array();
	size_t i;
	json_t *pr;
	/* The groups of the plan in force first (its foundations' route maps), then the
	 * others, each saying which plan it is of. */
	for (int pass = 0; pass < 2; pass++) {
		json_array_foreach(priorities, i, pr)
		{
			json_t *w = json_object_get(words, page_str(pr, "slug"));
			if (json_is_true(json_object_get(w, "in_force")) != (pass == 0))
				continue;
			json_t *g = priority_group(targets, page_str(pr, "slug"), page_str(pr, "title"),
			                           json_object_get(pr, "actions"));
			json_t *plan = json_object_get(pr, "plan");
			if (page_str(plan, "title"))
				page_set_str(g, "plan_title", page_str(plan, "title"));
			page_set_str(g, "plan_words", page_str(w, "about"));
			json_array_append_new(groups, g);
		}
	}
	json_decref(words);
	json_array_append_new(groups, priority_group(targets, NULL, "Not linked to an action", NULL));
	json_decref(priorities);
	json_decref(targets);
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/review", "Pace and performance");
	page_crumb_add(crumbs, "", "By priority area");
	json_t *ctx = json_pack("{s:s, s:b, s:o, s:o}", "title", "Good enough and fast enough?", "nav_review", 1,
	                        "breadcrumbs", crumbs, "groups", groups);
	web_page(req, res, 200, "review_priorities", ctx);
}

/* ---- /gaps ---- */

/* Adds to each item of the gap list key what its line on /gaps shows. areas maps
 * council area codes to names. */
static void gap_items_words(json_t *items, const char *key, json_t *areas)
{
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		if (strcmp(key, "overdue_commitments") == 0) {
			page_commitment_words(it);
			if (!page_str(it, "action"))
				page_set_str(it, "action_title", "");
		} else if (strcmp(key, "organisations_without_commitments") == 0) {
			page_organisation_words(it);
			const char *code = page_str(it, "council_area");
			const char *name = code ? page_str(areas, code) : NULL;
			page_set_str(it, "area_words", name ? name : "National");
		}
	}
}

void web_page_gaps(struct web_request *req, struct web_response *res)
{
	struct kerr e = {0};
	json_t *g = gaps_find(req->store, req->today, &e);
	json_t *areas = g ? store_resource_all(req->store, "council-areas", &e) : NULL;
	if (!areas) {
		json_decref(g);
		page_read_failed(req, res, "gaps", &e);
		return;
	}
	json_t *names = json_object();
	size_t i;
	json_t *v;
	json_array_foreach(areas, i, v)
	{
		if (page_str(v, "id") && page_str(v, "name"))
			json_object_set_new(names, page_str(v, "id"), json_string(page_str(v, "name")));
	}
	json_decref(areas);
	json_t *groups = page_group_words(req, &e);
	if (!groups) {
		json_decref(names);
		json_decref(g);
		page_read_failed(req, res, "gaps", &e);
		return;
	}
	json_t *sections = json_array();
	for (const struct gap_kind *k = gap_kinds; k->key; k++) {
		json_t *items = json_object_get(g, k->key);
		gap_items_words(items, k->key, names);
		/* An action or route map is named with its group and its plan. */
		json_array_foreach(strncmp(k->key, "actions_", 8) == 0 ? items : NULL, i, v)
		    page_set_str(v, "group_words", page_str(json_object_get(groups, page_str(v, "priority")), "in"));
		size_t n = json_array_size(items);
		json_t *s = json_pack("{s:s, s:s, s:s, s:I, s:O, s:b, s:b, s:b, s:b, s:b}", "gap_id", k->key, "gap_title",
		                      k->title, "gap_none", k->none, "gap_count", (json_int_t)n, "items", items, "gap_any",
		                      n > 0, "is_actions", strncmp(k->key, "actions_", 8) == 0, "is_overdue",
		                      strcmp(k->key, "overdue_commitments") == 0, "is_organisations",
		                      strcmp(k->key, "organisations_without_commitments") == 0, "is_areas",
		                      strcmp(k->key, "areas_without_target") == 0);
		json_array_append_new(sections, s);
	}
	json_decref(names);
	json_decref(groups);
	char today[32];
	{
		struct buf b = {0};
		date_words(req->today, &b);
		snprintf(today, sizeof today, "%s", buf_str(&b));
		buf_free(&b);
	}
	json_t *ctx = json_pack("{s:s, s:b, s:o, s:O, s:s}", "title", "Gaps", "nav_gaps", 1, "sections", sections,
	                        "total", json_object_get(g, "total"), "today_words", today);
	json_decref(g);
	web_page(req, res, 200, "gaps", ctx);
}

/* ---- the same as JSON: /api/v1/review and /api/v1/gaps ---- */

/* Answers a 400 naming the first query parameter not in allowed (NULL-terminated) or
 * given twice; true when there is none. */
static bool api_params_ok(struct web_request *req, struct web_response *res, const char *const *allowed,
                          const char *takes)
{
	const struct query *q = &req->query;
	for (size_t i = 0; i < q->n; i++) {
		bool known = false;
		for (const char *const *p = allowed; *p; p++)
			if (strcmp(*p, q->p[i].name) == 0)
				known = true;
		char m[240];
		if (!known) {
			snprintf(m, sizeof m, "unknown parameter '%.60s': %s", q->p[i].name, takes);
			web_json_error(res, 400, "bad_parameter", m);
			return false;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(q->p[j].name, q->p[i].name) == 0) {
				snprintf(m, sizeof m, "%s is given more than once: give it once", q->p[i].name);
				web_json_error(res, 400, "bad_parameter", m);
				return false;
			}
	}
	return true;
}

static void api_store_failed(struct web_response *res, const char *what, const struct kerr *e)
{
	log_error("api %s: %s", what, e->msg);
	web_json_error(res, 500, "internal", "the server could not answer; the failure has been logged");
}

/* {date, data: targets_review(area)}: every target (or one area's, ?area=<code>) with
 * its pace and performance finding as of date. */
void web_api_review(struct web_request *req, struct web_response *res)
{
	static const char *const allowed[] = {"area", NULL};
	if (!api_params_ok(req, res, allowed, "review takes area (a GSS code: Scotland or a council area)"))
		return;
	struct kerr e = {0};
	const char *area = query_get(&req->query, "area");
	if (area) {
		const char *name = NULL;
		json_t *opts = area_options(req, *area ? area : NULL, &name, &e);
		if (!opts) {
			api_store_failed(res, "review", &e);
			return;
		}
		json_decref(opts);
		if (!*area || !name) {
			char m[200];
			snprintf(m, sizeof m, "no area has the code '%.40s': give Scotland's (%s) or a council area's", area,
			         TARGET_SCOTLAND);
			web_json_error(res, 404, "not_found", m);
			return;
		}
	}
	json_t *targets = targets_review(req->store, area, req->today, &e);
	if (!targets) {
		api_store_failed(res, "review", &e);
		return;
	}
	char day[11];
	date_format(req->today, day);
	web_json(res, 200, json_pack("{s:s, s:o}", "date", day, "data", targets));
}

/* {date, data: gaps_find}: the five lists of gaps as of date, and their total. */
void web_api_gaps(struct web_request *req, struct web_response *res)
{
	static const char *const allowed[] = {NULL};
	if (!api_params_ok(req, res, allowed, "gaps takes no parameters"))
		return;
	struct kerr e = {0};
	json_t *g = gaps_find(req->store, req->today, &e);
	if (!g) {
		api_store_failed(res, "gaps", &e);
		return;
	}
	char day[11];
	date_format(req->today, day);
	web_json(res, 200, json_pack("{s:s, s:o}", "date", day, "data", g));
}
