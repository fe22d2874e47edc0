/* Opening, checking and closing a keep database; transactions; the statement cache
 * and the row-to-JSON mapping every read uses. */
#include "store/store_int.h"

#include "base/json.h"
#include "base/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <libgen.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int store_fail(struct store *s, struct kerr *e, const char *doing)
{
	return kerr_set(e, KERR_FAIL, "%s: %s: %s", s->path, doing, sqlite3_errmsg(s->db));
}

int store_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	return v ? sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

int store_run(struct store *s, const char *sql, const char *const *v, int n, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql, e);
	if (!st)
		return -1;
	for (int i = 0; i < n; i++)
		store_bind_text(st, i + 1, v[i]);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc;
}

int store_change(struct store *s, const char *sql, const char *const *v, int n, const char *doing, const char *what,
                 const char *key, struct kerr *e)
{
	int rc = store_run(s, sql, v, n, e);
	if (rc < 0)
		return -1;
	if (rc != SQLITE_DONE)
		return store_fail(s, e, doing);
	if (sqlite3_changes(s->db) == 0)
		return kerr_set(e, KERR_NOTFOUND, "no %s called '%s'", what, key);
	return 0;
}

sqlite3_stmt *store_stmt(struct store *s, const char *sql, struct kerr *e)
{
	for (int i = 0; i < s->ncache; i++)
		if (s->cache[i].sql == sql) {
			sqlite3_reset(s->cache[i].st);
			sqlite3_clear_bindings(s->cache[i].st);
			return s->cache[i].st;
		}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		store_fail(s, e, "preparing a query");
		return NULL;
	}
	/* Every statement keep has is a string literal, so the cache holds them all; it
	 * grows as new ones are first used rather than having a size to outgrow. */
	if (s->ncache == s->capcache) {
		s->capcache = s->capcache ? s->capcache * 2 : 64;
		s->cache = xrealloc(s->cache, (size_t)s->capcache * sizeof *s->cache);
	}
	s->cache[s->ncache].sql = sql;
	s->cache[s->ncache].st = st;
	s->ncache++;
	return st;
}

static json_t *column_value(sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_INTEGER: return json_integer(sqlite3_column_int64(st, i));
	case SQLITE_FLOAT: return json_real(sqlite3_column_double(st, i));
	case SQLITE_NULL: return json_null();
	default: {
		const char *t = (const char *)sqlite3_column_text(st, i);
		return json_text(t ? t : "", (size_t)sqlite3_column_bytes(st, i));
	}
	}
}

json_t *store_row_object(sqlite3_stmt *st)
{
	json_t *row = json_object();
	int n = sqlite3_column_count(st);
	for (int i = 0; i < n; i++) {
		const char *name = sqlite3_column_name(st, i);
		size_t len = strlen(name);
		if (name[0] == '_')
			continue;
		if (len > 2 && strcmp(name + len - 2, "[]") == 0) {
			char key[64];
			snprintf(key, sizeof key, "%.*s", (int)(len - 2), name);
			json_t *v = NULL;
			if (sqlite3_column_type(st, i) == SQLITE_TEXT)
				v = json_loads((const char *)sqlite3_column_text(st, i), JSON_DECODE_ANY, NULL);
			json_object_set_new(row, key, v ? v : json_null());
			continue;
		}
		const char *dot = strchr(name, '.');
		if (!dot) {
			json_object_set_new(row, name, column_value(st, i));
			continue;
		}
		char outer[64];
		snprintf(outer, sizeof outer, "%.*s", (int)(dot - name), name);
		json_t *obj = json_object_get(row, outer);
		if (!json_is_object(obj)) {
			obj = json_object();
			json_object_set_new(row, outer, obj);
		}
		json_object_set_new(obj, dot + 1, column_value(st, i));
	}
	/* A nested object whose every field is null stands for a missing reference. */
	const char *key;
	json_t *v;
	void *tmp;
	json_object_foreach_safe(row, tmp, key, v)
	{
		if (!json_is_object(v) || json_object_size(v) == 0)
			continue;
		const char *k2;
		json_t *v2;
		int all_null = 1;
		json_object_foreach(v, k2, v2) if (!json_is_null(v2)) all_null = 0;
		if (all_null)
			json_object_set_new(row, key, json_null());
	}
	return row;
}

json_t *store_rows(struct store *s, sqlite3_stmt *st, struct kerr *e)
{
	json_t *rows = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(rows, store_row_object(st));
	if (rc != SQLITE_DONE) {
		store_fail(s, e, "reading");
		json_decref(rows);
		rows = NULL;
	}
	sqlite3_reset(st);
	return rows;
}

json_t *store_row_one(struct store *s, sqlite3_stmt *st, const char *what, const char *key, struct kerr *e)
{
	json_t *row = NULL;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		row = store_row_object(st);
	else if (rc == SQLITE_DONE)
		kerr_set(e, KERR_NOTFOUND, "no %s called '%s'", what, key);
	else
		store_fail(s, e, "reading");
	sqlite3_reset(st);
	return row;
}

/* Reads one integer pragma. */
static int pragma_int(struct store *s, const char *sql, int *out, struct kerr *e)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* Checks the file (opened read-only) before SQLite touches it for writing, so nothing
 * that is not a keep database, or is a newer one, is ever changed. The file is read only
 * through SQLite: opening and closing it any other way would drop this process's POSIX
 * locks on it, which SQLite's other connections (the server's other threads) rely on. */
static int check_existing(struct store *s, off_t size, struct kerr *e)
{
	int appid = 0, version = 0;
	if (size == 0 || pragma_int(s, "PRAGMA application_id", &appid, e) < 0 ||
	    pragma_int(s, "PRAGMA user_version", &version, e) < 0) {
		int rc = sqlite3_errcode(s->db);
		if (size == 0 || rc == SQLITE_NOTADB)
			return kerr_set(e, KERR_INVALID, "%s is not a keep database (it is not an SQLite file)", s->path);
		return kerr_set(e, KERR_INVALID, "%s is not a keep database (it cannot be read: %s)", s->path,
		                sqlite3_errmsg(s->db));
	}
	if (appid != STORE_APPLICATION_ID)
		return kerr_set(e, KERR_INVALID,
		                "%s is not a keep database (it is an SQLite file made by another program)", s->path);
	if (version > store_schema_version())
		return kerr_set(e, KERR_CONFLICT,
		                "%s comes from a newer version of keep (schema %d; this keep %s knows up to %d): "
		                "upgrade keep to use it",
		                s->path, version, KEEP_VERSION, store_schema_version());
	return version;
}

static int exec(struct store *s, const char *sql, struct kerr *e)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(s, e, sql);
	return 0;
}

/* keep_drafts(): see STORE_PLAN_SHOWN (store_int.h). */
static void keep_drafts(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	const struct store *s = sqlite3_user_data(ctx);
	sqlite3_result_int(ctx, s->drafts || s->depth > 0);
}

/* keep_reader_drafts(): see store_int.h. */
static void keep_reader_drafts(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	const struct store *s = sqlite3_user_data(ctx);
	sqlite3_result_int(ctx, s->drafts);
}

struct store *store_open(const char *path, enum store_mode mode, struct kerr *e)
{
	struct stat sb;
	int exists = stat(path, &sb) == 0;
	if (mode == STORE_CREATE && exists) {
		kerr_set(e, KERR_CONFLICT, "%s already exists: keep init makes a new database and will not overwrite one",
		         path);
		return NULL;
	}
	if (mode != STORE_CREATE && !exists) {
		kerr_set(e, KERR_NOTFOUND, "%s does not exist: create it with 'keep init --db %s'", path, path);
		return NULL;
	}
	struct store *s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	/* Open read-only first to check what the file is; only a keep database is then
	 * reopened for writing. */
	int flags = mode == STORE_CREATE ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
	flags |= SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
	if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
		kerr_set(e, KERR_FAIL, "%s: cannot open: %s", path, s->db ? sqlite3_errmsg(s->db) : "out of memory");
		store_close(s);
		return NULL;
	}
	int version = 0;
	if (mode != STORE_CREATE) {
		version = check_existing(s, sb.st_size, e);
		if (version < 0) {
			store_close(s);
			return NULL;
		}
		if (mode == STORE_READONLY && version < store_schema_version()) {
			kerr_set(e, KERR_CONFLICT,
			         "%s has schema %d, older than this keep's %d: open it once with 'keep serve' "
			         "to upgrade it",
			         path, version, store_schema_version());
			store_close(s);
			return NULL;
		}
		if (mode == STORE_READWRITE) {
			sqlite3_close(s->db);
			s->db = NULL;
			if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
				kerr_set(e, KERR_FAIL, "%s: cannot open for writing: %s", path, sqlite3_errmsg(s->db));
				store_close(s);
				return NULL;
			}
		}
	}
	sqlite3_busy_timeout(s->db, 5000);
	sqlite3_extended_result_codes(s->db, 1);
	if (sqlite3_create_function(s->db, "keep_drafts", 0, SQLITE_UTF8 | SQLITE_DIRECTONLY, s, keep_drafts, NULL,
	                            NULL) != SQLITE_OK ||
	    sqlite3_create_function(s->db, "keep_reader_drafts", 0, SQLITE_UTF8 | SQLITE_DIRECTONLY, s,
	                            keep_reader_drafts, NULL, NULL) != SQLITE_OK) {
		store_fail(s, e, "opening the database");
		goto fail;
	}
	if (exec(s, "PRAGMA foreign_keys = ON", e) < 0)
		goto fail;
	if (mode != STORE_READONLY) {
		if (exec(s, "PRAGMA journal_mode = WAL", e) < 0 || exec(s, "PRAGMA synchronous = NORMAL", e) < 0)
			goto fail;
	}
	if (mode == STORE_CREATE || version < store_schema_version()) {
		if (store_begin(s, e) < 0)
			goto fail;
		if ((mode == STORE_CREATE && exec(s, "PRAGMA application_id = 1801807216", e) < 0) ||
		    store_schema_apply(s, version, e) < 0 || store_commit(s, e) < 0) {
			store_rollback(s);
			goto fail;
		}
	}
	return s;
fail:
	store_close(s);
	if (mode == STORE_CREATE)
		unlink(path);
	return NULL;
}

int store_check_writable(const char *path, struct kerr *e)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		return 0;
	char *copy = xstrdup(path);
	const char *dir = dirname(copy);
	int rc = 0;
	if (access(dir, W_OK) != 0) {
		rc = kerr_set(e, KERR_FAIL,
		              "the folder %s, which holds %s, cannot be written by this user (%s): keep writes its "
		              "journal there (%s-wal and %s-shm) to change the database, and to read it. Make the "
		              "folder writable for the user that runs keep",
		              dir, path, strerror(errno), path, path);
	} else if (access(path, W_OK) != 0) {
		rc = kerr_set(e, KERR_FAIL,
		              "%s cannot be written by this user (%s): signing in and every change write to it. "
		              "Make it writable for the user that runs keep (for example chmod u+w %s), or run keep "
		              "as its owner",
		              path, strerror(errno), path);
	}
	free(copy);
	return rc;
}

int store_check_open_writable(struct store *s, struct kerr *e)
{
	if (sqlite3_db_readonly(s->db, "main") == 1)
		return kerr_set(e, KERR_FAIL,
		                "%s can only be read, not written: signing in and every change write to it. Make it "
		                "and the folder that holds it writable for the user that runs keep",
		                s->path);
	return 0;
}

static const char sql_data_version[] = "PRAGMA data_version";

void store_drafts_set(struct store *s, bool visible)
{
	s->drafts = visible;
}

uint64_t store_version(struct store *s)
{
	sqlite3_stmt *st = store_stmt(s, sql_data_version, NULL);
	uint64_t v = 0;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		v = (uint64_t)sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return v + (s->commits << 32);
}

void store_close(struct store *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->ncache; i++)
		sqlite3_finalize(s->cache[i].st);
	free(s->cache);
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

int store_begin(struct store *s, struct kerr *e)
{
	if (s->depth++ > 0)
		return 0;
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		s->depth--;
		return store_fail(s, e, "starting a transaction");
	}
	return 0;
}

int store_end(struct store *s, bool ok, struct kerr *e)
{
	if (!ok) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, e);
}

int store_commit(struct store *s, struct kerr *e)
{
	if (s->depth == 0 || --s->depth > 0)
		return 0;
	if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		store_fail(s, e, "committing");
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	s->commits++;
	return 0;
}

void store_rollback(struct store *s)
{
	if (s->depth == 0)
		return;
	s->depth = 0;
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

void store_release(struct store *s)
{
	if (s->depth == 0)
		return;
	if (--s->depth == 0)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}
