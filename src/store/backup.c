/* Backups: a consistent copy of a live database, its checks, and a restore, all through
 * SQLite's online backup API so that servers running on the file keep working. */
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Copies every page of src's main database into dst's, retrying while another
 * connection holds a lock (up to about 30 s). */
static int copy_pages(sqlite3 *dst, sqlite3 *src, const char *what, struct kerr *e)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b)
		return kerr_set(e, KERR_FAIL, "%s: %s", what, sqlite3_errmsg(dst));
	int rc;
	for (int tries = 0;; tries++) {
		rc = sqlite3_backup_step(b, -1);
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || tries >= 3000)
			break;
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return kerr_set(e, KERR_FAIL, "%s: %s", what, sqlite3_errstr(rc));
	return 0;
}

int store_backup_to(struct store *s, const char *dest, struct kerr *e)
{
	if (access(dest, F_OK) == 0)
		return kerr_set(e, KERR_CONFLICT, "%s is there already: choose another name", dest);
	sqlite3 *dst = NULL;
	if (sqlite3_open_v2(dest, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE, NULL) !=
	    SQLITE_OK) {
		kerr_set(e, KERR_FAIL, "%s: could not make the backup: %s", dest, dst ? sqlite3_errmsg(dst) : "no memory");
		sqlite3_close(dst);
		return -1;
	}
	/* One read transaction of the source: the copy is the database as it was when the
	 * step began, whatever is written meanwhile. Then one file, without a WAL. */
	int rc = copy_pages(dst, s->db, dest, e);
	if (rc == 0 && sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
		rc = kerr_set(e, KERR_FAIL, "%s: %s", dest, sqlite3_errmsg(dst));
	sqlite3_close(dst);
	if (rc < 0)
		unlink(dest);
	return rc;
}

/* One integer from a one-row query. */
static int one_int(sqlite3 *db, const char *sql, long long *out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

int store_backup_check(const char *file, int *version, bool *has_records, struct kerr *e)
{
	char uri[4200];
	/* immutable: the file is only read, and no -wal or -shm is made beside it. */
	snprintf(uri, sizeof uri, "file:%s?immutable=1", file);
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
	long long app = 0, ver = 0, n = 0;
	if (rc == SQLITE_OK)
		rc = one_int(db, "PRAGMA application_id", &app);
	if (rc != SQLITE_OK) {
		kerr_set(e, KERR_INVALID, "%s is not a database: %s", file, sqlite3_errstr(rc));
		sqlite3_close(db);
		return -1;
	}
	if (app != STORE_APPLICATION_ID) {
		sqlite3_close(db);
		return kerr_set(e, KERR_INVALID, "%s is not a keep database (it is some other SQLite database)", file);
	}
	one_int(db, "PRAGMA user_version", &ver);
	if (ver < 1 || ver > store_schema_version()) {
		sqlite3_close(db);
		return kerr_set(e, KERR_INVALID,
		                "%s has schema version %lld, and this keep knows versions 1 to %d: use the keep that made it",
		                file, ver, store_schema_version());
	}
	sqlite3_stmt *st = NULL;
	char first[200] = "";
	int rows = 0, step = SQLITE_ERROR;
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check(5)", -1, &st, NULL) == SQLITE_OK)
		while ((step = sqlite3_step(st)) == SQLITE_ROW)
			if (rows++ == 0)
				snprintf(first, sizeof first, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (step != SQLITE_DONE || rows != 1 || strcmp(first, "ok") != 0) {
		sqlite3_close(db);
		return kerr_set(e, KERR_INVALID, "%s is damaged: SQLite's integrity check says %s", file,
		                first[0] ? first : sqlite3_errstr(step));
	}
	*has_records = ver >= 6 && one_int(db, "SELECT count(*) FROM records_import", &n) == SQLITE_OK && n > 0;
	*version = (int)ver;
	sqlite3_close(db);
	return 0;
}

int store_restore_from(const char *file, const char *dbpath, struct kerr *e)
{
	char uri[4200];
	snprintf(uri, sizeof uri, "file:%s?immutable=1", file);
	sqlite3 *src = NULL, *dst = NULL;
	if (sqlite3_open_v2(uri, &src, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK ||
	    sqlite3_open_v2(dbpath, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		kerr_set(e, KERR_FAIL, "%s: could not open it to restore into: %s", dbpath,
		         dst ? sqlite3_errmsg(dst) : "could not open the backup");
		sqlite3_close(src);
		sqlite3_close(dst);
		return -1;
	}
	sqlite3_busy_timeout(dst, 30000);
	int rc = copy_pages(dst, src, dbpath, e);
	/* The live database keeps its write-ahead log, as store_open makes it. */
	if (rc == 0 && sqlite3_exec(dst, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK)
		rc = kerr_set(e, KERR_FAIL, "%s: %s", dbpath, sqlite3_errmsg(dst));
	sqlite3_close(src);
	sqlite3_close(dst);
	return rc;
}
