/* The audit log: one row per write, written in the write's own transaction. */
#include "store/store_int.h"

#include "base/json.h"

#include <stdlib.h>

static const char sql_audit_add[] = "INSERT INTO audit(actor, entity, entity_id, verb, before_json, after_json) "
                                    "VALUES (?, ?, ?, ?, ?, ?)";

/* Binds v as compact JSON text, or NULL. */
static void bind_json(sqlite3_stmt *st, int i, json_t *v)
{
	if (!v) {
		sqlite3_bind_null(st, i);
		return;
	}
	struct buf b = {0};
	json_dump_buf(v, &b);
	sqlite3_bind_text(st, i, buf_str(&b), (int)b.len, SQLITE_TRANSIENT);
	buf_free(&b);
}

int store_audit_add(struct store *s, const char *actor, const char *entity, const char *entity_id,
                    const char *verb, json_t *before, json_t *after, struct kerr *e)
{
	if (s->depth == 0)
		return kerr_set(e, KERR_FAIL, "an audit record must be written inside the change's transaction");
	sqlite3_stmt *st = store_stmt(s, sql_audit_add, e);
	if (!st)
		return -1;
	store_bind_text(st, 1, actor);
	store_bind_text(st, 2, entity);
	store_bind_text(st, 3, entity_id);
	store_bind_text(st, 4, verb);
	bind_json(st, 5, before);
	bind_json(st, 6, after);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "writing the audit record");
	return 0;
}

static const char sql_audit_list[] =
	"SELECT at, actor, entity, entity_id, verb, before_json AS \"before[]\", after_json AS \"after[]\" "
	"FROM audit WHERE (?1 IS NULL OR entity = ?1) AND (?2 IS NULL OR entity_id = ?2 COLLATE NOCASE) "
	"AND (?3 IS NULL OR at >= ?3) ORDER BY at, id";

json_t *store_audit_list(struct store *s, const char *entity, const char *entity_id, const char *since,
                         struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_audit_list, e);
	if (!st)
		return NULL;
	store_bind_text(st, 1, entity);
	store_bind_text(st, 2, entity_id);
	store_bind_text(st, 3, since);
	return store_rows(s, st, e);
}

static const char sql_audit_of_action[] =
	"SELECT at, actor, entity, entity_id, verb, before_json AS \"before[]\", after_json AS \"after[]\" "
	"FROM audit WHERE (entity IN ('lead', 'heard') "
	"AND coalesce(json_extract(after_json, '$.action'), json_extract(before_json, '$.action')) = ?1) "
	"OR (entity = 'action' AND entity_id = ?1) "
	"ORDER BY at, id";

json_t *store_audit_of_action(struct store *s, const char *action, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_audit_of_action, e);
	if (!st)
		return NULL;
	store_bind_text(st, 1, action);
	return store_rows(s, st, e);
}

static const char sql_audit_latest[] = "SELECT max(at) AS at FROM audit";

json_t *store_audit_latest(struct store *s, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_audit_latest, e);
	if (!st)
		return NULL;
	json_t *rows = store_rows(s, st, e);
	if (!rows)
		return NULL;
	json_t *at = json_incref(json_object_get(json_array_get(rows, 0), "at"));
	json_decref(rows);
	return at ? at : json_null();
}
