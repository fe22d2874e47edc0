/* /measures: the Promise measures for a chosen year, one council beside Scotland, as
 * published (measures_table: protected whole, suppressed cells without their values).
 * Public: what it shows is what keep publishes. */
#include "web/web.h"

#include "base/mem.h"
#include "measures/measures.h"
#include "web/page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The distinct years of the imports, newest first, as [{year, selected}]. */
static json_t *year_options(json_t *imports, int chosen, int *latest)
{
	int years[64];
	size_t n = 0;
	size_t i;
	json_t *a;
	json_array_foreach(imports, i, a)
	{
		int y = (int)json_integer_value(json_object_get(a, "year"));
		bool seen = false;
		for (size_t k = 0; k < n; k++)
			seen |= years[k] == y;
		if (!seen && n < 64)
			years[n++] = y;
	}
	*latest = 0;
	for (size_t k = 0; k < n; k++)
		if (years[k] > *latest)
			*latest = years[k];
	/* Newest first; the chosen year is there even when no import has it. */
	json_t *out = json_array();
	bool has_chosen = false;
	for (int y = *latest; y >= 1900 && n; y--) {
		bool imported = false;
		for (size_t k = 0; k < n; k++)
			imported |= years[k] == y;
		if (imported || y == chosen) {
			json_array_append_new(out,
			                      json_pack("{s:i, s:b}", "year", y, "selected", y == chosen));
			has_chosen |= y == chosen;
		}
		if (y < chosen && has_chosen && y < *latest - 20)
			break;
	}
	return out;
}

/* A cell for the template: what a person reads, and what a screen reader says of a
 * suppressed one. */
static void cell_view(json_t *c)
{
	const char *status = page_str(c, "status");
	page_set_str(c, "shown", "");
	page_set_str(c, "why", "");
	if (json_is_true(json_object_get(c, "suppressed")))
		page_set_str(c, "why",
		             strcmp(status, "primary") == 0
		                 ? "confidential: a count from 1 to 4, or worked out from one"
		                 : "confidential: hidden so that a confidential count cannot be worked out");
	else if (!json_is_true(json_object_get(c, "missing"))) {
		const char *unit = page_str(c, "unit");
		struct buf b = {0};
		buf_printf(&b, "%s%s", page_str(c, "value"), strcmp(unit, "%") == 0 ? "%" : "");
		page_set_str(c, "shown", buf_str(&b));
		buf_free(&b);
	}
}

static int by_name(const void *a, const void *b)
{
	return strcmp(page_str(*(json_t *const *)a, "name"), page_str(*(json_t *const *)b, "name"));
}

/* The array's items ordered by name (people look councils up by name, not code). */
static json_t *sorted_by_name(json_t *items)
{
	size_t n = json_array_size(items);
	json_t **v = xcalloc(n ? n : 1, sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = json_array_get(items, i);
	qsort(v, n, sizeof *v, by_name);
	json_t *out = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append(out, v[i]);
	free(v);
	json_decref(items);
	return out;
}

void web_page_measures(struct web_request *req, struct web_response *res)
{
	struct kerr e = {0};
	const char *year_text = query_get(&req->query, "year");
	const char *council = query_get(&req->query, "council");
	json_t *imports = store_care_imports(req->store, &e);
	if (!imports) {
		page_read_failed(req, res, "measures", &e);
		return;
	}
	int chosen = 0, latest = 0;
	if (year_text && *year_text) {
		char *end = NULL;
		long y = strtol(year_text, &end, 10);
		if (*end || y < 1901 || y > req->today.y + 1) {
			json_decref(imports);
			web_error_page(req, res, 400,
			               "The year must be a year such as 2024 (the year to 31 July 2024).");
			return;
		}
		chosen = (int)y;
	}
	json_t *years = year_options(imports, chosen, &latest);
	json_decref(imports);
	if (!chosen) {
		chosen = latest;
		size_t k;
		json_t *o;
		json_array_foreach(years, k, o) json_object_set_new(o, "selected", json_boolean(k == 0));
	}
	json_t *ctx = json_pack("{s:s, s:b, s:i, s:o}", "title", "Measures", "nav_measures", 1, "year",
	                        chosen, "years", years);
	if (!latest && !year_text) {
		json_object_set_new(ctx, "no_records", json_true());
		web_page(req, res, 200, "measures", ctx);
		return;
	}
	if (!chosen) {
		json_decref(ctx);
		web_error_page(req, res, 400, "Choose a year.");
		return;
	}
	/* ?year= without any import years: the chosen year alone. */
	if (json_array_size(years) == 0)
		json_array_append_new(years, json_pack("{s:i, s:b}", "year", chosen, "selected", 1));
	json_t *t = measures_table(req->store, chosen, NULL, NULL, &e);
	if (!t) {
		json_decref(ctx);
		page_read_failed(req, res, "measures", &e);
		return;
	}
	json_t *areas = json_object_get(t, "areas");
	json_t *scot = json_array_get(areas, json_array_size(areas) - 1);
	json_t *councils = json_array(), *no_data = json_array();
	json_t *shown = NULL;
	size_t i;
	json_t *a;
	json_array_foreach(areas, i, a)
	{
		if (a == scot)
			continue;
		bool data = json_is_true(json_object_get(a, "data"));
		if (!data)
			json_array_append_new(no_data,
			                      json_pack("{s:O}", "name", json_object_get(a, "name")));
		else if (!shown && (!council || !*council))
			shown = a;
		if (council && strcmp(council, page_str(a, "area")) == 0)
			shown = a;
		json_array_append_new(
		    councils, json_pack("{s:O, s:O, s:b, s:b}", "area", json_object_get(a, "area"), "name",
		                        json_object_get(a, "name"), "data", data, "selected", 0));
	}
	if (council && *council && !shown) {
		json_decref(councils);
		json_decref(no_data);
		json_decref(t);
		json_decref(ctx);
		web_error_page(req, res, 404, "There is no council area with that code.");
		return;
	}
	json_array_foreach(councils, i, a)
	{
		if (shown && strcmp(page_str(a, "area"), page_str(shown, "area")) == 0)
			json_object_set_new(a, "selected", json_true());
	}
	/* Rows: one per cell, the council's beside Scotland's. */
	json_t *rows = json_array();
	bool scot_data = json_is_true(json_object_get(scot, "data"));
	bool council_data = shown && json_is_true(json_object_get(shown, "data"));
	json_t *cells = json_object_get(council_data ? shown : scot, "cells");
	json_array_foreach(cells, i, a)
	{
		json_t *mine =
		    council_data ? json_deep_copy(json_array_get(json_object_get(shown, "cells"), i)) : NULL;
		json_t *theirs =
		    scot_data ? json_deep_copy(json_array_get(json_object_get(scot, "cells"), i)) : NULL;
		if (mine)
			cell_view(mine);
		if (theirs)
			cell_view(theirs);
		json_t *row =
		    json_pack("{s:O, s:O, s:o, s:o}", "label", json_object_get(a, "label"), "measure",
		              json_object_get(a, "measure"), "council_cell", mine ? mine : json_null(),
		              "scotland_cell", theirs ? theirs : json_null());
		/* Set on every row (false on most): a missing key would be looked up in the page's
		 * context, whose title is the page's. */
		json_t *title = json_object_get(a, "title");
		json_object_set_new(row, "measure_title", title ? json_incref(title) : json_false());
		json_array_append_new(rows, row);
	}
	json_object_set_new(ctx, "councils", sorted_by_name(councils));
	json_object_set_new(ctx, "no_data", no_data);
	json_object_set_new(ctx, "any_no_data", json_boolean(json_array_size(no_data) > 0));
	json_object_set_new(ctx, "rows", rows);
	json_object_set_new(ctx, "has_data", json_boolean(council_data || scot_data));
	if (shown) {
		json_object_set(ctx, "council_name", json_object_get(shown, "name"));
		json_object_set(ctx, "council_import", json_object_get(shown, "import"));
		json_object_set(ctx, "council_population", json_object_get(shown, "population"));
	}
	json_object_set(ctx, "scotland_population", json_object_get(scot, "population"));
	int nc = (int)json_integer_value(json_object_get(scot, "councils"));
	json_object_set_new(ctx, "scotland_words",
	                    json_sprintf("the sum of %d council%s with data", nc, nc == 1 ? "" : "s"));
	json_object_set_new(ctx, "council_data", json_boolean(council_data));
	json_decref(t);
	web_page(req, res, 200, "measures", ctx);
}
