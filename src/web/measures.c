/* /measures: the Promise measures for a chosen year, one council beside Scotland, as
 * published (measures_table: protected whole, suppressed cells without their values).
 * Public: what it shows is what keep publishes. */
#include "web/web.h"

#include "base/json.h"
#include "base/mem.h"
#include "measures/measures.h"
#include "web/page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The years with a stored table (newest first) as [{year, selected}], with the chosen
 * year in its place even when it has none. */
static json_t *year_options(json_t *stored, int chosen)
{
	json_t *out = json_array();
	bool placed = false;
	size_t i;
	json_t *y;
	json_array_foreach(stored, i, y)
	{
		int v = (int)json_integer_value(y);
		if (!placed && chosen > v) {
			json_array_append_new(out, json_pack("{s:i, s:b}", "year", chosen, "selected", 1));
			placed = true;
		}
		placed |= v == chosen;
		json_array_append_new(out, json_pack("{s:i, s:b}", "year", v, "selected", v == chosen));
	}
	if (!placed)
		json_array_append_new(out, json_pack("{s:i, s:b}", "year", chosen, "selected", 1));
	return out;
}

/* The table of a year with none stored: every council area and Scotland, without data. */
static json_t *empty_table(struct web_request *req, struct kerr *e)
{
	json_t *list = store_resource_all(req->store, "council-areas", e);
	if (!list)
		return NULL;
	json_t *areas = json_array();
	size_t i;
	json_t *a;
	json_array_foreach(list, i, a)
	{
		json_array_append_new(areas, json_pack("{s:O, s:O, s:b}", "area", json_object_get(a, "id"), "name",
		                                       json_object_get(a, "name"), "data", 0));
	}
	json_decref(list);
	json_array_append_new(areas, json_pack("{s:s, s:s, s:b, s:[], s:i}", "area", "S92000003", "name", "Scotland",
	                                       "data", 0, "cells", "councils", 0));
	return json_pack("{s:o}", "areas", areas);
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

void web_page_measures(struct web_request *req, struct web_response *res)
{
	struct kerr e = {0};
	const char *year_text = query_get(&req->query, "year");
	const char *council = query_get(&req->query, "council");
	int chosen = 0;
	if (year_text && *year_text) {
		char *end = NULL;
		long y = strtol(year_text, &end, 10);
		if (*end || y < 1901 || y > req->today.y + 1) {
			web_error_page(req, res, 400,
			               "The year must be a year such as 2024 (the year to 31 July 2024).");
			return;
		}
		chosen = (int)y;
	}
	/* The tables import and publication stored (measures_store_tables): read, never
	 * worked out here, so a view costs a read whatever it asks for. */
	json_t *stored = store_measures_stored_years(req->store, &e);
	if (!stored) {
		page_read_failed(req, res, "measures", &e);
		return;
	}
	if (json_array_size(stored) == 0 && !chosen) {
		json_decref(stored);
		/* Imports but no tables: a database from before tables were stored. */
		json_t *imports = store_care_imports(req->store, &e);
		if (!imports) {
			page_read_failed(req, res, "measures", &e);
			return;
		}
		json_t *ctx = json_pack("{s:s, s:b, s:b, s:b, s:[]}", "title", "Measures", "nav_measures", 1, "no_records",
		                        1, "not_worked_out", json_array_size(imports) > 0, "years");
		json_decref(imports);
		web_page(req, res, 200, "measures", ctx);
		return;
	}
	if (!chosen)
		chosen = (int)json_integer_value(json_array_get(stored, 0));
	/* The list of areas only ({area, name, data}); the two shown are read whole below. */
	json_t *t = NULL, *list = store_measures_stored_areas(req->store, chosen, &e);
	bool stored_year = list != NULL;
	if (list)
		t = json_pack("{s:o}", "areas", list);
	if (!t && e.code == KERR_NOTFOUND) {
		/* A year no import or publication has a table for: no council has data. */
		e = (struct kerr){0};
		t = empty_table(req, &e);
	}
	if (!t) {
		json_decref(stored);
		page_read_failed(req, res, "measures", &e);
		return;
	}
	json_t *years = year_options(stored, chosen);
	json_decref(stored);
	json_t *ctx = json_pack("{s:s, s:b, s:i, s:o}", "title", "Measures", "nav_measures", 1, "year",
	                        chosen, "years", years);
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
	/* The council shown and Scotland, whole (their cells), from the stored table. */
	json_t *shown_whole = NULL, *scot_whole = NULL;
	if (stored_year) {
		if (shown && json_is_true(json_object_get(shown, "data")))
			shown_whole = store_measures_stored_area(req->store, chosen, page_str(shown, "area"), &e);
		if (!e.code)
			scot_whole = store_measures_stored_area(req->store, chosen, page_str(scot, "area"), &e);
		if (e.code) {
			json_decref(shown_whole);
			json_decref(scot_whole);
			json_decref(councils);
			json_decref(no_data);
			json_decref(t);
			json_decref(ctx);
			page_read_failed(req, res, "measures", &e);
			return;
		}
		if (shown_whole)
			shown = shown_whole;
		scot = scot_whole;
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
	/* By name: people look councils up by name, not code. */
	json_object_set_new(ctx, "councils", json_array_sorted(councils, by_name));
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
	json_decref(shown_whole);
	json_decref(scot_whole);
	json_decref(t);
	web_page(req, res, 200, "measures", ctx);
}
