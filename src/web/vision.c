/* /review/vision: the Oversight Board's pace and performance read by the Promise
 * Progress Framework (docs/oversight.md): each vision statement with its source, its
 * outcomes, the indicators that serve each outcome (core or contextual, process or
 * outcome, in words) and the targets set on them with their pace; then the indicators
 * that serve no outcome. The framework comes from the store (store_framework), the
 * pace from src/plan (targets_review); this file only puts them into words. */
#include "web/page.h"

#include "plan/pace.h"
#include "plan/plan.h"
#include "plan/target.h"

#include <stdio.h>
#include <string.h>

/* The line a target shows under its indicator: its area, its status in words (never
 * colour alone), from where to where by when. */
static json_t *target_line(json_t *t)
{
	json_t *pace = json_object_get(t, "pace");
	const char *unit = page_str(json_object_get(t, "indicator"), "unit");
	char from[32], to[32];
	pace_number(json_number_value(json_object_get(t, "baseline")), from);
	pace_number(json_number_value(json_object_get(t, "value")), to);
	json_t *line = json_pack("{s:s?, s:s?, s:s?, s:s?, s:s?, s:s, s:s, s:s}", "id", page_str(t, "id"), "area_name",
	                         page_str(t, "area_name"), "status_key", page_str(pace, "status"), "status_words",
	                         page_str(pace, "words"), "why", page_str(pace, "why"), "from", from, "to", to, "unit",
	                         unit ? unit : "");
	page_set_date_words(line, "baseline_at_words", page_str(t, "baseline_at"));
	page_set_date_words(line, "due_words", page_str(t, "due"));
	return line;
}

/* Adds to indicator x (an item of store_framework) its words and its targets (from
 * all, the items of targets_review whose indicator is x). */
static void indicator_words(json_t *x, json_t *all)
{
	const char *level = target_words_of(target_levels, target_nlevels, page_str(x, "level"));
	const char *kind = target_words_of(target_kinds, target_nkinds, page_str(x, "kind"));
	page_set_str(x, "level_words", level ? level : NOT_RECORDED);
	page_set_str(x, "kind_words", kind ? kind : NOT_RECORDED);
	const char *source = page_str(x, "source");
	if (!source || !*source)
		page_set_str(x, "source", NOT_RECORDED);
	page_set_source_date_words(x, "framework_source_date_words", page_str(x, "framework_source_date"));
	json_t *mine = json_array();
	size_t i;
	json_t *t;
	json_array_foreach(all, i, t)
	{
		const char *ind = page_str(json_object_get(t, "indicator"), "id");
		if (ind && page_str(x, "id") && strcmp(ind, page_str(x, "id")) == 0)
			json_array_append_new(mine, target_line(t));
	}
	json_object_set_new(x, "has_targets", json_boolean(json_array_size(mine) > 0));
	json_object_set_new(x, "targets", mine);
}

void web_page_review_vision(struct web_request *req, struct web_response *res)
{
	struct kerr e = {0};
	json_t *fw = store_framework(req->store, &e);
	json_t *targets = fw ? targets_review(req->store, NULL, req->today, &e) : NULL;
	if (!targets) {
		json_decref(fw);
		page_read_failed(req, res, "review by vision statement", &e);
		return;
	}
	json_t *statements = json_object_get(fw, "statements");
	size_t i, j, k;
	json_t *v, *o, *x;
	json_array_foreach(statements, i, v)
	{
		char heading[700];
		const char *name = page_str(v, "name");
		snprintf(heading, sizeof heading, name ? "Vision statement %" JSON_INTEGER_FORMAT ": %s"
		                                       : "Vision statement %" JSON_INTEGER_FORMAT "%s",
		         json_integer_value(json_object_get(v, "position")), name ? name : "");
		page_set_str(v, "heading", heading);
		page_set_source_date_words(v, "source_date_words", page_str(v, "source_date"));
		json_t *outcomes = json_object_get(v, "outcomes");
		json_object_set_new(v, "has_outcomes", json_boolean(json_array_size(outcomes) > 0));
		json_array_foreach(outcomes, j, o)
		{
			char id[300];
			snprintf(id, sizeof id, "outcome-%s", page_str(o, "id") ? page_str(o, "id") : "");
			page_set_str(o, "anchor", id);
			page_set_source_date_words(o, "source_date_words", page_str(o, "source_date"));
			json_t *inds = json_object_get(o, "indicators");
			json_object_set_new(o, "has_indicators", json_boolean(json_array_size(inds) > 0));
			json_array_foreach(inds, k, x) indicator_words(x, targets);
		}
	}
	json_t *unlinked = json_object_get(fw, "unlinked");
	json_array_foreach(unlinked, k, x) indicator_words(x, targets);
	json_decref(targets);
	json_t *crumbs = page_crumbs_new();
	page_crumb_add(crumbs, "/review", "Pace and performance");
	page_crumb_add(crumbs, "", "By vision statement");
	json_t *ctx = json_pack("{s:s, s:b, s:o, s:O, s:O, s:b, s:b}", "title", "Pace and performance by vision statement",
	                        "nav_review", 1, "breadcrumbs", crumbs, "statements", statements, "unlinked", unlinked,
	                        "has_statements", json_array_size(statements) > 0, "has_unlinked",
	                        json_array_size(unlinked) > 0);
	json_decref(fw);
	web_page(req, res, 200, "review_vision", ctx);
}
