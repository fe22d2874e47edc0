/* The published measures: the table of every council with data and Scotland for a year,
 * protected whole (sdc.h) and shaped as JSON for the command line and the pages; and the
 * same for one batch read straight from files (no Scotland: one council's table). Only
 * counts and the shares worked from them leave here, suppressed cells without a value. */
#include "measures/measures.h"

#include "base/csv.h"
#include "base/embed.h"
#include "base/mem.h"

#include <stdlib.h>
#include <string.h>

static const char *const status_names[] = {
    [SDC_PUBLISHED] = "published",   [SDC_PRIMARY] = "primary",  [SDC_SECONDARY] = "secondary",
    [SDC_MISSING] = "not_available", [SDC_PUBLIC] = "published",
};

/* One area's cells as shown: [{key, label, measure, title (first cell of a measure
 * only), unit, value (text, or null when suppressed or not available), status,
 * suppressed, primary, missing}]. */
static json_t *area_cells(const struct measures *m, const unsigned char status[MC_NCOUNTS])
{
	json_t *cells = json_array();
	struct buf v = {0};
	int last = 0;
	for (size_t k = 0; k < measures_ncells; k++) {
		const struct measures_cell *c = &measures_cells[k];
		int st = measures_cell_status(c, status);
		bool has = st != SDC_MISSING && measures_derived(c, m, &v);
		if (!has && st != SDC_PRIMARY && st != SDC_SECONDARY)
			st = SDC_MISSING;
		bool hidden = st == SDC_PRIMARY || st == SDC_SECONDARY;
		json_t *cell = json_pack("{s:s, s:s, s:i, s:s, s:o, s:s, s:b, s:b, s:b}", "key", c->key,
		                         "label", c->label, "measure", c->measure, "unit", c->unit, "value",
		                         has && !hidden ? json_string(buf_str(&v)) : json_null(), "status",
		                         status_names[st], "suppressed", hidden, "primary", st == SDC_PRIMARY,
		                         "missing", st == SDC_MISSING);
		if (c->measure != last) {
			json_object_set_new(cell, "title", json_string(measures_titles[c->measure]));
			last = c->measure;
		}
		json_array_append_new(cells, cell);
	}
	buf_free(&v);
	return cells;
}

/* The name of council area code from data/council-areas.csv ("code,name"), or the code. */
static json_t *area_name(const char *code)
{
	const struct embedded_file *f = embedded_find("data/council-areas.csv");
	json_t *name = NULL;
	if (f) {
		struct csv_reader *r = csv_open((const char *)f->data, f->len, "data/council-areas.csv");
		struct csv_row row;
		struct kerr e = {0};
		while (!name && csv_next(r, &row, &e) == 1)
			if (row.n >= 2 && row.f[0].n == strlen(code) &&
			    memcmp(row.f[0].p, code, row.f[0].n) == 0)
				name = json_stringn(row.f[1].p, row.f[1].n);
		csv_close(r);
	}
	return name ? name : json_string(code);
}

/* Gives m its population for year (measures_population), how receiving where it came
 * from. */
static void area_population(struct measures *m, int year, struct measures_pop *how)
{
	if (measures_population(m->area, year, how) >= 0) {
		m->available[MC_POPULATION] = true;
		m->count[MC_POPULATION] = how->n;
	}
}

/* The table's "population": how it was found, in words. */
static json_t *population_words(const struct measures_pop *how, int year)
{
	struct buf w = {0};
	measures_population_words(how, year, &w);
	json_t *words = json_string(buf_str(&w));
	buf_free(&w);
	return words;
}

json_t *measures_table_batch(const struct records *b, int year)
{
	struct measures m;
	measures_compute(b, year, &m);
	struct measures_pop how;
	area_population(&m, year, &how);
	unsigned char status[1][MC_NCOUNTS];
	size_t secondary = measures_protect(&m, 1, NULL, status);
	json_t *area =
	    json_pack("{s:s, s:o, s:b, s:o, s:o}", "area", m.area, "name", area_name(m.area), "data", 1,
	              "population", population_words(&how, year), "cells", area_cells(&m, status[0]));
	return json_pack("{s:i, s:[o], s:I}", "year", year, "areas", area, "secondary",
	                 (json_int_t)secondary);
}

json_t *measures_table(struct store *s, int year, records_progress progress, void *arg, struct kerr *e)
{
	json_t *areas = store_resource_all(s, "council-areas", e);
	if (!areas)
		return NULL;
	json_t *imports = store_care_latest(s, year, e);
	if (!imports) {
		json_decref(areas);
		return NULL;
	}
	size_t n = json_array_size(imports);
	struct measures *m = xcalloc(n ? n : 1, sizeof *m);
	struct measures_pop *how = xcalloc(n + 1, sizeof *how); /* the councils', then Scotland's */
	for (size_t i = 0; i < n; i++) {
		if (progress)
			progress("computing", i, n, arg);
		struct records b;
		if (measures_load(s, json_array_get(imports, i), &b, e) < 0) {
			free(how);
			free(m);
			json_decref(areas);
			json_decref(imports);
			return NULL;
		}
		measures_compute(&b, year, &m[i]);
		records_free(&b);
		area_population(&m[i], year, &how[i]);
	}
	if (progress)
		progress("computing", n, n, arg);
	struct measures scot;
	measures_sum(&scot, MEASURES_SCOTLAND, m, n);
	/* Scotland's own population when every council area is in the sums; otherwise, like
	 * its counts, the sum of the councils' with data (measures_sum). */
	bool every = n > 0 && n == json_array_size(areas);
	if (every)
		area_population(&scot, year, &how[n]);
	unsigned char(*status)[MC_NCOUNTS] = xcalloc(n + 1, sizeof *status);
	size_t secondary = measures_protect(m, n, n ? &scot : NULL, status);

	json_t *out = json_array();
	size_t i;
	json_t *a;
	json_array_foreach(areas, i, a)
	{
		const char *code = json_string_value(json_object_get(a, "id"));
		json_t *row = json_pack("{s:s, s:O}", "area", code, "name", json_object_get(a, "name"));
		size_t k = 0;
		while (k < n && strcmp(m[k].area, code) != 0)
			k++;
		if (k < n) {
			json_t *imp = json_array_get(imports, k);
			json_object_set_new(row, "data", json_true());
			json_object_set_new(
			    row, "import",
			    json_sprintf("%s/%d", code,
			                 (int)json_integer_value(json_object_get(imp, "year"))));
			json_object_set_new(row, "population", population_words(&how[k], year));
			json_object_set_new(row, "cells", area_cells(&m[k], status[k]));
		} else {
			json_object_set_new(row, "data", json_false());
		}
		json_array_append_new(out, row);
	}
	json_t *scot_row = json_pack("{s:s, s:s, s:b, s:i}", "area", MEASURES_SCOTLAND, "name", "Scotland",
	                             "data", n > 0, "councils", (int)n);
	if (n > 0) {
		json_t *words = every ? population_words(&how[n], year)
		                : !scot.available[MC_POPULATION]
		                    ? json_string("not available: a council with data has none")
		                : n == 1 ? json_string("that of the one council with data")
		                         : json_sprintf("the sum of the %d councils' populations", (int)n);
		json_object_set_new(scot_row, "population", words);
		json_object_set_new(scot_row, "cells", area_cells(&scot, status[n]));
	}
	json_array_append_new(out, scot_row);
	free(how);
	free(status);
	free(m);
	json_decref(areas);
	json_decref(imports);
	return json_pack("{s:i, s:o, s:I}", "year", year, "areas", out, "secondary", (json_int_t)secondary);
}

/* Whether the cell key is a count of children (or young people): those the Board's own
 * figures protect as the measures do (target.h). The population is not a count of
 * children in care. */
static bool counts_children(const char *key)
{
	for (size_t k = 0; key && k < measures_ncells; k++) {
		const struct measures_cell *c = &measures_cells[k];
		if (strcmp(c->key, key) == 0)
			return c->den < 0 && c->num != MC_POPULATION &&
			       (strcmp(c->unit, "children") == 0 || strcmp(c->unit, "young people") == 0);
	}
	return false;
}

int measures_publish(struct store *s, json_t *table, const char *actor, struct measures_published *out,
                     struct kerr *e)
{
	memset(out, 0, sizeof *out);
	int year = (int)json_integer_value(json_object_get(table, "year"));
	char period[16];
	snprintf(period, sizeof period, "%04d-07-31", year);
	if (store_begin(s, e) < 0)
		return -1;
	long long before = store_measure_observations(s, period, e);
	if (before < 0)
		goto fail;
	json_t *created = json_array(), *imports = json_array();
	struct buf slug = {0}, source = {0};
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(table, "areas"), i, a)
	{
		if (!json_is_true(json_object_get(a, "data")))
			continue;
		const char *area = json_string_value(json_object_get(a, "area"));
		buf_reset(&source);
		if (json_object_get(a, "import")) {
			const char *imp = json_string_value(json_object_get(a, "import"));
			buf_printf(&source, "keep measures (import %s)", imp);
			json_array_append_new(imports, json_string(imp));
			out->councils++;
		} else {
			int n = (int)json_integer_value(json_object_get(a, "councils"));
			buf_printf(&source, "keep measures (the sum of %d council%s' imports)", n,
			           n == 1 ? "" : "s");
		}
		size_t k;
		json_t *c;
		json_array_foreach(json_object_get(a, "cells"), k, c)
		{
			if (json_is_true(json_object_get(c, "missing")))
				continue;
			buf_reset(&slug);
			buf_puts(&slug, "measure-");
			for (const char *p = json_string_value(json_object_get(c, "key")); *p; p++)
				buf_putc(&slug, *p == '_' ? '-' : *p);
			bool made;
			if (store_measure_indicator(s, buf_str(&slug), json_string_value(json_object_get(c, "label")),
			                            json_string_value(json_object_get(c, "unit")), "keep measures",
			                            counts_children(json_string_value(json_object_get(c, "key"))),
			                            &made, e) < 0)
				goto fail_free;
			if (made) {
				json_array_append_new(created, json_string(buf_str(&slug)));
				out->indicators++;
			}
			bool hidden = json_is_true(json_object_get(c, "suppressed"));
			if (store_measure_observation(s, buf_str(&slug), area, period,
			                              hidden ? NULL
			                                     : json_string_value(json_object_get(c, "value")),
			                              buf_str(&source), e) < 0)
				goto fail_free;
			out->observations++;
			out->suppressed += hidden;
		}
	}
	/* One audit record for the whole publication: what was published from which
	 * imports, never a figure below Scotland's protection. */
	json_t *after = json_pack("{s:i, s:s, s:O, s:I, s:I, s:O}", "year", year, "period", period, "imports",
	                          imports, "observations", (json_int_t)out->observations, "suppressed",
	                          (json_int_t)out->suppressed, "indicators_added", created);
	json_t *prior =
	    before > 0 ? json_pack("{s:s, s:I}", "period", period, "observations", (json_int_t)before) : NULL;
	char id[16];
	snprintf(id, sizeof id, "%d", year);
	int rc = store_audit_add(s, actor, "measures", id, before > 0 ? "update" : "create", prior, after, e);
	json_decref(prior);
	json_decref(after);
	if (rc < 0 || store_commit(s, e) < 0)
		goto fail_free;
	json_decref(created);
	json_decref(imports);
	buf_free(&slug);
	buf_free(&source);
	return 0;
fail_free:
	json_decref(created);
	json_decref(imports);
	buf_free(&slug);
	buf_free(&source);
fail:
	store_rollback(s);
	return -1;
}
