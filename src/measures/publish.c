/* The published measures: the table of every council with data and Scotland for a year,
 * protected whole (sdc.h) and shaped as JSON for the command line and the pages; and the
 * same for one batch read straight from files (no Scotland: one council's table). Only
 * counts and the shares worked from them leave here, suppressed cells without a value. */
#include "measures/measures.h"

#include "base/csv.h"
#include "base/date.h"
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
json_t *measures_area_name(const char *code)
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

/* The batches the tables of a run are worked from, each loaded once (the years of a
 * chain mostly share their imports), and one council's batch read from files in place of
 * its import (--from). */
struct batches {
	struct store *s;
	long long *id;
	struct records *b;
	size_t n, cap;
	const struct records *override; /* NULL, or the batch that stands for its council */
	/* Each batch's measures_prepare, made the first time the batch is counted: prep[i]
	 * b[i]'s (nprep of them so far), override_prep the override's. */
	struct measures_prep **prep, *override_prep;
	size_t nprep;
};

static void batches_free(struct batches *c)
{
	for (size_t i = 0; i < c->nprep; i++)
		measures_prep_free(c->prep[i]);
	free(c->prep);
	measures_prep_free(c->override_prep);
	for (size_t i = 0; i < c->n; i++)
		records_free(&c->b[i]);
	free(c->id);
	free(c->b);
}

/* The batch of import imp (a row of store_care_latest), loading it the first time. */
static const struct records *batch_of(struct batches *c, json_t *imp, struct kerr *e)
{
	long long id = (long long)json_integer_value(json_object_get(imp, "id"));
	for (size_t i = 0; i < c->n; i++)
		if (c->id[i] == id)
			return &c->b[i];
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 32;
		c->id = xrealloc(c->id, c->cap * sizeof *c->id);
		c->b = xrealloc(c->b, c->cap * sizeof *c->b);
	}
	if (measures_load(c->s, imp, &c->b[c->n], e) < 0)
		return NULL;
	c->id[c->n] = id;
	return &c->b[c->n++];
}

/* The return year a day falls in (1 August Y-1 to 31 July Y is year Y). */
static int year_of_day(int32_t d)
{
	struct kdate k = date_from_days(d);
	return k.y + (k.m >= 8);
}

/* The earliest year any row of b falls in, or `year` when none is earlier. */
static int first_year(const struct records *b, int year)
{
	int first = year;
#define EARLIEST(arr, field)                                                                                 \
	for (size_t i = 0; i < b->arr.n; i++)                                                                \
		if (b->arr.v[i].field != RECORDS_OPEN && b->arr.v[i].field != RECORDS_UNKNOWN &&             \
		    year_of_day(b->arr.v[i].field) < first)                                                  \
			first = year_of_day(b->arr.v[i].field);
	EARLIEST(episodes, start)
	EARLIEST(placements, start)
	EARLIEST(school_changes, date)
	EARLIEST(adoption_breakdowns, disruption_date)
	EARLIEST(restraints, date)
#undef EARLIEST
	return first;
}

/* The preparation of b (the override or one of c->b), made once. */
static const struct measures_prep *prep_of(struct batches *c, const struct records *b)
{
	if (b == c->override) {
		if (!c->override_prep)
			c->override_prep = measures_prepare(b);
		return c->override_prep;
	}
	size_t i = (size_t)(b - c->b);
	if (i >= c->nprep) {
		c->prep = xrealloc(c->prep, c->n * sizeof *c->prep);
		while (c->nprep < c->n)
			c->prep[c->nprep++] = NULL;
	}
	if (!c->prep[i])
		c->prep[i] = measures_prepare(b);
	return c->prep[i];
}

/* One year's counts: each council's (m[0..*n): from its import of the year, or the
 * override's batch for its council), imports receiving the store_care_latest rows in the
 * same order (NULL for the override). */
struct year_counts {
	struct measures *m;
	json_t **imp;
	size_t n;
	json_t *latest;
};

static void year_counts_free(struct year_counts *y)
{
	free(y->m);
	free(y->imp);
	json_decref(y->latest);
	memset(y, 0, sizeof *y);
}

static int count_year(struct batches *c, int year, records_progress progress, void *arg,
                      struct year_counts *out, struct kerr *e)
{
	memset(out, 0, sizeof *out);
	json_t *latest = c->s ? store_care_latest(c->s, year, e) : json_array();
	if (!latest)
		return -1;
	size_t n = json_array_size(latest);
	out->latest = latest;
	out->m = xcalloc(n + 1, sizeof *out->m);
	out->imp = xcalloc(n + 1, sizeof *out->imp);
	bool placed = false; /* the override's council given its place */
	for (size_t i = 0; i < n; i++) {
		if (progress)
			progress("computing", i, n, arg);
		json_t *imp = json_array_get(latest, i);
		const char *council = json_string_value(json_object_get(imp, "council"));
		const struct records *b;
		if (c->override && strcmp(council, c->override->council) == 0) {
			b = c->override;
			imp = NULL;
			placed = true;
		} else if (!(b = batch_of(c, imp, e))) {
			year_counts_free(out);
			return -1;
		}
		out->imp[out->n] = imp;
		measures_compute_prepared(b, prep_of(c, b), year, &out->m[out->n++]);
	}
	if (c->override && !placed) {
		/* In code order, as the councils are. */
		size_t k = 0;
		while (k < out->n && strcmp(out->m[k].area, c->override->council) < 0)
			k++;
		memmove(&out->m[k + 1], &out->m[k], (out->n - k) * sizeof *out->m);
		memmove(&out->imp[k + 1], &out->imp[k], (out->n - k) * sizeof *out->imp);
		out->imp[k] = NULL;
		measures_compute_prepared(c->override, prep_of(c, c->override), year, &out->m[k]);
		out->n++;
	}
	if (progress)
		progress("computing", n, n, arg);
	return 0;
}

/* A protected year: its counts, populations and statuses. */
struct year_table {
	struct year_counts counts;
	struct measures scot;
	struct measures_pop *how; /* the councils', then Scotland's */
	bool every;               /* every council area has data */
	struct measures_year y;
};

static void year_table_free(struct year_table *t)
{
	year_counts_free(&t->counts);
	free(t->how);
	measures_year_free(&t->y);
}

/* The first year of the chain of year: the earliest year any of the batches of year's
 * imports (counts, made by count_year) reach, or the override's, or year itself; no more
 * than 100 years back. */
static int chain_first(struct batches *c, int year, const struct year_counts *counts)
{
	int first = year;
	for (size_t i = 0; i < counts->n; i++) {
		if (!counts->imp[i])
			continue;
		long long id = (long long)json_integer_value(json_object_get(counts->imp[i], "id"));
		for (size_t k = 0; k < c->n; k++)
			if (c->id[k] == id) {
				int f = first_year(&c->b[k], year);
				if (f < first)
					first = f;
			}
	}
	if (c->override) {
		int f = first_year(c->override, year);
		if (f < first)
			first = f;
	}
	if (first < year - 100)
		first = year - 100;
	return first;
}

/* Called with each year's protected table as a walk reaches it. */
typedef int (*chain_each)(struct year_table *t, int year, void *arg, struct kerr *e);

/* Walks the years first..last once, each protected taking the one before as given
 * (docs/measures.md, "Protecting published counts"), calling each (when not NULL) with
 * every year's table; out receives last's. have[y - first] (when have is not NULL and
 * its counts are set) holds year y's counts already made, which the walk takes over.
 * ncouncil_areas: how many council areas there are (for Scotland's own population). */
static int chain_walk(struct batches *c, int first, int last, size_t ncouncil_areas, struct year_counts *have,
                      chain_each each, void *arg, struct year_table *out, struct kerr *e)
{
	struct year_table prev = {0}, cur = {0};
	bool have_prev = false;
	for (int y = first; y <= last; y++) {
		memset(&cur, 0, sizeof cur);
		if (have && have[y - first].m) {
			cur.counts = have[y - first];
			memset(&have[y - first], 0, sizeof have[y - first]);
		} else if (count_year(c, y, NULL, NULL, &cur.counts, e) < 0) {
			if (have_prev)
				year_table_free(&prev);
			return -1;
		}
		size_t n = cur.counts.n;
		cur.how = xcalloc(n + 1, sizeof *cur.how);
		for (size_t i = 0; i < n; i++)
			area_population(&cur.counts.m[i], y, &cur.how[i]);
		measures_sum(&cur.scot, MEASURES_SCOTLAND, cur.counts.m, n);
		/* Scotland's own population when every council area is in the sums; otherwise,
		 * like its counts, the sum of the councils' with data (measures_sum). */
		cur.every = n > 0 && n == ncouncil_areas;
		if (cur.every)
			area_population(&cur.scot, y, &cur.how[n]);
		measures_year_init(&cur.y, y, cur.counts.m, n, n ? &cur.scot : NULL);
		measures_year_protect(&cur.y, have_prev && prev.y.n + prev.y.scotland ? &prev.y : NULL);
		if (have_prev)
			year_table_free(&prev);
		prev = cur;
		have_prev = true;
		if (each && each(&prev, y, arg, e) < 0) {
			year_table_free(&prev);
			return -1;
		}
	}
	if (out)
		*out = prev;
	else if (have_prev)
		year_table_free(&prev);
	return 0;
}

/* The published tables of year, and of every year before it that the councils' records
 * reach, each protected taking the one before as given; out receives year's. */
static int chain(struct batches *c, int year, size_t ncouncil_areas, records_progress progress, void *arg,
                 struct year_table *out, struct kerr *e)
{
	struct year_counts target;
	if (count_year(c, year, progress, arg, &target, e) < 0)
		return -1;
	int first = chain_first(c, year, &target);
	struct year_counts *have = xcalloc((size_t)(year - first + 1), sizeof *have);
	have[year - first] = target;
	int rc = chain_walk(c, first, year, ncouncil_areas, have, NULL, NULL, out, e);
	year_counts_free(&have[year - first]);
	free(have);
	return rc;
}

/* The json of one protected year (measures_table's shape), its areas in the order of
 * areas (council-areas); only (when not NULL) the area code only, without Scotland.
 * hide (or NULL): statuses to hide as well, for the area only. */
static json_t *table_json(struct year_table *t, int year, json_t *areas, const char *only,
                          const unsigned char *hide)
{
	size_t n = t->counts.n;
	json_t *out = json_array();
	size_t i;
	json_t *a;
	json_array_foreach(areas, i, a)
	{
		const char *code = json_string_value(json_object_get(a, "id"));
		if (only && strcmp(code, only) != 0)
			continue;
		json_t *row = json_pack("{s:s, s:O}", "area", code, "name", json_object_get(a, "name"));
		size_t k = 0;
		while (k < n && strcmp(t->counts.m[k].area, code) != 0)
			k++;
		if (k < n) {
			json_t *imp = t->counts.imp[k];
			json_object_set_new(row, "data", json_true());
			if (imp)
				json_object_set_new(
				    row, "import",
				    json_sprintf("%s/%d", code,
				                 (int)json_integer_value(json_object_get(imp, "year"))));
			json_object_set_new(row, "population", population_words(&t->how[k], year));
			unsigned char st[MC_NCOUNTS];
			memcpy(st, t->y.status[k], sizeof st);
			for (int c = 0; hide && c < MC_NCOUNTS; c++)
				if ((hide[c] == SDC_PRIMARY || hide[c] == SDC_SECONDARY) &&
				    st[c] != SDC_PRIMARY && st[c] != SDC_SECONDARY)
					st[c] = SDC_SECONDARY;
			json_object_set_new(row, "cells", area_cells(&t->counts.m[k], st));
		} else {
			json_object_set_new(row, "data", json_false());
		}
		json_array_append_new(out, row);
	}
	if (!only) {
		json_t *scot_row = json_pack("{s:s, s:s, s:b, s:i}", "area", MEASURES_SCOTLAND, "name",
		                             "Scotland", "data", n > 0, "councils", (int)n);
		if (n > 0) {
			json_t *words = t->every ? population_words(&t->how[n], year)
			                : !t->scot.available[MC_POPULATION]
			                    ? json_string("not available: a council with data has none")
			                : n == 1 ? json_string("that of the one council with data")
			                         : json_sprintf("the sum of the %d councils' populations", (int)n);
			json_object_set_new(scot_row, "population", words);
			json_object_set_new(scot_row, "cells", area_cells(&t->scot, t->y.status[n]));
		}
		json_array_append_new(out, scot_row);
	}
	return out;
}

json_t *measures_table_batch(struct store *s, const struct records *b, int year, struct kerr *e)
{
	json_t *areas = s ? store_resource_all(s, "council-areas", e)
	                  : json_pack("[{s:s, s:o}]", "id", b->council, "name", measures_area_name(b->council));
	if (!areas)
		return NULL;
	bool known = false;
	size_t i;
	json_t *a;
	json_array_foreach(areas, i, a) known |= strcmp(json_string_value(json_object_get(a, "id")), b->council) == 0;
	if (!known)
		json_array_append_new(areas, json_pack("{s:s, s:o}", "id", b->council, "name", measures_area_name(b->council)));
	/* The national table with the files in place of the council's import ... */
	struct batches c = {.s = s, .override = b};
	struct year_table with = {0}, now = {0};
	json_t *out = NULL;
	if (chain(&c, year, json_array_size(areas), NULL, NULL, &with, e) < 0)
		goto done;
	c.override = NULL;
	/* ... hiding as well what the national table of the database hides of the council. */
	unsigned char hide[MC_NCOUNTS] = {0};
	if (s) {
		if (chain(&c, year, json_array_size(areas), NULL, NULL, &now, e) < 0) {
			year_table_free(&with);
			goto done;
		}
		for (size_t k = 0; k < now.counts.n; k++)
			if (strcmp(now.counts.m[k].area, b->council) == 0)
				memcpy(hide, now.y.status[k], sizeof hide);
		year_table_free(&now);
	}
	json_t *rows = table_json(&with, year, areas, b->council, hide);
	out = json_pack("{s:i, s:o, s:I, s:b}", "year", year, "areas", rows, "secondary",
	                (json_int_t)with.y.secondary, "national", s != NULL);
	year_table_free(&with);
done:
	batches_free(&c);
	json_decref(areas);
	return out;
}

json_t *measures_table(struct store *s, int year, records_progress progress, void *arg, struct kerr *e)
{
	json_t *areas = store_resource_all(s, "council-areas", e);
	if (!areas)
		return NULL;
	struct batches c = {.s = s};
	struct year_table t = {0};
	json_t *out = NULL;
	if (chain(&c, year, json_array_size(areas), progress, arg, &t, e) == 0) {
		out = json_pack("{s:i, s:o, s:I}", "year", year, "areas", table_json(&t, year, areas, NULL, NULL),
		                "secondary", (json_int_t)t.y.secondary);
		year_table_free(&t);
	}
	batches_free(&c);
	json_decref(areas);
	return out;
}

/* measures_tables' walk: the years wanted, each with its chain's first year, and where
 * the tables go. */
struct tables_walk {
	const int *years;
	const int *first;
	size_t n;
	int from; /* the first year of the walk under way */
	json_t *areas;
	measures_table_fn fn;
	void *arg;
};

static int tables_emit(struct year_table *t, int year, void *arg, struct kerr *e)
{
	struct tables_walk *w = arg;
	for (size_t i = 0; i < w->n; i++) {
		if (w->years[i] != year || w->first[i] != w->from)
			continue;
		json_t *out = json_pack("{s:i, s:o, s:I}", "year", year, "areas",
		                        table_json(t, year, w->areas, NULL, NULL), "secondary",
		                        (json_int_t)t->y.secondary);
		int rc = w->fn(out, w->arg, e);
		json_decref(out);
		return rc;
	}
	return 0;
}

static int int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

int measures_tables(struct store *s, const int *years, size_t n, measures_table_fn fn, void *arg,
                    struct kerr *e)
{
	json_t *areas = store_resource_all(s, "council-areas", e);
	if (!areas)
		return -1;
	size_t ncouncil_areas = json_array_size(areas);
	int *want = xcalloc(n + 1, sizeof *want), *first = xcalloc(n + 1, sizeof *first);
	struct year_counts *counts = xcalloc(n + 1, sizeof *counts);
	memcpy(want, years, n * sizeof *want);
	qsort(want, n, sizeof *want, int_cmp);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (m == 0 || want[m - 1] != want[i])
			want[m++] = want[i];
	struct batches c = {.s = s};
	struct tables_walk w = {.years = want, .first = first, .n = m, .areas = areas, .fn = fn, .arg = arg};
	int rc = 0;
	/* Each year's chain starts where measures_table's would: the earliest year its own
	 * imports reach. */
	for (size_t i = 0; i < m && rc == 0; i++) {
		if (count_year(&c, want[i], NULL, NULL, &counts[i], e) < 0) {
			rc = -1;
			break;
		}
		first[i] = chain_first(&c, want[i], &counts[i]);
	}
	/* One walk for each first year (one, unless the imports of the years reach back
	 * differently), through the latest year wanted that starts there. */
	for (size_t i = 0; i < m && rc == 0; i++) {
		bool done = false;
		for (size_t k = 0; k < i; k++)
			done |= first[k] == first[i];
		if (done)
			continue;
		int last = want[i];
		for (size_t k = i; k < m; k++)
			if (first[k] == first[i])
				last = want[k];
		/* The counts of the years wanted, made above, go to the walk. */
		struct year_counts *have = xcalloc((size_t)(last - first[i] + 1), sizeof *have);
		for (size_t k = i; k < m; k++)
			if (first[k] == first[i]) {
				have[want[k] - first[i]] = counts[k];
				memset(&counts[k], 0, sizeof counts[k]);
			}
		w.from = first[i];
		rc = chain_walk(&c, first[i], last, ncouncil_areas, have, tables_emit, &w, NULL, e);
		for (int y = first[i]; y <= last; y++)
			year_counts_free(&have[y - first[i]]);
		free(have);
	}
	for (size_t i = 0; i < m; i++)
		year_counts_free(&counts[i]);
	free(counts);
	batches_free(&c);
	free(want);
	free(first);
	json_decref(areas);
	return rc;
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
	/* The table as published, for /measures to read. */
	int rc = measures_store_table(s, table, e);
	if (rc == 0)
		rc = store_audit_add(s, actor, "measures", id, before > 0 ? "update" : "create", prior, after, e);
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
