/* Writes to the Plan register's records. Callers hold the transaction and write the
 * audit record beside each change. */
#include "store/store_int.h"

static const char sql_commitment_put[] =
	"INSERT INTO commitment(slug, organisation_id, action_id, text, due, due_text, status, source) "
	"VALUES (?1, (SELECT id FROM organisation WHERE slug = ?2), (SELECT id FROM action WHERE slug = ?3), "
	"?4, ?5, ?6, ?7, ?8) "
	"ON CONFLICT(slug) DO UPDATE SET organisation_id = excluded.organisation_id, "
	"action_id = excluded.action_id, text = excluded.text, due = excluded.due, due_text = excluded.due_text, "
	"status = excluded.status, source = excluded.source, "
	"updated = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

int store_commitment_put(struct store *s, const struct store_commitment *c, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_commitment_put, e);
	if (!st)
		return -1;
	store_bind_text(st, 1, c->id);
	store_bind_text(st, 2, c->organisation);
	store_bind_text(st, 3, c->action);
	store_bind_text(st, 4, c->text);
	store_bind_text(st, 5, c->due);
	store_bind_text(st, 6, c->due_text);
	store_bind_text(st, 7, c->status);
	store_bind_text(st, 8, c->source);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_CONSTRAINT_NOTNULL)
		return kerr_set(e, KERR_NOTFOUND, "commitment %s: no organisation called '%s'", c->id, c->organisation);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "writing a commitment");
	return 0;
}
