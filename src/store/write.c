/* Writes to the Plan register's records. Callers hold the transaction and write the
 * audit record beside each change. */
#include "store/store_int.h"

#include <stdio.h>

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
	int rc = store_run(s, sql_commitment_put, (const char *const[]){c->id, c->organisation, c->action, c->text,
	                     c->due, c->due_text, c->status, c->source}, 8, e);
	if (rc < 0)
		return -1;
	if (rc == SQLITE_CONSTRAINT_NOTNULL)
		return kerr_set(e, KERR_NOTFOUND, "commitment %s: no organisation called '%s'", c->id, c->organisation);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "writing a commitment");
	return 0;
}

static const char sql_commitment[] =
	"SELECT c.slug, c.text, c.due, c.due_text, c.status, c.source, c.created, c.updated, "
	"o.slug AS \"organisation.slug\", o.name AS \"organisation.name\", "
	"a.slug AS \"action.slug\", a.title AS \"action.title\" "
	"FROM commitment c JOIN organisation o ON o.id = c.organisation_id "
	"LEFT JOIN action a ON a.id = c.action_id WHERE c.slug = ? AND " STORE_ACTION_SHOWN("c.action_id");
static const char sql_commitment_updates[] =
	"SELECT u.at, u.status, u.text FROM commitment_update u JOIN commitment c ON c.id = u.commitment_id "
	"WHERE c.slug = ? ORDER BY u.at, u.id";

json_t *store_commitment(struct store *s, const char *slug, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_commitment, e);
	if (!st)
		return NULL;
	store_bind_text(st, 1, slug);
	json_t *c = store_row_one(s, st, "commitment", slug, e);
	if (!c)
		return NULL;
	st = store_stmt(s, sql_commitment_updates, e);
	json_t *updates = NULL;
	if (st) {
		store_bind_text(st, 1, slug);
		updates = store_rows(s, st, e);
	}
	if (!updates) {
		json_decref(c);
		return NULL;
	}
	json_object_set_new(c, "updates", updates);
	return c;
}

static const char sql_statuses_at[] =
	"SELECT c.slug AS id, "
	"(SELECT u.status FROM commitment_update u WHERE u.commitment_id = c.id AND u.status IS NOT NULL "
	" AND substr(u.at, 1, 10) <= ?1 ORDER BY u.at DESC, u.id DESC LIMIT 1) AS status, "
	"(SELECT count(*) FROM commitment_update u WHERE u.commitment_id = c.id) AS entries, "
	"(SELECT count(*) FROM commitment_update u WHERE u.commitment_id = c.id AND substr(u.at, 1, 10) <= ?1) "
	"AS entries_by, "
	"(SELECT count(*) FROM commitment_update u WHERE u.commitment_id = c.id AND u.status IS NOT NULL) "
	"AS status_entries "
	"FROM commitment c WHERE " STORE_ACTION_SHOWN("c.action_id") " ORDER BY c.slug";

json_t *store_commitment_statuses_at(struct store *s, const char *day, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_statuses_at, e);
	if (!st)
		return NULL;
	store_bind_text(st, 1, day);
	return store_rows(s, st, e);
}

static const char sql_update_add[] =
	"INSERT INTO commitment_update(commitment_id, at, status, text) "
	"SELECT id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?2, ?3 FROM commitment WHERE slug = ?1";

int store_commitment_update_add(struct store *s, const char *slug, const char *status, const char *text,
                                struct kerr *e)
{
	int rc = store_run(s, sql_update_add, (const char *const[]){slug, status, text}, 3, e);
	if (rc < 0)
		return -1;
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "adding to a commitment's timeline");
	return 0;
}

static const char sql_heard_add[] =
	"INSERT INTO heard(action_id, position, at, text) "
	"SELECT a.id, coalesce((SELECT max(position) FROM heard WHERE action_id = a.id), 0) + 1, ?2, ?3 "
	"FROM action a WHERE a.slug = ?1 RETURNING printf('%s-%03d', ?1, position)";

int store_heard_add(struct store *s, const char *action, const char *at, const char *text, char id_out[128],
                    struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_heard_add, e);
	if (!st)
		return -1;
	store_bind_text(st, 1, action);
	store_bind_text(st, 2, at);
	store_bind_text(st, 3, text);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(id_out, 128, "%s", (const char *)sqlite3_column_text(st, 0));
	int done = rc == SQLITE_ROW ? sqlite3_step(st) : rc;
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return kerr_set(e, KERR_NOTFOUND, "no action called '%s'", action);
	if (done != SQLITE_DONE)
		return store_fail(s, e, "adding a heard note");
	return 0;
}

static const char sql_org_update[] =
	"UPDATE organisation SET name = ?2, sector = ?3, scale = ?4, council_area = ?5 WHERE slug = ?1";

int store_organisation_update(struct store *s, const char *slug, const char *name, const char *sector,
                              const char *scale, const char *council_area, struct kerr *e)
{
	return store_change(s, sql_org_update, (const char *const[]){slug, name, sector, scale, council_area},
	                    5, "changing an organisation", "organisation", slug, e);
}

/* ---- organisations, leads, commitments and heard notes: creating and deleting ---- */

static const char sql_org_insert[] =
	"INSERT INTO organisation(slug, name, sector, scale, council_area) VALUES (?1, ?2, ?3, ?4, ?5)";

int store_organisation_insert(struct store *s, const char *slug, const char *name, const char *sector,
                              const char *scale, const char *council_area, struct kerr *e)
{
	int rc = store_run(s, sql_org_insert, (const char *const[]){slug, name, sector, scale, council_area}, 5, e);
	if (rc < 0)
		return -1;
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return kerr_set(e, KERR_CONFLICT, "there is already an organisation called '%s'", name);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "adding an organisation");
	return 0;
}

static const char sql_org_named[] =
	"SELECT slug, name FROM organisation WHERE trim(name) = trim(?1) COLLATE NOCASE AND slug IS NOT ?2 "
	"ORDER BY id LIMIT 1";

json_t *store_organisation_named(struct store *s, const char *name, const char *except, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_org_named, e);
	if (!st)
		return NULL;
	store_bind_text(st, 1, name);
	if (except)
		store_bind_text(st, 2, except);
	return store_row_one(s, st, "organisation", name, e);
}

static const char sql_org_ties[] =
	"SELECT (SELECT count(*) FROM commitment WHERE organisation_id = o.id) AS commitments, "
	"(SELECT count(*) FROM lead WHERE organisation_id = o.id) AS leads, "
	"(SELECT count(*) FROM user WHERE organisation_id = o.id) AS accounts, "
	"(SELECT count(*) FROM evidence WHERE organisation_id = o.id) AS evidence, "
	"(SELECT count(*) FROM scenario WHERE organisation_id = o.id) AS scenarios "
	"FROM organisation o WHERE o.slug = ?";

json_t *store_organisation_ties(struct store *s, const char *slug, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_org_ties, e);
	if (!st)
		return NULL;
	store_bind_text(st, 1, slug);
	return store_row_one(s, st, "organisation", slug, e);
}

static const char sql_org_delete[] = "DELETE FROM organisation WHERE slug = ?";

int store_organisation_delete(struct store *s, const char *slug, struct kerr *e)
{
	int rc = store_run(s, sql_org_delete, (const char *const[]){slug}, 1, e);
	if (rc < 0)
		return -1;
	/* Records this function does not know of (evidence, say) hold the organisation by
	 * a foreign key: the delete is refused, not cascaded. */
	if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
		return kerr_set(e, KERR_CONFLICT,
		                "Other records (evidence, say) still belong to this organisation. Delete or move them "
		                "first; nothing was deleted.");
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "deleting an organisation");
	if (sqlite3_changes(s->db) == 0)
		return kerr_set(e, KERR_NOTFOUND, "no organisation called '%s'", slug);
	return 0;
}

static const char sql_lead_insert[] =
	"INSERT INTO lead(action_id, organisation_id, role) "
	"VALUES ((SELECT id FROM action WHERE slug = ?1), (SELECT id FROM organisation WHERE slug = ?2), ?3)";
static const char sql_lead_update[] =
	"UPDATE lead SET role = ?3 WHERE action_id = (SELECT id FROM action WHERE slug = ?1) "
	"AND organisation_id = (SELECT id FROM organisation WHERE slug = ?2)";
static const char sql_lead_delete[] =
	"DELETE FROM lead WHERE action_id = (SELECT id FROM action WHERE slug = ?1) "
	"AND organisation_id = (SELECT id FROM organisation WHERE slug = ?2)";

/* Runs one of the lead statements for action, organisation (and role). */
static int lead_step(struct store *s, const char *sql, const char *action, const char *organisation,
                     const char *role, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return -1;
	store_bind_text(st, 1, action);
	store_bind_text(st, 2, organisation);
	if (role)
		store_bind_text(st, 3, role);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		return kerr_set(e, KERR_CONFLICT, "organisation '%s' already has a role on action '%s'", organisation,
		                action);
	if (rc == SQLITE_CONSTRAINT_NOTNULL)
		return kerr_set(e, KERR_NOTFOUND, "no action '%s' or no organisation '%s'", action, organisation);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "writing a lead role");
	if (sqlite3_changes(s->db) == 0)
		return kerr_set(e, KERR_NOTFOUND, "no lead called '%s/%s'", action, organisation);
	return 0;
}

int store_lead_insert(struct store *s, const char *action, const char *organisation, const char *role,
                      struct kerr *e)
{
	return lead_step(s, sql_lead_insert, action, organisation, role, e);
}

int store_lead_update(struct store *s, const char *action, const char *organisation, const char *role,
                      struct kerr *e)
{
	return lead_step(s, sql_lead_update, action, organisation, role, e);
}

int store_lead_delete(struct store *s, const char *action, const char *organisation, struct kerr *e)
{
	return lead_step(s, sql_lead_delete, action, organisation, NULL, e);
}

static const char sql_commitment_delete[] = "DELETE FROM commitment WHERE slug = ?";

int store_commitment_delete(struct store *s, const char *slug, struct kerr *e)
{
	int rc = store_run(s, sql_commitment_delete, (const char *const[]){slug}, 1, e);
	if (rc < 0)
		return -1;
	if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
		return kerr_set(e, KERR_CONFLICT, "other records still refer to commitment '%s'", slug);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "deleting a commitment");
	if (sqlite3_changes(s->db) == 0)
		return kerr_set(e, KERR_NOTFOUND, "no commitment called '%s'", slug);
	return 0;
}

static const char sql_update_dated[] =
	"INSERT INTO commitment_update(commitment_id, at, status, text) "
	"SELECT id, ?2, ?3, ?4 FROM commitment WHERE slug = ?1";

int store_commitment_update_dated(struct store *s, const char *slug, const char *at, const char *status,
                                  const char *text, struct kerr *e)
{
	return store_change(s, sql_update_dated, (const char *const[]){slug, at, status, text},
	                    4, "adding to a commitment's timeline", "commitment", slug, e);
}

static const char sql_commitment_status[] =
	"UPDATE commitment SET status = ?2, updated = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE slug = ?1";

int store_commitment_set_status(struct store *s, const char *slug, const char *status, struct kerr *e)
{
	int rc = store_run(s, sql_commitment_status, (const char *const[]){slug, status}, 2, e);
	if (rc < 0)
		return -1;
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "changing a commitment's status");
	return 0;
}

static const char sql_heard_delete[] =
	"DELETE FROM heard WHERE id = (SELECT x.id FROM heard x JOIN action a ON a.id = x.action_id "
	"WHERE printf('%s-%03d', a.slug, x.position) = ?1)";

int store_heard_delete(struct store *s, const char *id, struct kerr *e)
{
	return store_change(s, sql_heard_delete, (const char *const[]){id}, 1, "deleting a heard note", "heard note", id, e);
}

static const char sql_assessment_add[] =
	"INSERT INTO assessment(action_id, at, rating, text, next_steps, source, by_user) "
	"SELECT a.id, ?2, ?3, ?4, ?5, ?6, ?7 FROM action a WHERE a.slug = ?1 "
	"RETURNING printf('%s-%06d', ?1, id)";

int store_assessment_add(struct store *s, const char *action, const char *at, const char *rating, const char *text,
                         const char *next_steps, const char *source, const char *by_user, char id_out[128],
                         struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_assessment_add, e);
	if (!st)
		return -1;
	const char *v[] = {action, at, rating, text, next_steps, source, by_user};
	for (int i = 0; i < 7; i++)
		store_bind_text(st, i + 1, v[i]);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(id_out, 128, "%s", (const char *)sqlite3_column_text(st, 0));
	int done = rc == SQLITE_ROW ? sqlite3_step(st) : rc;
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return kerr_set(e, KERR_NOTFOUND, "no action called '%s'", action);
	if (done != SQLITE_DONE)
		return store_fail(s, e, "adding an assessment");
	return 0;
}

/* ---- an action carried on by a later one ---- */

static const char sql_action_carried_by_set[] =
	"UPDATE action SET carried_by = (SELECT id FROM action WHERE slug = ?2) WHERE slug = ?1";

int store_action_carried_by_set(struct store *s, const char *slug, const char *later, struct kerr *e)
{
	return store_change(s, sql_action_carried_by_set, (const char *const[]){slug, later}, 2,
	                    "changing which action carries an action on", "action", slug, e);
}
