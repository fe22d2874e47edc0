/* The Money's spend lines in the domain (plan/spend.h). */
#include "plan/spend.h"

#include "base/mem.h"
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
