/* The Money's spend lines in the domain (plan/spend.h). */
#include "plan/spend.h"

#include "base/mem.h"
#include "money/money.h"
#include "plan/commitment.h"
#include "plan/plan.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool spend_may_edit(json_t *user, const char *organisation)
{
	return commitment_may_edit(user, organisation);
}

int spend_form_check(struct store *s, const struct spend_form *f, struct spend_line *out, json_t *errors)
{
	struct spend_line l;
	spend_check(f, &l, errors);
	if (!json_object_get(errors, "area") && strcmp(l.area, SPEND_SCOTLAND) != 0) {
		json_t *a = store_resource_get(s, "council-areas", l.area, NULL);
		if (!a)
			json_object_set_new(errors, "area", json_string("There is no council area with that code: choose one "
			                                                "of the 32, or Scotland (S92000003)."));
		json_decref(a);
	}
	if (!json_object_get(errors, "organisation")) {
		json_t *o = store_resource_get(s, "organisations", l.organisation, NULL);
		if (!o)
			json_object_set_new(errors, "organisation", json_string("Choose one of the organisations listed."));
		json_decref(o);
	}
	if (out)
		*out = l;
	return (int)json_object_size(errors);
}

static const char *text_of(json_t *item, const char *key)
{
	return json_string_value(json_object_get(item, key));
}

struct spend_form spend_form_of(json_t *item, char buf[64])
{
	json_t *share = json_object_get(item, "share"), *amount = json_object_get(item, "amount");
	char *year = buf, *sh = buf + 16, *am = buf + 32;
	snprintf(year, 16, "%" JSON_INTEGER_FORMAT, json_integer_value(json_object_get(item, "year")));
	sh[0] = '\0';
	if (json_is_integer(share))
		snprintf(sh, 16, "%" JSON_INTEGER_FORMAT, json_integer_value(share));
	snprintf(am, 32, "%" JSON_INTEGER_FORMAT, json_integer_value(amount));
	return (struct spend_form){text_of(item, "area"),        year,
	                           text_of(item, "organisation"), text_of(item, "heading"),
	                           text_of(item, "level"),        text_of(item, "kind"),
	                           text_of(item, "pooled"),       sh,
	                           text_of(item, "pooled_with"),  am,
	                           text_of(item, "source"),       text_of(item, "source_date"),
	                           text_of(item, "made_up")};
}

/* The stored line of a resource item (NULL: none), through the same check. */
static bool line_of(json_t *item, struct spend_line *out)
{
	if (!item)
		return false;
	char buf[64];
	struct spend_form f = spend_form_of(item, buf);
	json_t *errors = json_object();
	int bad = spend_check(&f, out, errors);
	json_decref(errors);
	return bad == 0;
}

static int write_line(struct store *s, const char *id, const struct spend_line *l, struct kerr *e)
{
	struct store_spend w = {
		.slug = id,
		.area = l->area,
		.year = l->year,
		.organisation = l->organisation,
		.heading = spend_headings[l->heading].key,
		.level = spend_level_keys[l->level],
		.kind = spend_kind_keys[l->kind],
		.pooled = l->pooled,
		.share = l->share,
		.npartners = l->npartners,
		.amount = l->amount,
		.source = l->source,
		.source_date = l->source_date,
		.made_up = l->made_up,
	};
	for (size_t i = 0; i < l->npartners && i < STORE_SPEND_MAX_PARTNERS; i++) {
		w.partner[i] = l->partners[i].name;
		w.partner_share[i] = l->partners[i].share;
	}
	return store_spend_put(s, &w, e);
}

int spend_put(struct store *s, const char *actor, const char *id, const struct spend_line *l, int *outcome,
              struct kerr *e)
{
	json_t *before = store_resource_get(s, "spend", id, NULL), *after = NULL;
	struct spend_line old;
	*outcome = 0;
	if (before && line_of(before, &old) && spend_line_same(&old, l)) {
		json_decref(before);
		return 0;
	}
	int ok = write_line(s, id, l, e) == 0 && (after = store_resource_get(s, "spend", id, e)) &&
	         store_audit_add(s, actor, "spend", id, before ? "update" : "create", before, after, e) == 0;
	*outcome = before ? 2 : 1;
	json_decref(before);
	json_decref(after);
	return ok ? 0 : -1;
}

int spend_add(struct store *s, const char *actor, const struct spend_line *l, char id_out[128], struct kerr *e)
{
	char base[128], raw[160];
	snprintf(raw, sizeof raw, "%s %d %s", l->organisation, l->year, spend_headings[l->heading].key);
	plan_slug_words("", raw, 12, base);
	if (store_begin(s, e) < 0)
		return -1;
	plan_slug_unique(s, "spend", base, id_out);
	int outcome;
	return store_end(s, spend_put(s, actor, id_out, l, &outcome, e) == 0, e);
}

int spend_change(struct store *s, const char *actor, const char *id, const struct spend_line *l, struct kerr *e)
{
	if (store_begin(s, e) < 0)
		return -1;
	json_t *before = store_resource_get(s, "spend", id, e);
	int outcome, ok = before != NULL && spend_put(s, actor, id, l, &outcome, e) == 0;
	json_decref(before);
	return store_end(s, ok, e);
}

int spend_delete(struct store *s, const char *actor, const char *id, struct kerr *e)
{
	if (store_begin(s, e) < 0)
		return -1;
	json_t *before = store_resource_get(s, "spend", id, e);
	int ok = before != NULL && store_spend_delete(s, id, e) == 0 &&
	         store_audit_add(s, actor, "spend", id, "delete", before, NULL, e) == 0;
	json_decref(before);
	return store_end(s, ok, e);
}

int spend_lines_load(struct store *s, struct spend_line **lines, size_t *n, struct kerr *e)
{
	*lines = NULL;
	*n = 0;
	json_t *all = store_resource_all(s, "spend", e);
	if (!all)
		return -1;
	size_t i;
	json_t *item;
	*lines = xcalloc(json_array_size(all) ? json_array_size(all) : 1, sizeof **lines);
	json_array_foreach(all, i, item)
	{
		/* Every stored line passed the checks; one that no longer does (a heading
		 * dropped from the list) is left out of the sums rather than miscounted. */
		if (line_of(item, &(*lines)[*n]))
			(*n)++;
	}
	json_decref(all);
	return 0;
}

/* The count of a cell's text ("1,234" or "87"), or -1. */
static long long count_of(const char *v)
{
	if (!v || !*v)
		return -1;
	long long n = 0;
	for (; *v; v++) {
		if (*v == ',')
			continue;
		if (*v < '0' || *v > '9')
			return -1;
		n = n * 10 + (*v - '0');
	}
	return n;
}

json_t *spend_children(struct store *s, int fy, struct kerr *e)
{
	json_t *out = json_object();
	int year = spend_census_year(fy);
	struct kerr ne = {0};
	json_t *areas = store_measures_stored_areas(s, year, &ne);
	if (!areas) {
		if (ne.code == KERR_NOTFOUND)
			return out;
		*e = ne;
		json_decref(out);
		return NULL;
	}
	size_t i;
	json_t *a;
	json_array_foreach(areas, i, a)
	{
		const char *code = text_of(a, "area");
		json_t *whole = code ? store_measures_stored_area(s, year, code, NULL) : NULL;
		size_t k;
		json_t *c;
		json_array_foreach(json_object_get(whole, "cells"), k, c)
		{
			const char *key = text_of(c, "key");
			long long n = key && strcmp(key, "looked_after") == 0 ? count_of(text_of(c, "value")) : -1;
			if (n >= 0)
				json_object_set_new(out, code, json_integer(n));
		}
		json_decref(whole);
	}
	json_decref(areas);
	return out;
}

static json_t *tenths_or_null(int64_t part, int64_t whole)
{
	int64_t t = spend_tenths(part, whole);
	return t < 0 ? json_null() : json_integer(t);
}

static json_t *part(const char *key, const char *label, int64_t pounds, int64_t total)
{
	return json_pack("{s:s, s:s, s:I, s:o}", "key", key, "label", label, "pounds", (json_int_t)pounds, "share",
	                 tenths_or_null(pounds, total));
}

static json_t *children_of(json_t *counts, const char *area)
{
	json_t *c = json_object_get(counts, area);
	return c ? json_incref(c) : json_null();
}

static json_t *per_child(int64_t total, json_t *children)
{
	int64_t p = json_is_integer(children) ? spend_per_child(total, json_integer_value(children)) : -1;
	return p < 0 ? json_null() : json_integer(p);
}

/* {code: name} of the council areas, and Scotland. */
static json_t *area_names(struct store *s, struct kerr *e)
{
	json_t *all = store_resource_all(s, "council-areas", e);
	if (!all)
		return NULL;
	json_t *names = json_pack("{s:s}", SPEND_SCOTLAND, "Scotland");
	size_t i;
	json_t *a;
	json_array_foreach(all, i, a) json_object_set(names, text_of(a, "id"), json_object_get(a, "name"));
	json_decref(all);
	return names;
}

#define SPEND_MAX_YEARS 111

json_t *spend_view(struct store *s, const char *area, struct kerr *e)
{
	json_t *names = area_names(s, e);
	if (!names)
		return NULL;
	if (!json_object_get(names, area)) {
		json_decref(names);
		kerr_set(e, KERR_NOTFOUND, "there is no council area '%s'", area);
		return NULL;
	}
	struct spend_line *lines;
	size_t n;
	if (spend_lines_load(s, &lines, &n, e) < 0) {
		json_decref(names);
		return NULL;
	}
	struct spend_summary *sum = xcalloc(SPEND_MAX_YEARS, sizeof *sum);
	size_t ny = spend_summarise(lines, n, area, sum, SPEND_MAX_YEARS);
	json_t *years = json_array();
	size_t all_lines = 0, all_made_up = 0;
	json_t *out = NULL;
	for (size_t y = 0; y < ny && y < SPEND_MAX_YEARS; y++) {
		const struct spend_summary *m = &sum[y];
		all_lines += m->lines;
		all_made_up += m->made_up;
		char fy[8];
		money_fy_words(m->year, fy);
		json_t *groups = json_array(), *headings = json_array(), *levels = json_array(), *kinds = json_array();
		for (int g = 0; g < SPEND_NGROUPS; g++)
			json_array_append_new(groups, part(spend_group_keys[g], spend_group_labels[g], m->by_group[g], m->total));
		for (int h = 0; h < SPEND_NHEADINGS; h++) {
			json_t *p = part(spend_headings[h].key, spend_headings[h].label, m->by_heading[h], m->total);
			json_object_set_new(p, "group", json_string(spend_group_keys[spend_headings[h].group]));
			json_array_append_new(headings, p);
		}
		for (int l = 0; l < SPEND_NLEVELS; l++)
			json_array_append_new(levels, part(spend_level_keys[l], spend_level_labels[l], m->by_level[l], m->total));
		for (int k = 0; k < SPEND_NKINDS; k++)
			json_array_append_new(kinds, part(spend_kind_keys[k], spend_kind_labels[k], m->by_kind[k], m->total));
		json_t *change = json_null();
		if (y > 0 && sum[y - 1].year == m->year - 1) {
			int64_t c = spend_change_tenths(sum[y - 1].total, m->total);
			if (c != INT64_MIN)
				change = json_integer(c);
		}
		json_t *counts = spend_children(s, m->year, e);
		if (!counts) {
			json_decref(groups), json_decref(headings), json_decref(levels), json_decref(kinds);
			json_decref(change);
			goto done;
		}
		/* every council area with lines this year, then Scotland */
		json_t *councils = json_array();
		const char *code;
		json_t *name;
		json_object_foreach(names, code, name)
		{
			if (strcmp(code, SPEND_SCOTLAND) == 0)
				continue;
			bool any = false;
			int64_t total = 0;
			for (size_t i = 0; i < n; i++)
				if (lines[i].year == m->year && strcmp(lines[i].area, code) == 0) {
					any = true;
					total += lines[i].amount;
				}
			if (!any)
				continue;
			json_t *ch = children_of(counts, code);
			json_array_append_new(councils, json_pack("{s:s, s:O, s:I, s:o, s:o}", "area", code, "name", name,
			                                          "total", (json_int_t)total, "children", ch,
			                                          "per_child", per_child(total, ch)));
		}
		int64_t all = 0;
		for (size_t i = 0; i < n; i++)
			if (lines[i].year == m->year)
				all += lines[i].amount;
		json_t *sch = children_of(counts, SPEND_SCOTLAND);
		json_array_append_new(councils, json_pack("{s:s, s:s, s:I, s:o, s:o}", "area", SPEND_SCOTLAND, "name",
		                                          "Scotland", "total", (json_int_t)all, "children", sch,
		                                          "per_child", per_child(all, sch)));
		json_t *ch = children_of(counts, area);
		json_array_append_new(
		    years,
		    json_pack("{s:i, s:s, s:I, s:I, s:I, s:o, s:o, s:o, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "year",
		              m->year, "financial_year", fy, "lines", (json_int_t)m->lines, "made_up", (json_int_t)m->made_up,
		              "total", (json_int_t)m->total, "change", change, "prevention_share",
		              tenths_or_null(m->by_kind[SPEND_EARLY_HELP], m->total), "crisis_share",
		              tenths_or_null(m->by_kind[SPEND_CRISIS_ACUTE], m->total), "pooled", (json_int_t)m->pooled,
		              "pooled_share", tenths_or_null(m->pooled, m->total), "groups", groups, "headings", headings,
		              "levels", levels, "kinds", kinds, "children", ch, "per_child", per_child(m->total, ch),
		              "councils", councils));
		json_decref(counts);
	}
	out = json_pack("{s:s, s:O, s:I, s:I, s:O}", "area", area, "name", json_object_get(names, area), "lines",
	                (json_int_t)all_lines, "made_up", (json_int_t)all_made_up, "years", years);
done:
	json_decref(years);
	json_decref(names);
	free(sum);
	free(lines);
	return out;
}

int spend_demo_load(struct store *s, json_t *demo, struct kerr *e)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(demo, "spend"), i, v)
	{
		struct spend_form f = {text_of(v, "area"),        text_of(v, "year"),   text_of(v, "organisation"),
		                       text_of(v, "heading"),     text_of(v, "level"),  text_of(v, "kind"),
		                       text_of(v, "pooled"),      text_of(v, "share"),  text_of(v, "pooled_with"),
		                       text_of(v, "amount"),      text_of(v, "source"), text_of(v, "source_date"),
		                       text_of(v, "made_up")};
		struct spend_line l;
		json_t *errors = json_object();
		const char *id = text_of(v, "id");
		if (spend_form_check(s, &f, &l, errors) > 0 || !id) {
			const char *field = id ? json_object_iter_key(json_object_iter(errors)) : "id";
			kerr_set(e, KERR_INVALID, "spend[%zu]: %s: %s", i, field,
			         id ? json_string_value(json_object_iter_value(json_object_iter(errors))) : "missing");
			json_decref(errors);
			return -1;
		}
		json_decref(errors);
		if (write_line(s, id, &l, e) < 0)
			return -1;
	}
	return 0;
}
