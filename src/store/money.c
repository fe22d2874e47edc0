/* The Money's spend lines: their writes and their filtered list (store.h). */
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

static const char sql_spend_put[] =
	"INSERT INTO spend_line (slug, area, year, organisation_id, heading, level, kind, pooled, share, amount, "
	"source, source_date, made_up) VALUES (?1, ?2, ?3, (SELECT id FROM organisation WHERE slug = ?4), ?5, ?6, ?7, "
	"?8, ?9, ?10, ?11, ?12, ?13) "
	"ON CONFLICT (slug) DO UPDATE SET area = excluded.area, year = excluded.year, "
	"organisation_id = excluded.organisation_id, heading = excluded.heading, level = excluded.level, "
	"kind = excluded.kind, pooled = excluded.pooled, share = excluded.share, amount = excluded.amount, "
	"source = excluded.source, source_date = excluded.source_date, made_up = excluded.made_up, "
	"changed = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";
static const char sql_spend_partners_clear[] =
	"DELETE FROM spend_partner WHERE line_id = (SELECT id FROM spend_line WHERE slug = ?1)";
static const char sql_spend_partner_add[] =
	"INSERT INTO spend_partner (line_id, position, organisation_id, name, share) VALUES ("
	"(SELECT id FROM spend_line WHERE slug = ?1), ?2, (SELECT id FROM organisation WHERE slug = ?3), "
	"CASE WHEN EXISTS (SELECT 1 FROM organisation WHERE slug = ?3) THEN NULL ELSE ?3 END, ?4)";
static const char sql_spend_delete[] = "DELETE FROM spend_line WHERE slug = ?1";

int store_spend_put(struct store *s, const struct store_spend *l, struct kerr *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_spend_put, e);
	if (!st)
		return -1;
	store_bind_text(st, 1, l->slug);
	store_bind_text(st, 2, l->area);
	sqlite3_bind_int(st, 3, l->year);
	store_bind_text(st, 4, l->organisation);
	store_bind_text(st, 5, l->heading);
	store_bind_text(st, 6, l->level);
	store_bind_text(st, 7, l->kind);
	sqlite3_bind_int(st, 8, l->pooled);
	if (l->pooled)
		sqlite3_bind_int(st, 9, l->share);
	sqlite3_bind_int64(st, 10, l->amount);
	store_bind_text(st, 11, l->source);
	store_bind_text(st, 12, l->source_date && *l->source_date ? l->source_date : NULL);
	sqlite3_bind_int(st, 13, l->made_up);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "saving a spend line");
	rc = store_run(s, sql_spend_partners_clear, (const char *const[]){l->slug}, 1, e);
	if (rc < 0)
		return -1;
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "saving a spend line's partners");
	for (size_t i = 0; i < l->npartners && i < STORE_SPEND_MAX_PARTNERS; i++) {
		if (!(st = store_stmt(s, sql_spend_partner_add, e)))
			return -1;
		store_bind_text(st, 1, l->slug);
		sqlite3_bind_int(st, 2, (int)i + 1);
		store_bind_text(st, 3, l->partner[i]);
		sqlite3_bind_int(st, 4, l->partner_share[i]);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return store_fail(s, e, "saving a spend line's partners");
	}
	return 0;
}

int store_spend_delete(struct store *s, const char *slug, struct kerr *e)
{
	return store_change(s, sql_spend_delete, (const char *const[]){slug}, 1, "deleting a spend line", "spend line",
	                    slug, e);
}

static const char sql_spend_list[] =
	"SELECT * FROM (" STORE_SPEND_ITEM ") WHERE (?1 IS NULL OR id > ?1) AND (?2 IS NULL OR area = ?2) AND "
	"(?3 IS NULL OR year = ?3) AND (?4 IS NULL OR organisation = ?4) ORDER BY id LIMIT ?5";
static const char sql_spend_one[] = "SELECT * FROM (" STORE_SPEND_ITEM ") WHERE id = ?1";

json_t *store_spend_list(struct store *s, const char *area, int year, const char *organisation, const char *after,
                         int limit, struct kerr *e)
{
	if (after) {
		sqlite3_stmt *one = store_stmt(s, sql_spend_one, e);
		if (!one)
			return NULL;
		store_bind_text(one, 1, after);
		json_t *row = store_row_one(s, one, "spend line", after, e);
		if (!row)
			return NULL;
		json_decref(row);
	}
	sqlite3_stmt *st = store_stmt(s, sql_spend_list, e);
	if (!st)
		return NULL;
	store_bind_text(st, 1, after);
	store_bind_text(st, 2, area);
	if (year >= 0)
		sqlite3_bind_int(st, 3, year);
	store_bind_text(st, 4, organisation);
	sqlite3_bind_int(st, 5, limit + 1);
	json_t *items = store_rows(s, st, e);
	if (!items)
		return NULL;
	json_t *next = json_null();
	if (json_array_size(items) > (size_t)limit) {
		json_array_remove(items, (size_t)limit);
		next = json_incref(json_object_get(json_array_get(items, (size_t)limit - 1), "id"));
	}
	return json_pack("{s:o, s:o}", "items", items, "next", next);
}
