/* Care records (schema 6): an import of one council and year, and its rows. The rows
 * are written one prepared statement each, with values bound without a copy, inside the
 * caller's one transaction; an earlier import of the same council and year goes with
 * one DELETE (its rows follow by ON DELETE CASCADE). */
#include "store/store_int.h"

#include "base/mem.h"

#include <stdlib.h>

/* The tables' INSERTs, by enum store_care_table; ?1 is the import. */
static const char sql_child[] = "INSERT INTO care_child(import_id, child, hash, birth_month, sex, ethnic_group, "
                                "disability) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char sql_episode[] =
	"INSERT INTO care_episode(import_id, child, seq, starts, ends, end_reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_placement[] = "INSERT INTO care_placement(import_id, child, seq, starts, ends, type, provider, "
                                    "council, outside_scotland, location) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char sql_legal[] =
	"INSERT INTO care_legal(import_id, child, seq, starts, ends, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_sibling[] =
	"INSERT INTO care_sibling(import_id, child, seq, sibling, relationship) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_school_change[] = "INSERT INTO care_school_change(import_id, child, seq, date, from_school, "
                                        "to_school, with_placement_move) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char sql_adoption_breakdown[] = "INSERT INTO care_adoption_breakdown(import_id, child, seq, order_date, "
                                             "disruption_date) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_restraint[] =
	"INSERT INTO care_restraint(import_id, child, seq, date, setting) VALUES (?1, ?2, ?3, ?4, ?5)";

static const struct {
	const char *sql;
	int ncol; /* columns after the import */
	const char *what;
} tables[STORE_CARE_TABLES] = {
	{sql_child, 6, "children"},
	{sql_episode, 5, "episodes"},
	{sql_placement, 9, "placements"},
	{sql_legal, 5, "legal reasons"},
	{sql_sibling, 4, "sibling pairs"},
	{sql_school_change, 6, "school changes"},
	{sql_adoption_breakdown, 4, "adoption breakdowns"},
	{sql_restraint, 4, "restraints"},
};

struct store_care {
	struct store *s;
	sqlite3_int64 id;
	sqlite3_stmt *st[STORE_CARE_TABLES];
};

/* The imports as store_care_imports shows them; "files[]" drops the files not given
 * (a JSON merge patch removes the keys whose value is null). */
#define IMPORT_COLUMNS                                                                                        \
	"SELECT council, year, created, json_patch('{}', json_object('children.csv', children, 'episodes.csv', " \
	"episodes, 'placements.csv', placements, 'legal.csv', legal, 'siblings.csv', siblings, "                \
	"'school_changes.csv', school_changes, 'adoption_breakdowns.csv', adoption_breakdowns, "                \
	"'restraints.csv', restraints)) AS \"files[]\" FROM records_import "
static const char sql_imports[] = IMPORT_COLUMNS "ORDER BY council, year";
static const char sql_import_one[] = IMPORT_COLUMNS "WHERE council = ?1 AND year = ?2";
static const char sql_delete[] = "DELETE FROM records_import WHERE council = ?1 AND year = ?2";
static const char sql_insert[] =
	"INSERT INTO records_import(council, year, children, episodes, placements, legal, siblings, school_changes, "
	"adoption_breakdowns, restraints) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

struct store_care *store_care_begin(struct store *s, const char *council, int year,
                                    const long long count[STORE_CARE_TABLES], json_t **before, struct kerr *e)
{
	if (before)
		*before = NULL;
	if (s->depth == 0) {
		kerr_set(e, KERR_FAIL, "care records must be written inside a transaction");
		return NULL;
	}
	sqlite3_stmt *st = store_stmt(s, sql_import_one, e);
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, council, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, year);
	int rc = sqlite3_step(st);
	json_t *old = rc == SQLITE_ROW ? store_row_object(st) : NULL;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_fail(s, e, "reading the earlier import");
		return NULL;
	}
	if (old) {
		if (!(st = store_stmt(s, sql_delete, e)))
			goto fail;
		sqlite3_bind_text(st, 1, council, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, year);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			store_fail(s, e, "deleting the earlier import");
			goto fail;
		}
	}
	if (!(st = store_stmt(s, sql_insert, e)))
		goto fail;
	sqlite3_bind_text(st, 1, council, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, year);
	for (int t = 0; t < STORE_CARE_TABLES; t++)
		if (count[t] >= 0)
			sqlite3_bind_int64(st, 3 + t, count[t]);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE) {
		store_fail(s, e, "adding the import");
		goto fail;
	}
	struct store_care *w = xcalloc(1, sizeof *w);
	w->s = s;
	w->id = sqlite3_last_insert_rowid(s->db);
	if (before)
		*before = old;
	else
		json_decref(old);
	return w;
fail:
	json_decref(old);
	return NULL;
}

int store_care_row(struct store_care *w, enum store_care_table t, const struct store_value *v, struct kerr *e)
{
	sqlite3_stmt *st = w->st[t];
	if (!st) {
		/* Fetched once per import: the cache's lookup is a scan. */
		if (!(st = store_stmt(w->s, tables[t].sql, e)))
			return -1;
		w->st[t] = st;
		sqlite3_bind_int64(st, 1, w->id);
	}
	for (int c = 0; c < tables[t].ncol; c++) {
		if (v[c].is_int)
			sqlite3_bind_int64(st, 2 + c, v[c].i);
		else if (v[c].text)
			sqlite3_bind_text(st, 2 + c, v[c].text, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 2 + c);
	}
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		char doing[64];
		snprintf(doing, sizeof doing, "adding %s", tables[t].what);
		return store_fail(w->s, e, doing);
	}
	return 0;
}

void store_care_end(struct store_care *w)
{
	if (!w)
		return;
	/* The statements stay in the connection's cache, clean for their next use. */
	for (int t = 0; t < STORE_CARE_TABLES; t++)
		if (w->st[t])
			sqlite3_clear_bindings(w->st[t]);
	free(w);
}

json_t *store_care_imports(struct store *s, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_imports, e);
	return st ? store_rows(s, st, e) : NULL;
}
