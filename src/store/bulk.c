/* Bulk writes for imports: many rows in the caller's one transaction, with the work
 * that does not need to happen row by row (the search index, the audit records of new
 * rows) done once, set-based, at the end.
 *
 * Why: row by row, each INSERT into commitment fires commitment_ai, and FTS5 flushes
 * its pending index data at every statement that writes to it, so 100,000 rows made
 * 100,000 tiny index segments to merge; and each audit record was one more statement
 * with its JSON built in C from a read-back of the row. Here the commitment_ai and
 * commitment_au triggers are dropped inside the transaction and re-made, from the SQL
 * SQLite stored for them, before it ends: a rollback (or a SIGKILL) puts them back with
 * everything else, and other connections never see them missing (they only ever see
 * committed schemas). store_bulk_end then indexes every row added or changed in one
 * statement, with the same values the triggers would have written. */
#include "store/store_int.h"

#include "base/json.h"
#include "base/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The triggers on commitment that keep the search index up to date (schema.c). */
static const char *const search_triggers[] = {"commitment_ai", "commitment_au"};
#define NTRIGGERS (sizeof search_triggers / sizeof search_triggers[0])

struct store_bulk {
	struct store *s;
	char *actor;
	char now[32];                 /* the import's moment: created and updated of new rows */
	char *trigger_sql[NTRIGGERS]; /* as stored in sqlite_schema; NULL when not suspended */
	int suspended;                /* the triggers were dropped: store_bulk_end indexes */
	sqlite3_int64 last_before;    /* the largest commitment rowid before; the added are above */
	size_t nadded;
	struct buf changed;           /* JSON array of the rowids of the commitments changed */
	size_t nchanged;
};

static const char sql_now[] = "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), "
                              "(SELECT coalesce(max(id), 0) FROM commitment)";
static const char sql_trigger[] =
	"SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'commitment' AND name = ?1";

/* Runs one statement of fixed text (no parameters). */
static int exec(struct store *s, const char *sql, const char *doing, struct kerr *e)
{
	char *err = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		kerr_set(e, KERR_FAIL, "%s: %s: %s", s->path, doing, err ? err : sqlite3_errmsg(s->db));
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

/* Drops the search triggers, keeping their SQL. Only when both are there: a schema
 * that names them otherwise keeps its triggers, and the import is slower but right. */
static int triggers_suspend(struct store_bulk *b, struct kerr *e)
{
	for (size_t i = 0; i < NTRIGGERS; i++) {
		sqlite3_stmt *st = store_stmt(b->s, sql_trigger, e);
		if (!st)
			return -1;
		sqlite3_bind_text(st, 1, search_triggers[i], -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			b->trigger_sql[i] = xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return store_fail(b->s, e, "reading the search triggers");
	}
	for (size_t i = 0; i < NTRIGGERS; i++)
		if (!b->trigger_sql[i])
			return 0;
	for (size_t i = 0; i < NTRIGGERS; i++) {
		char sql[64];
		snprintf(sql, sizeof sql, "DROP TRIGGER %s", search_triggers[i]);
		if (exec(b->s, sql, "suspending the search index's trigger", e) < 0)
			return -1;
	}
	b->suspended = 1;
	return 0;
}

struct store_bulk *store_bulk_commitments_begin(struct store *s, const char *actor, struct kerr *e)
{
	if (s->depth == 0) {
		kerr_set(e, KERR_FAIL, "a bulk write must be inside a transaction");
		return NULL;
	}
	struct store_bulk *b = xcalloc(1, sizeof *b);
	b->s = s;
	b->actor = xstrdup(actor);
	buf_putc(&b->changed, '[');
	sqlite3_stmt *st = store_stmt(s, sql_now, e);
	if (!st || sqlite3_step(st) != SQLITE_ROW) {
		if (st)
			store_fail(s, e, "reading the time");
		store_bulk_abort(b);
		return NULL;
	}
	snprintf(b->now, sizeof b->now, "%s", (const char *)sqlite3_column_text(st, 0));
	b->last_before = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	if (triggers_suspend(b, e) < 0) {
		store_bulk_abort(b);
		return NULL;
	}
	return b;
}

/* Appends rowid to a JSON array being written. */
static void note(struct buf *list, size_t *n, sqlite3_int64 rowid)
{
	buf_printf(list, *n ? ",%lld" : "%lld", (long long)rowid);
	(*n)++;
}

/* SQLITE_STATIC: the values outlive the step, and copying 100,000 rows' text is work
 * for nothing. */
static void bind_static(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Rows are inserted BULK_ROWS to a statement, which saves the binding, stepping and
 * resetting of the other 63 (about 15% of the import's CPU time). New rowids are above
 * every earlier one (an INTEGER PRIMARY KEY takes the largest plus one), so the rows
 * added are exactly those above last_before. */
#define BULK_ROWS 64
#define ADD_HEAD                                                                                              \
	"INSERT INTO commitment(slug, organisation_id, action_id, text, due, due_text, status, source, created, " \
	"updated) SELECT column1, (SELECT id FROM organisation WHERE slug = column2), "                          \
	"(SELECT id FROM action WHERE slug = column3), column4, column5, column6, column7, column8, ?1, ?1 "     \
	"FROM (VALUES "
#define V1 "(?, ?, ?, ?, ?, ?, ?, ?)"
#define V4 V1 ", " V1 ", " V1 ", " V1
#define V16 V4 ", " V4 ", " V4 ", " V4
#define V64 V16 ", " V16 ", " V16 ", " V16
static const char sql_add_one[] = ADD_HEAD V1 ")";
static const char sql_add_many[] = ADD_HEAD V64 ")";

/* Inserts n rows (1 or BULK_ROWS) with one statement. */
static int add_rows(struct store_bulk *b, const struct store_commitment *c, size_t n, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(b->s, n == 1 ? sql_add_one : sql_add_many, e);
	if (!st)
		return -1;
	bind_static(st, 1, b->now);
	for (size_t i = 0; i < n; i++) {
		const char *v[8] = {c[i].id,       c[i].organisation, c[i].action, c[i].text,
		                    c[i].due,      c[i].due_text,     c[i].status, c[i].source};
		for (int k = 0; k < 8; k++)
			bind_static(st, (int)(2 + i * 8 + (size_t)k), v[k]);
	}
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc == SQLITE_CONSTRAINT_NOTNULL)
		return kerr_set(e, KERR_NOTFOUND, "adding commitments: an organisation they name is not there");
	if (rc != SQLITE_DONE)
		return store_fail(b->s, e, "adding commitments");
	b->nadded += n;
	return 0;
}

int store_bulk_commitments_add(struct store_bulk *b, const struct store_commitment *c, size_t n, struct kerr *e)
{
	size_t i = 0;
	for (; i + BULK_ROWS <= n; i += BULK_ROWS)
		if (add_rows(b, c + i, BULK_ROWS, e) < 0)
			return -1;
	for (; i < n; i++)
		if (add_rows(b, c + i, 1, e) < 0)
			return -1;
	return 0;
}

static const char sql_known[] =
	"SELECT j.key FROM json_each(?1) j JOIN commitment c ON c.slug = j.value";

int store_bulk_commitments_known(struct store_bulk *b, const struct store_commitment *c, size_t n, bool *known,
                                 struct kerr *e)
{
	json_t *ids = json_array();
	for (size_t i = 0; i < n; i++) {
		known[i] = false;
		json_array_append_new(ids, json_string(c[i].id));
	}
	struct buf text = {0};
	json_dump_buf(ids, &text);
	json_decref(ids);
	sqlite3_stmt *st = store_stmt(b->s, sql_known, e);
	int rc = SQLITE_ERROR;
	if (st) {
		sqlite3_bind_text(st, 1, buf_str(&text), (int)text.len, SQLITE_STATIC);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			sqlite3_int64 k = sqlite3_column_int64(st, 0);
			if (k >= 0 && (size_t)k < n)
				known[k] = true;
		}
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	buf_free(&text);
	if (!st)
		return -1;
	return rc == SQLITE_DONE ? 0 : store_fail(b->s, e, "looking up commitments");
}

static const char sql_rowid[] = "SELECT id FROM commitment WHERE slug = ?1";

int store_bulk_commitment_change(struct store_bulk *b, const struct store_commitment *c, struct kerr *e)
{
	if (store_commitment_put(b->s, c, e) < 0)
		return -1;
	sqlite3_stmt *st = store_stmt(b->s, sql_rowid, e);
	if (!st)
		return -1;
	bind_static(st, 1, c->id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		note(&b->changed, &b->nchanged, sqlite3_column_int64(st, 0));
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : store_fail(b->s, e, "finding a changed commitment");
}

/* What commitment_ai and commitment_au write into the search index, for many rows. */
static const char sql_unindex[] =
	"DELETE FROM search WHERE rowid IN (SELECT value * 4 + 1 FROM json_each(?1))";
static const char sql_index[] =
	"INSERT INTO search(rowid, kind, ref, title, body) "
	"SELECT c.id * 4 + 1, 'commitment', c.slug, (SELECT name FROM organisation WHERE id = c.organisation_id), "
	"c.text || ' ' || coalesce(c.due_text, '') FROM json_each(?1) j JOIN commitment c ON c.id = j.value "
	"ORDER BY c.id";
static const char sql_index_added[] =
	"INSERT INTO search(rowid, kind, ref, title, body) "
	"SELECT c.id * 4 + 1, 'commitment', c.slug, (SELECT name FROM organisation WHERE id = c.organisation_id), "
	"c.text || ' ' || coalesce(c.due_text, '') FROM commitment c WHERE c.id > ?1 ORDER BY c.id";
/* One audit record per new commitment: the record as the commitments resource shows it
 * (read.c), as store_audit_add would have written it. */
static const char sql_audit_added[] =
	"INSERT INTO audit(actor, entity, entity_id, verb, before_json, after_json) "
	"SELECT ?2, 'commitment', c.slug, 'create', NULL, json_object('id', c.slug, 'organisation', o.slug, "
	"'action', a.slug, 'text', c.text, 'due', c.due, 'due_text', c.due_text, 'status', c.status, "
	"'source', c.source, 'created', c.created, 'updated', c.updated) "
	"FROM commitment c JOIN organisation o ON o.id = c.organisation_id "
	"LEFT JOIN action a ON a.id = c.action_id WHERE c.id > ?1 ORDER BY c.id";

/* Runs sql with the JSON array list as ?1, or when list is NULL the largest rowid
 * before the bulk write; the actor as ?2 when it has one. */
static int run(struct store_bulk *b, const char *sql, const struct buf *list, const char *doing, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(b->s, sql, e);
	if (!st)
		return -1;
	if (list)
		sqlite3_bind_text(st, 1, buf_str(list), (int)list->len, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, b->last_before);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_text(st, 2, b->actor, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : store_fail(b->s, e, doing);
}

int store_bulk_end(struct store_bulk *b, struct kerr *e)
{
	buf_putc(&b->changed, ']');
	int ok = 1;
	if (b->suspended) {
		ok = (b->nchanged == 0 || run(b, sql_unindex, &b->changed, "updating the search index", e) == 0) &&
		     (b->nchanged == 0 || run(b, sql_index, &b->changed, "updating the search index", e) == 0) &&
		     (b->nadded == 0 || run(b, sql_index_added, NULL, "updating the search index", e) == 0);
		for (size_t i = 0; ok && i < NTRIGGERS; i++)
			ok = exec(b->s, b->trigger_sql[i], "restoring the search index's trigger", e) == 0;
	}
	ok = ok && (b->nadded == 0 || run(b, sql_audit_added, NULL, "writing the audit records", e) == 0);
	store_bulk_abort(b);
	return ok ? 0 : -1;
}

void store_bulk_abort(struct store_bulk *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < NTRIGGERS; i++)
		free(b->trigger_sql[i]);
	free(b->actor);
	buf_free(&b->changed);
	free(b);
}
