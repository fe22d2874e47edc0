/* Accounts and sessions. */
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

static const char sql_user_get[] =
	"SELECT u.email, u.role, o.slug AS organisation, u.disabled, u.created "
	"FROM user u LEFT JOIN organisation o ON o.id = u.organisation_id WHERE u.email = ?";
static const char sql_users[] =
	"SELECT u.email, u.role, o.slug AS organisation, u.disabled, u.created "
	"FROM user u LEFT JOIN organisation o ON o.id = u.organisation_id ORDER BY u.email COLLATE NOCASE";

/* disabled is stored 0/1: make it a JSON boolean. */
static void fix_disabled(json_t *u)
{
	json_t *d = json_object_get(u, "disabled");
	if (d)
		json_object_set_new(u, "disabled", json_boolean(json_integer_value(d) != 0));
}

json_t *store_user_get(struct store *s, const char *email, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_user_get, e);
	if (!st)
		return NULL;
	store_bind_text(st, 1, email);
	json_t *u = store_row_one(s, st, "account", email, e);
	if (u)
		fix_disabled(u);
	else if (e && e->code == KERR_NOTFOUND)
		kerr_set(e, KERR_NOTFOUND, "there is no account for '%s'", email);
	return u;
}

json_t *store_users(struct store *s, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_users, e);
	json_t *rows = st ? store_rows(s, st, e) : NULL;
	size_t i;
	json_t *u;
	json_array_foreach(rows, i, u) fix_disabled(u);
	return rows;
}

static const char sql_org_id[] = "SELECT id FROM organisation WHERE slug = ?";
static const char sql_user_insert[] =
	"INSERT INTO user(email, role, organisation_id, pw_hash) VALUES (?, ?, ?, ?)";

int store_user_insert(struct store *s, const char *email, const char *role, const char *organisation,
                      const char *pw_hash, struct kerr *e)
{
	sqlite3_int64 org = 0;
	if (organisation) {
		sqlite3_stmt *st = store_stmt(s, sql_org_id, e);
		if (!st)
			return -1;
		store_bind_text(st, 1, organisation);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			org = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (rc != SQLITE_ROW)
			return kerr_set(e, KERR_NOTFOUND, "there is no organisation called '%s'", organisation);
	}
	sqlite3_stmt *st = store_stmt(s, sql_user_insert, e);
	if (!st)
		return -1;
	store_bind_text(st, 1, email);
	store_bind_text(st, 2, role);
	if (org)
		sqlite3_bind_int64(st, 3, org);
	else
		sqlite3_bind_null(st, 3);
	store_bind_text(st, 4, pw_hash);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		return kerr_set(e, KERR_CONFLICT, "there is already an account for '%s'", email);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "adding an account");
	return 0;
}

/* Runs an UPDATE/DELETE bound with (value, email) and reports a missing account. */
static int update_one(struct store *s, const char *sql, const char *value, sqlite3_int64 ivalue, const char *email,
                      int must_change, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return -1;
	if (value)
		store_bind_text(st, 1, value);
	else
		sqlite3_bind_int64(st, 1, ivalue);
	store_bind_text(st, 2, email);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "changing an account");
	if (must_change && sqlite3_changes(s->db) == 0)
		return kerr_set(e, KERR_NOTFOUND, "there is no account for '%s'", email);
	return 0;
}

static const char sql_set_hash[] = "UPDATE user SET pw_hash = ? WHERE email = ?";
static const char sql_set_disabled[] = "UPDATE user SET disabled = ? WHERE email = ?";

int store_user_set_password_hash(struct store *s, const char *email, const char *pw_hash, struct kerr *e)
{
	return update_one(s, sql_set_hash, pw_hash, 0, email, 1, e);
}

int store_user_set_disabled(struct store *s, const char *email, bool disabled, struct kerr *e)
{
	return update_one(s, sql_set_disabled, NULL, disabled ? 1 : 0, email, 1, e);
}

static const char sql_hash[] = "SELECT pw_hash FROM user WHERE email = ? AND disabled = 0";

int store_user_password_hash(struct store *s, const char *email, char *out, size_t outlen, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_hash, e);
	if (!st)
		return -1;
	store_bind_text(st, 1, email);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(out, outlen, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return kerr_set(e, KERR_NOTFOUND, "there is no enabled account for '%s'", email);
	return store_fail(s, e, "reading an account");
}

static const char sql_sessions_end[] =
	"DELETE FROM session WHERE user_id = (SELECT id FROM user WHERE email = ?2) AND ?1 IS NOT NULL";

int store_sessions_end(struct store *s, const char *email, struct kerr *e)
{
	return update_one(s, sql_sessions_end, "end", 0, email, 0, e);
}

static const char sql_count[] = "SELECT count(*) FROM user WHERE role = ? AND disabled = 0";

int store_users_count(struct store *s, const char *role, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_count, e);
	if (!st)
		return -1;
	store_bind_text(st, 1, role);
	int n = -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	else
		store_fail(s, e, "counting accounts");
	sqlite3_reset(st);
	return n;
}

static const char sql_session_insert[] =
	"INSERT INTO session(token_hash, user_id, kind, expires) "
	"SELECT ?, id, ?, ? FROM user WHERE email = ? AND disabled = 0";

int store_session_insert(struct store *s, const char *token_hash, const char *email, const char *kind,
                         const char *expires, struct kerr *e)
{
	int rc = store_run(s, sql_session_insert, (const char *const[]){token_hash, kind, expires, email}, 4, e);
	if (rc < 0)
		return -1;
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "starting a session");
	if (sqlite3_changes(s->db) == 0)
		return kerr_set(e, KERR_NOTFOUND, "there is no enabled account for '%s'", email);
	return 0;
}

static const char sql_session_get[] =
	"SELECT u.email, u.role, o.slug AS organisation, x.expires FROM session x "
	"JOIN user u ON u.id = x.user_id LEFT JOIN organisation o ON o.id = u.organisation_id "
	"WHERE x.token_hash = ?1 AND x.expires > ?2 AND x.kind = ?3 AND u.disabled = 0";

json_t *store_session_get(struct store *s, const char *token_hash, const char *kind, const char *now,
                          struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_session_get, e);
	if (!st)
		return NULL;
	store_bind_text(st, 1, token_hash);
	store_bind_text(st, 2, now);
	store_bind_text(st, 3, kind);
	return store_row_one(s, st, "session", "(token)", e);
}

static const char sql_session_delete[] = "DELETE FROM session WHERE token_hash = ?";

int store_session_delete(struct store *s, const char *token_hash, struct kerr *e)
{
	int rc = store_run(s, sql_session_delete, (const char *const[]){token_hash}, 1, e);
	if (rc < 0)
		return -1;
	return rc == SQLITE_DONE ? 0 : store_fail(s, e, "ending a session");
}

static const char sql_sessions_expire[] = "DELETE FROM session WHERE expires <= ?";

int store_sessions_expire(struct store *s, const char *now, struct kerr *e)
{
	int rc = store_run(s, sql_sessions_expire, (const char *const[]){now}, 1, e);
	if (rc < 0)
		return -1;
	return rc == SQLITE_DONE ? 0 : store_fail(s, e, "removing expired sessions");
}

static const char sql_server_key[] = "SELECT key FROM server_key WHERE id = 1";

int store_server_key(struct store *s, unsigned char out[32], struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_server_key, e);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	int ok = rc == SQLITE_ROW && sqlite3_column_bytes(st, 0) == 32;
	if (ok)
		memcpy(out, sqlite3_column_blob(st, 0), 32);
	sqlite3_reset(st);
	if (ok)
		return 0;
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return kerr_set(e, KERR_FAIL, "%s: the server's key is missing", s->path);
	return store_fail(s, e, "reading the server's key");
}

/* ---- failed sign-ins ---- */

static const char sql_failure_get[] = "SELECT fails, last FROM login_failure WHERE key = ?1 AND last >= ?2";

int store_login_failures(struct store *s, const char *key, long long since, int *fails, long long *last,
                         struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_failure_get, e);
	if (!st)
		return -1;
	store_bind_text(st, 1, key);
	sqlite3_bind_int64(st, 2, since);
	int rc = sqlite3_step(st);
	*fails = 0;
	*last = 0;
	if (rc == SQLITE_ROW) {
		*fails = sqlite3_column_int(st, 0);
		*last = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, e, "reading failed sign-ins");
	return 0;
}

/* A failure older than since starts the count again. */
static const char sql_failure_add[] =
	"INSERT INTO login_failure(key, fails, last) VALUES (?1, 1, ?2) "
	"ON CONFLICT(key) DO UPDATE SET fails = CASE WHEN last < ?3 THEN 1 ELSE fails + 1 END, last = ?2";

int store_login_failure_add(struct store *s, const char *key, long long now, long long since, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_failure_add, e);
	if (!st)
		return -1;
	store_bind_text(st, 1, key);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, since);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_fail(s, e, "counting a failed sign-in");
}

static const char sql_failure_clear[] = "DELETE FROM login_failure WHERE key = ?";

int store_login_failure_clear(struct store *s, const char *key, struct kerr *e)
{
	int rc = store_run(s, sql_failure_clear, (const char *const[]){key}, 1, e);
	if (rc < 0)
		return -1;
	return rc == SQLITE_DONE ? 0 : store_fail(s, e, "clearing failed sign-ins");
}

static const char sql_failure_forgive_last[] = "DELETE FROM login_failure WHERE key = ? AND fails <= 1";
static const char sql_failure_forgive[] = "UPDATE login_failure SET fails = fails - 1 WHERE key = ? AND fails > 1";

int store_login_failure_forgive(struct store *s, const char *key, struct kerr *e)
{
	int rc = store_run(s, sql_failure_forgive_last, (const char *const[]){key}, 1, e);
	if (rc == SQLITE_DONE)
		rc = store_run(s, sql_failure_forgive, (const char *const[]){key}, 1, e);
	if (rc < 0)
		return -1;
	return rc == SQLITE_DONE ? 0 : store_fail(s, e, "forgiving a failed sign-in");
}

static const char sql_failure_prune[] = "DELETE FROM login_failure WHERE last < ?";

int store_login_failures_prune(struct store *s, long long before, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_failure_prune, e);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, before);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_fail(s, e, "removing old failed sign-ins");
}
