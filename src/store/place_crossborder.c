/* SQL for the register of cross-border placements into Scottish services (store.h;
 * docs/places.md "Where children live now"). */
#include "store/store_int.h"

#include "base/date.h"
#include "base/mem.h"
#include "place/place.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char sql_count[] = "SELECT count(*) FROM place_crossborder";
static const char sql_clear[] = "DELETE FROM place_crossborder";
static const char sql_insert[] =
    "INSERT INTO place_crossborder(regno, placing_authority, date_in, date_out) VALUES (?1, ?2, ?3, ?4)";
static const char sql_all[] = "SELECT regno, placing_authority, date_in, date_out FROM place_crossborder ORDER BY id";

static long long count_rows(struct store *s, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_count, e);
	if (!st)
		return -1;
	long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	if (n < 0)
		store_fail(s, e, "counting cross-border placements");
	return n;
}

static void iso(int32_t day, char out[11]) { date_format(date_from_days(day), out); }

static int replace_rows(struct store *s, const char *actor, const struct place_crossborder *rows, size_t n,
                        struct kerr *e)
{
	long long before = count_rows(s, e);
	if (before < 0)
		return -1;
	sqlite3_stmt *st = store_stmt(s, sql_clear, e);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "emptying the register of cross-border placements");
	if (!(st = store_stmt(s, sql_insert, e)))
		return -1;
	for (size_t i = 0; i < n; i++) {
		char in[11], out[11];
		iso(rows[i].date_in, in);
		store_bind_text(st, 1, rows[i].regno);
		store_bind_text(st, 2, rows[i].authority);
		store_bind_text(st, 3, in);
		if (rows[i].date_out == RECORDS_OPEN) {
			sqlite3_bind_null(st, 4);
		} else {
			iso(rows[i].date_out, out);
			store_bind_text(st, 4, out);
		}
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		if (rc != SQLITE_DONE)
			return store_fail(s, e, "adding a cross-border placement");
	}
	json_t *was = json_pack("{sI}", "rows", before), *now = json_pack("{sI}", "rows", (json_int_t)n);
	rc = store_audit_add(s, actor, "crossborder", "register", "update", was, now, e); /* not taken */
	json_decref(was);
	json_decref(now);
	return rc;
}

int store_crossborder_replace(struct store *s, const char *actor, const struct place_crossborder *rows, size_t n,
                              struct kerr *e)
{
	if (store_begin(s, e) < 0)
		return -1;
	return store_end(s, replace_rows(s, actor, rows, n, e) == 0, e);
}

int store_crossborder_all(struct store *s, struct place_crossborder **out, size_t *n, struct kerr *e)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = store_stmt(s, sql_all, e);
	if (!st)
		return -1;
	struct place_crossborder *rows = NULL;
	size_t nrows = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (nrows == cap) {
			cap = cap ? cap * 2 : 64;
			rows = xrealloc(rows, cap * sizeof *rows);
		}
		struct place_crossborder *r = &rows[nrows++];
		memset(r, 0, sizeof *r);
		const char *regno = (const char *)sqlite3_column_text(st, 0);
		const char *auth = (const char *)sqlite3_column_text(st, 1);
		const char *in = (const char *)sqlite3_column_text(st, 2);
		const char *outd = (const char *)sqlite3_column_text(st, 3);
		struct kdate d;
		struct kerr ignored = {0};
		snprintf(r->regno, sizeof r->regno, "%s", regno ? regno : "");
		snprintf(r->authority, sizeof r->authority, "%s", auth ? auth : "");
		r->date_in = in && date_parse(in, &d, &ignored) == 0 ? (int32_t)date_days(d) : RECORDS_OPEN;
		r->date_out = outd && date_parse(outd, &d, &ignored) == 0 ? (int32_t)date_days(d) : RECORDS_OPEN;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(rows);
		return store_fail(s, e, "reading cross-border placements");
	}
	*out = rows;
	*n = nrows;
	return 0;
}
