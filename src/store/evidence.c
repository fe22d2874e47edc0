/* Evidence submissions: the record, its links to actions and its file. Callers hold
 * the transaction and write the audit record beside each change (src/plan/evidence.c). */
#include "store/store_int.h"

#include <stdio.h>

static const char sql_put[] =
	"INSERT INTO evidence(slug, organisation_id, kind, title, will_do, support_needed, help_offered, submitted) "
	"VALUES (?1, (SELECT id FROM organisation WHERE slug = ?2), ?3, ?4, ?5, ?6, ?7, ?8) "
	"ON CONFLICT(slug) DO UPDATE SET organisation_id = excluded.organisation_id, kind = excluded.kind, "
	"title = excluded.title, will_do = excluded.will_do, support_needed = excluded.support_needed, "
	"help_offered = excluded.help_offered, submitted = excluded.submitted, "
	"updated = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";
/* A link to an action its writer cannot see (of a draft plan) stays: the writer was
 * never shown it. */
static const char sql_actions_clear[] =
	"DELETE FROM evidence_action WHERE evidence_id = (SELECT id FROM evidence WHERE slug = ?1) "
	"AND (keep_reader_drafts() OR action_id NOT IN " STORE_DRAFT_ACTIONS ")";
static const char sql_action_add[] =
	"INSERT OR IGNORE INTO evidence_action(evidence_id, action_id) "
	"SELECT e.id, a.id FROM evidence e, action a WHERE e.slug = ?1 AND a.slug = ?2";

int store_evidence_put(struct store *s, const struct store_evidence *ev, struct kerr *e)
{
	int rc = store_run(s, sql_put, (const char *const[]){ev->id, ev->organisation, ev->kind, ev->title,
	                     ev->will_do, ev->support_needed, ev->help_offered, ev->submitted}, 8, e);
	if (rc < 0)
		return -1;
	if (rc == SQLITE_CONSTRAINT_NOTNULL)
		return kerr_set(e, KERR_NOTFOUND, "evidence %s: no organisation called '%s'", ev->id, ev->organisation);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "writing evidence");
	if ((rc = store_run(s, sql_actions_clear, &ev->id, 1, e)) < 0)
		return -1;
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "writing evidence's actions");
	for (size_t i = 0; i < ev->nactions; i++) {
		if ((rc = store_run(s, sql_action_add, (const char *const[]){ev->id, ev->actions[i]}, 2, e)) < 0)
			return -1;
		if (rc != SQLITE_DONE)
			return store_fail(s, e, "writing evidence's actions");
		if (sqlite3_changes(s->db) == 0) {
			/* Either the action does not exist, or it was named twice: only the first
			 * is an error. */
			json_t *a = NULL;
			sqlite3_stmt *q = store_stmt(s, "SELECT slug FROM action WHERE slug = ?", e);
			if (!q)
				return -1;
			store_bind_text(q, 1, ev->actions[i]);
			a = store_row_one(s, q, "action", ev->actions[i], e);
			if (!a)
				return -1;
			json_decref(a);
		}
	}
	return 0;
}

static const char sql_file_meta[] =
	"UPDATE evidence SET file_name = ?2, file_type = ?3, file_size = ?4, "
	"updated = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE slug = ?1";
static const char sql_file_put[] =
	"INSERT INTO evidence_file(evidence_id, data) SELECT id, ?2 FROM evidence WHERE slug = ?1 "
	"ON CONFLICT(evidence_id) DO UPDATE SET data = excluded.data";
static const char sql_file_drop[] =
	"DELETE FROM evidence_file WHERE evidence_id = (SELECT id FROM evidence WHERE slug = ?1)";

int store_evidence_file_put(struct store *s, const char *id, const char *name, const char *type, const void *data,
                            size_t len, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_file_meta, e);
	if (!st)
		return -1;
	store_bind_text(st, 1, id);
	store_bind_text(st, 2, data ? name : NULL);
	store_bind_text(st, 3, data ? type : NULL);
	if (data)
		sqlite3_bind_int64(st, 4, (sqlite3_int64)len);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "recording evidence's file");
	if (sqlite3_changes(s->db) == 0)
		return kerr_set(e, KERR_NOTFOUND, "no evidence called '%s'", id);
	if (!(st = store_stmt(s, data ? sql_file_put : sql_file_drop, e)))
		return -1;
	store_bind_text(st, 1, id);
	if (data)
		sqlite3_bind_blob64(st, 2, len ? data : "", (sqlite3_uint64)len, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "writing evidence's file");
	return 0;
}

static const char sql_file_read[] =
	"SELECT f.data FROM evidence_file f JOIN evidence e ON e.id = f.evidence_id WHERE e.slug = ?1";

int store_evidence_file_read(struct store *s, const char *id, struct buf *out, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_file_read, e);
	if (!st)
		return -1;
	store_bind_text(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const void *p = sqlite3_column_blob(st, 0);
		int n = sqlite3_column_bytes(st, 0);
		if (n > 0)
			buf_put(out, p, (size_t)n);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return kerr_set(e, KERR_NOTFOUND, "evidence '%s' has no file", id);
	if (rc != SQLITE_ROW)
		return store_fail(s, e, "reading evidence's file");
	return 0;
}

static const char sql_publish[] =
	"UPDATE evidence SET published = ?2, published_at = ?3, updated = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
	"WHERE slug = ?1";

int store_evidence_publish(struct store *s, const char *id, bool published, const char *at, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_publish, e);
	if (!st)
		return -1;
	store_bind_text(st, 1, id);
	sqlite3_bind_int(st, 2, published ? 1 : 0);
	store_bind_text(st, 3, published ? at : NULL);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "publishing evidence");
	if (sqlite3_changes(s->db) == 0)
		return kerr_set(e, KERR_NOTFOUND, "no evidence called '%s'", id);
	return 0;
}

static const char sql_delete[] = "DELETE FROM evidence WHERE slug = ?1";

int store_evidence_delete(struct store *s, const char *id, struct kerr *e)
{
	return store_change(s, sql_delete, (const char *const[]){id}, 1, "deleting evidence", "evidence", id, e);
}

static const char sql_one[] =
	"SELECT e.slug, e.kind, e.title, e.will_do, e.support_needed, e.help_offered, e.submitted, "
	"CASE e.published WHEN 1 THEN 'true' ELSE 'false' END AS \"published[]\", e.published_at, "
	"e.file_name, e.file_type, e.file_size, e.created, e.updated, "
	"o.slug AS \"organisation.slug\", o.name AS \"organisation.name\", "
	"(SELECT json_group_array(json_object('slug', slug, 'title', title)) FROM (SELECT a.slug, a.title "
	"  FROM evidence_action ea JOIN action a ON a.id = ea.action_id WHERE ea.evidence_id = e.id "
	"  AND " STORE_ACTION_SHOWN("a.id") " ORDER BY a.slug)) AS \"actions[]\" "
	"FROM evidence e JOIN organisation o ON o.id = e.organisation_id WHERE e.slug = ?";

json_t *store_evidence(struct store *s, const char *id, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_one, e);
	if (!st)
		return NULL;
	store_bind_text(st, 1, id);
	return store_row_one(s, st, "evidence", id, e);
}

static const char sql_list[] =
	"SELECT e.slug, e.kind, e.title, e.submitted, "
	"CASE e.published WHEN 1 THEN 'true' ELSE 'false' END AS \"published[]\", e.published_at, "
	"e.file_name, e.file_size, o.slug AS \"organisation.slug\", o.name AS \"organisation.name\" "
	"FROM evidence e JOIN organisation o ON o.id = e.organisation_id "
	"WHERE (?1 IS NULL OR o.slug = ?1) AND (?3 = 0 OR e.published = 1) AND (?2 IS NULL OR EXISTS ("
	"  SELECT 1 FROM evidence_action ea JOIN action a ON a.id = ea.action_id "
	"  WHERE ea.evidence_id = e.id AND a.slug = ?2)) "
	"ORDER BY e.submitted DESC, e.id DESC";

json_t *store_evidence_list(struct store *s, const char *organisation, const char *action, bool published_only,
                            struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_list, e);
	if (!st)
		return NULL;
	store_bind_text(st, 1, organisation);
	store_bind_text(st, 2, action);
	sqlite3_bind_int(st, 3, published_only ? 1 : 0);
	return store_rows(s, st, e);
}
