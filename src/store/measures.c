/* Reading care records back for the measures (schema 6), and the measures' observations
 * (schema 5): see store.h. */
#include "store/store_int.h"

#include <stdlib.h>
#include <string.h>

/* The latest import of each council whose year is ?1, or later when it holds the
 * children's whole history (a native import gives every year up to its own; an SSDA903
 * return, its own year only). */
static const char sql_latest[] =
    "SELECT i.id, i.council, i.year, i.created, i.children, i.episodes, i.placements, i.legal, i.siblings, "
    "i.school_changes, i.adoption_breakdowns, i.restraints, i.whole_history FROM records_import i "
    "WHERE i.year = (SELECT max(j.year) FROM records_import j WHERE j.council = i.council AND "
    "(j.year = ?1 OR (j.year > ?1 AND j.whole_history = 1))) "
    "ORDER BY i.council";

json_t *store_care_latest(struct store *s, int year, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_latest, e);
	if (!st)
		return NULL;
	sqlite3_bind_int(st, 1, year);
	return store_rows(s, st, e);
}

/* Each table's rows of one import (?1), in the column order of enum store_care_table,
 * by child and then as they were written. */
static const char *const sql_rows[STORE_CARE_TABLES] = {
    "SELECT child, hash, birth_month, sex, ethnic_group, disability FROM care_child WHERE import_id = ?1 "
    "ORDER BY child",
    "SELECT child, starts, ends, end_reason, continued FROM care_episode WHERE import_id = ?1 "
    "ORDER BY child, seq",
    "SELECT child, starts, ends, type, provider, council, outside_scotland, location, home, service, sector "
    "FROM care_placement "
    "WHERE import_id = ?1 ORDER BY child, seq",
    "SELECT child, starts, ends, reason FROM care_legal WHERE import_id = ?1 ORDER BY child, seq",
    "SELECT child, sibling, relationship FROM care_sibling WHERE import_id = ?1 ORDER BY child, seq",
    "SELECT child, date, from_school, to_school, with_placement_move FROM care_school_change "
    "WHERE import_id = ?1 ORDER BY child, seq",
    "SELECT child, order_date, disruption_date FROM care_adoption_breakdown WHERE import_id = ?1 "
    "ORDER BY child, seq",
    "SELECT child, date, setting FROM care_restraint WHERE import_id = ?1 ORDER BY child, seq",
};

int store_care_each(struct store *s, long long import_id, enum store_care_table t, store_care_row_fn fn,
                    void *arg, struct kerr *e)
{
	/* store_stmt caches by the string's address: the array's strings are static. */
	sqlite3_stmt *st = store_stmt(s, sql_rows[t], e);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, import_id);
	struct store_value v[11];
	int rc, ncol = sqlite3_column_count(st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int c = 0; c < ncol && c < 11; c++) {
			memset(&v[c], 0, sizeof v[c]);
			int type = sqlite3_column_type(st, c);
			if (type == SQLITE_INTEGER) {
				v[c].is_int = true;
				v[c].i = sqlite3_column_int64(st, c);
			} else if (type != SQLITE_NULL) {
				v[c].text = (const char *)sqlite3_column_text(st, c);
			}
		}
		if (fn(v, arg, e) < 0) {
			sqlite3_reset(st);
			return -1;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_fail(s, e, "reading care records");
}

/* ---- the measures as oversight observations ---- */

static const char sql_indicator_find[] = "SELECT id FROM indicator WHERE slug = ?1";
static const char sql_indicator_add[] = "INSERT INTO indicator(slug, title, unit, source, frequency, "
                                        "counts_children, computed) VALUES (?1, ?2, ?3, ?4, 'annual', "
                                        "CAST(?5 AS INTEGER), 1)";
/* An indicator the measures feed is computed, whoever added it (the demo adds its own
 * with their foundation and vision statement). */
static const char sql_indicator_mark[] =
    "UPDATE indicator SET computed = 1, counts_children = CAST(?2 AS INTEGER) "
    "WHERE slug = ?1 AND (computed <> 1 OR counts_children <> CAST(?2 AS INTEGER))";

int store_measure_indicator(struct store *s, const char *slug, const char *title, const char *unit,
                            const char *source, bool counts_children, bool *created, struct kerr *e)
{
	*created = false;
	sqlite3_stmt *st = store_stmt(s, sql_indicator_find, e);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	const char *children = counts_children ? "1" : "0";
	if (rc == SQLITE_ROW) {
		rc = store_run(s, sql_indicator_mark, (const char *const[]){slug, children}, 2, e);
		return rc < 0 ? -1 : rc != SQLITE_DONE ? store_fail(s, e, "marking an indicator") : 0;
	}
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "reading an indicator");
	const char *v[] = {slug, title, unit, source, children};
	rc = store_run(s, sql_indicator_add, v, 5, e);
	if (rc < 0)
		return -1;
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "adding an indicator");
	*created = true;
	return 0;
}

static const char sql_observation_put[] =
    "INSERT INTO observation(indicator_id, area, period, value, suppressed, source) "
    "SELECT id, ?2, ?3, ?4, ?5, ?6 FROM indicator WHERE slug = ?1 "
    "ON CONFLICT (indicator_id, area, period) DO UPDATE SET value = excluded.value, suppressed = "
    "excluded.suppressed, source = excluded.source, updated = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
    "WHERE value IS NOT excluded.value OR suppressed <> excluded.suppressed OR source <> excluded.source";

int store_measure_observation(struct store *s, const char *indicator, const char *area, const char *period,
                              const char *value, const char *source, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_observation_put, e);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, indicator, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, area, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, period, -1, SQLITE_STATIC);
	if (value)
		sqlite3_bind_double(st, 4, strtod(value, NULL));
	else
		sqlite3_bind_null(st, 4);
	sqlite3_bind_int(st, 5, value == NULL);
	sqlite3_bind_text(st, 6, source, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : store_fail(s, e, "writing an observation");
}

static const char sql_measure_observations[] =
    "SELECT count(*) AS n FROM observation o JOIN indicator i ON i.id = o.indicator_id "
    "WHERE o.period = ?1 AND i.slug LIKE 'measure-%'";

long long store_measure_observations(struct store *s, const char *period, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_measure_observations, e);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, period, -1, SQLITE_STATIC);
	long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return n < 0 ? store_fail(s, e, "counting observations") : n;
}

static const char sql_stored_clear[] = "DELETE FROM measures_stored WHERE year = ?1";

int store_measures_stored_clear(struct store *s, int year, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_stored_clear, e);
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, year);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "clearing the measures' table");
	return 0;
}

static const char sql_stored_put[] =
    "INSERT INTO measures_stored (year, seq, area, name, data, cells) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

int store_measures_stored_put(struct store *s, int year, int seq, const char *area, const char *name, bool data,
                              const char *json, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_stored_put, e);
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_int(st, 2, seq);
	sqlite3_bind_text(st, 3, area, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, data);
	sqlite3_bind_text(st, 6, json, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "storing the measures' table");
	return 0;
}

static const char sql_stored_areas[] =
    "SELECT area, name, data FROM measures_stored WHERE year = ?1 ORDER BY seq";

json_t *store_measures_stored_areas(struct store *s, int year, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_stored_areas, e);
	if (!st)
		return NULL;
	sqlite3_bind_int(st, 1, year);
	json_t *out = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(out, json_pack("{s:s, s:s, s:b}", "area", (const char *)sqlite3_column_text(st, 0),
		                                     "name", (const char *)sqlite3_column_text(st, 1), "data",
		                                     sqlite3_column_int(st, 2)));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(out);
		store_fail(s, e, "reading the measures' table");
		return NULL;
	}
	if (json_array_size(out) == 0) {
		json_decref(out);
		kerr_set(e, KERR_NOTFOUND, "no measures are stored for %d", year);
		return NULL;
	}
	return out;
}

static const char sql_stored_area[] = "SELECT cells FROM measures_stored WHERE year = ?1 AND area = ?2";

json_t *store_measures_stored_area(struct store *s, int year, const char *area, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_stored_area, e);
	if (!st)
		return NULL;
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_text(st, 2, area, -1, SQLITE_STATIC);
	json_t *out = NULL;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		json_error_t je;
		out = json_loadb((const char *)sqlite3_column_text(st, 0), (size_t)sqlite3_column_bytes(st, 0), 0, &je);
		if (!out)
			kerr_set(e, KERR_FAIL, "the stored measures of %s for %d cannot be read: %s", area, year, je.text);
	} else if (rc == SQLITE_DONE) {
		kerr_set(e, KERR_NOTFOUND, "no measures are stored for %s in %d", area, year);
	} else {
		store_fail(s, e, "reading the measures' table");
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return out;
}

static const char sql_stored_years[] = "SELECT DISTINCT year FROM measures_stored ORDER BY year DESC";
json_t *store_measures_stored_years(struct store *s, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_stored_years, e);
	if (!st)
		return NULL;
	json_t *out = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(out, json_integer(sqlite3_column_int(st, 0)));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(out);
		store_fail(s, e, "reading the years of the measures");
		return NULL;
	}
	return out;
}
