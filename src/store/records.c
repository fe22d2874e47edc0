/* Care records (schema 6): an import of one council and year, and its rows, inside the
 * caller's one transaction; an earlier import of the same council and year goes with
 * one DELETE (its rows follow by ON DELETE CASCADE).
 *
 * Rows are written BULK_ROWS to a statement (INSERT ... VALUES (...), (...), ...): the
 * binding, stepping and resetting of one statement instead of BULK_ROWS of them. A row's
 * values are kept until its statement runs: integers as they are, text copied into the
 * table's own buffer (the caller's text need only live through store_care_row). */
#include "store/store_int.h"

#include "base/mem.h"

#include <stdlib.h>
#include <string.h>

#define BULK_ROWS 32
#define MAX_COLS 13 /* the import, and at most 12 more */

/* The tables' INSERTs, by enum store_care_table; ?1 is the import. */
static const char sql_child[] = "INSERT INTO care_child(import_id, child, hash, birth_month, sex, ethnic_group, "
                                "disability) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char sql_episode[] =
	"INSERT INTO care_episode(import_id, child, seq, starts, ends, end_reason, continued) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char sql_placement[] = "INSERT INTO care_placement(import_id, child, seq, starts, ends, type, provider, "
                                    "council, outside_scotland, location, home, service, sector) VALUES (?1, ?2, ?3, ?4, "
                                    "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
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
	{sql_episode, 6, "episodes"},
	{sql_placement, 12, "placements"},
	{sql_legal, 5, "legal reasons"},
	{sql_sibling, 4, "sibling pairs"},
	{sql_school_change, 6, "school changes"},
	{sql_adoption_breakdown, 4, "adoption breakdowns"},
	{sql_restraint, 4, "restraints"},
};

/* A value waiting for its statement: an integer, NULL, or text at off in the table's
 * buffer. */
struct pending_value {
	long long i;
	size_t off, len; /* PV_TEXT: where in the table's buffer, and how long */
	enum { PV_INT, PV_NULL, PV_TEXT } kind;
};

struct pending {
	sqlite3_stmt *many; /* BULK_ROWS rows; prepared for this import, finalized at its end */
	size_t n;           /* rows waiting */
	struct pending_value v[BULK_ROWS][MAX_COLS - 1];
	struct buf text;
};

struct store_care {
	struct store *s;
	sqlite3_int64 id;
	sqlite3_stmt *st[STORE_CARE_TABLES]; /* one row: for the rows left over at the end */
	struct pending p[STORE_CARE_TABLES];
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
	"adoption_breakdowns, restraints, whole_history) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

struct store_care *store_care_begin(struct store *s, const char *council, int year, bool whole_history,
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
	sqlite3_bind_int(st, 3 + STORE_CARE_TABLES, whole_history);
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

/* "INSERT INTO t(cols) VALUES (?, ...), ... (BULK_ROWS times)" from the one-row SQL
 * (everything before its VALUES). */
static char *many_sql(const char *one, int ncol)
{
	struct buf b = {0};
	buf_put(&b, one, (size_t)(strstr(one, " VALUES ") - one));
	buf_puts(&b, " VALUES ");
	for (int r = 0; r < BULK_ROWS; r++) {
		buf_puts(&b, r ? ", (" : "(");
		for (int c = 0; c <= ncol; c++)
			buf_puts(&b, c ? ", ?" : "?");
		buf_putc(&b, ')');
	}
	return buf_steal(&b);
}

/* Binds row r's pending values from parameter at on. */
static void bind_row(struct store_care *w, struct pending *p, sqlite3_stmt *st, int at, size_t r, int ncol)
{
	sqlite3_bind_int64(st, at, w->id);
	for (int c = 0; c < ncol; c++) {
		const struct pending_value *v = &p->v[r][c];
		if (v->kind == PV_INT)
			sqlite3_bind_int64(st, at + 1 + c, v->i);
		else if (v->kind == PV_TEXT)
			sqlite3_bind_text(st, at + 1 + c, p->text.p + v->off, (int)v->len, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, at + 1 + c);
	}
}

static int step(struct store_care *w, sqlite3_stmt *st, enum store_care_table t, struct kerr *e)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	char doing[64];
	snprintf(doing, sizeof doing, "adding %s", tables[t].what);
	return store_fail(w->s, e, doing);
}

/* Writes table t's pending rows: BULK_ROWS with one statement, fewer one by one. */
static int flush(struct store_care *w, enum store_care_table t, struct kerr *e)
{
	struct pending *p = &w->p[t];
	int ncol = tables[t].ncol;
	int rc = 0;
	if (p->n == BULK_ROWS) {
		if (!p->many) {
			char *sql = many_sql(tables[t].sql, ncol);
			int prc = sqlite3_prepare_v3(w->s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &p->many, NULL);
			free(sql);
			if (prc != SQLITE_OK)
				return store_fail(w->s, e, "preparing a statement");
		}
		for (size_t r = 0; r < BULK_ROWS; r++)
			bind_row(w, p, p->many, 1 + (int)r * (ncol + 1), r, ncol);
		rc = step(w, p->many, t, e);
	} else {
		if (!w->st[t] && !(w->st[t] = store_stmt(w->s, tables[t].sql, e)))
			return -1;
		for (size_t r = 0; r < p->n && rc == 0; r++) {
			bind_row(w, p, w->st[t], 1, r, ncol);
			rc = step(w, w->st[t], t, e);
		}
	}
	p->n = 0;
	buf_reset(&p->text);
	return rc;
}

int store_care_row(struct store_care *w, enum store_care_table t, const struct store_value *v, struct kerr *e)
{
	struct pending *p = &w->p[t];
	struct pending_value *row = p->v[p->n++];
	for (int c = 0; c < tables[t].ncol; c++) {
		if (v[c].is_int) {
			row[c] = (struct pending_value){.i = v[c].i, .kind = PV_INT};
		} else if (v[c].text) {
			size_t len = strlen(v[c].text);
			row[c] = (struct pending_value){.off = p->text.len, .len = len, .kind = PV_TEXT};
			buf_put(&p->text, v[c].text, len + 1);
		} else {
			row[c] = (struct pending_value){.kind = PV_NULL};
		}
	}
	return p->n == BULK_ROWS ? flush(w, t, e) : 0;
}

int store_care_end(struct store_care *w, struct kerr *e)
{
	int rc = 0;
	for (int t = 0; t < STORE_CARE_TABLES; t++)
		if (rc == 0 && w->p[t].n)
			rc = flush(w, t, e);
	store_care_abort(w);
	return rc;
}

void store_care_abort(struct store_care *w)
{
	if (!w)
		return;
	for (int t = 0; t < STORE_CARE_TABLES; t++) {
		sqlite3_finalize(w->p[t].many);
		buf_free(&w->p[t].text);
		/* The one-row statements stay in the connection's cache, clean for their next use. */
		if (w->st[t])
			sqlite3_clear_bindings(w->st[t]);
	}
	free(w);
}

json_t *store_care_imports(struct store *s, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_imports, e);
	return st ? store_rows(s, st, e) : NULL;
}
